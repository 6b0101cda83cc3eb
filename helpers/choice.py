"""An accessible drop-down for the what-if panels (presets and option controls).

ipywidgets' ``Dropdown`` lets the arrow keys through to JupyterLab, which then moves its cell
selection instead of the choice (ipywidgets issue #3912, open upstream): a keyboard user can reach a
preset list but cannot pick from it. This drop-down is the browser's native ``<select>`` with a real
``<label>`` (the frame every course field shares, :mod:`helpers.field`): the keys pressed on it stay
on it and it has a name (label and the chosen value in words).
"""

from __future__ import annotations

from collections.abc import Hashable

import traitlets

from .checks import _short, check_choice
from .field import MOVE_KEYS, Field

__all__ = ["Choice"]


def _pairs(options) -> list[tuple[str, object]]:
    """``options`` as (label, value) pairs: each a pair with a text label, or a plain text (its own label)."""
    if isinstance(options, (str, bytes, dict)) or not isinstance(options, (list, tuple)):
        raise ValueError(f"options must be a list of (label, value) pairs or texts; got {_short(options)}")
    pairs = []
    for option in options:
        pair = (option, option) if isinstance(option, str) else option
        if (not isinstance(pair, (list, tuple)) or len(pair) != 2 or not isinstance(pair[0], str)
                or not isinstance(pair[1], Hashable)):
            raise ValueError(f"options must be (label, value) pairs or texts; got {_short(option)}")
        pairs.append(tuple(pair))
    if not pairs:
        raise ValueError("options must name at least one choice")
    return pairs


class Choice(Field):
    """``Choice(options=[("USGS (United States)", "USGS"), ...], value="USGS", label="Agency")``.

    ``options`` are ``(label, value)`` pairs (or plain strings, their own labels); ``value`` follows
    the student's pick; ``words`` is what the label says the current value is.
    """

    _kind = "choice"
    _keys = (*MOVE_KEYS, "Enter", " ")  # Enter and Space open the list
    _build = r"""
    function build({ model }) {
      const select = document.createElement("select");
      select.addEventListener("change", () => {
        model.set("index", Number(select.value));
        model.save_changes();
      });
      function sync() {
        const labels = model.get("labels");
        if (select.options.length !== labels.length || [...select.options].some((o, i) => o.text !== labels[i])) {
          select.replaceChildren(...labels.map((text, i) => new Option(text, String(i))));
        }
        select.value = String(model.get("index"));
      }
      return { control: select, sync };
    }
    """
    _style = r"""
    .whatif-choice-box { gap: 2px; margin: 4px 0; }
    .whatif-choice-label { line-height: 1.3; }
    .whatif-choice { width: 16em; max-width: 100%; }
    """

    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    unit = ""  # the label's face is "name: value in words", as a slider's without a unit
    value = traitlets.Any(None)  # the chosen option's value (kernel side only)

    def __init__(self, options, value=None, **kwargs):
        pairs = _pairs(options)
        self._values = [v for _, v in pairs]
        index = self._index_of(value) if value is not None else 0
        super().__init__(labels=[lbl for lbl, _ in pairs], index=index, **kwargs)
        self.value = self._values[index]

    @property
    def options(self) -> list[tuple[str, object]]:
        return list(zip(self.labels, self._values))

    def _index_of(self, value) -> int:
        check_choice("value", value, self._values)
        return next(i for i, v in enumerate(self._values) if v == value and isinstance(v, bool) == isinstance(value, bool))

    @traitlets.validate("labels")
    def _one_label_per_option(self, proposal):
        labels = proposal["value"]
        if not all(isinstance(text, str) for text in labels) or len(labels) != len(self._values):
            raise ValueError(f"labels must be {len(self._values)} texts, one per option; got {_short(labels)}")
        return labels

    @traitlets.validate("index")
    def _index_in_range(self, proposal):
        index = proposal["value"]
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
