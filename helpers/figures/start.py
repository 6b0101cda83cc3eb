"""Figures of notebook 00 (start here): the confidence panel and the kinds of claims."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from .. import data, style


def _short(text: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(text, width))


def confidence_panel(fig, base: pd.DataFrame, res: pd.DataFrame, params):
    """Draw the whole figure; return the student's bars, which _update moves."""
    ax = fig.subplots()
    style.margins(fig, left=3.0, right=0.15, top=0.4, bottom=0.6)
    y = np.arange(len(res))[::-1]
    hidden = bool(base["author_pct"].isna().all())  # before the student saves: no author's bars
    if hidden:
        fig.text(0.02, 0.875, "How sure the author sounds appears after you save your answers.",
                 ha="left", va="bottom", fontsize=10.5, color="#444444", style="italic")
    else:
        ax.barh(y + 0.2, base["author_pct"], height=0.38, color="white", edgecolor=style.BASELINE,
                hatch="//", linestyle="--", linewidth=1.6, label="how sure the author sounds")
    yours = ax.barh(y - 0.2, res["your_pct"], height=0.38, color=style.STUDENT, label="how sure you are")
    ax.set_yticks(y, [_short(f"{i}: {c}", 42) for i, c in zip(res["id"], res["claim"])], fontsize=9.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("confidence that the claim is right (%)")
    ax.axvline(50, color="#999999", linewidth=1)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=11)
    ax.grid(axis="y", visible=False)
    return yours


def confidence_panel_update(yours, base: pd.DataFrame, res: pd.DataFrame, params) -> None:
    """Fast path: only the student's bars change."""
    for bar, pct in zip(yours, res["your_pct"]):
        bar.set_width(pct)


def claims_by_kind_chart() -> style.Chart:
    """Stacked bars: what kind of claims the op-ed makes at each step of its argument."""
    table = model.claims_by_kind()
    fig, ax = style.figure(10, 4.6)
    left = np.zeros(len(table))
    colours = [style.OKABE_ITO[c] for c in ("blue", "orange", "green", "purple")]
    y = np.arange(len(table))[::-1]
    for kind, colour in zip(model.KIND_ORDER, colours):
        ax.barh(y, table[kind], left=left, color=colour, label=kind, height=0.6)
        left += table[kind].to_numpy()
    ax.set_yticks(y, table.index)
    ax.set_xlabel("number of claims in the registry")
    ax.set_title("What kind of claims does the op-ed make?", loc="left")
    ax.legend(ncol=4, loc="upper left", bbox_to_anchor=(0, -0.18))
    ax.grid(axis="y", visible=False)
    total = int(table.to_numpy().sum())
    counts = ", ".join(f"{int(table[k].sum())} {k}s" for k in model.KIND_ORDER)
    alt = f"Stacked bar chart of the {total} claims by step of the argument: {counts}."
    return style.Chart(fig, alt, data.source("claims"))


from .. import start as model  # noqa: E402  (at the end: see helpers/figures/__init__.py)
