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
from .checks import check_choice, check_number
from .course import OP_ED_DATE
from .facts import nk_population
from .figures import lifeline as figures
from .figures.lifeline import balance_chart, nk_exports_chart, scale_chart, share_chart, trade_chart
from .hindsight import lifeline_known_in_2013 as known_in_2013
from .selfcheck import Question
from .whatif import Panel, WhatIf, assumption, lever

__all__ = [
    "BASE_YEAR", "factors", "lifeline_shock", "spec", "what_if", "WHAT_IFS",
    "trade", "series_gap", "trade_table", "share", "sanctions", "sanctions_table", "cap", "aid_table",
    "neighbour_scale", "cents_back", "trade_chart", "balance_chart", "share_chart", "nk_exports_chart",
    "scale_chart", "known_in_2013", "OP_ED_DATE", "Q1", "Q2", "Q3", "Q4", "QUESTIONS",
]


BASE_YEAR = 2019  # the last year before the border closure, after all the 2017 sanctions
SERIES = ("china_customs", "kotra")
SERIES_LABEL = {"china_customs": "Chinese customs", "kotra": "KOTRA (adds crude oil)"}
MARKED = {1718: "1718", 2270: "2270", 2321: "2321", 2371: "2371", 2375: "2375", 2397: "2397"}


# ---- the model ----------------------------------------------------------------------------------
def factors() -> dict[str, float]:
    """The numbers behind the what-if defaults, each traceable to a row of data/."""
    return dict(_factors())


@by_data("lifeline_factors", "population", "china_nk_trade", "china_aid", "un_sanctions")
def _factors() -> dict[str, float]:
    f = {(r.factor, int(r.year)): r for r in data.load("lifeline_factors").itertuples()}
    pop_base = nk_population(2020) / 1e6  # UN WPP 2024, the nearest year to BASE_YEAR in data/population.csv
    need_per_person = f[("cereal_need", 2010)].value * 1000 / (nk_population(2010) / 1e6)  # kg
    customs = trade("china_customs").set_index("year")
    pipeline = data.load("china_aid")
    pipe = pipeline[pipeline["flow"] == "crude_pipeline"].iloc[0]
    return {
        "exports_to_nk_bn": float(customs.loc[BASE_YEAR, "exports_to_nk"]),
        "population_m": float(pop_base),
        "grain_need_kg": round(float(need_per_person)),
        "grain_need_kg_2024": round(float(f[("cereal_need", 2024)].value * 1000 / (nk_population(2024) / 1e6))),
        "harvest_mt": float(f[("cereal_production_rda", BASE_YEAR)].value),
        "grain_price": float(f[("rice_market_price", BASE_YEAR)].value),
        "grain_price_low": float(f[("rice_market_price", BASE_YEAR)].value_low),
        "grain_price_high": float(f[("rice_market_price", BASE_YEAR)].value_high),
        "crude_t": float(pipe["value"]),
        "crude_cap_t": cap("crude_oil_t"),
        "crude_cap_bbl": cap("crude_oil_bbl"),
        "refined_cap_bbl": cap("refined_petroleum"),
        **_import_shares(f),
        "fao_wfp_gap_t": float(f[("cereal_gap_fao_wfp", BASE_YEAR)].value) * 1e6,
    }


def _import_shares(f: dict) -> dict[str, float]:
    """Food and fuel shares of North Korea's imports from KOTRA's 2019 product breakdown, in percent of
    the imports Chinese customs records (KOTRA's own crude estimate taken out): food = cereals plus fats
    and oils, fuel = mineral fuels minus the crude estimate."""
    v = lambda name: float(f[(name, 2019)].value)
    recorded = v("kotra_imports_total") - v("kotra_crude_estimate")
    return {"food_share_pct": round(100 * (v("kotra_imports_grain") + v("kotra_imports_fats_oils")) / recorded),
            "fuel_share_pct": round(100 * (v("kotra_imports_mineral_fuels") - v("kotra_crude_estimate")) / recorded)}


def lifeline_shock(
    trade_change_pct: float = 0.0,
    aid_change_pct: float = 0.0,
    food_share_pct: float = 9.0,
    fuel_share_pct: float = 2.0,
    grain_need_kg: float | None = None,
    harvest_mt: float | None = None,
    grain_price: float | None = None,
    food_aid_t: float = 0.0,
) -> dict[str, float]:
    """North Korea after China changes its trade and its oil/aid by a percentage.

    Base year 2019 (Chinese customs; the pipeline estimate). Returns (all floats):
    ``imports_bn`` (North Korea's imports from China, US$ bn) and its ``food_bn``, ``fuel_bn``,
    ``other_bn`` parts; ``food_imports_t`` (grain that the food part buys); ``crude_t`` (pipeline
    crude) and ``crude_cap_t`` (UN cap, resolution 2397) and ``crude_vs_cap_pct``; ``food_aid_t``;
    ``need_t``, ``supply_t``, ``gap_t`` (need minus supply, never below 0), ``surplus_t`` and
    ``gap_people`` (how many people the missing grain would feed for a year).
    Raises ValueError naming the parameter for values outside the documented ranges.
    """
    f = factors()
    grain_need_kg = f["grain_need_kg"] if grain_need_kg is None else grain_need_kg
    harvest_mt = f["harvest_mt"] if harvest_mt is None else harvest_mt
    grain_price = f["grain_price"] if grain_price is None else grain_price
    t = check_number("trade_change_pct", trade_change_pct, -100, 100, "percent") / 100
    a = check_number("aid_change_pct", aid_change_pct, -100, 100, "percent") / 100
    food = check_number("food_share_pct", food_share_pct, 0, 60, "percent") / 100
    fuel = check_number("fuel_share_pct", fuel_share_pct, 0, 40, "percent") / 100
    kg = check_number("grain_need_kg", grain_need_kg, 150, 250, "kg per person per year")
    harvest = check_number("harvest_mt", harvest_mt, 3, 6, "Mt")
    price = check_number("grain_price", grain_price, 200, 900, "US$ per t")
    aid_t = check_number("food_aid_t", food_aid_t, 0, 600_000, "t")

    imports_bn = f["exports_to_nk_bn"] * (1 + t)
    parts = imports_bn * np.array([food, fuel, 1 - food - fuel])
    food_imports_t = parts[0] * 1e9 / price
    crude_t = f["crude_t"] * (1 + a)
    food_aid = aid_t * (1 + a)
    need_t = f["population_m"] * 1e6 * kg / 1000
    supply_t = harvest * 1e6 + food_imports_t + food_aid
    balance = need_t - supply_t
    gap_t = max(balance, 0.0)
    return {
        "imports_bn": float(imports_bn),
        "food_bn": float(parts[0]),
        "fuel_bn": float(parts[1]),
        "other_bn": float(parts[2]),
        "food_imports_t": float(food_imports_t),
        "crude_t": float(crude_t),
        "crude_cap_t": f["crude_cap_t"],
        "crude_vs_cap_pct": float(100 * crude_t / f["crude_cap_t"]),
        "food_aid_t": float(food_aid),
        "need_t": float(need_t),
        "supply_t": float(supply_t),
        "gap_t": float(gap_t),
        "surplus_t": float(max(-balance, 0.0)),
        "gap_people": float(gap_t * 1000 / kg),
    }


# ---- the what-if --------------------------------------------------------------------------------
def _read(base: dict, res: dict, params) -> str:
    t, a = params["trade_change_pct"], params["aid_change_pct"]

    def change(v, what):
        return f"no change in {what}" if v == 0 else f"{fmt.with_article(f'{abs(v):g}% ' + ('cut' if v < 0 else 'rise'))} in {what}"

    base_food = f"{fmt.tonnes(base['gap_t'])} in the status quo" if base["gap_t"] > 0 else "none in the status quo"
    if res["gap_t"] > 0:
        food = (f"a food gap of about {fmt.tonnes(res['gap_t'])}, enough grain for {fmt.people(res['gap_people'], noun=True)} "
                f"for a year ({base_food})")
    else:
        food = f"no food gap but about {fmt.tonnes(res['surplus_t'])} to spare (gap: {base_food})"
    over = ", above the cap" if res["crude_vs_cap_pct"] > 100.5 else ""
    return (f"With {change(t, 'trade')} and {change(a, 'oil and aid')}, North Korea buys US${res['imports_bn']:.2f} bn "
            f"from China (US${base['imports_bn']:.2f} bn in the status quo), gets {fmt.tonnes(res['crude_t'])} of "
            f"crude oil ({res['crude_vs_cap_pct']:.0f}% of the UN cap{over}) and is left with {food}.")


def _alt(res: dict, params) -> str:
    return (f"Top: China-North Korea trade 2000-2025, Chinese customs and KOTRA, with the 2006-2017 sanctions and "
            f"the 2020 border closure marked, and {BASE_YEAR} with your shock. Bottom: bars for the status quo and "
            f"yours: imports from China ({fmt.usd_bn(res['imports_bn'])}), crude oil against the UN cap "
            f"({res['crude_t']:,.0f} t) and the food gap ({res['gap_t']:,.0f} t).")


COMPARE = (
    ("imports from China", lambda res: fmt.usd_bn(res["imports_bn"])),
    ("of which food", lambda res: fmt.usd_bn(res["food_bn"])),
    ("grain those food imports buy", lambda res: fmt.tonnes(res["food_imports_t"])),
    ("crude oil from the pipeline", lambda res: fmt.tonnes(res["crude_t"])),
    ("crude oil, share of the UN cap", lambda res: fmt.percent(res["crude_vs_cap_pct"])),
    ("food gap", lambda res: fmt.tonnes(res["gap_t"])),
    ("people the missing grain would feed for a year", lambda res: fmt.people(res["gap_people"])),
    ("for comparison: FAO/WFP uncovered cereal gap, 2018/19", lambda res: fmt.tonnes(factors()["fao_wfp_gap_t"])),
)


def _summary(res: dict) -> dict:
    return {k: round(res[k], 3) for k in ("imports_bn", "crude_t", "crude_vs_cap_pct", "gap_t", "gap_people")}


def _source() -> str:
    """A short source line for the panel (short titles only: the panel is small)."""
    ids = []
    for name in ("china_nk_trade", "un_sanctions", "china_aid", "lifeline_factors", "population"):
        t = data.load(name)
        if name == "china_aid":
            t = t[t["flow"] != "humanitarian_funding"]
        if name == "population":
            t = t[(t["area"] == "North Korea") & (t["revision"] == "UN WPP 2024")]
        ids += list(t["source_id"])
    refs = data.sources_for(ids)
    return ("Source: " + "; ".join(refs["short_title"]) + ". Tables: data/china_nk_trade.csv, un_sanctions.csv, "
            "china_aid.csv, lifeline_factors.csv, population.csv.")


@by_data("lifeline_factors", "population", "china_nk_trade", "china_aid", "un_sanctions", "sources")
def spec() -> WhatIf:
    """The lifeline-shock what-if (built once; its defaults come from data/)."""
    f = factors()
    return WhatIf(
        title="A lifeline shock: China cuts or raises its trade and aid",
        intro=(f"Base year {BASE_YEAR}, the last year before the border closure, after all the 2017 sanctions. "
               "Move the levers to change what China sends; the assumptions are how you think North Korea uses it."),
        model=lifeline_shock,
        controls=(
            lever("trade_change_pct", "China changes its trade by", -100, 100, 0, step=5, unit="%",
                  help=f"Percentage change in China's recorded exports to North Korea (Chinese customs, "
                       f"{BASE_YEAR}: US${f['exports_to_nk_bn']:.2f} bn). 0 = the status quo: China keeps "
                       "things as they are."),
            lever("aid_change_pct", "China changes its oil and aid by", -100, 100, 0, step=5, unit="%",
                  help=f"Percentage change in crude oil through the pipeline (about {f['crude_t']:,.0f} t a year, "
                       "an estimate: customs records zero) and in any food aid. 0 = the status quo."),
            assumption("food_share_pct", "Share of imports that is food (grain-equivalent)", 0, 60,
                       f["food_share_pct"], step=1, unit="%",
                       help=f"The food part of China's exports to North Korea, turned into tonnes of grain at the "
                            f"grain price below. Default {f['food_share_pct']:.0f}%: cereals plus fats and oils in "
                            "KOTRA's 2019 breakdown of North Korea's imports (crude estimate left out). Try 5% and 30%."),
            assumption("fuel_share_pct", "Share of imports that is refined fuel", 0, 40, f["fuel_share_pct"], step=1,
                       unit="%",
                       help=f"The refined-fuel part of the imports (the rest is other goods). Default "
                            f"{f['fuel_share_pct']:.0f}%: mineral fuels minus KOTRA's crude estimate in its 2019 "
                            "breakdown. It only moves the split of the import bar."),
            assumption("grain_need_kg", "Grain needed per person", 150, 250, f["grain_need_kg"], step=1,
                       unit="kg per year",
                       help=f"FAO/WFP CFSAM 2010/11 total cereal need (5.35 Mt) divided by the UN population "
                            f"estimate for 2010 (25.0 M) = {f['grain_need_kg']} kg; FAO's 2024 figure gives "
                            f"{f['grain_need_kg_2024']} kg. Includes feed, seed and losses, not only food."),
            assumption("harvest_mt", "Domestic harvest", 3, 6, f["harvest_mt"], step=0.01, unit="Mt",
                       help=f"South Korea's RDA estimate for {BASE_YEAR} ({f['harvest_mt']} Mt; its own basis, "
                            "not FAO's milled basis). RDA's 2018-2024 estimates range 4.40-4.82 Mt."),
            assumption("grain_price", "Price of a tonne of grain", 200, 900, f["grain_price"], step=1,
                       unit="US$ per t",
                       help=f"Daily NK's {BASE_YEAR} market price of rice in Pyongyang at the market exchange rate "
                            f"(mean {f['grain_price']:.0f}; {f['grain_price_low']:.0f}-{f['grain_price_high']:.0f} "
                            "across the year). Cheaper grains such as maize would stretch the money further."),
            assumption("food_aid_t", "China's food aid in a normal year", 0, 600_000, 0, step=10_000, unit="t",
                       help="WFP's INTERFAIS records run to 2012, but our data hold only 2005 and 2009: 0 counts "
                            "none. For scale: about 520,000 t in 2005 (WFP INTERFAIS) and about 300,000 t in 2009, "
                            "mostly from China (MOU)."),
        ),
        draw=figures.lifeline_panel,
        update=figures.lifeline_panel_update,
        compare=COMPARE,
        read=_read,
        source=_source,
        alt=_alt,
        baseline={},
        baseline_label=f"status quo ({BASE_YEAR}, hindsight; the course's choice): China keeps its trade and aid",
        presets={
            "China halves trade and aid": {"trade_change_pct": -50, "aid_change_pct": -50},
            "China shuts the pipeline only": {"aid_change_pct": -100},
            "Trade falls as in 2020 (border closed)": {"trade_change_pct": -80},
            "China adds 2005-size food aid": {"food_aid_t": 520_000},
            "China doubles oil and aid": {"aid_change_pct": 100},
        },
        summary=_summary,
        save_as="lifeline_shock",
        figsize=(7.2, 4.8),
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
    "Q4", "Set the panel to a 30% cut in both trade and oil/aid (other controls at their defaults). "
          "What food gap does the model give, in thousand tonnes?",
    expected=lambda: round(lifeline_shock(trade_change_pct=-30, aid_change_pct=-30)["gap_t"] / 1000),
    tolerance=15, unit="thousand t",
    hints=("Use panel.set(trade_change_pct=-30, aid_change_pct=-30) and look at panel.compare_table().",
           "Read the row 'food gap' in the 'your case' column."),
    why="Three tenths of the food imports go, and with no recorded food aid nothing replaces them.",
    mistakes=((740, "that is the worked example's 50% cut; set both cuts to 30%."),
              (535, "that is the status quo, with no cut; set both cuts to 30%.")),
)


QUESTIONS = (Q1, Q2, Q3, Q4)
