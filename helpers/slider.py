"""An accessible slider for the what-if panels.

ipywidgets' own sliders draw their handle as a ``div role="slider"`` that cannot be given a name, so a
screen reader announces an unnamed slider (axe-core: ``aria-input-field-name``). This slider is the
browser's native ``<input type="range">`` with a real ``<label>`` (the frame every course field shares,
:mod:`helpers.field`): it has a name (the control's label and unit), reads its value out in words
(``aria-valuetext``: "10 percent"), works with the keyboard (arrows, Page Up/Down, Home/End) and cannot
leave its range.
"""

from __future__ import annotations

import traitlets

from .checks import check_number
from .field import Field

__all__ = ["Slider"]

_BOUND = 1e300  # any finite number is a valid bound


class Slider(Field):
    """``Slider(value=0.1, min=0, max=0.5, step=0.01, label="Share who try to leave", unit="share",
    words="10 percent", readout="0.10")``; ``value`` follows the student's moves."""

    _kind = "slider"
    _build = r"""
    function build({ model, id }) {
      const unit = document.createElement("span");
      unit.className = "whatif-unit";
      const row = document.createElement("div");
      row.className = "whatif-slider-row";
      const input = document.createElement("input");
      input.type = "range";
      const out = document.createElement("output");
      out.htmlFor = id;
      out.className = "whatif-readout";
      out.setAttribute("aria-hidden", "true");
      row.append(input, out);
      input.addEventListener("input", () => {
        model.set("value", Number(input.value));
        model.save_changes();
      });
      function sync() {
        input.min = model.get("min");
        input.max = model.get("max");
        input.step = model.get("step");
        if (document.activeElement !== input || Number(input.value) !== model.get("value")) {
          input.value = model.get("value");
        }
        unit.textContent = model.get("unit") ? ` (${model.get("unit")})` : "";
        input.setAttribute("aria-valuetext", model.get("words"));
        out.textContent = model.get("readout");
      }
      return { control: input, labelParts: [unit], after: [row], sync };
    }
    """
    # Compact, for a one-screen panel: the label (name and unit) on one line, the slider filling the
    # column with its readout at the right. The value in words stays in the label for a screen reader
    # (and in aria-valuetext) but is not drawn twice: the readout shows it.
    _style = r"""
    .whatif-slider-box { gap: 0; margin: 2px 0 3px 0; min-width: 0; }
    .whatif-slider-label { line-height: 1.25; font-size: 13px; }
    .whatif-slider-label .whatif-words { position: absolute; width: 1px; height: 1px; overflow: hidden;
      clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
    .whatif-slider-row { display: flex; align-items: center; gap: 8px; }
    .whatif-slider { flex: 1 1 auto; min-width: 6em; width: auto; height: 20px; margin: 0; accent-color: #0072B2; }
    .whatif-readout { flex: none; min-width: 4.5em; text-align: right; font-variant-numeric: tabular-nums; }
    """

    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.01).tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    readout = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("value")
    def _within_range(self, proposal):
        # the browser keeps a range input inside its range; the kernel clamps a number to it too, and refuses
        # what is not a finite number
        value = check_number("value", proposal["value"], -_BOUND, _BOUND)
        return min(max(value, self.min), self.max)

    @traitlets.validate("min", "max")
    def _bounds(self, proposal):
        name = proposal["trait"].name
        bound = check_number(name, proposal["value"], -_BOUND, _BOUND)
        low, high = (bound, self.max) if name == "min" else (self.min, bound)
        if low > high:
            raise ValueError(f"min must not exceed max; got min={low:g}, max={high:g}")
        return bound

    @traitlets.validate("step")
    def _positive_step(self, proposal):
        step = check_number("step", proposal["value"], 0, _BOUND)
        if step == 0:
            raise ValueError("step must be a number above 0; got 0")
        return step
