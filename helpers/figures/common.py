"""Charts of tables that more than one notebook shows: drawn once, the same in every notebook."""

from __future__ import annotations

from .. import data, style


def warheads_chart() -> style.Chart:
    """SIPRI and FAS warhead estimates by year, with SIPRI's 2022 change of method marked."""
    w = data.load("warheads")
    fig, ax = style.figure(11.5, 5.8)
    sipri = w[w["estimator"] == "SIPRI"].sort_values("year")
    fas = w[w["estimator"] == "FAS"].sort_values("year")
    mat = sipri.dropna(subset=["material_high"])
    style.range_bars(ax, mat["year"] + 0.12, mat["material_low"].fillna(mat["warheads_high"]), mat["material_high"],
                     style.OKABE_ITO["sky"], width=9, alpha=0.6, label="SIPRI: enough material for (2022 on)")
    rng = sipri[sipri["warheads_low"] < sipri["warheads_high"]]
    pts = sipri[sipri["warheads_low"] == sipri["warheads_high"]]
    style.range_bars(ax, rng["year"], rng["warheads_low"], rng["warheads_high"], style.STUDENT, width=9,
                     label="SIPRI estimate (range)")
    ax.plot(pts["year"], pts["warheads_low"], "D", color=style.STUDENT, markersize=10, label="SIPRI estimate (single value)")
    ax.plot(fas["year"], (fas["warheads_low"] + fas["warheads_high"]) / 2, marker="s", markersize=8,
            color=style.OKABE_ITO["orange"], linewidth=2.2, label="FAS estimate")
    style.event_lines(ax, [2021.5], color=style.ACCENT, linestyle="--", linewidth=2)
    ax.text(2021.4, 84, "SIPRI changes method:\nbefore, what the material could make;\nfrom 2022, warheads assembled",
            ha="right", va="top", fontsize=11, color=style.ACCENT)
    ax.set_xlim(2012, int(w["year"].max()) + 1)
    ax.set_ylim(0, 95)
    ax.set_xlabel("year (estimates as of January)")
    ax.set_ylabel("nuclear warheads")
    ax.set_title("How many warheads? Two estimators, one break in the series", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.78))
    ax.grid(axis="x", visible=False)
    def _switch(rows) -> int:
        """The last year in which the estimator changed what it counts."""
        return int(rows.loc[rows["counts"] != rows["counts"].shift(), "year"].iloc[-1])

    switch = _switch(sipri)
    first, before, after, last = (sipri.iloc[0], sipri[sipri["year"] < switch].iloc[-1],
                                  sipri[sipri["year"] == switch].iloc[0], sipri.iloc[-1])

    def _r(row) -> str:
        lo, hi = int(row["warheads_low"]), int(row["warheads_high"])
        return f"{lo}-{hi}" if lo < hi else f"about {lo}"

    alt = (f"Chart of North Korea's nuclear warheads by year: SIPRI estimates rise from {_r(first)} in "
           f"{int(first['year'])} to {_r(before)} in {int(before['year'])}, then drop to {_r(after)} in {switch} "
           f"because SIPRI switched to counting assembled warheads (marked by a dashed line), and reach {_r(last)} "
           f"in {int(last['year'])}; FAS estimates follow a similar path, with their own drop in {_switch(fas)}.")
    return style.Chart(fig, alt, data.source("warheads"))
