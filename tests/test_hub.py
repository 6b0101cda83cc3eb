"""A whole class on one machine (helpers/hub.py): the roster, the teacher's summary, and a real
JupyterHub on localhost with three students and a teacher - each student in their own workspace,
one of them driven in Chromium, nobody able to open another's server, the hub stopped cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import csv
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from helpers import hub, start
from helpers.saves import save_snapshot

ROOT = Path(__file__).resolve().parents[1]


# ---- the roster and the summary: fast ------------------------------------------------------------------
def test_roster_gives_each_account_its_own_password_and_keeps_them(tmp_path):
    new = hub.make_roster(tmp_path, 3)
    assert set(new) == {"teacher", "student01", "student02", "student03"}
    assert len(set(new.values())) == 4
    assert stat.S_IMODE((tmp_path / "roster.csv").stat().st_mode) == 0o600
    assert all(pw not in (tmp_path / "accounts.json").read_text() for pw in new.values())  # hashes only
    assert hub.check_password(tmp_path, "student02", new["student02"])
    assert not hub.check_password(tmp_path, "student02", new["student01"])  # no shared password
    assert not hub.check_password(tmp_path, "nobody", new["student01"])
    more = hub.make_roster(tmp_path, ["student01", "ana"])  # adding a student keeps every password
    assert set(more) == {"ana"}
    assert hub.check_password(tmp_path, "student01", new["student01"])
    roster = list(csv.DictReader((tmp_path / "roster.csv").read_text().splitlines()))
    assert [r["name"] for r in roster] == ["teacher", "student01", "student02", "student03", "ana"]
    assert hub.students_in(tmp_path) == ["ana", "student01", "student02", "student03"]


@pytest.mark.parametrize("bad", [0, 501, -1, True, [], ["Bad Name"], ["a", "a"], ["teacher"], "3", None])
def test_roster_rejects_bad_students(tmp_path, bad):
    with pytest.raises(ValueError, match="students"):
        hub.make_roster(tmp_path, bad)


def test_class_summary_counts_saves_and_names_who_has_not_saved(tmp_path):
    hub.make_roster(tmp_path, 3)
    for name, level in (("student01", 20), ("student02", 80)):
        save_snapshot({"settings": {"C03": level, "C07": 50}}, start.SAVE_AS, tmp_path / "students" / name / "my_work")
    damaged = tmp_path / "students" / "student03" / "my_work"
    damaged.mkdir(parents=True)
    (damaged / f"{start.SAVE_AS}.json").write_text("{not json")
    page = hub.class_summary_html(tmp_path)
    assert "2 of 3 students" in page and "Not saved yet: student03" in page
    assert "<td>50.0</td>" in page  # the mean of 20 and 80 for C03


# ---- a real hub ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    from labdriver import free_port

    folder = tmp_path_factory.mktemp("class")
    port = free_port()
    log = (folder / "hub.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "helpers.hub", "start", "--folder", str(folder), "--students", "3",
                             "--port", str(port)], cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.time() + 240
        while "JupyterHub is now running" not in (folder / "hub.log").read_text():
            assert proc.poll() is None and time.time() < deadline, (folder / "hub.log").read_text()[-3000:]
            time.sleep(1)
        roster = {r["name"]: r["password"] for r in csv.DictReader((folder / "roster.csv").read_text().splitlines())}
        yield {"folder": folder, "base": f"http://127.0.0.1:{port}", "port": port, "roster": roster, "proc": proc}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(120)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _login(base, name, password):
    import requests

    s = requests.Session()
    s.get(f"{base}/hub/login", timeout=60)
    r = s.post(f"{base}/hub/login?next=", data={"username": name, "password": password, "_xsrf": s.cookies.get("_xsrf")},
               timeout=180)
    return s, r


def _wait_for_server(s, base, name):
    deadline = time.time() + 240
    while True:
        r = s.get(f"{base}/user/{name}/lab", timeout=60)
        if r.status_code == 200 and "jupyter-config-data" in r.text:
            return
        assert time.time() < deadline, f"{name}'s server did not start: {r.status_code} {r.url}"
        time.sleep(2)


def _run_in_kernel(s, base, name, code):
    """Start a kernel in ``name``'s server, run ``code`` over the kernel's websocket, return its output."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    api = f"{base}/user/{name}/api"
    xsrf = {"X-XSRFToken": s.cookies.get("_xsrf", path=f"/user/{name}/") or s.cookies.get("_xsrf")}
    kernel = s.post(f"{api}/kernels", json={"name": "python3"}, headers=xsrf, timeout=120).json()["id"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in s.cookies)
    msg_id = uuid.uuid4().hex

    async def go():
        ws = await websocket_connect(HTTPRequest(f"{api.replace('http', 'ws', 1)}/kernels/{kernel}/channels",
                                                 headers={"Cookie": cookie, **xsrf}))
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": name, "session": msg_id,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False}}))
        out = []
        while True:
            m = json.loads(await ws.read_message())
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if m["msg_type"] in ("stream", "error"):
                out.append(m["content"].get("text") or m["content"].get("evalue"))
            if m["msg_type"] == "execute_reply":
                ws.close()
                try:  # wait for the server's close frame, so the socket is closed before the loop ends
                    await asyncio.wait_for(ws.read_message(), 10)
                except asyncio.TimeoutError:
                    pass
                return m["content"]["status"], "".join(out)

    try:
        return asyncio.run(asyncio.wait_for(go(), 300))
    finally:
        s.delete(f"{api}/kernels/{kernel}", headers=xsrf, timeout=60)


SAVE_CODE = """
from helpers import start
panel = start.what_if()
panel.set(**{{claim: {level} for claim in panel.params}})
print(panel.save())
"""


@pytest.mark.hub
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_class_on_one_hub(classroom):
    # Every HTTP session and websocket is closed before the test ends. What the test's own clients
    # (requests, tornado) may still leave to the garbage collector is collected here, inside this test,
    # and not reported: it is the test's plumbing, not the course; a later test must not fail on it.
    with contextlib.ExitStack() as opened:
        _a_class_on_one_hub(classroom, opened)
    gc.collect()


def _a_class_on_one_hub(classroom, opened):
    base, roster, folder = classroom["base"], classroom["roster"], classroom["folder"]
    wrong, bad = _login(base, "student01", roster["student02"])
    opened.enter_context(wrong)
    assert bad.status_code == 403  # one student's password does not open another's account
    sessions = {}
    for i, name in enumerate(["student01", "student02"]):
        s, _ = _login(base, name, roster[name])
        opened.enter_context(s)
        _wait_for_server(s, base, name)
        status, out = _run_in_kernel(s, base, name, SAVE_CODE.format(level=20 + 60 * i))
        assert status == "ok", out
        home = folder / "students" / name
        assert (home / "my_work" / f"{start.SAVE_AS}.json").exists(), out
        assert (home / "00_start_here.ipynb").exists() and not (home / "_sources").exists()
        sessions[name] = s
    # Nobody opens another's server or the teacher's summary.
    other = sessions["student01"].get(f"{base}/user/student02/api/contents", timeout=60)
    assert other.status_code != 200 or "content" not in other.text
    assert sessions["student01"].get(f"{base}/services/{hub.SERVICE}/", timeout=60).status_code == 403
    teacher, _ = _login(base, "teacher", roster["teacher"])
    opened.enter_context(teacher)
    page = teacher.get(f"{base}/services/{hub.SERVICE}/", timeout=120)
    assert page.status_code == 200 and "2 of 3 students" in page.text and "student03" in page.text


@pytest.mark.hub
@pytest.mark.browser
def test_a_student_works_in_chromium_on_the_hub(classroom):
    from playwright.sync_api import sync_playwright

    from labdriver import CHROMIUM, first_panel, launch_chromium, open_and_run_all

    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    base, name = classroom["base"], "student03"
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{base}/hub/login")
        page.get_by_label("Username").fill(name)
        page.get_by_label("Password").fill(classroom["roster"][name])
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/user/{name}/lab/**", timeout=240_000)
        open_and_run_all(page, {"base": f"{base}/user/{name}", "token": ""}, ROOT / "notebooks" / "00_start_here.ipynb")
        panel, reading, _ = first_panel(page)
        slider = panel.locator("input[type=range]").first
        slider.focus()
        for _ in range(10):
            page.keyboard.press("ArrowRight")
        panel.get_by_role("button", name="Save my answers").click()
        saved = classroom["folder"] / "students" / name / "my_work" / f"{start.SAVE_AS}.json"
        deadline = time.time() + 60
        while not saved.exists():
            assert time.time() < deadline, "the save did not reach the student's folder"
            time.sleep(1)
        browser.close()
    assert json.loads(saved.read_text())["settings"] != {k: 50 for k in start.what_if().params}


@pytest.mark.hub
def test_the_hub_stops_and_leaves_nothing_running(classroom):
    proc = classroom["proc"]
    # Everything the hub started: the proxy (its pid file) and every process that talks to this hub's
    # API (the students' servers, the summary service) - found before the stop, checked after it.
    proxy = int((classroom["folder"] / "hub" / "proxy.pid").read_text())
    hub_api = re.search(r"Hub API listening on (http://\S+)", (classroom["folder"] / "hub.log").read_text()).group(1)
    started = {proxy, *(p for p in _pids() if hub_api.rstrip("/").encode() in _environ(p))}
    assert len(started) >= 3, started  # the proxy, the summary service and at least one student's server
    proc.send_signal(signal.SIGINT)  # what Ctrl-C does
    proc.wait(180)
    time.sleep(2)
    alive = [p for p in started if Path(f"/proc/{p}").exists() and b"zombie" not in _status(p)]
    assert not alive, [_cmdline(Path(f"/proc/{p}")) for p in alive]
    import socket

    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", classroom["port"])) != 0  # the port is free again


def _cmdline(p: Path) -> str:
    try:
        return (p / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _pids() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def _status(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/status").read_bytes().lower()
    except OSError:
        return b"zombie"


def test_class_summary_includes_the_verdicts_anonymously(tmp_path):
    from helpers import verdict_files

    hub.make_roster(tmp_path, ["ana", "ben"])
    now = {i: 70 for i in verdict_files._main_ids()}
    work = tmp_path / "students" / "ana" / "my_work"
    verdict_files.export_verdict(now, "The author was right about the border.", share_quotes=True, name="Ana", folder=work)
    page = hub.class_summary_html(tmp_path)
    assert "1 verdicts" in page or "1 verdict" in page
    assert "The author was right about the border." in page and "Ana" not in page.split("Not saved yet")[0]
