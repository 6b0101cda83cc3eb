"""Notebook 05, Soft landing: markets, reform from above, and hunger.

The model (:func:`corridor`) is a reform corridor over ten harvests, a teaching device and not a
forecast. The state chooses how far it liberalises farming, enterprises and markets (0-100%),
how many years it takes to get there, how hard it represses, and how much grain comes in from
China. Harvests answer the farm reform over seasons (a lag): each season closes part of the way
towards the gain that full reform would bring (the harvest response), and repression blunts that
gain. Growth answers enterprise and market reform at once, blunted by repression. The regime's
grip (an index, 0-100) reacts at once: repression raises it; how open the economy is and how
fast it opens lower it; hunger lowers it and growth props it up. Food available is the harvest
plus grain from China, set against need on one basis (FAO/WFP, milled cereal), need growing with
the population. After ten harvests the path lands in one of three zones, computed from the
outputs (no band of settings is hard-coded): **losing control** if the grip ever falls below the
threshold, otherwise a **soft landing** if food covers need in the last year, otherwise
**stagnation**. Two defaults (harvest and growth response) are fitted to the 2012 and 2014 measures; presets are fitted
to those, a small reform from 2011 ("retrenchment"), China and Vietnam (upper bounds), see :func:`calibration`.

Evidence tables follow the model; figures are in helpers/figures/reform.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data
from .cache import by_data
from .checks import check_choice, check_int, check_number, check_settings
from .figures.reform import (comparator_table, comparators_chart, corridor_map, food_chart, gni_table, growth_chart,
                             prices_chart, prices_table, reform_panel, _reform_panel_alt, reform_panel_source,
                             reform_panel_update, undernourishment_chart)
from .selfcheck import Question
from .whatif import Headline, Panel, WhatIf, assumption, lever

__all__ = [
    "YEARS", "constants", "constants_table", "corridor", "zone_grid", "calibration", "spec", "what_if",
    "WHAT_IFS", "PRESETS", "growth", "growth_means", "gni", "gni_table", "markets", "prices", "prices_table", "rations",
    "food_balance", "undernourishment", "famine", "episodes", "comparators", "comparator_table",
    "gapminder", "growth_chart", "food_chart", "prices_chart", "undernourishment_chart",
    "comparators_chart", "corridor_map", "Q1", "Q2", "Q3", "Q4", "Q5", "QUESTIONS",
]

BASE_YEAR = 2011  # the last harvest before the June 2012 measures (marketing year 2011/12)
HORIZON = 10  # harvests after the base year: 2012 ... 2021
YEARS = np.arange(BASE_YEAR, BASE_YEAR + HORIZON + 1)
ZONES = ("stagnation", "soft landing", "losing control")

# ---- the model's fixed numbers: the course's choices (shown in constants_table) ------------------
GRIP_START = 0.70      # the regime's grip in 2011, on a 0-1 index
GRIP_REPRESSION = 0.30  # grip gained from repressing at 100% rather than 50% is half of this
GRIP_OPENNESS = 0.30    # grip lost at a fully open economy
GRIP_SPEED = 0.50       # grip lost per unit of openness added in one year (opening fast shakes control)
GRIP_HUNGER = 0.50      # grip change per unit of food-to-need ratio (ratio counted between 0.5 and 1.1)
GRIP_GROWTH = 0.015     # grip gained per percentage point of growth
OPEN_WEIGHTS = (0.2, 0.3, 0.5)  # how much farm, enterprise and market reform open the economy
REPRESSION_HARVEST = 0.25  # share of the farm-reform gain lost under full repression
REPRESSION_GROWTH = 0.50   # share of the reform growth lost under full repression


# ---- facts the model starts from (each from a row of data/) ---------------------------------------
@by_data("food_balance", "population", "nk_growth")
def _facts() -> dict[str, float]:
    food = data.load("food_balance").set_index("year")
    pop = data.load("population")
    nk = pop[(pop["area"] == "North Korea") & (pop["revision"] == "UN WPP 2024")].set_index("year")["population"]
    g = growth("bok_current").set_index("year")["growth_pct"]
    need = float(food.loc[2013, "need_mt"])
    return {
        "harvest_2011": float(food.loc[BASE_YEAR, "production_mt"]),
        "need_2013": need,
        "imports_2013": round(need - float(food.loc[2013, "production_mt"]) - float(food.loc[2013, "uncovered_gap_mt"]), 3),
        "population_growth": float((nk.loc[2020] / nk.loc[2010]) ** 0.1 - 1),
        "growth_without_reform": round(float(g.loc[2006:2011].mean()), 2),
    }


def constants() -> dict[str, float]:
    """The model's fixed numbers: facts from data/ and the course's choices."""
    return {**_facts(), "grip_start": GRIP_START, "grip_repression": GRIP_REPRESSION,
            "grip_openness": GRIP_OPENNESS, "grip_speed": GRIP_SPEED, "grip_hunger": GRIP_HUNGER,
            "grip_growth": GRIP_GROWTH, "repression_harvest": REPRESSION_HARVEST,
            "repression_growth": REPRESSION_GROWTH}


def constants_table() -> pd.DataFrame:
    """Every fixed number that shapes the result, with where it comes from."""
    f = _facts()
    rows = [
        ("harvest before reform", f"{f['harvest_2011']:.2f} Mt", "FAO/WFP, 2011/12, milled (data/food_balance.csv)"),
        ("need", f"{f['need_2013']:.2f} Mt in 2013/14", "FAO/WFP, 2013/14, milled: the same basis as the harvest"),
        ("need grows with the population", f"{100 * f['population_growth']:.2f}% a year", "UN WPP 2024, 2010-2020 (data/population.csv)"),
        ("growth without reform", f"{f['growth_without_reform']:.2f}% a year", "BOK, mean of 2006-2011 (data/nk_growth.csv)"),
        ("grip in 2011", f"{100 * GRIP_START:.0f}", "the course's choice (an index: nobody measures grip)"),
        ("grip from repression", f"up to +/-{50 * GRIP_REPRESSION:.0f} (at 100% / 0%)", "the course's choice"),
        ("grip lost when fully open", f"{100 * GRIP_OPENNESS:.0f}", "the course's choice"),
        ("grip lost when opening fast", f"{GRIP_SPEED:.1f} x openness added that year (x100)", "the course's choice"),
        ("grip from food", f"{100 * GRIP_HUNGER:.0f} x (food / need - 1), food/need counted 0.5-1.1", "the course's choice"),
        ("grip from growth", f"{100 * GRIP_GROWTH:.1f} per point of growth", "the course's choice"),
        ("openness weights farm / enterprise / market", " / ".join(f"{w:.1f}" for w in OPEN_WEIGHTS), "the course's choice"),
        ("harvest gain lost under full repression", f"{100 * REPRESSION_HARVEST:.0f}%", "the course's choice"),
        ("reform growth lost under full repression", f"{100 * REPRESSION_GROWTH:.0f}%", "the course's choice"),
        ("growth weights enterprise / market reform", "0.5 / 0.5", "the course's choice"),
        ("food in 2011", f"harvest + {f['imports_2013']:.2f} Mt", "planned commercial imports of 2013/14, used for 2011"),
        ("need in 2011", "2013/14 need taken back two years at the population growth", "the course's choice (no 2011/12 need on this basis)"),
        ("'beyond analogues' margin", "+0.5 points above China's harvest gain or growth", "the course's choice"),
    ]
    return pd.DataFrame(rows, columns=["constant", "value", "where it comes from"]).set_index("constant")


# ---- the model ------------------------------------------------------------------------------------
def _arg(name: str, value, low: float, high: float, unit: str) -> np.ndarray:
    """A scalar or array input checked against its range (ValueError naming it otherwise)."""
    if np.ndim(value) == 0:
        return np.asarray(check_number(name, value if not isinstance(value, np.generic) else value.item(), low, high, unit))
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf" or arr.size == 0:
        raise ValueError(f"{name} must be numbers between {low:g} and {high:g} {unit}; got an array of {arr.dtype}")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)) or arr.min() < low or arr.max() > high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} {unit}; got values from {np.nanmin(arr):g} to {np.nanmax(arr):g}")
    return arr


def corridor(farm_pct=40.0, enterprise_pct=30.0, market_pct=40.0, pace_years=2, repression_pct=60.0, china_grain_mt=0.30,
             harvest_response_pct=29.0, growth_response_pp=5.5, lag_seasons=1.5, grip_threshold=50.0) -> dict:
    """One path of the model below (:func:`_corridor`) for single numbers; ValueError naming a bad one."""
    args = dict(locals())
    return _corridor(**{k: check_number(k, v, *_RANGES[k]) for k, v in args.items()})


_RANGES = {"farm_pct": (0, 100, "percent"), "enterprise_pct": (0, 100, "percent"), "market_pct": (0, 100, "percent"),
           "pace_years": (1, 10, "years"), "repression_pct": (0, 100, "percent"), "china_grain_mt": (0, 1.5, "Mt a year"),
           "harvest_response_pct": (0, 50, "percent"), "growth_response_pp": (0, 30, "percentage points"),
           "lag_seasons": (1, 4, "seasons"), "grip_threshold": (20, 80, "index points")}


def _corridor(farm_pct=40.0, enterprise_pct=30.0, market_pct=40.0, pace_years=2, repression_pct=60.0, china_grain_mt=0.30,
              harvest_response_pct=29.0, growth_response_pp=5.5, lag_seasons=1.5, grip_threshold=50.0) -> dict:
    """Ten harvests of reform (2012-2021) from where North Korea stood in 2011.

    Arguments may be numbers or numpy arrays (broadcast together): levers ``farm_pct``,
    ``enterprise_pct``, ``market_pct`` (0-100, degree of liberalisation), ``pace_years`` (1-10,
    years to reach it), ``repression_pct`` (0-100), ``china_grain_mt`` (0-1.5 Mt a year);
    assumptions ``harvest_response_pct`` (0-50, harvest gain at full farm reform once it has
    worked through), ``growth_response_pp`` (0-30, extra growth a year at full enterprise and
    market reform), ``lag_seasons`` (1-4, how slowly harvests respond), ``grip_threshold`` (20-80).

    Returns arrays with a last axis over the years 2011-2021 (index 0 = before reform):
    ``harvest_mt``, ``food_mt``, ``need_mt``, ``food_ratio``, ``growth_pct`` (NaN in 2011),
    ``grip`` (0-100), ``openness`` (0-1), ``in_model`` (False after control is lost); and per path:
    ``zone`` (0 stagnation, 1 soft landing, 2 losing control), ``year_lost`` (first year below the
    threshold, 0 if never), ``min_grip``, ``mean_growth`` (over the years in the model),
    ``harvest_gain_pct`` (last year against 2011), ``gap_mt`` (need minus food in the last year;
    negative = to spare), ``beyond_analogues`` (True when harvests or growth go beyond China's early
    reform years). The model stops when control is lost: every yearly output after ``year_lost``
    is NaN, and so are ``harvest_gain_pct`` and ``gap_mt`` (``need_mt``, set by the population, stays).
    Raises ValueError naming a parameter out of range.
    """
    a = {k: _arg(k, v, *_RANGES[k]) for k, v in dict(locals()).items()}
    farm, ent, mkt, rep = (a[k] / 100 for k in ("farm_pct", "enterprise_pct", "market_pct", "repression_pct"))
    pace, grain, g_resp, lag = a["pace_years"], a["china_grain_mt"], a["growth_response_pp"], a["lag_seasons"]
    h_resp, threshold = a["harvest_response_pct"] / 100, a["grip_threshold"] / 100
    farm, ent, mkt, pace, rep, grain, h_resp, g_resp, lag, threshold = (
        a[..., None] for a in np.broadcast_arrays(farm, ent, mkt, pace, rep, grain, h_resp, g_resp, lag, threshold))
    f = _facts()
    t = np.arange(HORIZON + 1, dtype=float)  # 0 = 2011, before reform

    ramp = np.minimum(t / pace, 1.0)  # share of the chosen degree reached in each year
    farm_t, ent_t, mkt_t = farm * ramp, ent * ramp, mkt * ramp
    # harvests close 1/lag of the remaining way to the farm reform each season
    worked = np.zeros(np.broadcast_shapes(farm_t.shape, lag.shape))
    for i in range(1, HORIZON + 1):
        worked[..., i] = worked[..., i - 1] + (farm_t[..., i] - worked[..., i - 1]) / lag[..., 0]
    harvest = f["harvest_2011"] * (1 + h_resp * worked * (1 - REPRESSION_HARVEST * rep))
    need = f["need_2013"] * (1 + f["population_growth"]) ** (t - 2)  # 2013/14 is t = 2
    food = harvest + grain * (t > 0)
    food = np.where(t > 0, food, harvest + f["imports_2013"])  # 2011: the imports of the time
    ratio = food / need

    growth = f["growth_without_reform"] + g_resp * (0.5 * ent_t + 0.5 * mkt_t) * (1 - REPRESSION_GROWTH * rep)
    growth = np.where(t > 0, growth, np.nan)
    w_farm, w_ent, w_mkt = OPEN_WEIGHTS
    openness = w_farm * farm_t + w_ent * ent_t + w_mkt * mkt_t
    speed = np.diff(openness, axis=-1, prepend=0.0)
    grip = (GRIP_START + GRIP_REPRESSION * (rep - 0.5) - GRIP_OPENNESS * openness - GRIP_SPEED * speed
            + GRIP_HUNGER * (np.clip(ratio, 0.5, 1.1) - 1) + GRIP_GROWTH * np.nan_to_num(growth))
    grip = np.clip(grip, 0.0, 1.0)
    grip[..., 0] = np.clip(GRIP_START + GRIP_HUNGER * (np.clip(ratio[..., 0], 0.5, 1.1) - 1), 0.0, 1.0)  # 2011, before any lever

    below = grip[..., 1:] < threshold
    lost = below.any(axis=-1)
    first = np.argmax(below, axis=-1) + 1  # index of the year the grip first falls below the threshold
    year_lost = np.where(lost, YEARS[first], 0)
    fed = ratio[..., -1] >= 1.0
    zone = np.where(lost, 2, np.where(fed, 1, 0))
    # Once control is lost the model stops: it has no account of what follows (a crackdown, a revolt, a
    # collapse), so every year after the loss is outside it (NaN, not drawn) and so are the end-of-path numbers.
    in_model = ~(lost[..., None] & (t > first[..., None]))
    harvest, food, ratio, growth, grip, openness = (np.where(in_model, v, np.nan) for v in
                                                    np.broadcast_arrays(harvest, food, ratio, growth, grip, openness))
    mean_growth = np.nanmean(growth[..., 1:], axis=-1)  # over the years in the model (up to the loss)
    gain = 100 * (harvest[..., -1] / harvest[..., 0] - 1)
    china = _china_bounds()
    return {
        "years": YEARS, "in_model": in_model,
        "harvest_mt": harvest, "food_mt": food, "need_mt": np.broadcast_to(need, food.shape),
        "food_ratio": ratio, "growth_pct": growth, "grip": 100 * grip, "openness": openness,
        "threshold": 100 * threshold[..., 0],
        "zone": zone, "year_lost": year_lost, "min_grip": 100 * np.nanmin(grip[..., 1:], axis=-1),
        "mean_growth": mean_growth, "harvest_gain_pct": gain, "gap_mt": need[-1] - food[..., -1],
        "beyond_analogues": (gain > china["harvest_gain_pct"] + 0.5) | (mean_growth > china["mean_growth"] + 0.5),
    }


@by_data("reform_benchmarks", "reform_comparators")
def _china_bounds() -> dict[str, float]:
    """China's first years of reform, the model's upper bounds: grain growth 1979-84 and GDP growth 1979-88."""
    b = data.load("reform_benchmarks")
    rate = float(b[(b["case"] == "China 1978") & (b["measure"] == "grain_growth_per_year") & (b["year_from"] == 1979)]["value"].iloc[0])
    c = comparators()
    g = c[(c["country"] == "China") & c["year"].between(1979, 1988)]["gdp_growth_pct"].mean()
    return {"harvest_gain_pct": 100 * ((1 + rate / 100) ** 6 - 1), "mean_growth": float(g)}


def zone_grid(steps: int = 41, **settings) -> dict:
    """Zones over a grid of one reform degree (farm = enterprise = market) and repression (0-100%,
    ``steps`` values each, 3-201), all other settings fixed: the corridor map. Returns ``reform``,
    ``repression`` and ``zone`` (2-D)."""
    n = check_int("steps", steps, 3, 201)
    check_settings("settings", settings, corridor)
    for bad in ("farm_pct", "enterprise_pct", "market_pct", "repression_pct"):
        if bad in settings:
            raise ValueError(f"{bad} is set by the grid; choose the other settings only")
    settings = {k: check_number(k, v, *_RANGES[k]) if k in _RANGES else v for k, v in settings.items()}
    r = np.linspace(0, 100, n)
    rr, pp = np.meshgrid(r, r)
    out = _corridor(farm_pct=rr, enterprise_pct=rr, market_pct=rr, repression_pct=pp, **settings)
    return {"reform": r, "repression": r.copy(), "zone": out["zone"]}


# ---- presets: complete scenarios, with what each reproduces ---------------------------------------
ASSUMED = {"harvest_response_pct": 29.0, "growth_response_pp": 5.5, "lag_seasons": 1.5, "grip_threshold": 50.0}
PRESETS = {
    "The 2012 and 2014 measures (the article's case)": {
        "farm_pct": 40, "enterprise_pct": 30, "market_pct": 40, "pace_years": 2, "repression_pct": 60,
        "china_grain_mt": 0.30, **ASSUMED},
    "Retrenchment, as in 2019-24": {
        "farm_pct": 20, "enterprise_pct": 10, "market_pct": 10, "pace_years": 1, "repression_pct": 90,
        "china_grain_mt": 0.10, **ASSUMED},
    "No reform at all": {
        "farm_pct": 0, "enterprise_pct": 0, "market_pct": 0, "pace_years": 1, "repression_pct": 60,
        "china_grain_mt": 0.30, **ASSUMED},
    "Big bang: everything at once, no repression": {
        "farm_pct": 100, "enterprise_pct": 100, "market_pct": 100, "pace_years": 1, "repression_pct": 0,
        "china_grain_mt": 0.30, **ASSUMED},
    "China after 1978 (upper bound)": {
        "farm_pct": 100, "enterprise_pct": 60, "market_pct": 80, "pace_years": 4, "repression_pct": 60,
        "china_grain_mt": 0.0, "harvest_response_pct": 39.0, "growth_response_pp": 24.0, "lag_seasons": 1.0,
        "grip_threshold": 50.0},
    "Vietnam after 1986/88 (upper bound)": {
        "farm_pct": 100, "enterprise_pct": 40, "market_pct": 80, "pace_years": 3, "repression_pct": 70,
        "china_grain_mt": 0.0, "harvest_response_pct": 39.0, "growth_response_pp": 21.5, "lag_seasons": 1.0,
        "grip_threshold": 50.0},
}


def calibration() -> pd.DataFrame:
    """Each calibrated preset beside the record it reproduces, with the tolerance it must meet."""
    g = growth("bok_current").set_index("year")["growth_pct"]
    food = data.load("food_balance").set_index("year")
    c = comparators()
    china = _china_bounds()
    vietnam = float(c[(c["country"] == "Vietnam") & c["year"].between(1989, 1998)]["gdp_growth_pct"].mean())

    def run(name):
        return corridor(**PRESETS[name])

    m, r = run("The 2012 and 2014 measures (the article's case)"), run("Retrenchment, as in 2019-24")
    ch, vn = run("China after 1978 (upper bound)"), run("Vietnam after 1986/88 (upper bound)")
    rows = [
        ("The 2012 and 2014 measures", "harvest 2014/15 (Mt, FAO/WFP milled)", float(food.loc[2014, "production_mt"]),
         float(m["harvest_mt"][3]), 0.10),
        ("The 2012 and 2014 measures", "mean growth 2012-16 (%, BOK)", float(g.loc[2012:2016].mean()),
         float(np.mean(m["growth_pct"][1:6])), 0.5),
        ("Retrenchment, as in 2019-24", "mean growth 2019-24 (%, BOK; COVID and the recovery with Russia not modelled)",
         float(g.loc[2019:2024].mean()), float(np.mean(r["growth_pct"][1:7])), 0.3),  # no reform misses it
        ("China after 1978", "harvest gain after 6 seasons (%, grain 4.9%/yr 1979-84)", china["harvest_gain_pct"],
         float(100 * (ch["harvest_mt"][6] / ch["harvest_mt"][0] - 1)), 3.0),
        ("China after 1978", "mean growth, first 10 years (%, WDI 1979-88)", china["mean_growth"],
         float(np.mean(ch["growth_pct"][1:])), 1.5),
        ("Vietnam after 1986/88", "mean growth, first 10 years (%, WDI 1989-98)", vietnam,
         float(np.mean(vn["growth_pct"][1:])), 1.5),
    ]
    out = pd.DataFrame(rows, columns=["preset", "measure", "observed", "model", "tolerance"])
    out["within tolerance"] = (out["model"] - out["observed"]).abs() <= out["tolerance"]
    return out.round({"observed": 2, "model": 2})


# ---- the what-if ----------------------------------------------------------------------------------
def _scalar(res: dict) -> dict:
    return {k: (v.item() if isinstance(v, np.ndarray) and v.ndim == 0 else v) for k, v in res.items()}


def _why_lost(res: dict, params) -> tuple[str, str]:
    """The largest push below the threshold in the year the grip was lost, and what might ease it."""
    i = int(np.argmax(res["grip"][1:] < res["threshold"])) + 1
    opened = np.diff(res["openness"], prepend=0.0)[i]
    pushes = {
        ("the economy opens faster than harvests can respond", "a slower pace might hold it"):
            GRIP_SPEED * opened,
        ("the economy is too open for the control kept", "less opening or more repression might hold it"):
            GRIP_OPENNESS * res["openness"][i],
        ("people go hungry", "more food (farm reform, given seasons, or grain from China) might hold it"):
            -GRIP_HUNGER * (min(max(res["food_ratio"][i], 0.5), 1.1) - 1),
        ("the state hardly represses", "more repression might hold it"):
            GRIP_REPRESSION * (0.5 - params["repression_pct"] / 100),
    }
    return max(pushes, key=pushes.get)


@by_data("reform_benchmarks")
def _drought() -> dict[str, float]:
    """The 2015 drought (FAO GIEWS): the fall of the harvest on the year before, percent."""
    b = data.load("reform_benchmarks")
    drought = b[b["case"] == "North Korea 2015 drought"].set_index("measure")["value"]
    return {"harvest": float(drought["food_production_change"]), "rice": float(drought["paddy_output_change"])}


# The reading of a lost path says where the model ends (issue 12 tryout: food and growth carried on as if nothing happened).
_STOPS = ("The model stops in {year}: what follows a loss of control (a crackdown, a revolt, a collapse) is outside it, "
          "so food and growth after {year} are not drawn.")


def _read(base: dict, res: dict, params) -> str:
    res = _scalar(res)
    last = int(YEARS[-1])
    zone = ZONES[int(res["zone"])]
    if zone == "losing control" and res["threshold"] > res["grip"][0] and int(res["year_lost"]) == int(YEARS[1]):
        # tryout finding 6: the threshold is above the grip the regime held power with; no cause to invent
        return (f"Losing control: in {int(res['year_lost'])} the regime's grip falls below {res['threshold']:.0f} at once: "
                f"your threshold is above the grip the regime had in {int(YEARS[0])} ({res['grip'][0]:.1f}), when it held power. "
                f"The threshold, not the reform, decides here: lower it to {int(np.floor(res['grip'][0]))} or below. "
                + _STOPS.format(year=int(res["year_lost"])))
    if zone == "losing control":
        why, remedy = _why_lost(res, params)
        return (f"Losing control: in {int(res['year_lost'])} the regime's grip falls below {res['threshold']:.0f} "
                f"(lowest {res['min_grip']:.0f}) mainly because {why}; {remedy}. " + _STOPS.format(year=int(res["year_lost"])))
    food = f"food covers {100 * res['food_ratio'][-1]:.0f}% of need in {last}"
    if zone == "soft landing":
        d = _drought()["harvest"]
        dry = (res["food_mt"][-1] + d / 100 * res["harvest_mt"][-1]) / res["need_mt"][-1]
        after = "still covers need" if dry >= 1 else f"would cover only {100 * dry:.0f}%"
        return (f"Soft landing: {food} and the grip never falls below {res['min_grip']:.0f} (threshold "
                f"{res['threshold']:.0f}); growth averages {res['mean_growth']:.1f}% a year. After a harvest {-d:.0f}% "
                f"down, as in the 2015 drought, food {after}.")
    return (f"Stagnation: {food}, a gap of {res['gap_mt']:.2f} Mt, though the regime holds (grip at least "
            f"{res['min_grip']:.0f}); more farm reform or more grain from China would be needed.")


def _plausible(res: dict, params) -> list[str]:
    """A caution when harvests or growth outrun China's first reform years, the fastest case on record here."""
    res, china = _scalar(res), _china_bounds()
    out = []
    if res["harvest_gain_pct"] > china["harvest_gain_pct"] + 0.5:
        out.append(f"Harvests gain {res['harvest_gain_pct']:.0f}% in ten seasons, more than China's {china['harvest_gain_pct']:.0f}% "
                   "in its six best (grain 1979-84): no close analogue.")
    if res["mean_growth"] > china["mean_growth"] + 0.5:
        out.append(f"Growth averages {res['mean_growth']:.1f}% a year, faster than China's {china['mean_growth']:.1f}% in its "
                   "first ten reform years (1979-88): no close analogue.")
    return out


BASIS = ("The op-ed names no degree of reform, only a hope that Kim Jong Un may want small ones with the regime kept: "
         "the June 2012 farm and May 2014 enterprise measures (hindsight) with control kept are the course's choice.")
OUTSIDE = "outside the model"  # what a number after the loss of control shows instead


def _pct(x: float) -> str:
    return OUTSIDE if np.isnan(x) else f"{x:.0f}%"


HEADLINE = Headline("food against need in 2021", lambda res: 100 * float(np.ravel(res["food_ratio"])[-1]), _pct)


COMPARE = (  # the article's case beside yours: shown live in the panel and by panel.compare_table()
    ("zone after ten harvests", lambda res: ZONES[int(_scalar(res)["zone"])]),
    ("food against need in 2021", lambda res: _pct(100 * float(res["food_ratio"][-1]))),
    ("harvest gain since 2011", lambda res: OUTSIDE if np.isnan(_scalar(res)["harvest_gain_pct"])
     else f"{float(_scalar(res)['harvest_gain_pct']):+.0f}%"),
    ("mean growth 2012-2021", lambda res: f"{float(_scalar(res)['mean_growth']):.1f}% a year"
     + (f" until {int(_scalar(res)['year_lost'])}" if int(_scalar(res)["zone"]) == 2 else "")),
    ("lowest grip (threshold)", lambda res: f"{float(_scalar(res)['min_grip']):.0f} ({float(_scalar(res)['threshold']):.0f})"),
)


def _summary(res: dict) -> dict:
    res = _scalar(res)
    last = float(res["food_ratio"][-1])  # None once control is lost: the model says nothing about 2021 then
    return {"zone": ZONES[int(res["zone"])], "food_ratio_last": None if np.isnan(last) else round(last, 3),
            "min_grip": round(float(res["min_grip"]), 1), "mean_growth": round(float(res["mean_growth"]), 2),
            "year_lost": int(res["year_lost"])}


@by_data("food_balance", "population", "nk_growth", "reform_benchmarks", "reform_comparators", "sources")
def spec() -> WhatIf:
    """The reform-corridor what-if (built once; defaults calibrated on the 2012 and 2014 measures)."""
    f = _facts()
    article = PRESETS["The 2012 and 2014 measures (the article's case)"]
    return WhatIf(
        title="The reform corridor: can reform feed people and keep the regime?",
        intro=("Ten harvests from 2011, the last before the June 2012 measures. Levers: how far and how fast the state "
               "liberalises, how hard it represses, how much grain China sends. A teaching model, not a forecast."),
        model=lambda **p: corridor(**p),
        controls=(
            lever("farm_pct", "Farm reform", 0, 100, article["farm_pct"], step=5, unit="%",
                  help="0 = collective farms as in 2011; 40 = the June 2012 measures (small work-teams, farmers keep "
                       "about 30%), the article's 'small-scale reform'; 100 = household farming as in China after 1978."),
            lever("enterprise_pct", "Enterprise reform", 0, 100, article["enterprise_pct"], step=5, unit="%",
                  help="30 = the May 2014 measures (managers buy inputs, sell on markets, set wages); 100 = firms run for profit."),
            lever("market_pct", "Market freedom", 0, 100, article["market_pct"], step=5, unit="%",
                  help="40 = the course's choice for about 400 official markets tolerated (2015); 100 = free prices and private trade everywhere."),
            lever("pace_years", "Years to get there", 1, 10, article["pace_years"], step=1, unit="years",
                  help="How many years the state takes to reach the chosen degrees (2 = about the time from the June 2012 to the May 2014 measures)."),
            lever("repression_pct", "Repression", 0, 100, article["repression_pct"], step=5, unit="%",
                  help="How hard the state controls and punishes. 60 = the article's case, a regime that does all it can "
                       "to stay in power (C26); 90 is the course's choice for the retrenchment after 2020."),
            lever("china_grain_mt", "Grain from China (imports and aid)", 0, 1.5, article["china_grain_mt"], step=0.05,
                  unit="Mt a year",
                  help=f"{f['imports_2013']:.2f} Mt = the imports FAO/WFP counted on in 2013/14 (need minus harvest minus the "
                       "uncovered gap): planned commercial imports, origin not given. China's aid is unpublished: not zero, unknown."),
            assumption("harvest_response_pct", "Harvest gain from full farm reform", 0, 50, ASSUMED["harvest_response_pct"],
                       step=1, unit="%",
                       help="Fitted so that the 2012 measures give the whole rise of the FAO/WFP harvest from 4.66 Mt (2011/12) "
                            "to 5.08 Mt (2014/15), an upper bound: the rise only coincided with the measures. China 1979-84: about 33% in six seasons (half of it from reform itself, Lin 1992)."),
            assumption("growth_response_pp", "Extra growth from full reform", 0, 30, ASSUMED["growth_response_pp"],
                       step=0.5, unit="points a year",
                       help="Fitted to BOK growth 2012-16 (1.2% a year). China's and Vietnam's first ten reform years "
                            "need about 24 (China) and 21.5 (Vietnam): those presets are upper bounds."),
            assumption("lag_seasons", "How slowly harvests respond", 1, 4, ASSUMED["lag_seasons"], step=0.5, unit="seasons",
                       help="1 = harvests respond fully the next season; 2 = each season closes half the remaining way. "
                            "Control responds at once."),
            assumption("grip_threshold", "Grip below which the regime loses control", 20, 80, ASSUMED["grip_threshold"],
                       step=1, unit="index",
                       help="The course's choice (50): no one can measure grip. The regime held through 2012-24, and "
                            "China's and Vietnam's through their reforms: those presets stay above 50."),
        ),
        draw=reform_panel,
        update=reform_panel_update,
        read=_read,
        source=reform_panel_source,
        alt=_reform_panel_alt,
        baseline={},
        baseline_label="the article's case: the 2012 and 2014 measures, control kept",
        baseline_basis=BASIS,
        headline=HEADLINE,
        plausible=_plausible,
        presets=PRESETS,
        summary=_summary,
        compare=COMPARE,
        save_as="reform_corridor",
        figsize=(7.2, 3.3),
    )


def what_if(**settings) -> Panel:
    """The reform-corridor panel of notebook 05 (keyword arguments set controls)."""
    return Panel(spec(), **settings)


WHAT_IFS = {"reform_corridor": what_if}


# ---- evidence tables -------------------------------------------------------------------------------
def growth(series: str = "both") -> pd.DataFrame:
    """BOK growth estimates (percent); ``series`` = "bok_current", "bok_first_published" or "both" (kept apart)."""
    g = data.load("nk_growth")
    if check_choice("series", series, ["both", "bok_current", "bok_first_published"]) != "both":
        g = g[g["series"] == series]
    return g.sort_values(["series", "year"]).reset_index(drop=True)


def growth_means() -> pd.DataFrame:
    """Mean BOK growth (current series) over the periods the notebook compares."""
    g = growth("bok_current").set_index("year")["growth_pct"]
    periods = [("Kim Jong Il's last years", 2006, 2011), ("the 2012 and 2014 measures", 2012, 2016),
               ("sanctions bite", 2017, 2018), ("border closed, retrenchment", 2019, 2022), ("recovery with Russia", 2023, 2024)]
    return pd.DataFrame([{"period": name, "years": f"{a}-{b}", "mean growth (% a year)": round(float(g.loc[a:b].mean()), 2)}
                         for name, a, b in periods])


def gni() -> pd.DataFrame:
    """BOK nominal GNI and GNI per person (South Korean won), with South Korea's multiple where stated."""
    return data.load("nk_gni").sort_values("year").reset_index(drop=True)


def markets() -> pd.DataFrame:
    """Market counts, market revenue, income from markets and the official exchange rate."""
    m = data.load("nk_markets")
    refs = data.sources_for(m["source_id"]).set_index("id")
    return pd.DataFrame({"what": m["indicator"].str.replace("_", " "), "year": m["year"].astype(int),
                         "value": [f"{v:g}" for v in m["value"]], "unit": m["unit"], "confidence": m["confidence"],
                         "source": [refs.loc[i, "short_title"] for i in m["source_id"]]})


def prices() -> pd.DataFrame:
    """Daily NK's Pyongyang survey with rice in US$ per kg at the market rate."""
    p = data.load("market_prices").sort_values("date").reset_index(drop=True)
    p["rice_usd_per_kg"] = p["rice_won_per_kg"] / p["won_per_usd"]
    return p


def rations() -> pd.DataFrame:
    """State rations per person per day (g), 2011-2019."""
    return data.load("rations").sort_values(["year", "month"]).reset_index(drop=True)


def food_balance() -> pd.DataFrame:
    """FAO/WFP cereal balance by marketing year (Mt, milled)."""
    return data.load("food_balance").sort_values("year").reset_index(drop=True)


def undernourishment() -> pd.DataFrame:
    """Prevalence of undernourishment by edition (each SOFI edition apart from the WDI vintage)."""
    return data.load("undernourishment").sort_values(["edition", "period_end"]).reset_index(drop=True)


def famine() -> pd.DataFrame:
    """Estimates of deaths in the 1990s famine, as ranges."""
    f = data.load("famine_deaths")
    return pd.DataFrame({"estimate by": f["estimate_by"], "method": f["method"],
                         "deaths": [f"{lo:,}" if lo == hi else f"{lo:,}-{hi:,}" for lo, hi in zip(f["deaths_low"], f["deaths_high"])],
                         "confidence": f["confidence"]})


def episodes() -> pd.DataFrame:
    """Reform and retrenchment episodes, 2002-2022."""
    e = data.load("reform_episodes").sort_values("date")
    return pd.DataFrame({"date": e["date"].dt.strftime("%Y-%m"), "episode": e["name"], "kind": e["kind"],
                         "what it did": e["what"]}).reset_index(drop=True)


def comparators() -> pd.DataFrame:
    """WDI growth for China, Vietnam and South Korea."""
    return data.load("reform_comparators").sort_values(["country", "year"]).reset_index(drop=True)


def gapminder() -> pd.DataFrame:
    """Gapminder's North Korea rows (every five years 1952-2007), interpolated values flagged."""
    g = data.load("gapminder_nk").sort_values("year").reset_index(drop=True)
    return g[["year", "gdp_per_person", "life_expectancy", "population", "interpolated"]]


def _grain_for_soft_landing() -> float:
    """The least grain from China (0.05 Mt steps) with which the article's case lands softly."""
    grain = np.round(np.arange(0, 1.5001, 0.05), 2)
    zones = _corridor(china_grain_mt=grain)["zone"]
    return float(grain[np.argmax(zones == 1)]) if (zones == 1).any() else float("nan")


# ---- questions (answers worked out only when a student checks) ------------------------------------------
Q1 = Question(
    "Q1", "What was North Korea's mean growth (BOK, % a year) in 2012-2016, the years of the 2012 and 2014 measures?",
    expected=lambda: float(growth_means().set_index("years").loc["2012-2016", "mean growth (% a year)"]),
    tolerance=0.1, unit="% a year", mistakes=((0.8, "That is 2011 alone, the year before the measures."),),
    hints=("Read the five bars for 2012-2016 in the growth chart and average them.", "Average 1.3, 1.1, 1.0, -1.1 and 3.9."),
    why="Slow but positive: better than Kim Jong Il's last years (about 0%), far from China's 10%.",
)
Q2 = Question(
    "Q2", "And in 2017-2018, after the sanctions of 2016-17: what was the mean growth (BOK, % a year)?",
    expected=lambda: float(growth_means().set_index("years").loc["2017-2018", "mean growth (% a year)"]),
    tolerance=0.1, unit="% a year",
    hints=("Same chart, the next two bars.", "Average -3.5 and -4.1."),
    why="The worst two years since 1997: the gains of 2012-16 were wiped out after the sanctions of 2016-17.",
)
Q3 = Question(
    "Q3", "In December 2024 a kilogram of rice cost 8,300 won and a dollar 21,300 won in Pyongyang. What did the rice "
          "cost in US$ per kg?",
    expected=lambda: round(8300 / 21300, 2), tolerance=0.02, unit="US$ per kg",
    hints=("Divide the won price of rice by the won price of a dollar.", "8,300 / 21,300."), mistakes=((2.57, "That is kg of rice per US$: divide rice by dollar."),),
    why="In dollars rice was cheaper than in 2012 (0.82): most of the 'inflation' was the won falling.",
)
Q4 = Question(
    "Q4", "Which SOFI edition gives the highest prevalence of undernourishment for North Korea in our table?",
    expected=lambda: str(undernourishment().query("edition != 'WDI vintage'").sort_values("prevalence_pct")["edition"].iloc[-1]),
    hints=("Look at the SOFI rows of undernourishment(), not the WDI vintage.", "It is above 47%."),
    why="Each edition recomputes its series: compare editions with care.",
)
Q5 = Question(
    "Q5", "Keep the article's case and raise only the grain from China. From how many Mt a year (in steps of "
          "0.05) does the path land softly?",
    expected=lambda: _grain_for_soft_landing(), tolerance=0.001, unit="Mt a year",
    hints=("Move the slider 'Grain from China' up from 0.30 and watch the first words of the reading.",
           "Or in code: reform.what_if(china_grain_mt=0.4).reading, then try other values."),
    why="Only a little more than the imports of 2013/14: the article's case sits near the edge of the corridor, "
        "and a bad harvest year (which the model leaves out) would push it back.",
)

QUESTIONS = (Q1, Q2, Q3, Q4, Q5)
