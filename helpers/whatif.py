"""The what-if kit shared by every notebook.

A what-if is a pure model function plus a short declaration::

    SPEC = WhatIf(
        title="Refugee flows after a collapse",
        model=simulate,                       # model(**params) -> result
        controls=(
            lever("severity", "Collapse severity", 0, 1, 0.5, step=0.05, help="..."),
            assumption("propensity", "Share who try to leave", 0, 0.5, 0.1, unit="share", help="..."),
        ),
        draw=draw,                            # draw(fig, baseline_result, result, params)
        read=read,                            # read(baseline_result, result, params) -> one sentence
        source=lambda: data.source("analogues"),
        alt="Line chart of ...",
        compare=(                             # the article's case beside yours, live in the panel
            ("left the country", lambda res: fmt.people(res.total_left)),
        ),
    )

    def what_if(**settings):
        return Panel(SPEC, **settings)

Every panel then looks and behaves the same: levers (policy choices) apart from assumptions
(how the world works), each control with label, unit, documented range and default; the
baseline (the article's implied case) drawn beside the student's case; a reset button; a
one-sentence reading that updates with the figure; and a programmatic face -
``panel.set(...)``, ``panel.result``, ``panel.reading``, ``panel.snapshot()``,
``panel.compare_table()``, ``panel.controls_table()`` - for tests, benchmarks and the verdict
export. Widgets are built only when the panel is displayed.
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple

from matplotlib.figure import Figure

from . import fmt, style
from .checks import _short, check_choice, check_names, check_number, check_text, check_type
from .saves import load_snapshot, save_snapshot

__all__ = ["Control", "lever", "assumption", "Headline", "WhatIf", "Panel", "save_snapshot", "load_snapshot"]

# One row of the "article's case vs your case" table: a label and how to show one result.
CompareRow = tuple[str, Callable[[Any], str]]

LEVER, ASSUMPTION = "lever", "assumption"

# Head of the middle column of the comparison table once the student has changed an assumption
# ({} is the baseline's column name, e.g. "article's case").
TWIN_NAME = "levers of the {}, your assumptions"
# What the preset list shows while the panel is no preset exactly.
NO_PRESET = "(choose a preset)"


class Headline(NamedTuple):
    """The one number a what-if's claim rests on: how to take it from a result and how to show it."""

    label: str                       # e.g. "people in China after three years"
    value: Callable[[Any], float]    # value(result) -> number
    show: Callable[[float], str]     # show(number) -> text (a helpers.fmt function)


@dataclass(frozen=True)
class Control:
    """One input of a what-if.

    ``low``/``high`` are the documented range (sliders cannot leave it, ``Panel.set``
    refuses values outside it); ``options`` turns the control into a drop-down of
    ``(label, value)`` pairs instead. ``help`` says what it means and where the default
    comes from.
    """

    name: str
    label: str
    low: float
    high: float
    default: Any
    step: float = 1.0
    unit: str = ""
    help: str = ""
    kind: str = LEVER
    options: tuple[tuple[str, Any], ...] | None = None

    def __post_init__(self):
        check_text("name", self.name, limit=100), check_text("label", self.label, limit=1000)
        self.options is None and (check_number("low", self.low, -1e300, 1e300), check_number("high", self.high, -1e300, 1e300))
        if self.kind not in (LEVER, ASSUMPTION):
            raise ValueError(f"kind must be 'lever' or 'assumption'; got {self.kind!r}")
        if self.options is None:
            if not self.low < self.high:
                raise ValueError(f"control {self.name}: low must be below high")
            check_number(f"default of {self.name}", self.default, self.low, self.high, self.unit)
        else:
            check_choice(f"default of {self.name}", self.default, [v for _, v in self.options])

    @property
    def is_int(self) -> bool:
        return self.options is None and all(float(v).is_integer() for v in (self.low, self.high, self.step, self.default))

    def check(self, value):
        """Return ``value`` validated (ValueError naming the control and its range)."""
        if self.options is not None:
            return check_choice(self.name, value, [v for _, v in self.options])
        number = check_number(self.name, value, self.low, self.high, self.unit)
        return int(round(number)) if self.is_int else number

    def range_text(self) -> str:
        if self.options is not None:
            return "one of: " + ", ".join(label for label, _ in self.options)
        if self._is_share():
            return f"{_readout(self, self.low)} to {_readout(self, self.high)}{_PER[self.unit]}"
        unit = f" {self.unit}" if self.unit else ""
        return f"{fmt.value(self.low)} to {fmt.value(self.high)}{unit}"

    def value_text(self, value) -> str:
        value = self.check(value)  # a value outside the control's range or options is refused by its name
        if self.options is not None:
            return next(label for label, v in self.options if v == value)
        if self._is_share():  # shares read as percentages everywhere: "10%", not "0.1 share"
            return f"{_readout(self, value)}{_PER[self.unit]}"
        return f"{fmt.value(value)}{' ' + self.unit if self.unit else ''}"

    def _is_share(self) -> bool:
        return self.options is None and self.unit in _PER and 0 <= self.low and self.high <= 1


def lever(name, label, low, high, default, **kw) -> Control:
    """A policy choice someone could make (e.g. China's border policy)."""
    check_names("kw", kw, ("step", "unit", "help", "options"))
    return Control(name, label, low, high, default, kind=LEVER, **kw)


def assumption(name, label, low, high, default, **kw) -> Control:
    """A belief about how the world works (e.g. the share of people who would try to flee)."""
    check_names("kw", kw, ("step", "unit", "help", "options"))
    return Control(name, label, low, high, default, kind=ASSUMPTION, **kw)


@dataclass(frozen=True)
class WhatIf:
    """Declaration of a what-if: a model, its controls, how to draw it and how to read it."""

    title: str
    model: Callable[..., Any]
    controls: tuple[Control, ...]
    draw: Callable[[Figure, Any, Any, Mapping[str, Any]], None]
    read: Callable[[Any, Any, Mapping[str, Any]], str]
    source: str | Callable[[], str]
    alt: str | Callable[[Any, Mapping[str, Any]], str]
    baseline: Mapping[str, Any] = field(default_factory=dict)
    baseline_label: str = "the article's case"
    presets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    summary: Callable[[Any], Mapping[str, Any]] | None = None
    save_as: str | None = None
    figsize: tuple[float, float] = (style.PANEL_WIDTH, 4.0)  # shown beside the controls: see style.margins
    # Optional fast path: draw(...) returns handles to the artists that change, and
    # update(handles, baseline_result, result, params) moves them instead of redrawing the figure
    # (or returns False when a change needs the whole figure drawn again, e.g. a new time axis).
    update: Callable[[Any, Any, Any, Mapping[str, Any]], None] | None = None
    intro: str = ""
    # The "article's case vs your case" table: (label, show(result) -> text) rows, shown live in the
    # panel and by Panel.compare_table(); ``compare_names`` head its two columns.
    compare: tuple[CompareRow, ...] = ()
    compare_names: tuple[str, str] = ("article's case", "your case")
    # Why the baseline is "the article's case": what the op-ed's reasoning implies, or plainly
    # "the course's choice" where the op-ed is silent. Shown in the panel and its still picture.
    baseline_basis: str = ""
    # The number the claim rests on; with it, the reading splits the change from the article's case
    # into the part the student's assumptions make (the twin) and the part their levers make.
    headline: Headline | None = None
    # plausible(result, params) -> sentences for results far outside anything observed ([] if none).
    plausible: Callable[[Any, Mapping[str, Any]], list[str]] | None = None
    # The Save button's words: a panel of settings saves settings; notebook 00's saves answers.
    save_label: str = "Save my settings"

    def __post_init__(self):
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.title}: control names must be unique")
        for values in self.presets.values():
            for key, value in values.items():
                self.control(key).check(value)
        for key, value in self.baseline.items():
            self.control(key).check(value)

    def control(self, name: str) -> Control:
        for c in self.controls:
            if isinstance(name, str) and c.name == name:
                return c
        known = ", ".join(c.name for c in self.controls)
        raise ValueError(f"{self.title}: no control named {_short(name)}; the controls are {known} (name must be one of them)")

    def defaults(self) -> dict[str, Any]:
        return {c.name: c.default for c in self.controls}

    def baseline_params(self) -> dict[str, Any]:
        return {**self.defaults(), **self.baseline}

    def source_text(self) -> str:
        return self.source() if callable(self.source) else self.source

    def compare_column(self, result) -> list[str]:
        """One column of the comparison table: every ``compare`` row shown for ``result``."""
        return [str(show(result)) for _, show in self.compare]

    def controls_table(self):
        """The documentation of every control as a DataFrame (shown under each panel)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "control": c.label,
                    "kind": "lever (a choice)" if c.kind == LEVER else "assumption (how the world works)",
                    "range": c.range_text(),
                    "default": c.value_text(c.default),
                    "what it means": c.help,
                }
                for c in self.controls
            ]
        ).set_index("control")


class Panel:
    """A live what-if: the student's settings, the result, the reading and (lazily) the widgets."""

    def __init__(self, spec: WhatIf, **settings):
        self.spec = check_type("spec", spec, WhatIf, "a WhatIf declaration")
        self._params = spec.defaults()
        self._baseline_params = spec.baseline_params()
        self.baseline_result = spec.model(**self._baseline_params)
        self._fig: Figure | None = None
        self._drawn_for: tuple | None = None  # the settings the figure shows
        self._svg: tuple[tuple, bytes] | None = None  # the settings last saved as SVG, and the SVG
        self._handles: Any = None
        self._widgets = None
        self._syncing = False
        self._baseline_compare: list[str] | None = None
        self._twin_key: tuple | None = None
        self._twin_result: Any = None
        self._twin_compare: list[str] | None = None
        self._validate_into(self._params, settings)
        self._recompute()

    # ---- programmatic face -------------------------------------------------------------
    @property
    def params(self) -> dict[str, Any]:
        """The student's current settings (a copy)."""
        return dict(self._params)

    @property
    def result(self) -> Any:
        """The model's output for the current settings."""
        return self._result

    @property
    def reading(self) -> str:
        """One sentence, in plain words, on what the current settings imply."""
        return self._reading

    @property
    def twin_params(self) -> dict[str, Any] | None:
        """The article's levers under the student's assumptions - or None while the student's
        assumptions are the baseline's (then every difference from the article's case is a lever's)."""
        assumptions = {c.name: self._params[c.name] for c in self.spec.controls if c.kind == ASSUMPTION}
        if len(assumptions) == len(self.spec.controls):  # no levers: the twin would be the student's own case
            return None
        if all(self._baseline_params[k] == v for k, v in assumptions.items()):
            return None
        return {**self._baseline_params, **assumptions}

    @property
    def twin_result(self) -> Any:
        """The model's output for :attr:`twin_params` (None when there is no twin)."""
        return self._twin_result

    @property
    def flags(self) -> list[str]:
        """Warnings for results far outside anything observed (empty when the result is plausible)."""
        return list(self._flags)

    def set(self, **values) -> "Panel":
        """Change one or more controls; raises ValueError for unknown names or values out of range."""
        new = dict(self._params)
        self._validate_into(new, values)
        self._params = new
        self._recompute()
        self._sync_widgets()
        return self

    def reset(self) -> "Panel":
        """Back to the defaults."""
        self._params = self.spec.defaults()
        self._recompute()
        self._sync_widgets()
        return self

    def apply_preset(self, name: str) -> "Panel":
        """Apply a named scenario *from the defaults*: a preset is a complete scenario, so nothing the
        student set earlier carries over into it."""
        check_choice("preset name", name, list(self.spec.presets))
        new = self.spec.defaults()
        self._validate_into(new, self.spec.presets[name])
        self._params = new
        self._recompute()
        self._sync_widgets()
        return self

    @property
    def preset(self) -> str | None:
        """The preset the current settings are exactly, or None once a control has moved away from it."""
        for name, values in self.spec.presets.items():
            scenario = {**self.spec.defaults(), **values}
            if all(self._params[k] == scenario[k] for k in scenario):
                return name
        return None

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready record of this what-if: settings, baseline, reading and summary numbers."""
        summary = dict(self.spec.summary(self._result)) if self.spec.summary else {}
        return {
            "what_if": self.spec.title,
            "settings": {c.name: self._params[c.name] for c in self.spec.controls},
            "baseline": dict(self._baseline_params),
            "reading": str(self._reading),
            "summary": {k: _jsonable(v) for k, v in summary.items()},
            "flags": list(self._flags),
        }

    def compare_table(self):
        """The article's case beside yours, one row per measure the what-if declares (``compare``)."""
        import pandas as pd

        if not self.spec.compare:
            raise ValueError(f"{self.spec.title}: this what-if declares no comparison rows (compare=...)")
        return pd.DataFrame(
            dict(self._compare_columns()),
            index=pd.Index([label for label, _ in self.spec.compare], name="measure"),
        )

    def _compare_columns(self) -> list[tuple[str, list[str]]]:
        """(name, cells) for each column: the article's case, the twin when there is one, yours."""
        base_name, your_name = self.spec.compare_names
        columns = [(base_name, self._baseline_column())]
        if self._twin_result is not None:  # the twin's column, like the baseline's, only changes with its result
            if self._twin_compare is None:
                self._twin_compare = self.spec.compare_column(self._twin_result)
            columns.append((TWIN_NAME.format(base_name), self._twin_compare))
        return [*columns, (your_name, self.spec.compare_column(self._result))]

    def controls_table(self):
        """What each control means, its range and its default (the table under each panel)."""
        return self.spec.controls_table()

    def _baseline_column(self) -> list[str]:
        if self._baseline_compare is None:
            self._baseline_compare = self.spec.compare_column(self.baseline_result)
        return self._baseline_compare

    def alt_text(self) -> str:
        alt = self.spec.alt
        return alt(self._result, self._params) if callable(alt) else alt

    def figure(self) -> Figure:
        """The figure for the current settings (baseline beside the student's case). The caller may
        change it, so the next :meth:`render` saves it afresh."""
        self._svg = None
        return self._figure()

    def _figure(self) -> Figure:
        settings = tuple(self._params.items())
        if self._fig is not None and settings == self._drawn_for:
            return self._fig  # drawn for these settings already (the still picture and the live panel share it)
        self._drawn_for = settings
        if self._fig is not None and self.spec.update is not None and self._handles is not None:
            # update() may return False: "this change needs the whole figure" (e.g. new axes limits)
            if self.spec.update(self._handles, self.baseline_result, self._result, self._params) is not False:
                return self._fig
        if self._fig is None:
            self._fig = Figure(figsize=self.spec.figsize)
        fig = self._fig
        fig.clear()  # the course style is applied globally by helpers.style (no rc_context: it is slow)
        self._handles = self.spec.draw(fig, self.baseline_result, self._result, self._params)
        return fig

    def render(self) -> bytes:
        """SVG bytes of :meth:`figure`: what the widget shows, and what benchmarks time.

        SVG with real text (not glyph paths) renders about twice as fast as PNG here,
        stays sharp on a projector and keeps the labels readable by screen readers.
        """
        fig = self._figure()
        if self._svg is not None and self._svg[0] == self._drawn_for:
            return self._svg[1]  # saved for these settings already (the still picture and the live panel)
        svg = style.svg_bytes(fig)
        self._svg = (self._drawn_for, svg)
        return svg

    def chart(self) -> style.Chart:
        """The current figure as a static Chart (for printing or saving)."""
        return style.Chart(self.figure(), self.alt_text(), self.spec.source_text())

    def save(self, folder: str | Path = "my_work") -> Path:
        """Save :meth:`snapshot` under ``folder`` without losing an earlier save."""
        if not self.spec.save_as:
            raise ValueError(f"{self.spec.title}: this what-if has no save_as name")
        return save_snapshot(self.snapshot(), self.spec.save_as, folder)

    # ---- internals ---------------------------------------------------------------------
    def _validate_into(self, params: dict, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            params[name] = self.spec.control(name).check(value)

    def _recompute(self) -> None:
        spec = self.spec
        self._result = spec.model(**self._params)
        twin = self.twin_params
        key = None if twin is None else tuple(sorted(twin.items()))
        if key != self._twin_key:  # the twin moves only with the assumptions: a lever move reuses it
            self._twin_key, self._twin_result = key, (None if twin is None else spec.model(**twin))
            self._twin_compare = None
        self._flags = list(spec.plausible(self._result, self._params)) if spec.plausible else []
        text = str(spec.read(self.baseline_result, self._result, self._params))
        split = self._split_sentence()
        self._reading_core = f"{text} {split}" if split else text
        flags = " ".join(self._flags)
        self._reading = Reading(f"{self._reading_core} Caution: {flags}" if flags else self._reading_core)

    def _split_sentence(self) -> str:
        """How much of the change in the headline number the student's assumptions make, and how much
        their levers make (empty without a headline or while the assumptions are the baseline's)."""
        head = self.spec.headline
        if head is None or self._twin_result is None:
            return ""
        base, twin, yours = (head.show(head.value(r)) for r in (self.baseline_result, self._twin_result, self._result))
        where = self.spec.compare_names[0]
        levers_moved = any(self._params[c.name] != self._baseline_params[c.name]
                           for c in self.spec.controls if c.kind == LEVER)
        if not levers_moved:
            if base == yours:
                return f"Your assumptions leave {head.label} at {base}, as in the {where}."
            return (f"All of the change in {head.label} ({base} in the {where}, {yours} in yours) "
                    f"comes from your assumptions: your levers are those of the {where}.")
        if base == twin == yours:
            return f"Neither your assumptions nor your levers move {head.label} from {base}."
        if base == twin:
            return f"Your assumptions alone leave {head.label} at {base}; your levers take it to {yours}."
        if twin == yours:
            return f"Your assumptions alone move {head.label} from {base} to {twin}; your levers leave it there."
        return (f"Split: your assumptions alone move {head.label} from {base} to {twin}; "
                f"your levers then take it to {yours}.")

    # ---- widgets -----------------------------------------------------------------------
    @property
    def widget(self):
        """The ipywidgets view (built on first use)."""
        if self._widgets is None:
            self._widgets = _build_widgets(self)
        return self._widgets["box"]

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        # Shown where the live widget cannot be: a notebook opened before it is run, GitHub, nbviewer.
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"What if? {self.spec.title}\nReading: {self._reading}\n(Run the notebook to move the controls.)"
        return bundle

    def static_html(self) -> str:
        """The panel as a still picture, laid out as the live panel: on the left the title, reading,
        figure (with its alt text), comparison table and sources; on the right the settings it was saved
        with and a note that the controls come alive when the notebook runs. Inline styles only (a
        notebook that is not trusted loses <style> elements)."""
        svg = base64.b64encode(self.render()).decode("ascii")
        small = "color:#444;font-size:12px"
        groups = "".join(
            f"<div style='margin:6px 0 0 0;font-weight:bold'>{html.escape(heading)}"
            f"<span style='font-weight:normal;{small}'>{' - ' + html.escape(note) if note else ''}</span></div>"
            + "".join(f"<div style='margin:2px 0'>{html.escape(_dollars_in_words(c.label))}: "
                      f"<b>{html.escape(_dollars_in_words(value_words(c, self._params[c.name])))}</b></div>"
                      for c in members)
            for heading, note, members in _groups(self.spec))
        return (
            # tex2jax_ignore / mathjax_ignore: "US$2 bn ... US$3 bn" is prices, not mathematics
            f"<div class='whatif-static tex2jax_ignore mathjax_ignore' style='border:1px solid #ccc;padding:6px 8px;font-size:13px;"
            f"line-height:1.35;display:flex;flex-wrap:wrap;gap:0 14px;align-items:flex-start'>"
            f"<div style='flex:1 1 520px;min-width:0;max-width:900px'>"
            f"<h3 style='margin:0 0 2px 0;font-size:15px'>What if? {html.escape(self.spec.title)}</h3>"
            f"{_reading_html(self._reading_core, self._flags)}"
            f"<img src='data:image/svg+xml;base64,{svg}' alt='{html.escape(self.alt_text(), quote=True)}' "
            f"style='width:100%;height:auto;display:block'>"
            f"<div style='{small}'>Grey dashed: {html.escape(self.spec.baseline_label)} (baseline). "
            f"Blue solid: your case.</div>{_basis_html(self.spec)}"
            f"{_left_aligned(_compare_html(self)) if self.spec.compare else ''}"
            f"<div style='{small}'>{html.escape(self.spec.source_text())}</div></div>"
            f"<div style='flex:1 1 300px;min-width:0;max-width:580px'>"
            f"<div style='padding:4px 6px;background:#f3f6fa;border-left:4px solid #0072B2'>A still picture: the "
            f"panel as it stood when the notebook was saved. Run the notebook (Run &gt; Run All Cells) to move "
            f"the controls.</div>{groups}</div></div>"
        )

    def _sync_widgets(self) -> None:
        if self._widgets is None:
            return
        self._syncing = True
        try:
            for name, w in self._widgets["controls"].items():
                if w.value != self._params[name]:
                    w.value = self._params[name]
        finally:
            self._syncing = False
        self._refresh_view()

    def _refresh_view(self) -> None:
        w = self._widgets
        w["image"].value = _image_html(self.render(), self.alt_text())
        w["reading"].value = _reading_html(self._reading_core, self._flags)
        if w.get("compare") is not None:
            w["compare"].value = _compare_html(self)
        for name, control in w["controls"].items():
            c, value = self.spec.control(name), self._params[name]
            if c.options is None:
                control.words, control.readout = _dollars_in_words(value_words(c, value)), _readout(c, value)
            else:
                control.words = _dollars_in_words(value_words(c, value))
        if w.get("preset") is not None:  # the preset list names the preset the panel is, if any
            syncing, self._syncing = self._syncing, True
            try:
                w["preset"].value = self.preset or NO_PRESET
            finally:
                self._syncing = syncing
        w["status"].value = ""

    def _on_widget_change(self, name, change) -> None:
        if self._syncing:
            return
        control = self.spec.control(name)
        value = change["new"]
        if control.is_int and isinstance(value, float) and value.is_integer():
            value = int(value)  # the slider speaks in floats
        self._params[name] = control.check(value)
        self._recompute()
        self._refresh_view()


class Reading(str):
    """The panel's one-sentence reading: a plain str that displays as a sentence, not a quoted repr."""

    def _repr_pretty_(self, printer, cycle):
        printer.text(f"Reading: {self}")

    def _repr_markdown_(self):
        return f"**Reading:** {self}"


def _reading_html(text: str, flags: list[str] | tuple[str, ...] = ()) -> str:
    # A polite live region: a screen reader announces the new reading after each move. A result far
    # outside anything observed adds a visible "Caution" line inside the same region.
    caution = "".join(f"<div class='whatif-flag' style='margin-top:4px;padding:2px 6px;border-left:4px solid #a15c00;"
                      f"background:#fff4e5;color:#1a1a1a'><b>Caution:</b> {html.escape(f)}</div>" for f in flags)
    return (f"<div class='whatif-reading-text' role='status' aria-live='polite' aria-atomic='true'>"
            f"<b>Reading:</b> {html.escape(text)}{caution}</div>")


def _basis_html(spec: WhatIf) -> str:
    """Why the baseline is the article's case (empty when the what-if does not say)."""
    if not spec.baseline_basis:
        return ""
    return (f"<div class='whatif-basis' style='color:#444;font-size:90%'><b>Why this is "
            f"{html.escape(spec.baseline_label)}:</b> {html.escape(spec.baseline_basis)}</div>")


def _image_html(svg: bytes, alt: str) -> str:
    """The panel's picture as an <img> named by its alt text (ipywidgets' Image has no alt)."""
    data = base64.b64encode(svg).decode("ascii")
    return (f"<img class='whatif-figure' src='data:image/svg+xml;base64,{data}' alt='{html.escape(alt, quote=True)}' "
            f"style='width:100%;height:auto;display:block'>")


_PER = {"share": "", "share a week": " a week", "per year": " a year"}


def value_words(c: Control, value) -> str:
    """A control's value as a screen reader should hear it: shares as percent, units in words."""
    check_type("c", c, Control, "a Control (lever or assumption)").check(value)
    if c.options is not None:
        return c.value_text(value)
    if c.unit in _PER and 0 <= c.low and c.high <= 1:
        return f"{fmt.value(round(float(value) * 100, 6))} percent{_PER[c.unit]}"
    if c.unit.startswith("%"):
        return f"{fmt.value(value)} percent{c.unit[1:]}"
    if c.unit == "" and (c.low, c.high) == (0, 1):
        return f"{fmt.value(value)} on a scale from 0 to 1"
    return c.value_text(value)


def _readout(c: Control, value) -> str:
    """The number beside a slider: shares as percentages, so it agrees with the label's words."""
    if c.unit in _PER and 0 <= c.low and c.high <= 1:
        return f"{fmt.value(round(float(value) * 100, 6))}%"
    return fmt.value(value)


def _control_label(c: Control, value) -> str:
    """The label of a control's field (a real <label for=...>): name, unit and the value in words."""
    unit = f" <span class='whatif-unit'>({_no_dollar(c.unit)})</span>" if c.unit and c.options is None else ""
    return (f"<b>{_no_dollar(c.label)}</b>{unit}: "
            f"<span class='whatif-words'>{_no_dollar(value_words(c, value))}</span>")


def _no_dollar(text: str) -> str:
    # ipywidgets typesets labels with MathJax, which reads "US$ ... US$" as mathematics; and a
    # screen reader says "US dollars" better than "U S dollar sign".
    return html.escape(_dollars_in_words(text))


def _dollars_in_words(text: str) -> str:
    """Plain text for the sliders' labels (set as text, not HTML): "US$" said as "US dollars"."""
    return text.replace("US$", "US dollars").replace("$", " dollars")


# Controls are native form fields (range sliders from helpers/slider.py, and drop-downs), each with a
# <label for=...>: ipywidgets' sliders draw a handle that no Python-side option can name for a screen reader.
#
# One screen (issue 10): the panel is two columns - on the left the reading, the figure and the
# comparison; on the right, in a compact column, the tools and the controls (as En-ROADS does) - so that
# at 1366 x 768 with JupyterLab's file browser open the reading, the figure and every control are seen
# together. The columns wrap one under the other when the notebook is narrow (200% zoom).
# Text lines are tight (JupyterLab's widget HTML uses a 28 px line), labels wrap, every control shows a
# visible focus ring.
_PANEL_CSS = """<style>
.whatif-panel, .whatif-static { font-size: 13px; line-height: 1.35; }
.whatif-panel .widget-html-content, .whatif-panel .widget-html { line-height: 1.35; height: auto; }
.whatif-panel .whatif-main { gap: 0 14px; align-items: flex-start; }
.whatif-panel .whatif-left { flex: 1 1 520px; min-width: 0; max-width: 900px; }
.whatif-panel .whatif-right { flex: 1 1 300px; min-width: 0; max-width: 580px; }
.whatif-panel h3.whatif-title { margin: 0 0 2px 0; font-size: 15px; line-height: 1.25; }
.whatif-panel .whatif-intro, .whatif-panel .whatif-small { color: #444; font-size: 12px; }
.whatif-panel .whatif-reading-text { margin: 2px 0; }
.whatif-panel .whatif-group-head { margin: 6px 0 0 0; font-size: 13px; }
.whatif-panel .whatif-group-head span { font-weight: normal; color: #4a4a4a; font-size: 12px; }
.whatif-panel .whatif-grid { grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 0 12px; }
.whatif-panel .whatif-grid.whatif-dense { grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); }
.whatif-panel .whatif-dense .whatif-slider-label { font-size: 12px; line-height: 1.15; }
.whatif-panel .whatif-dense .whatif-slider-box { margin: 1px 0 2px 0; }
.whatif-panel .whatif-control { flex-direction: column; align-items: stretch; height: auto; margin: 0; }
.whatif-panel .whatif-control > .widget-label { width: auto; height: auto; max-width: 100%; white-space: normal;
  overflow: visible; text-align: left; line-height: 1.25; margin: 3px 0 1px 0; padding: 0; color: #1a1a1a; }
.whatif-panel .whatif-control select { width: 100%; flex: none; height: 26px; }
.whatif-panel .whatif-tools { gap: 4px 6px; }
.whatif-panel .whatif-tools .jupyter-button, .whatif-panel .whatif-tools select { height: 28px; }
.whatif-panel .whatif-compare, .whatif-static .whatif-compare { font-size: 12px; margin-top: 4px; }
.whatif-compare th, .whatif-compare td { padding: 1px 6px; text-align: left; vertical-align: top; }
.whatif-panel details.whatif-source summary { cursor: pointer; color: #333; }
.whatif-panel input:focus-visible, .whatif-panel select:focus-visible, .whatif-panel button:focus-visible,
.whatif-panel summary:focus-visible { outline: 3px solid #0b5cad !important; outline-offset: 2px; }
</style>"""

# Up to this many controls stand in one column at 1366 x 768; a panel with more gets two narrow ones.
_ONE_COLUMN = 10

# The two kinds of control, in the order the panel shows them (a kind not listed here is shown after
# them under its own name).
_GROUPS = {LEVER: ("Levers", "choices someone could make"),
           ASSUMPTION: ("Assumptions", "how you think the world works")}


def _compare_html(panel: Panel) -> str:
    """The comparison table as HTML for the panel (rebuilt on each update: a few microseconds)."""
    columns = panel._compare_columns()
    head = "".join(f"<th>{html.escape(name)}</th>" for name, _ in columns)
    rows = "".join(
        "<tr><td>" + html.escape(label) + "</td>"
        + "".join(f"<td>{html.escape(c)}</td>" for c in cells[:-1]) + f"<td><b>{html.escape(cells[-1])}</b></td></tr>"
        for (label, _), cells in zip(panel.spec.compare, zip(*(col for _, col in columns)))
    )
    return (f"<table class='whatif-compare'><thead><tr><th>measure</th>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _left_aligned(table: str) -> str:
    """The comparison table with its cells left-aligned inline (JupyterLab right-aligns table cells, and
    the still picture cannot rely on a <style> element)."""
    style = " style='text-align:left;padding:1px 6px;vertical-align:top'"
    return table.replace("<td>", f"<td{style}>").replace("<th>", f"<th{style}>")


def _legend_html(spec: WhatIf) -> str:
    """What the two styles in the figure mean, and why the baseline is the article's case."""
    return (f"<div class='whatif-small'>Grey dashed: {html.escape(spec.baseline_label)} (baseline). "
            f"Blue solid: your case.</div>{_basis_html(spec)}")


def _source_html(spec: WhatIf) -> str:
    """The figure's sources, folded under a summary (a long list of tables would push the controls off
    the screen); a <details> opens with the keyboard too."""
    return (f"<details class='whatif-source whatif-small'><summary>Sources of this figure</summary>"
            f"{html.escape(spec.source_text())}</details>")


def _groups(spec: WhatIf) -> list[tuple[str, str, list[Control]]]:
    """(heading, note, controls) for each kind of control the what-if has, levers first."""
    kinds = [*_GROUPS, *dict.fromkeys(c.kind for c in spec.controls if c.kind not in _GROUPS)]
    out = []
    for kind in kinds:
        members = [c for c in spec.controls if c.kind == kind]
        if members:
            heading, note = _GROUPS.get(kind, (kind.capitalize(), ""))
            out.append((heading, note, members))
    return out


def _group_head(heading: str, note: str) -> str:
    return (f"<h4 class='whatif-group-head'>{html.escape(heading)}"
            + (f" <span>- {html.escape(note)}</span>" if note else "") + "</h4>")


def _build_widgets(panel: Panel) -> dict:
    import ipywidgets as W

    from .choice import Choice  # a native <select> for presets and options: arrow keys stay on it (ipywidgets #3912)

    spec = panel.spec
    controls: dict[str, W.Widget] = {}

    def make(c: Control):
        value = panel.params[c.name]
        if c.options is not None:
            w = Choice(options=list(c.options), value=value, label=_dollars_in_words(c.label),
                       words=_dollars_in_words(value_words(c, value)), help=c.help, layout=W.Layout(width="auto"))
        else:
            from .slider import Slider

            w = Slider(value=value, min=c.low, max=c.high, step=c.step, label=_dollars_in_words(c.label),
                       unit=_dollars_in_words(c.unit), words=_dollars_in_words(value_words(c, value)),
                       readout=_readout(c, value),
                       help=c.help, layout=W.Layout(width="auto"))
        w.observe(lambda change, n=c.name: panel._on_widget_change(n, change), names="value")
        controls[c.name] = w
        return w

    # Right column: presets and buttons first, then one group of controls per kind, each a grid that
    # is one column wide at 1366 x 768 and two at 1920 x 1080.
    right: list = []
    tools = []
    if spec.presets:
        preset = Choice(options=[NO_PRESET, *spec.presets], value=panel.preset or NO_PRESET, label="Preset",
                        help="A complete scenario, applied from the defaults", layout=W.Layout(width="100%"))

        def on_preset(change):
            if change["new"] in spec.presets and not panel._syncing:
                panel.apply_preset(change["new"])

        preset.observe(on_preset, names="value")
        right.append(preset)
    reset = W.Button(description="Reset to defaults", icon="undo", tooltip="Put every control back to its default",
                     layout=W.Layout(width="auto"))
    reset.on_click(lambda _b: panel.reset())
    tools.append(reset)
    status = W.HTML("")
    if spec.save_as:
        save = W.Button(description=spec.save_label, icon="save", button_style="info", layout=W.Layout(width="auto"))

        def on_save(_b):
            try:
                path = panel.save()
            except OSError as exc:  # full disk, read-only folder: say so (earlier saves are kept)
                status.value = f"<span role='status'><b>Not saved:</b> {html.escape(str(exc))}</span>"
                return
            status.value = f"<span role='status'>Saved to {html.escape(path.as_posix())}</span>"

        save.on_click(on_save)
        tools.append(save)
    bar = W.HBox(tools, layout=W.Layout(flex_flow="row wrap", align_items="center"))
    bar.add_class("whatif-tools")
    right += [bar, status]
    for heading, note, members in _groups(spec):
        grid = W.GridBox([make(c) for c in members], layout=W.Layout(width="100%"))
        grid.add_class("whatif-grid")
        if len(spec.controls) > _ONE_COLUMN:  # many controls: two narrow columns even at 1366 x 768
            grid.add_class("whatif-dense")
        right += [W.HTML(_group_head(heading, note)), grid]

    # Left column: title, reading, the figure, what its styles mean, the comparison, the sources.
    title = W.HTML(_PANEL_CSS + f"<h3 class='whatif-title'>What if? {html.escape(spec.title)}</h3>"
                   + (f"<div class='whatif-intro'>{html.escape(spec.intro)}</div>" if spec.intro else ""))
    reading = W.HTML(_reading_html(panel._reading_core, panel._flags))
    reading.add_class("whatif-reading")
    image = W.HTML(_image_html(panel.render(), panel.alt_text()), layout=W.Layout(width="100%"))
    legend = W.HTML(_legend_html(spec))
    compare = W.HTML(_compare_html(panel)) if spec.compare else None
    left = [title, reading, image, legend, *([compare] if compare is not None else []), W.HTML(_source_html(spec))]

    left_box = W.VBox(left)
    left_box.add_class("whatif-left")
    right_box = W.VBox(right)
    right_box.add_class("whatif-right")
    main = W.HBox([left_box, right_box], layout=W.Layout(flex_flow="row wrap"))
    main.add_class("whatif-main")
    box = W.VBox([main], layout=W.Layout(border="1px solid #ccc", padding="6px 8px"))
    box.add_class("whatif-panel")
    return {"box": box, "controls": controls, "image": image, "reading": reading, "status": status,
            "compare": compare, "preset": preset if spec.presets else None}


def _jsonable(v):
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v
