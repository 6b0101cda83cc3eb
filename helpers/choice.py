"""An accessible drop-down for the what-if panels (presets and option controls).

ipywidgets' ``Dropdown`` lets the arrow keys through to JupyterLab, which then moves its cell
selection instead of the choice (ipywidgets issue #3912, open upstream): a keyboard user can reach a
preset list but cannot pick from it. This drop-down is the browser's native ``<select>`` with a real
``<label>``, as an anywidget on the pattern of :mod:`helpers.slider`: the keys pressed on it stay on
it, it has a name (label and the chosen value in words) and nothing is fetched at run time.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["Choice"]


class Choice(anywidget.AnyWidget):
    """``Choice(options=[("USGS (United States)", "USGS"), ...], value="USGS", label="Agency")``.

    ``options`` are ``(label, value)`` pairs (or plain strings, their own labels); ``value`` follows
    the student's pick; ``words`` is what the label says the current value is.
    """

    _esm = r"""
    function render({ model, el }) {
      // unique on the page even when anywidget loads this module once per widget
      const id = `soft-landing-choice-${Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join("")}`;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.className = "whatif-choice-label";
      const name = document.createElement("b");
      const words = document.createElement("span");
      words.className = "whatif-words";
      label.append(name, words);
      const select = document.createElement("select");
      select.id = id;
      select.className = "whatif-choice";
      function sync() {
        const labels = model.get("labels");
        if (select.options.length !== labels.length || [...select.options].some((o, i) => o.text !== labels[i])) {
          select.replaceChildren(...labels.map((text, i) => new Option(text, String(i))));
        }
        select.value = String(model.get("index"));
        name.textContent = model.get("label");
        words.textContent = model.get("words") ? `: ${model.get("words")}` : "";
        select.title = model.get("help");
      }
      // JupyterLab's notebook would take these keys for moving between cells: keep them here
      const KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown",
                    "Enter", " "];
      select.addEventListener("keydown", (event) => { if (KEYS.includes(event.key)) event.stopPropagation(); });
      select.addEventListener("change", () => {
        model.set("index", Number(select.value));
        model.save_changes();
      });
      model.on("change", sync);
      sync();
      el.classList.add("whatif-choice-box");
      el.setAttribute("data-lm-suppress-shortcuts", "true");
      el.append(label, select);
      return () => model.off("change", sync);
    }
    export default { render };
    """
    _css = r"""
    .whatif-choice-box { display: flex; flex-direction: column; gap: 2px; margin: 4px 0; }
    .whatif-choice-label { line-height: 1.3; color: #1a1a1a; }
    .whatif-choice { width: 16em; max-width: 100%; }
    .whatif-choice:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
    """

    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    words = traitlets.Unicode("").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)
    unit = ""  # the label's face is "name: value in words", as a slider's without a unit
    value = traitlets.Any(None)  # the chosen option's value (kernel side only)

    def __init__(self, options, value=None, **kwargs):
        pairs = [(o, o) if isinstance(o, str) else tuple(o) for o in options]
        if not pairs:
            raise ValueError("options must name at least one choice")
        self._values = [v for _, v in pairs]
        index = self._index_of(value) if value is not None else 0
        super().__init__(labels=[str(lbl) for lbl, _ in pairs], index=index, **kwargs)
        self.value = self._values[index]

    @property
    def options(self) -> list[tuple[str, object]]:
        return list(zip(self.labels, self._values))

    def _index_of(self, value) -> int:
        for i, v in enumerate(self._values):
            if v == value:
                return i
        raise ValueError(f"value must be one of {self._values}; got {value!r}")

    @traitlets.validate("index")
    def _index_in_range(self, proposal):
        index = int(proposal["value"])
        if not 0 <= index < len(self.labels or self._values):
            raise ValueError(f"index must be between 0 and {len(self._values) - 1}; got {index}")
        return index

    @traitlets.validate("value")
    def _one_of_the_options(self, proposal):
        self._index_of(proposal["value"])
        return proposal["value"]

    @traitlets.observe("index")
    def _index_changed(self, change):
        if self.value != self._values[change["new"]]:
            self.value = self._values[change["new"]]

    @traitlets.observe("value")
    def _value_changed(self, change):
        index = self._index_of(change["new"])
        if self.index != index:
            self.index = index
