"""Notebook 02, "Collapse and exodus": if the regime fell, how many would flee, where, how fast?

Data helpers (tables and figures from data/) and a weekly refugee stock-and-flow model.

The model (:func:`simulate`) counts whole people, so it conserves them exactly:

* at the collapse a share of the population wants out: ``population x propensity x severity``;
* each week a share of those still waiting try to leave; the worse the collapse, the faster
  (from 5% a week for a mild crisis to 50% a week for a total one);
* two routes take them, each with a weekly capacity: across the Yalu and Tumen rivers to China
  (scaled by China's border policy, from sealed to open) and to South Korea (the DMZ is nearly
  impassable, so by sea and via third countries, scaled by South Korea's reception);
* people spread over the routes in proportion to what each route can take; whoever cannot get
  through waits and tries again the next week;
* each week a share of those abroad go home (they count as "inside" again).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from . import data, style
from .checks import check_int, check_number
from .whatif import Panel, WhatIf, assumption, lever

__all__ = [
    "Exodus", "simulate", "nk_population", "sk_weekly_pace", "population_table", "defectors_chart",
    "defectors_table", "ministry_trap_table", "female_share", "china_estimates_chart",
    "china_estimates_table", "analogues_table", "border_table", "china_border_range",
    "loose_nukes_table", "loose_nukes_chart", "nearest_analogue", "route_map", "compare_table",
    "SPEC", "what_if", "WHAT_IFS", "known_in_2013", "stakes_then_and_now", "OP_ED_DATE",
]

# Model constants (documented; not controls, to keep the panel lean).
SEALED_LEAK = 0.02  # share of the China route's capacity that still gets through a sealed border
ATTEMPT_MIN, ATTEMPT_MAX = 0.05, 0.50  # weekly share of those waiting who try, mild to total collapse
MAX_WEEKS = 156


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------
def _version(*tables: str) -> tuple:
    """A cache key that changes when the data folder or any of the given tables changes."""
    folder = data.data_dir()
    return (str(folder),) + tuple((folder / f"{t}.csv").stat().st_mtime_ns for t in tables)


@lru_cache(maxsize=4)
def _nk_population(_key: tuple) -> int:
    pop = data.load("population")
    row = pop[(pop["area"] == "North Korea") & (pop["year"] == 2024) & (pop["revision"] == "UN WPP 2024")]
    return int(row["population"].iloc[0])


@lru_cache(maxsize=4)
def _sk_weekly_pace(_key: tuple) -> int:
    d = data.load("defectors")
    return int(round(int(d["arrivals"].max()) / 52))


def nk_population() -> int:
    """North Korea's population in 2024 (UN WPP 2024): where the model starts."""
    return _nk_population(_version("population"))


def sk_weekly_pace() -> int:
    """South Korea's intake per week at the 2009 peak of defector arrivals (today's system)."""
    return _sk_weekly_pace(_version("defectors"))


def population_table() -> pd.DataFrame:
    """North Korea beside South Korea and the Chinese border provinces, latest figure each."""
    pop = data.load("population")
    keep = [("North Korea", 2024, "UN WPP 2024"), ("South Korea", 2024, "World Bank WDI"),
            ("Liaoning", 2020, "China census 2020"), ("Jilin", 2020, "China census 2020"),
            ("Dandong", 2020, "China census 2020")]
    rows = [pop[(pop["area"] == a) & (pop["year"] == y) & (pop["revision"] == r)].iloc[0] for a, y, r in keep]
    out = pd.DataFrame(rows)
    nk = float(out["population"].iloc[0])
    return pd.DataFrame({
        "area": out["area"].to_list(),
        "what": out["area_kind"].to_list(),
        "year": out["year"].astype(int).to_list(),
        "people (millions)": (out["population"].astype(float) / 1e6).round(2).to_list(),
        "vs North Korea": [f"{p / nk:.2f}x" for p in out["population"].astype(float)],
        "figure from": out["revision"].to_list(),
    }).set_index("area")


def defectors_table() -> pd.DataFrame:
    """Single-year arrivals with the female share where known."""
    d = data.load("defectors")
    known = d["female"].notna() & d["male"].notna()
    share = pd.Series(np.nan, index=d.index)
    share[known] = 100 * d.loc[known, "female"].astype(float) / (d.loc[known, "female"] + d.loc[known, "male"]).astype(float)
    return pd.DataFrame({"year": d["year"].astype(int), "arrivals": d["arrivals"].astype(int),
                         "women (%)": share.round(0)}).set_index("year")


def female_share() -> float:
    """Women's share (%) of all arrivals up to 2025, from the ministry's grand total."""
    t = data.load("defector_totals").set_index("period").loc["up to 2025"]
    return round(100 * float(t["female"]) / float(t["arrivals"]), 1)


def ministry_trap_table() -> pd.DataFrame:
    """The ministry's first rows beside the single years they hide."""
    d = data.load("defectors").set_index("year")["arrivals"]
    t = data.load("defector_totals").set_index("period")
    rows = [
        ("ministry row '~1998'", int(t.loc["up to 1998", "arrivals"]), "everyone who arrived up to the end of 1998"),
        ("single year 1998", int(d.loc[1998]), "only this is 1998"),
        ("ministry row '1999-2001'", int(t.loc["1999-2001", "arrivals"]), "three years in one row"),
        ("single years 1999 + 2000 + 2001", int(d.loc[[1999, 2000, 2001]].sum()), "the same three years, added up"),
        ("all years up to 2025", int(t.loc["up to 2025", "arrivals"]), "the ministry's grand total"),
        ("before 1998 + single years 1998-2025",
         int(t.loc["up to 1998", "arrivals"]) - int(d.loc[1998]) + int(d.sum()), "cross-check: the parts add up"),
    ]
    return pd.DataFrame(rows, columns=["row", "arrivals", "what it counts"]).set_index("row")


def defectors_chart() -> style.Chart:
    """Bar chart of arrivals in South Korea per year, 1998-2025, with the female share."""
    d = data.load("defectors")
    years = d["year"].astype(int).to_numpy()
    arr = d["arrivals"].astype(int).to_numpy()
    fig, ax = style.figure(11, 5.4)
    ax.bar(years, arr, color=style.PALETTE[0], width=0.8, label="arrivals in the year")
    known = d["female"].notna().to_numpy()
    fem = d["female"].fillna(0).astype(int).to_numpy()
    ax.bar(years[known], np.minimum(fem[known], arr[known]), color=style.PALETTE[1], width=0.8,
           label="of whom women (years with a split)")
    peak = int(np.argmax(arr))
    low = int(np.argmin(arr))
    ax.annotate(f"peak {years[peak]}: {arr[peak]:,}", (years[peak], arr[peak]), xytext=(years[peak] - 9, arr[peak] + 300),
                arrowprops={"arrowstyle": "->", "color": "#333"}, fontsize=12)
    ax.annotate(f"{years[low]}: {arr[low]}", (years[low], arr[low]), xytext=(years[low] - 6, 900),
                arrowprops={"arrowstyle": "->", "color": "#333"}, fontsize=12)
    ax.axvline(2011.9, color="#999", lw=1)
    ax.text(2012.1, 2200, "Kim Jong Un\ntakes over", fontsize=11, color="#444")
    ax.axvline(2020.05, color="#999", lw=1)
    ax.text(2020.2, 1400, "border\nsealed\n(COVID)", fontsize=11, color="#444", va="top")
    ax.set_ylim(0, 3600)
    ax.set_xlim(1997, 2026)
    ax.set_ylabel("people arriving per year")
    ax.set_title("North Korean defectors arriving in South Korea, single years 1998-2025")
    ax.legend(loc="upper right")
    kju = data.load("leaders").set_index("leader").loc["Kim Jong Un", "start"]
    takeover = kju.year + 1  # his first full year (he took over in December 2011)
    sealed = int(years[1:][np.argmin(arr[1:] / arr[:-1])])  # the steepest fall: the border sealed
    mid = arr[(years >= takeover) & (years < sealed)]
    since = float(arr[years > years[low]].mean())
    alt = (f"Bar chart of defector arrivals in South Korea per year: from {arr[0]} in {years[0]} up to a peak of "
           f"{arr[peak]:,} in {years[peak]}, about {round(int(mid.min()), -2):,}-{round(int(mid.max()), -2):,} a "
           f"year in {takeover}-{sealed - 1}, then {arr[low]} in {years[low]} after the border was sealed, and "
           f"about {round(since, -2):,.0f} a year since. Women are most arrivals where a split is known.")
    return style.Chart(fig, alt, data.source("defectors"))


def china_estimates_table() -> pd.DataFrame:
    e = data.load("nk_in_china_estimates")

    def rng(r):
        if pd.notna(r.value_low) and pd.notna(r.value_high):
            return f"{int(r.value_low):,}" if r.value_low == r.value_high else f"{int(r.value_low):,}-{int(r.value_high):,}"
        if pd.notna(r.value_low):
            return f"more than {int(r.value_low):,}"
        return f"up to {int(r.value_high):,}"

    return pd.DataFrame({"year": e["year"].astype(int), "what": e["what"], "estimate": [rng(r) for r in e.itertuples()],
                         "who": e["estimator"]}).set_index("year")


def china_estimates_chart() -> style.Chart:
    """Forest plot of the estimates of North Koreans hiding in China (ranges, log scale)."""
    e = data.load("nk_in_china_estimates")
    e = e[e["what"] == "hiding in China"].reset_index(drop=True)
    floor, ceiling = 3000, 600000
    fig, ax = style.figure(11, 5.6)
    y = np.arange(len(e))[::-1]
    for yi, r in zip(y, e.itertuples()):
        lo = r.value_low if pd.notna(r.value_low) else floor
        hi = r.value_high if pd.notna(r.value_high) else ceiling
        if lo == hi:
            ax.plot([lo], [yi], "o", color=style.PALETTE[1], ms=12)
            continue
        ax.plot([lo, hi], [yi, yi], color=style.PALETTE[0], lw=8, solid_capstyle="butt")
        if pd.isna(r.value_low):
            ax.plot([lo], [yi], marker="<", color=style.PALETTE[0], ms=13)
        if pd.isna(r.value_high):
            ax.plot([hi], [yi], marker=">", color=style.PALETTE[0], ms=13)
    labels = [f"{r.year}: {textwrap.shorten(r.estimator, 44, placeholder='...')}" for r in e.itertuples()]
    ax.set_yticks(y, labels, fontsize=11.5)
    ax.set_xscale("log")
    ax.set_xlim(2500, 800000)
    ax.set_xticks([3000, 10000, 30000, 100000, 300000], ["3,000", "10,000", "30,000", "100,000", "300,000"])
    ax.minorticks_off()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("North Koreans hiding in China (log scale)")
    ax.set_title("Estimates of North Koreans hiding in China, 1999-2009", loc="left")
    ax.set_ylim(-1.3, len(e) - 0.5)
    ax.text(800000, -1.0, "bar = range; arrow = open end ('up to', 'more than'); dot = one figure",
            ha="right", va="center", fontsize=10.5, color="#444")
    more = e[e["value_low"].notna() & e["value_high"].isna()].sort_values("value_low").iloc[-1]
    most = e.loc[e["value_high"].idxmax()]
    least = e[e["value"].notna()].sort_values("value").iloc[0]
    official = e[e["estimator"].str.contains("government|State Department|UNHCR")]
    off_lo = official[["value_low", "value_high"]].min().min()
    off_hi = official[["value_low", "value_high"]].max().max()
    under = "fewer than " if official["value_low"].isna().any() else ""
    alt = (f"Forest plot of estimates of North Koreans hiding in China, {e['year'].min()}-{e['year'].max()}, "
           f"log scale: from more than {more['value_low']:,.0f} (NGO survey, {more['year']}) and up to "
           f"{most['value_high']:,.0f} (NGOs, {most['year']}) down to about {least['value']:,.0f} (Johns Hopkins, "
           f"{least['year']}); official and UN figures run from {under}{off_lo:,.0f} to {off_hi:,.0f}.")
    return style.Chart(fig, alt, data.source("nk_in_china_estimates", e))


def analogues_table() -> pd.DataFrame:
    """Size and speed of real exoduses: people, weeks, people per week."""
    a = data.load("refugee_analogues")
    return pd.DataFrame({
        "case": a["case"], "what is counted": a["milestone"], "weeks": a["weeks"].round(1),
        "people": a["people"].astype(int).map("{:,}".format),
        "per week": (a["people"].astype(float) / a["weeks"]).round(-2).astype(int).map("{:,}".format),
    }).set_index("case")


def border_table() -> pd.DataFrame:
    b = data.load("border_facts")
    src = data.load("sources").set_index("id")["short_title"]
    return pd.DataFrame({"measure": b["measure"], "value": b["value"].map("{:,.0f}".format), "unit": b["unit"],
                         "source": b["source_id"].map(src)}).set_index("measure")


def china_border_range() -> tuple[float, float]:
    """Low and high of the China-North Korea border length over the sources (km)."""
    b = data.load("border_facts")
    v = b.loc[b["measure"] == "China-North Korea border length", "value"]
    return float(v.min()), float(v.max())


def loose_nukes_table() -> pd.DataFrame:
    """What would be at stake: the latest warhead estimates and the fissile material."""
    w = data.load("warheads")
    latest = w.loc[w.groupby("estimator")["year"].idxmax()].sort_values("year", ascending=False)
    rows = []
    for r in latest.itertuples():
        est = f"{r.warheads_low}" if r.warheads_low == r.warheads_high else f"{r.warheads_low}-{r.warheads_high}"
        mat = ""
        if pd.notna(r.material_high):
            mat = f"material for {'up to ' if pd.isna(r.material_low) else str(r.material_low) + '-'}{r.material_high}"
        rows.append((f"warheads ({r.estimator}, January {r.year})", est, r.counts + ("; " + mat if mat else "")))
    f = data.load("fissile_material")
    for r in f.itertuples():
        rows.append((f"{r.material} (end of {r.as_of_year}, Hecker)", f"{r.kg_low:.0f}-{r.kg_high:.0f} kg", r.note))
    return pd.DataFrame(rows, columns=["what", "estimate", "note"]).set_index("what")


def loose_nukes_chart() -> style.Chart:
    """Warhead estimates over time (both estimators, ranges), from the shared warheads table."""
    w = data.load("warheads")
    fig, ax = style.figure(10, 5.0)
    for i, (name, g) in enumerate(w.groupby("estimator", sort=True)):
        g = g.sort_values("year")
        x = g["year"].astype(float).to_numpy() + (0.12 if i else -0.12)
        lo, hi = g["warheads_low"].astype(float).to_numpy(), g["warheads_high"].astype(float).to_numpy()
        ax.vlines(x, lo, hi, color=style.PALETTE[i], lw=5)
        ax.plot(x, (lo + hi) / 2, "o-", color=style.PALETTE[i], ms=6, lw=1.5, label=name)
        mat = g[g["material_high"].notna()]
        if len(mat):
            ax.plot(mat["year"].astype(float) + (0.12 if i else -0.12), mat["material_high"].astype(float), "^",
                    color=style.PALETTE[i], ms=10, mfc="white", label=f"{name}: material for up to")
    ax.axvline(2020.5, color="#999", lw=1)
    ax.text(2020.6, 88, "assembled warheads only:\nFAS from 2021, SIPRI from 2022", fontsize=10.5, va="top", color="#444")
    ax.set_ylabel("warheads")
    ax.set_ylim(0, 95)
    ax.set_title("How many warheads could go loose?")
    ax.legend(loc="upper left")
    first = w[w["year"] == w["year"].min()]
    latest = w.loc[w.groupby("estimator")["year"].idxmax()]
    now = sorted(set(latest["warheads_low"]) | set(latest["warheads_high"]))
    now_text = f"about {now[0]}" if len(now) == 1 else f"{now[0]}-{now[-1]}"
    sipri = w[w["estimator"] == "SIPRI"].sort_values("year")
    switch = int(sipri.loc[sipri["counts"] != sipri["counts"].shift(), "year"].iloc[-1])
    alt = (f"Warhead estimates for North Korea by SIPRI and FAS, {w['year'].min()}-{w['year'].max()}: from under "
           f"{(int(first['warheads_high'].max()) // 10 + 1) * 10} in {first['year'].iloc[0]} to {now_text} in "
           f"{latest['year'].min()}-{latest['year'].max()}, with fissile material for up to about "
           f"{w['material_high'].max():.0f}; SIPRI's method changes in {switch}.")
    return style.Chart(fig, alt, data.source("warheads"))


OP_ED_DATE = pd.Timestamp("2013-02-20")  # the op-ed's posting date: everything later is hindsight


def known_in_2013() -> str:
    """What the op-ed's author could know in February 2013, then what came next: a sentence from data/."""
    tests = data.load("nuclear_tests")
    before = tests[pd.to_datetime(tests["date"]) <= OP_ED_DATE]
    d = data.load("defectors").set_index("year")["arrivals"]
    peak = int(d.loc[:OP_ED_DATE.year - 1].idxmax())
    last = OP_ED_DATE.year - 1
    e = data.load("nk_in_china_estimates")
    hiding = e[(e["what"] == "hiding in China") & (e["year"] < OP_ED_DATE.year)]
    lo = hiding[["value", "value_low", "value_high"]].min().min()
    hi = hiding[["value", "value_low", "value_high"]].max().max()
    w = data.load("warheads")
    w13 = w[w["year"] == OP_ED_DATE.year].set_index("estimator")
    after = tests[pd.to_datetime(tests["date"]) > OP_ED_DATE]
    low_year = int(d.loc[OP_ED_DATE.year:].idxmin())
    returns = e[e["what"].str.startswith("known forced returns")].iloc[-1]
    return (f"Known in February {OP_ED_DATE.year}: {len(before)} nuclear tests, the latest on "
            f"{pd.Timestamp(before['date'].iloc[-1]):%d %B %Y}; {d.loc[last]:,} North Koreans reached South Korea in "
            f"{last}, down from a peak of {d.loc[peak]:,} in {peak}; estimates of those hiding in China ran from "
            f"{lo:,.0f} to {hi:,.0f} ({int(hiding['year'].min())}-{int(hiding['year'].max())}); SIPRI's January "
            f"{OP_ED_DATE.year} estimate was material for {w13.loc['SIPRI', 'warheads_low']}-"
            f"{w13.loc['SIPRI', 'warheads_high']} warheads, and FAS counted {w13.loc['FAS', 'warheads_high']} assembled. "
            f"What came next: {len(after)} more tests ({pd.Timestamp(after['date'].min()).year}-"
            f"{pd.Timestamp(after['date'].max()).year}); arrivals fell to {d.loc[low_year]} in {low_year} after North "
            f"Korea sealed its border in 2020; at least {returns['value_low']:,.0f} known forced returns from China "
            f"between 2020 and October {int(returns['year'])}.")


def stakes_then_and_now() -> str:
    """The loose-nukes stakes in February 2013 and now, like with like (SIPRI's count of the warheads the
    fissile material could make), as a range: a sentence from data/warheads.csv."""
    w = data.load("warheads")
    s = w[w["estimator"] == "SIPRI"].set_index("year")
    then_lo, then_hi = int(s.loc[OP_ED_DATE.year, "warheads_low"]), int(s.loc[OP_ED_DATE.year, "warheads_high"])
    mat = s[s["material_high"].notna()]
    both = mat[mat["material_low"].notna()]
    y_lo, y_hi = int(both.index.max()), int(mat.index.max())
    now_lo, now_hi = int(both.loc[y_lo, "material_low"]), int(mat.loc[y_hi, "material_high"])
    first = int(s.index[s["counts"] == "assembled warheads"].min())
    f = w[(w["estimator"] == "FAS") & (w["counts"] == "assembled warheads")].set_index("year").sort_index()
    return (f"Like with like (SIPRI's count of the warheads the fissile material could make): "
            f"{then_lo}-{then_hi} in January {OP_ED_DATE.year}, against {now_lo}-{int(both.loc[y_lo, 'material_high'])} "
            f"in January {y_lo} and up to {now_hi} in January {y_hi}: roughly {now_lo / then_hi:.0f} to "
            f"{now_hi / then_lo:.0f} times as many. Counting assembled warheads instead: FAS counted "
            f"{f.loc[OP_ED_DATE.year, 'warheads_high']} in {OP_ED_DATE.year} and about {f['warheads_high'].iloc[-1]} in "
            f"{f.index[-1]}; SIPRI's own count of assembled warheads starts only in {first} (about "
            f"{s.loc[first, 'warheads_high']}) and is about {s.loc[y_hi, 'warheads_high']} in {y_hi}.")


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Exodus:
    """Weekly result of :func:`simulate`. Stocks have weeks+1 entries (week 0 = the collapse);
    flows have one entry per week. All counts are whole people."""

    weeks: np.ndarray
    inside: np.ndarray
    china: np.ndarray
    south_korea: np.ndarray
    waiting: np.ndarray  # inside and still wanting to leave
    flow_china: np.ndarray
    flow_sk: np.ndarray
    returned: np.ndarray
    cap_china: int
    cap_sk: int
    population: int
    want_out: int
    params: dict = field(default_factory=dict)

    @property
    def flow(self) -> np.ndarray:
        return self.flow_china + self.flow_sk

    @property
    def left(self) -> np.ndarray:
        """People who have left by the end of each week (cumulative, including those who went back)."""
        return np.concatenate([[0], np.cumsum(self.flow)])

    @property
    def total_left(self) -> int:
        return int(self.left[-1])

    @property
    def to_china(self) -> int:
        return int(self.flow_china.sum())

    @property
    def to_sk(self) -> int:
        return int(self.flow_sk.sum())

    @property
    def peak_weekly_flow(self) -> int:
        return int(self.flow.max()) if len(self.flow) else 0

    @property
    def peak_week(self) -> int:
        return int(np.argmax(self.flow)) + 1 if len(self.flow) else 0


def simulate(severity: float = 0.5, china_open: float = 0.1, sk_reception: float = 0.0, weeks: int = 52,
             propensity: float = 0.10, china_capacity: float = 100_000, sk_capacity: float = 20_000,
             return_rate: float = 0.01, population: int | None = None) -> Exodus:
    """Weekly refugee stock-and-flow model after a collapse (see the module docstring).

    severity: 0 (no crisis) to 1 (total collapse). china_open: China's border policy, 0 sealed
    (a trickle of 2% of the route's capacity gets through) to 1 open. sk_reception: 0 today's
    system (South Korea takes in about what it did at the 2009 peak, via third countries) to 1
    fully open (boats, opened crossings). weeks: horizon, 1-156. propensity: share of the
    population who would want out in a total collapse (0-0.5). china_capacity / sk_capacity:
    people a week each route could carry when fully open. return_rate: weekly share of those
    abroad who go home (0-0.2). population: defaults to North Korea's (UN WPP 2024).
    """
    severity = check_number("severity", severity, 0, 1)
    china_open = check_number("china_open", china_open, 0, 1)
    sk_reception = check_number("sk_reception", sk_reception, 0, 1)
    weeks = check_int("weeks", weeks, 1, MAX_WEEKS, "weeks")
    propensity = check_number("propensity", propensity, 0, 0.5, "share")
    china_capacity = check_number("china_capacity", china_capacity, 1_000, 2_000_000, "people a week")
    base_sk = sk_weekly_pace()
    sk_capacity = check_number("sk_capacity", sk_capacity, base_sk, 500_000, "people a week")
    return_rate = check_number("return_rate", return_rate, 0, 0.2, "share a week")
    if population is None:
        population = nk_population()
    population = check_int("population", population, 1, 100_000_000, "people")

    cap_c = int(china_capacity * (SEALED_LEAK + (1 - SEALED_LEAK) * china_open))
    cap_s = int(base_sk + (sk_capacity - base_sk) * sk_reception)
    total_cap = cap_c + cap_s
    attempt = ATTEMPT_MIN + (ATTEMPT_MAX - ATTEMPT_MIN) * severity
    want = int(population * propensity * severity)

    n = weeks
    inside = np.empty(n + 1, dtype=np.int64)
    china = np.empty(n + 1, dtype=np.int64)
    sk = np.empty(n + 1, dtype=np.int64)
    waiting = np.empty(n + 1, dtype=np.int64)
    f_c = np.empty(n, dtype=np.int64)
    f_s = np.empty(n, dtype=np.int64)
    ret = np.empty(n, dtype=np.int64)
    i_, c_, s_, w_ = population, 0, 0, want
    inside[0], china[0], sk[0], waiting[0] = i_, c_, s_, w_
    for t in range(n):
        tries = math.ceil(attempt * w_)
        out = min(tries, total_cap)
        fc = out * cap_c // total_cap
        fs = out - fc
        rc = int(return_rate * c_)
        rs = int(return_rate * s_)
        w_ -= out
        i_ += rc + rs - out
        c_ += fc - rc
        s_ += fs - rs
        f_c[t], f_s[t], ret[t] = fc, fs, rc + rs
        inside[t + 1], china[t + 1], sk[t + 1], waiting[t + 1] = i_, c_, s_, w_
    params = dict(severity=severity, china_open=china_open, sk_reception=sk_reception, weeks=weeks,
                  propensity=propensity, china_capacity=china_capacity, sk_capacity=sk_capacity,
                  return_rate=return_rate)
    return Exodus(np.arange(n + 1), inside, china, sk, waiting, f_c, f_s, ret, cap_c, cap_s, population, want, params)


# ---------------------------------------------------------------------------------------------
# Analogues on the model's axes
# ---------------------------------------------------------------------------------------------
def _analogues() -> pd.DataFrame:
    return data.load("refugee_analogues")


@dataclass(frozen=True)
class _AnalogueArrays:
    """The analogues as plain arrays, prepared once per data version (the panel redraws often)."""

    weeks: np.ndarray
    log_people: np.ndarray
    people: np.ndarray
    from_start: np.ndarray
    case: tuple
    milestone: tuple


@lru_cache(maxsize=4)
def _analogue_arrays(_key: tuple) -> _AnalogueArrays:
    a = _analogues()
    people = a["people"].astype(float).to_numpy()
    return _AnalogueArrays(a["weeks"].to_numpy(dtype=float), np.log10(people), people,
                           a["from_start"].to_numpy(dtype=bool), tuple(a["case"]), tuple(a["milestone"]))


def _arrays() -> _AnalogueArrays:
    return _analogue_arrays(_version("refugee_analogues"))


def nearest_analogue(result: Exodus) -> tuple[str, str, int, float] | None:
    """The real exodus most like the model's in size and speed.

    Compares the people who have left by the end of the horizon with every milestone counted from
    the start of a real exodus: the distance is the gap in size (log10 of the ratio) plus half the
    gap in time (log10 of the ratio of the horizon to the milestone's weeks). Returns (case,
    milestone, people, weeks) of the closest, or None if nobody has left.
    """
    if result.total_left == 0:
        return None
    an = _arrays()
    idx = np.flatnonzero(an.from_start)
    size = np.abs(np.log10(result.total_left) - an.log_people[idx])
    time_gap = np.abs(np.log10(float(result.weeks[-1]) / an.weeks[idx]))
    k = int(idx[np.argmin(size + 0.5 * time_gap)])
    return an.case[k], an.milestone[k], int(an.people[k]), float(an.weeks[k])


def _span(weeks: float) -> str:
    return f"{weeks * 7:.0f} days" if weeks < 2 else f"{weeks:.0f} weeks"


def _people(x: float) -> str:
    if x >= 1e6:
        return f"{x / 1e6:.1f} million"
    if x >= 1e4:
        return f"{round(x, -3):,.0f}"
    return f"{x:,.0f}"


_SHORT = {"East Germany 1989-90": "East Germany", "Kosovo 1999": "Kosovo", "Rohingya 2017": "Rohingya",
          "Syria 2011-2019": "Syria", "Ukraine 2022": "Ukraine", "Venezuela 2015-2023": "Venezuela"}


def _week_ticks(horizon: int) -> list[int]:
    step = 1 if horizon <= 8 else 4 if horizon <= 26 else 13 if horizon <= 78 else 26
    return list(range(0, horizon + 1, step))


def _draw(fig, base: Exodus, res: Exodus, params) -> None:
    # One axes only (a second one doubles the time of each update); the people axis is log10 drawn
    # on a linear axis, which is much faster than a log axis. Peak weekly flow is in the reading.
    ax = fig.subplots()
    fig.subplots_adjust(left=0.12, right=0.83, top=0.83, bottom=0.25)
    horizon = int(max(res.weeks[-1], base.weeks[-1]))
    lg = lambda v: np.log10(np.maximum(np.asarray(v, dtype=float), 1.0))
    ax.plot(base.weeks, lg(base.left), **style.BASELINE_STYLE)
    ax.plot(res.weeks, lg(res.left), **style.STUDENT_STYLE)
    ax.plot(res.weeks, lg(res.china), color=style.STUDENT, lw=1.8, ls=":")
    ax.plot(res.weeks, lg(res.south_korea), color=style.PALETTE[1], lw=2.0)
    ax.plot(res.weeks, lg(res.inside), color=style.PALETTE[4], lw=2.0)
    ax.plot(res.weeks, lg(res.waiting), color=style.PALETTE[3], lw=2.0, ls="-.")
    end = horizon * 1.045
    labels = sorted((float(y), text, colour) for y, text, colour in (
        (lg(res.inside[-1]), "still inside", style.PALETTE[4]),
        (lg(res.left[-1]), "have left", style.STUDENT),
        (lg(res.waiting[-1]), "waiting to leave", style.PALETTE[3]),
        (lg(res.south_korea[-1]), "in South Korea", style.PALETTE[1])) if y > 3)
    placed = []
    for y, text, colour in labels:  # keep end labels apart
        y = max(y, placed[-1] + 0.25) if placed else y
        placed.append(y)
        ax.text(end, y, text, fontsize=11, color=colour, va="center")
    an = _arrays()
    keep = an.weeks <= horizon
    w, pe, start = an.weeks[keep], an.log_people[keep], an.from_start[keep]
    cases = np.array(an.case, dtype=object)[keep]
    ax.plot(w[start], pe[start], "o", ms=7, color="#222222", zorder=5)
    ax.plot(w[~start], pe[~start], "o", ms=7, mfc="white", mec="#222222", zorder=5)
    for case in dict.fromkeys(cases):
        mine = cases == case
        cw, cp, cs = w[mine], pe[mine], start[mine]
        if cs.sum() > 1:
            order = np.argsort(cw[cs])
            ax.plot(cw[cs][order], cp[cs][order], color="#222222", lw=1.0, zorder=4)
        pool = cs if cs.any() else np.ones_like(cs)
        j = np.flatnonzero(pool)[np.argmax(cw[pool])]
        right = cw[j] < 0.8 * horizon
        ax.text(cw[j] + (1 if right else -1) * horizon * 0.015, cp[j] + 0.1, _SHORT.get(case, case),
                fontsize=10.5, color="#222222", ha="left" if right else "right")
    fig.text(0.01, 0.915, "grey dashed: have left, article's case;  blue dotted: in China now;  red dash-dot: "
             "waiting to leave;\ndots: real exoduses (filled = counted from the start)", fontsize=10.5, color="#333",
             va="top")
    ax.set(ylim=(3, 7.8), xlim=(0, horizon * 1.04))
    ax.set_yticks([3, 4, 5, 6, 7], ["1,000", "10,000", "100,000", "1 M", "10 M"])
    ax.set_xticks(_week_ticks(horizon))
    ax.set_xlabel("weeks after the collapse")
    ax.set_ylabel("people (log scale)")
    fig.suptitle("How many leave, where to, how fast: your case against real exoduses", x=0.01, ha="left",
                 fontweight="bold", fontsize=15)


def _read(base: Exodus, res: Exodus, params) -> str:
    near = nearest_analogue(res)
    w = res.weeks[-1]
    if res.want_out == 0:
        return (f"In your case nobody wants to leave, so all {_people(res.population)} stay; "
                f"in the article's case {_people(base.total_left)} leave within {base.weeks[-1]} weeks.")
    core = (f"In your case {_people(res.want_out)} want out and {_people(res.total_left)} leave within {w} weeks "
            f"({_people(res.to_china)} to China, {_people(res.to_sk)} to South Korea), peaking at "
            f"{_people(res.peak_weekly_flow)} a week; {_people(res.inside[-1])} are inside at the end, "
            + (f"{_people(res.waiting[-1])} of them still trying to leave" if res.waiting[-1] else
               "none of them still trying to leave"))
    tail = "" if near is None else (f"; the nearest real exodus in size and speed is {near[0]} "
                                    f"({_people(near[2])} in {_span(near[3])}: {near[1]})")
    return f"{core}{tail}; in the article's case {_people(base.total_left)} leave."


def _summary(res: Exodus) -> dict:
    near = nearest_analogue(res)
    return {"want_out": res.want_out, "total_left": res.total_left, "to_china": res.to_china, "to_south_korea": res.to_sk,
            "in_china_end": int(res.china[-1]), "in_south_korea_end": int(res.south_korea[-1]),
            "inside_end": int(res.inside[-1]), "still_waiting_end": int(res.waiting[-1]),
            "peak_weekly_flow": res.peak_weekly_flow, "peak_week": res.peak_week,
            "nearest_analogue": near[0] if near else None}


def compare_table(panel: Panel) -> pd.DataFrame:
    """Baseline (the article's case) beside the student's case, in millions / thousands."""
    b, s = _summary(panel.baseline_result), _summary(panel.result)
    rows = [("want to leave (millions)", "want_out", 1e6), ("left the country (millions)", "total_left", 1e6), ("went to China (millions)", "to_china", 1e6),
            ("went to South Korea (thousands)", "to_south_korea", 1e3),
            ("inside at the end (millions)", "inside_end", 1e6),
            ("still waiting to leave at the end (millions)", "still_waiting_end", 1e6),
            ("peak flow (thousand a week)", "peak_weekly_flow", 1e3)]
    labels = [r[0] for r in rows] + ["nearest real exodus"]
    base_col = [round(b[k] / d, 2) for _, k, d in rows] + [b["nearest_analogue"]]
    your_col = [round(s[k] / d, 2) for _, k, d in rows] + [s["nearest_analogue"]]
    return pd.DataFrame({"article's case": pd.Series(base_col, dtype=object),
                         "your case": pd.Series(your_col, dtype=object)}).set_axis(pd.Index(labels, name=""))


def _alt(res: Exodus, params) -> str:
    return (f"Line chart over {res.weeks[-1]} weeks, log scale: people who have left North Korea (your case "
            f"{_people(res.total_left)}), those in China and in South Korea, those still inside and those waiting to "
            f"leave, beside dots "
            f"for real exoduses; the article's case is grey dashed.")


def _controls():
    return (
        lever("severity", "Collapse severity", 0, 1, 0.5, step=0.05,
              help="0 = no crisis, 1 = total collapse (no state, no food distribution). Drives how many want to "
                   "leave and how fast they try. Default 0.5: a serious but partial breakdown."),
        lever("china_open", "China's border policy (0 sealed, 1 open)", 0, 1, 0.1, step=0.05,
              help="Share of the China route's capacity China lets through. Sealed still leaks 2% (smugglers, "
                   "bribes). Default 0.1: today's policy of guarding the border and sending people back."),
        lever("sk_reception", "South Korea's reception (0 today, 1 fully open)", 0, 1, 0.0, step=0.05,
              help="0 = today's system (about the 2009 peak pace of 56 a week, via third countries); 1 = boats "
                   "and opened crossings up to the South Korea capacity below. Default 0: today's system."),
        lever("weeks", "Horizon", 4, MAX_WEEKS, 52, step=4, unit="weeks",
              help="How long after the collapse to follow. Default one year."),
        assumption("propensity", "Share who would want out in a total collapse", 0, 0.5, 0.10, step=0.01,
                   unit="share", help="Default 10%, a middle guess: East Germany lost a few percent in 1989-90, "
                                      "Kosovo far more in 1999 (see the analogues table)."),
        assumption("china_capacity", "China route capacity when open", 10_000, 1_000_000, 100_000, step=10_000,
                   unit="people a week", help="Crossings of the Yalu and Tumen a week if China opened fully. Default "
                   "100,000: between East Germany in November 1989 (about 42,000 a week) and Ukraine's first "
                   "weeks (about 1 million a week over several borders)."),
        assumption("sk_capacity", "South Korea route capacity when open", 1_000, 200_000, 20_000, step=1_000,
                   unit="people a week", help="By sea, air and a few opened DMZ crossings if South Korea opened "
                   "fully. The DMZ is 4 km wide and mined; default 20,000, a guess well below the China route."),
        assumption("return_rate", "Share of those abroad who go home each week", 0, 0.2, 0.01, step=0.005,
                   unit="share a week", help="Default 1% a week (about 4 in 10 within a year). Kosovo: more than "
                   "half went home within weeks of the peace deal."),
    )


@lru_cache(maxsize=4)
def _panel_source_cached(_key: tuple) -> str:
    refs = data.sources_for(_analogues()["source_id"])
    orgs = "; ".join(dict.fromkeys(r.organisation.split(" (")[0].split(" and Inter")[0] for r in refs.itertuples()))
    return (f"Source: course model (helpers/exodus.py); UN WPP 2024; Ministry of Unification (South Korea); "
            f"analogues: {orgs}. Tables: data/population.csv, defectors.csv, refugee_analogues.csv.")


def _panel_source() -> str:
    return _panel_source_cached(_version("refugee_analogues", "sources"))


def spec() -> WhatIf:
    return WhatIf(
        title="Refugees after a collapse: how many, where, how fast",
        intro="Set how bad the collapse is and what China and South Korea do; the dots are real exoduses. "
              "Is 'millions' plausible, and under which settings?",
        model=simulate,
        controls=_controls(),
        draw=_draw,
        read=_read,
        source=_panel_source,
        alt=_alt,
        baseline={"severity": 1.0, "china_open": 0.5, "sk_reception": 0.5},
        baseline_label="the article's case: total collapse, China half open, South Korea half open",
        presets={
            "today's policies, serious crisis": {"severity": 0.5, "china_open": 0.1, "sk_reception": 0.0},
            "total collapse, China seals the border": {"severity": 1.0, "china_open": 0.0, "sk_reception": 0.5},
            "total collapse, both open": {"severity": 1.0, "china_open": 1.0, "sk_reception": 1.0},
        },
        summary=_summary,
        save_as="exodus_scenario",
        figsize=(10.0, 5.4),
    )


SPEC = spec()


def what_if(**settings) -> Panel:
    """The refugee panel of notebook 02 (keyword arguments set controls, e.g. severity=1)."""
    return Panel(SPEC, **settings)


WHAT_IFS = {"exodus": what_if}


# ---------------------------------------------------------------------------------------------
# The map
# ---------------------------------------------------------------------------------------------
def route_map(result: Exodus) -> style.Chart:
    """Schematic map (lon/lat grid, no outline) of the places and routes, arrows sized by flow."""
    if not isinstance(result, Exodus):
        raise ValueError(f"result must be an Exodus (e.g. panel.result); got {type(result).__name__}")
    p = data.load("places").set_index("place")
    fig, ax = style.figure(9.6, 8.4)
    colours = {"North Korea": style.PALETTE[3], "South Korea": style.PALETTE[0], "China": style.PALETTE[2]}
    # arrows: China route split over the three crossing areas only for drawing (the model has one China route)
    def arrow(a, b, people, colour, rad=0.0):
        # absolute scale, so maps of two scenarios compare: width grows with the square root of people
        width = min(1.5 + 14 * math.sqrt(people / 1e6), 26.0) if people > 0 else 0.8
        (x0, y0), (x1, y1) = a, b
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": f"-|>,head_width={0.25 + width / 40:.2f},head_length={0.4 + width / 40:.2f}",
                                "lw": width, "color": colour, "alpha": 0.75, "shrinkA": 6, "shrinkB": 8,
                                "connectionstyle": f"arc3,rad={rad}"})

    xy = lambda n: (float(p.loc[n, "lon"]), float(p.loc[n, "lat"]))
    third = result.to_china / 3
    arrow((125.05, 39.55), xy("Dandong"), third, style.PALETTE[2], rad=-0.2)
    arrow((128.5, 40.75), (xy("Hyesan")[0] - 0.15, xy("Hyesan")[1] + 0.75), third, style.PALETTE[2])
    arrow((129.3, 41.3), xy("Tumen"), third, style.PALETTE[2], rad=0.15)
    arrow(xy("Pyongyang"), xy("Seoul"), result.to_sk, style.PALETTE[0], rad=0.35)
    ax.text(124.55, 39.3, "across the Yalu", fontsize=11, style="italic", color="#333")
    ax.text(127.35, 42.25, "upper Yalu", fontsize=11, style="italic", color="#333")
    ax.text(130.05, 42.3, "across the\nTumen", fontsize=11, style="italic", color="#333")
    ax.text(125.15, 38.35, "by sea or\nvia third\ncountries", fontsize=11, style="italic", color="#333", ha="right")
    ax.plot([126.1, 128.4], [37.75, 38.6], color="#555555", lw=5, alpha=0.5, solid_capstyle="butt")
    ax.text(128.5, 38.45, "DMZ (schematic)\n4 km wide, 248 km long,\nmined: nearly impassable", fontsize=11, color="#333")
    nuclear = {"Yongbyon (town)", "Kilju"}
    for name, r in p.iterrows():
        ax.plot(r["lon"], r["lat"], "^" if name in nuclear else "o", ms=10 if name in nuclear else 8,
                color=colours[r["country"]], mec="white", zorder=5)
        dx, ha = (0.12, "left")
        if name in ("Dandong", "Yanji"):
            dx, ha = (-0.12, "right")
        dy = -0.22 if name in ("Sinuiju", "Yongbyon (town)") else 0.08
        if name == "Sinuiju":
            dx = 0.3
        label = {"Yongbyon (town)": "Yongbyon (nuclear centre)", "Kilju": "Kilju (test site county)"}.get(name, name)
        ax.text(r["lon"] + dx, r["lat"] + dy, label, fontsize=12, ha=ha, zorder=6)
    ax.text(123.3, 41.1, "CHINA", fontsize=15, color=style.PALETTE[2], fontweight="bold")
    ax.text(126.2, 40.6, "NORTH KOREA", fontsize=15, color=style.PALETTE[3], fontweight="bold")
    ax.text(127.6, 37.0, "SOUTH KOREA", fontsize=15, color=style.PALETTE[0], fontweight="bold")
    ax.text(122.95, 43.3, f"China route: {_people(result.to_china)} people\n"
                         f"South Korea route: {_people(result.to_sk)} people\n"
                         f"(your scenario, {result.weeks[-1]} weeks;\nthe China flow drawn as 3 equal arrows)", fontsize=12, va="top",
            bbox={"facecolor": "white", "edgecolor": "#bbbbbb"})
    ax.set_xlim(122.8, 131.4)
    ax.set_ylim(36.8, 43.4)
    ax.set_aspect(1 / math.cos(math.radians(40)))
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    ax.set_title("Schematic map: places and escape routes (no coastlines or borders drawn)", fontsize=13.5)
    alt = (f"Schematic map on a longitude-latitude grid with cities of North Korea, China and South Korea. "
           f"Green arrows cross the Yalu and Tumen into China (together {_people(result.to_china)} people in your "
           f"scenario, drawn as three equal arrows); a blue arrow goes south to Seoul ({_people(result.to_sk)}).")
    return style.Chart(fig, alt, data.source("places"))
