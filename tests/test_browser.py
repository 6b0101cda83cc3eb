"""The real thing: JupyterLab started on 127.0.0.1 with a token, each notebook opened in headless
Chromium through Playwright, run top to bottom with Shift+Enter, a slider moved and its effect
seen on the page. Skipped, with the reason, only where Chromium is absent and not in CI."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import NOTEBOOKS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = os.environ.get("SOFT_LANDING_SCREENSHOTS")  # a folder to keep screenshots in, when set

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing (apt-get install chromium)")
    pytest.skip("browser tests skipped: /usr/bin/chromium not found (Debian package 'chromium')",
                allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the notebooks (the committed files are never touched)."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "notebooks"
    root.mkdir()
    for path in NOTEBOOKS:
        shutil.copy(path, root / path.name)
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    port, token = _free_port(), "soft-landing-test-token"
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI runs as root
    log = open(home / "server.log", "wb")
    server = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                raise RuntimeError("JupyterLab did not start:\n" + (home / "server.log").read_text()[-3000:])
            time.sleep(0.5)
        yield {"base": base, "token": token, "root": root}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


ALL_RUN = """(n) => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
  const done = prompts.filter(p => /\\[\\d+\\]/.test(p.textContent)).length;
  const busy = prompts.some(p => p.textContent.includes('*'));
  return done >= n && !busy;
}"""


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab_and_a_slider_moves_the_reading(lab, browser, path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cells = len(nb.cells)
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        # A workspace of its own per notebook, so tabs from earlier tests are not restored.
        page.goto(f"{lab['base']}/lab/workspaces/{path.stem}/tree/{path.name}?reset&token={lab['token']}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        assert page.locator(".jp-NotebookPanel").count() == 1
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        # The indicator turns idle a moment before the kernel takes requests; a cell run earlier is lost.
        page.wait_for_timeout(3000)
        page.locator(".jp-Notebook .jp-Cell").first.click()
        for _ in range(cells):
            page.keyboard.press("Shift+Enter")
            page.wait_for_timeout(250)  # faster key presses get lost while the kernel starts
        try:
            page.wait_for_function(ALL_RUN, arg=code_cells, timeout=180_000)
        except Exception:
            _shot(page, f"{path.stem}-stuck")
            raise
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.first.inner_text()
        panel = page.locator(".whatif-panel").first
        panel.wait_for(state="visible", timeout=60_000)
        panel.scroll_into_view_if_needed()
        reading = panel.locator(".whatif-reading").first
        page.wait_for_function("el => el.innerText.includes('Reading:')", arg=reading.element_handle(), timeout=30_000)
        before = reading.inner_text()
        image = panel.locator("img").first
        src_before = image.get_attribute("src")
        _shot(page, f"{path.stem}-before")
        handle = panel.locator(".noUi-handle, .ui-slider-handle").first
        handle.focus()
        page.keyboard.press("End")
        page.wait_for_function(
            "([el, old]) => el.innerText !== old", arg=[reading.element_handle(), before], timeout=30_000)
        assert reading.inner_text() != before
        page.wait_for_function(
            "([el, old]) => el.getAttribute('src') !== old", arg=[image.element_handle(), src_before], timeout=30_000)
        _shot(page, f"{path.stem}-after")
    finally:
        page.close()
