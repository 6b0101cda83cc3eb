"""Figures of notebook 06 (The verdict); the notebook calls them through helpers.verdict.

The scenario panel, the scorecard and the timeline, the class summary's chart, and the two widgets
of the notebook: the scorecard explorer (sort and filter) and the verdict form (confidence now, a short
verdict, export).
"""

from __future__ import annotations

import html
import math
import textwrap

import numpy as np
import pandas as pd

from .. import data, style
from ..checks import check_choice, check_int, check_numbers, check_text, check_type

OKI = style.OKABE_ITO
STATE_COLOURS = (OKI["blue"], OKI["vermillion"], OKI["green"])  # muddling through, collapse, soft landing
OUTCOME_ORDER = ("held", "partly held", "did not hold", "cannot be tested")
OUTCOME_COLOURS = {"held": OKI["green"], "partly held": OKI["yellow"], "did not hold": OKI["vermillion"],
                   "cannot be tested": "#b8b8b8"}
OUTCOME_HATCH = {"held": "", "partly held": "//", "did not hold": "xx", "cannot be tested": ".."}
LANES = {"nuclear": "nuclear and missiles", "missiles": "nuclear and missiles", "sanctions": "UN sanctions",
         "diplomacy": "talks and allies", "China": "talks and allies", "Russia": "talks and allies",
         "neighbours": "talks and allies", "reform": "reform and retreat", "retrenchment": "reform and retreat",
         "politics": "the regime at home", "border": "the regime at home", "the op-ed": "the op-ed"}


# ---- the scenario panel ---------------------------------------------------------------------------
def scenario_panel(fig, base: dict, res: dict, params):
    """Share of paths in each state by year, with the 5th-95th percentile band across worlds (yours in
    colour, the article's case as grey dashed lines), and the real decade as a strip along the top."""
    from ..verdict import STATES

    ax = fig.subplots()
    fig.subplots_adjust(left=0.11, right=0.97, top=0.95, bottom=0.36)
    years = res["years"]
    for i in range(len(STATES)):
        ax.plot(base["years"], 100 * base["share"][i], **style.BASELINE_STYLE, zorder=2,
                label="the article's case" if i == 0 else None)
    lines, fills = [], []
    for i, name in enumerate(STATES):
        fills.append(ax.fill_between(years, 100 * res["low"][i], 100 * res["high"][i], color=STATE_COLOURS[i],
                                     alpha=0.18, linewidth=0))
        (line,) = ax.plot(years, 100 * res["share"][i], color=STATE_COLOURS[i], linewidth=3,
                          marker="os^"[i], markersize=5, label=f"yours: {name}", zorder=3)
        lines.append(line)
    ax.plot(years[1:], np.full(len(years) - 1, 103), "s", color="black", markersize=6, clip_on=False,
            label="what happened: muddling through every year")
    ax.set(xlim=(years[0] - 0.3, years[-1] + 0.3), ylim=(0, 106),
           xlabel="year (paths start in February 2013)\nbands: 5th-95th percentile across 100 worlds",
           ylabel="share of paths (%)")
    ax.set_xticks(years[::2])
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.3), ncol=2, fontsize=10, frameon=False)
    return {"ax": ax, "lines": lines, "fills": fills}


def scenario_panel_update(handles, base: dict, res: dict, params) -> None:
    """Move the lines and the bands (much faster than a full redraw)."""
    for i, line in enumerate(handles["lines"]):
        line.set_ydata(100 * res["share"][i])
        handles["fills"][i].set_data(res["years"], 100 * res["low"][i], 100 * res["high"][i])


# ---- the scorecard and the timeline ------------------------------------------------------------------
def scorecard_chart() -> style.Chart:
    """How each notebook's claims fared: one stacked bar per notebook, one segment per outcome."""
    from ..hindsight import scored

    s = scored()
    counts = pd.crosstab(s["examined in"], s["outcome"]).reindex(columns=list(OUTCOME_ORDER), fill_value=0)
    counts = counts.sort_index(ascending=False)
    fig, ax = style.figure(10.5, 4.6)
    left = np.zeros(len(counts))
    from ..course import notebook

    labels = [f"{stem[:2]} {notebook(stem).title}" for stem in counts.index]
    for outcome in OUTCOME_ORDER:
        n = counts[outcome].to_numpy()
        ax.barh(labels, n, left=left, color=OUTCOME_COLOURS[outcome], hatch=OUTCOME_HATCH[outcome],
                edgecolor="white", label=outcome)
        for y, (x0, k) in enumerate(zip(left, n)):
            if k:
                ax.text(x0 + k / 2, y, str(k), ha="center", va="center", fontsize=11)
        left += n
    ax.set(xlabel="claims in the registry", xlim=(0, left.max() + 0.5))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False)
    ax.grid(axis="y", visible=False)
    total = s["outcome"].value_counts().reindex(list(OUTCOME_ORDER), fill_value=0)
    alt = ("Stacked bar chart of the registry's " + str(len(s)) + " claims by the notebook that examines them: "
           + ", ".join(f"{n} {o}" for o, n in total.items()) + " in all; "
           + "; ".join(f"{lab}: " + ", ".join(f"{int(k)} {o}" for o, k in row.items() if k)
                       for lab, (_, row) in zip(labels, counts.iterrows())) + ".")
    return style.Chart(fig, alt, "Source: Soft Landing course team (2026), the course's scoring (data/claim_outcomes.csv); "
                                 "the source of each claim's evidence is named in the scorecard below. Claims: data/claims.csv.")


def timeline_chart() -> style.Chart:
    """The dated events since February 2013 in lanes by kind, the op-ed's date marked."""
    t = data.load("verdict_timeline")
    lanes = list(dict.fromkeys(LANES[k] for k in ["the op-ed", "nuclear", "sanctions", "diplomacy", "reform", "politics"]))
    fig, ax = style.figure(11.0, 4.2)
    x = (t["date"].dt.year + (t["date"].dt.day_of_year - 1) / 365.0).to_numpy(dtype=float)
    y = np.array([lanes.index(LANES[k]) for k in t["kind"]])
    for lane in range(len(lanes)):
        ax.axhline(lane, color="#dddddd", linewidth=1, zorder=0)
    ax.scatter(x, y, s=70, color=[STATE_COLOURS[0] if LANES[k] != "reform and retreat" else
                                  (OKI["green"] if k == "reform" else OKI["vermillion"]) for k in t["kind"]],
               edgecolor="black", linewidth=0.6, zorder=3)
    op_ed = x[t["kind"].to_numpy() == "the op-ed"][0]
    ax.axvline(op_ed, color="#333333", linestyle="--", linewidth=1.4)
    ax.text(op_ed + 0.1, -0.55, "op-ed: after this line, hindsight", fontsize=10, va="bottom", clip_on=False)
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set(xlim=(2012.8, 2026.5), ylim=(len(lanes) - 0.5, -0.5), xlabel="year")
    ax.grid(axis="y", visible=False)
    per_lane = pd.Series(y).map(dict(enumerate(lanes))).value_counts()
    alt = (f"Timeline of {len(t)} dated events from {t['date'].min():%B %Y} to {t['date'].max():%B %Y} in lanes: "
           + ", ".join(f"{per_lane.get(lane, 0)} {lane}" for lane in lanes)
           + "; a dashed line marks the op-ed of 20 February 2013. Green dots are reforms, orange dots retreats.")
    return style.Chart(fig, alt, data.source("verdict_timeline"))


# ---- the class summary ---------------------------------------------------------------------------------
def class_chart(table: pd.DataFrame, n: int) -> style.Chart:
    """Start against end per main claim: each claim's mean at the start (hollow) and at the end (filled)
    with an arrow, and the spread (25th-75th percentile) at the end as a bar; readable on a projector."""
    check_type("table", table, pd.DataFrame, "the class summary's table (a pandas DataFrame)")
    for col in ("start mean", "end mean", "end q25", "end q75"):
        if col not in table.columns:
            raise ValueError(f"table must have a column {col!r} (the class summary's table)")
        check_numbers(f"table[{col!r}]", table[col], 0, 100, "percent", missing=True)
    n = check_int("n", n, 0, 100_000, "verdicts")
    fig, ax = style.figure(11.0, 5.4)
    rows = list(table.index)[::-1]
    first_alone = True
    for y, cid in enumerate(rows):
        r = table.loc[cid]
        ax.plot([r["end q25"], r["end q75"]], [y, y], color=OKI["sky"], linewidth=10, alpha=0.6, solid_capstyle="butt",
                label="middle half of the class at the end" if y == 0 else None)
        if not np.isnan(r["start mean"]):
            ax.annotate("", xy=(r["end mean"], y), xytext=(r["start mean"], y),
                        arrowprops={"arrowstyle": "->", "color": "#333333", "linewidth": 1.6})
            ax.plot(r["start mean"], y, "o", markersize=11, markerfacecolor="white", markeredgecolor="#333333",
                    markeredgewidth=2, label="mean at the start (students with a start)" if y == 0 else None)
        if not np.isnan(r["end mean"]):
            ax.plot(r["end mean"], y, "o", markersize=11, color=style.STUDENT,
                    label="mean at the end (students with a start)" if y == 0 else None)
        alone = r.get("end mean (no start)", math.nan)
        if not np.isnan(alone):
            ax.plot(alone, y, "D", markersize=9, color="#777777", label="end only (students without a start)" if first_alone else None)
            first_alone = False
    short = {cid: "\n".join(textwrap.wrap(f"{cid}: " + textwrap.shorten(table.loc[cid, "claim"], 100, placeholder="..."), 38))
             for cid in rows}
    ax.set_yticks(range(len(rows)), [short[cid] for cid in rows], fontsize=11)
    paired = int(table["with a start"].iloc[0]) if "with a start" in table.columns and len(table) else n
    ax.set(xlim=(0, 100), xlabel=f"how sure (%), {n} verdicts, {paired} of {n} with a start")
    fig.legend(loc="outside upper center", ncol=3, frameon=False, fontsize=11)
    def said(cid):
        r = table.loc[cid]
        if not np.isnan(r["start mean"]):
            return f"{cid} {r['start mean']:.0f} to {r['end mean']:.0f}"
        return f"{cid} {r.get('end mean (no start)', math.nan):.0f} at the end"

    moved = ", ".join(said(cid) for cid in table.index)
    alt = (f"Dot-and-arrow chart of the class's confidence in the six main claims ({n} verdicts, {paired} with a "
           f"start), start to end for those with a start: {moved}.")
    return style.Chart(fig, alt, "Source: the class's exported verdicts (notebook 06); claims: data/claims.csv.")


# ---- widgets ---------------------------------------------------------------------------------------------
class ScorecardExplorer:
    """The scorecard as a table to sort and filter with two named drop-downs and a search box (keyboard:
    Tab to a control, arrows to choose). Without a kernel: the whole table, in registry order."""

    SORTS = {"registry order": ["id"], "outcome": ["outcome", "id"], "notebook": ["examined in", "id"],
             "kind of claim": ["kind", "id"]}

    def __init__(self, table: pd.DataFrame):
        self.table = check_type("table", table, pd.DataFrame, "the scorecard (a DataFrame, verdict.scorecard())")
        self._box = None

    def view(self, sort: str = "registry order", show: str = "all claims", search: str = "") -> pd.DataFrame:
        """The rows shown for these settings (what the widget displays)."""
        check_choice("sort", sort, list(self.SORTS))
        check_choice("show", show, ["all claims", "main claims", *OUTCOME_ORDER])
        search = check_text("search", search, empty=True, limit=200)
        t = self.table
        if show == "main claims":
            t = t[t["main"]]
        elif show in OUTCOME_ORDER:
            t = t[t["outcome"] == show]
        if search.strip():
            words = search.strip().lower()
            t = t[t[["id", "claim", "evidence", "criterion"]].apply(lambda c: c.str.lower().str.contains(words, regex=False)).any(axis=1)]
        key = t["outcome"].map({o: i for i, o in enumerate(OUTCOME_ORDER)}) if sort == "outcome" else None
        t = t.assign(_k=key).sort_values(["_k", "id"] if key is not None else self.SORTS[sort], kind="stable")
        return t.drop(columns=["_k", "main"]).set_index("id")

    COLUMNS = ("outcome", "claim", "criterion", "evidence", "source", "examined in")
    CSS = ("<style>.scorecard-scroll{max-height:520px;overflow:auto;border:1px solid #ccc}"
           ".scorecard-table{border-collapse:collapse;font-size:13px;line-height:1.35}"
           ".scorecard-table th,.scorecard-table td{padding:3px 6px;vertical-align:top;text-align:left;"
           "border-bottom:1px solid #e3e3e3}.scorecard-table th{position:sticky;top:0;background:#f3f3f3}</style>")

    def _html(self, view: pd.DataFrame) -> str:
        caption = f"<div role='status' aria-live='polite'>{len(view)} of {len(self.table)} claims shown</div>"
        head = "<tr><th scope='col'>id</th>" + "".join(f"<th scope='col'>{_escape(c)}</th>" for c in self.COLUMNS) + "</tr>"
        rows = []
        for cid, r in view.iterrows():
            cells = [f"<b>{_escape(r['outcome'])}</b>", _escape(r["claim"]), _escape(r["criterion"]),
                     _escape(r["evidence"]), _escape(r["source"]), _escape(str(r["examined in"])[:2])]
            rows.append(f"<tr><th scope='row'>{_escape(cid)}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return (self.CSS + caption + "<div class='scorecard-scroll' tabindex='0' role='region' aria-label='Scorecard "
                "table (scrolls)'><table class='scorecard-table'>" + head + "".join(rows) + "</table></div>")

    @property
    def widget(self):
        if self._box is None:
            import ipywidgets as W

            from ..choice import Choice  # a native <select>: arrow keys choose, JupyterLab does not take them

            sort = Choice(options=list(self.SORTS), value="registry order", label="Sort by",
                          help="The order of the rows")
            show = Choice(options=["all claims", "main claims", *OUTCOME_ORDER], value="all claims", label="Show",
                          help="Which claims to show")
            search = W.Text(value="", description="Search", placeholder="a word, e.g. refugees")
            out = W.HTML(self._html(self.view()))

            def refresh(_change=None):
                out.value = self._html(self.view(sort.value, show.value, search.value))

            for w in (sort, show, search):
                w.observe(refresh, names="value")
            self._box = W.VBox([W.HBox([sort, show, search], layout=W.Layout(flex_flow="row wrap")), out])
            self._box.add_class("scorecard-explorer")
        return self._box

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/html"] = self._html(self.view())
        bundle["text/plain"] = f"Scorecard: {len(self.table)} claims (run the notebook to sort and filter)."
        return bundle


def _escape(text) -> str:
    """Text from a saved file, safe to put in HTML."""
    return html.escape(str(text), quote=True)
