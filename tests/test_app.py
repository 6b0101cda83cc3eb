"""App mode (helpers/app.py, `make app`): Voila serves every notebook of the class edition without code;
each renders in Chromium with its what-if panel, no error output, nothing fetched from the network, and
a slider moved by keyboard changes the reading."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

import pytest

from conftest import NOTEBOOKS
from helpers import app

pytestmark = pytest.mark.browser

ERRORS = ("[data-mime-type='application/vnd.jupyter.stderr'], [data-mime-type='application/vnd.jupyter.error'], "
          ".jp-OutputArea-output.jp-mod-error")


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    from labdriver import free_port

    folder = tmp_path_factory.mktemp("app")
    app.prepare(folder)
    # Projected panels show at once: no "predict, then look" cell waits for a self-check answer.
    assert not [nb.name for nb in (folder / "notebooks").glob("*.ipynb") if "%%after_trying" in nb.read_text()]
    assert "cdn.jsdelivr.net" not in (folder / "share/voila/templates" / app.TEMPLATE / "index.html.j2").read_text()
    port = free_port()
    log = (folder / "voila.log").open("w")
    proc = subprocess.Popen(app.command(folder, port), env=app.environment(folder), stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            try:
                with urllib.request.urlopen(base, timeout=10):
                    break
            except OSError:
                assert proc.poll() is None and time.time() < deadline, (folder / "voila.log").read_text()[-2000:]
                time.sleep(1)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from labdriver import CHROMIUM, launch_chromium

    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_app_mode_renders_the_notebook_without_code(voila, browser, path):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((voila, "data:", "blob:")) else None)
    page.goto(f"{voila}/voila/render/{path.name}", timeout=600_000)
    panel = page.locator(".whatif-panel").first
    panel.wait_for(state="visible", timeout=240_000)
    assert page.locator(".jp-InputArea-editor").count() == 0  # no code shown
    assert page.locator(ERRORS).count() == 0
    reading = panel.locator(".whatif-reading").first
    before = reading.inner_text()
    slider = panel.locator("input[type=range]").first
    slider.focus()
    for key in ("End", "Home"):
        page.keyboard.press(key)
        try:
            page.wait_for_function("([el, t]) => el.innerText !== t", arg=[reading.element_handle(), before],
                                   timeout=60_000)
            break
        except Exception:
            continue
    assert reading.inner_text() != before, "a slider moved by keyboard did not change the reading"
    assert page.locator(ERRORS).count() == 0
    assert not outside, f"requests outside the app: {outside}"
    page.close()
