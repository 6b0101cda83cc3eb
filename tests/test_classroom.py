"""Classroom conventions of the what-if panels.

- What a notebook shows before it is run (JupyterLab before Run All, GitHub, nbviewer): every panel
  carries a still picture of itself - title, reading, figure with its alt text - beside the live
  widget, and never the widget's internal repr.
- A preset is a complete scenario applied from the defaults.
"""

import base64
import html
import re

import pytest

from conftest import NOTEBOOKS, what_if_factories

WIDGET = "application/vnd.jupyter.widget-view+json"
FACTORIES = what_if_factories()




@pytest.mark.parametrize("what_if", list(FACTORIES.values()), ids=list(FACTORIES))
def test_a_panel_has_a_still_picture_of_itself(what_if):
    panel = what_if()
    bundle = panel._repr_mimebundle_()
    assert WIDGET in bundle  # the live widget, preferred by JupyterLab when the kernel runs
    still = bundle["text/html"]
    assert html.escape(panel.spec.title) in still
    assert html.escape(str(panel.reading)) in still
    assert re.search(r"alt='([^']*)'", still).group(1) == html.escape(panel.alt_text(), quote=True)
    svg = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", still).group(1))
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert "VBox(" not in bundle["text/plain"] and panel.spec.title in bundle["text/plain"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_panels_show_their_still_picture(path):
    """The committed notebook stores the still picture, so a teacher previewing the course sees it."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET in data and "whatif" in str(data.get("text/plain", "")).lower() + str(data.get("text/html", "")):
                assert "whatif-static" in data.get("text/html", ""), f"{path.name}: a panel without its still picture"
            assert "VBox(children" not in str(data.get("text/plain", "")), f"{path.name}: a widget shows as VBox(...)"


@pytest.mark.parametrize("name", [n for n, f in FACTORIES.items() if f().spec.presets])
def test_a_preset_is_a_complete_scenario_from_the_defaults(name):
    """Moving a control and then choosing a preset gives exactly the preset, not a mix."""
    panel = FACTORIES[name]()
    spec = panel.spec
    for preset, values in spec.presets.items():
        untouched = next((c for c in spec.controls if c.name not in values and c.options is None), None)
        if untouched is not None:
            panel.set(**{untouched.name: untouched.high if untouched.default != untouched.high else untouched.low})
        panel.apply_preset(preset)
        assert panel.params == {**spec.defaults(), **values}
        assert panel.preset == preset  # recognised as the very preset chosen
    control = next(c for c in spec.controls if c.options is None)
    panel.set(**{control.name: control.low if panel.params[control.name] != control.low else control.high})
    assert panel.preset is None or panel.params == {**spec.defaults(), **spec.presets[panel.preset]}
