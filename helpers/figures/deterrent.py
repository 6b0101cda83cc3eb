"""Figures of notebook 01 (the deterrent): launches, magnitudes, yields, and the two panels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import course, data, fmt, style


LEADER_COLOURS = {"Kim Il Sung": style.OKABE_ITO["green"], "Kim Jong Il": style.OKABE_ITO["orange"],
                  "Kim Jong Un": style.OKABE_ITO["blue"]}


def launches_chart() -> style.Chart:
    """Missiles per year (bars, coloured by leader) with launch days and the six nuclear tests."""
    y = model.yearly_counts()
    nukes = data.load("nuclear_tests")
    fig, ax = style.figure(11.5, 5.8)
    for leader in model.LEADERS:
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
    last_year = int(y["year"].max())
    last_date = model.missile_tests()["date"].max()
    partial = last_date < pd.Timestamp(f"{last_year}-12-31")
    upto = f" (to {last_date.day} {last_date:%B} only)" if partial else ""
    ax.set_title(f"North Korea's missile launches and nuclear tests, 1984-{last_year}{upto}", loc="left")
    ax.legend(loc="upper left", ncol=2, fontsize=11)
    ax.grid(axis="x", visible=False)
    peak = model.peak_year()
    pauses = y.loc[(y["year"] > 2012) & (y["missiles"] == 0), "year"].tolist()
    prov_from = f"Bars from {int(prov['year'].min())} on are provisional." if len(prov) else ""
    early = y[y["leader"].isin(["Kim Il Sung", "Kim Jong Il"])]
    per_leader = early.groupby("leader")["missiles"].sum()
    n_years, n_with = len(early), int((early["missiles"] > 0).sum())
    alt = (f"Bar chart of ballistic missiles and space rockets launched per year, {int(y['year'].min())} to "
           f"{last_year}{upto}, coloured by leader: a few launches in a few years under Kim Il Sung and Kim Jong Il "
           f"({per_leader.get('Kim Il Sung', 0)} missiles under Kim Il Sung, {per_leader.get('Kim Jong Il', 0)} under "
           f"Kim Jong Il; launches in {n_with} of those {n_years} years, none in the others), "
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
        style.range_bars(ax, x, grp["yield_kt_low"], grp["yield_kt_high"], style.STUDENT, width=5, alpha=0.75)
        point = grp["yield_kt_low"] == grp["yield_kt_high"]
        ax.plot(x[point.to_numpy()], grp.loc[point, "yield_kt_low"], "o", color=style.STUDENT, markersize=7)
        ax.plot(x, grp["yield_kt"], "_", color="black", markersize=12, markeredgewidth=2)
    r = model.yield_ranges().iloc[-1]
    ax.annotate(f"{fmt.kt(r['low_kt'])} to {fmt.kt(r['high_kt'])} kt:\n{int(r['estimates'])} estimates,\n"
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
    spans = "; ".join(f"{d:%Y-%m}: {fmt.kt(lo)} to {fmt.kt(hi)} kt" for d, lo, hi in
                      zip(tests["date"], model.yield_ranges()["low_kt"], model.yield_ranges()["high_kt"]))
    alt = (f"Log-scale range chart of {len(y)} published yield estimates for the {len(tests)} tests, lowest to highest "
           f"per test: {spans}. Black ticks are central values where published. The Hiroshima bomb "
           f"(about 15 kt) is marked for scale.")
    return style.Chart(fig, alt, data.source("nuclear_test_yields"))


def yield_panel(fig, base, res, params) -> dict:
    """Draw the yield figure; return the artists that yield_panel_update moves."""
    # Drawn on log10 values with plain decade ticks: a true log axis (minor ticks, mathtext labels)
    # costs about 200 ms per update; this looks the same and stays fast.
    ax = fig.subplots()
    style.margins(fig, left=1.1, right=0.15, top=0.4, bottom=0.4)
    x = np.arange(len(res["kt"]))
    ys, yb = style.log10(res["kt"], floor=1e-9), style.log10(base["kt"], floor=1e-9)
    style.range_bars(ax, x, style.log10(res["low"], 1e-9), style.log10(res["high"], 1e-9), "#c9c9c9", width=14,
                     label="published range")
    ax.plot(x, yb, marker="o", markersize=9, markerfacecolor="white", **style.BASELINE_STYLE,
            label="textbook case")
    (yours,) = ax.plot(x, ys, marker="o", markersize=9, **style.STUDENT_STYLE, label="your settings")
    ax.set_xticks(x, [f"{y}" if i != 4 else f"{y}b" for i, y in enumerate(res["year"])])
    title = ax.set_title("", loc="left", fontsize=13.5, y=1.0)  # y given: no search for a free spot on each save
    ax.legend(loc="upper left", fontsize=11)
    ax.grid(axis="x", visible=False)
    handles = {"ax": ax, "yours": yours, "title": title}
    yield_panel_update(handles, base, res, params)
    return handles


def yield_panel_update(handles: dict, base, res, params) -> None:
    """Fast path: move the student's yields, the axis range that follows them, and the title (the
    published ranges and the textbook case come from data/ and do not move)."""
    ys = style.log10(res["kt"], floor=1e-9)
    handles["yours"].set_ydata(ys)
    lo = int(np.floor(min(-1.0, ys.min() - 0.3)))
    hi = int(np.ceil(max(3.3, ys.max() + 0.3)))
    handles["ax"].set_ylim(lo, hi)
    style.log10_axis(handles["ax"], lo, hi, "yield (kt, log scale)")
    handles["title"].set_text(f"Yields from {params['agency']} magnitudes, a = {params['a']:.2f}, b = {params['b']:.2f}")


def survival_panel(fig, base, res, params) -> dict:
    """Draw the survival figure; return the artists that _survival_update moves."""
    ax = fig.subplots()
    style.margins(fig, left=0.8, right=0.2, top=0.4, bottom=0.6)
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
    ax.set_title("The survival calculus", loc="left", y=1.0)  # y given: no search for a free spot on each save
    ax.legend(loc="lower left", fontsize=11)
    handles = {"without": without, "with": with_bomb, "horizon": horizon, "dots": dots, "label": label}
    survival_panel_update(handles, base, res, params)
    return handles


def survival_panel_update(handles: dict, base, res, params) -> None:
    """Fast path: move the student's two curves and the horizon marker."""
    n = res["years"]
    handles["without"].set_ydata(100 * res["without_bomb"])
    handles["with"].set_ydata(100 * res["with_bomb"])
    handles["horizon"].set_xdata([n, n])
    handles["dots"].set_data([n, n], [100 * res["without_bomb"][n], 100 * res["with_bomb"][n]])
    handles["label"].set_x(n + 0.6)
    handles["label"].set_text(f"{n} years")


from .. import deterrent as model  # noqa: E402  (at the end: see helpers/figures/__init__.py)
