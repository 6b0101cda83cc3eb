"""Figures of notebook 02 (collapse and exodus): arrivals, estimates, the panel and the route map."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.patches import FancyArrowPatch, Polygon
from matplotlib.path import Path as MplPath

from .. import data, fmt, style


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
    ax.annotate(f"{years[low]}: {arr[low]}", (years[low], arr[low]), xytext=(years[low] + 0.3, 1900),
                arrowprops={"arrowstyle": "->", "color": "#333"}, fontsize=12)
    events = dict(color="#999999", linestyle="-", rotation=0, ha="left", fontsize=11, text_color="#444444")
    style.event_lines(ax, [2011.9], [(2012.1, "Kim Jong Un\ntakes over")], y=0.61, va="baseline", **events)
    style.event_lines(ax, [2020.05], [(2020.2, "border\nsealed\n(COVID)")], y=0.39, va="top", **events)
    ax.set_ylim(0, 3600)
    ax.set_xlim(1997, 2026)
    ax.set_ylabel("people arriving per year")
    ax.set_title("North Korean defectors arriving in South Korea, single years 1998-2025")
    ax.legend(loc="upper right")
    kju = data.load("leaders").set_index("leader").loc["Kim Jong Un", "start"]
    takeover = kju.year + 1  # his first full year (he took over in December 2011)
    sealed = int(years[1:][np.argmin(arr[1:] / arr[:-1])])  # the steepest fall: the border sealed
    mid = arr[(years >= takeover) & (years < sealed)]
    after_low = years[low] + 1  # the year after the lowest one
    since_years = years[years > after_low]
    since = float(arr[years > after_low].mean())
    split = d[known]
    not_most = split.loc[split["female"] <= split["male"], "year"].astype(int).tolist()
    women = (f"Women are most arrivals in every year with a split except {', '.join(map(str, not_most))}." if not_most
             else "Women are most arrivals in every year with a split.")
    alt = (f"Bar chart of defector arrivals in South Korea per year: from {arr[0]} in {years[0]} up to a peak of "
           f"{arr[peak]:,} in {years[peak]}, about {round(int(mid.min()), -2):,}-{round(int(mid.max()), -2):,} a "
           f"year in {takeover}-{sealed - 1}, then {arr[low]} in {years[low]} after the border was sealed, "
           f"{arr[years == after_low][0]} in {after_low} and about {round(since, -2):,.0f} a year in "
           f"{since_years.min()}-{since_years.max()}. {women}")
    return style.Chart(fig, alt, data.source("defectors"))


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
        style.range_bars(ax, yi, lo, hi, style.PALETTE[0], width=8, horizontal=True)
        if pd.isna(r.value_low):
            ax.plot([lo], [yi], marker="<", color=style.PALETTE[0], ms=13)
        if pd.isna(r.value_high):
            ax.plot([hi], [yi], marker=">", color=style.PALETTE[0], ms=13)
    unchecked = e["note"].fillna("").str.startswith("As carried in the course fact sheet").to_numpy()
    labels = [f"{'* ' if u else ''}{r.year}: {textwrap.shorten(r.estimator, 44, placeholder='...')}"
              for u, r in zip(unchecked, e.itertuples())]
    ax.set_yticks(y, labels, fontsize=11.5)
    ax.set_xscale("log")
    ax.set_xlim(2500, 800000)
    ax.set_xticks([3000, 10000, 30000, 100000, 300000], ["3,000", "10,000", "30,000", "100,000", "300,000"])
    ax.minorticks_off()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("North Koreans hiding in China (log scale)")
    ax.set_title("Estimates of North Koreans hiding in China, 1999-2009", loc="left")
    ax.set_ylim(-1.3, len(e) - 0.5)
    ax.text(800000, -1.0, "bar = range; arrow = open end ('up to', 'more than'); dot = one figure"
            + ("\n* as carried in the course fact sheet; not found in the cited source" if unchecked.any() else ""),
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
           f"{least['year']}); official and UN figures run from {under}{off_lo:,.0f} to {off_hi:,.0f}."
           + (f" The {' and '.join(str(y) for y in e.loc[unchecked, 'year'])} figures are carried from the course's "
              "fact sheet and were not found in the sources cited." if unchecked.any() else ""))
    return style.Chart(fig, alt, data.source("nk_in_china_estimates", e))


_SHORT = {"East Germany 1989-90": "East Germany", "Kosovo 1999": "Kosovo", "Rohingya 2017": "Rohingya",
          "Syria 2011-2019": "Syria", "Ukraine 2022": "Ukraine", "Venezuela 2015-2023": "Venezuela"}


def _week_ticks(horizon: int) -> list[int]:
    step = 1 if horizon <= 8 else 4 if horizon <= 26 else 13 if horizon <= 78 else 26
    return list(range(0, horizon + 1, step))


def exodus_panel_update(handles: dict, base: model.Exodus, res: model.Exodus, params) -> bool:
    """Fast path: move the student's five curves and their end labels; when the horizon changes, also the
    weeks axis, the shading's label, the end labels' column and the real exoduses shown (drawn again)."""
    horizon = int(max(res.weeks[-1], base.weeks[-1]))
    if horizon != handles["horizon"]:
        handles["horizon"] = horizon
        ax = handles["band_label"].axes
        handles["band_label"].set_x(horizon * 0.99)
        for artist in handles["labels"]:
            artist.set_x(horizon * 1.045)
        for artist in handles["analogues"]:
            artist.remove()
        handles["analogues"] = _analogues(ax, horizon)
        _weeks_axis(ax, horizon)
    lg = style.log10
    for line, ys in zip(handles["lines"], (res.left, res.china, res.south_korea, res.inside, res.waiting)):
        line.set_data(res.weeks, lg(ys))
    labels = sorted((float(y), text, colour) for y, text, colour in (
        (lg(res.inside[-1]), "still inside", style.COUNTRY["North Korea"]),
        (lg(res.left[-1]), "have left", style.STUDENT),
        (lg(res.china[-1]), "in China now", style.COUNTRY["China"]),
        (lg(res.waiting[-1]), "waiting to leave", style.OKABE_ITO["orange"]),
        (lg(res.south_korea[-1]), "in South Korea", style.COUNTRY["South Korea"])) if y > 3)
    placed = []
    for i, artist in enumerate(handles["labels"]):  # keep end labels apart; those below the axis are hidden
        artist.set_visible(i < len(labels))
        if i < len(labels):
            y, text, colour = labels[i]
            y = max(y, placed[-1] + 0.3) if placed else y
            placed.append(y)
            artist.set(y=y, text=text, color=colour)
    return True


def exodus_panel(fig, base: model.Exodus, res: model.Exodus, params) -> dict:
    """Draw the whole figure; return the artists exodus_panel_update moves."""
    # One axes only (a second one doubles the time of each update); the people axis is log10 drawn
    # on a linear axis, which is much faster than a log axis. Peak weekly flow is in the reading.
    ax = fig.subplots()
    style.margins(fig, left=1.15, right=1.6, top=0.95, bottom=0.6)
    horizon = int(max(res.weeks[-1], base.weeks[-1]))
    lg = style.log10
    low, high = model.famine_band()  # the famine-era estimates of North Koreans in China, as a band
    ax.axhspan(float(lg(low)), float(lg(high)), color=style.STUDENT, alpha=0.08, lw=0, zorder=0)
    band_label = ax.text(horizon * 0.99, float(lg(low)) + 0.05, "famine-era estimates of North Koreans in China",
                         fontsize=10, color="#333333", va="bottom", ha="right")
    ax.plot(base.weeks, lg(base.left), **style.BASELINE_STYLE)
    lines = [ax.plot(res.weeks, lg(res.left), **style.STUDENT_STYLE)[0]]
    lines += [ax.plot(res.weeks, lg(res.weeks), color=colour, lw=2.0)[0] for colour in (
        style.COUNTRY["China"], style.COUNTRY["South Korea"], style.COUNTRY["North Korea"], style.OKABE_ITO["orange"])]
    # five end labels, placed (and hidden below the axis) by exodus_panel_update
    handles = {"horizon": horizon, "lines": lines, "labels": [ax.text(horizon * 1.045, 0, "", fontsize=11, va="center")
                                                            for _ in range(5)], "band_label": band_label}
    exodus_panel_update(handles, base, res, params)
    handles["analogues"] = _analogues(ax, horizon)
    fig.text(0.01, 1 - 0.4 / fig.get_figheight(), "grey dashed: have left in the article's case; solid lines: "
             "your case\ndots: real exoduses (filled = counted from the start); shaded: famine-era estimates", fontsize=10.5, color="#333", va="top")
    ax.set(ylim=(3, 7.8))
    _weeks_axis(ax, horizon)
    style.log10_axis(ax, 3, 7)
    ax.set_xlabel("weeks after the collapse")
    ax.set_ylabel("people (log scale)")
    fig.suptitle("How many leave, where to, how fast, against real exoduses", x=0.01, ha="left",
                 fontweight="bold", fontsize=13.5)
    return handles


def _weeks_axis(ax, horizon: int) -> None:
    ax.set_xlim(0, horizon * 1.04)
    ax.set_xticks(_week_ticks(horizon))


def _analogues(ax, horizon: int) -> list:
    """The real exoduses up to ``horizon`` weeks: dots (filled where counted from the start), lines, names."""
    an = model._analogue_arrays()
    keep = an.weeks <= horizon
    w, pe, start = an.weeks[keep], an.log_people[keep], an.from_start[keep]
    cases = np.array(an.case, dtype=object)[keep]
    artists = [*ax.plot(w[start], pe[start], "o", ms=7, color="#222222", zorder=5),
               *ax.plot(w[~start], pe[~start], "o", ms=7, mfc="white", mec="#222222", zorder=5)]
    for case in dict.fromkeys(cases):
        mine = cases == case
        cw, cp, cs = w[mine], pe[mine], start[mine]
        if cs.sum() > 1:
            order = np.argsort(cw[cs])
            artists += ax.plot(cw[cs][order], cp[cs][order], color="#222222", lw=1.0, zorder=4)
        pool = cs if cs.any() else np.ones_like(cs)
        j = np.flatnonzero(pool)[np.argmax(cw[pool])]
        right = cw[j] < 0.8 * horizon
        artists.append(ax.text(cw[j] + (1 if right else -1) * horizon * 0.015, cp[j] + 0.1, _SHORT.get(case, case),
                               fontsize=10.5, color="#222222", ha="left" if right else "right"))
    return artists


# The South Korea route as drawn: the DMZ is mined and nearly impassable, so it leaves by boat from the
# Taedong's mouth below Pyongyang, goes round the Ongjin peninsula west of the border islands and lands
# at Incheon. These are its points at sea (lon, lat); tests check that every stretch between them stays
# off the land of data/map_outlines.csv.
SEA_ROUTE = ((125.22, 38.705), (125.05, 38.68), (124.72, 38.62), (124.5, 38.3), (124.45, 37.75), (125.2, 37.35),
             (126.0, 37.25), (126.5, 37.38))
_LAND = {"China": "#e4efe3", "North Korea": "#f6e3da", "South Korea": "#deebf5", "Russia": "#e6e6e6",
         "Japan": "#ece4ef"}  # light tints of the country colours: the borders carry the meaning in grey
_SEA = "#f7fafc"


def land_rings() -> list[tuple[str, np.ndarray]]:
    """Each land ring of the map as (country, array of lon, lat), from data/map_outlines.csv."""
    o = data.load("map_outlines")
    return [(str(g["country"].iat[0]), g[["lon", "lat"]].to_numpy(float)) for _, g in o.groupby("ring", sort=False)]


def _korea_border(rings: list[tuple[str, np.ndarray]]) -> np.ndarray:
    """The line between the two Koreas (the military demarcation line): the longest run of North
    Korean vertices that South Korean rings share."""
    south = {(round(x, 4), round(y, 4)) for c, r in rings if c == "South Korea" for x, y in r}
    best = np.empty((0, 2))
    for c, r in rings:
        if c != "North Korea":
            continue
        shared = np.array([(round(x, 4), round(y, 4)) in south for x, y in r])
        if not shared.any() or shared.all():
            continue
        start = int(np.argmin(shared))  # rotate so the ring starts off the border: runs do not wrap
        r, shared = np.roll(r, -start, axis=0), np.roll(shared, -start)
        edges = np.flatnonzero(np.diff(np.r_[0, shared.astype(int), 0]))
        for a, b in zip(edges[::2], edges[1::2]):
            if b - a > len(best):
                best = r[a:b]
    return best


def route_map(result: model.Exodus) -> style.Chart:
    """Map of the places and routes (coastlines and borders from Natural Earth), arrows sized by flow."""
    if not isinstance(result, model.Exodus):
        raise ValueError(f"result must be an Exodus (e.g. panel.result); got {type(result).__name__}")
    p = data.load("places").set_index("place")
    fig, ax = style.figure(9.6, 8.4)
    colours = style.COUNTRY
    ax.set_facecolor(_SEA)
    rings = land_rings()
    for country, ring in rings:
        # add_artist, not add_patch: the map's limits are set below, and add_patch would walk every
        # coastline's segments to widen the data limits (a third of the map's making)
        ax.add_artist(Polygon(ring, closed=True, facecolor=_LAND[country], edgecolor="#4d4d4d", lw=0.9, zorder=1))
    dmz = _korea_border(rings)
    ax.plot(dmz[:, 0], dmz[:, 1], color="#555555", lw=6, alpha=0.45, solid_capstyle="butt", zorder=2)

    def width_of(people):
        # absolute scale, so maps of two scenarios compare: width grows with the square root of people
        return min(1.5 + 14 * math.sqrt(people / 1e6), 26.0) if people > 0 else 0.8

    def arrow(path, people, colour, rad=0.0):
        width = width_of(people)
        style_ = f"-|>,head_width={0.3 + width / 18:.2f},head_length={0.4 + width / 18:.2f}"
        kw = {"arrowstyle": style_, "lw": width, "color": colour, "shrinkA": 6, "shrinkB": 8,
              "zorder": 4, "capstyle": "round", "joinstyle": "round", "mutation_scale": 13}  # as annotate's
        if len(path) == 2:
            patch = FancyArrowPatch(path[0], path[1], connectionstyle=f"arc3,rad={rad}", **kw)
        else:
            patch = FancyArrowPatch(path=MplPath(np.asarray(path, float)), **kw)
        # a dark rim: the arrow stays visible in grayscale on a light sea or land
        patch.set_path_effects([patheffects.Stroke(linewidth=width + 1.6, foreground="#333333"), patheffects.Normal()])
        ax.add_patch(patch)

    xy = lambda n: (float(p.loc[n, "lon"]), float(p.loc[n, "lat"]))
    # the China route split over the three crossing areas only for drawing (the model has one China route)
    third = result.to_china / 3
    arrow([(125.05, 39.55), xy("Dandong")], third, colours["China"], rad=-0.2)
    arrow([(128.5, 40.75), (xy("Hyesan")[0] - 0.15, xy("Hyesan")[1] + 0.75)], third, colours["China"])
    arrow([(129.3, 41.3), xy("Tumen")], third, colours["China"], rad=0.15)
    arrow([xy("Pyongyang"), *SEA_ROUTE, xy("Seoul")], result.to_sk, colours["South Korea"])
    # labels that cross a coastline or a border keep a thin halo of the background behind their letters
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    ax.text(124.55, 39.3, "across the Yalu", fontsize=11, style="italic", color="#333", zorder=6, path_effects=halo)
    ax.text(127.35, 42.25, "upper Yalu", fontsize=11, style="italic", color="#333", zorder=6, path_effects=halo)
    ax.text(130.05, 42.3, "across the\nTumen", fontsize=11, style="italic", color="#333", zorder=6, path_effects=halo)
    ax.text(124.3, 38.05, "by sea, round\nthe DMZ (or via\nthird countries)", fontsize=11, style="italic", color="#333", ha="right", zorder=6)
    ax.text(128.55, 38.5, "DMZ: 4 km wide, 248 km\nlong, mined: nearly\nimpassable", fontsize=11, color="#333", zorder=6)
    ax.text(123.35, 37.35, "Yellow Sea", fontsize=12, style="italic", color="#4a6a85", zorder=3)
    ax.text(129.6, 39.6, "Sea of Japan\n(East Sea)", fontsize=12, style="italic", color="#4a6a85", zorder=3)
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
        label = {"Yongbyon (town)": "Yongbyon (nuclear centre)", "Kilju": "Kilju (test\nsite county)"}.get(name, name)
        ax.text(r["lon"] + dx, r["lat"] + dy, label, fontsize=12, ha=ha, zorder=6, path_effects=halo)
    ax.text(123.3, 41.1, "CHINA", fontsize=15, color=colours["China"], fontweight="bold", zorder=6)
    ax.text(126.2, 40.6, "NORTH KOREA", fontsize=15, color=colours["North Korea"], fontweight="bold", zorder=6)
    ax.text(127.6, 37.0, "SOUTH KOREA", fontsize=15, color=colours["South Korea"], fontweight="bold", zorder=6)
    ax.text(130.75, 42.95, "RUSSIA", fontsize=11, color="#555555", fontweight="bold", zorder=6)
    ax.text(122.95, 43.3, f"China route: {fmt.people(result.to_china)} people\n"
                         f"South Korea route: {fmt.people(result.to_sk)} people\n"
                         f"(your scenario, {result.weeks[-1]} weeks;\nthe China flow drawn as 3 equal arrows)", fontsize=12, va="top",
            bbox={"facecolor": "white", "edgecolor": "#bbbbbb"}, zorder=7)
    ax.set_xlim(122.8, 131.4)
    ax.set_ylim(36.8, 43.4)
    ax.set_aspect(1 / math.cos(math.radians(40)))
    ax.grid(False)
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    ax.set_title("Map: places and escape routes (coastlines and borders: Natural Earth)", fontsize=13.5)
    alt = (f"Map of North Korea with its coastlines and its borders with China, Russia and South Korea, and cities "
           f"of the three countries. Green arrows cross the Yalu and Tumen into China (together "
           f"{fmt.people(result.to_china)} people in your scenario, drawn as three equal arrows); a blue arrow "
           f"for the South Korea route runs from Pyongyang down the Taedong and by sea round the DMZ through the Yellow Sea and lands "
           f"near Seoul ({fmt.people(result.to_sk)}; the route also stands for those who travel via third countries).")
    source = data.source("places") + " " + data.source("map_outlines").replace("Source: ", "Coastlines and borders: ")
    chart = style.Chart(fig, alt, source)
    style.add_source(fig, source, width=110)  # two sources: wrapped to this figure's width
    return chart


from .. import exodus as model  # noqa: E402  (at the end: see helpers/figures/__init__.py)
