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


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook_page(request, lab, browser):
    """One notebook opened and run top to bottom at 1366 x 768, shared by the checks below."""
    path = request.param
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        open_and_run_all(page, lab, path, on_stuck=lambda: _shot(page, f"{path.stem}-stuck"))
        yield path, page
    finally:
        page.close()


def test_notebook_runs_in_jupyterlab_and_a_control_moves_the_reading(notebook_page):
    path, page = notebook_page
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


# Scroll a panel's top to the top of the notebook's scrolling area; then say where its reading, its figure
# and every control lie, in CSS pixels from the top of that area, with the area's own size.
WHERE = """(panel) => {
  const outer = panel.closest('.jp-WindowedPanel-outer');
  outer.scrollTop += panel.getBoundingClientRect().top - outer.getBoundingClientRect().top;
  const a = outer.getBoundingClientRect();
  const parts = [...panel.querySelectorAll('.whatif-reading, img.whatif-figure, input, select, button')];
  return {area: [a.width, a.height], parts: parts.map(el => {
    const b = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 90), left: b.left - a.left, right: b.right - a.left,
            top: b.top - a.top, bottom: b.bottom - a.top, width: b.width, height: b.height};
  })};
}"""


@pytest.mark.parametrize("screen", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_every_panel_fits_one_screen(notebook_page, screen):
    """Issue 10: with a panel's top at the top of the notebook, its reading, its figure and every control
    are inside the visible notebook area (JupyterLab's default layout, file browser open), so a student
    who moves a slider sees the curve it changes and the reading that goes with it."""
    path, page = notebook_page
    panels = page.locator(".whatif-panel")
    if panels.count() == 0:
        pytest.skip(f"{path.stem} has no what-if panel")
    page.set_viewport_size({"width": screen[0], "height": screen[1]})
    try:
        for i in range(panels.count()):
            panel = panels.nth(i)
            panel.scroll_into_view_if_needed()
            panel.locator(".whatif-reading [role='status']").wait_for(state="attached", timeout=60_000)
            panel.locator("img.whatif-figure").wait_for(state="visible", timeout=60_000)
            page.wait_for_timeout(500)  # the figure and the controls settle after a resize
            where = panel.evaluate(WHERE)
            page.wait_for_timeout(300)
            where = panel.evaluate(WHERE)  # measured again once JupyterLab has drawn the cells scrolled in
            width, height = where["area"]
            parts = where["parts"]
            assert sum("whatif-figure" in p["what"] for p in parts) == 1, f"{path.stem} panel {i}: no figure"
            assert sum("input" in p["what"] or "select" in p["what"] for p in parts) >= 1
            outside = [f"{p['what']}: x {p['left']:.0f}-{p['right']:.0f}, y {p['top']:.0f}-{p['bottom']:.0f}"
                       for p in parts
                       if not (p["width"] > 0 and p["height"] > 0 and p["left"] >= -1 and p["right"] <= width + 1
                               and p["top"] >= -1 and p["bottom"] <= height + 1)]
            _shot(page, f"{path.stem}-panel{i}-{screen[0]}x{screen[1]}")
            assert not outside, (f"{path.stem} panel {i} at {screen[0]}x{screen[1]}: outside the visible "
                                 f"notebook area ({width:.0f} x {height:.0f} px):\n" + "\n".join(outside))
    finally:
        page.set_viewport_size({"width": 1366, "height": 768})


# The rendered Mermaid diagrams in view: their source (to tell them apart), whether it is the storyline
# (boxes per step: clusters), their height, and the height of the notebook's visible area.
MAPS = """() => {
  const outer = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  return [...document.querySelectorAll('.jp-NotebookPanel .jp-RenderedMermaid img')].map(img => {
    const svg = decodeURIComponent(img.getAttribute('src') || '');
    return {key: svg.length + ':' + svg.slice(-200), storyline: /class="cluster[ "]/.test(svg),
            height: img.getBoundingClientRect().height, area: outer.getBoundingClientRect().height};
  });
}"""


def test_every_argument_map_fits_one_screen(notebook_page):
    """Issue 10: an argument map fits the visible notebook area at 1366 x 768 (04's step 3 was about
    1,260 px tall when its supports stood in one column; 00's storyline 859 px with claims in two lines)."""
    path, page = notebook_page
    calls = path.read_text(encoding="utf-8").count("course.argument_map(")
    if not calls:
        pytest.skip(f"{path.stem} has no argument map")
    page.set_viewport_size({"width": 1366, "height": 768})
    outer = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first
    outer.evaluate("el => { el.scrollTop = 0; }")
    seen = {}
    for _ in range(400):  # page down through the notebook: only cells in view are drawn
        page.wait_for_timeout(250)
        for m in page.evaluate(MAPS):
            if m["height"] > 0:
                seen[m["key"]] = m
        if outer.evaluate("el => el.scrollTop + el.clientHeight >= el.scrollHeight - 2"):
            break
        outer.evaluate("el => { el.scrollTop += el.clientHeight * 0.8; }")
    assert len(seen) >= 1, f"{path.stem}: no argument map rendered"
    for m in seen.values():
        kind = "the storyline map" if m["storyline"] else "a step map"
        assert 100 < m["height"] <= m["area"], f"{path.stem}: {kind} is {m['height']:.0f} px tall, area {m['area']:.0f} px"
