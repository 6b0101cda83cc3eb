"""Accessibility (WCAG 2.1 AA) of what the notebooks show: checked in the kit, then in JupyterLab.

Kit: every figure carries its alt text on the element, every control is a labelled field whose
label holds its name, unit and value in words, the reading sits in a polite live region, tables
have text in every header cell.

Browser (every notebook in notebooks/, so new notebooks are covered as they arrive): JupyterLab in
headless Chromium runs the notebook, then
- axe-core (Deque's rule engine, bundled in the axe-playwright-python package: nothing is fetched
  at run time) checks the notebook's output areas only - JupyterLab's own interface is not ours -
  and finds no violation at all;
- every what-if panel is worked with the keyboard alone: Tab reaches each control in order, a
  focused control shows a focus ring, the arrow keys change a value and the reading (a polite live
  region) follows, Enter on "Reset to defaults" puts it back;
- at 200% zoom (1366 x 768 seen as 683 x 384 CSS pixels) no control and no figure is cut off.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import NOTEBOOKS, what_if_factories
from helpers import exodus, start, tables
from helpers.whatif import value_words

SHOTS = os.environ.get("SOFT_LANDING_SCREENSHOTS")  # a folder to keep screenshots in, when set
FACTORIES = what_if_factories()


# ---- the kit ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_panel_picture_reading_and_controls_are_named(name):
    panel = FACTORIES[name]()
    _ = panel.widget  # builds the widgets
    w = panel._widgets
    alt = panel.alt_text()
    assert alt and f"alt='{_attr(alt)}'" in w["image"].value, "the panel's <img> must carry its alt text"
    assert "aria-live='polite'" in w["reading"].value and "role='status'" in w["reading"].value
    for c in panel.spec.controls:
        label = _label_of(w["controls"][c.name])
        assert "$" not in label, f"{c.name}: a '$' in a label is typeset as mathematics by ipywidgets"
        assert _said(c.label) in label, f"{c.name}: the control's label must hold its name"
        if c.unit and c.options is None:
            assert f"({_said(c.unit)})" in label, f"{c.name}: the label must give the unit"
        assert _said(value_words(c, panel.params[c.name])) in label
    # a move updates the picture's name and the value in words with it
    first = next(c for c in panel.spec.controls if c.options is None)
    other = first.high if panel.params[first.name] != first.high else first.low
    panel.set(**{first.name: other})
    assert _attr(panel.alt_text()) in w["image"].value
    assert _said(value_words(first, other)) in _label_of(w["controls"][first.name])


def _label_of(widget) -> str:
    """What the control's <label> says: a slider's name, unit and value in words, or a drop-down's label."""
    if hasattr(widget, "words"):  # a slider: plain text, set as text in the page
        text = f"{widget.label} ({widget.unit}): {widget.words}" if widget.unit else f"{widget.label}: {widget.words}"
        return _attr(text)
    return widget.description


def test_values_are_read_in_words_where_a_number_misleads():
    panel = exodus.what_if(propensity=0.1, return_rate=0.015)
    spec = panel.spec
    assert value_words(spec.control("propensity"), 0.1) == "10 percent"
    assert value_words(spec.control("return_rate"), 0.015) == "1.5 percent a week"
    assert value_words(spec.control("china_capacity"), 100_000) == "100,000 people a week"
    assert value_words(start.what_if().spec.controls[0], 70) == "70 percent sure"


def test_static_chart_is_an_image_named_by_its_alt_text():
    chart = start.claims_by_kind_chart()
    page = chart._repr_mimebundle_()["text/html"]
    assert re.fullmatch(r'<img [^>]*src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"[^>]*>', page)
    assert f'alt="{_attr(chart.alt)}"' in page


def test_tables_have_text_in_every_header_cell():
    frames = [
        pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}),  # plain 0, 1 index: left out
        pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}).set_index("a"),  # named index: name in the corner
        pd.DataFrame({"v": [1, 2]}, index=["p", "q"]),  # unnamed labels: a corner read, not shown
        exodus.what_if().compare_table(),
        exodus.what_if().controls_table(),
    ]
    for df in frames:
        page = tables.html(df)
        headers = re.findall(r"<th[^>]*>(.*?)</th>", page, flags=re.S)
        assert headers and all(re.sub(r"<[^>]+>", "", h).strip() for h in headers), page[:400]
        assert page.count("<tr") == len(df) + 1, "one header row"
    with pytest.raises(ValueError, match="df"):
        tables.html([1, 2])
    live = exodus.what_if()
    _ = live.widget
    headers = re.findall(r"<th[^>]*>(.*?)</th>", live._widgets["compare"].value, flags=re.S)
    assert headers and all(h.strip() for h in headers), "the panel's live comparison table has an empty header"


def _said(text: str) -> str:
    return _attr(text.replace("US$", "US dollars"))


def _attr(text: str) -> str:
    import html

    return html.escape(text, quote=True)


# ---- in JupyterLab ---------------------------------------------------------------------------------
CONTROLS = "input, select, button"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    from labdriver import CHROMIUM, jupyterlab

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing")
        pytest.skip("browser tests skipped: /usr/bin/chromium not found (Debian package 'chromium')")
    with jupyterlab(NOTEBOOKS, tmp_path_factory.mktemp("lab-a11y"), windowing=False) as server:
        yield server


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    from labdriver import launch_chromium

    with sync_playwright() as p:
        b = launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook_page(request, lab, browser):
    """One notebook opened and run top to bottom at 1366 x 768, shared by the checks below."""
    from labdriver import open_and_run_all

    path = request.param
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        open_and_run_all(page, lab, path, on_stuck=lambda: _shot(page, f"{path.stem}-a11y-stuck"))
        panels = page.locator(".whatif-panel")
        for i in range(panels.count()):
            panels.nth(i).locator(".whatif-reading [role='status']").wait_for(state="attached", timeout=60_000)
        page.wait_for_timeout(1500)  # the last outputs (figures, mermaid diagrams) settle
        yield path, page
    finally:
        page.close()


@pytest.mark.browser
def test_axe_finds_no_violation_in_the_outputs(notebook_page):
    from axe_playwright_python.sync_playwright import Axe

    path, page = notebook_page
    assert page.locator(".jp-OutputArea-output").count() > 0
    results = Axe().run(page, context={"include": [[".jp-OutputArea-output"]]},
                        options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    report = "\n".join(
        f"{v['impact']} {v['id']} ({len(v['nodes'])}): {v['help']} - e.g. {v['nodes'][0]['html'][:160]}"
        for v in violations)
    serious = [v for v in violations if v["impact"] in ("critical", "serious")]
    assert not serious, f"{path.stem}: axe-core {results.response['testEngine']['version']}:\n{report}"
    assert not violations, f"{path.stem}: minor or moderate violations:\n{report}"


@pytest.mark.browser
def test_every_panel_works_with_the_keyboard_alone(notebook_page):
    path, page = notebook_page
    panels = page.locator(".whatif-panel")
    if panels.count() == 0:
        pytest.skip(f"{path.stem} has no what-if panel")
    for i in range(panels.count()):
        panel = panels.nth(i)
        panel.scroll_into_view_if_needed()
        fields = panel.locator(CONTROLS)
        n = fields.count()
        assert n >= 2, "a panel has controls and a reset button"
        # Tab walks through every control of the panel, in order
        fields.first.focus()
        seen, rings = [_focused(page)], []
        for _ in range(n - 1):
            page.keyboard.press("Tab")
            seen.append(_focused(page))
            # a control focused from the keyboard shows a ring (:focus-visible)
            rings.append(page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""))
        expected = [fields.nth(k).evaluate("el => el.outerHTML.slice(0, 120)") for k in range(n)]
        assert seen == expected, f"{path.stem} panel {i}: Tab order {seen} is not the controls' order"
        assert all(style != "none" and width >= 2 for style, width in rings), (
            f"{path.stem} panel {i}: a control shows no focus ring: {rings}")
        # the arrow keys move the first slider, and the reading (live region) follows
        field = panel.locator("input[type='range']").first
        reading = panel.locator(".whatif-reading")  # its polite live region is redrawn with each reading
        before_value, before_reading = field.input_value(), reading.inner_text()
        field.focus()
        page.keyboard.press("ArrowUp")
        if field.input_value() == before_value:  # already at its maximum
            page.keyboard.press("ArrowDown")
        assert field.input_value() != before_value, f"{path.stem} panel {i}: the arrow keys did not change the field"
        # one small step may not change a rounded reading: Page Up/Down moves the slider a tenth of its range
        page.keyboard.press("PageUp" if field.input_value() > before_value else "PageDown")
        page.wait_for_function("([el, old]) => el.innerText !== old", arg=[reading.element_handle(), before_reading],
                               timeout=30_000)
        assert reading.locator("[aria-live='polite'][role='status']").count() == 1
        # Enter on "Reset to defaults" puts the field back
        reset = panel.get_by_role("button", name=re.compile("Reset to defaults"))
        reset.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("([el, old]) => el.value === old", arg=[field.element_handle(), before_value],
                               timeout=30_000)
        page.wait_for_function("([el, old]) => el.innerText === old", arg=[reading.element_handle(), before_reading],
                               timeout=30_000)


@pytest.mark.browser
def test_every_slider_has_its_own_id_and_label(notebook_page):
    """Each slider's id is unique on the page and its <label> names that slider, not another one."""
    path, page = notebook_page
    sliders = page.evaluate("""() => [...document.querySelectorAll('.whatif-slider-box')].map(box => {
        const input = box.querySelector('input[type=range]');
        const own = box.querySelector('label');
        const named = input.labels.length === 1 ? input.labels[0] : null;
        return {id: input.id, own: own.textContent, named: named ? named.textContent : null,
                same: named === own};
    })""")
    if not sliders:
        pytest.skip(f"{path.stem} has no slider")
    ids = [s["id"] for s in sliders]
    assert all(ids) and len(set(ids)) == len(ids), f"{path.stem}: slider ids repeat: {ids}"
    wrong = [s for s in sliders if not s["same"]]
    assert not wrong, f"{path.stem}: a slider is named by another slider's label (or none): {wrong[:3]}"


@pytest.mark.browser
def test_presets_and_options_are_chosen_with_the_arrow_keys(notebook_page):
    """Arrow keys on a preset list or an option change the choice, not JupyterLab's cell selection."""
    path, page = notebook_page
    selects = page.locator(".whatif-panel select")
    if selects.count() == 0:
        pytest.skip(f"{path.stem} has no preset list or option control")
    active = "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
    for k in range(selects.count()):
        select = selects.nth(k)
        select.scroll_into_view_if_needed()
        assert select.evaluate("el => el.labels.length === 1 && el.labels[0].textContent.trim() !== ''"), (
            f"{path.stem}: drop-down {k} has no label of its own")
        select.focus()
        cell, before = page.evaluate(active), select.input_value()
        page.keyboard.press("ArrowDown")
        if select.input_value() == before:  # already the last choice
            page.keyboard.press("ArrowUp")
        assert select.input_value() != before, f"{path.stem}: the arrow keys did not change drop-down {k}"
        assert page.evaluate(active) == cell, f"{path.stem}: the arrow keys moved JupyterLab's cell selection"
        assert page.evaluate("() => document.activeElement.tagName") == "SELECT", "focus left the drop-down"
        reset = select.locator("xpath=ancestor::*[contains(@class,'whatif-panel')][1]").get_by_role(
            "button", name=re.compile("Reset to defaults"))
        reset.click()
        page.wait_for_timeout(500)


@pytest.mark.browser
def test_readable_at_200_percent_zoom(notebook_page):
    path, page = notebook_page
    page.set_viewport_size({"width": 683, "height": 384})  # 1366 x 768 at 200% zoom
    try:
        page.wait_for_timeout(800)
        area = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer, .jp-NotebookPanel").first.bounding_box()
        right = area["x"] + area["width"] + 1
        things = page.locator(f".whatif-panel :is({CONTROLS}), .whatif-panel img, img.course-chart")
        assert things.count() > 0
        for k in range(things.count()):
            thing = things.nth(k)
            thing.scroll_into_view_if_needed()
            box = thing.bounding_box()
            what = thing.evaluate("el => el.outerHTML.slice(0, 100)")
            assert box and box["width"] > 10 and box["height"] > 8, f"{path.stem}: {what} is not drawn at 200%"
            assert box["x"] >= area["x"] - 1 and box["x"] + box["width"] <= right, (
                f"{path.stem}: {what} runs off the notebook at 200% zoom")
        panel = page.locator(".whatif-panel").first
        if panel.count():
            panel.scroll_into_view_if_needed()
        _shot(page, f"{path.stem}-200pct")
    finally:
        page.set_viewport_size({"width": 1366, "height": 768})


def _focused(page) -> str:
    return page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)
