"""Notebook 02, "Collapse and exodus": if the regime fell, how many would flee, where, how fast?

The model (:func:`simulate`) is a weekly stock-and-flow of people after a collapse. It counts
whole people, so it conserves them exactly:

* at the collapse a share of the population wants out: ``population x propensity x severity``;
* each week a share of those still waiting try to leave; the worse the collapse, the faster
  (from 5% a week for a mild crisis to 50% a week for a total one);
* two routes take them, each with a weekly capacity: across the Yalu and Tumen rivers to China
  (scaled by China's border policy, from sealed to open) and to South Korea (the DMZ is nearly
  impassable, so by sea and via third countries, scaled by South Korea's reception);
* people spread over the routes in proportion to what each route can take; whoever cannot get
  through waits and tries again the next week;
* each week a share of those abroad go home (they count as "inside" again).

Beside it: the evidence tables (population, defector arrivals, estimates of North Koreans in
China, real exoduses to compare with). Figures: helpers/figures/exodus.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import data, fmt
from .cache import by_data
from .checks import check_int, check_number, check_settings
from .course import OP_ED_DATE
from .facts import nk_population
from .figures import exodus as figures
from .figures.common import warheads_chart
from .figures.exodus import china_estimates_chart, defectors_chart, route_map
from .hindsight import exodus_known_in_2013 as known_in_2013
from .hindsight import exodus_stakes_then_and_now as stakes_then_and_now
from .selfcheck import Question
from .whatif import Headline, Panel, WhatIf, assumption, lever
from .exodus_calibration import (CALIBRATION_SETTINGS, _population_millions, calibrate, calibration_cases,
                                 calibration_presets, calibration_table, cautions, famine_band)

__all__ = [
    "Exodus", "simulate", "panel_model", "nk_population", "sk_weekly_pace", "nearest_analogue", "plausible",
    "calibration_cases", "calibration_presets", "calibrate", "calibration_table", "famine_band",
    "spec", "what_if", "WHAT_IFS",
    "population_table", "defectors_table", "ministry_trap_table", "female_share", "china_estimates_table",
    "analogues_table", "border_table", "china_border_range", "loose_nukes_table",
    "defectors_chart", "china_estimates_chart", "warheads_chart", "route_map", "known_in_2013", "stakes_then_and_now",
    "OP_ED_DATE", "Q1", "Q2", "Q3", "QUESTIONS",
]


ATTEMPT_DEFAULT = 0.5  # weekly share of those waiting who try in a total collapse (see the Ukraine preset)

ENFORCEMENT_DEFAULT = 100_000  # crossers a week at which half get past China's guards (see the famine preset)
ENFORCEMENT_MAX = 5_000_000

MAX_WEEKS = 156


# ---- the model ----------------------------------------------------------------------------------
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
    stopped: np.ndarray  # turned back by China's guards each week (they give up and stay inside)
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


def simulate(severity: float = 0.5, china_open: float = 0.0, enforcement: float = ENFORCEMENT_DEFAULT,
             sk_reception: float = 0.0, weeks: int = 52, propensity: float = 0.10, attempt: float = ATTEMPT_DEFAULT,
             china_capacity: float = 100_000, sk_capacity: float = 20_000, return_rate: float = 0.01,
             population: int | None = None) -> Exodus:
    """Weekly refugee stock-and-flow model after a collapse (see the module docstring).

    severity: 0 (no crisis) to 1 (total collapse). china_open: share of the China route China
    lets through openly, 0 (China tries to seal the border) to 1 (open). enforcement: how hard
    China's guards hold the rest of the border, as the number of people trying to cross in a week
    at which half of them get through (0 = no guards; fewer crossers are mostly stopped, many
    more overwhelm the guards). sk_reception: 0 today's system (South Korea takes in about what it
    did at the 2009 peak, via third countries) to 1 fully open (boats, opened crossings).
    weeks: horizon, 1-156. propensity: share of the population who would want out in a total
    collapse (0-0.5). attempt: weekly share of those waiting who try to leave in a total collapse
    (scaled by the severity). china_capacity / sk_capacity: people a week each route could carry.
    return_rate: weekly share of those abroad who go home (0-0.2). population: defaults to North
    Korea's (UN WPP 2024).
    """
    severity = check_number("severity", severity, 0, 1)
    china_open = check_number("china_open", china_open, 0, 1)
    enforcement = check_number("enforcement", enforcement, 0, ENFORCEMENT_MAX, "people a week")
    sk_reception = check_number("sk_reception", sk_reception, 0, 1)
    weeks = check_int("weeks", weeks, 1, MAX_WEEKS, "weeks")
    propensity = check_number("propensity", propensity, 0, 0.5, "share")
    attempt = check_number("attempt", attempt, 0.01, 1, "share a week")
    china_capacity = check_number("china_capacity", china_capacity, 1_000, 2_000_000, "people a week")
    base_sk = sk_weekly_pace()
    sk_capacity = check_number("sk_capacity", sk_capacity, base_sk, 500_000, "people a week")
    return_rate = check_number("return_rate", return_rate, 0, 0.2, "share a week")
    if population is None:
        population = nk_population()
    population = check_int("population", population, 1, 100_000_000, "people")

    room_c = int(china_capacity)                   # what the rivers can carry a week, open or not
    open_c = int(china_capacity * china_open)      # the part China lets through openly
    cap_s = int(base_sk + (sk_capacity - base_sk) * sk_reception)
    open_cap = open_c + cap_s
    share = attempt * severity
    want = int(population * propensity * severity)
    guards = float(enforcement) * (1 - china_open)  # the guards hold only the part China keeps closed

    # Stocks at the end of each week (week 0 = the collapse) and flows during each week.
    n = weeks
    inside = np.empty(n + 1, dtype=np.int64)
    china = np.empty(n + 1, dtype=np.int64)
    sk = np.empty(n + 1, dtype=np.int64)
    waiting = np.empty(n + 1, dtype=np.int64)
    to_china = np.empty(n, dtype=np.int64)
    to_sk = np.empty(n, dtype=np.int64)
    went_home = np.empty(n, dtype=np.int64)
    stopped = np.empty(n, dtype=np.int64)
    now_inside, now_in_china, now_in_sk, now_waiting = population, 0, 0, want
    inside[0], china[0], sk[0], waiting[0] = now_inside, now_in_china, now_in_sk, now_waiting
    for week in range(n):
        trying = math.ceil(share * now_waiting)
        # the open routes first, shared by what each can take
        through_open = min(trying, open_cap)
        open_china = through_open * open_c // open_cap if open_cap else 0
        into_sk = through_open - open_china
        # the rest try the guarded part of the China border: the more try, the larger the share that
        # gets past the guards (half of them when as many try as `enforcement`), up to what the rivers carry
        pushing = trying - through_open
        past = pushing if guards == 0 else int(pushing * pushing / (guards + pushing)) if pushing else 0
        turned_back = pushing - past               # sent back by the guards: they give up and stay inside
        past = min(past, room_c - open_china)      # past the guards but no room this week: they wait
        into_china = open_china + past
        leaving = into_china + into_sk
        back_from_china = int(return_rate * now_in_china)
        back_from_sk = int(return_rate * now_in_sk)
        now_waiting -= leaving + turned_back
        now_inside += back_from_china + back_from_sk - leaving
        now_in_china += into_china - back_from_china
        now_in_sk += into_sk - back_from_sk
        to_china[week], to_sk[week], went_home[week] = into_china, into_sk, back_from_china + back_from_sk
        stopped[week] = turned_back
        inside[week + 1], china[week + 1], sk[week + 1], waiting[week + 1] = (now_inside, now_in_china, now_in_sk,
                                                                              now_waiting)
    params = dict(severity=severity, china_open=china_open, enforcement=enforcement, sk_reception=sk_reception,
                  weeks=weeks, propensity=propensity, attempt=attempt, china_capacity=china_capacity,
                  sk_capacity=sk_capacity, return_rate=return_rate, population=population)
    return Exodus(np.arange(n + 1), inside, china, sk, waiting, to_china, to_sk, went_home, stopped, room_c, cap_s,
                  population, want, params)


@by_data("defectors")
def sk_weekly_pace() -> int:
    """South Korea's intake per week at the 2009 peak of defector arrivals (today's system)."""
    d = data.load("defectors")
    return int(round(int(d["arrivals"].max()) / 52))


@dataclass(frozen=True)
class _AnalogueArrays:
    """The analogues as plain arrays, prepared once per data version (the panel redraws often)."""

    weeks: np.ndarray
    log_people: np.ndarray
    people: np.ndarray
    from_start: np.ndarray
    case: tuple
    milestone: tuple


@by_data("refugee_analogues")
def _analogue_arrays() -> _AnalogueArrays:
    a = data.load("refugee_analogues")
    people = a["people"].astype(float).to_numpy()
    return _AnalogueArrays(a["weeks"].to_numpy(dtype=float), np.log10(people), people,
                           a["from_start"].to_numpy(dtype=bool), tuple(a["case"]), tuple(a["milestone"]))


def nearest_analogue(result: Exodus) -> tuple[str, str, int, float] | None:
    """The real exodus most like the model's in size and speed.

    Compares the people who have left by the end of the horizon with every milestone counted from
    the start of a real exodus: the distance is the gap in size (log10 of the ratio) plus half the
    gap in time (log10 of the ratio of the horizon to the milestone's weeks). Returns (case,
    milestone, people, weeks) of the closest, or None if nobody has left.
    """
    if not isinstance(result, Exodus):
        raise ValueError(f"result must be an Exodus (e.g. panel.result); got {type(result).__name__}")
    if result.total_left == 0:
        return None
    an = _analogue_arrays()
    idx = np.flatnonzero(an.from_start)
    size = np.abs(np.log10(result.total_left) - an.log_people[idx])
    time_gap = np.abs(np.log10(float(result.weeks[-1]) / an.weeks[idx]))
    k = int(idx[np.argmin(size + 0.5 * time_gap)])
    return an.case[k], an.milestone[k], int(an.people[k]), float(an.weeks[k])


def plausible(result: Exodus) -> list[str]:
    """Cautions for a result far outside anything observed (empty when it is within the record): a
    peak pace faster than the fastest exodus on record, more people leaving than in the largest, and
    "no close analogue" when the nearest real exodus is more than 3x bigger or smaller."""
    return cautions(result)


# ---- the what-if --------------------------------------------------------------------------------
def panel_model(population: float = 26.5, **settings) -> Exodus:
    """:func:`simulate` as the panel calls it: the population in millions (one decimal)."""
    population = check_number("population", population, 1, 60, "million people")
    check_settings("settings", settings, simulate)
    return simulate(population=int(round(population * 1e6)), **settings)


def _read(base: Exodus, res: Exodus, params) -> str:
    w = fmt.plural(int(res.weeks[-1]), "week")
    article = f"the article's case: {fmt.people(base.total_left)} within {fmt.plural(int(base.weeks[-1]), 'week')}"
    if res.want_out == 0:
        return f"Nobody leaves: nobody wants out, so all {fmt.people(res.population)} stay ({article})."
    n = res.total_left
    if n == 0:
        return (f"Nobody leaves within {w}: all {fmt.people(res.want_out)} who want out are still waiting "
                f"({article}).")
    back = int(res.returned.sum())
    verb = "leaves" if n == 1 else "leave"
    first = (f"{fmt.people(n, noun=True)} {verb} within {w} ({fmt.people(res.to_china)} to China, "
             f"{fmt.people(res.to_sk)} to South Korea"
             + (f"; {fmt.people(back)} {'has' if back == 1 else 'have'} gone home again" if back else "") + ").")
    left_waiting = int(res.waiting[-1])
    queue = (f"{fmt.people(left_waiting)} still {'wants' if left_waiting == 1 else 'want'} out at the end"
             if left_waiting else "Nobody who wanted out is still waiting at the end")
    near = nearest_analogue(res)
    tail = "" if near is None else (f"; nearest real exodus: {near[0]} ({fmt.people(near[2])} in "
                                    f"{fmt.duration_weeks(near[3])})")
    return f"{first} {queue}{tail}; {article}."


def _summary(res: Exodus) -> dict:
    near = nearest_analogue(res)
    return {"want_out": res.want_out, "total_left": res.total_left, "to_china": res.to_china, "to_south_korea": res.to_sk,
            "in_china_end": int(res.china[-1]), "in_south_korea_end": int(res.south_korea[-1]),
            "inside_end": int(res.inside[-1]), "still_waiting_end": int(res.waiting[-1]),
            "gone_home": int(res.returned.sum()),
            "peak_weekly_flow": res.peak_weekly_flow, "peak_week": res.peak_week,
            "nearest_analogue": near[0] if near else None}


def _nearest_name(res: Exodus) -> str:
    near = nearest_analogue(res)
    return near[0] if near else "none (nobody left)"


COMPARE = (
    ("want to leave", lambda res: fmt.people(res.want_out)),
    ("left the country", lambda res: fmt.people(res.total_left)),
    ("went to China", lambda res: fmt.people(res.to_china)),
    ("went to South Korea", lambda res: fmt.people(res.to_sk)),
    ("in China at the end", lambda res: fmt.people(res.china[-1])),
    ("went home again", lambda res: fmt.people(res.returned.sum())),
    ("still waiting to leave at the end", lambda res: fmt.people(res.waiting[-1])),
    ("peak flow (people a week)", lambda res: fmt.people(res.peak_weekly_flow)),
    ("nearest real exodus", _nearest_name),
)


def _alt(res: Exodus, params) -> str:
    low, high = famine_band()
    return (f"Line chart over {fmt.plural(int(res.weeks[-1]), 'week')}, log scale: people who have left North Korea (your case "
            f"{fmt.people(res.total_left)}), those in China (at the end {fmt.people(res.china[-1])}) and in South Korea, "
            f"those still inside and those waiting to leave, beside dots for real exoduses and a shaded band for the "
            f"famine-era estimates of North Koreans in China ({fmt.people(low)}-{fmt.people(high)}); the article's "
            f"case is grey dashed.")


def _controls():
    pop = _population_millions(nk_population())
    famine = _population_millions(calibration_cases().loc["North Korean famine 1996-99", "population"])
    famine_run = simulate(**{k: v for k, v in CALIBRATION_SETTINGS["North Korean famine 1996-99"][1].items()},
                          population=int(round(famine * 1e6)))
    famine_china, (low, high) = int(famine_run.china[-1]), famine_band()
    return (
        lever("severity", "Collapse severity", 0, 1, 0.3, step=0.05,
              help="0 = no crisis, 1 = total collapse (no state, no food distribution). Drives how many want to "
                   "leave and how fast they try. Default 0.3: a crisis as deep as the 1990s famine (the famine "
                   "preset reproduces the estimates of North Koreans in China with it). The op-ed's claim is "
                   "about a collapse, so the article's case is 1."),
        lever("china_open", "China lets through openly (0 = tries to seal)", 0, 1, 0.0, step=0.05, unit="share",
              help="Share of the China route's capacity China opens (camps, legal crossings). 0 = China tries to "
                   "seal the border, as it sends border crossers back today; whoever is not let through must get "
                   "past the guards (next control). Default 0: today's policy."),
        lever("enforcement", "China's guards: crossers a week at which half get past", 0, ENFORCEMENT_MAX,
              ENFORCEMENT_DEFAULT, step=50_000, unit="people a week",
              help="How hard the guarded border holds. When fewer than this try in a week, most are stopped and "
                   "sent back (they wait and try again); when many more try, the guards are overwhelmed and most "
                   "get through, up to what the rivers can carry. Those sent back give up. The guards hold only "
                   "the part China keeps closed. 0 = no guards. Default "
                   f"{fmt.value(ENFORCEMENT_DEFAULT)}: with it the famine preset leaves {fmt.people(famine_china)} "
                   f"in China after three years, near the middle of the famine-era estimates "
                   f"({fmt.people(low)}-{fmt.people(high)}). No source counts China's border force in these "
                   "terms: a calibrated guess."),
        lever("sk_reception", "South Korea's reception (0 today, 1 fully open)", 0, 1, 0.0, step=0.05,
              help="0 = today's system (about the 2009 peak pace of 56 a week, via third countries); 1 = boats "
                   "and opened crossings up to the South Korea capacity below. Default 0: today's system."),
        lever("weeks", "Horizon", 4, MAX_WEEKS, 52, step=4, unit="weeks",
              help="How long after the collapse to follow. Default one year."),
        assumption("propensity", "Share who would want out in a total collapse", 0, 0.5, 0.10, step=0.01,
                   unit="share", help="At a lower severity, that share of it. Default 10%, a middle guess: East "
                                      "Germany lost about 2% in 1989, Ukraine about a fifth by January 2023, "
                                      "Kosovo far more in 1999 (see the analogues table)."),
        assumption("attempt", "Share of those waiting who try each week in a total collapse", 0.05, 1,
                   ATTEMPT_DEFAULT, step=0.05, unit="share a week",
                   help="At a lower severity, that share of it (half at severity 0.5). Default 50% a week: fast "
                        "enough for the Ukraine preset to fill its routes from the first week, as in 2022."),
        assumption("china_capacity", "China route capacity", 10_000, 1_000_000, 100_000, step=10_000,
                   unit="people a week", help="Crossings of the Yalu and Tumen a week, open or not: the most "
                   "the rivers, bridges and roads can carry. Default 100,000: between East Germany in November "
                   "1989 (about 42,000 a week) and Ukraine's first weeks (about 1 million a week over several "
                   "borders)."),
        assumption("sk_capacity", "South Korea route capacity when open", 1_000, 200_000, 20_000, step=1_000,
                   unit="people a week", help="By sea, air and a few opened DMZ crossings if South Korea opened "
                   "fully. The DMZ is 4 km wide and mined; default 20,000, a guess well below the China route."),
        assumption("return_rate", "Share of those abroad who go home each week", 0, 0.2, 0.01, step=0.005,
                   unit="share a week", help="Default 1% a week (about 4 in 10 within a year). Kosovo: more than "
                   "half went home within weeks of the peace deal."),
        assumption("population", "Population at the collapse", 1, 60, pop, step=0.1, unit="million people",
                   help=f"Default {fmt.value(pop)} million: North Korea in 2024 (UN WPP 2024). The calibration "
                        f"presets set the population of their case (North Korea {fmt.value(famine)} million in 1997, "
                        f"Gapminder)."),
    )


@by_data("refugee_analogues", "sources")
def _panel_source() -> str:
    refs = data.sources_for(data.load("refugee_analogues")["source_id"])
    orgs = "; ".join(dict.fromkeys(r.organisation.split(" (")[0].split(" and Inter")[0] for r in refs.itertuples()))
    return (f"Source: course model (helpers/exodus.py); UN WPP 2024; Ministry of Unification (South Korea); "
            f"analogues: {orgs}. Tables: data/population.csv, defectors.csv, refugee_analogues.csv, "
            f"exodus_calibration.csv.")


ARTICLE = {"severity": 1.0, "china_open": 0.0, "sk_reception": 0.5}

BASELINE_BASIS = (
    "The op-ed calls an exodus of 'millions' a problem 'no nation would want' and the reason China props up "
    "the regime: by that logic China would try to seal its border, so here it does. How many want out, and "
    "South Korea's reception (half open here), are the course's choice.")


@by_data()
def spec() -> WhatIf:
    """The refugee what-if (built once, on first use)."""
    return WhatIf(
        title="Refugees after a collapse: how many, where, how fast",
        intro="Set how bad the collapse is and what China and South Korea do; the dots are real exoduses. "
              "Is 'millions' plausible, and under which settings?",
        model=panel_model,
        controls=_controls(),
        draw=figures.exodus_panel,
        update=figures.exodus_panel_update,
        compare=COMPARE,
        read=_read,
        source=_panel_source,
        alt=_alt,
        baseline=ARTICLE,
        baseline_label="the article's case: total collapse, China tries to seal its border",
        baseline_basis=BASELINE_BASIS,
        headline=Headline("the number who leave", lambda res: float(res.total_left), fmt.people),
        plausible=lambda res, params: plausible(res),
        presets={
            "the article's case: China tries to seal": dict(ARTICLE),
            "the article's case, but China half open": {**ARTICLE, "china_open": 0.5},
            "total collapse, both open": {"severity": 1.0, "china_open": 1.0, "sk_reception": 1.0},
            **calibration_presets(),
        },
        summary=_summary,
        save_as="exodus_scenario",
        figsize=(7.2, 4.4),
    )


def what_if(**settings) -> Panel:
    """The refugee panel of notebook 02 (keyword arguments set controls, e.g. severity=1)."""
    return Panel(spec(), **settings)


WHAT_IFS = {"exodus": what_if}


# ---- evidence tables -----------------------------------------------------------------------------
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


UNCHECKED = "As carried in the course fact sheet (not found in the cited source)"


def china_estimates_table() -> pd.DataFrame:
    e = data.load("nk_in_china_estimates")

    def rng(r):
        if pd.notna(r.value_low) and pd.notna(r.value_high):
            return f"{int(r.value_low):,}" if r.value_low == r.value_high else f"{int(r.value_low):,}-{int(r.value_high):,}"
        if pd.notna(r.value_low):
            return f"more than {int(r.value_low):,}"
        return f"up to {int(r.value_high):,}"

    unchecked = e["note"].fillna("").str.startswith(UNCHECKED)
    who = e["estimator"].where(~unchecked, e["estimator"] + " (as carried in the course fact sheet; not found in "
                                                            "the cited source)")
    return pd.DataFrame({"year": e["year"].astype(int), "what": e["what"], "estimate": [rng(r) for r in e.itertuples()],
                         "who": who}).set_index("year")


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


# ---- questions (declared lazily: the answers are worked out when a student checks one) ---------------
Q1 = Question(
    "Q1", "Why did arrivals in South Korea drop to 63 in 2021?", expected="b",
    choices=(("a", "South Korea stopped taking in North Koreans"),
             ("b", "North Korea sealed its border against COVID-19 and travel through China stopped"),
             ("c", "the famine had ended, so nobody wanted to leave")),
    hints=("Look at the line drawn in 2020 on the arrivals chart.",
           "The route to South Korea runs through China: what happened to borders in 2020?"),
    mistakes=(("a", "South Korea's constitution counts North Koreans as its citizens; it kept taking in all "
                    "who reached it."),
              ("c", "The famine ended in the late 1990s, long before arrivals peaked in 2009.")),
)
Q2 = Question(
    "Q2", "How many North Koreans arrived in South Korea in 1998 itself (not up to 1998)?",
    expected=lambda: int(defectors_table().loc[1998, "arrivals"]), unit="people",
    hints=("The ministry's row '~1998' is a cumulative total: not this one.",
           "Use exodus.defectors_table() and read the arrivals for 1998."),
    mistakes=((947, "947 is the ministry's row '~1998': everyone who arrived up to the end of 1998, not 1998 "
                    "alone."),),
)
Q3 = Question(
    "Q3", "In the model, take a severe but not total collapse (severity 0.8) with China's border fully open and "
          "everything else at its default. How many people leave within 52 weeks? (one decimal)",
    expected=lambda: simulate(severity=0.8, china_open=1).total_left / 1e6, tolerance=0.1, unit="million",
    hints=("Use panel.set(severity=0.8, china_open=1) and read the panel.",
           "Or run exodus.simulate(severity=0.8, china_open=1).total_left / 1e6."),
    mistakes=((2.6, "that is a total collapse (severity 1); set the severity to 0.8."),
              (2.7, "that is a total collapse (severity 1); set the severity to 0.8.")),
)


QUESTIONS = (Q1, Q2, Q3)
