"""Notebook 01, "The deterrent": the test record, how much of it is estimate, and two what-ifs.

The models. A seismic station measures an explosion's body-wave magnitude mb; a yield follows only
through a formula with two site constants, mb = a + b * log10(Y), so Y = 10 ** ((mb - a) / b)
(:func:`yield_from_mb`): change a, b or whose magnitude you trust and the kilotons move; each constant pair belongs to one
agency's magnitude scale (data/yield_constants.csv), and mixing them is flagged. The survival calculus
(:func:`survival_odds`, in helpers/survival.py and re-exported here) is a deliberately small model of
the regime's odds of lasting a number of years, with and without the bomb: outside attempts at regime
change that a deterrent makes rarer, collapse from within that no bomb prevents, and the bomb's cost
(sanctions), weighed as competing risks, its defaults anchored on data/survival_anchors.csv.

Data in, numbers out: every count (per year, per leader) is computed here from the test-by-test
tables in data/, never typed in. Figures: helpers/figures/deterrent.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data, fmt
from .cache import by_data
from .facts import attempt_rate_from_record, magnitude_spread, yes_votes_before_op_ed
from .checks import check_choice, check_dates, check_int, check_number
from .figures import deterrent as figures
from .figures.common import warheads_chart
from .figures.deterrent import launches_chart, magnitudes_chart, yields_chart
from .hindsight import deterrent_then_and_since as then_and_since
from .selfcheck import Question
from .survival import (CLEAR_GAIN, HORIZON_MAX, claim_outcomes, survival_anchor_table, survival_anchors,  # noqa: F401
                       survival_odds, survival_presets, survival_read, survival_spec, survival_what_if)
from .survival import _survival_plausible  # noqa: F401  (tests reach it as deterrent._survival_plausible)
from .whatif import Headline, Panel, WhatIf, assumption

__all__ = [
    "yield_from_mb", "mb_from_yield", "yield_model", "survival_odds",
    "constant_pair", "scale_offset", "yield_presets", "claim_outcomes", "survival_anchors",
    "survival_read", "survival_presets", "survival_anchor_table", "CLEAR_GAIN",
    "yield_spec", "survival_spec", "yield_what_if", "survival_what_if", "WHAT_IFS",
    "LEADERS", "missile_tests", "leader_on", "yearly_counts", "leader_counts", "peak_year",
    "nuclear_tests_table", "yield_estimates", "un_responses", "yield_ranges", "ally_record", "ally_summary", "yes_votes_before_op_ed",
    "ally_table", "launches_chart", "magnitudes_chart", "yields_chart", "warheads_chart",
    "magnitude_spread", "attempt_rate_from_record", "then_and_since", "Q1", "Q2", "Q3", "QUESTIONS",
]


AGENCIES = ("USGS", "CTBTO")  # the two agencies with a magnitude for all six tests
# Ranges of the yield relation's inputs (magnitudes of the six tests lie between 3.6 and 6.3).


MB_RANGE = (2.0, 8.0)
A_RANGE = (3.8, 5.0)
B_RANGE = (0.6, 1.1)


# ---- the model ----------------------------------------------------------------------------------
def yield_from_mb(mb, a: float = 4.45, b: float = 0.75):
    """Yield in kilotons from body-wave magnitude: Y = 10 ** ((mb - a) / b).

    This inverts mb = a + b * log10(Y). ``mb`` may be a number or an array (vectorised).
    """
    a = check_number("a", a, *A_RANGE)
    b = check_number("b", b, *B_RANGE)
    try:
        arr = np.asarray(mb, dtype="float64") if not isinstance(mb, (bool, str)) else None
    except (TypeError, ValueError, OverflowError):  # not numbers, or an integer too large
        arr = None
    if arr is None or arr.size == 0 or not np.all(np.isfinite(arr)) or arr.min() < MB_RANGE[0] or arr.max() > MB_RANGE[1]:
        raise ValueError(f"mb must be a magnitude (or array of them) between {MB_RANGE[0]:g} and {MB_RANGE[1]:g}; got {mb!r}")
    out = 10.0 ** ((arr - a) / b)
    return float(out) if out.ndim == 0 else out


def mb_from_yield(kt, a: float = 4.45, b: float = 0.75):
    """Body-wave magnitude of an explosion of ``kt`` kilotons: mb = a + b * log10(Y)."""
    a = check_number("a", a, *A_RANGE)
    b = check_number("b", b, *B_RANGE)
    try:
        arr = np.asarray(kt, dtype="float64") if not isinstance(kt, (bool, str)) else None
    except (TypeError, ValueError, OverflowError):  # not numbers, or an integer too large
        arr = None
    if arr is None or arr.size == 0 or not np.all(np.isfinite(arr)) or arr.min() <= 0 or arr.max() > 1e9:
        raise ValueError(f"kt must be a yield (or array of them) above 0 and at most 1e9 kt; got {kt!r}")
    out = a + b * np.log10(arr)
    return float(out) if out.ndim == 0 else out


def yield_model(agency: str = "USGS", mb_offset: float = 0.0, a: float = 4.45, b: float = 0.75) -> dict:
    """The six tests' yields from one agency's magnitudes (shifted by ``mb_offset``) and constants a, b.

    Returns years, magnitudes used, yields (kt), the published low/high per test, which tests
    land inside their published range, and the largest (2017) test's yield.
    """
    mb_offset = check_number("mb_offset", mb_offset, -0.5, 0.5, "magnitude units")
    mb = _magnitudes(agency) + mb_offset
    kt = yield_from_mb(mb, a, b)
    year, low, high = _yield_inputs()
    return {
        "year": year.copy(),
        "mb": mb,
        "kt": kt,
        "low": low.copy(),
        "high": high.copy(),
        "inside": (kt >= low) & (kt <= high),
        "largest_kt": float(kt[-1]),
    }


# ---- the what-ifs -------------------------------------------------------------------------------
def constant_pair(a: float = 4.45, b: float = 0.75) -> dict | None:
    """The row of data/yield_constants.csv whose constants are (a, b), or None for the student's own pair."""
    a = check_number("a", a, *A_RANGE)
    b = check_number("b", b, *B_RANGE)
    for row in _constant_rows():
        if np.isclose(row["a"], a) and np.isclose(row["b"], b):
            return dict(row)
    return None


@by_data("yield_constants")  # the yield panel's reading asks on every move
def _constant_rows() -> tuple[dict, ...]:
    consts = data.load("yield_constants")
    return tuple(consts.iloc[i].to_dict() for i in range(len(consts)))


def scale_offset(agency: str = "CTBTO", of: str = "USGS") -> float:
    """How much ``agency``'s magnitudes for the six tests sit above those of ``of``, on average (mb units)."""
    check_choice("of", of, list(AGENCIES))
    return float(np.mean(_magnitudes(agency) - _magnitudes(of)))


def _scale_mismatch(params) -> str:
    """A sentence when the constants belong to another agency's magnitudes than the ones used, else ''."""
    pair = constant_pair(params["a"], params["b"])
    if pair is None or pair["magnitude_scale"] in ("none", params["agency"]):
        return ""
    own = pair["magnitude_scale"]
    d = scale_offset(params["agency"], own)
    factor = 10 ** (abs(d) / params["b"])
    return (f"Mismatch: the {pair['preset']} constants belong to {own} magnitudes; {params['agency']}'s run "
            f"{abs(d):.2f} {'lower' if d < 0 else 'higher'} on average for these six tests, so every yield comes out "
            f"about {factor:.1f} times {'smaller' if d < 0 else 'larger'} than with its own scale.")


def _yield_read(base, res, params) -> str:
    inside = int(res["inside"].sum())
    shift = f" {params['mb_offset']:+.2f}" if params["mb_offset"] else ""
    mismatch = _scale_mismatch(params)
    return (f"With {params['agency']} magnitudes{shift} and a = {params['a']:.2f}, b = {params['b']:.2f}, "
            f"the 2017 test comes out at {fmt.kt(res['largest_kt'])} kt (published estimates "
            f"{fmt.kt(res['low'][-1])} to {fmt.kt(res['high'][-1])} kt; textbook case {fmt.kt(base['largest_kt'])} kt), "
            f"and {inside} of the 6 tests {'lands' if inside == 1 else 'land'} inside their published range, "
            f"not an independent check, since many published yields came from formulas like this one."
            + (f" {mismatch}" if mismatch else ""))


def _yield_plausible(res, params) -> list[str]:
    """'No close analogue' when a yield lands more than 3 times outside every published estimate of its
    test (one sentence, for the test farthest out; numbers from data/nuclear_test_yields.csv)."""
    labels = [f"{y}b" if i == 4 else str(y) for i, y in enumerate(res["year"])]
    ratios = np.maximum(res["kt"] / res["high"], res["low"] / res["kt"])
    worst = int(np.argmax(ratios))
    ratio = float(ratios[worst])
    if ratio <= 3:
        return []
    kt, low, high = res["kt"][worst], res["low"][worst], res["high"][worst]
    times = f"{ratio:.1f}" if ratio < 10 else f"{ratio:.0f}"
    where = (f"{times} times the highest published estimate ({fmt.kt(high)} kt)" if kt > high
             else f"{times} times below the lowest published estimate ({fmt.kt(low)} kt)")
    others = int((ratios > 3).sum()) - 1
    more = f"; {fmt.plural(others, 'other test')} too" if others else ""
    return [f"No close analogue: the {labels[worst]} test comes out at {fmt.kt(kt)} kt, {where}{more}."]


def _yield_alt(res, p) -> str:
    return (f"Log-scale chart of the six tests' yields computed from {p['agency']} magnitudes with a = {p['a']:.2f} "
            f"and b = {p['b']:.2f} (blue), beside the textbook case (grey dashed) and the published ranges (grey "
            f"bars); the 2017 test comes out at {fmt.kt(res['largest_kt'])} kt.")


YIELD_COMPARE = (
    ("2017 test (kt)", lambda res: fmt.kt(res["largest_kt"])),
    ("2016b test (kt)", lambda res: fmt.kt(res["kt"][4])),
    ("first test, 2006 (kt)", lambda res: fmt.kt(res["kt"][0])),
    ("inside the published range (not an independent check)", lambda res: f"{int(res['inside'].sum())} of {len(res['kt'])}"),
)


def _yield_summary(res) -> dict:
    return {"largest_kt": res["largest_kt"], "inside": int(res["inside"].sum())}


def _yield_source() -> str:
    """A short source line for the panel: yields, magnitudes and constants, each with its table."""
    yields = data.load("nuclear_test_yields")
    consts = data.sources_for(data.load("yield_constants")["source_id"])
    return (f"Source: {len(yields)} published yield estimates from {yields['source_id'].nunique()} sources "
            f"(data/nuclear_test_yields.csv); magnitudes: {', '.join(AGENCIES)} "
            f"(data/nuclear_test_magnitudes.csv); constants: {'; '.join(consts['short_title'])} "
            f"(data/yield_constants.csv).")


def yield_presets() -> dict:
    """Each constant pair with the magnitudes it belongs to (data/yield_constants.csv, magnitude_scale)."""
    out = {}
    for r in data.load("yield_constants").itertuples():
        values = {"a": float(r.a), "b": float(r.b)}
        if r.magnitude_scale in AGENCIES:
            values["agency"] = r.magnitude_scale
            name = f"{r.preset}, with its {r.magnitude_scale} magnitudes"
        else:
            name = f"{r.preset} (no magnitude scale of its own)"
        out[name] = values
    return out


@by_data("yield_constants", "nuclear_test_yields", "nuclear_test_magnitudes", "sources")
def yield_spec() -> WhatIf:
    """The yield-from-magnitude what-if (presets: each constant pair with its own magnitudes)."""
    consts = data.load("yield_constants")
    default = consts.iloc[0]
    spread_test, spread = magnitude_spread()
    return WhatIf(
        title="Yield from magnitude",
        model=yield_model,
        controls=(
            assumption("mb_offset", "Shift every magnitude by (your view of the error)", -0.5, 0.5, 0.0, step=0.05,
                       unit="mb units",
                       help=f"Agencies disagree by up to {spread:.2f} units (test {spread_test}; see the magnitude "
                            "chart); try how much a small shift moves the yields. Default 0: the agency's published values."),
            assumption("agency", "Whose magnitudes you trust", 0, 1, str(default["magnitude_scale"]),
                       options=(("USGS (United States)", "USGS"), ("CTBTO (test-ban monitoring)", "CTBTO")),
                       help="The two agencies that report all six tests (data/nuclear_test_magnitudes.csv). Each "
                            "constant pair belongs to one magnitude scale (the presets bring the pair with its own); "
                            f"the reading flags a mismatch. Default {default['magnitude_scale']}: the default "
                            "constants' own scale."),
            assumption("a", "Constant a (magnitude of a 1 kt blast)", A_RANGE[0], A_RANGE[1], float(default["a"]),
                       step=0.01, unit="mb",
                       help=f"Depends on the rock and how well the blast couples to it. Default {default['a']:g} "
                            f"from {default['preset']} (data/yield_constants.csv)."),
            assumption("b", "Slope b (mb per tenfold yield)", B_RANGE[0], B_RANGE[1], float(default["b"]),
                       step=0.01, unit="mb per x10",
                       help=f"How fast magnitude grows with yield; published calibrations about 0.75-1.0 (0.664 is a "
                            "rule of thumb, not a calibration). "
                            f"Default {default['b']:g} from {default['preset']}."),
        ),
        draw=figures.yield_panel,
        update=figures.yield_panel_update,
        read=_yield_read,
        source=_yield_source,
        alt=_yield_alt,
        baseline={},
        baseline_label=f"textbook case: {default['magnitude_scale']} magnitudes with the hard-rock constants",
        baseline_basis="The op-ed gives no yield (it was written eight days after the third test). The course's "
                       "choice: the most often quoted hard-rock constants, with the magnitudes they belong to.",
        headline=Headline("the 2017 test's yield in kt", lambda res: float(res["largest_kt"]), fmt.kt),
        plausible=_yield_plausible,
        compare=YIELD_COMPARE,
        compare_names=("textbook case", "your settings"),
        presets=yield_presets(),
        summary=_yield_summary,
        figsize=(7.2, 3.8),
        intro="The simplest way from a seismic magnitude to a yield is a formula with two site constants, each "
              "pair calibrated on one agency's magnitudes. Change the constants or whose magnitude you trust, and "
              "watch the kilotons move.",
    )


def yield_what_if(**settings) -> Panel:
    """The yield-from-magnitude panel (keyword arguments set controls, e.g. agency='CTBTO')."""
    return Panel(yield_spec(), **settings)


WHAT_IFS = {"yield": yield_what_if, "survival": survival_what_if}


# ---- evidence tables -----------------------------------------------------------------------------
LEADERS = ("Kim Il Sung", "Kim Jong Il", "Kim Jong Un")


def leader_on(dates) -> np.ndarray:
    """The leader in power on each of ``dates`` (array of names; "before Kim Il Sung" never occurs
    in the CNS record, which starts in 1984)."""
    dates = check_dates("dates", dates)
    leaders = data.load("leaders").sort_values("start")
    if dates is None or isinstance(dates, (str, bytes, bool)) or not np.size(dates):
        raise ValueError(f"dates must be a list or Series of dates such as '2012-12-12'; got {dates!r}")
    try:
        series = pd.Series(dates)
        if series.dtype.kind in "iufcb":  # numbers are not dates (pandas would read them as 1970)
            raise TypeError
        when = pd.to_datetime(series).to_numpy()
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"dates must be dates or date texts such as '2012-12-12'; got {dates!r}") from None
    starts = leaders["start"].to_numpy()
    idx = np.searchsorted(starts, when, side="right") - 1
    if (idx < 0).any():
        raise ValueError("dates must fall after 1948-09-09, when the first leader took power")
    return leaders["leader"].to_numpy()[idx]


def missile_tests() -> pd.DataFrame:
    """The CNS test-by-test table (one row per missile) with year and leader added."""
    tests = data.load("missile_tests")
    tests["year"] = tests["date"].dt.year.astype("int64")
    tests["leader"] = leader_on(tests["date"])
    return tests


def yearly_counts(first: int = 1984, last: int | None = None) -> pd.DataFrame:
    """Missiles, launch days and satellite launches per year, computed from the test-by-test table.

    Years without a launch appear with zeros. ``provisional`` marks years whose records are
    provisional (2025 on). ``leader`` is the leader in power for most of the year's launches
    (or on 1 July in a year without launches).
    """
    tests = missile_tests()
    top = int(tests["year"].max())
    first = check_int("first", first, 1948, top)
    last = top if last is None else check_int("last", last, first, top)
    years = np.arange(first, last + 1)
    t = tests[tests["year"].between(first, last)]
    missiles = t.groupby("year").size()
    days = t.groupby("year")["date"].nunique()
    slv = t[t["missile_class"] == "SLV"].groupby("year").size()
    prov = t.groupby("year")["provisional"].any()
    mid_year = leader_on(pd.to_datetime([f"{y}-07-01" for y in years]))
    main_leader = t.groupby("year")["leader"].agg(lambda s: s.value_counts().index[0])
    out = pd.DataFrame({"year": years})
    out["missiles"] = missiles.reindex(years, fill_value=0).to_numpy().astype("int64")
    out["launch_days"] = days.reindex(years, fill_value=0).to_numpy().astype("int64")
    out["satellite_launches"] = slv.reindex(years, fill_value=0).to_numpy().astype("int64")
    out["provisional"] = prov.reindex(years, fill_value=False).to_numpy().astype(bool) | (years >= 2025)
    out["leader"] = [main_leader.get(y, m) for y, m in zip(years, mid_year)]
    return out


def leader_counts(include_provisional: bool = False) -> pd.DataFrame:
    """Launches and nuclear tests per leader, computed from the test-by-test tables.

    Years of launch records are counted from the CNS record's first year (1984). With
    ``include_provisional=False`` (default) the provisional years (2025 on) are left out.
    """
    if not isinstance(include_provisional, bool):
        raise ValueError(f"include_provisional must be True or False; got {include_provisional!r}")
    tests = missile_tests()
    if not include_provisional:
        tests = tests[~tests["provisional"]]
    first_day = tests["date"].min().to_period("Y").start_time
    last_day = tests["date"].max().to_period("Y").end_time.normalize()
    nukes = data.load("nuclear_tests")
    leaders = data.load("leaders")
    rows = []
    for r in leaders.itertuples():
        t = tests[tests["leader"] == r.leader]
        start = max(r.start, first_day)
        end = last_day if pd.isna(r.end) else min(r.end, last_day)
        years = (end - start).days / 365.25
        rows.append({
            "leader": r.leader,
            "period counted": f"{start:%b %Y} to {end:%b %Y}",
            "missiles": len(t),
            "launch days": int(t["date"].nunique()),
            "nuclear tests": int((nukes["leader"] == r.leader).sum()),
            "missiles per year": round(len(t) / years, 1),
        })
    return pd.DataFrame(rows)


def peak_year(include_provisional: bool = False) -> dict:
    """The year with the most missiles launched: year, missiles and launch days."""
    if not isinstance(include_provisional, bool):
        raise ValueError(f"include_provisional must be True or False; got {include_provisional!r}")
    y = yearly_counts()
    if not include_provisional:
        y = y[~y["provisional"]]
    row = y.loc[y["missiles"].idxmax()]
    return {"year": int(row["year"]), "missiles": int(row["missiles"]), "launch_days": int(row["launch_days"])}


def yield_ranges() -> pd.DataFrame:
    """Per test: the lowest and highest published yield (kt), how many estimates, and the spread."""
    y = data.load("nuclear_test_yields")
    g = y.groupby("test_no")
    out = pd.DataFrame({
        "low_kt": g["yield_kt_low"].min(),
        "high_kt": g["yield_kt_high"].max(),
        "estimates": g.size().astype("int64"),
    }).reset_index()
    out["high_over_low"] = out["high_kt"] / out["low_kt"]
    return out


def _magnitudes(agency: str) -> np.ndarray:
    check_choice("agency", agency, list(AGENCIES))
    return _magnitudes_of(agency).copy()


@by_data("nuclear_test_magnitudes")  # the yield panel asks on every move: read the table once
def _magnitudes_of(agency: str) -> np.ndarray:
    m = data.load("nuclear_test_magnitudes")
    m = m[m["agency"] == agency].sort_values("test_no")
    return m["mb"].to_numpy()


@by_data("nuclear_tests", "nuclear_test_yields")
def _yield_inputs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per test: year, lowest and highest published yield (kt) - what yield_model needs from data/."""
    ranges = yield_ranges()
    return (data.load("nuclear_tests")["date"].dt.year.to_numpy(), ranges["low_kt"].to_numpy(),
            ranges["high_kt"].to_numpy())


def nuclear_tests_table() -> pd.DataFrame:
    """The six tests in one small table: date, time, leader, USGS and CTBTO mb, published yields."""
    tests = data.load("nuclear_tests")
    ranges = yield_ranges()
    out = pd.DataFrame({
        "test": tests["test_no"].astype("int64"),
        "date": tests["date"].dt.strftime("%Y-%m-%d"),
        "time (UTC)": tests["time_utc"],
        "leader": tests["leader"],
        "mb USGS": _magnitudes("USGS"),
        "mb CTBTO": _magnitudes("CTBTO"),
        "published yields (kt)": [f"{fmt.kt(lo)} to {fmt.kt(hi)}" for lo, hi in zip(ranges["low_kt"], ranges["high_kt"])],
        "estimates": ranges["estimates"].to_numpy(),
    })
    return out


def yield_estimates(test_no: int = 6) -> pd.DataFrame:
    """The published yield estimates for one test (1-6): who, central value, low, high, method."""
    test_no = check_int("test_no", test_no, 1, 6)
    y = data.load("nuclear_test_yields")
    y = y[y["test_no"] == test_no]
    return pd.DataFrame({
        "estimator": y["estimator"],
        "central (kt)": y["yield_kt"].round(1).astype(object).where(y["yield_kt"].notna(), "-"),
        "low (kt)": y["yield_kt_low"].round(1),
        "high (kt)": y["yield_kt_high"].round(1),
        "method": y["method"],
    }).reset_index(drop=True)


def un_responses() -> pd.DataFrame:
    """Each nuclear test beside the first UN Security Council vote after it, and the days between."""
    tests = data.load("nuclear_tests")
    votes = data.load("china_nk_security_record")
    votes = votes[votes["kind"] == "un_vote"].sort_values("date")
    rows = []
    for t in tests.itertuples():
        after = votes[votes["date"] > t.date]
        v = after.iloc[0]
        rows.append({
            "test": int(t.test_no),
            "test date": f"{t.date:%Y-%m-%d}",
            "next Security Council vote": v["event"].replace("UN Security Council resolution", "resolution"),
            "vote date": f"{v['date']:%Y-%m-%d}",
            "days later": int((v["date"] - t.date).days),
            "China": v["china_position"],
        })
    return pd.DataFrame(rows)


def ally_record() -> pd.DataFrame:
    """China's 1961 treaty and its position on UN Security Council votes on North Korea."""
    r = data.load("china_nk_security_record")
    return pd.DataFrame({
        "date": r["date"].dt.strftime("%Y-%m-%d"),
        "event": r["event"],
        "China": r["china_position"],
    })


def ally_summary() -> dict:
    """Counts from the record: sanctions resolutions China voted for, vetoes, abstentions."""
    r = data.load("china_nk_security_record")
    votes = r[r["kind"] == "un_vote"]
    yes = votes[votes["china_position"] == "yes"]
    return {
        "treaty_year": int(r.loc[r["kind"] == "treaty", "date"].dt.year.min()),
        "yes_votes": len(yes),
        "yes_first": int(yes["date"].dt.year.min()),
        "yes_last": int(yes["date"].dt.year.max()),
        "vetoes": int((votes["china_position"] == "veto").sum()),
        "abstentions": int((votes["china_position"] == "abstain").sum()),
    }


def ally_table() -> pd.DataFrame:
    """:func:`ally_summary` as a small readable table (every figure counted from the record)."""
    r = data.load("china_nk_security_record")
    votes = r[r["kind"] == "un_vote"]

    def years(position: str) -> str:
        ys = sorted(set(votes.loc[votes["china_position"] == position, "date"].dt.year))
        return f"{ys[0]}-{ys[-1]}" if len(ys) > 1 else (str(ys[0]) if ys else "-")

    a = ally_summary()
    return pd.DataFrame(
        {
            "what the record shows": [
                "treaty of friendship and mutual assistance signed",
                "UN sanctions resolutions China voted for",
                "vetoes of new sanctions",
                "abstentions",
            ],
            "count": [1, a["yes_votes"], a["vetoes"], a["abstentions"]],
            "when": [str(a["treaty_year"]), years("yes"), years("veto"), years("abstain")],
        }
    ).set_index("what the record shows")


# ---- questions (declared lazily: the answers are worked out when a student checks one) ---------------
def _yield_preset(name: str) -> dict:
    """One row of data/yield_constants.csv, by the start of its preset name."""
    c = data.load("yield_constants")
    row = c[c["preset"].str.startswith(name)]
    if len(row) != 1:
        raise data.DataError(f"data/yield_constants.csv: expected one preset starting {name!r}, found {len(row)}")
    return {"a": float(row["a"].iloc[0]), "b": float(row["b"].iloc[0]), "preset": row["preset"].iloc[0]}


def _ctbto_mb(test_no: int) -> float:
    m = data.load("nuclear_test_magnitudes")
    return float(m.loc[(m["test_no"] == test_no) & (m["agency"] == "CTBTO"), "mb"].iloc[0])


SHAGAN = "Shagan (Arms Control Wonk"
HARD_ROCK = "Hard rock"

Q1 = Question(
    "Q1", "In the peak year, how many missiles went up per launch day, on average? One decimal.",
    expected=lambda: round(peak_year()["missiles"] / peak_year()["launch_days"], 1), tolerance=0.1,
    unit="missiles per launch day",
    hints=("Use the peak year's two numbers: its missiles and its launch days.",
           "Divide the missiles by the days, not the other way round."),
    mistakes=((0.5, "that is launch days per missile: divide the missiles by the launch days."),),
)
Q2 = Question(
    "Q2", "With the Shagan constants as the Arms Control Wonk quoted them in 2006, what yield does the CTBTO's "
    "magnitude for the 2017 test give? Round to the nearest 10 kt.",
    expected=lambda: round(yield_from_mb(_ctbto_mb(6), _yield_preset(SHAGAN)["a"], _yield_preset(SHAGAN)["b"]), -1),
    tolerance=10, unit="kt",
    hints=("Use Y = 10 ** ((mb - a) / b) with the Shagan constants, or set the panel: that preset, CTBTO magnitudes.",
           "Work out the exponent (mb - a) / b first; it is smaller than with the hard-rock constants."),
    mistakes=((160, "that is the hard-rock answer (a = 4.45, b = 0.75); the question uses the Shagan constants."),),
)
Q3 = Question(
    "Q3", "How many of the sanctions resolutions China voted for came before the op-ed (20 February 2013)?", expected=yes_votes_before_op_ed,
    hints=("Look at the dates of the rows with 'yes' in the China column of the record.",
           "The op-ed is dated 20 February 2013: check the two resolutions of 2013 one by one."),
    mistakes=((5, "resolution 2094, on the third test, came on 7 March 2013, after the op-ed."),
              (3, "resolution 2087 of 22 January 2013 came before the op-ed: count it.")),
)


QUESTIONS = (Q1, Q2, Q3)
