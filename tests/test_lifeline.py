"""Notebook 03 (China's lifeline): its tables, its helper functions and its what-if."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data, lifeline, style
from helpers.selfcheck import check

TABLES = ["china_nk_trade", "nk_trade_share", "china_aid", "un_sanctions", "china_neighbour_trade", "lifeline_factors"]


# ---- data -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", TABLES)
def test_tables_are_not_empty(name):
    # (sources, schemas and ranges of every table are checked in tests/test_data.py)
    assert len(data.load(name)) > 0


def test_trade_totals_equal_exports_plus_imports_within_rounding():
    t = data.load("china_nk_trade").dropna(subset=["exports_to_nk", "imports_from_nk"])
    assert len(t) >= 10
    diff = (t["exports_to_nk"] + t["imports_from_nk"] - t["total"]).abs()
    assert (diff <= 0.006).all(), t.loc[diff > 0.006, ["year", "series"]]


def test_two_series_are_kept_apart_and_kotra_is_never_below_customs_from_2014():
    t = data.load("china_nk_trade")
    assert set(t["series"]) == {"china_customs", "kotra"}
    assert not t.duplicated(["year", "series"]).any()
    gap = lifeline.series_gap().set_index("year")
    after = gap.loc[gap.index >= 2014, "KOTRA minus customs"]
    # KOTRA adds an estimate of crude oil that customs records as zero since 2014
    assert (after >= 0.15).all() and (after <= 0.6).all()
    before = gap.loc[gap.index < 2014, "KOTRA minus customs"]
    assert (before.abs() <= 0.01).all()


def test_shares_within_0_100_and_agree_with_kotra_totals():
    s = data.load("nk_trade_share").set_index("year")
    assert s["china_share_pct"].between(0, 100).all()
    kotra = data.load("china_nk_trade").query("series == 'kotra'").set_index("year")
    common = s.index.intersection(kotra.index)
    assert len(common) >= 15
    implied = 100 * kotra.loc[common, "total"] / s.loc[common, "nk_total_trade"]
    assert (implied - s.loc[common, "china_share_pct"]).abs().max() < 1.0
    assert (s.loc[s.index >= 2014, "china_share_pct"] > 88).all()


def test_recalled_figures_are_flagged_not_firm():
    t = data.load("china_nk_trade")
    low = t[t["confidence"] == "L"]
    assert len(low) > 0 and low["note"].str.contains("recalled").all()


def test_sanction_caps_are_numbers_with_units():
    s = data.load("un_sanctions")
    caps = s[s["kind"] == "cap"].dropna(subset=["cap_value"])
    assert caps["cap_unit"].notna().all()
    assert lifeline.cap("crude_oil_t") == 525_000
    assert lifeline.cap("refined_petroleum") == 500_000  # the later cap (2397) wins
    assert s["date"].between("2006-01-01", "2017-12-31").all()


def test_aid_record_says_where_it_is_incomplete():
    a = data.load("china_aid")
    assert (~a["complete"]).any()
    assert (a["year_from"] <= a["year_to"]).all()
    ranged = a.dropna(subset=["value_low", "value_high"])
    assert ((ranged["value_low"] <= ranged["value"]) & (ranged["value"] <= ranged["value_high"])).all()


def test_neighbour_scale_is_like_for_like():
    scale = lifeline.neighbour_scale()
    assert list(scale["year"]) == [2017, 2023]
    assert (scale["North Korea as % of South Korea"] < 3).all()


def test_factors_trace_to_data():
    f = lifeline.factors()
    assert f["exports_to_nk_bn"] == 2.57
    assert 200 <= f["grain_need_kg"] <= 230 and abs(f["grain_need_kg"] - f["grain_need_kg_2024"]) < 10
    assert f["grain_price_low"] <= f["grain_price"] <= f["grain_price_high"]


def test_cents_back_matches_its_definition():
    c = lifeline.cents_back()
    row = c[(c["year"] == 2018)].iloc[0]
    assert row["cents back per dollar"] == pytest.approx(100 * 0.213 / 2.22, abs=0.06)
    assert (c["cents back per dollar"] > 0).all()


def test_trade_rejects_an_unknown_series():
    with pytest.raises(ValueError, match="series"):
        lifeline.trade("kita")


# ---- the model --------------------------------------------------------------------------------------
PCT = st.floats(-100, 100, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(t=PCT, a=PCT, food=st.floats(0, 60), fuel=st.floats(0, 40), aid=st.floats(0, 600_000))
def test_parts_add_up_and_nothing_is_negative(t, a, food, fuel, aid):
    r = lifeline.lifeline_shock(trade_change_pct=t, aid_change_pct=a, food_share_pct=food, fuel_share_pct=fuel,
                                food_aid_t=aid)
    assert r["food_bn"] + r["fuel_bn"] + r["other_bn"] == pytest.approx(r["imports_bn"], abs=1e-9)
    assert all(v >= 0 for v in r.values())
    assert r["need_t"] - r["supply_t"] == pytest.approx(r["gap_t"] - r["surplus_t"], rel=1e-9, abs=1e-6)
    assert r["gap_t"] == 0 or r["surplus_t"] == 0


@settings(max_examples=40, deadline=None)
@given(lo=PCT, hi=PCT)
def test_more_trade_means_more_imports_and_no_bigger_food_gap(lo, hi):
    lo, hi = sorted((lo, hi))
    a = lifeline.lifeline_shock(trade_change_pct=lo)
    b = lifeline.lifeline_shock(trade_change_pct=hi)
    assert b["imports_bn"] >= a["imports_bn"]
    assert b["gap_t"] <= a["gap_t"] + 1e-6
    assert b["crude_t"] == a["crude_t"]  # trade does not move the pipeline


@settings(max_examples=40, deadline=None)
@given(lo=PCT, hi=PCT, aid=st.floats(1, 600_000))
def test_more_oil_and_aid_means_more_crude_and_no_bigger_gap(lo, hi, aid):
    lo, hi = sorted((lo, hi))
    a = lifeline.lifeline_shock(aid_change_pct=lo, food_aid_t=aid)
    b = lifeline.lifeline_shock(aid_change_pct=hi, food_aid_t=aid)
    assert b["crude_t"] >= a["crude_t"]
    assert b["gap_t"] <= a["gap_t"] + 1e-6


@settings(max_examples=40, deadline=None)
@given(h1=st.floats(3, 6), h2=st.floats(3, 6), k1=st.floats(150, 250), k2=st.floats(150, 250))
def test_bigger_harvest_or_smaller_need_never_widens_the_gap(h1, h2, k1, k2):
    (h1, h2), (k1, k2) = sorted((h1, h2)), sorted((k1, k2))
    assert lifeline.lifeline_shock(harvest_mt=h2)["gap_t"] <= lifeline.lifeline_shock(harvest_mt=h1)["gap_t"] + 1e-6
    assert lifeline.lifeline_shock(grain_need_kg=k1)["gap_t"] <= lifeline.lifeline_shock(grain_need_kg=k2)["gap_t"] + 1e-6


def test_full_cut_hand_computed():
    f = lifeline.factors()
    r = lifeline.lifeline_shock(trade_change_pct=-100, aid_change_pct=-100)
    assert r["imports_bn"] == 0 and r["crude_t"] == 0
    need = f["population_m"] * 1e6 * f["grain_need_kg"] / 1000
    assert r["gap_t"] == pytest.approx(need - f["harvest_mt"] * 1e6)
    assert r["gap_people"] == pytest.approx(r["gap_t"] * 1000 / f["grain_need_kg"])


def test_baseline_is_2019_as_recorded():
    r = lifeline.lifeline_shock()
    assert r["imports_bn"] == pytest.approx(2.57)
    assert r["crude_vs_cap_pct"] == pytest.approx(100 * 520_000 / 525_000)


@pytest.mark.parametrize("name, bad", [
    ("trade_change_pct", -101), ("trade_change_pct", float("nan")), ("aid_change_pct", 150),
    ("food_share_pct", 61), ("fuel_share_pct", -1), ("grain_need_kg", 100), ("harvest_mt", "4"),
    ("grain_price", math.inf), ("food_aid_t", -5), ("harvest_mt", True),
])
def test_bad_inputs_name_the_parameter(name, bad):
    with pytest.raises(ValueError, match=name):
        lifeline.lifeline_shock(**{name: bad})


# ---- the what-if through the kit ------------------------------------------------------------------
def test_panel_moves_result_and_reading_the_way_the_model_says():
    panel = lifeline.what_if()
    assert panel.result == panel.baseline_result
    first = panel.reading
    panel.set(trade_change_pct=-50, aid_change_pct=-50)
    expected = lifeline.lifeline_shock(trade_change_pct=-50, aid_change_pct=-50)
    assert panel.result == expected
    assert panel.result["gap_t"] > panel.baseline_result["gap_t"]
    assert "50% cut" in panel.reading and panel.reading != first
    assert f"{round(expected['gap_people'] / 1e6, 1)} million people" in panel.reading
    table = panel.compare_table()
    assert table.loc["crude oil from the pipeline", "your case"] == "260,000 t"
    assert table.loc["crude oil from the pipeline", "article's case"] == "520,000 t"
    panel.set(aid_change_pct=100)
    assert "above the cap" in panel.reading
    panel.reset()
    assert panel.reading == first


def test_panel_rejects_out_of_range_and_presets_apply():
    panel = lifeline.what_if()
    with pytest.raises(ValueError, match="aid_change_pct"):
        panel.set(aid_change_pct=-150)
    panel.apply_preset("China shuts the pipeline only")
    assert panel.result["crude_t"] == 0
    snap = panel.snapshot()
    assert snap["summary"]["crude_t"] == 0


def test_panel_draws_baseline_beside_students_case():
    panel = lifeline.what_if(trade_change_pct=-30)
    fig = panel.figure()
    top, bottom = fig.axes
    assert any(line.get_linestyle() == "--" and line.get_color() == style.BASELINE for line in bottom.lines)
    assert len(bottom.patches) == 3
    assert panel.render().lstrip().startswith(b"<?xml")


@pytest.mark.parametrize("chart", ["trade_chart", "balance_chart", "share_chart", "nk_exports_chart", "scale_chart"])
def test_charts_carry_alt_text_and_source(chart):
    c = getattr(lifeline, chart)()
    assert c.describe().startswith("Figure: ") and "Source: " in c.describe()


def test_self_checks_accept_their_answers():
    assert check(lifeline.Q1, 0.47).correct
    assert check(lifeline.Q3, 98.3).correct
    assert check(lifeline.Q2, 9.6).correct
    # Q4 by hand from the factors (70% of the 2019 trade, its food share at the KOTRA 2019 default, no food aid),
    # not from the function the question's answer is computed with.
    f = lifeline.factors()
    need_t = f["population_m"] * 1e6 * f["grain_need_kg"] / 1000
    food_t = f["exports_to_nk_bn"] * (f["food_share_pct"] / 100) * 1e9 / f["grain_price"]
    q4 = (need_t - f["harvest_mt"] * 1e6 - 0.7 * food_t) / 1000
    assert check(lifeline.Q4, q4).correct
    # the worked example's 50% cut and the status quo are both wrong, with a reason
    for wrong in ((need_t - f["harvest_mt"] * 1e6 - 0.5 * food_t) / 1000, (need_t - f["harvest_mt"] * 1e6 - food_t) / 1000):
        fb = check(lifeline.Q4, round(wrong))
        assert not fb.correct
    assert lifeline.Q4.mistake(round((need_t - f["harvest_mt"] * 1e6 - 0.5 * food_t) / 1000)) is not None
    assert not check(lifeline.Q3, 90).correct
