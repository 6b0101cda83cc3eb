"""Drive JupyterLab in headless Chromium: used by tests/test_browser.py and
benchmarks/browser_latency.py.

JupyterLab is served on 127.0.0.1 with a token and a free port, on a *copy* of the notebooks (the
committed files are never touched), with its own settings (no news toast), workspaces and runtime
folders; it is stopped in a finally block. Chromium is Debian's /usr/bin/chromium (Playwright's own
browser download does not work offline).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from helpers.server import LAB_OPTIONS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
TOKEN = "soft-landing-test-token"

ALL_RUN = """(n) => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
  const done = prompts.filter(p => /\\[\\d+\\]/.test(p.textContent)).length;
  const busy = prompts.some(p => p.textContent.includes('*'));
  return done >= n && !busy;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyterlab(notebooks, home: Path, windowing: bool = True):
    """Serve copies of ``notebooks`` from ``home``; yield {"base": url, "token": token, "root": path,
    "runtime": the folder of the kernels' connection files}.

    ``windowing=False`` turns off JupyterLab's rendering of only the cells in view, so that a
    check of the page (axe-core, text) sees every cell of the notebook.
    """
    root = home / "notebooks"
    root.mkdir(parents=True)
    for path in notebooks:
        shutil.copy(path, root / Path(path).name)
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    if not windowing:
        tracker = home / "settings" / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True)
        (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", *LAB_OPTIONS]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI runs as root
    log_path = home / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.time() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + log_path.read_text()[-3000:])
                time.sleep(0.5)
            yield {"base": base, "token": TOKEN, "root": root, "runtime": home / "runtime"}
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def open_and_run_all(page, lab, path: Path, on_stuck=None) -> None:
    """Open notebook ``path`` in a fresh workspace and run it top to bottom with Shift+Enter."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    # A workspace of its own per notebook, so tabs from earlier pages are not restored.
    page.goto(f"{lab['base']}/lab/workspaces/{path.stem}/tree/{path.name}?reset&token={lab['token']}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    # The indicator turns idle a moment before the kernel takes requests; a cell run earlier is lost.
    page.wait_for_timeout(3000)
    page.locator(".jp-Notebook .jp-Cell").first.click()
    for _ in range(len(nb.cells)):
        page.keyboard.press("Shift+Enter")
        page.wait_for_timeout(250)  # faster key presses get lost while the kernel starts
    try:
        try:
            page.wait_for_function(ALL_RUN, arg=code_cells, timeout=120_000)
        except Exception:
            # On a busy machine a key press can get lost: run whatever is left from the Run menu.
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name=re.compile("^Run All Cells")).click()
            page.wait_for_function(ALL_RUN, arg=code_cells, timeout=180_000)
    except Exception:
        if on_stuck:
            on_stuck()
        raise


def first_panel(page):
    """The first what-if panel on the page, scrolled into view, once its reading is drawn."""
    panel = page.locator(".whatif-panel").first
    panel.wait_for(state="visible", timeout=60_000)
    panel.scroll_into_view_if_needed()
    reading = panel.locator(".whatif-reading").first
    page.wait_for_function("el => el.innerText.includes('Reading:')", arg=reading.element_handle(), timeout=30_000)
    return panel, reading, panel.locator("img").first
