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
SHARE = st.floats(0, 20, allow_nan=False)
ELASTICITY = st.floats(0, 0.5, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(t=PCT, a=PCT, food=SHARE, fuel=SHARE, aid=st.floats(0, 600_000), e=ELASTICITY, h=st.floats(2.5, 6))
def test_parts_add_up_nothing_is_negative_and_the_band_holds_the_gap(t, a, food, fuel, aid, e, h):
    r = lifeline.lifeline_shock(trade_change_pct=t, aid_change_pct=a, food_share_pct=food, fuel_share_pct=fuel,
                                food_aid_t=aid, fuel_harvest_elasticity=e, harvest_mt=h)
    assert r["food_bn"] + r["fuel_bn"] + r["other_bn"] == pytest.approx(r["imports_bn"], abs=1e-9)
    assert all(v >= 0 for k, v in r.items() if k not in ("balance_t", "harvest_change_t", "fuel_change_pct"))
    assert r["need_t"] - r["supply_t"] == pytest.approx(r["gap_t"] - r["surplus_t"], rel=1e-9, abs=1e-6)
    assert r["gap_t"] == 0 or r["surplus_t"] == 0
    assert r["gap_low_t"] <= r["gap_t"] + 1e-6 and r["gap_t"] <= r["gap_high_t"] + 1e-6
    assert r["supply_t"] == pytest.approx(r["harvest_t"] + r["food_imports_t"] + r["food_aid_t"])


@settings(max_examples=40, deadline=None)
@given(lo=PCT, hi=PCT, e=ELASTICITY)
def test_more_trade_means_more_imports_and_no_bigger_food_gap(lo, hi, e):
    lo, hi = sorted((lo, hi))
    a = lifeline.lifeline_shock(trade_change_pct=lo, fuel_harvest_elasticity=e)
    b = lifeline.lifeline_shock(trade_change_pct=hi, fuel_harvest_elasticity=e)
    assert b["imports_bn"] >= a["imports_bn"]
    assert b["gap_t"] <= a["gap_t"] + 1e-6
    assert b["crude_t"] == a["crude_t"]  # trade does not move the pipeline


@settings(max_examples=40, deadline=None)
@given(lo=PCT, hi=PCT, e=ELASTICITY)
def test_more_oil_means_more_crude_and_no_bigger_gap(lo, hi, e):
    lo, hi = sorted((lo, hi))
    a = lifeline.lifeline_shock(aid_change_pct=lo, fuel_harvest_elasticity=e)
    b = lifeline.lifeline_shock(aid_change_pct=hi, fuel_harvest_elasticity=e)
    assert b["crude_t"] >= a["crude_t"]
    assert b["gap_t"] <= a["gap_t"] + 1e-6
    if e > 0.01 and hi - lo > 5:  # with a fuel link, oil moves grain
        assert b["harvest_t"] > a["harvest_t"]


def test_oil_moves_no_grain_when_the_fuel_link_is_off_and_the_reading_says_so():
    base, shut = lifeline.lifeline_shock(), lifeline.lifeline_shock(aid_change_pct=-100)
    assert shut["gap_t"] == base["gap_t"]
    assert "leaves fuel's effect on the harvest out" in lifeline.what_if(aid_change_pct=-100).reading
    linked = lifeline.what_if(aid_change_pct=-100, fuel_harvest_elasticity=0.2)
    assert linked.result["gap_t"] > base["gap_t"] + 100_000
    assert f"costs {lifeline.fmt.tonnes(-linked.result['harvest_change_t'])} of harvest" in linked.reading


def test_fuel_share_matters_once_the_harvest_depends_on_fuel():
    """The refined-fuel share weighs trade's part of the fuel: it moves the gap when trade changes and the
    link is on, and only the split of the import bar when the link is off."""
    kw = dict(trade_change_pct=-100, fuel_harvest_elasticity=0.3)
    low, high = (lifeline.lifeline_shock(fuel_share_pct=s, **kw)["gap_t"] for s in (0, 20))
    assert high > low + 100_000
    off = [lifeline.lifeline_shock(trade_change_pct=-100, fuel_share_pct=s)["gap_t"] for s in (0, 20)]
    assert off[0] == pytest.approx(off[1])


@settings(max_examples=40, deadline=None)
@given(h1=st.floats(2.5, 6), h2=st.floats(2.5, 6), k1=st.floats(150, 250), k2=st.floats(150, 250))
def test_bigger_harvest_or_smaller_need_never_widens_the_gap(h1, h2, k1, k2):
    (h1, h2), (k1, k2) = sorted((h1, h2)), sorted((k1, k2))
    assert lifeline.lifeline_shock(harvest_mt=h2)["gap_t"] <= lifeline.lifeline_shock(harvest_mt=h1)["gap_t"] + 1e-6
    assert lifeline.lifeline_shock(grain_need_kg=k1)["gap_t"] <= lifeline.lifeline_shock(grain_need_kg=k2)["gap_t"] + 1e-6


def test_full_cut_hand_computed():
    f = lifeline.factors()
    need = f["population_m"] * 1e6 * f["grain_need_kg"] / 1000
    r = lifeline.lifeline_shock(trade_change_pct=-100, aid_change_pct=-100)
    assert r["imports_bn"] == 0 and r["crude_t"] == 0
    assert r["gap_t"] == pytest.approx(need - f["harvest_mt"] * 1e6)
    assert r["gap_people"] == pytest.approx(r["gap_t"] * 1000 / f["grain_need_kg"])
    # all fuel gone, elasticity 0.3: the harvest loses 30%
    r = lifeline.lifeline_shock(trade_change_pct=-100, aid_change_pct=-100, fuel_harvest_elasticity=0.3)
    assert r["fuel_change_pct"] == pytest.approx(-100)
    assert r["gap_t"] == pytest.approx(need - 0.7 * f["harvest_mt"] * 1e6)


def test_baseline_is_2019_as_recorded_on_one_fao_basis():
    f = lifeline.factors()
    r = lifeline.lifeline_shock()
    assert r["imports_bn"] == pytest.approx(2.57)
    assert r["crude_vs_cap_pct"] == pytest.approx(100 * 520_000 / 525_000)
    assert r["food_aid_t"] == 0  # the 2019 record: no Chinese food aid in our data
    # the harvest is FAO/WFP's 2018 figure milled at FAO's own ratio, not South Korea's RDA estimate
    assert f["harvest_mt"] == pytest.approx(4.9 * f["milled_ratio"], abs=0.005)
    assert 0.83 < f["milled_ratio"] < 0.85 and f["harvest_mt"] != f["harvest_rda_mt"]
    fb = data.load("food_balance").dropna(subset=["production_mt"])
    assert f["harvest_record_low_mt"] == fb["production_mt"].min() and f["harvest_record_high_mt"] == fb["production_mt"].max()


# the anchors: 2010/11 and 2013/14 within 0.005 Mt (FAO's own arithmetic on one basis), 2018/19 within 10%
ANCHOR_TOLERANCE = {"2010/11": 0.005, "2013/14": 0.005}


def test_anchors_reproduce_fao_wfp_gaps_within_a_stated_tolerance():
    a = lifeline.anchors().set_index("marketing year")
    assert list(a.index) == ["2010/11", "2013/14", "2018/19"]
    for year, tol in ANCHOR_TOLERANCE.items():
        assert abs(a.loc[year, "difference (Mt)"]) <= tol, year
    assert a.loc["2013/14", "gap, FAO/WFP (Mt)"] == pytest.approx(0.04)
    fao = a.loc["2018/19", "gap, FAO/WFP (Mt)"]
    assert fao == pytest.approx(1.36)
    assert abs(a.loc["2018/19", "gap, this model (Mt)"] - fao) <= 0.10 * fao
    # the 2018/19 row is the model's own default, not a copy of FAO's figure
    assert a.loc["2018/19", "gap, this model (Mt)"] == pytest.approx(lifeline.lifeline_shock()["gap_t"] / 1e6, abs=5e-4)


def test_food_balance_is_need_minus_supply():
    assert lifeline._food_balance(5.37e6, 5.03e6, 0.30e6) == pytest.approx(0.04e6)
    assert lifeline._food_balance(4e6, 5e6, 0) == pytest.approx(-1e6)


# ---- both outcomes of every claim the panel tests ----------------------------------------------------
def _settings_to_search(n=400, seed=3):
    """The defaults, every preset, and n random settings inside the controls' documented ranges."""
    import random
    spec = lifeline.spec()
    rng = random.Random(seed)
    yield spec.defaults()
    for preset in spec.presets.values():
        yield {**spec.defaults(), **preset}
    for _ in range(n):
        yield {c.name: rng.uniform(c.low, c.high) for c in spec.controls}


def test_a_search_over_the_controls_finds_each_claim_holding_and_failing():
    claims = data.load("claims")
    tested = set(claims.loc[claims["notebook"] == "03_chinas_lifeline", "id"])
    assert set(lifeline.CLAIM_TESTS) <= tested and {"C12", "C16"} <= set(lifeline.CLAIM_TESTS)
    seen = {c: set() for c in lifeline.CLAIM_TESTS}
    for s in _settings_to_search():
        for c, holds in lifeline.claim_checks(**s).items():
            seen[c].add(holds)
    assert all(v == {True, False} for v in seen.values()), seen


def test_claims_at_the_2019_record_and_the_food_aid_years():
    base = lifeline.claim_checks()
    assert base == {"C12": False, "C13": True, "C16": False}  # no food aid on record; the link off
    assert lifeline.claim_checks(food_aid_t=520_000)["C12"]  # 2005-size aid is more than a month of grain
    assert not lifeline.claim_checks(food_aid_t=300_000)["C12"]  # 2009-size is less
    assert lifeline.claim_checks(fuel_harvest_elasticity=0.2)["C16"]


# ---- plausibility flags -------------------------------------------------------------------------------
def test_plausibility_flags_results_outside_the_record_and_only_those():
    f = lifeline.factors()
    assert lifeline._plausible(lifeline.lifeline_shock(), {}) == []
    for kw in ({"food_aid_t": 520_000}, {"harvest_mt": f["harvest_record_low_mt"]}, {"trade_change_pct": -100}):
        assert lifeline._plausible(lifeline.lifeline_shock(**kw), kw) == [], kw
    high = lifeline._plausible(lifeline.lifeline_shock(harvest_mt=5.8), {})
    assert len(high) == 1 and f"{f['harvest_record_high_mt']:.2f} Mt in {f['harvest_record_high_year']}" in high[0]
    grown = lifeline._plausible(lifeline.lifeline_shock(aid_change_pct=100, fuel_harvest_elasticity=0.5), {})
    assert any("outside every FAO/WFP estimate" in s for s in grown)
    aid = lifeline._plausible(lifeline.lifeline_shock(food_aid_t=600_000), {})
    assert len(aid) == 1 and "520,000 t in 2005" in aid[0]
    worst = lifeline._plausible(lifeline.lifeline_shock(trade_change_pct=-100, aid_change_pct=-100, harvest_mt=2.5,
                                                        fuel_harvest_elasticity=0.5), {})
    assert any("far beyond any uncovered gap" in s and "1.36 million t, 2018/19" in s for s in worst)


@pytest.mark.parametrize("name, bad", [
    ("trade_change_pct", -101), ("trade_change_pct", float("nan")), ("aid_change_pct", 150),
    ("food_share_pct", 21), ("fuel_share_pct", -1), ("grain_need_kg", 100), ("harvest_mt", "4"),
    ("harvest_mt", 2.4), ("grain_price", math.inf), ("food_aid_t", -5), ("harvest_mt", True),
    ("fuel_harvest_elasticity", 0.6), ("fuel_harvest_elasticity", -0.1),
])
def test_bad_inputs_name_the_parameter(name, bad):
    with pytest.raises(ValueError, match=name):
        lifeline.lifeline_shock(**{name: bad})
    with pytest.raises(ValueError, match=name):
        lifeline.claim_checks(**{name: bad})


@pytest.mark.parametrize("name, bad", [("need_t", -1), ("harvest_t", float("nan")), ("imports_t", "1"), ("aid_t", -5)])
def test_food_balance_rejects_bad_tonnages(name, bad):
    kw = {"need_t": 5e6, "harvest_t": 4e6, "imports_t": 1e5, "aid_t": 0, name: bad}
    with pytest.raises(ValueError, match=name):
        lifeline._food_balance(**kw)


# ---- the what-if through the kit ------------------------------------------------------------------
def test_panel_moves_result_and_reading_the_way_the_model_says():
    panel = lifeline.what_if()
    assert panel.result == panel.baseline_result
    first = panel.reading
    assert first.startswith("A food gap of ")  # the key number first
    panel.set(trade_change_pct=-50, aid_change_pct=-50)
    expected = lifeline.lifeline_shock(trade_change_pct=-50, aid_change_pct=-50)
    assert panel.result == expected
    assert panel.result["gap_t"] > panel.baseline_result["gap_t"]
    assert "50% cut" in panel.reading and panel.reading != first
    assert f"{round(expected['gap_people'] / 1e6, 1)} million people" in panel.reading
    table = panel.compare_table()
    row = "crude oil from the pipeline (share of UN cap)"
    assert table.loc[row, "your case"].startswith("260,000 t")
    assert table.loc[row, "2019 record"].startswith("520,000 t")
    panel.set(aid_change_pct=100)
    assert "above the cap" in panel.reading
    panel.reset()
    assert panel.reading == first


@pytest.mark.parametrize("corner", ["low", "high"])
def test_readings_hold_at_every_corner(corner):
    spec = lifeline.spec()
    params = {c.name: (c.low if corner == "low" else c.high) for c in spec.controls}
    panel = lifeline.what_if(**params)
    r, text = panel.result, panel.reading
    if r["gap_t"] > 0:
        assert text.startswith(f"A food gap of {lifeline.fmt.tonnes(r['gap_t'])}")
    else:
        assert text.startswith(f"No food gap: {lifeline.fmt.tonnes(r['surplus_t'])}")
    assert f"{lifeline.fmt.tonnes(r['crude_t'])} of crude" in text
    assert ("above the cap" in text) == (r["crude_vs_cap_pct"] > 100.5)


def test_panel_rejects_out_of_range_and_presets_apply():
    panel = lifeline.what_if()
    with pytest.raises(ValueError, match="aid_change_pct"):
        panel.set(aid_change_pct=-150)
    panel.apply_preset("China shuts the pipeline, farms need fuel (0.2% per 1%)")
    assert panel.result["crude_t"] == 0 and panel.result["harvest_change_t"] < 0
    snap = panel.snapshot()
    assert snap["summary"]["crude_t"] == 0
    panel.apply_preset("China gives 2005-size food aid")
    assert panel.result["food_aid_t"] == 520_000 and panel.result["crude_t"] == 520_000


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
    # Q4 by hand from the factors: the pipeline shut, so the fuel falls by the crude's share of the fuel's value
    # (crude plus refined fuel imports), and the harvest by 0.2 times that; not from the model function.
    f = lifeline.factors()
    need_t = f["population_m"] * 1e6 * f["grain_need_kg"] / 1000
    food_t = f["exports_to_nk_bn"] * (f["food_share_pct"] / 100) * 1e9 / f["grain_price"]
    refined_bn = f["exports_to_nk_bn"] * f["fuel_share_pct"] / 100
    fuel_drop = f["crude_bn"] / (f["crude_bn"] + refined_bn)
    q4 = (need_t - f["harvest_mt"] * 1e6 * (1 - 0.2 * fuel_drop) - food_t) / 1000
    assert check(lifeline.Q4, q4).correct
    # the 2019 record (the link left at 0) is wrong, with a reason; the coded mistake is that record
    record = (need_t - f["harvest_mt"] * 1e6 - food_t) / 1000
    assert not check(lifeline.Q4, round(record)).correct
    assert lifeline.Q4.mistake(round(record)) is not None
    assert not check(lifeline.Q3, 90).correct


def test_panel_names_its_baseline_headline_and_twin():
    panel = lifeline.what_if()
    assert "course's choice" in panel.spec.baseline_basis and "the record has none" in panel.spec.baseline_basis
    assert panel.spec.headline.value(panel.result) == panel.result["gap_t"]
    assert panel.twin_result is None and panel.flags == []
    panel.set(fuel_harvest_elasticity=0.2, aid_change_pct=-100)  # an assumption and a lever
    assert panel.twin_result == lifeline.lifeline_shock(fuel_harvest_elasticity=0.2)
    assert "your levers take it to" in panel.reading  # the oil only matters once the link is on
    panel.set(harvest_mt=5.9, aid_change_pct=0)  # the harvest stays at 5.9 Mt: above any on record
    assert panel.flags and panel.flags[0] in panel.reading


def test_claim_table_names_each_claim_and_its_measure():
    t = lifeline.claim_table(food_aid_t=520_000)
    assert list(t.index) == list(lifeline.CLAIM_TESTS)
    assert t.loc["C12", "holds here?"] == "yes" and lifeline.claim_table().loc["C12", "holds here?"] == "no"
    assert "food aid" in t.loc["C12", "claim"]
    with pytest.raises(ValueError, match="food_aid_t"):
        lifeline.claim_table(food_aid_t=-1)
    with pytest.raises(ValueError, match="no control named 'harvest'"):
        lifeline.claim_checks(harvest=4)


def test_notebook_prose_states_the_anchor_band_and_claims_as_the_model_has_them():
    import re
    from pathlib import Path
    text = re.sub(r"\s+", " ", (Path(__file__).parents[1] / "notebooks" / "_sources" / "03_chinas_lifeline.md")
                  .read_text(encoding="utf-8"))
    f = lifeline.factors()
    diff = lifeline.anchors().set_index("marketing year").loc["2018/19", "difference (Mt)"] * 1e6
    assert f"within about {round(abs(diff), -4):,.0f} t of their 1.36 million t" in text
    assert f"({f['grain_need_kg']} kg in 2010/11, {f['grain_need_kg_2024']} kg in 2024)" in text
    assert f"({f['harvest_unmilled_mt']} Mt as reported" in text and f"estimate ({f['harvest_rda_mt']} Mt)" in text
    holding = [c for c, h in lifeline.claim_checks().items() if h]
    assert f"At the 2019 record only {holding[0]} holds" in text and len(holding) == 1
