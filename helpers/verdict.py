"""Notebook 06, "The verdict": thirteen years on, which claims held up, and what is your verdict?

The model (:func:`scenarios`) draws many ten-year paths for North Korea from February 2013, the op-ed's
date, each year in one of three states: muddling through (the status quo), collapse (for good) or a
soft landing (reform from above without implosion, which can be rolled back). Each year a path that
is muddling through collapses with a yearly chance, or starts a soft landing with another; a soft
landing falls back with a third. The yearly chances come from ten-year chances carried over from
notebook 04 (China's choice: its defaults, or the student's saved settings), from notebook 05's record
of reforms rolled back, and from the record of successions. Around them, the draws are split into
worlds: each world has its own hazard level (how unsure we are of the chances), its own run of good
and bad years (persistent shocks that raise both kinds of change) and perhaps a structural break
(a succession, a war, a new patron) that makes both likelier from then on. The shares of paths in
each state, year by year, are the result; the 5th-95th percentile across worlds is the band. The
real decade (2013-2023: muddling through every year) is laid over the draws, never fitted to them.

Beside it: the scorecard of every claim in the registry (data/claim_outcomes.csv, the one place where
the course states its judgement of a claim), the dated timeline since February 2013, and the
comparison of the student's confidence at the end with what they said in notebook 00. The export of a
verdict and the teacher's class summary: helpers/verdict_files.py. Figures: helpers/figures/verdict.py.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import data
from .cache import by_data
from .checks import check_choice, check_int, check_number, check_numbers, check_path
from .figures import verdict as figures
from .figures.verdict import scenario_panel, scenario_panel_update, scorecard_chart, timeline_chart
from .hindsight import scored as scorecard
from .saves import SaveRecoveredWarning, load_snapshot
from .selfcheck import Question
from .verdict_files import VerdictForm, class_summary, export_verdict, write_class_summary
from .whatif import Headline, Panel, WhatIf, assumption, lever

__all__ = [
    "STATES", "OPTIONS", "Carried", "carried_settings", "yearly_chance", "ten_year_chance", "scenarios",
    "constants", "constants_table", "retreat_default", "break_default", "claim_holds", "spec", "what_if",
    "WHAT_IFS", "scorecard", "scorecard_counts", "scorecard_chart", "scorecard_explorer", "timeline",
    "timeline_chart", "start_confidence", "author_confidence", "confidence_now", "export_verdict", "class_summary",
    "write_class_summary", "VerdictForm", "figures", "Q1", "Q2", "Q3", "QUESTIONS",
]

STATES = ("muddling through", "collapse", "soft landing")
MUDDLE, COLLAPSE, SOFT = 0, 1, 2
OPTIONS = (("keep propping up", "prop_up"), ("cut off", "cut_off"), ("press for reform", "press_reform"))
# Notebook 04's chances (collapse, then soft landing if no collapse, in ten years) under each option: its
# defaults. A student's saved "chinas_choice" replaces them (carried_settings).
FROM_04 = {"prop_up": ("collapse_prop", "soft_prop"), "cut_off": ("collapse_cut", "soft_cut"),
           "press_reform": ("collapse_press", "soft_press")}


# ---- the model ----------------------------------------------------------------------------------
def yearly_chance(pct_in_ten_years, years: int = 10):
    """The yearly chance (0-1) that gives ``pct_in_ten_years`` percent over ``years`` years."""
    years = check_int("years", years, 1, 100, "years")
    p = check_numbers("pct_in_ten_years", pct_in_ten_years, 0, 100, "percent") / 100
    return 1 - (1 - np.minimum(p, 1)) ** (1 / years)


def ten_year_chance(yearly, years: int = 10):
    """The chance (percent) over ``years`` years of a yearly chance ``yearly`` (0-1)."""
    years = check_int("years", years, 1, 100, "years")
    return 100 * (1 - (1 - check_numbers("yearly", yearly, 0, 1)) ** years)


def _odds_scaled(pct: float, ratio: float) -> float:
    """``pct`` percent with its odds multiplied by ``ratio`` (stays within 0-100)."""
    p = pct / 100
    if p >= 1:
        return 100.0
    odds = p / (1 - p) * ratio
    return 100 * odds / (1 + odds)


@by_data("verdict_constants")
def constants() -> dict[str, float]:
    """The model's documented constants (data/verdict_constants.csv), by name."""
    return data.load("verdict_constants").set_index("name")["value"].astype(float).to_dict()


@dataclass(frozen=True)
class Carried:
    """What notebook 06 takes over from 04: the chances under each of China's options (percent in ten
    years), where they come from, and the student's notebook 05 zone if saved."""

    chances: dict
    source: str
    reform_zone: str | None = None

    def ratios(self) -> dict:
        """How each option scales the odds of collapse and of a soft landing against propping up."""
        c = self.chances

        def ratio(num, den):
            p, q = c[num] / 100, c[den] / 100
            if q <= 0 or q >= 1 or p >= 1:
                return 1.0 if num == den else (0.0 if p <= 0 else 50.0)
            return min((p / (1 - p)) / (q / (1 - q)), 50.0)

        return {opt: (ratio(cc, "collapse_prop"), ratio(ss, "soft_prop")) for opt, (cc, ss) in FROM_04.items()}


def _defaults_04() -> dict:
    from . import dilemma

    return {c.name: c.default for c in dilemma.CONTROLS if c.name in {n for pair in FROM_04.values() for n in pair}}


def carried_settings(folder: str | Path | None = "my_work") -> Carried:
    """Notebook 04's chances of collapse and soft landing: the student's saved settings in ``folder``
    (what notebook 04's panel saved as "chinas_choice"), or 04's defaults when none was saved or the
    save cannot be read (said in ``source``). ``folder=None`` always takes the defaults."""
    chances, source, zone = _defaults_04(), "notebook 04's defaults: no saved settings found", None
    if folder is None:
        return Carried(chances, "notebook 04's defaults")
    folder = check_path("folder", folder)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SaveRecoveredWarning)
            saved = load_snapshot("chinas_choice", folder)
            reform = load_snapshot("reform_corridor", folder)
    except ValueError as exc:
        return Carried(chances, f"notebook 04's defaults: your save could not be read: {exc}")
    if saved is not None:
        settings = saved.get("settings", {}) if isinstance(saved.get("settings"), dict) else {}
        good = {k: float(settings[k]) for k in chances if isinstance(settings.get(k), (int, float))
                and not isinstance(settings.get(k), bool) and 0 <= settings[k] <= 100}
        if len(good) == len(chances):
            chances, source = good, "your saved settings from notebook 04"
        else:
            source = "notebook 04's defaults: your saved settings lack some of the six chances"
    if reform is not None and isinstance(reform.get("summary"), dict):
        z = reform["summary"].get("zone")
        zone = z if isinstance(z, str) and len(z) < 40 else None
    return Carried(chances, source, zone)


def retreat_default() -> float:
    """Yearly chance (percent) that a reform is rolled back: one over the mean number of years from each
    reform to the next retrenchment in data/reform_episodes.csv (notebook 05's record)."""
    e = data.load("reform_episodes").sort_values("date")
    gaps = []
    for r in e[e["kind"] == "reform"].itertuples():
        later = e[(e["kind"] == "retrenchment") & (e["date"] > r.date)]
        if len(later):
            gaps.append((later["date"].iloc[0] - r.date).days / 365.25)
    return round(100 / float(np.mean(gaps)))


def break_default() -> float:
    """Chance (percent) of a structural break in ten years, from successions only: the successions in
    data/leaders.csv per year from the founding to the op-ed, over ten years (no war or new patron came
    in those years, so the record counts only successions)."""
    lead = data.load("leaders").sort_values("start")
    from .course import OP_ED_DATE

    years = (OP_ED_DATE - lead["start"].iloc[0]).days / 365.25
    per_year = (len(lead) - 1) / years
    return round(float(ten_year_chance(per_year)))


def scenarios(china: str = "prop_up", collapse_pct: float = 10, soft_pct: float = 5, retreat_pct: float = 19,
              shock_sd: float = 0.5, break_pct: float = 27, doubt: float = 0.5, draws: int = 5000,
              ratios: dict | None = None, seed: int | None = None) -> dict:
    """Draw ``draws`` ten-year paths from February 2013 (see the module's docstring).

    ``collapse_pct`` and ``soft_pct`` are the chances in ten years while China keeps propping up; the
    other options scale their odds by ``ratios`` (:meth:`Carried.ratios`; notebook 04's defaults when
    None). Returns ``years`` (2013..2023), ``share`` (3 x 11: share of paths in each state, in
    :data:`STATES` order), ``low``/``high`` (5th/95th percentile across worlds), ``survive_pct`` (no
    collapse in ten years), ``real_pct`` (paths that muddled through every year, as the real decade
    did) with its band, and the yearly chances used. Same settings and seed, same paths.
    """
    china = check_choice("china", china, [v for _, v in OPTIONS])
    collapse_pct = check_number("collapse_pct", collapse_pct, 0, 90, "percent in ten years")
    soft_pct = check_number("soft_pct", soft_pct, 0, 90, "percent in ten years")
    retreat = check_number("retreat_pct", retreat_pct, 0, 100, "percent a year") / 100
    shock_sd = check_number("shock_sd", shock_sd, 0, 1.5)
    brk = check_number("break_pct", break_pct, 0, 100, "percent in ten years") / 100
    doubt = check_number("doubt", doubt, 0, 1.5)
    draws = check_int("draws", draws, 100, 50_000, "paths")
    k = constants()
    years, worlds = int(k["horizon_years"]), int(k["worlds"])
    seed = int(k["seed"]) if seed is None else check_int("seed", seed, 0, 2**32 - 1)
    if ratios is not None:
        _check_ratios(ratios)
    r_c, r_s = (ratios or Carried(_defaults_04(), "").ratios())[china]
    p_c, p_s = _odds_scaled(collapse_pct, r_c), _odds_scaled(soft_pct, r_s)
    h_c, h_s = float(yearly_chance(p_c, years)), float(yearly_chance(p_s, years))

    rng = np.random.default_rng(seed)
    per = -(-draws // worlds)
    level = np.exp(doubt * rng.standard_normal(worlds) - doubt**2 / 2)  # mean 1: unsure, not biased
    e = rng.standard_normal((worlds, years))
    phi = k["shock_persistence"]
    z = np.empty_like(e)
    z[:, 0] = e[:, 0]
    for t in range(1, years):
        z[:, t] = phi * z[:, t - 1] + math.sqrt(1 - phi**2) * e[:, t]
    shock = np.exp(shock_sd * z - shock_sd**2 / 2)
    broken = (rng.random(worlds) < brk)[:, None] & (np.arange(years)[None, :] >= rng.integers(0, years, worlds)[:, None])
    scale = level[:, None] * shock * np.where(broken, k["break_factor"], 1.0)  # worlds x years
    hc = np.minimum(h_c * scale, 0.9)
    hs = np.minimum(h_s * scale, 0.95 - hc)

    world = np.repeat(np.arange(worlds), per)
    u = rng.random((worlds * per, years))
    state = np.zeros((worlds * per, years + 1), dtype=np.int8)
    for t in range(years):
        s, c, f = state[:, t], hc[world, t], hs[world, t]
        nxt = s.copy()
        muddle = s == MUDDLE
        nxt[muddle & (u[:, t] < c)] = COLLAPSE
        nxt[muddle & (u[:, t] >= c) & (u[:, t] < c + f)] = SOFT
        nxt[(s == SOFT) & (u[:, t] < retreat)] = MUDDLE
        state[:, t + 1] = nxt
    by_world = np.stack([(state == s).reshape(worlds, per, years + 1).mean(axis=1) for s in range(3)], axis=1)
    real = (state[:, 1:] == MUDDLE).all(axis=1).reshape(worlds, per).mean(axis=1)
    share = by_world.mean(axis=0)
    return {
        "years": int(k["start_year"]) + np.arange(years + 1),
        "share": share,
        "low": np.percentile(by_world, 5, axis=0),
        "high": np.percentile(by_world, 95, axis=0),
        "survive_pct": 100 * (1 - share[COLLAPSE, -1]),
        "soft_pct_end": 100 * share[SOFT, -1],
        "real_pct": 100 * real.mean(),
        "real_band": (100 * float(np.percentile(real, 5)), 100 * float(np.percentile(real, 95))),
        "chances_pct": (p_c, p_s),
        "draws": worlds * per,
    }


def _check_ratios(ratios) -> None:
    """``ratios`` as :meth:`Carried.ratios` gives it: each China option -> (collapse, soft) odds ratios."""
    options = [v for _, v in OPTIONS]
    if not isinstance(ratios, dict) or set(ratios) != set(options) or not all(
            isinstance(r, tuple) and len(r) == 2 for r in ratios.values()):
        raise ValueError(f"ratios must be None or a dict of {', '.join(options)} -> (collapse, soft) odds ratios")
    for key, pair in ratios.items():
        check_numbers(f"ratios[{key}]", list(pair), 0, 50, "odds ratio")


def claim_holds(res: dict) -> str:
    """C30 in the model: "holds" when enough paths avoid collapse for ten years, "fails" when too few do
    (thresholds in data/verdict_constants.csv), otherwise "a toss-up"."""
    if not isinstance(res, dict) or "survive_pct" not in res:
        raise ValueError("res must be what scenarios() returns (a dict with survive_pct)")
    survive = check_number("res['survive_pct']", res["survive_pct"], 0, 100, "percent")
    k = constants()
    if survive >= k["holds_if_survive_pct"]:
        return "holds"
    return "fails" if survive < k["fails_if_survive_pct"] else "a toss-up"


def constants_table() -> pd.DataFrame:
    """Every constant that shapes the paths and is not a slider, with its basis (data/verdict_constants.csv)."""
    k = data.load("verdict_constants")[["name", "value", "value_low", "value_high", "unit", "basis"]].astype(object)
    for col in ("value", "value_low", "value_high"):  # whole numbers as integers (2013, not 2013.0)
        k[col] = pd.Series([int(v) if float(v).is_integer() else float(v) for v in k[col]], index=k.index, dtype=object)
    return k.set_index("name")


# ---- the what-if --------------------------------------------------------------------------------
def _read(base: dict, res: dict, params) -> str:
    lo, hi = res["real_band"]
    band = f"{lo:.0f}% in every world" if round(lo) == round(hi) else f"{lo:.0f}-{hi:.0f}% across worlds"
    opt = dict((v, label) for label, v in OPTIONS)[params["china"]]
    return (f"{res['survive_pct']:.0f}% of paths avoid collapse for ten years if China chooses to "
            f"{opt} (the article's case: {base['survive_pct']:.0f}%), so C30, that China can live with this for a "
            f"long while, {_VERB[claim_holds(res)]} in your scenario; {res['soft_pct_end']:.0f}% are in a soft landing in "
            f"2023. The real decade, muddling through every year, was the path of {res['real_pct']:.0f}% of your draws "
            f"({band}).")


_VERB = {"holds": "holds", "fails": "fails", "a toss-up": "is a toss-up"}


def _alt(res: dict, params) -> str:
    s = res["share"]
    return (f"Line chart of the share of {res['draws']:,} simulated paths in each state, 2013 to 2023, with bands: "
            f"by 2023 {100 * s[MUDDLE, -1]:.0f}% muddling through, {100 * s[COLLAPSE, -1]:.0f}% collapsed, "
            f"{100 * s[SOFT, -1]:.0f}% in a soft landing; the article's case as grey dashed lines.")


def _plausible(res: dict, params) -> list[str]:
    """A caution when the yearly chance of collapse makes the regime's real record (no collapse from its
    founding to the op-ed, data/leaders.csv) very unlikely."""
    from .course import OP_ED_DATE

    founded = data.load("leaders")["start"].min()
    years = (OP_ED_DATE - founded).days / 365.25
    lasting = 100 * (1 - float(yearly_chance(res["chances_pct"][0]))) ** years
    out = []
    if lasting < 5:
        odds = f"{lasting:.1f}%" if lasting >= 0.1 else "less than 0.1%"
        out.append(f"A regime with a {res['chances_pct'][0]:.0f}% chance of collapse in ten years would last the "
                   f"{years:.0f} years from {founded:%Y} to the op-ed in {odds} of cases; this one did.")
    soft = res["chances_pct"][1]
    if soft >= SOFT_CAUTION_PCT:
        e = data.load("reform_episodes")
        reforms = e[(e["kind"] == "reform") & (e["date"] < OP_ED_DATE)]
        out.append(f"A {soft:.0f}% chance of a soft landing in ten years is far outside anything on record: none of the "
                   f"{len(reforms)} reforms of {reforms['date'].min():%Y}-{reforms['date'].max():%Y} "
                   f"(data/reform_episodes.csv) led to one.")
    if soft >= SOFT_CAUTION_PCT and res["soft_pct_end"] < soft / 2 and res["chances_pct"][0] >= SOFT_CAUTION_PCT:
        out.append("Collapse comes first in the model: each year a path that collapses cannot also start a soft landing, "
                   "so a high chance of collapse leaves few paths to land softly.")
    return out


SOFT_CAUTION_PCT = 50  # percent in ten years: a soft landing this likely is far outside the record (a caution)


COMPARE = (
    ("no collapse in ten years", lambda r: f"{r['survive_pct']:.0f}%"),
    ("soft landing in 2023", lambda r: f"{r['soft_pct_end']:.0f}%"),
    ("the real decade's path (band)", lambda r: f"{r['real_pct']:.0f}% ({r['real_band'][0]:.0f}-{r['real_band'][1]:.0f}%)"),
    ("C30 in the model", claim_holds),
    ("chances used (collapse, soft landing)", lambda r: f"{r['chances_pct'][0]:.0f}%, {r['chances_pct'][1]:.0f}%"),
)


def _presets(retreat: float, brk: float, carried: Carried | None = None) -> dict:
    mine = {}
    if carried is not None and carried.source.startswith("your saved"):  # Reset and presets start from 04's defaults
        mine = {"Your notebook 04 chances": {"collapse_pct": carried.chances["collapse_prop"],
                                             "soft_pct": carried.chances["soft_prop"]}}
    return {
        **mine,
        "The article's case (China props up, a remote chance of reform)": {},
        "A calm decade (no shocks, no break)": {"shock_sd": 0, "break_pct": 0, "doubt": 0},
        "Collapse-watchers (a fragile regime)": {"collapse_pct": 50, "shock_sd": 1.0, "doubt": 1.0},
        "China cuts off (notebook 04's chances)": {"china": "cut_off"},
        "China presses for reform, reforms stick": {"china": "press_reform", "retreat_pct": 5},
    }


def _controls(retreat: float, brk: float, collapse: float, soft: float) -> tuple:
    return (
        lever("china", "China's course", 0, 1, "prop_up", options=OPTIONS,
              help="What Beijing does over the decade. Propping up is the article's case (C16, C30); the other two "
                   "scale the odds of collapse and soft landing as notebook 04's chances do (yours if saved)."),
        assumption("collapse_pct", "Chance of collapse in ten years (China propping up)", 0, 90, collapse, step=1, unit="%",
                   help="From notebook 04 (its default 10%: the op-ed sees no signs of collapse, C31). Notebook 01's "
                        "yearly 1% from within gives about the same (9.6% in ten years)."),
        assumption("soft_pct", "Chance of a soft landing in ten years (China propping up)", 0, 90, soft, step=1, unit="%",
                   help="From notebook 04 (its default 5%: the op-ed's 'remote' chance, C22), where it is the chance "
                        "of a soft landing if no collapse comes."),
        assumption("retreat_pct", "Chance a reform is rolled back, each year", 0, 100, retreat, step=1, unit="%",
                   help="From notebook 05's record: one over the mean years from each reform (2002, 2003, 2012, 2014) "
                        "to the next retrenchment (data/reform_episodes.csv)."),
        assumption("shock_sd", "Size of good and bad years", 0, 1.5, 0.5, step=0.1,
                   help="0 = none. Persistent shocks (a famine, sanctions, a pandemic) that raise both kinds of change. 0.5 is the "
                        "course's choice."),
        assumption("break_pct", "Chance of a structural break in ten years", 0, 100, brk, step=1, unit="%",
                   help="A succession, a war or a new patron that makes change likelier from then on. Default: from "
                        "successions only, two in 1948-2013 (data/leaders.csv), about 3% a year."),
        assumption("doubt", "How unsure we are of the chances", 0, 1.5, 0.5, step=0.1,
                   help="0 = sure. Each world draws its own level of the yearly chances (log-normal, this spread). The course's choice."),
        assumption("draws", "Number of paths", 1000, 20000, 5000, step=1000, unit="paths",
                   help="More paths, smoother bands; the bands come from the spread across 100 worlds, not from noise."),
    )


def _build(carried: Carried) -> WhatIf:
    retreat, brk = retreat_default(), break_default()
    d = _defaults_04()
    ratios = carried.ratios()
    return WhatIf(
        title="Ten years from February 2013: collapse, muddling through or a soft landing?",
        intro=("Many simulated paths from what was knowable in February 2013. The chances come from notebooks 04 and "
               "05 (" + carried.source + (": Reset and the other presets return to notebook 04's defaults; the "
               "preset 'Your notebook 04 chances' brings yours back" if carried.source.startswith("your saved") else "")
               + "). A teaching model, not a forecast: the real decade is laid over it, never fitted, "
               "though the chances were chosen in 2026 by people who knew what happened."),
        model=lambda **p: scenarios(**p, ratios=ratios),
        controls=_controls(retreat, brk, d["collapse_prop"], d["soft_prop"]),
        draw=scenario_panel,
        update=scenario_panel_update,
        read=_read,
        source=("Source: the course's scenario model (constants: data/verdict_constants.csv); chances from notebook 04 "
                "(data/dilemma_presets.csv), reforms from data/reform_episodes.csv, successions from data/leaders.csv."),
        alt=_alt,
        baseline={},
        baseline_label="the article's case: China props up; notebook 04's chances",
        baseline_basis=("The op-ed sees no signs of collapse and expects China to live with the status quo 'for "
                        "quite some time' (C30-C31), and calls reform a 'remote' chance (C22): notebook 04 reads that "
                        "as 10% and 5% in ten years while China props up. The numbers, and the rest, are the "
                        "course's choice."),
        headline=Headline("paths with no collapse in ten years", lambda r: float(r["survive_pct"]),
                          lambda x: f"{x:.0f}%"),
        plausible=_plausible,
        presets=_presets(retreat, brk, carried),
        summary=lambda r: {"survive_pct": round(float(r["survive_pct"]), 1),
                           "soft_pct_end": round(float(r["soft_pct_end"]), 1),
                           "real_pct": round(float(r["real_pct"]), 1), "c30": claim_holds(r)},
        compare=COMPARE,
        save_as="ten_year_scenarios",
        figsize=(7.2, 4.8),
    )


@by_data("verdict_constants", "reform_episodes", "leaders", "dilemma_presets", "sources")
def spec() -> WhatIf:
    """The ten-year scenarios what-if at notebook 04's defaults (built once)."""
    return _build(carried_settings(None))


def what_if(carry_from: str | Path | None = None, **settings) -> Panel:
    """The ten-year scenarios panel. ``carry_from`` (e.g. "my_work") starts it from the student's saved
    notebook 04 settings; without a save, or with ``None``, from notebook 04's defaults."""
    if carry_from is None:
        return Panel(spec(), **settings)
    carry_from = check_path("carry_from", carry_from)
    carried = carried_settings(carry_from)
    mine = {"collapse_pct": carried.chances["collapse_prop"], "soft_pct": carried.chances["soft_prop"]}
    return Panel(_build(carried), **{**mine, **settings})


WHAT_IFS = {"ten_year_scenarios": what_if}


# ---- evidence tables ----------------------------------------------------------------------------
def scorecard_counts() -> pd.DataFrame:
    """How many claims held, partly held, did not hold or cannot be tested: all, predictions, main claims."""
    s = scorecard()
    order = ["held", "partly held", "did not hold", "cannot be tested"]
    out = pd.DataFrame({
        "all claims": s["outcome"].value_counts(),
        "predictions": s.loc[s["kind"] == "prediction", "outcome"].value_counts(),
        "main claims": s.loc[s["main"], "outcome"].value_counts(),
    }).reindex(order).fillna(0).astype(int)
    out.index.name = "outcome"
    return out


def scorecard_explorer():
    """The scorecard as a table the student can sort and filter (named controls, keyboard usable)."""
    return figures.ScorecardExplorer(scorecard())


@by_data("verdict_timeline", "sources")
def timeline() -> pd.DataFrame:
    """The dated timeline from February 2013, with its source (short title) on every row."""
    t = data.load("verdict_timeline").copy()
    refs = data.sources_for(t["source_id"]).set_index("id")["short_title"]
    t["when"] = [f"{d:%d %b %Y}" if p == "day" else f"{d:%b %Y}" for d, p in zip(t["date"], t["precision"])]
    t["source"] = t["source_id"].map(refs)
    return t[["when", "kind", "event", "source"]].set_index("when")


def start_confidence(folder: str | Path = "my_work") -> tuple[dict | None, str]:
    """The student's confidence at the start (notebook 00's save) and a sentence saying where it came from."""
    from .start import main_claims

    folder = check_path("folder", folder)
    ids = list(main_claims()["id"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SaveRecoveredWarning)
            saved = load_snapshot("confidence_at_start", folder)
    except ValueError as exc:
        return None, f"Your notebook 00 answers could not be read ({exc}); set your start in the verdict form below, from memory (tick its box)."
    if saved is None:
        return None, ("No saved answers from notebook 00 were found: run its panel and press Save, then run this cell "
                      "again; or set your start in the verdict form below, from memory (tick its box).")
    settings = saved.get("settings") if isinstance(saved.get("settings"), dict) else {}
    values = {i: settings.get(i) for i in ids}
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in values.values()):
        return None, "Your notebook 00 save does not hold all six answers (0-100); set your start in the verdict form below, from memory (tick its box)."
    return {i: float(v) for i, v in values.items()}, "Your answers saved in notebook 00."


def author_confidence() -> dict:
    """How sure the author sounds on each main claim (the course's coding, data/claims.csv)."""
    from .start import main_claims

    m = main_claims()
    return dict(zip(m["id"], m["author_confidence_pct"].astype(float)))


def confidence_now(start: dict | None = None, **now: float) -> pd.DataFrame:
    """Your confidence now beside the start (``start``: notebook 00's answers, or None) for each main claim,
    with how far you moved and what happened to the claim."""
    from .start import compare, main_claims

    if start is not None:
        ids = list(main_claims()["id"])
        if not isinstance(start, dict) or set(start) != set(ids):
            raise ValueError(f"start must be None or a dict of the main claims {', '.join(ids)}, 0-100")
        start = {i: check_number(f"start[{i}]", start[i], 0, 100, "percent") for i in ids}
    if not now:
        raise ValueError("now: give your confidence now in each main claim by name (e.g. C03=50), 0-100")
    table = compare(**now)
    s = scorecard().set_index("id")
    table["start_pct"] = [float(start[i]) if start else math.nan for i in table["id"]]
    table["moved"] = table["your_pct"] - table["start_pct"]
    table["outcome"] = [s.loc[i, "outcome"] for i in table["id"]]
    return table[["id", "claim", "author_pct", "start_pct", "your_pct", "moved", "outcome"]].rename(
        columns={"author_pct": "author (our coding)", "start_pct": "you at the start", "your_pct": "you now"}
    ).set_index("id")


# ---- questions (declared lazily: the answers are worked out when a student checks one) ---------------
Q1 = Question("Q1", "How many of the registry's claims does the scorecard score as 'cannot be tested'?",
              expected=lambda: int((scorecard()["outcome"] == "cannot be tested").sum()),
              hints=("Filter the scorecard by outcome, or read the table of counts.",
                     "Value judgements and predictions about a collapse that never came are among them."))
Q2 = Question("Q2", "In the article's case, what share of paths (percent, whole number) avoid collapse for ten years?",
              expected=lambda: round(float(what_if().result["survive_pct"])), tolerance=1,
              hints=("Read the first row of the table under the panel.",
                     "Notebook 04's default is a 10% chance of collapse in ten years; shocks and breaks add a little."))
Q3 = Question("Q3", "Which main claim held outright, by the scorecard's criterion?",
              expected=lambda: _only_main("held"),
              choices=(("C03", "C03: nothing more than a deterrent"), ("C07", "C07: millions of refugees"),
                       ("C12", "C12: substantial food aid"), ("C18", "C18: a losing battle"),
                       ("C25", "C25: a soft landing"), ("C30", "C30: China can live with it")),
              hints=("Sort the scorecard by outcome and keep the main claims only.",
                     "Four of the six only partly held, and one could not be tested."),
              mistakes=(("C07", "C07 cannot be tested: no collapse came, so it neither held nor failed."),
                        ("C25", "C25 only partly held: reform from above came as small measures, without implosion, "
                                "but they did not last."),
                        ("C03", "C03 only partly held: the weapons deterred, but they were also a bargaining chip."),
                        ("C18", "C18 only partly held: China paid a price, but the buffer held."),
                        ("C12", "C12 only partly held: the aid was large in 2005 and 2009, but the course has no figures "
                                "for the years just before 2013.")))


def _only_main(outcome: str) -> str:
    """The one main claim with ``outcome`` in the scorecard (Q3's answer); an error if there is not exactly one."""
    ids = list(scorecard().query("main and outcome == @outcome")["id"])
    if len(ids) != 1:
        raise ValueError(f"Q3 expects exactly one main claim that {outcome}; the scorecard has {ids or 'none'}")
    return str(ids[0])


QUESTIONS = (Q1, Q2, Q3)
