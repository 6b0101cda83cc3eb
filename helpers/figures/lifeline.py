"""Figures of notebook 03 (China's lifeline): trade, balance, share, exports, scale, and the panel."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, fmt, style
from ..cache import by_data


SERIES_COLOUR = {"china_customs": style.OKABE_ITO["orange"], "kotra": style.OKABE_ITO["green"]}


def _mid(years) -> np.ndarray:
    """Annual values are drawn at mid-year, so a resolution adopted in December sits before them."""
    return np.asarray(years, dtype=float) + 0.5


def _year_axis(ax, start=2000, end=2026, step=5):
    ticks = np.arange(start, end, step)
    ax.set_xticks(ticks + 0.5, [str(t) for t in ticks])
    ax.set_xlim(start - 0.2, end + 0.2)


def _marked_years() -> list[int]:
    """Years in which the resolutions drawn on the time axis were adopted."""
    s = model.sanctions()
    return sorted(set(s.loc[s["resolution"].isin(list(model.MARKED)), "date"].dt.year.astype(int)))


def _sanction_lines(ax, top_label: bool = True, fontsize: float = 10.5):
    s = model.sanctions()
    dates = s[s["resolution"].isin(list(model.MARKED))].drop_duplicates("resolution")
    xs = dates["date"].dt.year + (dates["date"].dt.day_of_year - 1) / 365.0
    groups = [("UN 1718", 2006.8), ("UN 2270, 2321", 2016.2), ("UN 2371, 2375, 2397", 2017.6)]
    labels = [(x - 0.12, text) for text, x in groups] if top_label else ()
    style.event_lines(ax, xs, labels, fontsize=fontsize, text_color="#555555")
    style.event_lines(ax, [2020.0], color=style.ACCENT, linewidth=1.4, linestyle="-")  # the border closure


def _plot_series(ax, t: pd.DataFrame, col: str, series: str, label: str, marker: str = "o", lw: float = 2.4):
    colour = SERIES_COLOUR[series]
    t = t.dropna(subset=[col])
    x = _mid(t["year"])
    ax.plot(x, t[col], color=colour, linewidth=lw, label=label, zorder=3)
    style.recalled_markers(ax, x, t[col], (t["confidence"] != "L").to_numpy(), colour, marker=marker)


def trade_chart() -> style.Chart:
    """Both trade series over time, with the sanctions and the 2020 border closure marked."""
    t = model.trade()
    fig, ax = style.figure(11, 5.6)
    for s in model.SERIES:
        _plot_series(ax, t[t["series"] == s], "total", s, model.SERIES_LABEL[s])
    _sanction_lines(ax)
    ax.text(2020.15, 0.97, "border closed\nJan 2020", transform=ax.get_xaxis_transform(), va="top",
            fontsize=11, color=style.ACCENT)
    style.recalled_legend_entry(ax)
    ax.plot([], [], color="#888888", linestyle=":", label="UN sanctions resolution")
    _year_axis(ax)
    ax.set_ylim(0, 7.6)
    ax.set_ylabel("China-North Korea trade (US$ bn)")
    ax.set_title("China-North Korea trade: two series, kept apart", loc="left")
    ax.legend(loc="upper left", fontsize=11.5)
    ends = t.dropna(subset=["total"]).sort_values("year").groupby("series").tail(1)
    style.end_labels(ax, [(float(_mid(r.year)), r.total, f"{r.total:.2f}" + (" (provisional)" if r.provisional else ""),
                           SERIES_COLOUR[r.series]) for r in ends.itertuples()])
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
    short = {"china_customs": "customs", "kotra": "KOTRA"}
    recent = t[t["year"] >= latest["year"].min()].sort_values(["series", "year"])
    recovery = "; ".join(
        f"{short[sr]} " + " and ".join(f"{r.total:.2f} ({r.year}{', provisional' if r.provisional else ''})"
                                       for r in g.itertuples())
        for sr, g in recent.groupby("series", sort=False))
    alt = (f"Line chart of China-North Korea trade {fmt.years(t['year'], short=False)} in billion US dollars, "
           f"Chinese customs and KOTRA drawn apart: it rises to about {fmt.span(peaks['total'])} in "
           f"{fmt.years(peaks['year'])}, falls to about {fmt.span(hit['total'])} in {after} after the "
           f"{fmt.years(sanction_years)} UN sanctions, to {fmt.span(low['total'])} in {low_year} with the border closed, "
           f"and recovers: {recovery}. "
           f"From {above_from} KOTRA runs above customs.")
    return style.Chart(fig, alt, data.source("china_nk_trade"))


def balance_chart() -> style.Chart:
    """China's exports to and imports from North Korea (mirror bars) for years with a split."""
    t = model.trade().dropna(subset=["exports_to_nk", "imports_from_nk"])
    fig, ax = style.figure(11, 5.6)
    short = {"china_customs": "customs", "kotra": "KOTRA"}
    width = 0.4
    for i, s in enumerate(model.SERIES):
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
           f"{fmt.span(top['imports_from_nk'])} bn in {fmt.years(top['year'])} and fall to "
           f"{fmt.span(later['imports_from_nk'], 2)} bn from {after}, while exports fall from "
           f"{fmt.span(top['exports_to_nk'])} bn in {fmt.years(top['year'])} to "
           f"{fmt.span(later.loc[~dip, 'exports_to_nk'])} bn (except {fmt.years(later.loc[dip, 'year'])}).")
    return style.Chart(fig, alt, data.source("china_nk_trade", t))


def share_chart() -> style.Chart:
    """China's share of North Korea's trade (KOTRA), with the 90% line."""
    s = model.share()
    fig, ax = style.figure(11, 5.0)
    colour = SERIES_COLOUR["kotra"]
    x = _mid(s["year"])
    ax.plot(x, s["china_share_pct"], color=colour, linewidth=2.6, zorder=3)
    style.recalled_markers(ax, x, s["china_share_pct"], (s["confidence"] != "L").to_numpy(), colour,
                           label="China's share of North Korea's trade (KOTRA)")
    style.recalled_legend_entry(ax)
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
           f"from {above90}, {fmt.span(recent['china_share_pct'], 0)}% in {fmt.years(recent['year'])}; "
           f"a dip to {dip['china_share_pct']:.0f}% in {int(dip['year'])}.")
    return style.Chart(fig, alt, data.source("nk_trade_share"))


def nk_exports_chart() -> style.Chart:
    """North Korea's exports to China (= China's imports from it) against what sanctions allowed."""
    t = model.trade().dropna(subset=["imports_from_nk"])
    fig, ax = style.figure(11, 5.6)
    for i, s in enumerate(model.SERIES):
        d = t[t["series"] == s]
        ax.bar(d["year"].to_numpy(dtype=float) + 0.5 + (i - 0.5) * 0.4, d["imports_from_nk"], width=0.4,
               color=SERIES_COLOUR[s], label=f"{model.SERIES_LABEL[s]}")
    coal_cap = model.cap("coal_value") / 1000
    ax.plot([2016.9, 2017.9], [coal_cap, coal_cap], color=style.ACCENT, linewidth=3, label="2321: coal cap")
    _sanction_lines(ax, top_label=False)
    ax.text(2020.1, 1.0, "border closed\nJan 2020", fontsize=10.5, color=style.ACCENT)
    s = model.sanctions()
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
    all_years = model.trade()
    closed = sorted(set(all_years.loc[all_years["note"].str.contains("Border closed", na=False), "year"].astype(int)))

    def bn(years) -> str:
        v = t.loc[t["year"].isin(list(years)), "imports_from_nk"]
        return fmt.span(v, 1 if v.max() >= 1 else 2)

    first, last = int(t["year"].min()), int(t["year"].max())
    alt = (f"Bar chart of North Korea's exports to China: {bn([first])} bn US$ in {first}, "
           f"{fmt.span(top['imports_from_nk'])} bn in {fmt.years(top['year'])}, {bn([ban_year])} bn in {ban_year}, "
           f"then about {fmt.span(t.loc[t['year'].isin([ban_year + 1, ban_year + 2]), 'imports_from_nk'])} bn in "
           f"{fmt.years([ban_year + 1, ban_year + 2])} after the {ban_year} bans on coal, iron, seafood and textiles; "
           f"{bn(closed)} bn in {fmt.years(closed)} and {bn([last])} bn in {last}.")
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


def lifeline_panel(fig, base: dict, res: dict, params) -> None:
    """Two axes only (each axes costs ~20 ms to render): the trade timeline and the outcomes."""
    top, bottom = fig.subplots(2, 1, height_ratios=[1.15, 1])
    style.margins(fig, left=1.95, right=0.15, top=0.35, bottom=0.75, hspace=0.55)
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
    x0 = model.BASE_YEAR + 0.5
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
    top.set_title(f"China-North Korea trade (\u25c6 = your {model.BASE_YEAR})", loc="left",
                  fontsize=12.5)

    # bottom: the student's outcomes as % of the status quo (dashed line = 100%)
    y = np.array([2.0, 1.0, 0.0])
    bars = bottom.barh(y, [0, 0, 0], height=0.55, color=style.STUDENT)
    bottom.axvline(100, **style.BASELINE_STYLE)
    (cap,) = bottom.plot([0, 0], [0.62, 1.38], color=style.ACCENT, linewidth=3)
    (band,) = bottom.plot([0, 0], [0, 0], color="black", linewidth=2, marker="|", markersize=14)  # the gap's band
    labels = [bottom.text(0, yy, "", va="center", fontsize=10.5) for yy in y]
    handles = {"marker": marker, "bars": bars, "cap": cap, "labels": labels, "band": band}
    lifeline_panel_update(handles, base, res, params)
    bottom.set_yticks(y, ["imports from China", "crude oil (pipeline)",
                          f"food gap\n(FAO/WFP 2019:\n{model.factors()['fao_wfp_gap_t'] / 1e6:.2f} Mt)"], fontsize=11.5)
    bottom.set_xlim(0, 300)
    bottom.set_ylim(-0.5, 2.5)
    bottom.set_xticks([0, 100, 200], ["0", "100%", "200%"])
    bottom.grid(False)
    bottom.set_xlabel("% of the 2019 record (dashed = 100%; orange = UN cap;\nblack = the gap's band)", fontsize=11)
    return handles


def lifeline_panel_update(handles: dict, base: dict, res: dict, params) -> None:
    """Move what the student's settings change: the 2019 marker, the bars, the cap and the labels."""
    handles["marker"].set_ydata([res["imports_bn"] + _imports_from_nk()])
    pct = np.array([_pct(res["imports_bn"], base["imports_bn"]), _pct(res["crude_t"], base["crude_t"]),
                    _pct(res["gap_t"], base["gap_t"])])
    for bar, p in zip(handles["bars"], pct):
        bar.set_width(min(p, 290))
    cap_pct = _pct(res["crude_cap_t"], base["crude_t"])
    handles["cap"].set_xdata([cap_pct, cap_pct])
    if "band" in handles:
        lo, hi = (min(_pct(res[k], base["gap_t"]), 290) for k in ("gap_low_t", "gap_high_t"))
        handles["band"].set_data([lo, hi], [0.0, 0.0])
    gap = (f"{fmt.tonnes(res['gap_t'])}, {res['gap_people'] / 1e6:.1f} M people" if res["gap_t"] > 0
           else f"no gap ({fmt.tonnes(res['surplus_t'])} spare)")
    texts = [f"US${res['imports_bn']:.2f} bn (2019: {base['imports_bn']:.2f} bn)",
             f"{res['crude_t'] / 1000:,.0f}k t (UN cap {res['crude_cap_t'] / 1000:,.0f}k)",
             f"{gap} (2019: {base['gap_t'] / 1000:,.0f}k t)"]
    ends = list(pct)
    if "band" in handles:  # the gap's label starts after its band
        ends[2] = max(pct[2], max(handles["band"].get_xdata()))
    for label, p, end, text in zip(handles["labels"], pct, ends, texts):
        label.set_text(text)
        if p > 150:  # long bar: write inside it so the label never leaves the figure
            label.set_x(min(p, 290) - 4)
            label.set_horizontalalignment("right")
            label.set_color("white")
        else:
            label.set_x(max(end, 102) + 4)
            label.set_horizontalalignment("left")
            label.set_color("black")


def _pct(value: float, reference: float) -> float:
    return 100.0 * value / reference if reference > 0 else (0.0 if value == 0 else 300.0)


@by_data("china_nk_trade")
def _trade_lines() -> dict:
    t = model.trade()
    return {s: (_mid(d["year"]), d["total"].to_numpy()) for s, d in t.groupby("series")}


@by_data("un_sanctions")
def _sanction_x() -> tuple:
    s = model.sanctions()
    d = s[s["resolution"].isin(list(model.MARKED))].drop_duplicates("resolution")["date"]
    return tuple(float(x) for x in d.dt.year + (d.dt.day_of_year - 1) / 365.0)


@by_data("china_nk_trade")
def _imports_from_nk() -> float:
    return float(model.trade("china_customs").set_index("year").loc[model.BASE_YEAR, "imports_from_nk"])


from .. import lifeline as model  # noqa: E402  (at the end: see helpers/figures/__init__.py)
