"""A whole class on one machine: JupyterHub for the course.

JupyterHub (the multi-user Jupyter server schools and universities run) does the work; this module
only configures it for the course:

* **Accounts:** a roster of students and one teacher, each with their own password, made by
  :func:`make_roster` and kept in the class folder (``roster.csv`` for the teacher to hand out, readable
  by the teacher only; ``accounts.json`` holds only salted hashes). Adding students later never changes
  an existing password.
* **Workspaces:** each student's JupyterLab starts in ``<class folder>/students/<name>/``, which holds
  their own copy of the student edition, synced before every start with :func:`helpers.editions.sync`
  (new notebooks are added, notebooks the student changed are kept - never overwritten).
* **The teacher's view:** a JupyterHub service, ``class-summary``, that only the teacher may open: the
  class's confidence at the start (notebook 00's saves) and, once students export verdicts, notebook
  06's class summary. Students cannot open it, and the hub keeps every student out of the others'
  servers.

For a trial class on this machine: ``make classroom`` (or ``python -m helpers.hub start``). Every
student's server runs as the same operating-system user here, so the separation between students is
the hub's (each can reach only their own server), not the operating system's; a school's deployment
gives each student a system account or a container (see the README's teacher section).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import hmac
import html
import json
import os
import re
import secrets
import sys
from pathlib import Path

from .checks import check_int, check_number, check_path, check_text
from .server import LAB_OPTIONS

NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
TEACHER = "teacher"
SERVICE = "class-summary"
DEFAULT_EDITION = "class"
_ITERATIONS = 200_000


# ---- the roster -----------------------------------------------------------------------------------
def check_name(param: str, name) -> str:
    check_text("param", param, limit=100)
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ValueError(f"{param} must be a user name of 1-32 lower-case letters, digits, '-' or '_', "
                         f"starting with a letter; got {name!r}")
    return name


def student_names(students) -> list[str]:
    """``students``: a number (student01, student02, ...) or a list of user names."""
    if isinstance(students, int) and not isinstance(students, bool):
        n = check_int("students", students, 1, 500)
        return [f"student{i:02d}" for i in range(1, n + 1)]
    if isinstance(students, (list, tuple)) and students:
        names = [check_name("students", s) for s in students]
        if len(set(names)) != len(names) or TEACHER in names:
            raise ValueError(f"students must be distinct names other than {TEACHER!r}; got {names!r}")
        return names
    raise ValueError(f"students must be a number from 1 to 500 or a list of user names; got {students!r}")


def _hash(password: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), _ITERATIONS).hex()


def make_roster(folder, students=3) -> dict[str, str]:
    """Create or extend the class roster in ``folder``; returns the names and passwords of new accounts.

    Existing accounts keep their passwords. ``roster.csv`` (name, password, role) is for the teacher
    to hand out and is readable by its owner only; ``accounts.json`` keeps salted hashes.
    """
    check_path("folder", folder), student_names(students)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    accounts_path, roster_path = folder / "accounts.json", folder / "roster.csv"
    accounts = json.loads(accounts_path.read_text()) if accounts_path.exists() else {}
    roster = list(csv.DictReader(roster_path.read_text().splitlines())) if roster_path.exists() else []
    new = {}
    for name in [TEACHER, *student_names(students)]:
        if name in accounts:
            continue
        password = secrets.token_urlsafe(9 if name != TEACHER else 18)
        salt = secrets.token_hex(16)
        accounts[name] = {"salt": salt, "hash": _hash(password, salt)}
        roster.append({"name": name, "password": password, "role": "teacher" if name == TEACHER else "student"})
        new[name] = password
    _write_private(accounts_path, json.dumps(accounts, indent=1, sort_keys=True))
    lines = ["name,password,role"] + [f"{r['name']},{r['password']},{r['role']}" for r in roster]
    _write_private(roster_path, "\n".join(lines) + "\n")
    return new


def _write_private(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def check_password(folder, name: str, password: str) -> bool:
    """True when ``password`` is ``name``'s password in the roster of ``folder``."""
    check_path("folder", folder, folder=True), check_text("name", name, limit=100)
    accounts_path = Path(folder) / "accounts.json"
    accounts = json.loads(accounts_path.read_text()) if accounts_path.exists() else {}
    account = accounts.get(name)
    if account is None or not isinstance(password, str):
        return False
    return hmac.compare_digest(_hash(password, account["salt"]), account["hash"])


def students_in(folder) -> list[str]:
    check_path("folder", folder, folder=True)
    accounts_path = Path(folder) / "accounts.json"
    accounts = json.loads(accounts_path.read_text()) if accounts_path.exists() else {}
    return sorted(n for n in accounts if n != TEACHER)


# ---- JupyterHub configuration ------------------------------------------------------------------------
def configure(c, folder=None, ip: str | None = None, port: int | None = None, edition: str | None = None) -> None:
    """Fill a JupyterHub config object ``c`` for the course (called from jupyterhub_config.py)."""
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    from . import editions

    folder = Path(folder or os.environ.get("SOFT_LANDING_CLASS", "classroom")).resolve()
    ip = ip or os.environ.get("SOFT_LANDING_CLASS_IP", "127.0.0.1")
    port = check_int("port", int(port or os.environ.get("SOFT_LANDING_CLASS_PORT", 8000)), 1024, 65535)
    edition = edition or os.environ.get("SOFT_LANDING_CLASS_EDITION", DEFAULT_EDITION)
    bindir = Path(sys.executable).parent
    state = folder / "hub"
    state.mkdir(parents=True, exist_ok=True)

    class RosterAuthenticator(Authenticator):
        """Each student and the teacher sign in with their own password from the class roster."""

        async def authenticate(self, handler, data):
            name, password = (data or {}).get("username", ""), (data or {}).get("password", "")
            return name if check_password(folder, name, password) else None

    def sync_copy(spawner):
        home = folder / "students" / spawner.user.name
        report = editions.sync(home, edition)
        spawner.log.info("course copy for %s: %s", spawner.user.name, report)

    c.JupyterHub.ip, c.JupyterHub.port = ip, port
    # The hub's own API, the proxy's API and the summary service: internal ports on 127.0.0.1, free ones
    # chosen at start (SOFT_LANDING_CLASS_INTERNAL_PORTS), else the three after the class's port.
    internal = os.environ.get("SOFT_LANDING_CLASS_INTERNAL_PORTS", f"{port + 1},{port + 2},{port + 3}")
    hub_port, api_port, service_port = (int(p) for p in internal.split(","))
    c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{api_port}"
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True
    # Without --proxy-timeout the Python proxy ends every request after 20 s, the start page's progress
    # stream with it: a student whose server takes longer to start would wait on "pending" forever.
    c.ConfigurableHTTPProxy.command = [str(bindir / "configurable-http-proxy"), "--proxy-timeout=3600000"]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.authenticator_class = RosterAuthenticator
    c.Authenticator.allowed_users = set(students_in(folder))
    c.Authenticator.admin_users = {TEACHER}
    c.Authenticator.delete_invalid_users = True
    c.JupyterHub.spawner_class = SimpleLocalProcessSpawner
    c.SimpleLocalProcessSpawner.home_dir_template = str(folder / "students" / "{username}")
    c.Spawner.cmd = [str(bindir / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
    c.Spawner.pre_spawn_hook = sync_copy
    c.Spawner.args = ["--LabApp.news_url=None",
                      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                      *LAB_OPTIONS, *(["--allow-root"] if os.geteuid() == 0 else [])]
    c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "HOME", "SOFT_LANDING_CACHE"]
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
    # The teacher's view of the class: a service only the teacher's role may open.
    c.JupyterHub.services = [{
        "name": SERVICE,
        "url": f"http://127.0.0.1:{service_port}",
        "command": [sys.executable, "-m", "helpers.hub", "summary-service", "--folder", str(folder),
                    "--port", str(service_port)],
        "oauth_no_confirm": True,
        "display": True,
    }]
    c.JupyterHub.load_roles = [
        {"name": "teacher", "users": [TEACHER], "scopes": [f"access:services!service={SERVICE}", "admin:users",
                                                           "admin:servers", "list:users"]},
        {"name": "user", "scopes": ["self"]},
    ]


# ---- the teacher's class summary --------------------------------------------------------------------
def class_summary_html(folder) -> str:
    """One HTML page: every student's starting confidence (notebook 00) and their verdicts (06)."""
    check_path("folder", folder, folder=True)
    import pandas as pd

    from . import start
    from .saves import load_snapshot

    folder = Path(folder)
    rows, missing = [], []
    for name in students_in(folder):
        work = folder / "students" / name / "my_work"
        try:
            snap = load_snapshot(start.SAVE_AS, work)
        except (OSError, ValueError):  # a damaged save counts as not saved; the rest still count
            snap = None
        if not snap:
            missing.append(name)
            continue
        rows.append({"student": name, **snap.get("settings", {})})
    parts = [f"<h1>Class summary</h1><p>{len(rows)} of {len(rows) + len(missing)} students have saved "
             f"their starting confidence (notebook 00).</p>"]
    if rows:
        table = pd.DataFrame(rows).set_index("student")
        numeric = table.select_dtypes("number")
        parts.append("<h2>Starting confidence, percent (notebook 00)</h2>")
        parts.append(numeric.describe().loc[["count", "mean", "min", "max"]].round(0).to_html())
    if missing:
        parts.append("<p>Not saved yet: " + ", ".join(html.escape(m) for m in missing) + "</p>")
    parts.append(_verdicts_html(folder))
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Class summary</title></head>"
            "<body>" + "".join(parts) + "</body></html>")


def _verdicts_html(folder: Path) -> str:
    """Notebook 06's class summary over each student's latest exported verdict."""
    import tempfile

    from .verdict_files import class_summary

    latest = {}
    for name in students_in(folder):
        exports = sorted((folder / "students" / name / "my_work").glob("verdict-*.json"),
                         key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
        if exports:
            latest[name] = exports[-1]
    if not latest:
        return "<h2>Verdicts (notebook 06)</h2><p>No student has exported a verdict yet.</p>"
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(latest.values(), 1):  # anonymous: numbered, never named
            (Path(tmp) / f"verdict-{i}.json").write_bytes(path.read_bytes())
        try:
            page = class_summary(tmp).html()
        except ValueError as exc:
            return f"<h2>Verdicts (notebook 06)</h2><p>{html.escape(str(exc))}</p>"
    return page.split("<body>", 1)[1].rsplit("</body>", 1)[0]


def serve_summary(folder, port: int) -> None:
    """Run the class-summary service (JupyterHub starts it; only the teacher may open it)."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado import ioloop, web

    prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]

    class Summary(HubOAuthenticated, web.RequestHandler):
        @web.authenticated
        def get(self):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.write(class_summary_html(folder))

    app = web.Application(
        [(prefix, Summary), (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler)],
        cookie_secret=secrets.token_bytes(32),
    )
    app.listen(port, "127.0.0.1")
    ioloop.IOLoop.current().start()


def _free_ports(n: int) -> list[int]:
    from jupyterhub.utils import random_port

    ports: set[int] = set()
    while len(ports) < n:
        ports.add(random_port())
    return sorted(ports)


# ---- command line ---------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.hub", description="JupyterHub for a class.")
    sub = parser.add_subparsers(dest="command", required=True)
    go = sub.add_parser("start", help="make or extend the roster, then run the hub (Ctrl-C stops it)")
    go.add_argument("--folder", default="classroom")
    go.add_argument("--students", default="3", help="a number, or names separated by commas")
    go.add_argument("--ip", default="127.0.0.1")
    go.add_argument("--port", type=int, default=8000)
    go.add_argument("--edition", default=DEFAULT_EDITION)
    srv = sub.add_parser("summary-service")
    srv.add_argument("--folder", required=True)
    srv.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    if args.command == "summary-service":
        serve_summary(args.folder, args.port)
        return 0
    students = int(args.students) if args.students.isdigit() else args.students.split(",")
    check_number("port", args.port, 1024, 65535)
    new = make_roster(args.folder, students)
    print(f"Class folder: {Path(args.folder).resolve()}  (passwords: {Path(args.folder) / 'roster.csv'})")
    for name, password in new.items():
        print(f"  new account {name}: {password}")
    print(f"Open http://{args.ip}:{args.port}/ and sign in. The teacher's class summary: "
          f"http://{args.ip}:{args.port}/services/{SERVICE}/  Stop the hub with Ctrl-C.")
    os.environ.update(SOFT_LANDING_CLASS=str(Path(args.folder).resolve()), SOFT_LANDING_CLASS_IP=args.ip,
                      SOFT_LANDING_CLASS_PORT=str(args.port), SOFT_LANDING_CLASS_EDITION=args.edition,
                      SOFT_LANDING_CLASS_INTERNAL_PORTS=",".join(str(p) for p in _free_ports(3)))
    config = Path(args.folder).resolve() / "hub" / "jupyterhub_config.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("# Written by `python -m helpers.hub start`; the settings live in helpers/hub.py.\n"
                      "from helpers.hub import configure\n\nconfigure(c)  # noqa: F821\n")
    from jupyterhub.app import main as hub_main

    return hub_main([f"--config={config}"]) or 0


if __name__ == "__main__":
    sys.exit(main())
