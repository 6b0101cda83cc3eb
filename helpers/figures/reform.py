"""Figures of notebook 05 (Soft landing); the notebook calls them through helpers.reform."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch, Rectangle

from .. import data, style
from ..checks import check_choice, check_ints

OKI = style.OKABE_ITO
ZONE_COLOURS = ("#b8b8b8", OKI["green"], OKI["vermillion"])  # stagnation, soft landing, losing control
KIND_COLOUR = {"reform": OKI["green"], "retrenchment": OKI["vermillion"]}
OP_ED = 2013 + 50 / 365  # 20 February 2013


def _decimal(dates) -> np.ndarray:
    return (dates.dt.year + (dates.dt.day_of_year - 1) / 365.0).to_numpy(dtype=float)


def _op_ed_line(ax, y=0.98, label="op-ed, Feb 2013: after this line, hindsight"):
    ax.axvline(OP_ED, color="#333333", linewidth=1.6, linestyle="--", zorder=2)
    ax.text(OP_ED + 0.15, y, label, transform=ax.get_xaxis_transform(), va="top", fontsize=10.5, color="#333333")


def _episode_lines(ax, avoid=(), fontsize=9.5) -> list:
    """Reform (green) and retrenchment (red) episodes as dotted lines, each named beside its line.

    Each name goes where it overlaps nothing in ``avoid`` (bars, the legend, other texts), nor another name,
    nor leaves the axes: first at the foot of the axes, left then right of its line, then just above the zero
    line, left then right. Returns the names' Text artists (those that found no free place stay out)."""
    e = data.load("reform_episodes").sort_values("date")
    xs = _decimal(e["date"])
    for x, kind in zip(xs, e["kind"]):
        ax.axvline(x, color=KIND_COLOUR[kind], linewidth=1.3, linestyle=":", zorder=1)
    fig = ax.get_figure()
    renderer = FigureCanvasAgg(fig).get_renderer()
    # settle the layout (the source line must be on already): the extents below are final. The layout
    # alone: a draw_without_rendering would also draw every artist, for nothing
    fig.get_layout_engine().execute(fig)
    frame = ax.get_window_extent(renderer)
    taken = [a.get_window_extent(renderer) for a in avoid]
    foot, above_zero = ax.get_xaxis_transform(), ax.transData
    places = [(-0.1, "right", 0.02, foot), (0.1, "left", 0.02, foot), (-0.1, "right", 0.25, above_zero),
              (0.1, "left", 0.25, above_zero)]
    names = []
    for x, name, kind in zip(xs, e["name"], e["kind"]):
        for dx, ha, y, where in places:
            text = ax.text(x + dx, y, name, transform=where, rotation=90, ha=ha, va="bottom", fontsize=fontsize,
                           color=KIND_COLOUR[kind])
            box = text.get_window_extent(renderer)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(t) for t in taken):
                taken.append(box)
                names.append(text)
                break
            text.remove()
    return names


def growth_chart() -> style.Chart:
    """BOK growth by year (current series and first-published values apart), reform and
    retrenchment episodes, and the op-ed's date."""
    from ..reform import growth

    g = growth()
    cur, first = g[g["series"] == "bok_current"], g[g["series"] == "bok_first_published"]
    fig, ax = style.figure(11.5, 5.6)
    ax.bar(cur["year"] + 0.5, cur["growth_pct"], width=0.75, color=style.STUDENT, label="BOK, current back-series")
    ax.bar(first["year"] + 0.5, first["growth_pct"], width=0.75, facecolor="white", edgecolor=style.STUDENT,
           hatch="//", linewidth=1.2, label="BOK, as first published (revised since)")
    ax.axhline(0, color="#333333", linewidth=1)
    _op_ed_line(ax)
    ax.plot([], [], color=KIND_COLOUR["reform"], linestyle=":", label="reform")
    ax.plot([], [], color=KIND_COLOUR["retrenchment"], linestyle=":", label="retrenchment")
    ax.set_xlim(1990, 2025.2)
    ax.set_ylim(-9, 8)
    ax.set_xticks(np.arange(1990, 2026, 5) + 0.5, [str(y) for y in range(1990, 2026, 5)])
    ax.set_ylabel("real GDP growth (%)")
    ax.set_title("North Korea's growth, as the Bank of Korea estimates it", loc="left")
    legend = ax.legend(loc="upper left", ncols=2, fontsize=10.5)
    ax.grid(axis="x", visible=False)
    source = data.source("nk_growth") + " Episodes: data/reform_episodes.csv."
    style.add_source(fig, source)  # before the names are placed: it changes the layout
    # each episode named beside its line, clear of the bars, the legend and the op-ed's label
    _episode_lines(ax, avoid=[*ax.patches, legend, *ax.texts])
    worst = cur.loc[cur["growth_pct"].idxmin()]
    best = cur[cur["year"] >= 2000].loc[lambda d: d["growth_pct"].idxmax()]
    reform = cur[cur["year"].between(2012, 2016)]["growth_pct"].mean()
    late = cur[cur["year"].between(2017, 2022)]
    alt = (f"Bar chart of North Korea's real GDP growth {int(g['year'].min())}-{int(g['year'].max())} (Bank of Korea). "
           f"First-published values for the 1990s famine years are negative every year; the current series' worst year is "
           f"{int(worst['year'])} ({worst['growth_pct']:+.1f}%). During the 2012 and 2014 measures growth averages "
           f"{reform:.1f}% a year, peaking at {best['growth_pct']:+.1f}% in {int(best['year'])}; in 2017-2022 it is "
           f"negative in {int((late['growth_pct'] < 0).sum())} of 6 years, then recovers to {cur['growth_pct'].iloc[-1]:+.1f}% "
           f"in {int(cur['year'].iloc[-1])}. Reform and retrenchment episodes and the op-ed's date are marked.")
    return style.Chart(fig, alt, source)


def food_chart() -> style.Chart:
    """FAO/WFP harvest against need (one basis, milled) and the state ration against its target."""
    from ..reform import food_balance, rations

    f, r = food_balance(), rations()
    fig, (ax, bx) = style.figure(12, 5.0, ncols=2, width_ratios=[1.25, 1])
    x = np.arange(len(f))
    ax.bar(x, f["production_mt"], color=OKI["green"], width=0.6, label="harvest (milled)")
    need = f.dropna(subset=["need_mt"])
    ax.plot(x[f["need_mt"].notna().to_numpy()], need["need_mt"], linestyle="none", marker="_", markersize=34,
            markeredgewidth=3.5, color=style.ACCENT, label="need (food, feed, seed, losses)")
    for xi, (gap, prod) in enumerate(zip(f["uncovered_gap_mt"], f["production_mt"])):
        if not np.isnan(gap):
            ax.text(xi, prod - 0.15, f"gap left\n{gap * 1000:,.0f}k t", ha="center", va="top", fontsize=9.5, color="white")
    ax.set_xticks(x, f["marketing_year"], fontsize=10.5)
    ax.set_ylim(0, 6.8)
    ax.set_ylabel("million tonnes (Mt)")
    ax.set_title("Harvest against need (FAO/WFP)", loc="left", fontsize=13.5)
    ax.legend(loc="upper left", fontsize=10)
    ax.grid(axis="x", visible=False)
    rx = r["year"] + (r["month"] - 0.5) / 12
    bx.plot(rx, r["grams_per_person_day"], marker="o", color=style.STUDENT, linewidth=1.8, label="ration distributed")
    bx.axhline(573, color=OKI["green"], linestyle="--", linewidth=1.8)
    bx.axhline(600, color="#555555", linestyle=":", linewidth=1.8)
    bx.text(2019.9, 566, "state's target 573 g", fontsize=10, color=OKI["green"], va="top", ha="right")
    bx.text(2019.9, 606, "UN minimum 600 g", fontsize=10, color="#555555", va="bottom", ha="right")
    bx.set_ylim(0, 700)
    bx.set_xlim(2010.8, 2020)
    bx.set_ylabel("g per person per day")
    bx.set_title("State rations (WFP, FAO)", loc="left", fontsize=13.5)
    _op_ed_line(bx, y=0.16, label="op-ed")
    pre, post = f[f["year"] == 2011].iloc[0], f[f["year"] == 2014].iloc[0]
    alt = (f"Left: bar chart of North Korea's cereal harvest by marketing year {f['marketing_year'].iloc[0]} to "
           f"{f['marketing_year'].iloc[-1]}, milled, FAO/WFP: {pre['production_mt']:.2f} Mt before the 2012 measures, "
           f"{post['production_mt']:.2f} Mt in {post['marketing_year']}, need about {need['need_mt'].min():.2f}-"
           f"{need['need_mt'].max():.2f} Mt; the gap left after imports falls to "
           f"{f['uncovered_gap_mt'].min() * 1000:,.0f} thousand t in 2013/14 and is {f['uncovered_gap_mt'].iloc[-1]:.2f} Mt in "
           f"{f['marketing_year'].iloc[-1]}. Right: state rations {int(r['year'].min())}-{int(r['year'].max())} between "
           f"{r['grams_per_person_day'].min():.0f} and {r['grams_per_person_day'].max():.0f} g a day, always below the "
           f"target of 573 g.")
    return style.Chart(fig, alt, data.source("food_balance") + " " + data.source("rations").replace("Source: ", "Rations: "))


def prices_chart() -> style.Chart:
    """Rice and the dollar in Pyongyang's markets (won, log scale), and rice in US$."""
    from ..reform import prices

    p = prices()
    x = _decimal(p["date"])
    fig, (ax, bx) = style.figure(11.5, 6.4, nrows=2, sharex=True, height_ratios=[1.5, 1])
    ax.plot(x, p["won_per_usd"], color=OKI["orange"], label="1 US dollar (won)")
    ax.plot(x, p["rice_won_per_kg"], color=OKI["blue"], label="1 kg of rice (won)")
    ax.axhline(100, color="#555555", linestyle=":", linewidth=1.8)
    ax.text(2010.2, 120, "official rate: about 100 won per dollar", fontsize=10.5, color="#555555", va="bottom")
    ax.set_yscale("log")
    ax.set_ylim(10, 200_000)
    ax.set_yticks([10, 100, 1_000, 10_000, 100_000], ["10", "100", "1,000", "10,000", "100,000"])
    ax.set_ylabel("won (log scale)")
    ax.set_title("Market prices in Pyongyang (Daily NK survey)", loc="left")
    ax.axvline(2009 + 333 / 365, color=KIND_COLOUR["retrenchment"], linestyle=":", linewidth=1.5)
    ax.text(2010.05, 12, "currency reform, Nov 2009", ha="left", fontsize=9.5, color=KIND_COLOUR["retrenchment"])
    ax.legend(loc="upper left", fontsize=10.5)
    _op_ed_line(ax, y=0.06, label="op-ed")
    bx.plot(x, p["rice_usd_per_kg"], color=OKI["green"], linewidth=1.8)
    bx.set_ylim(0, 1.6)
    bx.set_ylabel("rice, US$ per kg")
    bx.axvline(OP_ED, color="#333333", linewidth=1.6, linestyle="--")
    bx.set_xlim(2009.5, float(x.max()) + 0.3)
    valid = p.dropna(subset=["rice_usd_per_kg"])
    end, x_end = valid.iloc[-1], float(_decimal(valid["date"])[-1])  # the last survey, its value at each line's end
    style.end_labels(ax, [(x_end, end["won_per_usd"], f"{end['won_per_usd']:,.0f}", OKI["orange"]),
                          (x_end, end["rice_won_per_kg"], f"{end['rice_won_per_kg']:,.0f}", OKI["blue"])])
    style.end_labels(bx, [(x_end, end["rice_usd_per_kg"], f"{end['rice_usd_per_kg']:.2f}", OKI["green"])], gap=0.12)
    since = valid[valid["date"].dt.year >= 2011]
    first, last = valid.iloc[0], valid.iloc[-1]
    alt = (f"Two line charts, {first['date']:%B %Y} to {last['date']:%B %Y}. Top, log scale: the market price of a dollar "
           f"rises from {first['won_per_usd']:,.0f} (old won / 100) to {last['won_per_usd']:,.0f} won and rice from "
           f"{first['rice_won_per_kg']:,.0f} to {last['rice_won_per_kg']:,.0f} won per kg, while the official rate stays "
           f"near 100. Bottom: rice priced in dollars stays between {since['rice_usd_per_kg'].min():.2f} and "
           f"{since['rice_usd_per_kg'].max():.2f} US$ per kg from 2011, so most of the rise in won prices is the won "
           f"losing value.")
    return style.Chart(fig, alt, data.source("market_prices"))


def undernourishment_chart() -> style.Chart:
    """Prevalence of undernourishment: each SOFI edition's latest period as its own mark, and one WDI vintage."""
    from ..reform import undernourishment

    u = undernourishment()
    wdi, sofi = u[u["edition"] == "WDI vintage"], u[u["edition"] != "WDI vintage"]
    fig, ax = style.figure(11, 5.0)
    ax.plot(wdi["period_end"] - 1 + 0.5, wdi["prevalence_pct"], color="#888888", linewidth=2,
            label="one World Bank vintage of FAO's series (3-year averages)")
    colours = [OKI[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky")]
    for (_, row), c in zip(sofi.iterrows(), colours):
        ax.plot([row["period_start"], row["period_end"] + 1], [row["prevalence_pct"]] * 2, color=c, linewidth=5,
                solid_capstyle="butt", label=f"{row['edition']}: {row['period_start']}-{str(row['period_end'])[2:]}, "
                                             f"{row['prevalence_pct']:.1f}%")
    ax.set_ylim(25, 52)
    ax.set_xlim(2000.5, 2023.5)
    ax.set_ylabel("undernourished (% of population)")
    ax.set_title("Undernourishment in North Korea: each edition tells its own story", loc="left")
    ax.legend(loc="lower right", fontsize=10)
    _op_ed_line(ax, y=0.98, label="op-ed")
    alt = (f"Chart of the prevalence of undernourishment in North Korea. A World Bank vintage of FAO's series rises from "
           f"{wdi['prevalence_pct'].iloc[0]:.1f}% ({int(wdi['period_end'].iloc[0])}) to {wdi['prevalence_pct'].iloc[-1]:.1f}% "
           f"({int(wdi['period_end'].iloc[-1])}); the latest period of each SOFI edition, 2015 to 2023, lies between "
           f"{sofi['prevalence_pct'].min():.1f}% and {sofi['prevalence_pct'].max():.1f}%: from about two in five to "
           f"nearly one in two people undernourished.")
    return style.Chart(fig, alt, data.source("undernourishment"))


def comparators_chart() -> style.Chart:
    """Growth in the first years of reform: China from 1979, Vietnam from 1989, North Korea from 2012."""
    from ..reform import comparators, growth

    c = comparators()
    g = growth("bok_current")
    fig, ax = style.figure(11, 5.0)
    cases = [("China from 1979 (WDI)", c[(c["country"] == "China") & c["year"].between(1979, 1992)], 1979, OKI["vermillion"]),
             ("Vietnam from 1989 (WDI)", c[(c["country"] == "Vietnam") & c["year"].between(1989, 2002)], 1989, OKI["orange"]),
             ("North Korea from 2012 (BOK)", g[g["year"].between(2012, 2025)].rename(columns={"growth_pct": "gdp_growth_pct"}),
              2012, style.STUDENT)]
    means = []
    for label, d, start, colour in cases:
        ax.plot(d["year"] - start + 1, d["gdp_growth_pct"], marker="o", color=colour, label=label)
        means.append(d[d["year"] < start + 10]["gdp_growth_pct"].mean())
    ax.axhline(0, color="#333333", linewidth=1)
    ax.set_xlabel("year of reform (1 = first year after the measures)")
    ax.set_ylabel("real GDP growth (%)")
    ax.set_xlim(0.5, 14.5)
    ax.set_title("The first years of reform: China, Vietnam, North Korea", loc="left")
    ax.legend(loc="lower left", fontsize=11)
    nk_years = len(cases[2][1])
    alt = (f"Line chart of real GDP growth in the first years of reform: 14 for China and Vietnam, {nk_years} for North "
           f"Korea. China (from 1979) averages {means[0]:.1f}% a year "
           f"over its first ten years, Vietnam (from 1989) {means[1]:.1f}%, North Korea (from 2012, Bank of Korea) "
           f"{means[2]:.1f}%, with negative years after the 2017 sanctions and the 2020 border closure.")
    return style.Chart(fig, alt, data.source("reform_comparators") + " " + data.source("nk_growth").replace("Source: ", "North Korea: "))


def corridor_map(**settings) -> style.Chart:
    """The three zones over one reform degree (farm = enterprise = market) and repression, for given
    assumptions, pace and grain (keyword arguments as for reform.corridor)."""
    from ..reform import ZONES, corridor, zone_grid

    grid = zone_grid(**settings)
    fig, ax = style.figure(9.5, 5.6)
    ax.imshow(grid["zone"], origin="lower", aspect="auto", cmap=ListedColormap(ZONE_COLOURS), vmin=0, vmax=2,
              extent=(grid["reform"][0], grid["reform"][-1], grid["repression"][0], grid["repression"][-1]),
              interpolation="nearest", alpha=0.85)
    ax.set_xlabel("reform: farms, enterprises and markets alike (%)")
    ax.set_ylabel("repression (%)")
    ax.grid(False)
    ax.legend(handles=[Patch(color=c, label=z) for c, z in zip(ZONE_COLOURS, ZONES)], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), fontsize=11)
    pace = settings.get("pace_years", corridor.__defaults__[3])
    ax.set_title(f"The corridor: where each path lands after ten harvests (pace {pace} years)", loc="left", fontsize=13.5)
    counts = np.bincount(grid["zone"].ravel(), minlength=3) / grid["zone"].size * 100
    soft = grid["zone"] == 1
    rows = grid["repression"][soft.any(axis=1)]
    cols = grid["reform"][soft.any(axis=0)]
    where = (f"the soft landing needs reform of at least {cols.min():.0f}% and repression of at least {rows.min():.0f}%"
             if soft.any() else "no setting on this map lands softly")
    alt = (f"Map of the three zones over reform (0-100%) and repression (0-100%) with the other settings fixed: "
           f"stagnation covers {counts[0]:.0f}% of the map (little reform), a soft landing {counts[1]:.0f}% and losing "
           f"control {counts[2]:.0f}% (much reform with little repression); {where}.")
    return style.Chart(fig, alt, "Source: the course's reform-corridor model (helpers/reform.py), calibrated on BOK "
                                 "growth and FAO/WFP harvests (data/nk_growth.csv, food_balance.csv).")


# ---- the what-if panel: three small charts over the ten harvests ------------------------------------
def reform_panel(fig, base: dict, res: dict, params) -> dict:
    """Food against need, growth, and the regime's grip; baseline grey dashed, the student's case blue."""
    from ..reform import YEARS

    axes = fig.subplots(1, 3)
    style.margins(fig, left=0.45, right=0.1, top=0.75, bottom=0.4, wspace=0.3)
    x = YEARS
    food, growth, grip = axes
    limits = ((x[0] - 0.3, x[-1] + 0.3),)
    for ax, ylim, yticks in zip(axes, ((3.5, 7.5), (-2, 14), (0, 100)), ([4, 5, 6, 7], [0, 5, 10], [0, 50, 100])):
        ax.set_xlim(*limits[0])
        ax.set_ylim(*ylim)
        ax.set_yticks(yticks, [str(v) for v in yticks])
        ax.set_autoscale_on(False)
        ax.set_xticks([2012, 2016, 2020], ["2012", "2016", "2020"])
        ax.grid(False)
    food.plot(x, base["need_mt"], color=style.ACCENT, linewidth=1.8)
    food.text(x[0] + 0.2, base["need_mt"][0] + 0.12, "need", color=style.ACCENT, fontsize=11)
    food.plot(x, base["food_mt"], **style.BASELINE_STYLE)
    (f_line,) = food.plot(x, res["food_mt"], **style.STUDENT_STYLE)
    food.set_title("food available (Mt)", loc="left", fontsize=11.5)
    growth.axhline(0, color="#333333", linewidth=1)
    growth.plot(x, base["growth_pct"], **style.BASELINE_STYLE)
    (g_line,) = growth.plot(x, res["growth_pct"], **style.STUDENT_STYLE)
    growth.set_title("growth (% a year)", loc="left", fontsize=11.5)
    grip.plot(x, base["grip"], **style.BASELINE_STYLE)
    (grip_line,) = grip.plot(x, res["grip"], **style.STUDENT_STYLE)
    band = Rectangle((0, 0), 1, float(res["threshold"]), transform=grip.get_yaxis_transform(), color=ZONE_COLOURS[2],
                     alpha=0.15, linewidth=0)
    grip.add_patch(band)
    grip.text(x[-1], 3, "losing control", ha="right", fontsize=10.5, color=ZONE_COLOURS[2])
    grip.set_title("regime's grip (index)", loc="left", fontsize=11.5)
    verdict = fig.text(0.01, 1 - 0.2 / fig.get_figheight(), "", fontsize=13.5, fontweight="bold", va="center")
    # where a path loses control its lines stop (the model says nothing after): a cross marks the last year
    ends = [ax.plot([], [], linestyle="none", marker="X", markersize=11, color=style.STUDENT, markeredgecolor="white",
                    zorder=5)[0] for ax in axes]
    handles = {"food": f_line, "growth": g_line, "grip": grip_line, "band": band, "verdict": verdict, "ends": ends}
    reform_panel_update(handles, base, res, params)
    return handles


def reform_panel_update(handles: dict, base: dict, res: dict, params) -> None:
    """Move what the student's settings change: three lines, the threshold band and the verdict."""
    from ..reform import YEARS, ZONES

    handles["food"].set_ydata(res["food_mt"])
    handles["growth"].set_ydata(np.clip(res["growth_pct"], -2, 14))
    handles["grip"].set_ydata(res["grip"])
    thr = float(res["threshold"])
    handles["band"].set_height(thr)
    zone = int(res["zone"])
    base_zone = ZONES[int(base["zone"])]
    last = int(np.flatnonzero(res["in_model"])[-1])  # the last year in the model (all of them unless control is lost)
    for end, key in zip(handles["ends"], ("food_mt", "growth_pct", "grip")):
        y = np.clip(res[key][last], -2, 14) if key == "growth_pct" else res[key][last]
        end.set_data(([YEARS[last]], [y]) if zone == 2 else ([], []))
    where = f" in {int(res['year_lost'])}" if zone == 2 else ""  # the crosses mark where the model stops
    handles["verdict"].set_text(f"Your path: {ZONES[zone]}{where}   (article's case: {base_zone})")
    handles["verdict"].set_color(ZONE_COLOURS[zone] if zone != 0 else "#555555")


def _reform_panel_alt(res: dict, params) -> str:
    """The panel's alt text: where the three lines end (where the model stops, if control is lost)."""
    from ..reform import YEARS, ZONES, _scalar

    res = _scalar(res)
    if int(res["zone"]) == 2:
        i, year = int(np.flatnonzero(res["in_model"])[-1]), int(res["year_lost"])  # the last year in the model
        return (f"Three small charts over the harvests {YEARS[0]}-{YEARS[-1]}, the article's case dashed grey and "
                f"yours blue. Yours ends in {year}, when the regime's grip falls to {res['grip'][i]:.0f}, below the "
                f"threshold of {res['threshold']:.0f}: the model stops there. Food available then is "
                f"{res['food_mt'][i]:.2f} Mt against a need of {res['need_mt'][i]:.2f} Mt; growth averages "
                f"{res['mean_growth']:.1f}% a year until then. Zone: losing control.")
    return (f"Three small charts over the harvests {YEARS[0]}-{YEARS[-1]}, the article's case dashed grey and "
            f"yours blue. Food available reaches {res['food_mt'][-1]:.2f} Mt against a need of {res['need_mt'][-1]:.2f} Mt; "
            f"growth averages {res['mean_growth']:.1f}% a year; the regime's grip ends at {res['grip'][-1]:.0f} "
            f"(threshold {res['threshold']:.0f}). Zone: {ZONES[int(res['zone'])]}.")


def reform_panel_source() -> str:
    """A short source line for the panel: the rows the model's numbers come from."""
    from ..reform import BASE_YEAR

    food = data.load("food_balance")
    bench = data.load("reform_benchmarks")
    ids = (list(food[food["year"].isin([BASE_YEAR, 2013])]["source_id"]) + ["n5_bok_gdp", "exodus_un_wpp2024"]
           + list(bench[bench["measure"] == "grain_growth_per_year"]["source_id"]) + ["n5_wdi"])
    refs = data.sources_for(ids)
    return ("Source: " + "; ".join(refs["short_title"]) + ". A teaching model: the grip index and its weights are the "
            "course's choice (reform.constants_table()).")


# ---- display tables of the evidence (the notebook calls them through helpers.reform) ---------------
def gni_table() -> pd.DataFrame:
    """GNI for display: recent years, South Korea's multiple where the BOK states it."""
    from ..reform import gni

    g = gni()
    return pd.DataFrame({"year": g["year"].astype(int), "GNI (trillion won)": g["gni_trillion_won"],
                         "GNI per person (million won)": g["gni_per_person_million_won"],
                         "South Korea's per person, times": [f"about {m:.0f}" if pd.notna(m) else ""
                                                              for m in g["south_korea_multiple"]]})


def prices_table(years=(2010, 2012, 2013, 2016, 2019, 2021, 2023, 2024, 2025)) -> pd.DataFrame:
    """December (or the last survey) of chosen years: rice, the dollar, and rice in dollars."""
    years = check_ints("years", years, 1990, 2030)
    from ..reform import prices

    p = prices().dropna(subset=["rice_won_per_kg", "won_per_usd"])
    surveyed = sorted(set(p["date"].dt.year))
    if isinstance(years, (str, bytes)) or not isinstance(years, (tuple, list)) or not years:
        raise ValueError(f"years must be a list of survey years ({surveyed[0]}-{surveyed[-1]}); got {years!r:.60}")
    for y in years:
        check_choice("years", y, surveyed)
    p = p[p["date"].dt.year.isin(list(years))]
    last = p.groupby(p["date"].dt.year).tail(1)
    return pd.DataFrame({"survey": last["date"].dt.strftime("%Y-%m-%d"),
                         "rice (won/kg)": last["rice_won_per_kg"].map("{:,.0f}".format),
                         "US$ (won)": last["won_per_usd"].map("{:,.0f}".format),
                         "rice (US$/kg)": last["rice_usd_per_kg"].map("{:.2f}".format)}).reset_index(drop=True)


def comparator_table() -> pd.DataFrame:
    """Mean growth in the first ten years of each reform against North Korea's 2012-2016 and 2012-2021 (BOK), and GDP
    per person at purchasing power parity in 1990 and 2019 (WDI; none for North Korea)."""
    from ..reform import comparators, growth

    c = comparators().set_index(["country", "year"])
    g = growth("bok_current").set_index("year")["growth_pct"]

    def ppp(country, year):
        return f"{c.loc[(country, year), 'gdp_per_person_ppp']:,.0f}"

    rows = [("China", "1979-1988", c.loc["China"].loc[1979:1988, "gdp_growth_pct"].mean(), ppp("China", 1990), ppp("China", 2019), "WDI"),
            ("Vietnam", "1989-1998", c.loc["Vietnam"].loc[1989:1998, "gdp_growth_pct"].mean(), ppp("Vietnam", 1990),
             ppp("Vietnam", 2019), "WDI"),
            ("North Korea", "2012-2016", g.loc[2012:2016].mean(), "no data", "no data", "BOK"),  # the measures' years
            ("North Korea", "2012-2021", g.loc[2012:2021].mean(), "no data", "no data", "BOK")]
    return pd.DataFrame([{"country": a, "years": b, "mean growth (% a year)": round(float(v), 1),
                          "GDP per person 1990 (PPP US$)": p90, "GDP per person 2019 (PPP US$)": p19, "source": s}
                         for a, b, v, p90, p19, s in rows])
