"""The real thing: JupyterLab started on 127.0.0.1 with a token, each notebook opened in headless
Chromium through Playwright, run top to bottom with Shift+Enter, a control moved and its effect
seen on the page. Skipped, with the reason, only where Chromium is absent and not in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import NOTEBOOKS
from labdriver import CHROMIUM, first_panel, jupyterlab, launch_chromium, open_and_run_all

SHOTS = os.environ.get("SOFT_LANDING_SCREENSHOTS")  # a folder to keep screenshots in, when set

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing (apt-get install chromium)")
    pytest.skip("browser tests skipped: /usr/bin/chromium not found (Debian package 'chromium')",
                allow_module_level=True)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with jupyterlab(NOTEBOOKS, tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab_and_a_control_moves_the_reading(lab, browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_and_run_all(page, lab, path, on_stuck=lambda: _shot(page, f"{path.stem}-stuck"))
        assert page.locator(".jp-NotebookPanel").count() == 1
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.first.inner_text()
        panel, reading, image = first_panel(page)
        before = reading.inner_text()
        src_before = image.get_attribute("src")
        _shot(page, f"{path.stem}-before")
        field = panel.locator("input[type='range']").first  # the panel's sliders are labelled range inputs
        value = field.input_value()
        field.focus()
        page.keyboard.press("ArrowUp")
        if field.input_value() == value:  # already at its maximum
            page.keyboard.press("ArrowDown")
        # one small step may not change a rounded reading: Page Up/Down moves the slider a tenth of its range
        page.keyboard.press("PageUp" if field.input_value() > value else "PageDown")
        page.wait_for_function(
            "([el, old]) => el.innerText !== old", arg=[reading.element_handle(), before], timeout=30_000)
        assert reading.inner_text() != before
        page.wait_for_function(
            "([el, old]) => el.getAttribute('src') !== old", arg=[image.element_handle(), src_before], timeout=30_000)
        _shot(page, f"{path.stem}-after")
    finally:
        page.close()
