"""One plotting style for the whole course: colour-blind-safe, legible on a projector,
a source line under every figure and alt text beside it.

Helpers build figures with :func:`figure` and hand them back wrapped in :class:`Chart`,
which displays as a PNG plus a plain-text description (the alt text and the source), so
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
    with course_style():
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(**subplots)
    return fig, axes


def add_source(fig: Figure, text: str, width: int = 140) -> None:
    """Write the source line in small grey type at the bottom left of ``fig``."""
    wrapped = "\n".join(textwrap.wrap(text, width=width))
    fig.supxlabel(wrapped, x=0.0, ha="left", fontsize=10, color="#444444", fontweight="normal")


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """Render ``fig`` to PNG bytes (deterministic: no timestamps in the metadata)."""
    buf = io.BytesIO()
    with course_style():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def svg_bytes(fig: Figure) -> bytes:
    """Render ``fig`` to SVG bytes with text kept as text; deterministic (no date, fixed ids)."""
    buf = io.BytesIO()
    # No rc_context here: the course style is global, and entering and leaving an rc_context
    # re-validates every setting, which cost a fifth of a panel update.
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


class Chart:
    """A finished figure: a PNG named by its alt text, and the alt text and source as plain text
    for tests and text-only front ends."""

    def __init__(self, fig: Figure, alt: str, source: str):
        if not alt or not source:
            raise ValueError("a Chart needs both alt text and a source line")
        self.fig = fig
        self.alt = alt
        self.source = source
        add_source(fig, source)

    def describe(self) -> str:
        return f"Figure: {self.alt}\n{self.source}"

    def html(self) -> str:
        """The chart as an <img> named by its alt text: JupyterLab draws a bare image/png output
        without any alt, so the picture is handed over as HTML (kept by JupyterLab's sanitizer)."""
        png = base64.b64encode(png_bytes(self.fig)).decode("ascii")
        return (f'<img class="course-chart" src="data:image/png;base64,{png}" alt="{html.escape(self.alt, quote=True)}" '
                f'style="max-width:100%;height:auto">')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/plain": self.describe()}

    def __repr__(self) -> str:
        return self.describe()

    def save(self, path) -> None:
        with course_style():
            self.fig.savefig(path, dpi=150)
