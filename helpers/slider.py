"""An accessible slider for the what-if panels.

ipywidgets' own sliders draw their handle as a ``div role="slider"`` that cannot be given a name, so a
screen reader announces an unnamed slider (axe-core: ``aria-input-field-name``). This slider is the
browser's native ``<input type="range">`` with a real ``<label>``: it has a name (the control's label
and unit), reads its value out in words (``aria-valuetext``: "10 percent"), works with the keyboard
(arrows, Page Up/Down, Home/End) and cannot leave its range. It is an anywidget: a few lines of
JavaScript shipped inside this package, so nothing is fetched at run time and there is no build step.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["Slider"]


class Slider(anywidget.AnyWidget):
    """``Slider(value=0.1, min=0, max=0.5, step=0.01, label="Share who try to leave", unit="share",
    words="10 percent", readout="0.10")``; ``value`` follows the student's moves."""

    _esm = r"""
    function render({ model, el }) {
      // unique on the page: anywidget may load this module once per slider, so a counter here restarts
      // (getRandomValues, unlike randomUUID, works on a plain-http class server too)
      const id = `soft-landing-slider-${Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join("")}`;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.className = "whatif-slider-label";
      const name = document.createElement("b");
      const unit = document.createElement("span");
      unit.className = "whatif-unit";
      const words = document.createElement("span");
      words.className = "whatif-words";
      label.append(name, unit, words);
      const row = document.createElement("div");
      row.className = "whatif-slider-row";
      const input = document.createElement("input");
      input.type = "range";
      input.id = id;
      input.className = "whatif-slider";
      const out = document.createElement("output");
      out.htmlFor = id;
      out.className = "whatif-readout";
      out.setAttribute("aria-hidden", "true");
      row.append(input, out);
      function sync() {
        input.min = model.get("min");
        input.max = model.get("max");
        input.step = model.get("step");
        if (document.activeElement !== input || Number(input.value) !== model.get("value")) {
          input.value = model.get("value");
        }
        name.textContent = model.get("label");
        unit.textContent = model.get("unit") ? ` (${model.get("unit")})` : "";
        words.textContent = `: ${model.get("words")}`;
        input.setAttribute("aria-valuetext", model.get("words"));
        input.title = model.get("help");
        out.textContent = model.get("readout");
      }
      // JupyterLab's notebook would take the arrow keys for moving between cells: keep them here
      const KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
      input.addEventListener("keydown", (event) => { if (KEYS.includes(event.key)) event.stopPropagation(); });
      input.addEventListener("input", () => {
        model.set("value", Number(input.value));
        model.save_changes();
      });
      model.on("change", sync);
      sync();
      el.classList.add("whatif-slider-box");
      // keys pressed on the slider move the slider, not JupyterLab's cell selection
      el.setAttribute("data-lm-suppress-shortcuts", "true");
      el.append(label, row);
      return () => model.off("change", sync);
    }
    export default { render };
    """
    # Compact, for a one-screen panel: the label (name and unit) on one line, the slider filling the
    # column with its readout at the right. The value in words stays in the label for a screen reader
    # (and in aria-valuetext) but is not drawn twice: the readout shows it.
    _css = r"""
    .whatif-slider-box { display: flex; flex-direction: column; gap: 0; margin: 2px 0 3px 0; min-width: 0; }
    .whatif-slider-label { line-height: 1.25; color: #1a1a1a; font-size: 13px; }
    .whatif-slider-label .whatif-words { position: absolute; width: 1px; height: 1px; overflow: hidden;
      clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
    .whatif-slider-row { display: flex; align-items: center; gap: 8px; }
    .whatif-slider { flex: 1 1 auto; min-width: 6em; width: auto; height: 20px; margin: 0; accent-color: #0072B2; }
    .whatif-slider:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
    .whatif-readout { flex: none; min-width: 4.5em; text-align: right; font-variant-numeric: tabular-nums; }
    """

    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.01).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    words = traitlets.Unicode("").tag(sync=True)
    readout = traitlets.Unicode("").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("value")
    def _within_range(self, proposal):
        # the browser keeps a range input inside its range; the kernel does too
        return min(max(float(proposal["value"]), self.min), self.max)
