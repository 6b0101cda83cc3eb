"""One base for the course's own form fields: :class:`~helpers.slider.Slider` and :class:`~helpers.choice.Choice`.

ipywidgets' controls fall short for a keyboard or screen-reader user in two ways: a slider's handle
cannot be given a name, and a drop-down lets the arrow keys through to JupyterLab, which then moves
its cell selection (ipywidgets issue #3912). The course's fields are the browser's own form elements,
shipped as anywidgets (a few lines of JavaScript inside this package: nothing is fetched at run time,
there is no build step). Every field has the same frame, written once here:

- a real ``<label>`` tied to the field by an id unique on the page: its name in bold, then (a
  subclass may add parts, a slider its unit) ": " and the current value in words;
- the keys that move the field stay on it (JupyterLab's shortcuts are suppressed on its box), and a
  focused field shows a blue ring;
- the traits ``label``, ``words`` (the value in words) and ``help`` (the tooltip), checked as text.

A subclass names its ``_kind`` ("slider": CSS classes ``whatif-slider-box``, ``whatif-slider-label``,
``whatif-slider``), the ``_keys`` it keeps from JupyterLab, its ``_build`` (a JavaScript function that
makes the native element and says how to draw the model into it) and its own ``_style``; the
anywidget's ``_esm`` and ``_css`` are put together from these when the class is defined.
"""

from __future__ import annotations

import json
from typing import ClassVar

import anywidget
import traitlets

__all__ = ["Field"]

# Keys a focused field keeps (JupyterLab's notebook would take them for moving between cells).
MOVE_KEYS = ("ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown")

_ESM = r"""
const KIND = __KIND__;
const KEYS = __KEYS__;
// build({ model, id, label }) makes the field's own element(s): it returns { control } (the native
// element the label names and the keys stay on), optionally labelParts (drawn between the name and
// the value in words), after (elements drawn after the label) and sync() (draws the model into them)
__BUILD__
function render({ model, el }) {
  // unique on the page: anywidget may load this module once per field, so a counter here restarts
  // (getRandomValues, unlike randomUUID, works on a plain-http class server too)
  const id = `soft-landing-${KIND}-${Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join("")}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = `whatif-${KIND}-label`;
  const name = document.createElement("b");
  const words = document.createElement("span");
  words.className = "whatif-words";
  const field = build({ model, id, label });
  const control = field.control;
  control.id = id;
  control.className = `whatif-${KIND}`;
  label.append(name, ...(field.labelParts || []), words);
  function sync() {
    if (field.sync) field.sync();
    name.textContent = model.get("label");
    words.textContent = model.get("words") ? `: ${model.get("words")}` : "";
    control.title = model.get("help");
  }
  // keys pressed on the field move the field, not JupyterLab's cell selection
  control.addEventListener("keydown", (event) => { if (KEYS.includes(event.key)) event.stopPropagation(); });
  model.on("change", sync);
  sync();
  el.classList.add(`whatif-${KIND}-box`);
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  el.append(label, ...(field.after || [control]));
  return () => model.off("change", sync);
}
export default { render };
"""

_CSS = """
.whatif-{kind}-box {{ display: flex; flex-direction: column; }}
.whatif-{kind}-label {{ color: #1a1a1a; }}
.whatif-{kind}:focus-visible {{ outline: 3px solid #0b5cad; outline-offset: 2px; }}
"""


def _esm(kind: str, keys: tuple[str, ...], build: str) -> str:
    return (_ESM.replace("__KIND__", json.dumps(kind)).replace("__KEYS__", json.dumps(list(keys)))
            .replace("__BUILD__", build.strip()))


class Field(anywidget.AnyWidget):
    """A labelled native form field; see the module's docstring. Not shown by itself: use a subclass."""

    _kind: ClassVar[str] = ""
    _keys: ClassVar[tuple[str, ...]] = MOVE_KEYS
    _build: ClassVar[str] = ""
    _style: ClassVar[str] = ""

    label = traitlets.Unicode("").tag(sync=True)
    words = traitlets.Unicode("").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)

    def __init_subclass__(cls, **kwargs):
        if cls.__dict__.get("_build"):  # a field that draws itself: its module and style, from the shared frame
            cls._esm = _esm(cls._kind, cls._keys, cls._build)
            cls._css = _CSS.format(kind=cls._kind) + cls._style
        super().__init_subclass__(**kwargs)

    def __setattr__(self, name, value):
        # traitlets refuses a wrong type with a TraitError (a huge integer for a Float with an OverflowError);
        # the course's rule is a ValueError that names the setting
        try:
            super().__setattr__(name, value)
        except (traitlets.TraitError, OverflowError) as error:
            raise ValueError(f"{name}: {error}"[:300]) from None
