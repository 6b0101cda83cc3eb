"""One plotting style for the whole course: colour-blind-safe, legible on a projector,
a source line under every figure and alt text beside it.

Helpers build figures with :func:`figure` and hand them back wrapped in :class:`Chart`,
which displays as an SVG picture plus a plain-text description (the alt text and the source), so
notebooks show no ``<Figure ...>`` reprs and nbval compares the description.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from contextlib import contextmanager

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from .checks import (check_axes, check_choice, check_figure, check_flags, check_int, check_lengths, check_names, check_number,
                     check_numbers, check_pairs, check_path, check_series, check_style, check_text)

# Okabe & Ito (2008) palette, safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]
STUDENT = OKABE_ITO["blue"]  # the student's case: strong, solid
BASELINE = "#6b6b6b"  # the article's case: grey, dashed
ACCENT = OKABE_ITO["vermillion"]
# The same country has the same colour in every notebook's figures (maps, trade, flows of people).
COUNTRY = {"North Korea": OKABE_ITO["vermillion"], "China": OKABE_ITO["green"], "South Korea": OKABE_ITO["sky"],
           "Japan": OKABE_ITO["purple"]}
BASELINE_STYLE = {"color": BASELINE, "linestyle": "--", "linewidth": 2.2}
STUDENT_STYLE = {"color": STUDENT, "linestyle": "-", "linewidth": 3.0}

RC = {
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.titleweight": "bold",
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 11.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "lines.linewidth": 2.4,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.axisbelow": True,
    # Titles sit on the top edge of their axes (no course figure has ticks or labels up there): with the
    # height given, matplotlib does not measure the axes again on every save to find a free spot.
    "axes.titley": 1.0,
    "svg.hashsalt": "soft-landing",
    "svg.fonttype": "none",  # SVG text stays text: twice as fast as glyph paths, sharp, readable by screen readers
}

# The course style is applied when the helpers are imported: labels and titles are created
# after the figure, so a style that only wrapped figure creation would miss them.
matplotlib.rcParams.update(RC)

# Tables show whole sentences (claims, notes) rather than pandas' default 50 characters, and a
# table cell with two prices in it ("US$2 bn ... US$3 bn") is text, not a formula for MathJax.
pd.set_option("display.max_colwidth", 300)
pd.set_option("display.html.use_mathjax", False)


@contextmanager
def course_style():
    """Context in which figures get the course's rc settings."""
    with matplotlib.rc_context(RC):
        yield


def figure(width: float = 10.0, height: float = 5.2, **subplots) -> tuple[Figure, object]:
    """A new Figure (not registered with pyplot, so it never displays twice) and its axes."""
    check_number("width", width, 1, 50), check_number("height", height, 1, 50), check_names("subplots", subplots, _SUBPLOTS)
    with course_style():
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(**subplots)
    return fig, axes


# What-if panels show their figure beside the controls (issue 10: one 1366 x 768 screen): about 560 px
# wide there, so panel figures are drawn 7.2 inches wide (shown at about 0.8 of their size at 1366,
# larger at 1920) and their margins are set in inches, not in shares of a figure that may change size.
PANEL_WIDTH = 7.2


def margins(fig: Figure, left: float, right: float, top: float, bottom: float, **space) -> None:
    """``fig.subplots_adjust`` with the margins in inches (``wspace``/``hspace`` passed on as they are)."""
    check_figure("fig", fig)
    for name, inches in (("left", left), ("right", right), ("top", top), ("bottom", bottom)):
        check_number(name, inches, 0, 10)
    for name, value in space.items():
        check_choice("space", name, ["wspace", "hspace"]), check_number(name, value, 0, 5)
    w, h = fig.get_size_inches()
    fig.subplots_adjust(left=left / w, right=1 - right / w, top=1 - top / h, bottom=bottom / h, **space)


def add_source(fig: Figure, text: str, width: int = 140) -> None:
    """Write the source line in small grey type at the bottom left of ``fig``."""
    check_figure("fig", fig), check_text("text", text), check_int("width", width, 20, 1000)
    wrapped = "\n".join(textwrap.wrap(text, width=width))
    fig.supxlabel(wrapped, x=0.0, ha="left", fontsize=10, color="#444444", fontweight="normal")


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """Render ``fig`` to PNG bytes (deterministic: no timestamps in the metadata)."""
    check_figure("fig", fig), check_style(dpi=dpi)
    buf = io.BytesIO()
    with course_style():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def svg_bytes(fig: Figure) -> bytes:
    """Render ``fig`` to SVG bytes with text kept as text; deterministic (no date, fixed ids)."""
    check_figure("fig", fig)
    buf = io.BytesIO()
    # No rc_context here: the course style is global, and entering and leaving an rc_context
    # re-validates every setting, which cost a fifth of a panel update.
    # helpers._svg: matplotlib's SVG canvas, but text sizes are measured once per session instead of
    # once per save (the same SVG, a fifth less work per panel update).
    # A matplotlib release the caching canvas was not checked against saves with matplotlib's own.
    backend = "module://helpers._svg" if _SVG_CANVAS_CHECKED else None
    engine = fig.get_layout_engine()
    if backend is None or not isinstance(engine, ConstrainedLayoutEngine) or not fig.axes:  # (no axes: no layout)
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, backend=backend)
        return buf.getvalue()
    # A figure with constrained layout: savefig would first draw the whole figure with drawing switched
    # off, only to run the layout inside that draw, and then draw it again for real (the static charts
    # spent a fifth of their save on that first draw). Here the layout runs on its own, exactly as it
    # runs inside savefig (the same SVG canvas, at the SVG's 72 dpi), and the figure is saved once
    # without a layout engine: the same SVG, byte for byte (tests/test_style.py).
    _constrained_layout_for_svg(fig, engine)
    fig.set_layout_engine(None)
    try:
        if fig.get_layout_engine() is not None:  # rcParams ask for a layout on every figure: save as usual
            fig.set_layout_engine(engine)
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, backend=backend)
    finally:
        fig.set_layout_engine(engine)
    return buf.getvalue()


def _constrained_layout_for_svg(fig: Figure, engine: ConstrainedLayoutEngine) -> None:
    """Run ``engine`` on ``fig`` as savefig does before an SVG save: with the SVG canvas in place (its
    renderer measures the text) and the figure at 72 dpi (the SVG canvas sets it)."""
    from ._svg import FigureCanvas

    own, dpi = fig.canvas, fig.dpi
    FigureCanvas(fig)  # becomes fig.canvas for the layout, as savefig(backend=...) switches it for a save
    try:
        fig.dpi = 72
        engine.execute(fig)
    except ValueError:  # as Figure.draw does: a layout that cannot be made leaves the figure as it is
        pass
    finally:
        fig.dpi = dpi
        fig.set_canvas(own)


# helpers._svg follows matplotlib's print_svg of these releases (tests/test_kit.py compares the bytes).
_SVG_CANVAS_CHECKED = tuple(int(x) for x in matplotlib.__version__.split(".")[:2]) in {(3, 10), (3, 11)}


class Chart:
    """A finished figure: a picture named by its alt text, and the alt text and source as plain text
    for tests and text-only front ends."""

    def __init__(self, fig: Figure, alt: str, source: str):
        self.fig = check_figure("fig", fig)
        self.alt = check_text("alt", alt, empty=True)  # text: an empty one is refused below, as before
        self.source = check_text("source", source, empty=True)
        if not alt or not source:
            raise ValueError("a Chart needs both alt text and a source line")
        add_source(fig, source)

    def describe(self) -> str:
        return f"Figure: {self.alt}\n{self.source}"

    def html(self) -> str:
        """The chart as an <img> named by its alt text: JupyterLab draws a bare image output without
        any alt, so the picture is handed over as HTML (kept by JupyterLab's sanitizer). SVG with its
        text kept as text, as the panels draw: sharp on a projector, a third of a PNG's size, and about
        half the time to make (a notebook draws several)."""
        svg = base64.b64encode(svg_bytes(self.fig)).decode("ascii")
        return (f'<img class="course-chart" src="data:image/svg+xml;base64,{svg}" alt="{html.escape(self.alt, quote=True)}" '
                f'style="max-width:100%;height:auto">')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/plain": self.describe()}

    def __repr__(self) -> str:
        return self.describe()

    def save(self, path) -> None:
        path = check_path("path", path)
        with course_style():
            self.fig.savefig(path, dpi=150)


# ---- shared chart pieces ------------------------------------------------------------------------
# Every notebook's figures are drawn from these, so the same thing looks the same everywhere.
EVENT_COLOUR = "#888888"
RECALLED_LABEL = "hollow = recalled only (not checked)"


def log10(values, floor: float = 1.0):
    """log10 of ``values`` (never below ``floor``), to draw on a linear axis (see :func:`log10_axis`)."""
    check_numbers("values", values, -1e300, 1e300, missing=True), check_style(floor=floor)
    import numpy as np

    return np.log10(np.maximum(np.asarray(values, dtype=float), floor))


def decade_label(exponent: int) -> str:
    """Tick text for 10 ** exponent: "0.1", "1", "1,000", "1 M", "10 M"."""
    exponent = check_int("exponent", exponent, -12, 15)
    if exponent >= 6:
        return f"{10 ** (exponent - 6):,} M"
    return f"{10 ** exponent:,}" if exponent >= 0 else f"{10.0 ** exponent:g}"


def log10_axis(ax, low: int, high: int, label: str | None = None, axis: str = "y") -> None:
    """Decade ticks on an axis that shows log10 values: looks like a log axis, draws many times
    faster (a true log axis with its minor ticks and mathtext labels costs ~200 ms per redraw)."""
    check_axes("ax", ax), check_int("low", low, -12, 15), check_int("high", high, low, 15), check_style(label=label, axis=axis)
    ticks = list(range(int(low), int(high) + 1))
    texts = [decade_label(e) for e in ticks]
    if axis == "y":
        ax.set_yticks(ticks, texts)
        if label:
            ax.set_ylabel(label)
    else:
        ax.set_xticks(ticks, texts)
        if label:
            ax.set_xlabel(label)
    ax.minorticks_off()


def event_lines(ax, xs, labels=(), *, color: str = EVENT_COLOUR, linestyle: str = ":", linewidth: float = 1.0,
                y: float = 0.02, rotation: float = 90, ha: str = "right", va: str = "bottom",
                fontsize: float = 10.5, text_color: str | None = None) -> None:
    """Vertical lines at ``xs`` (events: sanctions, a new leader, a border closure) and ``labels``,
    (x, text) pairs written at height ``y`` (a share of the axes' height)."""
    check_axes("ax", ax), check_numbers("xs", xs, -1e9, 1e9), check_pairs("labels", labels)
    check_style(color=color, linestyle=linestyle, linewidth=linewidth, y=y, rotation=rotation, ha=ha, va=va,
                fontsize=fontsize, text_color=text_color)
    for x in xs:
        ax.axvline(x, color=color, linewidth=linewidth, linestyle=linestyle, zorder=1)
    for x, text in labels:
        ax.text(x, y, text, transform=ax.get_xaxis_transform(), rotation=rotation, ha=ha, va=va,
                fontsize=fontsize, color=text_color or color)


def range_bars(ax, x, low, high, color: str, width: float = 9, horizontal: bool = False, **kw):
    """Low-high ranges as thick bars (estimates that sources give as a range)."""
    check_axes("ax", ax), check_numbers("x", x, -1e12, 1e12), check_numbers("low", low, -1e12, 1e12, missing=True)
    check_numbers("high", high, -1e12, 1e12, missing=True), check_style(color=color, width=width, horizontal=horizontal)
    check_names("kw", kw, ("alpha", "label", "zorder")), check_style(**kw), check_lengths(x=x, low=low, high=high)
    if horizontal:
        return ax.hlines(x, low, high, colors=color, linewidth=width, **kw)
    return ax.vlines(x, low, high, colors=color, linewidth=width, **kw)


def recalled_markers(ax, x, y, firm, color: str, marker: str = "o", size: float = 6, label: str | None = None):
    """Markers for a series: filled where the figure is checked, hollow where it is recalled only."""
    check_axes("ax", ax), check_numbers("x", x, -1e12, 1e12), check_numbers("y", y, -1e12, 1e12, missing=True)
    check_flags("firm", firm), check_style(color=color, marker=marker, size=size, label=label), check_series(x=x, y=y, firm=firm)
    import numpy as np

    x, y, firm = np.asarray(x, dtype=float), np.asarray(y, dtype=float), np.asarray(firm, dtype=bool)
    ax.plot(x[firm], y[firm], linestyle="none", marker=marker, color=color, markersize=size, zorder=4, label=label)
    if (~firm).any():
        ax.plot(x[~firm], y[~firm], linestyle="none", marker=marker, markersize=size + 2, markerfacecolor="white",
                markeredgecolor=color, markeredgewidth=1.8, zorder=4)


_SUBPLOTS = ("nrows", "ncols", "sharex", "sharey", "squeeze", "width_ratios", "height_ratios", "subplot_kw", "gridspec_kw")


def recalled_legend_entry(ax, label: str = RECALLED_LABEL) -> None:
    """A legend entry that explains the hollow markers of :func:`recalled_markers`."""
    check_axes("ax", ax), check_text("label", label)
    ax.plot([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="#444444",
            markersize=8, label=label)


# ---- labelled end values: a line's last value written at its right end ---------------------------------
def nudge(positions, gap: float, low: float = 0.0, high: float = 1.0):
    """Positions moved as little as possible (least squares, keeping their order) so that neighbours are at
    least ``gap`` apart and all lie within ``low``-``high``; where that cannot hold, they are spread evenly.
    Overlapping labels merge into a block centred on what they wanted (the usual 1-D label repel)."""
    import numpy as np

    p = np.asarray(check_numbers("positions", positions, -1e12, 1e12), dtype=float).ravel()
    check_number("gap", gap, 0, 1e12), check_number("low", low, -1e12, 1e12), check_number("high", high, low, 1e12)
    n = len(p)
    if n == 0:
        return p.copy()
    if n > 1:
        gap = min(gap, (high - low) / (n - 1))
    order = np.argsort(p, kind="stable")
    want = np.clip(p[order], low, high)
    blocks: list[tuple[list[int], float]] = []  # (members in order, start)
    for i in range(n):
        members = [i]
        while True:
            k = np.arange(len(members))
            start = float(np.clip(np.mean(want[members] - gap * k), low, high - gap * (len(members) - 1)))
            if blocks and start < blocks[-1][1] + gap * len(blocks[-1][0]) - 1e-12:
                members = blocks.pop()[0] + members  # overlaps the block below: merge and place again
                continue
            break
        blocks.append((members, start))
    out = np.empty(n)
    for members, start in blocks:
        out[order[members]] = start + gap * np.arange(len(members))
    return out


def end_labels(ax, points, *, gap: float = 0.07, pad: float = 5, fontsize: float = 11, low: float = 0.03,
               high: float = 0.97) -> list:
    """Write each line's last value at its right end: ``points`` are (x, y, text, colour) in data units, one
    per line. Labels sit ``pad`` points right of their point, nudged apart (:func:`nudge`) to be at least
    ``gap`` of the axes' height apart and between ``low`` and ``high`` of it. Works on linear and log axes;
    set the axes' limits first. Returns the Text artists (move them later with :func:`move_end_labels`)."""
    from matplotlib.transforms import blended_transform_factory, offset_copy

    check_axes("ax", ax), check_style(fontsize=fontsize), check_number("pad", pad, 0, 100)
    points = _end_points(points)
    where = offset_copy(blended_transform_factory(ax.transData, ax.transAxes), fig=ax.get_figure(), x=pad, y=0,
                        units="points")
    labels = [ax.text(x, 0.5, text, transform=where, ha="left", va="center", fontsize=fontsize, color=colour,
                      clip_on=False) for x, _, text, colour in points]
    move_end_labels(ax, labels, [(x, y, text) for x, y, text, _ in points], gap=gap, low=low, high=high)
    return labels


def move_end_labels(ax, labels, points, *, gap: float = 0.07, low: float = 0.03, high: float = 0.97) -> None:
    """Move labels made by :func:`end_labels` to new (x, y, text) points (a what-if's fast path)."""
    import numpy as np

    from matplotlib.text import Text

    check_axes("ax", ax), check_number("gap", gap, 0, 1), check_number("low", low, 0, 1), check_number("high", high, low, 1)
    if isinstance(labels, (str, bytes)) or not isinstance(labels, (list, tuple)) or not all(isinstance(t, Text) for t in labels):
        raise ValueError(f"labels must be the list that style.end_labels returned; got {str(labels)[:60]}")
    if isinstance(points, (str, bytes)) or not isinstance(points, (list, tuple)) or len(points) != len(labels) or not all(
            isinstance(p, tuple) and len(p) == 3 and isinstance(p[2], str) for p in points):
        raise ValueError(f"points must be one (x, y, text) tuple per label ({len(labels)}); got {str(points)[:60]}")
    for x, y, _ in points:
        check_numbers("points", [x], -1e12, 1e12), check_numbers("points", [y], -1e300, 1e300, missing=True)
    shown = [(i, p) for i, p in enumerate(points) if np.isfinite(p[1])]  # a line with no last value: no label
    scale = ax.transScale + ax.transLimits  # data -> share of the axes, from the limits alone (no layout needed)
    ys = [scale.transform((x, y))[1] for _, (x, y, _) in shown]
    for (i, (x, _, text)), y in zip(shown, nudge(ys, gap, low, high)):
        labels[i].set_position((x, y))
        labels[i].set_text(text)
        labels[i].set_visible(True)
    for i in set(range(len(points))) - {i for i, _ in shown}:
        labels[i].set_visible(False)


def _end_points(points) -> list:
    from matplotlib.colors import is_color_like

    if isinstance(points, (str, bytes)) or not isinstance(points, (list, tuple)) or not all(
            isinstance(p, tuple) and len(p) == 4 and isinstance(p[2], str) for p in points):
        raise ValueError(f"points must be a list of (x, y, text, colour) tuples; got {str(points)[:60]}")
    for x, y, _, colour in points:
        check_numbers("points", [x], -1e12, 1e12), check_numbers("points", [y], -1e300, 1e300, missing=True)
        if not isinstance(colour, str) or not is_color_like(colour):
            raise ValueError(f"points must give each label a colour such as '#0072B2'; got {str(colour)[:40]}")
    return list(points)
