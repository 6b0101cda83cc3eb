"""Notebook 03, China's lifeline: how much China gives North Korea, and what it gets back.

Data in, numbers out. Two trade series are kept apart everywhere: Chinese customs (GACC)
and KOTRA, which adds its own estimate of the crude oil that customs has recorded as zero
since 2014. Figures the fact sheet marks L (recalled only) are carried with their
confidence and drawn as hollow markers, never as firm values.

The what-if (``what_if``) is a lifeline shock: China changes its trade and its oil/aid by a
percentage; the model returns North Korea's imports from China, its crude oil against the
UN cap and the food gap in tonnes and in people, against the article's case (no change).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from . import data, style
from .checks import check_choice, check_number
from .selfcheck import Question
from .whatif import Panel, WhatIf, assumption, lever

__all__ = [
    "BASE_YEAR", "trade", "series_gap", "trade_table", "share", "sanctions", "sanctions_table",
    "aid_table", "neighbour_scale", "factors", "cents_back", "trade_chart", "balance_chart",
    "share_chart", "nk_exports_chart", "scale_chart", "lifeline_shock", "shock_table",
    "spec", "what_if", "WHAT_IFS", "Q1", "Q2", "Q3", "Q4", "known_in_2013", "OP_ED_DATE",
]

BASE_YEAR = 2019  # the last year before the border closure, after all the 2017 sanctions
SERIES = ("china_customs", "kotra")
SERIES_LABEL = {"china_customs": "Chinese customs", "kotra": "KOTRA (adds crude oil)"}
SERIES_COLOUR = {"china_customs": style.OKABE_ITO["orange"], "kotra": style.OKABE_ITO["green"]}
# Resolutions drawn on the time axis (the ones with checked measures), with short labels.
MARKED = {1718: "1718", 2270: "2270", 2321: "2321", 2371: "2371", 2375: "2375", 2397: "2397"}


# ---- tables --------------------------------------------------------------------------------------
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
            "China's exports to NK": _num(r.exports_to_nk),
            "China's imports from NK": _num(r.imports_from_nk),
            "total": _num(r.total),
            "China's surplus": _num(r.balance),
            "confidence": r.confidence,
        })
    return pd.DataFrame(rows).sort_values(["year", "series"]).reset_index(drop=True)


def _num(x, digits: int = 3) -> str:
    return "" if pd.isna(x) else f"{float(x):.{digits}f}".rstrip("0").rstrip(".")


def _span(values, digits: int = 1) -> str:
    """Values as "lo-hi" (or one value when they round alike), for the alt texts."""
    lo, hi = (_num(v, digits) for v in (min(values), max(values)))
    return lo if lo == hi else f"{lo}-{hi}"


def _years(years, short: bool = True) -> str:
    """Years as "2013-14" (short) or "2013-2014", or one year, for the alt texts."""
    lo, hi = int(min(years)), int(max(years))
    if lo == hi:
        return str(lo)
    return f"{lo}-{hi % 100:02d}" if short and lo // 100 == hi // 100 else f"{lo}-{hi}"


def _marked_years() -> list[int]:
    """Years in which the resolutions drawn on the time axis were adopted."""
    s = sanctions()
    return sorted(set(s.loc[s["resolution"].isin(list(MARKED)), "date"].dt.year.astype(int)))


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


@lru_cache(maxsize=1)
def _factors() -> dict:
    f = data.load("lifeline_factors")
    return {(r.factor, int(r.year)): r for r in f.itertuples()}


def _population(year: int) -> float:
    """North Korea's population in million (UN WPP 2024, shared table data/population.csv)."""
    p = data.load("population")
    row = p[(p["area"] == "North Korea") & (p["year"] == year) & (p["revision"] == "UN WPP 2024")]
    if len(row) != 1:
        raise data.DataError(f"data/population.csv: no single UN WPP 2024 row for North Korea in {year}")
    return float(row["population"].iloc[0]) / 1e6


def factors() -> dict[str, float]:
    """The numbers behind the what-if defaults, each traceable to a row of data/."""
    return dict(_factors_cached())


@lru_cache(maxsize=1)
def _factors_cached() -> dict[str, float]:
    f = _factors()
    pop_base = _population(2020)  # UN WPP 2024, the nearest year to BASE_YEAR in data/population.csv
    need_per_person = f[("cereal_need", 2010)].value * 1000 / _population(2010)  # kg
    customs = trade("china_customs").set_index("year")
    pipeline = data.load("china_aid")
    pipe = pipeline[pipeline["flow"] == "crude_pipeline"].iloc[0]
    return {
        "exports_to_nk_bn": float(customs.loc[BASE_YEAR, "exports_to_nk"]),
        "population_m": float(pop_base),
        "grain_need_kg": round(float(need_per_person)),
        "grain_need_kg_2024": round(float(f[("cereal_need", 2024)].value * 1000 / _population(2024))),
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


OP_ED_DATE = pd.Timestamp("2013-02-20")  # the op-ed's posting date: everything later is hindsight


def known_in_2013() -> str:
    """What the op-ed's author could know in February 2013 about China's lifeline, then what came next:
    a sentence computed from data/ (figures the fact sheet only recalls are said to be rough)."""
    y = OP_ED_DATE.year
    c = trade("china_customs").set_index("year")
    firm = c[(c.index < y) & (c["confidence"] != "L")]
    rough = c.loc[y - 1]
    sh = share().set_index("year")
    sh_then = sh[sh.index < y]
    aid = data.load("china_aid")
    food = aid[(aid["flow"] == "food_aid") & (aid["donor"] != "China (to all countries)") & (aid["year_to"] < y)]
    s = sanctions()
    s_then = sorted(set(s.loc[s["date"] <= OP_ED_DATE, "resolution"].astype(int)))
    s_next = sorted(set(s.loc[s["date"] > OP_ED_DATE, "resolution"].astype(int)))
    k = trade("kotra").set_index("year")
    exp_then = k.loc[k.index < 2017, "imports_from_nk"].dropna()
    rec = data.load("china_nk_security_record")
    veto = rec[rec["china_position"] == "veto"].iloc[0]
    russia = rec[rec["event"].str.contains("Russia sign")].iloc[0]
    aid_then = "; ".join(f"about {r.value:,.0f} t in {r.year_from} ({r.donor.replace('Mostly', 'mostly')})"
                         for r in food.itertuples())
    then = (f"Known in February {y}: China-North Korea trade had grown from {firm['total'].iloc[0]:.2f} bn US$ in "
            f"{firm.index[0]} to {firm['total'].iloc[-1]:.2f} bn in {firm.index[-1]} (Chinese customs) and was still "
            f"rising, to roughly {rough['total']:.1f} bn in {y - 1} (a figure our fact sheet only recalls); China's "
            f"share of North Korea's trade was {sh_then['china_share_pct'].iloc[-1]:.0f}% in {sh_then.index[-1]} "
            f"(KOTRA); food aid on record: {aid_then}; UN sanctions then in force: {', '.join(map(str, s_then))} "
            "(weapons, luxury goods, listings).")
    later = (f"What came next: {len(s_next)} more resolutions ({', '.join(map(str, s_next))}), and those of "
             f"2016-2017 banned most of what North Korea sells; its exports to China fell from "
             f"{exp_then.iloc[-1]:.2f} bn US$ in {exp_then.index[-1]} (KOTRA) to "
             f"{c.loc[2018, 'imports_from_nk']:.3f} bn in 2018 (customs); trade fell to {c['total'].min():.2f} bn in "
             f"{int(c['total'].idxmin())} (customs) with the border closed; China vetoed new sanctions on "
             f"{veto['date']:%d %B %Y}, and North Korea signed a mutual-assistance treaty with Russia on "
             f"{russia['date']:%d %B %Y}.")
    return f"{then} {later}"


# ---- static figures --------------------------------------------------------------------------------
def _mid(years) -> np.ndarray:
    """Annual values are drawn at mid-year, so a resolution adopted in December sits before them."""
    return np.asarray(years, dtype=float) + 0.5


def _year_axis(ax, start=2000, end=2026, step=5):
    ticks = np.arange(start, end, step)
    ax.set_xticks(ticks + 0.5, [str(t) for t in ticks])
    ax.set_xlim(start - 0.2, end + 0.2)


def _sanction_lines(ax, top_label: bool = True, fontsize: float = 10.5):
    s = sanctions()
    dates = s[s["resolution"].isin(list(MARKED))].drop_duplicates("resolution")
    xs = dates["date"].dt.year + (dates["date"].dt.day_of_year - 1) / 365.0
    for x in xs:
        ax.axvline(x, color="#888888", linewidth=1.0, linestyle=":", zorder=1)
    if top_label:
        groups = [("UN 1718", 2006.8), ("UN 2270, 2321", 2016.2), ("UN 2371, 2375, 2397", 2017.6)]
        for text, x in groups:
            ax.text(x - 0.12, 0.02, text, transform=ax.get_xaxis_transform(), rotation=90, ha="right",
                    va="bottom", fontsize=fontsize, color="#555555")
    ax.axvline(2020.0, color=style.ACCENT, linewidth=1.4, linestyle="-", zorder=1)


def _plot_series(ax, t: pd.DataFrame, col: str, series: str, label: str, marker: str = "o", lw: float = 2.4):
    colour = SERIES_COLOUR[series]
    t = t.dropna(subset=[col])
    x = _mid(t["year"])
    ax.plot(x, t[col], color=colour, linewidth=lw, label=label, zorder=3)
    firm = t["confidence"] != "L"
    ax.plot(x[firm.to_numpy()], t.loc[firm, col], linestyle="none", marker=marker, color=colour, markersize=6, zorder=4)
    if (~firm).any():
        ax.plot(x[~firm.to_numpy()], t.loc[~firm, col], linestyle="none", marker=marker, markersize=8,
                markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.8, zorder=4)


def trade_chart() -> style.Chart:
    """Both trade series over time, with the sanctions and the 2020 border closure marked."""
    t = trade()
    fig, ax = style.figure(11, 5.6)
    for s in SERIES:
        _plot_series(ax, t[t["series"] == s], "total", s, SERIES_LABEL[s])
    _sanction_lines(ax)
    ax.text(2020.15, 0.97, "border closed\nJan 2020", transform=ax.get_xaxis_transform(), va="top",
            fontsize=11, color=style.ACCENT)
    ax.plot([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="#444444",
            markersize=8, label="hollow = recalled only (not checked)")
    ax.plot([], [], color="#888888", linestyle=":", label="UN sanctions resolution")
    _year_axis(ax)
    ax.set_ylim(0, 7.6)
    ax.set_ylabel("China-North Korea trade (US$ bn)")
    ax.set_title("China-North Korea trade: two series, kept apart", loc="left")
    ax.legend(loc="upper left", fontsize=11.5)
    peaks = t.loc[t.groupby("series")["total"].idxmax()]
    after = _marked_years()[-1] + 1  # the first year after the last marked resolution
    hit = t[t["year"] == after]
    sanction_years = [yr for yr in _marked_years() if peaks["year"].max() < yr < after]
    later = t[t["year"] > after]
    low_year = int(later.loc[later["total"].idxmin(), "year"])
    low = t[t["year"] == low_year]
    latest = t.loc[t.groupby("series")["year"].idxmax()]
    wide = t.pivot(index="year", columns="series", values="total").dropna()
    not_above = wide.index[wide["kotra"] <= wide["china_customs"]]
    above_from = int(wide.index[wide.index > not_above.max()].min())
    alt = (f"Line chart of China-North Korea trade {_years(t['year'], short=False)} in billion US dollars, "
           f"Chinese customs and KOTRA drawn apart: it rises to about {_span(peaks['total'])} in "
           f"{_years(peaks['year'])}, falls to about {_span(hit['total'])} in {after} after the "
           f"{_years(sanction_years)} UN sanctions, to {_span(low['total'])} in {low_year} with the border closed, "
           f"and recovers to about {_span(latest['total'])} by {_years(latest['year'])}. "
           f"From {above_from} KOTRA runs above customs.")
    return style.Chart(fig, alt, data.source("china_nk_trade"))


def balance_chart() -> style.Chart:
    """China's exports to and imports from North Korea (mirror bars) for years with a split."""
    t = trade().dropna(subset=["exports_to_nk", "imports_from_nk"])
    fig, ax = style.figure(11, 5.6)
    short = {"china_customs": "customs", "kotra": "KOTRA"}
    width = 0.4
    for i, s in enumerate(SERIES):
        d = t[t["series"] == s]
        x = d["year"].to_numpy(dtype=float) + (i - 0.5) * width
        c = SERIES_COLOUR[s]
        ax.bar(x, d["exports_to_nk"], width=width, color=c, label=f"{short[s]}: China's exports to NK")
        ax.bar(x, -d["imports_from_nk"], width=width, color=c, alpha=0.45, hatch="//", edgecolor="white",
               label=f"{short[s]}: China's imports from NK")
    ax.axhline(0, color="#333333", linewidth=1)
    years = sorted(t["year"].astype(int).unique())
    ax.set_xticks(years, [str(y) for y in years], rotation=45)
    ax.set_ylabel("US$ bn  (exports up, imports down)")
    ax.set_ylim(-3.2, 5.4)
    ax.set_title("What China sends and what it gets back", loc="left")
    ax.legend(loc="upper left", fontsize=11, ncol=2)
    top = t[t["imports_from_nk"] >= 0.9 * t["imports_from_nk"].max()]  # the years near the peak
    after = _marked_years()[-1] + 1  # the first year after the last marked resolution
    later = t[t["year"] >= after]
    dip = later["exports_to_nk"] < 0.75 * later["exports_to_nk"].max()
    alt = ("Mirror bar chart by year: China's exports to North Korea above zero and its imports from North Korea "
           f"below, for the years where a split is known, in both series. Imports were "
           f"{_span(top['imports_from_nk'])} bn in {_years(top['year'])} and fall to "
           f"{_span(later['imports_from_nk'], 2)} bn from {after}, while exports stay near "
           f"{_span(later.loc[~dip, 'exports_to_nk'])} bn (except {_years(later.loc[dip, 'year'])}).")
    return style.Chart(fig, alt, data.source("china_nk_trade", t))


def share_chart() -> style.Chart:
    """China's share of North Korea's trade (KOTRA), with the 90% line."""
    s = share()
    fig, ax = style.figure(11, 5.0)
    colour = SERIES_COLOUR["kotra"]
    x = _mid(s["year"])
    ax.plot(x, s["china_share_pct"], color=colour, linewidth=2.6, zorder=3)
    firm = (s["confidence"] != "L").to_numpy()
    ax.plot(x[firm], s.loc[firm, "china_share_pct"], "o", color=colour, markersize=6, zorder=4,
            label="China's share of North Korea's trade (KOTRA)")
    ax.plot(x[~firm], s.loc[~firm, "china_share_pct"], "o", markerfacecolor="white", markeredgecolor=colour,
            markersize=8, markeredgewidth=1.8, zorder=4, label="recalled only (not checked)")
    ax.axhline(90, color=style.ACCENT, linestyle="--", linewidth=1.6)
    ax.plot([], [], color="#888888", linestyle=":", label="UN sanctions resolution")
    ax.plot([], [], color=style.ACCENT, label="border closed (Jan 2020)")
    ax.text(2000.2, 91.5, "90%", color=style.ACCENT, fontsize=12)
    _sanction_lines(ax, top_label=False)
    _year_axis(ax)
    ax.set_ylim(0, 105)
    ax.set_ylabel("percent of North Korea's trade")
    ax.set_title("How much of North Korea's trade is with China", loc="left")
    ax.legend(loc="lower right", frameon=True, facecolor="white", edgecolor="white", framealpha=1)
    first, recent = s.iloc[0], s.tail(2)
    above50 = int(s.loc[s["china_share_pct"] > 50, "year"].min())
    above90 = int(s.loc[s["china_share_pct"] > 90, "year"].min())
    dip = s.loc[s.loc[s["year"] > above90, "china_share_pct"].idxmin()]
    alt = ("Line chart of China's share of North Korea's foreign trade (KOTRA, inter-Korean trade excluded): "
           f"about {first['china_share_pct']:.0f}% in {int(first['year'])}"
           f"{' (recalled only)' if first['confidence'] == 'L' else ''}, above 50% from {above50}, above 90% "
           f"from {above90}, {_span(recent['china_share_pct'], 0)}% in {_years(recent['year'])}; "
           f"a dip to {dip['china_share_pct']:.0f}% in {int(dip['year'])}.")
    return style.Chart(fig, alt, data.source("nk_trade_share"))


def nk_exports_chart() -> style.Chart:
    """North Korea's exports to China (= China's imports from it) against what sanctions allowed."""
    t = trade().dropna(subset=["imports_from_nk"])
    fig, ax = style.figure(11, 5.6)
    for i, s in enumerate(SERIES):
        d = t[t["series"] == s]
        ax.bar(d["year"].to_numpy(dtype=float) + 0.5 + (i - 0.5) * 0.4, d["imports_from_nk"], width=0.4,
               color=SERIES_COLOUR[s], label=f"{SERIES_LABEL[s]}")
    coal_cap = cap("coal_value") / 1000
    ax.plot([2016.9, 2017.9], [coal_cap, coal_cap], color=style.ACCENT, linewidth=3, label="2321: coal cap")
    _sanction_lines(ax, top_label=False)
    ax.text(2020.1, 1.0, "border closed\nJan 2020", fontsize=10.5, color=style.ACCENT)
    s = sanctions()
    lines = ["UN bans on North Korea's exports (dotted lines):"]
    for res, short in ((2270, "coal and iron ore (livelihood exemption)"), (2321, "coal capped, about US$0.4 bn a year"),
                       (2371, "all coal, iron, lead, seafood"), (2375, "textiles"),
                       (2397, "food, machinery, wood, vessels")):
        when = s.loc[s["resolution"] == res, "date"].iloc[0].strftime("%b %Y")
        lines.append(f"{res} ({when}): {short}")
    ax.text(2007.2, 2.6, "\n".join(lines), fontsize=10.5, va="top", color="#333333", linespacing=1.35)
    _year_axis(ax, 2007, 2026, 3)
    ax.set_ylim(0, 3.3)
    ax.set_ylabel("North Korea's exports to China (US$ bn)")
    ax.set_title("North Korea's exports, before and after the sanctions", loc="left")
    ax.legend(loc="upper left")
    top = t[t["imports_from_nk"] >= 0.9 * t["imports_from_nk"].max()]  # the years near the peak
    ban_year = int(s.loc[s["resolution"].isin([2371, 2375]), "date"].dt.year.max())
    all_years = trade()
    closed = sorted(set(all_years.loc[all_years["note"].str.contains("Border closed", na=False), "year"].astype(int)))

    def bn(years) -> str:
        v = t.loc[t["year"].isin(list(years)), "imports_from_nk"]
        return _span(v, 1 if v.max() >= 1 else 2)

    first, last = int(t["year"].min()), int(t["year"].max())
    alt = (f"Bar chart of North Korea's exports to China: {bn([first])} bn US$ in {first}, "
           f"{_span(top['imports_from_nk'])} bn in {_years(top['year'])}, {bn([ban_year])} bn in {ban_year}, "
           f"then about {_span(t.loc[t['year'].isin([ban_year + 1, ban_year + 2]), 'imports_from_nk'])} bn in "
           f"{_years([ban_year + 1, ban_year + 2])} after the {ban_year} bans on coal, iron, seafood and textiles; "
           f"{bn(closed)} bn in {_years(closed)} and {bn([last])} bn in {last}.")
    return style.Chart(fig, alt, data.source("china_nk_trade", t))


def scale_chart() -> style.Chart:
    """China's trade with South Korea and Japan beside its trade with North Korea (customs basis)."""
    n = data.load("china_neighbour_trade")
    n = n[(n["basis"] == "china_customs") & (n["partner"] != "World")]
    fig, ax = style.figure(11, 4.6)
    partners = ["Japan", "South Korea", "North Korea"]
    counts = n.groupby("year")["partner"].nunique()
    years = sorted(int(y) for y in counts[counts == len(partners)].index)
    n = n[n["year"].isin(years)]
    colours = [style.OKABE_ITO["sky"], style.OKABE_ITO["blue"]]
    y = np.arange(len(partners))
    for i, yr in enumerate(years):
        vals = [float(n[(n["partner"] == p) & (n["year"] == yr)]["trade_bn"].iloc[0]) for p in partners]
        ax.barh(y + (0.2 if i == 0 else -0.2), vals, height=0.38, color=colours[i], label=str(yr))
        for yy, v in zip(y, vals):
            ax.text(v + 4, yy + (0.2 if i == 0 else -0.2), f"{v:,.1f}", va="center", fontsize=11.5)
    ax.set_yticks(y, partners)
    ax.set_xlim(0, 370)
    ax.set_xlabel("China's goods trade with the partner (US$ bn, Chinese customs)")
    ax.set_title("For scale: China's trade with its neighbours", loc="left")
    ax.legend(loc="upper right", title="year")
    ax.grid(axis="y", visible=False)
    def val(partner: str, yr: int) -> str:
        r = n[(n["partner"] == partner) & (n["year"] == yr)].iloc[0]
        about = "about " if "about" in str(r["note"]) else ""
        return about + (f"{r['trade_bn']:,.0f}" if r["trade_bn"] >= 10 else f"{r['trade_bn']:.1f}")

    y0, y1 = years[0], years[-1]
    alt = (f"Horizontal bars of China's trade on Chinese customs' basis: Japan {val('Japan', y0)} ({y0}) and "
           f"{val('Japan', y1)} ({y1}) bn US$, South Korea {val('South Korea', y0)} and {val('South Korea', y1)}, "
           f"North Korea {val('North Korea', y0)} and {val('North Korea', y1)} - too small to see at this scale.")
    return style.Chart(fig, alt, data.source("china_neighbour_trade", n))


# ---- the what-if: a lifeline shock ----------------------------------------------------------------
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


def _round_t(x: float) -> str:
    if x >= 1e6:
        return f"{x / 1e6:.2f} million t"
    return f"{round(x, -3):,.0f} t"


def _people(x: float) -> str:
    return f"{x / 1e6:.1f} million people" if x >= 1e6 else f"{round(x, -3):,.0f} people"


def _read(base: dict, res: dict, params) -> str:
    t, a = params["trade_change_pct"], params["aid_change_pct"]

    def change(v, what):
        return f"no change in {what}" if v == 0 else f"a {abs(v):g}% {'cut' if v < 0 else 'rise'} in {what}"

    base_food = f"{_round_t(base['gap_t'])} in the article's case" if base["gap_t"] > 0 else "none in the article's case"
    if res["gap_t"] > 0:
        food = (f"a food gap of about {_round_t(res['gap_t'])}, enough grain for {_people(res['gap_people'])} "
                f"for a year ({base_food})")
    else:
        food = f"no food gap but about {_round_t(res['surplus_t'])} to spare (gap: {base_food})"
    over = ", above the cap" if res["crude_vs_cap_pct"] > 100.5 else ""
    return (f"With {change(t, 'trade')} and {change(a, 'oil and aid')}, North Korea buys US${res['imports_bn']:.2f} bn "
            f"from China (US${base['imports_bn']:.2f} bn in the article's case), gets {_round_t(res['crude_t'])} of "
            f"crude oil ({res['crude_vs_cap_pct']:.0f}% of the UN cap{over}) and is left with {food}.")


def _draw(fig, base: dict, res: dict, params) -> None:
    """Two axes only (each axes costs ~20 ms to render): the trade timeline and the outcomes."""
    top, bottom = fig.subplots(2, 1, height_ratios=[1.15, 1])
    fig.subplots_adjust(left=0.2, right=0.97, top=0.94, bottom=0.25, hspace=0.42)
    # Fixed limits, no autoscaling: matplotlib otherwise recomputes the view after every artist.
    top.set_xlim(2000, 2026.2)
    top.set_ylim(0, 7.6)
    bottom.set_xlim(0, 300)
    bottom.set_ylim(-0.5, 2.5)
    for ax in (top, bottom):
        ax.set_autoscale_on(False)

    # top: both trade series (totals), the sanctions, the border closure, and the base year
    for s, (x, y) in _trade_lines().items():
        top.plot(x, y, color=SERIES_COLOUR[s], linewidth=2.2)
    top.vlines(_sanction_x(), 0, 7.6, colors="#888888", linewidth=1.0, linestyles=":")
    top.axvline(2020.0, color=style.ACCENT, linewidth=1.3)
    top.text(2020.15, 7.5, "border closed", fontsize=10.5, color=style.ACCENT, va="top")
    top.text(2006.65, 0.3, "UN 1718", fontsize=10.5, color="#555555", ha="right")
    top.text(2015.9, 0.3, "UN 2270-2397", fontsize=10.5, color="#555555", ha="right")
    top.text(2008.4, 1.5, "Chinese customs", fontsize=11, color=SERIES_COLOUR["china_customs"])
    top.text(2007.2, 3.3, "KOTRA (adds\ncrude oil)", fontsize=11, color=SERIES_COLOUR["kotra"], ha="right")
    x0 = BASE_YEAR + 0.5
    extra = _imports_from_nk()
    top.plot([x0], [base["imports_bn"] + extra], marker="o", markersize=9, markerfacecolor="white",
             markeredgecolor=style.BASELINE, markeredgewidth=2, linestyle="none")
    (marker,) = top.plot([x0], [res["imports_bn"] + extra], marker="D", markersize=9, color=style.STUDENT,
                         linestyle="none")
    top.set_xlim(2000, 2026.2)
    top.set_ylim(0, 7.6)
    top.set_xticks([2000.5, 2010.5, 2020.5], ["2000", "2010", "2020"])  # few ticks: each costs ~1 ms
    top.set_yticks([0, 3, 6])
    top.grid(False)
    top.set_ylabel("trade, US$ bn", fontsize=11.5)
    top.set_title(f"China-North Korea trade: customs and KOTRA  (\u25c6 = your {BASE_YEAR})", loc="left",
                  fontsize=13.5)

    # bottom: the student's outcomes as % of the article's case (dashed line = 100%)
    y = np.array([2.0, 1.0, 0.0])
    bars = bottom.barh(y, [0, 0, 0], height=0.55, color=style.STUDENT)
    bottom.axvline(100, **style.BASELINE_STYLE)
    (cap,) = bottom.plot([0, 0], [0.62, 1.38], color=style.ACCENT, linewidth=3)
    labels = [bottom.text(0, yy, "", va="center", fontsize=10.5) for yy in y]
    handles = {"marker": marker, "bars": bars, "cap": cap, "labels": labels}
    _update(handles, base, res, params)
    bottom.set_yticks(y, ["imports from China", "crude oil (pipeline)",
                          f"food gap\n(FAO/WFP 2019:\n{factors()['fao_wfp_gap_t'] / 1e6:.2f} Mt)"], fontsize=11.5)
    bottom.set_xlim(0, 300)
    bottom.set_ylim(-0.5, 2.5)
    bottom.set_xticks([0, 100, 200], ["0", "100%", "200%"])
    bottom.grid(False)
    bottom.set_xlabel("your case as % of the article's case (grey dashed line = 100%; orange = UN cap)",
                      fontsize=11)
    return handles


def _update(handles: dict, base: dict, res: dict, params) -> None:
    """Move what the student's settings change: the 2019 marker, the bars, the cap and the labels."""
    handles["marker"].set_ydata([res["imports_bn"] + _imports_from_nk()])
    pct = np.array([_pct(res["imports_bn"], base["imports_bn"]), _pct(res["crude_t"], base["crude_t"]),
                    _pct(res["gap_t"], base["gap_t"])])
    for bar, p in zip(handles["bars"], pct):
        bar.set_width(min(p, 290))
    cap_pct = _pct(res["crude_cap_t"], base["crude_t"])
    handles["cap"].set_xdata([cap_pct, cap_pct])
    gap = (f"{_round_t(res['gap_t'])}, {res['gap_people'] / 1e6:.1f} M people" if res["gap_t"] > 0
           else f"no gap ({_round_t(res['surplus_t'])} spare)")
    texts = [f"US${res['imports_bn']:.2f} bn (article {base['imports_bn']:.2f} bn)",
             f"{res['crude_t'] / 1000:,.0f}k t (UN cap {res['crude_cap_t'] / 1000:,.0f}k)",
             f"{gap} (article {base['gap_t'] / 1000:,.0f}k t)"]
    for label, p, text in zip(handles["labels"], pct, texts):
        label.set_text(text)
        if p > 150:  # long bar: write inside it so the label never leaves the figure
            label.set_x(min(p, 290) - 4)
            label.set_horizontalalignment("right")
            label.set_color("white")
        else:
            label.set_x(max(p, 102) + 4)
            label.set_horizontalalignment("left")
            label.set_color("black")


def _pct(value: float, reference: float) -> float:
    return 100.0 * value / reference if reference > 0 else (0.0 if value == 0 else 300.0)


@lru_cache(maxsize=1)
def _trade_lines() -> dict:
    t = trade()
    return {s: (_mid(d["year"]), d["total"].to_numpy()) for s, d in t.groupby("series")}


@lru_cache(maxsize=1)
def _sanction_x() -> tuple:
    s = sanctions()
    d = s[s["resolution"].isin(list(MARKED))].drop_duplicates("resolution")["date"]
    return tuple(float(x) for x in d.dt.year + (d.dt.day_of_year - 1) / 365.0)


@lru_cache(maxsize=1)
def _imports_from_nk() -> float:
    return float(trade("china_customs").set_index("year").loc[BASE_YEAR, "imports_from_nk"])


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


@lru_cache(maxsize=1)
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
                       f"{BASE_YEAR}: US${f['exports_to_nk_bn']:.2f} bn). 0 = the article's case: China keeps "
                       "things as they are."),
            lever("aid_change_pct", "China changes its oil and aid by", -100, 100, 0, step=5, unit="%",
                  help=f"Percentage change in crude oil through the pipeline (about {f['crude_t']:,.0f} t a year, "
                       "an estimate: customs records zero) and in any food aid. 0 = the article's case."),
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
        draw=_draw,
        update=_update,
        read=_read,
        source=_source,
        alt=lambda res, p: (f"Top: China-North Korea trade 2000-2025, Chinese customs and KOTRA, with the 2006-2017 "
                            f"sanctions and the 2020 border closure marked, and {BASE_YEAR} with your shock. Bottom: "
                            f"bars for the article's case and yours: imports from China (US${res['imports_bn']:.2f} bn), "
                            f"crude oil against the UN cap ({res['crude_t']:,.0f} t) and the food gap "
                            f"({res['gap_t']:,.0f} t)."),
        baseline={},
        baseline_label=f"the article's case: China keeps its {BASE_YEAR} trade and aid",
        presets={
            "China halves trade and aid": {"trade_change_pct": -50, "aid_change_pct": -50},
            "China shuts the pipeline only": {"aid_change_pct": -100},
            "Trade falls as in 2020 (border closed)": {"trade_change_pct": -80},
            "China adds 2005-size food aid": {"food_aid_t": 520_000},
            "China doubles oil and aid": {"aid_change_pct": 100},
        },
        summary=_summary,
        save_as="lifeline_shock",
        figsize=(10.0, 7.0),
    )


def what_if(**settings) -> Panel:
    """The lifeline-shock panel of notebook 03 (keyword arguments set controls)."""
    return Panel(spec(), **settings)


WHAT_IFS = {"lifeline_shock": what_if}


def shock_table(panel: Panel) -> pd.DataFrame:
    """The article's case beside the student's, rounded and formatted, for printing under the panel."""
    b, r = panel.baseline_result, panel.result
    rows = [
        ("imports from China (US$ bn)", "{:.2f}", "imports_bn", 1),
        ("of which food (US$ bn)", "{:.2f}", "food_bn", 1),
        ("grain those food imports buy (thousand t)", "{:,.0f}", "food_imports_t", 1000),
        ("crude oil from the pipeline (thousand t)", "{:,.0f}", "crude_t", 1000),
        ("crude oil, % of the UN cap", "{:.0f}", "crude_vs_cap_pct", 1),
        ("food gap (thousand t)", "{:,.0f}", "gap_t", 1000),
        ("people the missing grain would feed for a year (million)", "{:.1f}", "gap_people", 1e6),
    ]
    out = [(label, fmt.format(b[key] / div), fmt.format(r[key] / div)) for label, fmt, key, div in rows]
    out.append(("for comparison: FAO/WFP uncovered cereal gap, 2018/19 (thousand t)",
                f"{factors()['fao_wfp_gap_t'] / 1000:,.0f}", ""))
    return pd.DataFrame(out, columns=["measure", "article's case", "your case"])


# ---- self-check questions ------------------------------------------------------------------------
def _gap_2014() -> float:
    g = series_gap().set_index("year")
    return float(g.loc[2014, "KOTRA minus customs"])


Q1 = Question(
    "Q1", "By how many billion US$ does KOTRA's 2014 China-North Korea total exceed Chinese customs'?",
    expected=round(_gap_2014(), 2), tolerance=0.02, unit="US$ bn",
    hints=("Look at the table of years with both series: KOTRA minus customs.",
           "Subtract 6.39 (customs) from KOTRA's 2014 total."),
    why="The gap is about the value of the crude oil that customs records as zero and KOTRA estimates.",
)
Q2 = Question(
    "Q2", "In 2023, what percentage of North Korea's foreign trade was with China (KOTRA)?",
    expected=float(share().set_index("year").loc[2023, "china_share_pct"]), tolerance=0.5, unit="percent",
    hints=("Read the share chart or lifeline.share() for 2023.", "It is just above 98."),
    why="Almost all of North Korea's recorded trade runs through China.",
)
Q3 = Question(
    "Q3", "In 2018 (Chinese customs), how many US cents did China get back in imports for each dollar it exported "
          "to North Korea?",
    expected=float(cents_back().query("year == 2018")["cents back per dollar"].iloc[0]), tolerance=0.6, unit="cents",
    hints=("Divide China's imports from North Korea by its exports to North Korea.", "0.213 / 2.22, times 100."),
    why="After the 2017 bans North Korea had almost nothing it was allowed to sell.",
)
Q4 = Question(
    "Q4", "Set the panel to a 50% cut in both trade and oil/aid (other controls at their defaults). "
          "What food gap does the model give, in thousand tonnes?",
    expected=round(lifeline_shock(trade_change_pct=-50, aid_change_pct=-50)["gap_t"] / 1000),
    tolerance=15, unit="thousand t",
    hints=("Use panel.set(trade_change_pct=-50, aid_change_pct=-50) and look at shock_table(panel).",
           "Read the row 'food gap (thousand t)' in the 'your case' column."),
    why="Half the food imports go, and with no recorded food aid nothing replaces them.",
)
