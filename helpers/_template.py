"""Notebook NN, "<Title>": <the notebook's question, in one line>.

The model (:func:`shrink`), in one paragraph a student can read before the code: what goes in,
what comes out, and how one becomes the other, in plain words. This skeleton's toy model: a
stock of 1,000 shrinks by a fixed share every year; how much is left after a number of years?

Beside it: the evidence tables of the notebook. Figures: helpers/figures/<topic>.py.

A new notebook's companion module is a copy of this file, in this order: docstring, the model
(pure functions, checked inputs, readable names), the what-if declaration and ``what_if()``,
the evidence tables, the questions. ``tests/test_kit.py`` checks the conventions it can; this
skeleton itself passes the shared panel tests (its ``WHAT_IFS`` is picked up like any other).
"""

from __future__ import annotations

import numpy as np

from . import fmt, style
from .cache import by_data
from .checks import check_int, check_number
from .selfcheck import Question
from .whatif import Headline, Panel, WhatIf, assumption, lever

__all__ = ["shrink", "spec", "what_if", "WHAT_IFS", "Q1", "QUESTIONS"]


# ---- the model ----------------------------------------------------------------------------------
def shrink(rate_pct: float = 10.0, years: int = 10, stock: float = 1000.0) -> dict:
    """What is left of ``stock`` after each of ``years`` years when ``rate_pct`` percent goes each year.

    Returns ``t`` (0..years) and ``left`` (the stock at the end of each year). Raises ValueError
    naming the parameter for values outside the documented ranges.
    """
    rate = check_number("rate_pct", rate_pct, 0, 50, "percent a year") / 100
    years = check_int("years", years, 1, 30, "years")
    stock = check_number("stock", stock, 0, 1e9)
    t = np.arange(years + 1)
    return {"t": t, "left": stock * (1 - rate) ** t}


# ---- the what-if --------------------------------------------------------------------------------
def _draw(fig, base: dict, res: dict, params):
    """In a notebook's module this lives in helpers/figures/<topic>.py. It returns the artists that
    change with the controls, so that ``_update`` can move them instead of drawing everything again."""
    ax = fig.subplots()
    ax.plot(base["t"], base["left"], **style.BASELINE_STYLE, label="the article's case")
    (yours,) = ax.plot(res["t"], res["left"], **style.STUDENT_STYLE, label="your case")
    ax.set(xlim=(0, 30), ylim=(0, 1050), xlabel="years", ylabel="left of the stock")  # fixed: no rescaling
    ax.legend(loc="upper right")
    return yours


def _update(yours, base: dict, res: dict, params) -> None:
    """The fast path (half the time of a full redraw): only the student's line moves. Return False
    instead when a change needs the whole figure (e.g. axis limits that follow a control)."""
    yours.set_data(res["t"], res["left"])


def _read(base: dict, res: dict, params) -> str:
    cut = fmt.with_article(f"{params['rate_pct']:g}% cut")
    return (f"After {fmt.plural(params['years'], 'year')} with {cut} a year, {res['left'][-1]:,.0f} of 1,000 are left ({base['left'][-1]:,.0f} in the article's case).")


def _alt(res: dict, params) -> str:
    return (f"Line chart of the stock over {fmt.plural(params['years'], 'year')}: yours (blue) ends at "
            f"{res['left'][-1]:,.0f}, the article's case (grey dashed) beside it.")


def _plausible(res: dict, params) -> list[str]:
    """Cautions for results far outside anything observed (numbers from data/ in a real module)."""
    return ["Nothing is left: no real stock has shrunk that far."] if res["left"][-1] < 1 else []


COMPARE = (  # the article's case beside yours: shown live in the panel and by panel.compare_table()
    ("left at the end", lambda res: f"{res['left'][-1]:,.0f}"),
    ("lost in the first year", lambda res: f"{res['left'][0] - res['left'][1]:,.0f}"),
)


@by_data()  # name the tables its defaults come from, e.g. @by_data("population"): rebuilt when they change
def spec() -> WhatIf:
    """The what-if, built on first use and cached (nothing is built at import)."""
    return WhatIf(
        title="A stock that shrinks every year",
        intro="One sentence on what to try.",
        model=shrink,
        controls=(
            lever("rate_pct", "Share lost each year", 0, 50, 10, step=1, unit="%",
                  help="What it means, and where the default comes from (a data row or the article)."),
            assumption("years", "Horizon", 1, 30, 10, step=1, unit="years", help="How far ahead to look."),
        ),
        draw=_draw,
        update=_update,
        read=_read,
        source="Source: a toy model (helpers/_template.py); no data.",
        alt=_alt,
        baseline={"rate_pct": 20},
        baseline_label="the article's case: a fifth lost every year",
        baseline_basis="Why the baseline is the article's case (its reasoning), or: the course's choice.",
        headline=Headline("the stock left at the end", lambda res: float(res["left"][-1]), lambda x: f"{x:,.0f}"),
        plausible=_plausible,
        compare=COMPARE,
        summary=lambda res: {"left_at_end": float(res["left"][-1])},
    )


def what_if(**settings) -> Panel:
    """The panel (keyword arguments set controls, e.g. rate_pct=30)."""
    return Panel(spec(), **settings)


WHAT_IFS = {"example": what_if}


# ---- evidence tables ----------------------------------------------------------------------------
# Functions that return small DataFrames computed from data.load(...): never numbers typed in.
# Cache one only with @by_data("table", ...), so it is recomputed when the data change.


# ---- questions (declared lazily: the answers are worked out when a student checks one) ---------------
Q1 = Question(
    "Q1", "How much of 1,000 is left after 5 years at 20% a year?",
    expected=lambda: round(float(shrink(20, 5)["left"][-1])), tolerance=1,
    hints=("Multiply by 0.8 five times.", "1,000 x 0.8 ** 5"),
)
QUESTIONS = (Q1,)
