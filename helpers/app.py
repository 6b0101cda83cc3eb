"""App mode for a discussion class: every notebook's figures, readings and what-if panels without
code, served by Voila (``make app``), so a teacher can project the panels and move the sliders while
the class argues.

Voila runs the class edition (no worked answers, no teacher notes) from a build folder, never the
repository's notebooks, so saves made while projecting do not land in the course. Voila's own page
template links Font Awesome from a CDN, although the same icons ship inside Voila: the course serves a
copy of that template without the two links, so nothing reaches the network.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .checks import check_int, check_path, check_text
from .server import VOILA_OPTIONS

TEMPLATE = "softlanding"


def prepare(folder) -> Path:
    """Write the class edition and the offline page template under ``folder``; returns the notebooks' folder."""
    folder = check_path("folder", folder)  # before importing Voila: a bad folder is named whatever Voila does
    import voila

    from . import editions

    notebooks = folder / "notebooks"
    editions.build("class", notebooks, hold_back=False)  # projected: panels show at once
    lab = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "lab"
    if not lab.is_dir():
        raise ValueError(f"Voila {voila.__version__}'s lab template was not found in {lab}")
    target = folder / "share" / "voila" / "templates" / TEMPLATE
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(lab, target)
    # A template names the one it builds on: this copy builds on "lab" (and so on nbconvert's lab and base).
    (target / "conf.json").write_text('{"base_template": "lab"}\n', encoding="utf-8")
    page = target / "index.html.j2"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    page.write_text("".join(line for line in lines if "cdn.jsdelivr.net" not in line), encoding="utf-8")
    return notebooks


def command(folder, port: int = 8866, ip: str = "127.0.0.1") -> list[str]:
    """The Voila command line for the prepared ``folder``."""
    port = check_int("port", port, 1024, 65535)
    ip = _check_ip(ip)
    folder = check_path("folder", folder)
    if not (folder / "notebooks").is_dir():
        raise ValueError(f"folder must be a folder made by prepare(); {folder.as_posix()} has no notebooks")
    return [str(Path(sys.executable).with_name("voila")), str(Path(folder) / "notebooks"), "--no-browser",
            f"--port={port}", f"--Voila.ip={ip}", "--strip_sources=True", "--theme=light",
            f"--template={TEMPLATE}", "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
            "--VoilaConfiguration.show_tracebacks=False", *VOILA_OPTIONS]


def _check_ip(ip) -> str:
    """An IP address (such as 127.0.0.1 or 0.0.0.0) or "localhost"."""
    import ipaddress

    try:
        return ip if ip == "localhost" else str(ipaddress.ip_address(check_text("ip", ip, limit=100)))
    except ValueError:
        raise ValueError(f"ip must be an IP address such as 127.0.0.1 or 'localhost'; got {ip!r}"[:200]) from None


def environment(folder) -> dict[str, str]:
    """Environment for Voila (``folder``: made by prepare()): finds the offline template first."""
    if not (check_path("folder", folder) / "share").is_dir():
        raise ValueError(f"folder must be a folder made by prepare(); {folder} has no share folder")
    share = str((Path(folder) / "share").resolve())
    return {**os.environ, "JUPYTER_PATH": os.pathsep.join(filter(None, [share, os.environ.get("JUPYTER_PATH")]))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.app", description="The course's panels without code (Voila).")
    parser.add_argument("--folder", default="build/app")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--ip", default="127.0.0.1")
    args = parser.parse_args(argv)
    prepare(args.folder)
    print(f"App mode: open http://{args.ip}:{args.port}/ (Ctrl-C stops it)")
    return subprocess.call(command(args.folder, args.port, args.ip), env=environment(args.folder))


if __name__ == "__main__":
    sys.exit(main())
