"""Then and since: what the op-ed's author could know on 20 February 2013, and what came after.

Every notebook sets the article's time apart from hindsight. The sentences and tables that do it are
computed here from data/, one function per notebook, and re-exported by the notebook's companion
module (``deterrent.then_and_since()``, ``exodus.known_in_2013()``...), so the companion modules keep
to their model, what-if, evidence tables and questions.
"""

from __future__ import annotations

import pandas as pd

from . import data
from .checks import check_text
from .course import OP_ED_DATE

__all__ = ["deterrent_then_and_since", "course_then_and_since", "exodus_known_in_2013",
           "exodus_stakes_then_and_now", "lifeline_known_in_2013", "scored"]


# ---- 00: the whole course ---------------------------------------------------------------------------
def course_then_and_since() -> pd.DataFrame:
    """What the op-ed's author could know on 20 February 2013 beside what came after, across the
    course (every figure from data/; the deterrent's rows come from :func:`deterrent_then_and_since`)."""
    cut = OP_ED_DATE
    out = deterrent_then_and_since().loc[["nuclear tests", "largest test's magnitude (mb, all agencies)",
                                          "UN sanctions resolutions China voted for",
                                          "North Korea's alliance treaties"]]
    cols = list(out.columns)

    d = data.load("defectors").set_index("year")
    then_d = d[d.index < cut.year]
    after_d = d[(d.index >= cut.year)]
    sealed = int(d.index[d["note"].fillna("").str.contains("seals its border")][0])
    open_years = after_d[after_d.index < sealed]
    low = after_d["arrivals"].idxmin()
    latest = after_d.index.max()
    out.loc["defectors reaching South Korea a year"] = (
        f"{then_d['arrivals'].iloc[-1]:,} in {then_d.index.max()} (peak {then_d['arrivals'].max():,} in "
        f"{then_d['arrivals'].idxmax()})",
        f"{open_years['arrivals'].min():,}-{open_years['arrivals'].max():,} a year in {open_years.index.min()}-"
        f"{open_years.index.max()}; {after_d.loc[low, 'arrivals']:,} in {low} (border sealed in {sealed}); "
        f"{after_d.loc[latest, 'arrivals']:,} in {latest}" + (" (provisional)" if after_d.loc[latest, "provisional"] else ""))

    t = data.load("china_nk_trade")
    t = t[t["series"] == "china_customs"].set_index("year")
    recent = t[(t.index >= cut.year - 3) & (t.index < cut.year)]
    rough = [str(y) for y in recent.index if recent.loc[y, "confidence"] == "L"]
    after_t = t[t.index >= cut.year]
    last_t = after_t.index.max()
    out.loc["China-North Korea trade (Chinese customs, bn US$)"] = (
        ", ".join(f"{recent.loc[y, 'total']:g} in {y}" for y in recent.index)
        + (f" ({' and '.join(rough)} approximate, not checked against a source)" if rough else ""),
        f"peak {after_t['total'].max():g} in {after_t['total'].idxmax()}; {after_t['total'].min():g} in "
        f"{after_t['total'].idxmin()}; {after_t.loc[last_t, 'total']:g} in {last_t}"
        + (" (provisional)" if after_t.loc[last_t, "provisional"] else ""))

    s = data.load("nk_trade_share").set_index("year")
    s_then, s_now = s[s.index < cut.year], s.index.max()
    last_then = s_then.index.max()  # KOTRA publishes a year's report the next summer
    earlier = [y for y in s_then.index if y < last_then][-1:]
    out.loc["China's share of North Korea's trade (KOTRA)"] = (
        f"{s_then.loc[last_then, 'china_share_pct']:g}% in {last_then} (KOTRA's latest annual report then"
        + "".join(f"; {s_then.loc[y, 'china_share_pct']:g}% in {y}" for y in earlier) + ")",
        f"{s.loc[s_now, 'china_share_pct']:g}% in {s_now}")
    out.columns = cols
    return out


# ---- 01: the deterrent ----------------------------------------------------------------------------
def _resolution(event: str) -> str:
    """The resolution number in a record's event text ("... resolution 1695 (...)")."""
    words = event.split()
    return words[words.index("resolution") + 1] if "resolution" in words else event


def deterrent_then_and_since() -> pd.DataFrame:
    """The deterrent's record split at the op-ed's date (20 February 2013), every figure from data/:
    what the author could know then, and what came after (hindsight)."""
    cut = OP_ED_DATE
    nukes = data.load("nuclear_tests")
    mags = data.load("nuclear_test_magnitudes")
    before, after = nukes[nukes["date"] <= cut], nukes[nukes["date"] > cut]
    last = before.iloc[-1]
    # the largest test the author knew of, with the magnitudes as first reported then
    known = mags[mags["test_no"].isin(before["test_no"])].assign(
        first=lambda m: m["mb_first_reported"].fillna(m["mb"]))
    top_then = int(known.groupby("test_no")["first"].max().idxmax())
    first_mb = known.loc[known["test_no"] == top_then, "first"]
    usgs = known[(known["test_no"] == top_then) & (known["agency"] == "USGS")].iloc[0]
    top_now = int(mags.groupby("test_no")["mb"].max().idxmax())
    big = mags[mags["test_no"] == top_now]

    tests = deterrent.missile_tests()
    m_before = tests[tests["date"] <= cut]
    kju = m_before[m_before["leader"] == "Kim Jong Un"]
    complete = tests[(tests["date"] > cut) & ~tests["provisional"]]
    icbm = tests.loc[tests["missile_class"] == "ICBM", "date"].min()
    peak = deterrent.peak_year()

    rec = data.load("china_nk_security_record")
    yes = rec[(rec["kind"] == "un_vote") & (rec["china_position"] == "yes")]
    y_then, y_after = yes[yes["date"] <= cut], yes[yes["date"] > cut]
    later = rec[(rec["date"] > y_after["date"].max()) & (rec["kind"] == "un_vote")]
    treaty = rec[rec["kind"] == "treaty"].iloc[0]
    russia = rec[rec["event"].str.contains("Russia") & rec["event"].str.contains("Treaty")]

    w = data.load("warheads")
    sipri = w[w["estimator"] == "SIPRI"].sort_values("year")
    w_then, w_now = sipri[sipri["year"] <= cut.year].iloc[-1], sipri.iloc[-1]

    def _res(rows) -> str:
        r = rows.sort_values("date")
        return (f"{_resolution(r['event'].iloc[0])} ({r['date'].iloc[0]:%B %Y}) to "
                f"{_resolution(r['event'].iloc[-1])} ({r['date'].iloc[-1]:%B %Y})")

    def _range(lo, hi) -> str:
        return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"

    rows = {
        "nuclear tests": (
            f"{len(before)}: {', '.join(f'{d:%Y-%m}' for d in before['date'])}; the latest "
            f"{(cut - last['date']).days} days before the op-ed",
            f"{len(after)} more: {', '.join(f'{d:%Y-%m}' for d in after['date'])}; none since"),
        "largest test's magnitude (mb, all agencies)": (
            f"{first_mb.min():g} to {first_mb.max():g} as first reported (test {top_then}; the USGS "
            f"first said {usgs['mb_first_reported']:g}, now {usgs['mb']:g})",
            f"{big['mb_low'].min():g} to {big['mb_high'].max():g} (test {top_now}, "
            f"{nukes.loc[nukes['test_no'] == top_now, 'date'].iloc[0]:%Y})"),
        "missiles launched (CNS count)": (
            f"{len(m_before)} from {m_before['date'].min():%Y} to {m_before['date'].max():%Y}, "
            f"{len(kju)} of them under Kim Jong Un",
            f"{len(complete)} from the op-ed to the end of {complete['date'].max():%Y} (later years provisional); "
            f"peak {peak['missiles']} in {peak['year']}; first ICBM {icbm:%B %Y}"),
        "UN sanctions resolutions China voted for": (
            f"{len(y_then)}: {_res(y_then)}",
            f"{len(y_after)} more: {_res(y_after)}; then "
            + ", ".join(f"{'a veto' if p == 'veto' else 'an abstention'} ({d:%Y})"
                        for p, d in zip(later["china_position"], later["date"]))),
        "North Korea's alliance treaties": (
            f"with China only ({treaty['date']:%Y})",
            f"with Russia too (signed {russia['date'].iloc[0]:%B %Y})" if len(russia) else "with China only"),
        "warheads (SIPRI's estimates)": (
            f"January {int(w_then['year'])}: {_range(w_then['warheads_low'], w_then['warheads_high'])} "
            f"({w_then['counts']}; an estimate published after the op-ed)",
            f"January {int(w_now['year'])}: about {_range(w_now['warheads_low'], w_now['warheads_high'])} "
            f"({w_now['counts']}; material for up to {w_now['material_high']:g})"),
    }
    out = pd.DataFrame.from_dict(rows, orient="index",
                                 columns=[f"by {cut:%d %B %Y} (the author could know)", "after (hindsight)"])
    out.index.name = "what"
    return out


# ---- 02: collapse and exodus ----------------------------------------------------------------------
def exodus_known_in_2013() -> str:
    """What the op-ed's author could know in February 2013, then what came next: a sentence from data/."""
    tests = data.load("nuclear_tests")
    before = tests[pd.to_datetime(tests["date"]) <= OP_ED_DATE]
    d = data.load("defectors").set_index("year")["arrivals"]
    peak = int(d.loc[:OP_ED_DATE.year - 1].idxmax())
    last = OP_ED_DATE.year - 1
    e = data.load("nk_in_china_estimates")
    hiding = e[(e["what"] == "hiding in China") & (e["year"] < OP_ED_DATE.year)]
    lo = hiding[["value", "value_low", "value_high"]].min().min()
    hi = hiding[["value", "value_low", "value_high"]].max().max()
    w = data.load("warheads")
    w13 = w[w["year"] == OP_ED_DATE.year].set_index("estimator")
    after = tests[pd.to_datetime(tests["date"]) > OP_ED_DATE]
    low_year = int(d.loc[OP_ED_DATE.year:].idxmin())
    returns = e[e["what"].str.startswith("known forced returns")].iloc[-1]
    return (f"Known in February {OP_ED_DATE.year}: {len(before)} nuclear tests, the latest on "
            f"{pd.Timestamp(before['date'].iloc[-1]):%d %B %Y}; {d.loc[last]:,} North Koreans reached South Korea in "
            f"{last}, down from a peak of {d.loc[peak]:,} in {peak}; estimates of those hiding in China ran from "
            f"{lo:,.0f} to {hi:,.0f} ({int(hiding['year'].min())}-{int(hiding['year'].max())}). "
            f"What came next: SIPRI's estimate as of January {OP_ED_DATE.year} (published in June "
            f"{OP_ED_DATE.year}) was material for {w13.loc['SIPRI', 'warheads_low']}-"
            f"{w13.loc['SIPRI', 'warheads_high']} warheads, and FAS listed {w13.loc['FAS', 'warheads_high']} as "
            f"deployed; {len(after)} more tests ({pd.Timestamp(after['date'].min()).year}-"
            f"{pd.Timestamp(after['date'].max()).year}); arrivals fell to {d.loc[low_year]} in {low_year} after North "
            f"Korea sealed its border in 2020; at least {returns['value_low']:,.0f} known forced returns from China "
            f"between 2020 and October {int(returns['year'])}.")


def exodus_stakes_then_and_now() -> str:
    """The loose-nukes stakes in February 2013 and now, like with like (SIPRI's count of the warheads the
    fissile material could make), as a range: a sentence from data/warheads.csv."""
    w = data.load("warheads")
    s = w[w["estimator"] == "SIPRI"].set_index("year")
    then_lo, then_hi = int(s.loc[OP_ED_DATE.year, "warheads_low"]), int(s.loc[OP_ED_DATE.year, "warheads_high"])
    mat = s[s["material_high"].notna()]
    both = mat[mat["material_low"].notna()]
    y_lo, y_hi = int(both.index.max()), int(mat.index.max())
    now_lo, now_hi = int(both.loc[y_lo, "material_low"]), int(mat.loc[y_hi, "material_high"])
    first = int(s.index[s["counts"] == "assembled warheads"].min())
    f = w[(w["estimator"] == "FAS") & (w["counts"] == "assembled warheads")].set_index("year").sort_index()
    return (f"Like with like (SIPRI's count of the warheads the fissile material could make): "
            f"{then_lo}-{then_hi} in January {OP_ED_DATE.year}, against {now_lo}-{int(both.loc[y_lo, 'material_high'])} "
            f"in January {y_lo} and up to {now_hi} in January {y_hi}: roughly {now_lo / then_hi:.0f} to "
            f"{now_hi / then_lo:.0f} times as many. Counting assembled warheads instead: FAS counted "
            f"{f.loc[OP_ED_DATE.year, 'warheads_high']} in {OP_ED_DATE.year} and about {f['warheads_high'].iloc[-1]} in "
            f"{f.index[-1]}; SIPRI's own count of assembled warheads starts only in {first} (about "
            f"{s.loc[first, 'warheads_high']}) and is about {s.loc[y_hi, 'warheads_high']} in {y_hi}.")


# ---- 03: China's lifeline -------------------------------------------------------------------------
def lifeline_known_in_2013() -> str:
    """What the op-ed's author could know in February 2013 about China's lifeline, then what came next:
    a sentence computed from data/ (figures the fact sheet only recalls are said to be rough)."""
    y = OP_ED_DATE.year
    c = lifeline.trade("china_customs").set_index("year")
    firm = c[(c.index < y) & (c["confidence"] != "L")]
    rough = c.loc[y - 1]
    sh = lifeline.share().set_index("year")
    sh_then = sh[sh.index < y]
    aid = data.load("china_aid")
    food = aid[(aid["flow"] == "food_aid") & (aid["donor"] != "China (to all countries)") & (aid["year_to"] < y)]
    s = lifeline.sanctions()
    s_then = sorted(set(s.loc[s["date"] <= OP_ED_DATE, "resolution"].astype(int)))
    s_next = sorted(set(s.loc[s["date"] > OP_ED_DATE, "resolution"].astype(int)))
    k = lifeline.trade("kotra").set_index("year")
    exp_then = k.loc[k.index < 2017, "imports_from_nk"].dropna()
    rec = data.load("china_nk_security_record")
    veto = rec[rec["china_position"] == "veto"].iloc[0]
    russia = rec[rec["event"].str.contains("Russia sign")].iloc[0]
    votes = rec[rec["kind"] == "un_vote"].sort_values("date")
    soft = votes[votes["note"].fillna("").str.contains("not under Chapter VII")].iloc[0]  # not under Chapter VII
    aid_then = "; ".join(f"about {r.value:,.0f} t in {r.year_from} ({r.donor.replace('Mostly', 'mostly')})"
                         for r in food.itertuples())
    then = (f"Known in February {y}: China-North Korea trade had grown from {firm['total'].iloc[0]:.2f} bn US$ in "
            f"{firm.index[0]} to {firm['total'].iloc[-1]:.2f} bn in {firm.index[-1]} (Chinese customs) and was still "
            f"rising, to roughly {rough['total']:.1f} bn in {y - 1} (a figure our fact sheet only recalls); China's "
            f"share of North Korea's trade was {sh_then['china_share_pct'].iloc[-1]:.0f}% in {sh_then.index[-1]} "
            f"(KOTRA, the latest year in our table); food aid on record: {aid_then}; UN sanctions then in force: "
            f"{', '.join(map(str, s_then))} (weapons, luxury goods, listings), after resolution "
            f"{_resolution(soft['event'])} of {soft['date']:%Y}, adopted outside Chapter VII.")
    later = (f"What came next: {len(s_next)} more resolutions ({', '.join(map(str, s_next))}), and those of "
             f"2016-2017 banned most of what North Korea sells; its exports to China fell from "
             f"{exp_then.iloc[-1]:.2f} bn US$ in {exp_then.index[-1]} (KOTRA) to "
             f"{c.loc[2018, 'imports_from_nk']:.3f} bn in 2018 (customs); trade fell to {c['total'].min():.2f} bn in "
             f"{int(c['total'].idxmin())} (customs) with the border closed; China and Russia vetoed new sanctions on "
             f"{veto['date']:%d %B %Y}, and North Korea signed a mutual-assistance treaty with Russia on "
             f"{russia['date']:%d %B %Y}.")
    return f"{then} {later}"


# ---- what happened to each claim: the course's one scorecard (data/claim_outcomes.csv) ----------------
def scored(notebook: str | None = None) -> pd.DataFrame:
    """Every claim of the registry with its criterion, what happened and the evidence (source named):
    the one place where the course judges a claim. ``notebook`` (e.g. "05_soft_landing") keeps that
    notebook's claims, so an evidence notebook can show its judgements without a second copy."""
    if notebook is not None:
        check_text("notebook", notebook, limit=200)
    claims = data.load("claims")
    out = claims[["id", "claim", "kind", "main", "notebook"]].merge(
        data.load("claim_outcomes"), left_on="id", right_on="claim_id", how="left", validate="one_to_one")
    missing = out.loc[out["outcome"].isna(), "id"].tolist()
    if missing:
        raise ValueError(f"claim_outcomes.csv scores no outcome for {', '.join(missing)}")
    refs = data.sources_for(out["source_id"]).set_index("id")["short_title"]
    out["source"] = out["source_id"].map(refs)
    if notebook is not None:
        from .course import notebook as _notebook

        try:
            stem = _notebook(notebook).stem
        except ValueError as exc:
            raise ValueError(f"notebook: {exc}") from None
        out = out[out["notebook"] == stem]
    out = out.rename(columns={"notebook": "examined in"})
    return out[["id", "claim", "kind", "main", "examined in", "criterion", "check_year", "outcome", "evidence",
                "source"]].reset_index(drop=True)


from . import deterrent, lifeline  # noqa: E402  (at the end: the companion modules re-export from here)
