"""Figures of notebook 04, China's dilemma (re-exported by helpers/dilemma.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from .. import data, style
from ..checks import check_numbers

OPTION_COLOUR = {"prop_up": style.OKABE_ITO["orange"], "cut_off": style.OKABE_ITO["purple"],
                 "press_reform": style.OKABE_ITO["green"]}
OP_ED = 2013 + (31 + 19) / 365  # 20 February 2013
SHORT = {
    "w_refugees": "weight: refugees", "w_nukes": "weight: loose nukes", "w_buffer": "weight: buffer state",
    "w_standing": "weight: standing", "w_trade": "weight: trade",
    "collapse_prop": "collapse if propping up", "collapse_cut": "collapse if cutting off",
    "collapse_press": "collapse if pressing", "soft_prop": "soft landing, propping up",
    "soft_cut": "soft landing, cutting off", "soft_press": "soft landing, pressing",
    "standing_now": "standing cost today", "standing_growth": "growth of that cost",
    "press_share": "standing cost kept if pressing",
}


def _decimal_year(dates: pd.Series) -> np.ndarray:
    return (dates.dt.year + (dates.dt.day_of_year - 1) / 365.0).to_numpy(dtype=float)


def _op_ed_line(ax, label: bool = True, y: float = 0.98, va: str = "top") -> None:
    ax.axvline(OP_ED, color=style.ACCENT, linewidth=1.6)
    ax.axvspan(OP_ED, 2026.5, color="#f2f2f2", zorder=0)
    if label:
        ax.text(OP_ED + 0.15, y, "the op-ed, Feb 2013:\nafter it, hindsight", transform=ax.get_xaxis_transform(),
                va=va, fontsize=10.5, color=style.ACCENT)


# ---- evidence --------------------------------------------------------------------------------------
def timeline_chart() -> style.Chart:
    """China-North Korea trade (Chinese customs) above a timeline of strains and thaws."""
    from .. import dilemma

    trade = data.load("china_nk_trade")
    trade = trade[trade["series"] == "china_customs"].sort_values("year")
    ev = dilemma.events()
    rec = data.load("china_nk_security_record")
    votes = rec[rec["kind"] == "un_vote"]
    fig, (top, bottom) = style.figure(11.5, 6.4, nrows=2, sharex=True, height_ratios=[1, 1.1])
    x = trade["year"].to_numpy(dtype=float) + 0.5
    top.plot(x, trade["total"], color=style.STUDENT)
    style_firm = (trade["confidence"] != "L").to_numpy()
    top.plot(x[style_firm], trade["total"][style_firm], "o", color=style.STUDENT, markersize=5)
    top.plot(x[~style_firm], trade["total"][~style_firm], "o", markerfacecolor="white", markeredgecolor=style.STUDENT,
             markersize=7, label="hollow = recalled only (not checked)")
    top.set_ylabel("China-NK trade\n(US$ bn, customs)")
    top.set_ylim(0, 7.5)
    top.legend(loc="upper left", fontsize=10.5)
    top.set_title("Strains and thaws against China-North Korea trade", loc="left")
    _op_ed_line(top, y=0.04, va="bottom")
    rows = [("UN votes", votes, None), ("THAAD (South Korea)", ev[ev["kind"] == "thaad"], None),
            ("launches over Japan", ev[ev["kind"] == "launch_over_japan"], None),
            ("Kim-Xi meetings", ev[ev["kind"] == "kim_xi_meeting"], None)]
    for i, (label, rows_, _) in enumerate(rows):
        y = len(rows) - 1 - i
        xs = _decimal_year(rows_["date"])
        if label == "UN votes":
            kinds = rows_["china_position"].to_numpy()
            for pos, marker, colour in (("yes", "o", style.OKABE_ITO["blue"]), ("veto", "X", style.ACCENT),
                                        ("abstain", "s", style.OKABE_ITO["orange"])):
                sel = kinds == pos
                bottom.plot(xs[sel], np.full(sel.sum(), y), marker, color=colour, markersize=9,
                            linestyle="none", label=f"China votes {pos}")
        else:
            strain = (rows_["direction"] == "strain").to_numpy()
            bottom.plot(xs[strain], np.full(strain.sum(), y), "v", color=style.ACCENT, markersize=9, linestyle="none")
            bottom.plot(xs[~strain], np.full((~strain).sum(), y), "^", color=style.OKABE_ITO["green"], markersize=9,
                        linestyle="none")
    bottom.plot([], [], "v", color=style.ACCENT, linestyle="none", label="strain")
    bottom.plot([], [], "^", color=style.OKABE_ITO["green"], linestyle="none", label="thaw")
    bottom.set_yticks(range(len(rows)), [r[0] for r in rows][::-1])
    bottom.set_ylim(-0.7, len(rows) - 0.3)
    bottom.legend(loc="upper left", ncol=5, fontsize=10, bbox_to_anchor=(0, -0.12))
    bottom.grid(axis="y", visible=False)
    _op_ed_line(bottom, label=False)
    bottom.set_xlim(1998, 2026.5)
    n_votes = len(votes)
    split = votes[votes["china_position"] != "yes"]
    alt = (f"Top: China-North Korea trade {int(trade['year'].min())}-{int(trade['year'].max())} (Chinese customs), "
           f"peaking at about {trade['total'].max():.1f} bn US$ in {int(trade.loc[trade['total'].idxmax(), 'year'])}. "
           f"Bottom: a timeline of {n_votes} UN Security Council votes (China voted yes on "
           f"{(votes['china_position'] == 'yes').sum()}, then "
           + ", ".join(f"{p} in {d:%Y}" for p, d in zip(split["china_position"], split["date"]))
           + f"), {len(ev[ev['kind'] == 'thaad'])} THAAD events in {ev[ev['kind'] == 'thaad']['date'].dt.year.min()}-"
           f"{ev[ev['kind'] == 'thaad']['date'].dt.year.max() % 100:02d}, {len(ev[ev['kind'] == 'launch_over_japan'])} "
           f"launches over Japan and {len(ev[ev['kind'] == 'kim_xi_meeting'])} Kim-Xi meetings; the op-ed's date, "
           "February 2013, is marked.")
    src = data.sources_for(list(trade["source_id"]) + list(votes["source_id"]) + list(ev["source_id"]))
    source = "Source: " + "; ".join(src["short_title"]) + (". Tables: data/china_nk_trade.csv, "
                                                          "china_nk_security_record.csv, dilemma_events.csv.")
    return style.Chart(fig, alt, source)


def opinion_chart() -> style.Chart:
    """Pew: shares of South Koreans and Japanese with an unfavourable (or favourable) view of China."""
    from .. import dilemma

    t = dilemma.opinion()
    pew = t[t["pollster"] == "Pew"]
    fig, ax = style.figure(11.5, 5.0)
    _op_ed_line(ax)
    ax.axvspan(2016.5, 2017.8, color=style.OKABE_ITO["yellow"], alpha=0.45, zorder=1)
    ax.text(2016.55, 97, "THAAD\ndispute", fontsize=10.5, va="top")
    colours = {c: style.COUNTRY[c] for c in ("South Korea", "Japan")}
    for country, colour in colours.items():
        u = pew[(pew["country"] == country) & (pew["measure"] == "unfavourable")]
        f = pew[(pew["country"] == country) & (pew["measure"] == "favourable")]
        ax.plot(u["year"], u["pct"], "-o", color=colour, label=f"{country}: unfavourable")
        ax.plot(f["year"], f["pct"], "--s", color=colour, markerfacecolor="white", label=f"{country}: favourable")
    ax.set_xlim(2012.5, 2024)
    ax.set_ylim(0, 100)
    ax.set_ylabel("share of adults (%)")
    ax.set_title("What China's neighbours think of China (Pew)", loc="left")
    ax.legend(loc="lower right", ncol=2, fontsize=10.5)
    sk = pew[(pew["country"] == "South Korea") & (pew["measure"] == "unfavourable")].set_index("year")["pct"]
    jp = pew[(pew["country"] == "Japan") & (pew["measure"] == "unfavourable")].set_index("year")["pct"]
    early = pew[(pew["year"] < sk.index[0]) & (pew["measure"] == "favourable")].sort_values(["country", "year"],
                                                                                          ascending=[False, True])
    alt = (f"Line chart of Pew polls: South Koreans unfavourable to China {sk.iloc[0]:.0f}% in {sk.index[0]}, "
           f"{sk[2017]:.0f}% in 2017 during THAAD, a record {sk.max():.0f}% in {sk.idxmax()}, {sk.iloc[-1]:.0f}% in "
           f"{sk.index[-1]}; Japanese unfavourable {jp.min():.0f}-{jp.max():.0f}% in {jp.index[0]}-{jp.index[-1]}. "
           f"Before {int(sk.index[0])} our data hold only favourable shares: "
           + "; ".join(f"{c} {', '.join(f'{r.pct:.0f}% in {r.year}' for r in g.itertuples())}"
                       for c, g in early.groupby("country", sort=False))
           + ". The op-ed's date is marked.")
    return style.Chart(fig, alt, data.source("dilemma_opinion", pew))


def trade_stake_chart() -> style.Chart:
    """Shares of China's total trade: South Korea, Japan and North Korea (Chinese customs)."""
    from .. import dilemma

    t = dilemma.trade_at_stake()
    fig, ax = style.figure(11.5, 4.2)
    parts = [(f"{c} (% of China's trade)", c, style.COUNTRY[c]) for c in ("South Korea", "Japan", "North Korea")]
    y = np.arange(len(t))
    width = 0.26
    for i, (col, label, colour) in enumerate(parts):
        ax.barh(y + (1 - i) * width, t[col], height=width, color=colour, label=label)
        for yy, v in zip(y + (1 - i) * width, t[col]):
            ax.text(v + 0.1, yy, f"{v:.2f}%" if v < 1 else f"{v:.1f}%", va="center", fontsize=11)
    ax.set_yticks(y, [str(v) for v in t.index])
    ax.invert_yaxis()
    ax.set_xlabel("share of China's total goods trade (%)")
    ax.set_xlim(0, 10)
    ax.set_title("What China trades with North Korea's neighbours, and with North Korea", loc="left")
    ax.legend(loc="lower right")
    alt = ("Bar chart of shares of China's goods trade (Chinese customs): "
           + "; ".join(f"{yr}: South Korea {r.iloc[0]:.1f}%, Japan {r.iloc[1]:.1f}%, North Korea {r.iloc[2]:.2f}%"
                       for yr, r in t.iterrows())
           + ". Trade with South Korea and Japan together is "
           + " and ".join(f"{v} times" for v in t["times North Korea's"]) + " the trade with North Korea.")
    rows = data.load("china_neighbour_trade")
    return style.Chart(fig, alt, data.source("china_neighbour_trade", rows[rows["basis"] == "china_customs"]))


def calibration_chart() -> style.Chart:
    """The growing cost calibrated on THAAD: Pew's observations beside two growth paths."""
    from .. import dilemma

    c = dilemma.calibration()
    fig, ax = style.figure(11.5, 4.6)
    ax.plot(c["year"], c["THAAD growth carried on"], **style.BASELINE_STYLE,
            label=f"THAAD growth carried on ({c.attrs['spike']:.0f}% a year from 2015)")
    ax.plot(c["year"], c["drift from 2017"], color=style.OKABE_ITO["green"], linewidth=2.6,
            label=f"the later drift ({c.attrs['drift']:.0f}% a year from 2017)")
    obs = c.dropna(subset=["observed (Pew, %)"])
    ax.plot(obs["year"], obs["observed (Pew, %)"], "o", color=style.STUDENT, markersize=9,
            label="observed: South Koreans unfavourable to China (Pew)")
    ax.set_ylim(0, 105)
    ax.set_ylabel("% (cost as share of the worst)")
    ax.set_title("A cost that grows: the THAAD spike, and what came after", loc="left")
    ax.legend(loc="lower right", fontsize=11)
    gap = int(np.ceil((c["drift from 2017"] - c["observed (Pew, %)"]).abs().max()))
    spike = c.dropna(subset=["THAAD growth carried on"])
    full = spike[spike["THAAD growth carried on"] >= 99.95]
    reach = (f"would reach 100% in {int(full['year'].iloc[0])}" if len(full) else
             f"would reach {spike['THAAD growth carried on'].iloc[-1]:.0f}% by {int(spike['year'].iloc[-1])}")
    alt = (f"Chart of Pew's share of South Koreans unfavourable to China, {int(obs['year'].min())}-"
           f"{int(obs['year'].max())}, with two model paths: THAAD's growth of {c.attrs['spike']:.0f}% a year carried "
           f"on {reach}; the later drift of {c.attrs['drift']:.0f}% a year "
           f"from 2017 stays within {gap:.0f} points of every observation.")
    return style.Chart(fig, alt, data.source("dilemma_opinion", dilemma.opinion("South Korea").query("pollster == 'Pew'")))


# ---- the decision model ------------------------------------------------------------------------------
def _tornado_axes(ax, tor: pd.DataFrame, rows: int, fontsize: float = 11) -> None:
    t = tor.head(rows).iloc[::-1]
    y = np.arange(len(t))
    lo = np.minimum(t["margin at low"], t["margin at high"])
    hi = np.maximum(t["margin at low"], t["margin at high"])
    crosses = t["flips"].to_numpy(dtype=bool)  # past the tie band to the other side of zero
    colours = np.where(crosses, style.ACCENT, style.OKABE_ITO["sky"])
    ax.barh(y, np.maximum(hi - lo, 0.3), left=lo, color=colours, height=0.62)  # a sliver where nothing moves
    ax.axvline(0, color="#333333", linewidth=1)
    ax.axvline(tor.attrs["margin"], color=style.STUDENT, linewidth=2.2)
    ax.set_yticks(y, [SHORT[c] for c in t["control"]], fontsize=fontsize)
    ax.grid(axis="y", visible=False)
    span = _tornado_span(np.concatenate([lo, hi, [tor.attrs["margin"]]]))
    ax.set_xlim(-span, span)


TORNADO_ROWS = 7
SPAN_STEP = 25.0  # the tornado's axis runs from -span to +span: the smallest multiple of 25 that holds every bar,
SPAN_MAX = 100.0  # never less than 25 (small effects are not blown up) and at most 100: costs are 0-100, so no
#                   margin lies outside +/-100 and no bar is ever clipped


def _tornado_span(values) -> float:
    """Half-width of a tornado axis that shows every value (margins, -100 to 100): a multiple of SPAN_STEP,
    at least one step. ValueError naming ``values`` for anything else."""
    values = check_numbers("values", values, -SPAN_MAX, SPAN_MAX, "margin points")
    top = float(np.max(np.abs(values), initial=0.0))
    return float(min(max(np.ceil(top * 1.02 / SPAN_STEP), 1.0) * SPAN_STEP, SPAN_MAX))


def panel_draw(fig, base, res, params):
    """The panel: expected cost per option (yours beside the article's) and the tornado.

    Fixed limits and ticks, and text labels instead of tick labels: :func:`panel_update` then only
    moves bars, lines and texts (matplotlib's tick machinery is most of a redraw's cost).
    """
    from .. import dilemma

    left, right = fig.subplots(1, 2, width_ratios=[1, 1.35])
    style.margins(fig, left=1.75, right=0.15, top=0.35, bottom=0.75, wspace=1.3)
    for ax in (left, right):
        ax.set_autoscale_on(False)
        ax.grid(axis="y", visible=False)
    left.set_xlim(0, 100)
    left.set_ylim(-0.6, 2.6)
    y = np.arange(3)[::-1].astype(float)
    left.set_yticks(y, [dilemma.OPTION_LABEL[o] for o in dilemma.OPTIONS], fontsize=11.5)
    left.set_xticks([0, 50, 100])
    bars = left.barh(y - 0.17, [0, 0, 0], height=0.34, color=style.STUDENT)  # your case: blue, as in every panel
    left.barh(y + 0.19, [base.expected[o] for o in dilemma.OPTIONS], height=0.3, fill=False,
              edgecolor=style.BASELINE, linestyle="--", linewidth=1.8)
    whiskers = [left.plot([0, 0], [yy - 0.17, yy - 0.17], color="#333333", linewidth=1.6)[0] for yy in y]
    values = [left.text(0, yy - 0.17, "", va="center", fontsize=11) for yy in y]
    left.set_xlabel("expected cost (0-100)\nline: +/- spread", fontsize=10.5)
    left.set_title("Cost of each option", loc="left", fontsize=12)

    # The tornado's axis follows its bars (_tornado_span): its tick labels are texts in axes coordinates, so
    # panel_update only sets the limits and three strings, never the tick machinery.
    right.set_xlim(-SPAN_STEP, SPAN_STEP)
    right.set_ylim(-0.6, TORNADO_ROWS - 0.4)
    right.set_yticks([])
    right.set_xticks([])
    right.grid(False)
    right.axvline(0, color="#333333", linewidth=1)
    under = blended_transform_factory(right.transAxes, right.transAxes)
    t_ticks = [right.text(x, -0.03, "", ha=ha, va="top", fontsize=12, transform=under)
               for x, ha in ((0.0, "left"), (0.5, "center"), (1.0, "right"))]
    rows = np.arange(TORNADO_ROWS)[::-1].astype(float)
    t_bars = right.barh(rows, np.zeros(TORNADO_ROWS), height=0.62, color=style.OKABE_ITO["sky"])
    beside = blended_transform_factory(right.transAxes, right.transData)
    t_labels = [right.text(-0.02, yy, "", ha="right", va="center", fontsize=10.5, transform=beside) for yy in rows]
    (margin_line,) = right.plot([0, 0], [-0.6, TORNADO_ROWS - 0.4], color=style.STUDENT, linewidth=2.2)
    right.set_xlabel("margin (> 0: propping up loses)\nred: flips it alone", fontsize=10.5, loc="right", labelpad=17)
    right.set_title("What could flip the verdict?", loc="left", x=-0.75, fontsize=12)
    handles = {"bars": bars, "whiskers": whiskers, "values": values, "t_bars": t_bars, "t_labels": t_labels,
               "margin": margin_line, "t_ticks": t_ticks, "tornado": right}
    panel_update(handles, base, res, params)
    return handles


def panel_update(handles, base, res, params) -> None:
    """Move what the settings change: the cost bars and spreads, the winner, the tornado rows."""
    from .. import dilemma

    for o, bar, whisker, text in zip(dilemma.OPTIONS, handles["bars"], handles["whiskers"], handles["values"]):
        e, s = res.expected[o], res.spread[o]
        win = res.winner == o
        bar.set_width(e)
        bar.set_edgecolor(style.OKABE_ITO["orange"] if win else "none")
        bar.set_linewidth(3 if win else 0)
        whisker.set_xdata([max(e - s, 0), min(e + s, 100)])
        text.set_x(min(e + s, 80) + 2)
        text.set_text(f"{e:.0f}" + ("  wins" if win else ""))
        text.set_fontweight("bold" if win else "normal")
    m_low, m_high, _, _, _, _ = dilemma._swings(dilemma._matrix(dict(params)))
    lo, hi = np.minimum(m_low, m_high), np.maximum(m_low, m_high)
    top = np.argsort(-(hi - lo), kind="stable")[:TORNADO_ROWS]
    lo, hi = lo[top], hi[top]
    span = _tornado_span(np.concatenate([lo, hi, [res.margin]]))  # the axis follows the bars shown
    handles["tornado"].set_xlim(-span, span)
    for text, v in zip(handles["t_ticks"], (-span, 0.0, span)):
        text.set_text(f"{v:+.0f}" if v else "0")
    for bar, label, i, a, b in zip(handles["t_bars"], handles["t_labels"], top, lo, hi):
        bar.set_x(a)
        bar.set_width(max(b - a, 0.3))
        flips = (a < -dilemma.TIE) if res.margin >= 0 else (b > dilemma.TIE)  # past the tie band, as in tornado()
        bar.set_color(style.ACCENT if flips else style.OKABE_ITO["sky"])
        label.set_text(SHORT[dilemma.NAMES[i]])
    handles["margin"].set_xdata([res.margin, res.margin])


def tornado_chart(**params) -> style.Chart:
    """The tornado for given settings (default: the article's case), all controls."""
    from .. import dilemma

    tor = dilemma.tornado(**params)
    fig, ax = style.figure(11.5, 6.2)
    _tornado_axes(ax, tor, rows=len(tor))
    ax.set_xlabel("losing-battle margin: propping up's cost minus the best alternative's (> 0: a losing battle)")
    ax.set_title("Each control alone, from the low to the high end of its range", loc="left")
    ax.legend(handles=[Patch(color=style.ACCENT, label="crosses 0 beyond the tie band: this control alone can flip the verdict"),
                       Patch(color=style.OKABE_ITO["sky"], label="does not (or only to about even)"),
                       Patch(color=style.STUDENT, label="blue line: the margin at these settings")],
              loc="lower right", fontsize=10.5)
    flips = tor[tor["flips"]]
    alt = (f"Tornado chart: the losing-battle margin is {tor.attrs['margin']:+.1f} at these settings. The widest swing "
           f"comes from {SHORT[tor['control'].iloc[0]]} ({tor['margin at low'].iloc[0]:+.0f} to "
           f"{tor['margin at high'].iloc[0]:+.0f}). {len(flips)} of {len(tor)} controls can flip the verdict alone"
           + (": " + ", ".join(SHORT[c] for c in flips["control"]) if len(flips) else "") + ".")
    return style.Chart(fig, alt, dilemma._source())


def regions_chart(x: str = "collapse_cut", y: str = "w_standing", **params) -> style.Chart:
    """Where each option wins over two controls (the others as given), with your point marked."""
    from .. import dilemma

    r = dilemma.regions(x, y, **params)
    cx, cy = dilemma._control(x), dilemma._control(y)
    fig, ax = style.figure(11.5, 5.8)
    cmap = ListedColormap([OPTION_COLOUR[o] for o in dilemma.OPTIONS])
    ax.imshow(r["winner"], origin="lower", aspect="auto", cmap=cmap, vmin=-0.5, vmax=2.5, alpha=0.85,
              extent=(cx.low, cx.high, cy.low, cy.high), interpolation="nearest")
    ax.contour(r["xs"], r["ys"], r["margin"], levels=[0], colors="black", linewidths=2)
    ax.plot(*r["point"], marker="*", markersize=20, color="white", markeredgecolor="black")
    ax.set_xlabel(f"{cx.label} ({cx.unit})")
    ax.set_ylabel(f"{cy.label}\n({cy.unit})")
    ax.grid(False)
    ax.set_title("Where each option wins", loc="left")
    ax.legend(handles=[Patch(color=OPTION_COLOUR[o], label=dilemma.OPTION_LABEL[o]) for o in dilemma.OPTIONS]
              + [ax.plot([], [], color="black", linewidth=2, label="black line: propping up breaks even")[0],
                 ax.plot([], [], "*", color="white", markeredgecolor="black", markersize=14,
                         label="star: these settings")[0]],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=10.5)
    shares = {o: float((r["winner"] == i).mean()) for i, o in enumerate(dilemma.OPTIONS)}
    alt = (f"Map over '{cx.label}' ({cx.low:g}-{cx.high:g}) and '{cy.label}' ({cy.low:g}-{cy.high:g}): "
           + ", ".join(f"{dilemma.OPTION_LABEL[o]} wins in {100 * s:.0f}% of it" for o, s in shares.items())
           + f"; the star marks these settings ({r['point'][0]:g}, {r['point'][1]:g}).")
    return style.Chart(fig, alt, dilemma._source())


# ---- display tables of the evidence (the notebook calls them through helpers.dilemma) --------------
def thaad_costs() -> pd.DataFrame:
    """The THAAD dispute's costs (data/dilemma_thaad_costs.csv), one line per estimate."""
    t = data.load("dilemma_thaad_costs")
    out = pd.DataFrame({"estimate of": t["item"].str.replace("_", " "), "who": t["who_pays"],
                        "as of": t["as_of"].dt.strftime("%Y-%m-%d"), "value": t["value"].map(lambda v: f"{v:g}"),
                        "unit": t["unit"], "confidence": t["confidence"], "what it is": t["note"]})
    return out
