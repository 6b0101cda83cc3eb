"""Notebook 00: the student's confidence in the op-ed's main claims, before the course.

The model is deliberately simple: it lines the student's confidence up against how sure
the author sounds (the course team's coding of the wording, in data/claims.csv) and saves
it, so the verdict notebook can compare the student's view at the start and at the end.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from . import data, style
from .checks import check_number
from .whatif import Panel, WhatIf, assumption

SAVE_AS = "confidence_at_start"


def main_claims() -> pd.DataFrame:
    """The six main claims with the author's coded confidence (percent)."""
    claims = data.load("claims")
    return claims[claims["main"]].reset_index(drop=True)


def compare(**confidence: float) -> pd.DataFrame:
    """Line the student's confidence (percent, 0-100, keyed by claim id) up with the author's.

    Returns one row per main claim: id, claim, author_pct, your_pct, gap (yours - author's).
    Every main claim must be given.
    """
    main = main_claims()
    ids = list(main["id"])
    unknown = sorted(set(confidence) - set(ids))
    if unknown:
        raise ValueError(f"unknown claim id(s) {', '.join(unknown)}; the main claims are {', '.join(ids)}")
    missing = [i for i in ids if i not in confidence]
    if missing:
        raise ValueError(f"confidence needed for every main claim; missing {', '.join(missing)}")
    yours = [check_number(i, confidence[i], 0, 100, "percent") for i in ids]
    out = pd.DataFrame(
        {
            "id": ids,
            "claim": main["claim"].to_list(),
            "author_pct": main["author_confidence_pct"].astype("float64").to_numpy(),
            "your_pct": np.array(yours, dtype="float64"),
        }
    )
    out["gap"] = out["your_pct"] - out["author_pct"]
    return out


def _short(text: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _draw(fig, base: pd.DataFrame, res: pd.DataFrame, params):
    """Draw the whole figure; return the student's bars, which _update moves."""
    ax = fig.subplots()
    fig.subplots_adjust(left=0.38, right=0.97, top=0.83, bottom=0.19)
    y = np.arange(len(res))[::-1]
    ax.barh(y + 0.2, base["author_pct"], height=0.38, color="white", edgecolor=style.BASELINE,
            hatch="//", linestyle="--", linewidth=1.6, label="how sure the author sounds")
    yours = ax.barh(y - 0.2, res["your_pct"], height=0.38, color=style.STUDENT, label="how sure you are")
    ax.set_yticks(y, [f"{i}: {_short(c, 36)}" for i, c in zip(res["id"], res["claim"])], fontsize=10.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("confidence that the claim is right (%)")
    ax.axvline(50, color="#999999", linewidth=1)
    fig.suptitle("Your confidence beside the author's", x=0.02, ha="left", fontweight="bold")
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=10.5)
    ax.grid(axis="y", visible=False)
    return yours


def _update(yours, base: pd.DataFrame, res: pd.DataFrame, params) -> None:
    """Fast path: only the student's bars change."""
    for bar, pct in zip(yours, res["your_pct"]):
        bar.set_width(pct)


def _read(base: pd.DataFrame, res: pd.DataFrame, params) -> str:
    less = int((res["gap"] < -10).sum())
    more = int((res["gap"] > 10).sum())
    widest = res.loc[res["gap"].abs().idxmax()]
    if abs(widest["gap"]) <= 10:
        return "You are about as sure as the author on all six main claims (within 10 points on each)."
    side = "less" if widest["gap"] < 0 else "more"
    return (
        f"You are clearly less sure than the author on {less} of the six main claims and more sure on {more}; "
        f"the widest gap is {widest['id']} ({widest['claim'].rstrip('.')}), where you are "
        f"{abs(widest['gap']):.0f} points {side} sure than the author."
    )


def _summary(res: pd.DataFrame) -> dict:
    return {row.id: row.your_pct for row in res.itertuples()}


def spec() -> WhatIf:
    main = main_claims()
    controls = tuple(
        assumption(
            r.id,
            f"{r.id}: {r.claim}",
            0,
            100,
            50,
            step=5,
            unit="% sure",
            help=f"How sure are you that this is right? 50 = undecided. The author {r.author_stance}.",
        )
        for r in main.itertuples()
    )
    baseline = {r.id: int(r.author_confidence_pct) for r in main.itertuples()}
    return WhatIf(
        title="How sure are you of the op-ed's six main claims?",
        intro="Move each slider to how sure you are right now; 50 means undecided. Save when done: "
              "the verdict notebook compares these answers with your view at the end.",
        model=compare,
        controls=controls,
        draw=_draw,
        update=_update,
        read=_read,
        source=lambda: data.source("claims", main),
        alt="Horizontal bar chart: for each of the six main claims, the author's coded confidence "
            "(grey, hatched) beside yours (blue), from 0 to 100 percent.",
        baseline=baseline,
        baseline_label="how sure the author sounds (our coding of the wording)",
        summary=_summary,
        save_as=SAVE_AS,
        figsize=(9.0, 5.0),
    )


def what_if(**confidence) -> Panel:
    """The confidence panel of notebook 00 (keyword arguments set claims, e.g. C03=80)."""
    return Panel(spec(), **confidence)


KIND_ORDER = ("empirical fact", "causal claim", "prediction", "value judgement")


def claims_by_kind() -> pd.DataFrame:
    """Count of registry claims per step of the argument and kind of claim."""
    from .course import STEPS

    claims = data.load("claims")
    table = pd.crosstab(claims["step"], claims["kind"]).reindex(columns=list(KIND_ORDER), fill_value=0)
    table.index = [f"{int(s)}. {STEPS[int(s)]}" for s in table.index]
    table.index.name = "step of the argument"
    table.columns.name = None
    return table


def claims_by_kind_chart() -> style.Chart:
    """Stacked bars: what kind of claims the op-ed makes at each step of its argument."""
    table = claims_by_kind()
    fig, ax = style.figure(10, 4.6)
    left = np.zeros(len(table))
    colours = [style.OKABE_ITO[c] for c in ("blue", "orange", "green", "purple")]
    y = np.arange(len(table))[::-1]
    for kind, colour in zip(KIND_ORDER, colours):
        ax.barh(y, table[kind], left=left, color=colour, label=kind, height=0.6)
        left += table[kind].to_numpy()
    ax.set_yticks(y, table.index)
    ax.set_xlabel("number of claims in the registry")
    ax.set_title("What kind of claims does the op-ed make?", loc="left")
    ax.legend(ncol=4, loc="upper left", bbox_to_anchor=(0, -0.18))
    ax.grid(axis="y", visible=False)
    total = int(table.to_numpy().sum())
    counts = ", ".join(f"{int(table[k].sum())} {k}s" for k in KIND_ORDER)
    alt = f"Stacked bar chart of the {total} claims by step of the argument: {counts}."
    return style.Chart(fig, alt, data.source("claims"))


def claims_table(step: int | None = None) -> pd.DataFrame:
    """The registry as a readable table (optionally one step of the argument)."""
    claims = data.load("claims")
    if step is not None:
        from .checks import check_int

        step = check_int("step", step, 1, 5)
        claims = claims[claims["step"] == step]
    out = claims[["id", "claim", "kind", "notebook"]].rename(columns={"notebook": "examined in"})
    return out.set_index("id")


def saved_confidence(folder="my_work") -> dict | None:
    """The student's saved start-of-course confidence, or None if not saved yet."""
    from .whatif import load_snapshot

    return load_snapshot(SAVE_AS, folder)


WHAT_IFS = {"confidence": what_if}


# ---- computed sentences and tables for the notebook's text ---------------------------------------
def facts_by_step() -> str:
    """Where the op-ed's empirical facts are, step by step, counted from the registry (one sentence)."""
    from .course import STEPS

    claims = data.load("claims")
    facts = claims[claims["kind"] == "empirical fact"].groupby("step").size()
    facts = facts.reindex(sorted(STEPS), fill_value=0).sort_values(ascending=False, kind="stable")
    parts = [f"{n} in step {s} ({STEPS[s]})" for s, n in facts.items() if n]
    none = [s for s, n in facts.items() if not n]
    text = f"Of the registry's {len(claims)} claims, {int(facts.sum())} are empirical facts: " + ", ".join(parts)
    for s in none:
        kinds = claims[claims["step"] == s]["kind"].value_counts()
        made_of = " and ".join(f"{k}s ({n})" for k, n in kinds.items())
        text += f"; step {s} ({STEPS[s]}) has none: its {int(kinds.sum())} claims are {made_of}"
    return text + "."


def then_and_since() -> pd.DataFrame:
    """What the op-ed's author could know on 20 February 2013 beside what came after, across the
    course (every figure from data/; the deterrent's rows come from :func:`deterrent.then_and_since`)."""
    from . import course, deterrent

    cut = course.OP_ED_DATE
    out = deterrent.then_and_since().loc[["nuclear tests", "largest test's magnitude (mb, all agencies)",
                                          "UN sanctions resolutions China voted for",
                                          "North Korea's alliance treaties"]]
    cols = list(out.columns)

    d = data.load("defectors").set_index("year")
    then_d = d[d.index < cut.year]
    after_d = d[(d.index >= cut.year)]
    sealed = int(d.index[d["note"].fillna("").str.contains("seals its border")][0])
    open_years = after_d[after_d.index < sealed]
    low = after_d["arrivals"].idxmin()
    latest = after_d.index.max()
    out.loc["defectors reaching South Korea a year"] = (
        f"{then_d['arrivals'].iloc[-1]:,} in {then_d.index.max()} (peak {then_d['arrivals'].max():,} in "
        f"{then_d['arrivals'].idxmax()})",
        f"{open_years['arrivals'].min():,}-{open_years['arrivals'].max():,} a year in {open_years.index.min()}-"
        f"{open_years.index.max()}; {after_d.loc[low, 'arrivals']:,} in {low} (border sealed in {sealed}); "
        f"{after_d.loc[latest, 'arrivals']:,} in {latest}" + (" (provisional)" if after_d.loc[latest, "provisional"] else ""))

    t = data.load("china_nk_trade")
    t = t[t["series"] == "china_customs"].set_index("year")
    recent = t[(t.index >= cut.year - 3) & (t.index < cut.year)]
    rough = [str(y) for y in recent.index if recent.loc[y, "confidence"] == "L"]
    after_t = t[t.index >= cut.year]
    last_t = after_t.index.max()
    out.loc["China-North Korea trade (Chinese customs, bn US$)"] = (
        ", ".join(f"{recent.loc[y, 'total']:g} in {y}" for y in recent.index)
        + (f" ({' and '.join(rough)} approximate, not checked against a source)" if rough else ""),
        f"peak {after_t['total'].max():g} in {after_t['total'].idxmax()}; {after_t['total'].min():g} in "
        f"{after_t['total'].idxmin()}; {after_t.loc[last_t, 'total']:g} in {last_t}"
        + (" (provisional)" if after_t.loc[last_t, "provisional"] else ""))

    s = data.load("nk_trade_share").set_index("year")
    s_then, s_now = s[s.index < cut.year], s.index.max()
    out.loc["China's share of North Korea's trade (KOTRA)"] = (
        f"{s_then['china_share_pct'].iloc[-1]:g}% in {s_then.index.max()} (the latest year in the course's table)",
        f"{s.loc[s_now, 'china_share_pct']:g}% in {s_now}")
    out.columns = cols
    return out
