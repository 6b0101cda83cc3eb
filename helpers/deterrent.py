"""Notebook 01, "The deterrent": the test record, how much of it is estimate, and two what-ifs.

Data in, numbers out: every count (per year, per leader) is computed here from the test-by-test
tables in data/, never typed in. The two what-ifs:

* ``yield_what_if()`` - yield from seismic magnitude, Y = 10 ** ((mb - a) / b), with the agency's
  magnitude and the site constants a, b as controls, drawn against the published yield ranges;
* ``survival_what_if()`` - a small, explicit model of the regime's odds of surviving a number of
  years with and without a credible deterrent.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import course, data, style
from .checks import check_choice, check_int, check_number
from .whatif import Panel, WhatIf, assumption, lever

__all__ = [
    "LEADERS", "missile_tests", "leader_on", "yearly_counts", "leader_counts", "peak_year",
    "nuclear_tests_table", "yield_estimates", "un_responses", "yield_ranges", "yield_from_mb", "mb_from_yield", "yield_model",
    "survival_odds", "ally_record", "ally_summary", "launches_chart", "magnitudes_chart",
    "yields_chart", "warheads_chart", "yield_spec", "survival_spec", "yield_what_if",
    "survival_what_if", "WHAT_IFS", "magnitude_spread", "attempt_rate_from_record", "then_and_since",
]

LEADERS = ("Kim Il Sung", "Kim Jong Il", "Kim Jong Un")
LEADER_COLOURS = dict(zip(LEADERS, (style.OKABE_ITO["green"], style.OKABE_ITO["orange"], style.OKABE_ITO["blue"])))
AGENCIES = ("USGS", "CTBTO")  # the two agencies with a magnitude for all six tests

# Ranges of the yield relation's inputs (magnitudes of the six tests lie between 3.6 and 6.3).
MB_RANGE = (2.0, 8.0)
A_RANGE = (3.8, 5.0)
B_RANGE = (0.6, 1.1)


# ---- missile tests ------------------------------------------------------------------------------
def leader_on(dates) -> np.ndarray:
    """The leader in power on each of ``dates`` (array of names; "before Kim Il Sung" never occurs
    in the CNS record, which starts in 1984)."""
    leaders = data.load("leaders").sort_values("start")
    when = pd.to_datetime(pd.Series(dates)).to_numpy()
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
    y = yearly_counts()
    if not include_provisional:
        y = y[~y["provisional"]]
    row = y.loc[y["missiles"].idxmax()]
    return {"year": int(row["year"]), "missiles": int(row["missiles"]), "launch_days": int(row["launch_days"])}


# ---- nuclear tests ------------------------------------------------------------------------------
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
    m = data.load("nuclear_test_magnitudes")
    m = m[m["agency"] == agency].sort_values("test_no")
    return m["mb"].to_numpy()


def magnitude_spread() -> tuple[int, float]:
    """The test on which the agencies' magnitudes differ most, and by how much (mb units)."""
    m = data.load("nuclear_test_magnitudes")
    spread = m.groupby("test_no")["mb"].agg(lambda s: s.max() - s.min())
    return int(spread.idxmax()), round(float(spread.max()), 2)


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
        "published yields (kt)": [f"{_kt(lo)} to {_kt(hi)}" for lo, hi in zip(ranges["low_kt"], ranges["high_kt"])],
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


def _kt(x: float) -> str:
    return f"{x:.2g}" if x < 10 else f"{x:,.0f}"


def yield_from_mb(mb, a: float = 4.45, b: float = 0.75):
    """Yield in kilotons from body-wave magnitude: Y = 10 ** ((mb - a) / b).

    This inverts mb = a + b * log10(Y). ``mb`` may be a number or an array (vectorised).
    """
    a = check_number("a", a, *A_RANGE)
    b = check_number("b", b, *B_RANGE)
    arr = np.asarray(mb, dtype="float64") if not isinstance(mb, (bool, str)) else None
    if arr is None or arr.size == 0 or not np.all(np.isfinite(arr)) or arr.min() < MB_RANGE[0] or arr.max() > MB_RANGE[1]:
        raise ValueError(f"mb must be a magnitude (or array of them) between {MB_RANGE[0]:g} and {MB_RANGE[1]:g}; got {mb!r}")
    out = 10.0 ** ((arr - a) / b)
    return float(out) if out.ndim == 0 else out


def mb_from_yield(kt, a: float = 4.45, b: float = 0.75):
    """Body-wave magnitude of an explosion of ``kt`` kilotons: mb = a + b * log10(Y)."""
    a = check_number("a", a, *A_RANGE)
    b = check_number("b", b, *B_RANGE)
    arr = np.asarray(kt, dtype="float64") if not isinstance(kt, (bool, str)) else None
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
    ranges = yield_ranges()
    low, high = ranges["low_kt"].to_numpy(), ranges["high_kt"].to_numpy()
    tests = data.load("nuclear_tests")
    return {
        "year": tests["date"].dt.year.to_numpy(),
        "mb": mb,
        "kt": kt,
        "low": low,
        "high": high,
        "inside": (kt >= low) & (kt <= high),
        "largest_kt": float(kt[-1]),
    }


# ---- the survival calculus --------------------------------------------------------------------
def survival_odds(years: int = 10, attempt_rate: float = 0.02, deterrent_cut: float = 0.8,
                  success: float = 0.5, internal: float = 0.01) -> dict:
    """Chance that the regime survives each of the next ``years`` years, with and without a deterrent.

    The model (every number an assumption):

    * each year an outside power attempts forced regime change with probability ``attempt_rate``;
    * an attempt topples the regime with probability ``success``;
    * a credible deterrent lowers the chance of an attempt by the share ``deterrent_cut``;
    * independently, the regime collapses from within with yearly probability ``internal``
      (which no bomb prevents).

    Yearly survival: (1 - internal) * (1 - attempt_rate * success * (1 - cut)), cut = 0 without a
    deterrent; over t years it is raised to the power t (years independent).
    Returns arrays over t = 0..years: ``with_bomb``, ``without_bomb``, ``internal_only`` (the
    ceiling a perfect deterrent could reach), all shares between 0 and 1.
    """
    years = check_int("years", years, 1, 100, "years")
    p = check_number("attempt_rate", attempt_rate, 0, 0.5, "per year")
    cut = check_number("deterrent_cut", deterrent_cut, 0, 1, "share")
    s = check_number("success", success, 0, 1, "share")
    q = check_number("internal", internal, 0, 0.5, "per year")
    t = np.arange(years + 1)
    keep = 1.0 - q
    with_bomb = (keep * (1.0 - p * s * (1.0 - cut))) ** t
    without_bomb = (keep * (1.0 - p * s)) ** t
    return {"t": t, "with_bomb": with_bomb, "without_bomb": without_bomb, "internal_only": keep ** t}


# ---- China, the lukewarm ally -------------------------------------------------------------------
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


# ---- static charts ------------------------------------------------------------------------------
def launches_chart() -> style.Chart:
    """Missiles per year (bars, coloured by leader) with launch days and the six nuclear tests."""
    y = yearly_counts()
    nukes = data.load("nuclear_tests")
    fig, ax = style.figure(11.5, 5.8)
    for leader in LEADERS:
        sel = y[(y["leader"] == leader) & ~y["provisional"]]
        ax.bar(sel["year"], sel["missiles"], color=LEADER_COLOURS[leader], width=0.8, label=f"missiles under {leader}")
    prov = y[y["provisional"]]
    ax.bar(prov["year"], prov["missiles"], color="white", edgecolor=LEADER_COLOURS["Kim Jong Un"], hatch="///",
           width=0.8, label="provisional (2025 on)")
    days = y[y["launch_days"] > 0]
    ax.plot(days["year"], days["launch_days"], linestyle="none", marker="o", markersize=5, color="black",
            label="launch days")
    top = int(y["missiles"].max())
    ny = nukes["date"].dt.year.to_numpy()
    offsets = np.where(np.r_[False, ny[1:] == ny[:-1]], 7, 0)  # two tests in 2016
    ax.plot(ny, top + 6 + offsets, linestyle="none", marker="*", markersize=16, color=style.ACCENT,
            label="nuclear test")
    pause = y[(y["year"] == 2018)]
    if len(pause) and int(pause["missiles"].iloc[0]) == 0:
        ax.annotate("2018: no launches\n(summit year)", xy=(2018, 0.8), xytext=(2013.5, 50),
                    fontsize=11.5, arrowprops={"arrowstyle": "->", "color": "#444444"})
    ax.set_xlim(1983, int(y["year"].max()) + 1)
    ax.set_ylim(0, top + 20)
    ax.set_xlabel("year")
    ax.set_ylabel("missiles launched")
    ax.set_title("North Korea's missile launches and nuclear tests, 1984-" + str(int(y["year"].max())), loc="left")
    ax.legend(loc="upper left", ncol=2, fontsize=11)
    ax.grid(axis="x", visible=False)
    peak = peak_year()
    pauses = y.loc[(y["year"] > 2012) & (y["missiles"] == 0), "year"].tolist()
    prov_from = f"Bars from {int(prov['year'].min())} on are provisional." if len(prov) else ""
    alt = (f"Bar chart of ballistic missiles and space rockets launched per year, {int(y['year'].min())} to "
           f"{int(y['year'].max())}, coloured by leader: a handful a year under Kim Il Sung and Kim Jong Il, "
           f"then many more under Kim Jong Un, none in {', '.join(str(v) for v in pauses) or 'no year'}, and a peak of {peak['missiles']} missiles on "
           f"{peak['launch_days']} launch days in {peak['year']}. Stars mark the {len(nukes)} nuclear tests "
           f"({', '.join(str(v) for v in nukes['date'].dt.year)}). {prov_from}").strip()
    srcs = pd.concat([data.load("missile_tests")[["source_id"]], nukes[["source_id"]], data.load("leaders")[["source_id"]]])
    return style.Chart(fig, alt, data.source("missile_tests", srcs))


def magnitudes_chart() -> style.Chart:
    """Body-wave magnitude of each test as reported by each agency."""
    m = data.load("nuclear_test_magnitudes")
    tests = data.load("nuclear_tests")
    labels = [f"{d:%Y}\n#{n}" for n, d in zip(tests["test_no"], tests["date"])]
    agencies = list(dict.fromkeys(m["agency"]))
    markers = ["o", "s", "D", "^", "v", "P"]
    fig, ax = style.figure(11.5, 5.6)
    width = 0.5
    for i, agency in enumerate(agencies):
        sel = m[m["agency"] == agency]
        x = sel["test_no"].to_numpy() - 1 + (i - (len(agencies) - 1) / 2) * width / len(agencies)
        err = np.vstack([sel["mb"] - sel["mb_low"], sel["mb_high"] - sel["mb"]])
        ax.errorbar(x, sel["mb"], yerr=err, fmt=markers[i % len(markers)], markersize=8, capsize=3,
                    color=style.PALETTE[i % len(style.PALETTE)], label=agency)
    ax.set_xticks(range(len(tests)), labels)
    ax.set_ylabel("body-wave magnitude mb")
    ax.set_title("The same explosions, measured by different agencies", loc="left")
    ax.legend(loc="upper left", ncol=2)
    ax.grid(axis="x", visible=False)
    spread = m.groupby("test_no")["mb"].agg(lambda s: s.max() - s.min())
    first, last = (m[m["test_no"] == n]["mb"] for n in (tests["test_no"].min(), tests["test_no"].max()))
    alt = (f"Dot chart of the body-wave magnitude of North Korea's {len(tests)} nuclear tests as reported by "
           f"{len(agencies)} agencies. Magnitudes rise from about {first.min():.1f}-{first.max():.1f} in "
           f"{tests['date'].min():%Y} to about {last.min():.1f}-{last.max():.1f} in {tests['date'].max():%Y}; "
           f"for a given test the agencies differ by up to {spread.max():.2f} magnitude units.")
    return style.Chart(fig, alt, data.source("nuclear_test_magnitudes"))


def yields_chart() -> style.Chart:
    """Published yield estimates per test as low-high ranges on a log scale."""
    y = data.load("nuclear_test_yields")
    tests = data.load("nuclear_tests")
    labels = [f"{d:%Y}\n#{n}" for n, d in zip(tests["test_no"], tests["date"])]
    fig, ax = style.figure(11.5, 5.8)
    for n, grp in y.groupby("test_no"):
        k = len(grp)
        x = (int(n) - 1) + (np.arange(k) - (k - 1) / 2) * 0.12
        ax.vlines(x, grp["yield_kt_low"], grp["yield_kt_high"], color=style.STUDENT, linewidth=5, alpha=0.75)
        point = grp["yield_kt_low"] == grp["yield_kt_high"]
        ax.plot(x[point.to_numpy()], grp.loc[point, "yield_kt_low"], "o", color=style.STUDENT, markersize=7)
        ax.plot(x, grp["yield_kt"], "_", color="black", markersize=12, markeredgewidth=2)
    r = yield_ranges().iloc[-1]
    ax.annotate(f"{_kt(r['low_kt'])} to {_kt(r['high_kt'])} kt:\n{int(r['estimates'])} estimates,\n"
                f"x{r['high_over_low']:.1f} apart", xy=(5.25, 120), xytext=(3.6, 300), fontsize=11.5,
                arrowprops={"arrowstyle": "->", "color": "#444444"})
    ax.axhline(15, color="#999999", linestyle=":", linewidth=1.5)
    ax.text(-0.4, 17, "Hiroshima, about 15 kt", fontsize=10.5, color="#555555")
    ax.set_yscale("log")
    ax.set_ylim(0.2, 2000)
    ax.set_yticks([1, 10, 100, 1000], ["1", "10", "100", "1,000"])
    ax.minorticks_off()
    ax.set_xlim(-0.5, 5.6)
    ax.set_xticks(range(len(tests)), labels)
    ax.set_ylabel("yield (kilotons of TNT, log scale)")
    ax.set_title("Published yield estimates: each bar is one estimate's range", loc="left")
    ax.grid(axis="x", visible=False)
    spans = "; ".join(f"{d:%Y-%m}: {_kt(lo)} to {_kt(hi)} kt" for d, lo, hi in
                      zip(tests["date"], yield_ranges()["low_kt"], yield_ranges()["high_kt"]))
    alt = (f"Log-scale range chart of {len(y)} published yield estimates for the {len(tests)} tests, lowest to highest "
           f"per test: {spans}. Black ticks are central values where published. The Hiroshima bomb "
           f"(about 15 kt) is marked for scale.")
    return style.Chart(fig, alt, data.source("nuclear_test_yields"))


def warheads_chart() -> style.Chart:
    """SIPRI and FAS warhead estimates by year, with SIPRI's 2022 change of method marked."""
    w = data.load("warheads")
    fig, ax = style.figure(11.5, 5.8)
    sipri = w[w["estimator"] == "SIPRI"].sort_values("year")
    fas = w[w["estimator"] == "FAS"].sort_values("year")
    mat = sipri.dropna(subset=["material_high"])
    ax.vlines(mat["year"] + 0.12, mat["material_low"].fillna(mat["warheads_high"]), mat["material_high"],
              color=style.OKABE_ITO["sky"], linewidth=9, alpha=0.6,
              label="SIPRI: enough material for (2022 on)")
    rng = sipri[sipri["warheads_low"] < sipri["warheads_high"]]
    pts = sipri[sipri["warheads_low"] == sipri["warheads_high"]]
    ax.vlines(rng["year"], rng["warheads_low"], rng["warheads_high"], color=style.STUDENT,
              linewidth=9, label="SIPRI estimate (range)")
    ax.plot(pts["year"], pts["warheads_low"], "D", color=style.STUDENT, markersize=10, label="SIPRI estimate (single value)")
    ax.plot(fas["year"], (fas["warheads_low"] + fas["warheads_high"]) / 2, marker="s", markersize=8,
            color=style.OKABE_ITO["orange"], linewidth=2.2, label="FAS estimate")
    ax.axvline(2021.5, color=style.ACCENT, linestyle="--", linewidth=2)
    ax.text(2021.4, 84, "SIPRI changes method:\nbefore, what the material could make;\nfrom 2022, warheads assembled",
            ha="right", va="top", fontsize=11, color=style.ACCENT)
    ax.set_xlim(2012, int(w["year"].max()) + 1)
    ax.set_ylim(0, 95)
    ax.set_xlabel("year (estimates as of January)")
    ax.set_ylabel("nuclear warheads")
    ax.set_title("How many warheads? Two estimators, one break in the series", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.78))
    ax.grid(axis="x", visible=False)
    def _switch(rows) -> int:
        """The last year in which the estimator changed what it counts."""
        return int(rows.loc[rows["counts"] != rows["counts"].shift(), "year"].iloc[-1])

    switch = _switch(sipri)
    first, before, after, last = (sipri.iloc[0], sipri[sipri["year"] < switch].iloc[-1],
                                  sipri[sipri["year"] == switch].iloc[0], sipri.iloc[-1])

    def _r(row) -> str:
        lo, hi = int(row["warheads_low"]), int(row["warheads_high"])
        return f"{lo}-{hi}" if lo < hi else f"about {lo}"

    alt = (f"Chart of North Korea's nuclear warheads by year: SIPRI estimates rise from {_r(first)} in "
           f"{int(first['year'])} to {_r(before)} in {int(before['year'])}, then drop to {_r(after)} in {switch} "
           f"because SIPRI switched to counting assembled warheads (marked by a dashed line), and reach {_r(last)} "
           f"in {int(last['year'])}; FAS estimates follow a similar path, with their own drop in {_switch(fas)}.")
    return style.Chart(fig, alt, data.source("warheads"))


# ---- what-if 1: yield from magnitude -----------------------------------------------------------
def _decade_label(e: int) -> str:
    return f"{10.0 ** e:,.0f}" if e >= 0 else f"{10.0 ** e:g}"


def _yield_draw(fig, base, res, params) -> None:
    # Drawn on log10 values with plain decade ticks: a true log axis (minor ticks, mathtext labels)
    # costs about 200 ms per update; this looks the same and stays fast.
    ax = fig.subplots()
    fig.subplots_adjust(left=0.12, right=0.97, top=0.86, bottom=0.2)
    x = np.arange(len(res["kt"]))
    ys, yb = np.log10(res["kt"]), np.log10(base["kt"])
    ax.vlines(x, np.log10(res["low"]), np.log10(res["high"]), color="#c9c9c9", linewidth=14,
              label="published range")
    ax.plot(x, yb, marker="o", markersize=9, markerfacecolor="white", **style.BASELINE_STYLE,
            label="textbook case")
    ax.plot(x, ys, marker="o", markersize=9, **style.STUDENT_STYLE, label="your settings")
    lo = int(np.floor(min(-1.0, ys.min() - 0.3)))
    hi = int(np.ceil(max(3.3, ys.max() + 0.3)))
    ax.set_ylim(lo, hi)
    ticks = range(lo, hi + 1)
    ax.set_yticks(list(ticks), [_decade_label(e) for e in ticks])
    ax.minorticks_off()
    ax.set_xticks(x, [f"{y}" if i != 4 else f"{y}b" for i, y in enumerate(res["year"])])
    ax.set_ylabel("yield (kt, log scale)")
    ax.set_title(f"Yields from {params['agency']} magnitudes, a = {params['a']:.2f}, b = {params['b']:.2f}",
                 loc="left", fontsize=14)
    ax.legend(loc="upper left", fontsize=11)
    ax.grid(axis="x", visible=False)


def _yield_read(base, res, params) -> str:
    inside = int(res["inside"].sum())
    shift = f" {params['mb_offset']:+.2f}" if params["mb_offset"] else ""
    return (f"With {params['agency']} magnitudes{shift} and a = {params['a']:.2f}, b = {params['b']:.2f}, "
            f"the 2017 test comes out at {_kt(res['largest_kt'])} kt (published estimates "
            f"{_kt(res['low'][-1])} to {_kt(res['high'][-1])} kt; textbook case {_kt(base['largest_kt'])} kt), "
            f"and {inside} of the 6 tests {'lands' if inside == 1 else 'land'} inside their published range.")


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


@lru_cache(maxsize=1)
def yield_spec() -> WhatIf:
    """The yield-from-magnitude what-if (presets from data/yield_constants.csv)."""
    consts = data.load("yield_constants")
    default = consts.iloc[0]
    spread_test, spread = magnitude_spread()
    presets = {r.preset: {"a": float(r.a), "b": float(r.b)} for r in consts.itertuples()}
    return WhatIf(
        title="Yield from magnitude",
        model=yield_model,
        controls=(
            lever("mb_offset", "Shift every magnitude by", -0.5, 0.5, 0.0, step=0.05, unit="mb units",
                  help=f"Agencies disagree by up to {spread:.2f} units (test {spread_test}; see the magnitude "
                       "chart); try how much a small shift moves the yields. Default 0: the agency's published values."),
            lever("agency", "Whose magnitudes", 0, 1, "USGS",
                  options=(("USGS (United States)", "USGS"), ("CTBTO (test-ban monitoring)", "CTBTO")),
                  help="The two agencies that report all six tests (data/nuclear_test_magnitudes.csv). "
                       "Default USGS."),
            assumption("a", "Constant a (magnitude of a 1 kt blast)", A_RANGE[0], A_RANGE[1], float(default["a"]),
                       step=0.01, unit="mb",
                       help=f"Depends on the rock and how well the blast couples to it. Default {default['a']:g} "
                            f"from {default['preset']} (data/yield_constants.csv)."),
            assumption("b", "Slope b (mb per tenfold yield)", B_RANGE[0], B_RANGE[1], float(default["b"]),
                       step=0.01, unit="mb per x10",
                       help=f"How fast magnitude grows with yield; literature values about 0.65-1.0. "
                            f"Default {default['b']:g} from {default['preset']}."),
        ),
        draw=_yield_draw,
        read=_yield_read,
        source=_yield_source,
        alt=lambda res, p: (f"Log-scale chart of the six tests' yields computed from {p['agency']} magnitudes "
                            f"with a = {p['a']:.2f} and b = {p['b']:.2f} (blue), beside the textbook case (grey "
                            f"dashed) and the published ranges (grey bars); the 2017 test comes out at "
                            f"{_kt(res['largest_kt'])} kt."),
        baseline={},
        baseline_label="textbook case: USGS magnitudes with the hard-rock constants",
        presets=presets,
        summary=_yield_summary,
        figsize=(8.6, 5.0),
        intro="The simplest way from a seismic magnitude to a yield is a formula with two site constants. "
              "Change the constants or whose magnitude you trust, and watch the kilotons move.",
    )


def yield_what_if(**settings) -> Panel:
    """The yield-from-magnitude panel (keyword arguments set controls, e.g. agency='CTBTO')."""
    return Panel(yield_spec(), **settings)


# ---- what-if 2: the survival calculus ----------------------------------------------------------
HORIZON_MAX = 50


def _survival_model(years=10, deterrent_cut=0.8, attempt_rate=0.02, success=0.5, internal=0.01):
    """The panel's model: curves over the whole 0-50-year axis, read off at ``years``."""
    out = survival_odds(HORIZON_MAX, attempt_rate, deterrent_cut, success, internal)
    out["years"] = int(years)
    return out


def _survival_draw(fig, base, res, params) -> dict:
    """Draw the survival figure; return the artists that _survival_update moves."""
    ax = fig.subplots()
    fig.subplots_adjust(left=0.11, right=0.97, top=0.86, bottom=0.2)
    t = res["t"]
    ax.plot(t, 100 * base["with_bomb"], **style.BASELINE_STYLE, label="article: a guaranteed deterrent")
    (without,) = ax.plot(t, 100 * res["without_bomb"], color=style.ACCENT, linewidth=2.4, label="yours: no deterrent")
    (with_bomb,) = ax.plot(t, 100 * res["with_bomb"], **style.STUDENT_STYLE, label="yours: with the deterrent")
    horizon = ax.axvline(0, color="#444444", linewidth=1)
    (dots,) = ax.plot([0, 0], [0, 0], "o", color="#444444", markersize=6)
    label = ax.text(0, 97, "", fontsize=11, color="#444444", va="top")
    ax.set_xlim(0, t[-1])
    ax.set_ylim(0, 102)
    ax.set_xlabel(f"years after the op-ed ({course.OP_ED_DATE:%B %Y})")
    ax.set_ylabel("chance the regime survives (%)")
    ax.set_title("The survival calculus", loc="left")
    ax.legend(loc="lower left", fontsize=11)
    handles = {"without": without, "with": with_bomb, "horizon": horizon, "dots": dots, "label": label}
    _survival_update(handles, base, res, params)
    return handles


def _survival_update(handles: dict, base, res, params) -> None:
    """Fast path: move the student's two curves and the horizon marker."""
    n = res["years"]
    handles["without"].set_ydata(100 * res["without_bomb"])
    handles["with"].set_ydata(100 * res["with_bomb"])
    handles["horizon"].set_xdata([n, n])
    handles["dots"].set_data([n, n], [100 * res["without_bomb"][n], 100 * res["with_bomb"][n]])
    handles["label"].set_x(n + 0.6)
    handles["label"].set_text(f"{n} years")


def _survival_read(base, res, params) -> str:
    n = params["years"]
    w, wo, ceil = res["with_bomb"][n], res["without_bomb"][n], res["internal_only"][n]
    gain = 100 * (w - wo)
    internal_loss = 100 * (1 - ceil)
    if abs(gain - internal_loss) < 0.5:
        verdict = "the bomb and the risk from within weigh about the same"
    elif gain > internal_loss:
        verdict = "the bomb matters more than the risk from within"
    else:
        verdict = "the risk from within matters more than the bomb"
    return (f"Over {n} years the regime survives with {100 * w:.0f}% odds with the deterrent and {100 * wo:.0f}% "
            f"without, so the bomb adds {gain:.0f} points; even a perfect deterrent would leave {100 * ceil:.0f}%, "
            f"because collapse from within costs {internal_loss:.0f} points: in your numbers {verdict}.")


def _survival_summary(res) -> dict:
    n = res["years"]
    return {"years": n, "with_bomb": float(res["with_bomb"][n]), "without_bomb": float(res["without_bomb"][n]),
            "internal_only": float(res["internal_only"][n])}


def attempt_rate_from_record(step: float = 0.005) -> dict:
    """The yearly rate of outside attempts at forced regime change that the record up to the op-ed
    suggests: one attempt (the UN advance north in autumn 1950) in the years from the regime's founding
    to 20 February 2013; ``rate`` is that rounded to the slider's ``step``."""
    step = check_number("step", step, 0.001, 0.05, "per year")
    founded = data.load("leaders")["start"].min()
    years = (course.OP_ED_DATE - founded).days / 365.25
    exact = 1 / years
    return {"founded": int(founded.year), "years": years, "exact": exact, "rate": round(round(exact / step) * step, 4)}


@lru_cache(maxsize=1)
def survival_spec() -> WhatIf:
    """The survival-calculus what-if. Every default is an illustrative assumption, stated as such."""
    rec = attempt_rate_from_record()
    return WhatIf(
        title="The survival calculus",
        model=_survival_model,
        controls=(
            lever("years", "Horizon", 1, HORIZON_MAX, course.YEARS_SINCE, step=1, unit="years",
                  help=f"How far ahead you look. Default {course.YEARS_SINCE}: the years from the op-ed "
                       f"(February {course.OP_ED_DATE.year}) to today ({course.PRESENT_YEAR})."),
            lever("deterrent_cut", "How much the deterrent lowers the chance of an attempt", 0, 1, 0.8,
                  step=0.05, unit="share",
                  help="1 = no outside power would ever try (the article's 'guarantee'); 0 = the bomb "
                       "deters nobody. Default 0.8 is an assumption, not a measurement."),
            assumption("attempt_rate", "Yearly chance of an attempt at forced regime change", 0, 0.2, rec["rate"],
                       step=0.005, unit="per year",
                       help=f"Without a deterrent. Default {rec['rate']:g}: one attempt in the {rec['years']:.0f} "
                            f"years from {rec['founded']} to the op-ed is {rec['exact']:.3f} a year, rounded to the "
                            "slider's step. The attempt: the UN advance north in autumn 1950, which followed North "
                            "Korea's invasion of the South in June. An assumption for you to question."),
            assumption("success", "Chance an attempt topples the regime", 0, 1, 0.5, step=0.05, unit="share",
                       help="Default 0.5: a coin toss (the 1950 attempt failed once China intervened). "
                            "An assumption."),
            assumption("internal", "Yearly chance of collapse from within", 0, 0.1, 0.01, step=0.005,
                       unit="per year",
                       help="Famine, coup, succession crisis; no bomb prevents these. Default 0.01 is an "
                            "assumption (the regime has lasted since 1948, famine included)."),
        ),
        draw=_survival_draw,
        update=_survival_update,
        read=_survival_read,
        source="Source: illustrative model of the Soft Landing course (helpers/deterrent.py, survival_odds); "
               "every number is an assumption you can change, none is data.",
        alt=lambda res, p: (f"Line chart of the regime's chance of surviving the next {p['years']} years: with the "
                            f"deterrent (blue) at {100 * res['with_bomb'][p['years']]:.0f}%, without it (orange) at "
                            f"{100 * res['without_bomb'][p['years']]:.0f}%, beside the article's guaranteed deterrent (grey "
                            f"dashed), over 0 to 50 years."),
        baseline={"deterrent_cut": 1.0},
        baseline_label="the article's reading: a deterrent that rules out any attempt",
        summary=_survival_summary,
        figsize=(8.6, 5.0),
        intro="A deliberately small model: outside attempts at regime change, a deterrent that makes them "
              "rarer, and a risk from within that no bomb removes. Every number is yours to question.",
    )


def survival_what_if(**settings) -> Panel:
    """The survival-calculus panel (keyword arguments set controls, e.g. years=25)."""
    return Panel(survival_spec(), **settings)


WHAT_IFS = {"yield": yield_what_if, "survival": survival_what_if}


# ---- then and since: what the op-ed's author could know, and what came after -------------------
def _resolution(event: str) -> str:
    """The resolution number in a record's event text ("... resolution 1695 (...)")."""
    words = event.split()
    return words[words.index("resolution") + 1] if "resolution" in words else event


def then_and_since() -> pd.DataFrame:
    """The deterrent's record split at the op-ed's date (20 February 2013), every figure from data/:
    what the author could know then, and what came after (hindsight)."""
    cut = course.OP_ED_DATE
    nukes = data.load("nuclear_tests")
    mags = data.load("nuclear_test_magnitudes")
    before, after = nukes[nukes["date"] <= cut], nukes[nukes["date"] > cut]
    last = before.iloc[-1]
    # the largest test the author knew of, with the magnitudes as first reported then
    known = mags[mags["test_no"].isin(before["test_no"])].assign(
        first=lambda m: m["mb_first_reported"].fillna(m["mb"]))
    top_then = int(known.groupby("test_no")["first"].max().idxmax())
    first_mb = known.loc[known["test_no"] == top_then, "first"]
    usgs = known[(known["test_no"] == top_then) & (known["agency"] == "USGS")].iloc[0]
    top_now = int(mags.groupby("test_no")["mb"].max().idxmax())
    big = mags[mags["test_no"] == top_now]

    tests = missile_tests()
    m_before = tests[tests["date"] <= cut]
    kju = m_before[m_before["leader"] == "Kim Jong Un"]
    complete = tests[(tests["date"] > cut) & ~tests["provisional"]]
    icbm = tests.loc[tests["missile_class"] == "ICBM", "date"].min()
    peak = peak_year()

    rec = data.load("china_nk_security_record")
    yes = rec[(rec["kind"] == "un_vote") & (rec["china_position"] == "yes")]
    y_then, y_after = yes[yes["date"] <= cut], yes[yes["date"] > cut]
    later = rec[(rec["date"] > y_after["date"].max()) & (rec["kind"] == "un_vote")]
    treaty = rec[rec["kind"] == "treaty"].iloc[0]
    russia = rec[rec["event"].str.contains("Russia") & rec["event"].str.contains("Treaty")]

    w = data.load("warheads")
    sipri = w[w["estimator"] == "SIPRI"].sort_values("year")
    w_then, w_now = sipri[sipri["year"] <= cut.year].iloc[-1], sipri.iloc[-1]

    def _res(rows) -> str:
        r = rows.sort_values("date")
        return (f"{_resolution(r['event'].iloc[0])} ({r['date'].iloc[0]:%B %Y}) to "
                f"{_resolution(r['event'].iloc[-1])} ({r['date'].iloc[-1]:%B %Y})")

    def _range(lo, hi) -> str:
        return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"

    rows = {
        "nuclear tests": (
            f"{len(before)}: {', '.join(f'{d:%Y-%m}' for d in before['date'])}; the latest "
            f"{(cut - last['date']).days} days before the op-ed",
            f"{len(after)} more: {', '.join(f'{d:%Y-%m}' for d in after['date'])}; none since"),
        "largest test's magnitude (mb, all agencies)": (
            f"{first_mb.min():g} to {first_mb.max():g} as first reported (test {top_then}; the USGS "
            f"first said {usgs['mb_first_reported']:g}, now {usgs['mb']:g})",
            f"{big['mb_low'].min():g} to {big['mb_high'].max():g} (test {top_now}, "
            f"{nukes.loc[nukes['test_no'] == top_now, 'date'].iloc[0]:%Y})"),
        "missiles launched (CNS count)": (
            f"{len(m_before)} from {m_before['date'].min():%Y} to {m_before['date'].max():%Y}, "
            f"{len(kju)} of them under Kim Jong Un",
            f"{len(complete)} from the op-ed to the end of {complete['date'].max():%Y} (later years provisional); "
            f"peak {peak['missiles']} in {peak['year']}; first ICBM {icbm:%B %Y}"),
        "UN sanctions resolutions China voted for": (
            f"{len(y_then)}: {_res(y_then)}",
            f"{len(y_after)} more: {_res(y_after)}; then "
            + ", ".join(f"{'a veto' if p == 'veto' else 'an abstention'} ({d:%Y})"
                        for p, d in zip(later["china_position"], later["date"]))),
        "North Korea's alliance treaties": (
            f"with China only ({treaty['date']:%Y})",
            f"with Russia too (signed {russia['date'].iloc[0]:%B %Y})" if len(russia) else "with China only"),
        "warheads (SIPRI's estimates)": (
            f"January {int(w_then['year'])}: {_range(w_then['warheads_low'], w_then['warheads_high'])} "
            f"({w_then['counts']}; an estimate published after the op-ed)",
            f"January {int(w_now['year'])}: about {_range(w_now['warheads_low'], w_now['warheads_high'])} "
            f"({w_now['counts']}; material for up to {w_now['material_high']:g})"),
    }
    out = pd.DataFrame.from_dict(rows, orient="index",
                                 columns=[f"by {cut:%d %B %Y} (the author could know)", "after (hindsight)"])
    out.index.name = "what"
    return out
