"""Notebook 01 (the deterrent): helper functions, data tables and both what-ifs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import data, deterrent

# ---- the data ----------------------------------------------------------------------------------


def test_six_nuclear_tests_in_order():
    tests = data.load("nuclear_tests")
    assert list(tests["test_no"]) == [1, 2, 3, 4, 5, 6]
    assert list(tests["date"].dt.strftime("%Y-%m-%d")) == [
        "2006-10-09", "2009-05-25", "2013-02-12", "2016-01-06", "2016-09-09", "2017-09-03"]
    assert tests["date"].is_monotonic_increasing


def test_every_test_has_usgs_and_ctbto_magnitudes_and_yields():
    mags = data.load("nuclear_test_magnitudes")
    for agency in deterrent.AGENCIES:
        assert sorted(mags.loc[mags["agency"] == agency, "test_no"]) == [1, 2, 3, 4, 5, 6]
    yields = data.load("nuclear_test_yields")
    assert sorted(yields["test_no"].unique()) == [1, 2, 3, 4, 5, 6]
    assert (yields.groupby("test_no").size() >= 2).all(), "each test needs more than one estimate"


def test_yield_and_magnitude_ranges_are_ordered():
    y = data.load("nuclear_test_yields")
    assert (y["yield_kt_low"] <= y["yield_kt_high"]).all()
    central = y.dropna(subset=["yield_kt"])
    assert ((central["yield_kt_low"] <= central["yield_kt"]) & (central["yield_kt"] <= central["yield_kt_high"])).all()
    m = data.load("nuclear_test_magnitudes")
    assert ((m["mb_low"] <= m["mb"]) & (m["mb"] <= m["mb_high"])).all()


def test_2017_estimates_span_roughly_50_to_300_kt():
    r = deterrent.yield_ranges().set_index("test_no").loc[6]
    assert 40 <= r["low_kt"] <= 60 and 250 <= r["high_kt"] <= 350
    # the largest test is also the most uncertain one
    assert r["high_over_low"] == deterrent.yield_ranges()["high_over_low"].max()


def test_missile_table_matches_the_cns_yearly_counts_it_was_built_from():
    """Cross-check against the yearly totals the CNS record gives (checked facts, Nov 2026)."""
    y = deterrent.yearly_counts().set_index("year")
    published = {1984: 6, 1986: 1, 1990: 2, 1993: 4, 1998: 1, 2006: 7, 2009: 8, 2012: 2, 2014: 19,
                 2016: 24, 2017: 21, 2018: 0, 2019: 27, 2022: 69, 2023: 33, 2024: 41}
    for year, n in published.items():
        assert y.loc[year, "missiles"] == n, year


def test_yearly_counts_add_up_to_the_test_by_test_table():
    tests = data.load("missile_tests")
    y = deterrent.yearly_counts()
    assert y["missiles"].sum() == len(tests)
    assert y["launch_days"].sum() == tests["date"].nunique()
    assert (y["launch_days"] <= y["missiles"]).all()
    assert (y["satellite_launches"] <= y["missiles"]).all()
    assert y.loc[y["year"] >= 2025, "provisional"].all() and not y.loc[y["year"] < 2025, "provisional"].any()


def test_leader_counts_are_parts_of_the_whole():
    tests = deterrent.missile_tests()
    counts = deterrent.leader_counts(include_provisional=True)
    assert counts["missiles"].sum() == len(tests)
    assert counts["nuclear tests"].sum() == 6
    complete = deterrent.leader_counts()
    assert complete["missiles"].sum() == int((~tests["provisional"]).sum())
    by = complete.set_index("leader")["missiles per year"]
    assert by["Kim Jong Un"] > 10 * max(by["Kim Il Sung"], by["Kim Jong Il"])  # the acceleration


def test_leader_on_dates():
    got = deterrent.leader_on(pd.to_datetime(["1990-01-01", "1994-07-07", "1994-07-09", "2011-12-18"]))
    assert list(got) == ["Kim Il Sung", "Kim Il Sung", "Kim Jong Il", "Kim Jong Un"]
    with pytest.raises(ValueError, match="dates"):
        deterrent.leader_on(pd.to_datetime(["1940-01-01"]))


def test_peak_year_and_the_2018_pause():
    peak = deterrent.peak_year()
    y = deterrent.yearly_counts().set_index("year")
    assert peak["missiles"] == y.loc[~y["provisional"], "missiles"].max()
    assert y.loc[2018, "missiles"] == 0


def test_warheads_mark_the_2022_change_of_method():
    w = data.load("warheads")
    assert (w["warheads_low"] <= w["warheads_high"]).all()
    sipri = w[w["estimator"] == "SIPRI"].set_index("year")
    assert set(sipri.loc[sipri.index < 2022, "counts"]) == {"warheads the fissile material could make"}
    assert set(sipri.loc[sipri.index >= 2022, "counts"]) == {"assembled warheads"}
    assert "method" in sipri.loc[2022, "note"].lower()


def test_ally_summary_counts_the_record():
    s = deterrent.ally_summary()
    record = deterrent.ally_record()
    assert s["treaty_year"] == 1961
    assert s["yes_votes"] == int((record["China"] == "yes").sum())
    assert s["vetoes"] >= 1


def test_every_nuclear_test_was_followed_by_a_council_vote():
    r = deterrent.un_responses()
    assert len(r) == 6 and (r["days later"] > 0).all()


def test_yield_constants_presets_are_sourced_and_in_range():
    c = data.load("yield_constants")
    spec = deterrent.yield_spec()
    assert len(spec.presets) == len(c)
    for row, (name, values) in zip(c.itertuples(), spec.presets.items()):
        assert name.startswith(row.preset) and (values["a"], values["b"]) == (row.a, row.b)
        # each pair comes with the magnitudes it belongs to (or none, for the rule of thumb)
        assert values.get("agency", "none") == row.magnitude_scale
        assert deterrent.A_RANGE[0] <= row.a <= deterrent.A_RANGE[1]
        assert deterrent.B_RANGE[0] <= row.b <= deterrent.B_RANGE[1]


# ---- the yield formula ---------------------------------------------------------------------------
mbs = st.floats(2.0, 8.0, allow_nan=False)
a_values = st.floats(3.8, 5.0, allow_nan=False)
b_values = st.floats(0.6, 1.1, allow_nan=False)


@given(mbs, a_values, b_values)
def test_yield_formula_inverts(mb, a, b):
    kt = deterrent.yield_from_mb(mb, a, b)
    assert kt > 0
    assert math.isclose(deterrent.mb_from_yield(kt, a, b), mb, abs_tol=1e-9)


@given(st.floats(0.01, 10_000, allow_nan=False), a_values, b_values)
def test_magnitude_formula_inverts(kt, a, b):
    assume(2.0 <= deterrent.mb_from_yield(kt, a, b) <= 8.0)  # the documented magnitude range
    assert math.isclose(deterrent.yield_from_mb(deterrent.mb_from_yield(kt, a, b), a, b), kt, rel_tol=1e-9)


@given(mbs, mbs, a_values, b_values)
def test_bigger_magnitude_means_bigger_yield(m1, m2, a, b):
    y1, y2 = deterrent.yield_from_mb(m1, a, b), deterrent.yield_from_mb(m2, a, b)
    assert (y1 <= y2) == (m1 <= m2) or math.isclose(y1, y2)


def test_yield_formula_known_values_and_vectorised():
    assert math.isclose(deterrent.yield_from_mb(4.45, 4.45, 0.75), 1.0)
    assert math.isclose(deterrent.yield_from_mb(5.2, 4.45, 0.75), 10.0)
    out = deterrent.yield_from_mb(np.array([4.45, 5.2]), 4.45, 0.75)
    assert isinstance(out, np.ndarray) and np.allclose(out, [1.0, 10.0])


@pytest.mark.parametrize("kwargs, name", [
    ({"mb": float("nan")}, "mb"), ({"mb": "6.1"}, "mb"), ({"mb": 9.5}, "mb"), ({"mb": True}, "mb"),
    ({"mb": 6.1, "a": 7.0}, "a"), ({"mb": 6.1, "b": 0.0}, "b"), ({"mb": 6.1, "b": float("inf")}, "b"),
])
def test_yield_formula_rejects_bad_inputs(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        deterrent.yield_from_mb(**kwargs)


@pytest.mark.parametrize("kt", [0, -1, float("nan"), "10", 1e10])
def test_magnitude_formula_rejects_bad_yields(kt):
    with pytest.raises(ValueError, match="kt must"):
        deterrent.mb_from_yield(kt)


def test_yield_model_rejects_unknown_agency_and_offset():
    with pytest.raises(ValueError, match="agency must be one of"):
        deterrent.yield_model(agency="NASA")
    with pytest.raises(ValueError, match="mb_offset must be between -0.5 and 0.5"):
        deterrent.yield_model(mb_offset=1.0)


# ---- the survival model --------------------------------------------------------------------------
probs = st.floats(0, 1, allow_nan=False)


@settings(max_examples=200)
@given(st.integers(1, 100), st.floats(0, 0.5, allow_nan=False), probs, probs, st.floats(0, 0.5, allow_nan=False))
def test_survival_odds_are_shares_that_fall_with_the_horizon(years, p, cut, s, q):
    r = deterrent.survival_odds(years, p, cut, s, q)
    for key in ("with_bomb", "without_bomb", "internal_only"):
        v = r[key]
        assert len(v) == years + 1 and v[0] == 1.0
        assert ((v >= 0) & (v <= 1)).all()
        assert (np.diff(v) <= 1e-12).all(), f"{key} must not rise with the horizon"
    assert (r["without_bomb"] <= r["with_bomb"] + 1e-12).all()
    assert (r["with_bomb"] <= r["internal_only"] + 1e-12).all()


@given(st.integers(1, 50), st.floats(0.001, 0.5), st.floats(0.01, 1), st.floats(0, 0.99))
def test_a_stronger_deterrent_helps(years, p, s, cut):
    weak = deterrent.survival_odds(years, p, cut, s, 0.01)["with_bomb"][-1]
    strong = deterrent.survival_odds(years, p, min(1.0, cut + 0.01), s, 0.01)["with_bomb"][-1]
    assert strong > weak


def test_survival_odds_known_value():
    r = deterrent.survival_odds(years=2, attempt_rate=0.1, deterrent_cut=0.5, success=1.0, internal=0.0)
    assert math.isclose(r["without_bomb"][-1], 0.81) and math.isclose(r["with_bomb"][-1], 0.95 ** 2)


@pytest.mark.parametrize("kwargs, name", [
    ({"years": 0}, "years"), ({"years": 2.5}, "years"), ({"attempt_rate": -0.1}, "attempt_rate"),
    ({"deterrent_cut": 1.5}, "deterrent_cut"), ({"success": float("nan")}, "success"),
    ({"internal": "low"}, "internal"),
])
def test_survival_odds_rejects_bad_inputs(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        deterrent.survival_odds(**kwargs)


# ---- the what-ifs through their programmatic face -------------------------------------------------
def test_yield_panel_defaults_match_the_formula_and_the_data():
    panel = deterrent.yield_what_if()
    mags = data.load("nuclear_test_magnitudes")
    usgs_2017 = float(mags[(mags["agency"] == "USGS") & (mags["test_no"] == 6)]["mb"].iloc[0])
    assert math.isclose(panel.result["largest_kt"], deterrent.yield_from_mb(usgs_2017, 4.45, 0.75))
    assert f"{panel.result['largest_kt']:,.0f} kt" in panel.reading


def test_yield_panel_moves_the_way_the_formula_says():
    panel = deterrent.yield_what_if()
    base = panel.result["largest_kt"]
    assert panel.set(mb_offset=0.3).result["largest_kt"] > base
    panel.reset()
    assert panel.set(agency="CTBTO").result["largest_kt"] < base  # CTBTO's mb is lower in 2017
    panel.reset()
    assert panel.set(a=4.8).result["largest_kt"] < base  # a larger a means less yield per magnitude
    panel.reset()
    assert panel.set(b=1.0).result["largest_kt"] < base  # steeper slope: fewer kt for a big mb
    assert panel.baseline_result["largest_kt"] == base


def test_yield_panel_presets_change_the_reading():
    panel = deterrent.yield_what_if()
    readings = set()
    for name in panel.spec.presets:
        readings.add(panel.apply_preset(name).reading)
    assert len(readings) == len(panel.spec.presets)


def test_yield_panel_refuses_out_of_range_settings():
    panel = deterrent.yield_what_if()
    with pytest.raises(ValueError, match="a must be between"):
        panel.set(a=6.0)
    with pytest.raises(ValueError, match="agency must be one of"):
        panel.set(agency="KMA")


def test_survival_panel_moves_the_way_the_model_says():
    panel = deterrent.survival_what_if()
    s0 = panel.snapshot()["summary"]
    assert s0["without_bomb"] <= s0["with_bomb"] <= s0["internal_only"]
    longer = panel.set(years=30).snapshot()["summary"]
    assert longer["with_bomb"] < s0["with_bomb"]
    panel.reset()
    riskier = panel.set(attempt_rate=0.1).snapshot()["summary"]
    assert riskier["without_bomb"] < s0["without_bomb"]
    panel.reset()
    perfect = panel.set(deterrent_cut=1.0).snapshot()["summary"]
    assert math.isclose(perfect["with_bomb"], perfect["internal_only"])
    assert "30 years" not in panel.reading and f"{s0['years']} years" in panel.reading


def test_survival_reading_weighs_the_two_risks_by_their_cumulative_share():
    outside = deterrent.survival_what_if(attempt_rate=0.1, internal=0.0).reading
    inside = deterrent.survival_what_if(attempt_rate=0.0, internal=0.05).reading
    assert "the threat from outside dominates" in outside
    assert "the risk from within dominates" in inside
    # certain death from outside and no risk from within: never "about the same" (issue 16)
    r = deterrent.survival_odds(10, attempt_rate=1.0, deterrent_cut=0.0, success=1.0, internal=0.0)
    r["years"] = 10
    text = deterrent.survival_read(r)
    assert "about the same" not in text and "outside dominates" in text and "outside attack is 100%" in text
    # equal yearly chances from each side split the risk evenly
    even = deterrent.survival_odds(10, attempt_rate=0.1, deterrent_cut=0.0, success=0.5, internal=0.05)
    assert math.isclose(even["from_outside"][-1], even["from_inside"][-1])
    even["years"] = 10
    assert "about the same" in deterrent.survival_read(even)
    with pytest.raises(ValueError, match="^result must be"):
        deterrent.survival_read({"years": 3})


@settings(max_examples=200)
@given(st.integers(1, 100), probs, probs, probs, st.floats(0, 0.5, allow_nan=False), st.floats(0, 0.5, allow_nan=False))
def test_competing_risks_add_up(years, p, cut, s, q, cost):
    r = deterrent.survival_odds(years, p, cut, s, q, cost)
    total = r["from_outside"] + r["from_inside"] + r["with_bomb"]
    assert np.allclose(total, 1.0)
    assert (r["from_outside"] >= -1e-12).all() and (r["from_inside"] >= -1e-12).all()
    assert (np.diff(r["from_outside"]) >= -1e-12).all() and (np.diff(r["from_inside"]) >= -1e-12).all()
    if p * s * (1 - cut) == 0:
        assert np.allclose(r["from_outside"], 0.0)
    if q + cost == 0:
        assert np.allclose(r["from_inside"], 0.0)


def _grid(control):
    return np.round(np.arange(control.low, control.high + control.step / 2, control.step), 6)


def test_the_controls_can_make_c03_and_c04_hold_and_fail():
    """A search over the survival panel's documented ranges finds each outcome of each claim."""
    spec = deterrent.survival_spec()
    found = {"C03": set(), "C04": set()}
    names = ("deterrent_cut", "attempt_rate", "sanctions")
    grids = {n: _grid(spec.control(n))[::2] for n in names}
    for cut in grids["deterrent_cut"]:
        for p in grids["attempt_rate"]:
            for cost in grids["sanctions"]:
                res = spec.model(**{**spec.defaults(), "deterrent_cut": float(cut), "attempt_rate": float(p),
                                    "sanctions": float(cost)})
                out = deterrent.claim_outcomes(res)
                found["C03"].add(out["C03"])
                found["C04"].add(out["C04"])
    assert found["C03"] == {"a sufficient motive", "not a motive"}
    assert {"holds", "fails"} <= found["C04"]


def test_claim_outcomes_follow_the_gain():
    base = deterrent.survival_what_if()
    assert deterrent.claim_outcomes(base.result)["C04"] == "holds"  # no cost, a deterrent that works
    costly = deterrent.survival_what_if(sanctions=0.02)
    out = deterrent.claim_outcomes(costly.result)
    assert out["gain"] < 0 and out["C04"] == "fails" and out["C03"] == "not a motive"
    assert "costs" in costly.reading and "sanctions outweigh" in costly.reading


def test_survival_defaults_are_anchored_on_the_data():
    anchors = data.load("survival_anchors").set_index("id")
    a = deterrent.survival_anchors()
    covert = anchors.loc["covert_us_cold_war"]
    assert a["success"] == pytest.approx(covert["events"] / covert["out_of"])
    assert a["internal"] == pytest.approx((anchors.loc["nk_record_inside", "events"] + 0.5) / a["years_watched"])
    spec = deterrent.survival_spec()
    assert spec.control("success").default == a["success_default"]
    assert abs(a["success_default"] - a["success"]) <= 0.025
    assert spec.control("internal").default == a["internal_default"]
    assert abs(a["internal_default"] - a["internal"]) <= 0.0025
    sources = set(data.load("sources")["id"])
    assert set(anchors["source_id"]) <= sources


def test_the_2013_preset_names_the_warheads_of_then_from_the_data():
    spec = deterrent.survival_spec()
    w = data.load("warheads").query("year == 2013")
    name = next(n for n in spec.presets if n.startswith("2013"))
    for r in w.itertuples():
        n = str(r.warheads_low) if r.warheads_low == r.warheads_high else f"{r.warheads_low}-{r.warheads_high}"
        assert f"{r.estimator} {n}" in name
    table = data.load("deterrent_presets")
    rows = table[table["preset"].str.startswith("2013")]
    assert spec.presets[name] == {r.control: r.value for r in rows.itertuples()}
    panel = deterrent.survival_what_if().apply_preset(name)
    assert panel.preset == name and panel.params["deterrent_cut"] < spec.control("deterrent_cut").default
    assert panel.set(years=20).preset is None  # moved away from the scenario


def test_plausibility_flags_fire_only_far_from_the_record():
    quiet = deterrent.survival_spec()
    res = quiet.model(**quiet.defaults())
    assert deterrent._survival_plausible(res, quiet.defaults()) == []
    wild = {**quiet.defaults(), "attempt_rate": 0.2, "internal": 0.1}
    flags = deterrent._survival_plausible(quiet.model(**wild), wild)
    assert len(flags) == 2 and "record" in flags[0]
    y = deterrent.yield_spec()
    assert deterrent._yield_plausible(y.model(**y.defaults()), y.defaults()) == []
    big = {**y.defaults(), "a": 3.8, "b": 0.6}
    flags = deterrent._yield_plausible(y.model(**big), big)
    assert any(f.startswith("No close analogue: the 2017 test") for f in flags)


def test_a_constant_pair_on_another_agencys_magnitudes_is_flagged():
    own = deterrent.yield_what_if()
    assert "Mismatch" not in own.reading
    other = deterrent.yield_what_if(agency="CTBTO")
    d = deterrent.scale_offset("CTBTO", "USGS")
    assert d < 0 and "Mismatch" in other.reading and f"{abs(d):.2f} lower" in other.reading
    assert "not an independent check" in own.reading
    rule = next(n for n in own.spec.presets if n.startswith("Popular rule"))
    assert "Mismatch" not in own.apply_preset(rule).set(agency="CTBTO").reading  # it has no scale of its own
    assert deterrent.constant_pair(4.5, 0.8) is None


@pytest.mark.parametrize("call, name", [
    (lambda: deterrent.survival_odds(sanctions=-0.1), "sanctions"),
    (lambda: deterrent.survival_odds(attempt_rate=1.5), "attempt_rate"),
    (lambda: deterrent.constant_pair(9.0, 0.75), "a"),
    (lambda: deterrent.constant_pair(4.45, "x"), "b"),
    (lambda: deterrent.scale_offset("NASA"), "agency"),
])
def test_new_functions_reject_bad_inputs(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()


def test_charts_carry_source_and_alt_text():
    for chart in (deterrent.launches_chart(), deterrent.magnitudes_chart(), deterrent.yields_chart(),
                  deterrent.warheads_chart()):
        assert chart.source.startswith("Source:") and "data/" in chart.source
        assert len(chart.alt) > 80


def test_ally_table_counts_come_from_the_record():
    table = deterrent.ally_table()
    summary = deterrent.ally_summary()
    assert table.loc["UN sanctions resolutions China voted for", "count"] == summary["yes_votes"]
    assert table.loc["UN sanctions resolutions China voted for", "when"] == f"{summary['yes_first']}-{summary['yes_last']}"
    assert table.loc["vetoes of new sanctions", "count"] == summary["vetoes"]


def test_questions_are_worked_out_from_the_data_and_catch_the_common_mistakes():
    from helpers.selfcheck import check

    peak = deterrent.peak_year()
    ratio = peak["missiles"] / peak["launch_days"]
    assert check(deterrent.Q1, round(ratio, 1)).correct and not check(deterrent.Q1, round(1 / ratio, 1)).correct
    c = data.load("yield_constants").set_index("preset").loc["Shagan (Arms Control Wonk 2006)"]
    m = data.load("nuclear_test_magnitudes").query("test_no == 6 and agency == 'CTBTO'")["mb"].iloc[0]
    assert check(deterrent.Q2, 10 ** ((m - c["a"]) / c["b"])).correct
    hard_rock = check(deterrent.Q2, 160)
    assert not hard_rock.correct and "hard-rock" in hard_rock.text
    votes = deterrent.ally_record()
    yes_then = votes[(votes["China"] == "yes") & (votes["date"] <= "2013-02-20")]
    assert check(deterrent.Q3, len(yes_then)).correct
    late = check(deterrent.Q3, len(yes_then) + 1)
    assert not late.correct and "after the op-ed" in late.text


def test_attempt_rate_counts_the_attempts_in_the_record():
    rec = deterrent.attempt_rate_from_record()
    table = data.load("china_nk_security_record")
    assert rec["attempts"] == int((table["kind"] == "attempt").sum()) == 1
    assert rec["exact"] == pytest.approx(rec["attempts"] / rec["years"])
    help_text = next(c.help for c in deterrent.survival_spec().controls if c.name == "attempt_rate")
    assert "376 (V)" in help_text and f"none followed in the {rec['quiet_years']} years" in help_text
