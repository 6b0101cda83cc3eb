"""Notebook 03, China's lifeline: how much China gives North Korea, and what it gets back.

The model (:func:`lifeline_shock`) is a lifeline shock in the base year 2019: China changes its
trade and its oil and aid by a percentage. North Korea's imports from China scale with the trade
change and split into food, fuel and other goods; the food part buys grain at the market price.
Crude oil through the pipeline scales with the aid change and is set against the UN cap. Grain
needed (population times grain per person) minus grain available (the harvest, food imports and
any food aid) is the food gap, in tonnes and in people it would feed for a year; the article's
case is no change at all.

The evidence keeps two trade series apart everywhere: Chinese customs (GACC) and KOTRA, which
adds its own estimate of the crude oil that customs has recorded as zero since 2014. Figures the
fact sheet marks L (recalled only) are carried with their confidence and drawn as hollow markers,
never as firm values. Figures: helpers/figures/lifeline.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data, fmt
from .cache import by_data
from .checks import check_choice, check_ints, check_number
from .course import OP_ED_DATE
from .facts import nk_population
from .figures import lifeline as figures
from .figures.lifeline import balance_chart, nk_exports_chart, scale_chart, share_chart, trade_chart
from .hindsight import lifeline_known_in_2013 as known_in_2013
from .selfcheck import Question
from .whatif import Headline, Panel, WhatIf, assumption, lever

__all__ = [
    "BASE_YEAR", "factors", "lifeline_shock", "anchors", "claim_checks", "claim_table", "CLAIM_TESTS",
    "spec",
    "what_if", "WHAT_IFS",
    "trade", "series_gap", "trade_table", "share", "sanctions", "sanctions_table", "cap", "aid_table",
    "neighbour_scale", "cents_back", "trade_chart", "balance_chart", "share_chart", "nk_exports_chart",
    "scale_chart", "known_in_2013", "OP_ED_DATE", "Q1", "Q2", "Q3", "Q4", "QUESTIONS",
]


BASE_YEAR = 2019  # the last year before the border closure, after all the 2017 sanctions
SERIES = ("china_customs", "kotra")
SERIES_LABEL = {"china_customs": "Chinese customs", "kotra": "KOTRA (adds crude oil)"}
MARKED = {1718: "1718", 2270: "2270", 2321: "2321", 2371: "2371", 2375: "2375", 2397: "2397"}


# ---- the model ----------------------------------------------------------------------------------
def factors() -> dict[str, float | str]:
    """The numbers behind the what-if defaults, each traceable to a row of data/."""
    return dict(_factors())


@by_data("lifeline_factors", "population", "china_nk_trade", "china_aid", "un_sanctions", "food_balance")
def _factors() -> dict[str, float | str]:
    f = {(r.factor, int(r.year)): r for r in data.load("lifeline_factors").itertuples()}

    def v(name: str, year: int) -> float:
        return float(f[(name, year)].value)

    pop_base = nk_population(2020) / 1e6  # UN WPP 2024, the nearest year to BASE_YEAR in data/population.csv
    need_per_person = v("cereal_need", 2010) * 1000 / (nk_population(2010) / 1e6)  # kg
    need_2024 = v("cereal_need", 2024) * 1000 / (nk_population(2024) / 1e6)
    fb = data.load("food_balance").set_index("year")
    # FAO/WFP's own milled-to-unmilled ratio in the two years that give both figures (2010/11, 2013/14)
    ratio = float(np.mean([fb.loc[y, "production_mt"] / v("cereal_production_unmilled", y) for y in (2010, 2013)]))
    prod = fb["production_mt"].dropna()
    gaps = fb["uncovered_gap_mt"].dropna()
    customs = trade("china_customs").set_index("year")
    aid = data.load("china_aid")
    pipe = aid[aid["flow"] == "crude_pipeline"].iloc[0]
    food_aid = aid[(aid["flow"] == "food_aid") & ~aid["donor"].str.contains("all countries")].set_index("year_from")
    return {
        "exports_to_nk_bn": float(customs.loc[BASE_YEAR, "exports_to_nk"]),
        "population_m": float(pop_base),
        "grain_need_kg": round(float(need_per_person)),
        "grain_need_kg_2024": round(float(need_2024)),
        "milled_ratio": ratio,
        "harvest_unmilled_mt": v("cereal_production_unmilled", 2018),
        "harvest_mt": round(v("cereal_production_unmilled", 2018) * ratio, 2),
        "harvest_rda_mt": v("cereal_production_rda", BASE_YEAR),
        "harvest_record_low_mt": float(prod.min()),
        "harvest_record_low_year": str(fb.loc[prod.idxmin(), "marketing_year"]),
        "harvest_record_high_mt": float(prod.max()),
        "harvest_record_high_year": str(fb.loc[prod.idxmax(), "marketing_year"]),
        "grain_price": float(f[("rice_market_price", BASE_YEAR)].value),
        "grain_price_low": float(f[("rice_market_price", BASE_YEAR)].value_low),
        "grain_price_high": float(f[("rice_market_price", BASE_YEAR)].value_high),
        "crude_t": float(pipe["value"]),
        "crude_bn": v("kotra_crude_estimate", 2019),
        "crude_cap_t": cap("crude_oil_t"),
        "crude_cap_bbl": cap("crude_oil_bbl"),
        "refined_cap_bbl": cap("refined_petroleum"),
        **_import_shares(f),
        "fao_wfp_gap_t": float(f[("cereal_gap_fao_wfp", BASE_YEAR)].value) * 1e6,
        "gap_record_t": float(gaps.max()) * 1e6,
        "gap_record_year": str(fb.loc[gaps.idxmax(), "marketing_year"]),
        "food_aid_2005_t": float(food_aid.loc[2005, "value"]),
        "food_aid_2009_t": float(food_aid.loc[2009, "value"]),
    }


def _import_shares(f: dict) -> dict[str, float]:
    """Cereal and refined-fuel shares of North Korea's imports from KOTRA's 2019 product breakdown, in percent
    of the imports Chinese customs records (KOTRA's own crude estimate taken out): cereals only (fats and oils
    are not grain, and the food balance counts cereals), fuel = mineral fuels minus the crude estimate."""
    v = lambda name: float(f[(name, 2019)].value)
    recorded = v("kotra_imports_total") - v("kotra_crude_estimate")
    return {"food_share_pct": round(100 * v("kotra_imports_grain") / recorded, 1),
            "fuel_share_pct": round(100 * (v("kotra_imports_mineral_fuels") - v("kotra_crude_estimate")) / recorded, 1)}


def _food_balance(need_t: float, harvest_t: float, imports_t: float, aid_t: float = 0.0) -> float:
    """FAO/WFP's food balance on one basis (milled cereal equivalent): need minus harvest, imports and aid,
    in tonnes. Positive = the uncovered gap, negative = grain to spare. Raises ValueError naming the
    parameter for a negative or absurd tonnage."""
    need = check_number("need_t", need_t, 0, 2e7, "t")
    harvest = check_number("harvest_t", harvest_t, 0, 2e7, "t")
    imports = check_number("imports_t", imports_t, 0, 1e7, "t")
    aid = check_number("aid_t", aid_t, 0, 1e7, "t")
    return need - harvest - imports - aid


def lifeline_shock(
    trade_change_pct: float = 0.0,
    aid_change_pct: float = 0.0,
    food_aid_t: float = 0.0,
    food_share_pct: float = 3.6,
    fuel_share_pct: float = 2.1,
    grain_need_kg: float | None = None,
    harvest_mt: float | None = None,
    grain_price: float | None = None,
    fuel_harvest_elasticity: float = 0.0,
) -> dict[str, float]:
    """North Korea after China changes its trade, its pipeline oil and its food aid.

    Base year 2019 (Chinese customs; the pipeline estimate), food balance for the 2018/19 marketing year on
    FAO/WFP's milled basis: grain needed (population x grain per person) minus the harvest, the cereals the
    imports from China buy and China's food aid. Fuel (pipeline crude plus refined fuel in the imports, by
    value) feeds the harvest through ``fuel_harvest_elasticity`` (% of harvest per % of fuel; 0 leaves the
    link out). Returns floats: ``imports_bn`` (``food_bn``, ``fuel_bn``, ``other_bn``), ``food_imports_t``,
    ``crude_t``, ``crude_cap_t``, ``crude_vs_cap_pct``, ``fuel_change_pct``, ``harvest_t`` (after the fuel
    effect), ``harvest_change_t``, ``food_aid_t``, ``need_t``, ``supply_t``, ``balance_t`` (need minus supply),
    ``gap_t`` (never below 0), ``surplus_t``, ``gap_low_t``/``gap_high_t`` (the band: FAO's need figures per
    person, 2019's cheapest and dearest grain) and ``gap_people`` (people the missing grain would feed a year).
    Raises ValueError naming the parameter for values outside the documented ranges.
    """
    f = factors()
    grain_need_kg = f["grain_need_kg"] if grain_need_kg is None else grain_need_kg
    harvest_mt = f["harvest_mt"] if harvest_mt is None else harvest_mt
    grain_price = f["grain_price"] if grain_price is None else grain_price
    t = check_number("trade_change_pct", trade_change_pct, -100, 100, "percent") / 100
    a = check_number("aid_change_pct", aid_change_pct, -100, 100, "percent") / 100
    aid_t = check_number("food_aid_t", food_aid_t, 0, 600_000, "t")
    food = check_number("food_share_pct", food_share_pct, 0, 20, "percent") / 100
    fuel = check_number("fuel_share_pct", fuel_share_pct, 0, 20, "percent") / 100
    kg = check_number("grain_need_kg", grain_need_kg, 150, 250, "kg per person per year")
    harvest = check_number("harvest_mt", harvest_mt, 2.5, 6, "Mt (milled)")
    price = check_number("grain_price", grain_price, 200, 900, "US$ per t")
    elasticity = check_number("fuel_harvest_elasticity", fuel_harvest_elasticity, 0, 0.5, "% of harvest per % of fuel")

    exports = f["exports_to_nk_bn"]
    imports_bn = exports * (1 + t)
    parts = imports_bn * np.array([food, fuel, 1 - food - fuel])
    food_imports_t = parts[0] * 1e9 / price
    crude_t = f["crude_t"] * (1 + a)
    fuel_before = f["crude_bn"] + exports * fuel
    fuel_change = (f["crude_bn"] * (1 + a) + parts[1]) / fuel_before - 1
    harvest_t = harvest * 1e6 * max(0.0, 1 + elasticity * fuel_change)
    need_t = f["population_m"] * 1e6 * kg / 1000
    balance = _food_balance(need_t, harvest_t, food_imports_t, aid_t)
    # the band: need per person across FAO's figures (2010/11 and 2024), grain at 2019's cheapest and dearest
    kg_lo, kg_hi = sorted((f["grain_need_kg"], f["grain_need_kg_2024"]))
    band = [_food_balance(need_t * k / f["grain_need_kg"], harvest_t, parts[0] * 1e9 / (price * p / f["grain_price"]), aid_t)
            for k, p in ((kg_lo, f["grain_price_low"]), (kg_hi, f["grain_price_high"]))]
    gap_t = max(balance, 0.0)
    out = {"imports_bn": imports_bn, "food_bn": parts[0], "fuel_bn": parts[1], "other_bn": parts[2],
           "food_imports_t": food_imports_t, "crude_t": crude_t, "crude_cap_t": f["crude_cap_t"],
           "crude_vs_cap_pct": 100 * crude_t / f["crude_cap_t"], "fuel_change_pct": 100 * fuel_change,
           "harvest_t": harvest_t, "harvest_change_t": harvest_t - harvest * 1e6, "food_aid_t": aid_t,
           "need_t": need_t, "supply_t": need_t - balance, "balance_t": balance, "gap_t": gap_t,
           "surplus_t": max(-balance, 0.0), "gap_low_t": max(min(band), 0.0), "gap_high_t": max(max(band), 0.0),
           "gap_people": gap_t * 1000 / kg}
    return {k: float(v) for k, v in out.items()}


# ---- what the panel can test: both outcomes of each claim --------------------------------------------
CLAIM_TESTS = {
    "C12": "China's food aid covers at least a month of North Korea's grain need",
    "C13": "the pipeline crude China sends is at least half the UN cap",
    "C16": "China's support (the grain its exports buy, its food aid and, through fuel, part of the harvest) "
           "is worth at least a month of North Korea's grain need",
}


def claim_checks(**settings) -> dict[str, bool]:
    """For one setting of the panel's controls: does each claim the panel tests hold (CLAIM_TESTS says how
    each is measured)? A month of grain need is the yardstick for "substantial"."""
    spec_ = spec()
    for name in settings:
        spec_.control(name)  # ValueError naming the unknown control and listing the known ones
    res = lifeline_shock(**settings)
    cut = lifeline_shock(**{**settings, "trade_change_pct": -100, "aid_change_pct": -100, "food_aid_t": 0})
    month = res["need_t"] / 12
    return {"C12": res["food_aid_t"] >= month,
            "C13": res["crude_vs_cap_pct"] >= 50,
            "C16": cut["balance_t"] - res["balance_t"] >= month}


def claim_table(**settings) -> pd.DataFrame:
    """The claims the panel tests, how it measures each, and whether each holds at ``settings`` (the panel's
    controls; the 2019 record when none are given)."""
    holds = claim_checks(**settings)
    claims = data.load("claims").set_index("id")
    return pd.DataFrame({
        "claim": [claims.loc[c, "claim"] for c in holds],
        "the panel counts it as true when": [CLAIM_TESTS[c] for c in holds],
        "holds here?": ["yes" if h else "no" for h in holds.values()],
    }, index=pd.Index(list(holds), name="id"))


@by_data("lifeline_factors", "food_balance", "population", "china_nk_trade", "china_aid", "un_sanctions")
def anchors() -> pd.DataFrame:
    """The food balance on one basis (FAO/WFP, milled cereal equivalent) against the uncovered gap FAO/WFP
    reported. 2010/11 and 2013/14 (the op-ed's time) use the missions' own need, harvest and planned imports,
    so they test the arithmetic; 2018/19 uses the model's defaults (grain per person x population, 2018's
    unmilled harvest at FAO's milling ratio, the cereals 2019's imports from China buy), an independent check."""
    fb = data.load("food_balance").set_index("year")
    f = {(r.factor, int(r.year)): float(r.value) for r in data.load("lifeline_factors").itertuples()}
    rows = []
    for year in (2010, 2013):
        need, harvest, imports = fb.loc[year, "need_mt"], fb.loc[year, "production_mt"], f[("commercial_imports_planned", year)]
        rows.append((fb.loc[year, "marketing_year"], "the mission's own figures", need, harvest, imports,
                     _food_balance(need * 1e6, harvest * 1e6, imports * 1e6) / 1e6, fb.loc[year, "uncovered_gap_mt"]))
    r = lifeline_shock()
    rows.append(("2018/19", "the model's defaults", r["need_t"] / 1e6, r["harvest_t"] / 1e6, r["food_imports_t"] / 1e6,
                 r["balance_t"] / 1e6, fb.loc[2018, "uncovered_gap_mt"]))
    out = pd.DataFrame(rows, columns=["marketing year", "inputs", "need (Mt)", "harvest, milled (Mt)", "imports (Mt)",
                                      "gap, this model (Mt)", "gap, FAO/WFP (Mt)"])
    num = out.columns[2:]
    out[num] = out[num].astype(float).round(3)
    out["difference (Mt)"] = (out["gap, this model (Mt)"] - out["gap, FAO/WFP (Mt)"]).round(3)
    return out


# ---- the what-if --------------------------------------------------------------------------------
def _change(v: float, what: str) -> str:
    return f"no change in {what}" if v == 0 else f"{fmt.with_article(f'{abs(v):g}% ' + ('cut' if v < 0 else 'rise'))} in {what}"


def _band(res: dict) -> str:
    """The gap's band as "1.27-1.40 million t" or "751,000-880,000 t"."""
    lo, hi = res["gap_low_t"], res["gap_high_t"]
    lo_text, hi_text = (f"{lo / 1e6:.2f}", f"{hi / 1e6:.2f} million t") if hi >= 9.95e5 else (fmt.tonnes(lo)[:-2], fmt.tonnes(hi))
    return hi_text if lo_text == hi_text.split(" ")[0] else f"{lo_text}-{hi_text}"


def _read(base: dict, res: dict, params) -> str:
    t, a, aid = params["trade_change_pct"], params["aid_change_pct"], params["food_aid_t"]
    if res["gap_t"] > 0:
        band = _band(res)
        food = (f"A food gap of {fmt.tonnes(res['gap_t'])} (band {band}), grain for "
                f"{fmt.people(res['gap_people'], noun=True)} for a year")
    else:
        food = f"No food gap: {fmt.tonnes(res['surplus_t'])} of grain to spare"
    base_gap = f"{fmt.tonnes(base['gap_t'])} in the 2019 record" if base["gap_t"] > 0 else "none in the 2019 record"
    aid_text = "no food aid from China" if aid == 0 else f"{fmt.tonnes(aid)} of food aid from China"
    over = ", above the cap" if res["crude_vs_cap_pct"] > 100.5 else ""
    text = (f"{food}, against {base_gap}. With {_change(t, 'trade')}, {_change(a, 'pipeline oil')} and {aid_text}, "
            f"North Korea gets {fmt.tonnes(res['crude_t'])} of crude ({res['crude_vs_cap_pct']:.0f}% of the UN cap{over}).")
    if params["fuel_harvest_elasticity"] == 0:
        if t != 0 or a != 0:
            text += " The model leaves fuel's effect on the harvest out (harvest lost per 1% less fuel: 0)."
    elif abs(res["harvest_change_t"]) >= 500:
        more = res["harvest_change_t"] > 0
        text += (f" Fuel {'up' if more else 'down'} {abs(res['fuel_change_pct']):.0f}% {'adds' if more else 'costs'} "
                 f"{fmt.tonnes(abs(res['harvest_change_t']))} of harvest.")
    return text


def _plausible(res: dict, params) -> list[str]:
    """Flags for results far outside anything on record (numbers from data/)."""
    f = factors()
    flags = []
    h = res["harvest_t"] / 1e6
    if h < f["harvest_record_low_mt"] - 0.005 or h > f["harvest_record_high_mt"] + 0.005:
        flags.append(f"A milled harvest of {h:.2f} Mt is outside every FAO/WFP estimate in our data "
                     f"({f['harvest_record_low_mt']:.2f} Mt in {f['harvest_record_low_year']} to "
                     f"{f['harvest_record_high_mt']:.2f} Mt in {f['harvest_record_high_year']}).")
    if res["food_aid_t"] > f["food_aid_2005_t"]:
        flags.append(f"Food aid of {fmt.tonnes(res['food_aid_t'])} is more than China's largest on record in our data "
                     f"(about {fmt.tonnes(f['food_aid_2005_t'])} in 2005).")
    if res["gap_t"] > 2 * f["gap_record_t"]:  # twice the largest on record: far beyond it
        flags.append(f"A gap of {fmt.tonnes(res['gap_t'])} is far beyond any uncovered gap FAO/WFP reported in our data "
                     f"(largest: {fmt.tonnes(f['gap_record_t'])}, {f['gap_record_year']}).")
    return flags


def _alt(res: dict, params) -> str:
    return (f"Top: China-North Korea trade 2000-2025, Chinese customs and KOTRA, with the 2006-2017 sanctions and "
            f"the 2020 border closure marked, and {BASE_YEAR} with your shock. Bottom: bars for your case as a share of "
            f"the 2019 record: imports from China ({fmt.usd_bn(res['imports_bn'])}), crude oil against the UN cap "
            f"({res['crude_t']:,.0f} t) and the food gap ({res['gap_t']:,.0f} t, band {res['gap_low_t']:,.0f} to "
            f"{res['gap_high_t']:,.0f} t).")


COMPARE = (
    ("food gap (FAO/WFP basis)", lambda res: fmt.tonnes(res["gap_t"])),
    ("band (FAO need figures, 2019 grain prices)", lambda res: _band(res)),
    ("people the missing grain would feed for a year", lambda res: fmt.people(res["gap_people"])),
    ("harvest (milled)", lambda res: fmt.tonnes(res["harvest_t"])),
    ("grain bought from China", lambda res: fmt.tonnes(res["food_imports_t"])),
    ("China's food aid", lambda res: fmt.tonnes(res["food_aid_t"])),
    ("imports from China", lambda res: fmt.usd_bn(res["imports_bn"])),
    ("crude oil from the pipeline (share of UN cap)",
     lambda res: f"{fmt.tonnes(res['crude_t'])} ({fmt.percent(res['crude_vs_cap_pct'])})"),
    ("for comparison: FAO/WFP uncovered gap, 2018/19", lambda res: fmt.tonnes(factors()["fao_wfp_gap_t"])),
)


def _summary(res: dict) -> dict:
    return {k: round(res[k], 3) for k in ("imports_bn", "crude_t", "crude_vs_cap_pct", "harvest_t", "gap_t",
                                          "gap_low_t", "gap_high_t", "gap_people")}


def _source() -> str:
    """A short source line for the panel (short titles only: the panel is small)."""
    ids = []
    for name in ("china_nk_trade", "un_sanctions", "china_aid", "lifeline_factors", "food_balance", "population"):
        t = data.load(name)
        if name == "china_aid":
            t = t[t["flow"] != "humanitarian_funding"]
        if name == "population":
            t = t[(t["area"] == "North Korea") & (t["revision"] == "UN WPP 2024")]
        ids += list(t["source_id"])
    refs = data.sources_for(ids)
    return ("Source: " + "; ".join(dict.fromkeys(refs["short_title"])) + ". Tables: data/china_nk_trade.csv, "
            "un_sanctions.csv, china_aid.csv, lifeline_factors.csv, food_balance.csv, population.csv.")


BASELINE_BASIS = ("Not the op-ed's case but the course's choice: 2019, the last year before the border closed. The op-ed "
                  "says China keeps North Korea going with \"food aid\" but gives no amount; our data hold no Chinese "
                  "food aid for 2019, so the record has none. To give the op-ed its case, set the food aid lever "
                  "(the 2005 and 2009 presets are the years with figures).")


@by_data("lifeline_factors", "population", "china_nk_trade", "china_aid", "un_sanctions", "food_balance", "sources")
def spec() -> WhatIf:
    """The lifeline-shock what-if (built once; its defaults come from data/)."""
    f = factors()
    return WhatIf(
        title="A lifeline shock: China cuts or raises its trade, oil and food aid",
        intro=(f"Base year {BASE_YEAR}, the last year before the border closure, after all the 2017 sanctions; the "
               "food balance is FAO/WFP's for 2018/19, on one basis (milled cereal). Levers: what China sends. "
               "Assumptions: how North Korea uses it."),
        model=lifeline_shock,
        controls=(
            lever("trade_change_pct", "China changes its trade by", -100, 100, 0, step=5, unit="%",
                  help=f"Percentage change in China's recorded exports to North Korea (Chinese customs, "
                       f"{BASE_YEAR}: US${f['exports_to_nk_bn']:.2f} bn), cereals and refined fuel included. "
                       "0 = the 2019 record."),
            lever("aid_change_pct", "China changes its pipeline oil by", -100, 100, 0, step=5, unit="%",
                  help=f"Percentage change in crude oil through the pipeline (about {f['crude_t']:,.0f} t a year, "
                       "an estimate: customs records zero; counted as aid or credit). 0 = the 2019 record."),
            lever("food_aid_t", "China gives food aid of", 0, 600_000, 0, step=10_000, unit="t",
                  help=f"Cereals China gives in the year. 0 = the 2019 record: none on record in our data (China "
                       f"publishes no figures). On record: about {f['food_aid_2005_t']:,.0f} t in 2005 (WFP "
                       f"INTERFAIS) and about {f['food_aid_2009_t']:,.0f} t in 2009, mostly from China (MOU)."),
            assumption("food_share_pct", "Share of imports that is cereals", 0, 20, f["food_share_pct"], step=0.1,
                       unit="%",
                       help=f"The cereal part of China's exports to North Korea, turned into tonnes at the grain "
                            f"price below. Default {f['food_share_pct']:.1f}%: cereals in KOTRA's 2019 breakdown of "
                            "North Korea's imports (crude estimate left out)."),
            assumption("fuel_share_pct", "Share of imports that is refined fuel", 0, 20, f["fuel_share_pct"],
                       step=0.1, unit="%",
                       help=f"Default {f['fuel_share_pct']:.1f}%: mineral fuels minus KOTRA's crude estimate in its "
                            f"2019 breakdown. With the pipeline crude (about US${f['crude_bn']:.2f} bn) it makes up the "
                            "fuel that feeds the harvest; it matters only when the harvest lost per 1% less fuel is above 0."),
            assumption("fuel_harvest_elasticity", "Harvest lost per 1% less fuel", 0, 0.5, 0.0, step=0.05,
                       unit="%",
                       help="How much of the harvest is lost for each 1% less fuel (tractors, pumps for irrigation, "
                            "transport, fertiliser plants). FAO/WFP missions name fuel shortages among the causes of "
                            "poor harvests, but our data hold no measured figure: the default 0 (the course's choice) "
                            "leaves the link out. 0.2 means a 10% fuel cut costs 2% of the harvest (and a 10% rise adds 2%)."),
            assumption("grain_need_kg", "Grain needed per person", 150, 250, f["grain_need_kg"], step=1,
                       unit="kg per year",
                       help=f"FAO/WFP CFSAM 2010/11 total cereal need (5.35 Mt, milled) divided by the UN population "
                            f"estimate for 2010 (25.0 M) = {f['grain_need_kg']} kg; FAO's 2024 figure gives "
                            f"{f['grain_need_kg_2024']} kg. Includes feed, seed and losses, not only food."),
            assumption("harvest_mt", "Domestic harvest (milled)", 2.5, 6, f["harvest_mt"], step=0.01, unit="Mt",
                       help=f"FAO/WFP's 2018 harvest ({f['harvest_unmilled_mt']} Mt as reported, unmilled) at FAO's own "
                            f"milling ratio ({f['milled_ratio']:.2f}, from 2010/11 and 2013/14) = {f['harvest_mt']} Mt. "
                            f"FAO/WFP's milled estimates in our data run {f['harvest_record_low_mt']}-"
                            f"{f['harvest_record_high_mt']} Mt. South Korea's RDA ({f['harvest_rda_mt']} Mt for "
                            f"{BASE_YEAR}) uses another basis: do not mix them."),
            assumption("grain_price", "Price of a tonne of grain", 200, 900, f["grain_price"], step=1,
                       unit="US$ per t",
                       help=f"Daily NK's {BASE_YEAR} market price of rice in Pyongyang at the market exchange rate "
                            f"(mean {f['grain_price']:.0f}; {f['grain_price_low']:.0f}-{f['grain_price_high']:.0f} "
                            "across the year). Cheaper grains such as maize would stretch the money further."),
        ),
        draw=figures.lifeline_panel,
        update=figures.lifeline_panel_update,
        compare=COMPARE,
        compare_names=("2019 record", "your case"),
        read=_read,
        source=_source,
        alt=_alt,
        baseline={},
        baseline_label=f"the {BASE_YEAR} record (hindsight; the course's choice)",
        presets={
            "China halves trade and oil": {"trade_change_pct": -50, "aid_change_pct": -50},
            "China shuts the pipeline, farms need fuel (0.2% per 1%)": {"aid_change_pct": -100, "fuel_harvest_elasticity": 0.2},
            "Trade falls as in 2020 (border closed)": {"trade_change_pct": -80},
            "China gives 2005-size food aid": {"food_aid_t": round(f["food_aid_2005_t"], -4)},
            "China gives 2009-size food aid": {"food_aid_t": round(f["food_aid_2009_t"], -4)},
            f"A harvest as poor as {f['harvest_record_low_year']}": {"harvest_mt": f["harvest_record_low_mt"]},
            "China doubles its pipeline oil": {"aid_change_pct": 100},
        },
        summary=_summary,
        save_as="lifeline_shock",
        figsize=(7.2, 4.8),
        baseline_basis=BASELINE_BASIS,
        headline=Headline("the food gap", lambda res: res["gap_t"], fmt.tonnes),
        plausible=_plausible,
    )


def what_if(**settings) -> Panel:
    """The lifeline-shock panel of notebook 03 (keyword arguments set controls)."""
    return Panel(spec(), **settings)


WHAT_IFS = {"lifeline_shock": what_if}


# ---- evidence tables -----------------------------------------------------------------------------
def trade(series: str | None = None) -> pd.DataFrame:
    """China-North Korea trade (US$ bn) with the balance (China's exports minus imports).

    ``series`` = "china_customs", "kotra" or None (both, never summed). ``balance`` is
    empty where the split between exports and imports is not in our sources.
    """
    t = data.load("china_nk_trade")
    if series is not None:
        check_choice("series", series, SERIES)
        t = t[t["series"] == series]
    t = t.sort_values(["series", "year"]).reset_index(drop=True)
    t["balance"] = t["exports_to_nk"] - t["imports_from_nk"]
    return t


def series_gap() -> pd.DataFrame:
    """Years with both series: customs total, KOTRA total and KOTRA minus customs (US$ bn)."""
    t = trade()
    wide = t.pivot(index="year", columns="series", values="total").dropna()
    conf = t.pivot(index="year", columns="series", values="confidence").loc[wide.index]
    out = pd.DataFrame({
        "year": wide.index.astype(int),
        "Chinese customs (US$ bn)": wide["china_customs"].to_numpy(),
        "KOTRA (US$ bn)": wide["kotra"].to_numpy(),
    })
    out["KOTRA minus customs"] = (out["KOTRA (US$ bn)"] - out["Chinese customs (US$ bn)"]).round(2)
    out["confidence (customs / KOTRA)"] = (conf["china_customs"] + " / " + conf["kotra"]).to_numpy()
    return out.reset_index(drop=True)


def trade_table(years=(2014, 2017, 2018, 2019, 2020, 2022, 2024)) -> pd.DataFrame:
    """A small side-by-side view of both series for chosen years (US$ bn, L = recalled only)."""
    years = check_ints("years", years, 1990, 2030)
    t = trade()
    t = t[t["year"].isin(list(years))]
    rows = []
    for r in t.itertuples():
        rows.append({
            "year": int(r.year),
            "series": SERIES_LABEL[r.series],
            "China's exports to NK": fmt.number(r.exports_to_nk),
            "China's imports from NK": fmt.number(r.imports_from_nk),
            "total": fmt.number(r.total),
            "China's surplus": fmt.number(r.balance),
            "confidence": r.confidence,
        })
    return pd.DataFrame(rows).sort_values(["year", "series"]).reset_index(drop=True)


def share() -> pd.DataFrame:
    """KOTRA: North Korea's total trade (US$ bn) and China's share of it (percent)."""
    return data.load("nk_trade_share").sort_values("year").reset_index(drop=True)


def sanctions() -> pd.DataFrame:
    """UN Security Council sanctions, one row per measure (caps where numeric)."""
    return data.load("un_sanctions").sort_values(["date", "item"]).reset_index(drop=True)


def sanctions_table() -> pd.DataFrame:
    """One line per resolution: date, what it banned or capped, and the confidence."""
    s = sanctions()
    rows = []
    for res, g in s.groupby("resolution", sort=True):
        rows.append({
            "resolution": int(res),
            "adopted": g["date"].iloc[0].strftime("%Y-%m-%d"),
            "what it banned or capped": "; ".join(dict.fromkeys(g["measure"])),
            "confidence": "".join(sorted(set(g["confidence"]), key="HML".index)),
        })
    return pd.DataFrame(rows).set_index("resolution")


def cap(item: str) -> float:
    """A numeric UN cap from data/un_sanctions.csv (e.g. "crude_oil_t" -> 525000)."""
    s = sanctions()
    check_choice("item", item, list(s.loc[s["cap_value"].notna(), "item"]))
    return float(s.loc[s["item"] == item, "cap_value"].iloc[-1])


def aid_table() -> pd.DataFrame:
    """What is on record about aid, with years, sources and whether the record is complete."""
    a = data.load("china_aid")
    ids = data.sources_for(a["source_id"]).set_index("id")
    out = pd.DataFrame({
        "flow": a["flow"].str.replace("_", " "),
        "donor": a["donor"],
        "years": [f"{f}" if f == t else f"{f}-{t}" for f, t in zip(a["year_from"], a["year_to"])],
        "value": [f"{v:,.0f}" if v >= 1000 else f"{v:g}" for v in a["value"]],
        "unit": a["unit"],
        "complete record?": a["complete"].map({True: "yes", False: "no"}),
        "confidence": a["confidence"],
        "source": [ids.loc[i, "short_title"] for i in a["source_id"]],
    })
    return out


def neighbour_scale() -> pd.DataFrame:
    """China's trade with South Korea, Japan and North Korea on Chinese customs' basis (US$ bn)."""
    n = data.load("china_neighbour_trade")
    n = n[n["basis"] == "china_customs"]
    wide = n.pivot(index="year", columns="partner", values="trade_bn").dropna()
    out = pd.DataFrame({"year": wide.index.astype(int)})
    for p in ("South Korea", "Japan", "North Korea"):
        out[f"{p} (US$ bn)"] = wide[p].to_numpy()
    out["North Korea as % of South Korea"] = (100 * wide["North Korea"] / wide["South Korea"]).round(1).to_numpy()
    out["North Korea as % of China's trade"] = (100 * wide["North Korea"] / wide["World"]).round(2).to_numpy()
    return out


def cents_back() -> pd.DataFrame:
    """For every year with a split: US cents China gets back in imports per dollar it exports."""
    t = trade().dropna(subset=["exports_to_nk", "imports_from_nk"])
    out = pd.DataFrame({
        "year": t["year"].astype(int),
        "series": t["series"].map(SERIES_LABEL),
        "cents back per dollar": (100 * t["imports_from_nk"] / t["exports_to_nk"]).round(1),
        "deficit (US$ bn)": t["balance"].round(3),
    })
    return out.sort_values(["year", "series"]).reset_index(drop=True)


# ---- questions (declared lazily: the answers are worked out when a student checks one) ---------------
Q1 = Question(
    "Q1", "By how many billion US$ does KOTRA's 2014 China-North Korea total exceed Chinese customs'?",
    expected=lambda: round(float(series_gap().set_index("year").loc[2014, "KOTRA minus customs"]), 2),
    tolerance=0.02, unit="US$ bn",
    hints=("Look at the table of years with both series: KOTRA minus customs.",
           "In lifeline.trade(), take the 2014 total of each series and subtract customs from KOTRA."),
    why="The gap is about the value of the crude oil that customs records as zero and KOTRA estimates.",
)
Q3 = Question(
    "Q3", "In 2023, what percentage of North Korea's foreign trade was with China (KOTRA)?",
    expected=lambda: float(share().set_index("year").loc[2023, "china_share_pct"]), tolerance=0.5, unit="percent",
    hints=("Read the share chart or lifeline.share() for 2023.", "Pick the row for 2023 in lifeline.share(), column china_share_pct."),
    why="Almost all of North Korea's recorded trade runs through China.",
)
Q2 = Question(
    "Q2", "In 2018 (Chinese customs), how many US cents did China get back in imports for each dollar it exported "
          "to North Korea?",
    expected=lambda: float(cents_back().query("year == 2018")["cents back per dollar"].iloc[0]), tolerance=0.6,
    unit="cents",
    hints=("Divide China's imports from North Korea by its exports to North Korea.", "In lifeline.trade('china_customs'), take 2018: imports_from_nk / exports_to_nk, times 100."),
    why="After the 2017 bans most of what North Korea used to sell was banned.",
)
Q4 = Question(
    "Q4", "Shut the pipeline (pipeline oil -100%) and set the harvest lost per 1% less fuel to 0.2%, other "
          "controls at their defaults. What food gap does the model give, in thousand tonnes?",
    expected=lambda: round(lifeline_shock(aid_change_pct=-100, fuel_harvest_elasticity=0.2)["gap_t"] / 1000),
    tolerance=15, unit="thousand t",
    hints=("Use the preset 'China shuts the pipeline, farms need fuel (0.2% per 1%)', or "
           "panel.set(aid_change_pct=-100, fuel_harvest_elasticity=0.2), and look at panel.compare_table().",
           "Read the row 'food gap (FAO/WFP basis)' in the 'your case' column."),
    why="Crude feeds nobody directly; with the link at 0.2 the fuel lost costs part of the harvest, and that is the "
        "whole change in the gap.",
    mistakes=((1301,  # the 2019 record's gap in thousand t (tests/test_lifeline.py checks it against the model)
               "that is the 2019 record: with the harvest lost per 1% less fuel at 0, the pipeline moves no grain; "
               "set it to 0.2%."),),
)


QUESTIONS = (Q1, Q2, Q3, Q4)
