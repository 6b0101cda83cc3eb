"""Notebook 00, "Start here": the student's confidence in the op-ed's main claims, before the course.

The model is deliberately simple (:func:`compare`): it lines the student's confidence in each of
the six main claims (0-100%) up against how sure the author sounds - the course team's coding of
the wording, in data/claims.csv - and reports the gap, yours minus the author's. The panel saves
the answers, so the verdict notebook can compare the student's view at the start and at the end.

Beside it: the claims registry counted by step of the argument and kind of claim. Figures:
helpers/figures/start.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data, fmt
from .cache import by_data
from .checks import check_number
from .figures import start as figures
from .figures.start import claims_by_kind_chart
from .hindsight import course_then_and_since as then_and_since
from .selfcheck import Question
from .whatif import Panel, WhatIf, assumption

__all__ = ["main_claims", "compare", "spec", "what_if", "WHAT_IFS", "claims_by_kind", "claims_by_kind_chart",
           "claims_table", "ConfidencePanel", "saved_confidence", "facts_by_step", "then_and_since", "Q1", "Q2", "QUESTIONS"]


SAVE_AS = "confidence_at_start"


# ---- the model ----------------------------------------------------------------------------------
def main_claims() -> pd.DataFrame:
    """The six main claims with the author's coded confidence (percent)."""
    return _main_claims().copy()


@by_data("claims")  # the confidence panel's model asks on every move: filter the table once
def _main_claims() -> pd.DataFrame:
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


# ---- the what-if --------------------------------------------------------------------------------
# Before the student commits (saves) their answers, the panel hides the author's coded confidence, so
# that the author's bars cannot anchor the student's: the baseline is then a "hidden" copy of the
# author's result (every number NaN), and the reading and figure speak only of the student's own answers.
WORDS = ("none", "one", "two", "three", "four", "five", "six")


def _count(n: int, total: int) -> str:
    """'all six', 'none of the six', 'one' ... in words (the panel has six claims)."""
    if n == total:
        return f"all {WORDS[total]}" if total < len(WORDS) else f"all {total}"
    return WORDS[n] if n < len(WORDS) else str(n)


def _claims(n: int) -> str:
    return "claim" if n == 1 else "claims"


def _hidden(base: pd.DataFrame) -> bool:
    return bool(base["author_pct"].isna().all())


def _hide_author(base: pd.DataFrame) -> pd.DataFrame:
    """The baseline as shown before the student commits: the author's numbers blanked out (NaN)."""
    out = base.copy()
    out[["author_pct", "your_pct", "gap"]] = np.nan
    return out


def _read_own(res: pd.DataFrame) -> str:
    """The reading before the student has committed: their own answers only, in words and counts."""
    total = len(res)
    above = int((res["your_pct"] > 50).sum())
    below = int((res["your_pct"] < 50).sum())
    undecided = total - above - below
    if undecided == total:
        own = f"You are undecided (50) on {_count(total, total)} main claims so far."
    else:
        parts = []
        if above:
            parts.append(f"lean towards believing {_count(above, total)} {_claims(above) if above < total else 'main claims'}")
        if below:
            noun = _claims(below) if not above and below < total else ("main claims" if below == total else "")
            parts.append(f"lean towards doubting {_count(below, total)}{' ' + noun if noun else ''}")
        if undecided:
            parts.append(f"are undecided on {_count(undecided, total)}")
        own = "So far you " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + "."
    return (own + " Set every slider to how sure you are, then click Save my answers to commit them: "
                  "only then does the panel show how sure the author sounds.")


def _read(base: pd.DataFrame, res: pd.DataFrame, params) -> str:
    """The panel's reading: the student's own answers before they commit, the comparison after."""
    if _hidden(base):
        return _read_own(res)
    total = len(res)
    more = int((res["gap"] > 0).sum())
    less = int((res["gap"] < 0).sum())
    same = total - more - less
    if same == total:
        return f"You are exactly as sure as the author sounds (our coding) on {_count(total, total)} main claims."
    parts = []
    if more:
        parts.append(f"more sure on {_count(more, total)}")
    if less:
        parts.append(f"less sure on {_count(less, total)}")
    if same:
        parts.append(f"as sure on {_count(same, total)}")
    counts = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    subject = "main claims" if len(parts) == 1 and (more == total or less == total) else ""
    return (f"Compared with how sure the author sounds (our coding), you are {counts}{' ' + subject if subject else ''}; "
            f"{_widest(res)}.")


def _widest(res: pd.DataFrame) -> str:
    """The widest gap in words; ties are named together (two claims can share the widest gap)."""
    size = res["gap"].abs().max()
    top = res[res["gap"].abs() == size]
    points = fmt.plural(round(size), "point")
    side = lambda gap: "less" if gap < 0 else "more"  # noqa: E731
    if len(top) == 1:
        row = top.iloc[0]
        return (f"the widest gap is {row['id']} ({row['claim'].rstrip('.')}), where you are {points} "
                f"{side(row['gap'])} sure than the author sounds")
    ids = list(top["id"])
    names = ", ".join(ids[:-1]) + " and " + ids[-1]
    if top["gap"].gt(0).all() or top["gap"].lt(0).all():
        return f"the widest gaps are on {names}, {points} {side(top['gap'].iloc[0])} sure on each"
    each = ", ".join(f"{r.id} ({side(r.gap)} sure)" for r in top.itertuples())
    return f"the widest gaps, {points} each, are on {each}"


def _pct_of(claim_id: str):
    """A comparison row: the confidence in one claim (the baseline's is the author's; hidden before commit)."""
    def show(res):
        value = float(res["your_pct"].to_numpy()[res["id"].to_numpy() == claim_id][0])  # numpy: on every move
        return "shown after you save" if np.isnan(value) else f"{value:.0f}%"
    return show


def _summary(res: pd.DataFrame) -> dict:
    return {row.id: row.your_pct for row in res.itertuples()}


class ConfidencePanel(Panel):
    """The confidence panel: the author's coded confidence stays hidden until the student commits.

    ``committed`` says whether it is shown; :meth:`save` (the panel's "Save my answers" button) saves
    the student's answers and then shows it; :meth:`reveal` shows it without saving (for a teacher
    demonstrating the panel, and for tests).
    """

    def __init__(self, spec: WhatIf, **settings):
        self.committed = False
        super().__init__(spec, **settings)
        self._author_result = self.baseline_result
        self.baseline_result = _hide_author(self._author_result)
        self._recompute()

    @property
    def twin_params(self):
        """No twin here: every control is the student's own belief, so there are no levers to hold at the
        baseline's (the kit's twin would only repeat the student's column)."""
        return None

    def reveal(self) -> "ConfidencePanel":
        """Show the author's coded confidence beside the student's (bars, comparison and reading)."""
        if not self.committed:
            self.committed = True
            self.baseline_result = self._author_result
            self._baseline_compare = None
            self._handles = None  # the figure is redrawn with the author's bars
            self._recompute()
            if self._widgets is not None:
                self._refresh_view()
        return self

    def alt_text(self) -> str:
        if self.committed:
            return super().alt_text()
        return ("Horizontal bar chart of your confidence in each of the six main claims (blue), from 0 to 100 "
                "percent; how sure the author sounds is shown after you save your answers.")

    def save(self, folder="my_work"):
        """Commit: save the student's answers (as they are now), then reveal the author's reading."""
        path = super().save(folder)
        self.reveal()
        return path


@by_data("claims", "sources")
def spec() -> WhatIf:
    """The confidence what-if: one slider per main claim (built once per version of the registry)."""
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
            help="How sure are you that this is right? 50 = undecided. Your own view: how sure the author "
                 "sounds is shown only after you save.",
        )
        for r in main.itertuples()
    )
    baseline = {r.id: int(r.author_confidence_pct) for r in main.itertuples()}
    return WhatIf(
        title="How sure are you of the op-ed's six main claims?",
        intro="Move each slider to how sure you are right now; 50 means undecided. Then click Save my answers: "
              "that commits them (the verdict notebook compares them with your view at the end) and only then "
              "shows how sure the author sounds.",
        model=compare,
        controls=controls,
        draw=figures.confidence_panel,
        update=figures.confidence_panel_update,
        compare=tuple((f"{r.id}: {r.claim}", _pct_of(r.id)) for r in main.itertuples()),
        compare_names=("how sure the author sounds", "how sure you are"),
        read=_read,
        source=lambda: data.source("claims", main),
        alt="Horizontal bar chart: for each of the six main claims, the author's coded confidence "
            "(grey, hatched) beside yours (blue), from 0 to 100 percent.",
        baseline=baseline,
        baseline_label="how sure the author sounds (our coding of the wording)",
        baseline_basis="The course's choice: the course team's coding of how sure the op-ed's wording sounds "
                       "(data/claims.csv; the words behind each code are in its note column), shown only after "
                       "you save your own answers.",
        summary=_summary,
        save_as=SAVE_AS,
        save_label="Save my answers",
        figsize=(7.2, 4.3),
    )


def what_if(**confidence) -> ConfidencePanel:
    """The confidence panel of notebook 00 (keyword arguments set claims, e.g. C03=80). The author's
    coded confidence is hidden until the student saves (or ``panel.reveal()``)."""
    return ConfidencePanel(spec(), **confidence)


WHAT_IFS = {"confidence": what_if}


# ---- evidence tables -----------------------------------------------------------------------------
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


# ---- questions (declared lazily: the answers are worked out when a student checks one) ---------------
KINDS = (("empirical fact", "empirical fact"), ("causal claim", "causal claim"), ("prediction", "prediction"),
         ("value judgement", "value judgement"))


def _kind_of(claim_id: str) -> str:
    claims = data.load("claims")
    return str(claims.loc[claims["id"] == claim_id, "kind"].iloc[0])


Q1 = Question("Q1", "How many of the op-ed's claims in the registry are predictions?",
              expected=lambda: int(claims_by_kind()["prediction"].sum()),
              hints=("Add up the 'prediction' column of the table under the bar chart.",
                     "There is one number per step of the argument: five numbers to add."))
Q2 = Question("Q2", "Predict, then look: \"North Korea offers little in trade mostly because it has little surplus "
                    "to sell\" (C15). Which kind of claim is it?",
              expected=lambda: _kind_of("C15"), choices=KINDS,
              hints=("Split the sentence in two: which half could you check in a table, and what does the "
                     "word 'because' add?",
                     "Ask what evidence would settle it: a single figure, or a comparison?"),
              mistakes=(("empirical fact", "half of it is a fact (little surplus), but the claim is about why "
                                           "trade is small: 'because' makes it a claim about a cause."),),
              why="'Because' turns a fact into a claim about a cause, which needs a comparison to test.")


QUESTIONS = (Q1, Q2)
