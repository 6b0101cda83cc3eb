"""Notebook 02 (Collapse and exodus): its tables, the refugee model's invariants and its what-if."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data, exodus, fmt, style

TABLES = ["population", "defectors", "defector_totals", "nk_in_china_estimates", "refugee_analogues",
          "border_facts", "places", "fissile_material"]

unit = st.floats(0, 1, allow_nan=False)
SETTINGS = dict(
    severity=unit, china_open=unit, sk_reception=unit, weeks=st.integers(1, 156),
    propensity=st.floats(0, 0.5, allow_nan=False), china_capacity=st.floats(1_000, 2_000_000, allow_nan=False),
    sk_capacity=st.floats(1_000, 500_000, allow_nan=False), return_rate=st.floats(0, 0.2, allow_nan=False),
)


# ---- data -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", TABLES)
def test_tables_are_not_empty(name):
    # (sources, schemas and ranges of every table are checked in tests/test_data.py)
    assert len(data.load(name)) > 0


def test_defectors_are_single_years_1998_to_2025_without_gaps():
    d = data.load("defectors")
    assert list(d["year"]) == list(range(1998, 2026))
    assert (d["arrivals_low"] <= d["arrivals"]).all() and (d["arrivals"] <= d["arrivals_high"]).all()


def test_no_single_year_row_holds_a_cumulative_or_multi_year_total():
    d = data.load("defectors").set_index("year")["arrivals"]
    totals = data.load("defector_totals").set_index("period")
    # none of the ministry's cumulative / multi-year figures sits in a single-year row
    assert not set(d) & set(totals["arrivals"].astype(int))
    # 1998 is far below everything that had arrived by the end of 1998
    assert d.loc[1998] < totals.loc["up to 1998", "arrivals"] / 5
    # the three-year row is the sum of its three single years, and each is smaller than the sum
    three = d.loc[[1999, 2000, 2001]]
    assert three.sum() == totals.loc["1999-2001", "arrivals"]
    assert (three < totals.loc["1999-2001", "arrivals"]).all()
    # no year is more than the sum of all earlier single years plus those before 1998 (a running total would be)
    before_1998 = int(totals.loc["up to 1998", "arrivals"]) - int(d.loc[1998])
    running = before_1998 + d.cumsum().shift(1, fill_value=0)
    assert (d.iloc[1:] < running.iloc[1:]).all()


def test_single_years_add_up_to_the_ministry_grand_total():
    d = data.load("defectors")
    t = data.load("defector_totals").set_index("period")
    before_1998 = int(t.loc["up to 1998", "arrivals"]) - int(d.loc[d["year"] == 1998, "arrivals"].iloc[0])
    assert before_1998 + int(d["arrivals"].sum()) == int(t.loc["up to 2025", "arrivals"])
    assert int(t.loc["up to 2025", "male"]) + int(t.loc["up to 2025", "female"]) == int(t.loc["up to 2025", "arrivals"])


def test_sex_splits_match_their_year_within_the_revisions():
    d = data.load("defectors").dropna(subset=["male", "female"])
    assert len(d) >= 10
    parts = d["male"] + d["female"]
    assert ((parts >= d["arrivals_low"] - 1) & (parts <= d["arrivals_high"])).all()
    assert exodus.female_share() == pytest.approx(72.2, abs=0.05)


def test_revisions_are_noted():
    d = data.load("defectors").set_index("year")
    assert d.loc[2009, "arrivals"] == 2914 and d.loc[2009, "arrivals_high"] == 2927
    assert "2927" in d.loc[2009, "note"]
    assert bool(d.loc[2025, "provisional"]) and not d.loc[d.index < 2025, "provisional"].any()


def test_population_names_its_revision_and_border_provinces_are_there():
    p = data.load("population")
    assert p["revision"].notna().all()
    assert exodus.nk_population() == 26_498_823
    assert {"Liaoning", "Jilin", "Dandong"} <= set(p["area"])
    wpp = p[(p["area"] == "North Korea") & (p["revision"] == "UN WPP 2024")].sort_values("year")
    assert wpp["population"].is_monotonic_increasing


def test_china_estimates_have_a_bound_and_an_estimator():
    e = data.load("nk_in_china_estimates")
    assert (e["value_low"].notna() | e["value_high"].notna()).all()
    assert e["estimator"].str.len().gt(2).all()
    hiding = e[e["what"] == "hiding in China"]
    assert hiding["value_high"].max() / hiding["value_high"].min() >= 10  # they disagree widely


def test_analogues_and_border_facts():
    a = data.load("refugee_analogues")
    assert {"Kosovo 1999", "Rohingya 2017", "Ukraine 2022", "Venezuela 2015-2023", "Syria 2011-2019"} <= set(a["case"])
    assert any(c.startswith("East Germany") for c in a["case"])
    assert (a["weeks"] > 0).all() and (a["people"] > 0).all()
    low, high = exodus.china_border_range()
    assert 1300 <= low < high <= 1450
    b = data.load("border_facts").set_index("measure")
    assert b.loc["DMZ width", "value"] == 4 and 240 <= b.loc["DMZ length", "value"] <= 255


def test_places_match_the_kind_of_country():
    p = data.load("places").set_index("place")
    assert p.loc["Dandong", "country"] == "China" and p.loc["Sinuiju", "country"] == "North Korea"
    assert p.loc["Dandong", "lat"] > p.loc["Seoul", "lat"]


# ---- model invariants ------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(**SETTINGS)
def test_people_are_conserved_exactly_and_flows_respect_capacities(**kw):
    r = exodus.simulate(**kw)
    assert (r.inside + r.china + r.south_korea == r.population).all()
    assert (r.flow_china >= 0).all() and (r.flow_sk >= 0).all() and (r.returned >= 0).all()
    assert (r.flow_china <= r.cap_china).all() and (r.flow_sk <= r.cap_sk).all()
    assert (r.inside >= 0).all() and (r.china >= 0).all() and (r.south_korea >= 0).all()
    assert (r.waiting >= 0).all() and (np.diff(r.waiting) <= 0).all()
    assert r.total_left + r.waiting[-1] == r.want_out
    assert len(r.inside) == kw["weeks"] + 1 and len(r.flow) == kw["weeks"]


@settings(max_examples=80, deadline=None)
@given(lo=unit, hi=unit, **{k: v for k, v in SETTINGS.items() if k != "severity"})
def test_more_severe_collapse_never_means_fewer_leaving(lo, hi, **kw):
    lo, hi = sorted((lo, hi))
    a, b = exodus.simulate(severity=lo, **kw), exodus.simulate(severity=hi, **kw)
    assert (a.left <= b.left).all()
    assert a.peak_weekly_flow <= b.peak_weekly_flow


@settings(max_examples=80, deadline=None)
@given(lo=unit, hi=unit, **{k: v for k, v in SETTINGS.items() if k != "china_open"})
def test_opening_chinas_border_never_means_fewer_reaching_china_or_leaving(lo, hi, **kw):
    lo, hi = sorted((lo, hi))
    a, b = exodus.simulate(china_open=lo, **kw), exodus.simulate(china_open=hi, **kw)
    assert (a.left <= b.left).all()
    # integer rounding of the split may move at most one person a week
    assert a.to_china <= b.to_china + kw["weeks"]
    assert a.peak_weekly_flow <= b.peak_weekly_flow


@settings(max_examples=60, deadline=None)
@given(lo=unit, hi=unit, **{k: v for k, v in SETTINGS.items() if k != "sk_reception"})
def test_opening_south_korea_never_means_fewer_reaching_it(lo, hi, **kw):
    lo, hi = sorted((lo, hi))
    a, b = exodus.simulate(sk_reception=lo, **kw), exodus.simulate(sk_reception=hi, **kw)
    assert (a.left <= b.left).all()
    assert a.to_sk <= b.to_sk + kw["weeks"]


def test_no_crisis_no_refugees_and_returns_bring_people_home():
    calm = exodus.simulate(severity=0)
    assert calm.total_left == 0 and (calm.inside == calm.population).all()
    stay = exodus.simulate(severity=1, china_open=1, return_rate=0)
    back = exodus.simulate(severity=1, china_open=1, return_rate=0.1)
    assert stay.total_left == back.total_left
    assert back.china[-1] < stay.china[-1] and back.inside[-1] > stay.inside[-1]


def test_sealed_china_still_leaks_and_today_south_korea_takes_the_2009_pace():
    r = exodus.simulate(severity=1, china_open=0, sk_reception=0)
    assert r.cap_china == int(100_000 * exodus.SEALED_LEAK)
    assert r.cap_sk == exodus.sk_weekly_pace() == round(2914 / 52)
    assert r.to_china > 0


def test_capacity_binds_when_many_want_out():
    r = exodus.simulate(severity=1, propensity=0.5, china_open=1, sk_reception=1, weeks=8)
    assert (r.flow == r.cap_china + r.cap_sk).all()


@pytest.mark.parametrize("name, bad", [
    ("severity", 1.5), ("severity", float("nan")), ("severity", "high"), ("severity", True),
    ("china_open", -0.1), ("sk_reception", 2), ("weeks", 0), ("weeks", 2.5), ("weeks", 157),
    ("propensity", 0.9), ("china_capacity", 0), ("sk_capacity", 10), ("return_rate", 0.5),
    ("population", -5), ("return_rate", float("inf")),
])
def test_bad_inputs_name_the_parameter(name, bad):
    with pytest.raises(ValueError, match=name):
        exodus.simulate(**{name: bad})


def test_route_map_needs_a_result():
    with pytest.raises(ValueError, match="result"):
        exodus.route_map({"to_china": 5})
    chart = exodus.route_map(exodus.simulate())
    assert isinstance(chart, style.Chart) and "Source:" in chart.source and "GeoNames" in chart.source


# ---- analogues and charts --------------------------------------------------------------------------
def test_nearest_analogue_follows_the_size():
    small = exodus.simulate(severity=0.3, china_open=0.05, weeks=52)
    big = exodus.simulate(severity=1, propensity=0.4, china_open=1, china_capacity=1_000_000, sk_reception=1, weeks=52)
    assert exodus.nearest_analogue(big)[0] == "Ukraine 2022"
    assert exodus.nearest_analogue(small)[0] != "Ukraine 2022"
    assert exodus.nearest_analogue(exodus.simulate(weeks=4))[0] in {"Kosovo 1999", "Ukraine 2022"}
    assert exodus.nearest_analogue(exodus.simulate(severity=0)) is None


@pytest.mark.parametrize("make", [exodus.defectors_chart, exodus.china_estimates_chart, exodus.warheads_chart])
def test_static_charts_have_alt_text_and_source(make):
    chart = make()
    assert isinstance(chart, style.Chart)
    assert chart.alt and chart.source.startswith("Source:")


def test_tables_are_small_and_tidy():
    for frame in (exodus.population_table(), exodus.ministry_trap_table(), exodus.china_estimates_table(),
                  exodus.analogues_table(), exodus.border_table(), exodus.loose_nukes_table()):
        assert isinstance(frame, pd.DataFrame) and 2 <= len(frame) <= 15
    trap = exodus.ministry_trap_table()["arrivals"]
    assert trap.iloc[4] == trap.iloc[5]  # grand total = parts
    nukes = exodus.loose_nukes_table()
    assert any("plutonium" in i for i in nukes.index) and any("warheads" in i for i in nukes.index)


# ---- the what-if through the kit -------------------------------------------------------------------
def test_panel_defaults_baseline_and_reading():
    panel = exodus.what_if()
    assert panel.params["severity"] == 0.5 and panel.baseline_result.params["severity"] == 1.0
    assert panel.baseline_result.total_left > 1_000_000  # the article's case: millions
    assert "leave within 52 weeks" in panel.reading and "want out" in panel.reading and "nearest real exodus" in panel.reading
    snap = panel.snapshot()
    assert snap["summary"]["total_left"] == panel.result.total_left


def test_panel_moves_the_way_the_model_says():
    panel = exodus.what_if()
    before = panel.result.total_left
    reading = panel.reading
    panel.set(severity=1.0)
    # with China's border nearly sealed the route is full: more want out, the queue grows, not the flow
    assert panel.result.want_out > exodus.simulate().want_out and panel.result.total_left >= before
    assert panel.result.waiting[-1] > exodus.simulate().waiting[-1] and panel.reading != reading
    more = panel.result.total_left
    panel.set(china_open=1.0)
    assert panel.result.total_left >= more and panel.result.to_china > 0
    panel.set(sk_reception=1.0)
    assert panel.result.to_sk > exodus.sk_weekly_pace() * 52
    text = panel.reading
    assert f"{panel.result.total_left / 1e6:.1f} million" in text
    panel.reset()
    assert panel.result.total_left == before


def test_first_control_changes_the_picture_even_when_the_route_is_full():
    # at the defaults China's route is full, so more severity adds to the queue, not the flow:
    # the figure must still change (the browser test watches the image)
    panel = exodus.what_if()
    before = panel.render()
    panel.set(severity=1.0)
    assert panel.render() != before


def test_panel_presets_and_bad_values():
    panel = exodus.what_if()
    panel.apply_preset("total collapse, China seals the border")
    sealed = panel.result.to_china
    panel.apply_preset("total collapse, both open")
    assert panel.result.to_china > 10 * sealed
    with pytest.raises(ValueError, match="china_open"):
        panel.set(china_open=1.2)
    with pytest.raises(ValueError, match="no control named"):
        panel.set(speed=3)


def test_panel_compare_table_and_render():
    panel = exodus.what_if(severity=0.9)
    table = panel.compare_table()
    assert list(table.columns) == ["article's case", "your case"]
    assert table.loc["left the country", "your case"] == fmt.people(panel.result.total_left)
    assert table.loc["left the country", "article's case"] == fmt.people(panel.baseline_result.total_left)
    assert table.loc["nearest real exodus", "your case"] == exodus.nearest_analogue(panel.result)[0]
    panel.set(severity=0.1)
    assert panel.compare_table().loc["left the country", "your case"] == fmt.people(panel.result.total_left)
    svg = panel.render()
    assert b"<svg" in svg and b"Kosovo" in svg
    assert panel.result.peak_weekly_flow == int(panel.result.flow.max()) > 0
    assert 0 < panel.result.peak_weekly_flow <= panel.result.total_left


def test_self_checks_judge_their_answers():
    from helpers.selfcheck import check
    assert check(exodus.Q1, "b").correct and not check(exodus.Q1, "a").correct
    d = data.load("defectors").set_index("year")
    assert check(exodus.Q2, int(d.loc[1998, "arrivals"])).correct
    wrong = check(exodus.Q2, 947)  # the ministry's cumulative row
    assert not wrong.correct and exodus.Q2.mistake(947) is not None
    left = exodus.simulate(severity=0.8, china_open=1).total_left / 1e6
    assert check(exodus.Q3, round(left, 1)).correct and check(exodus.Q3, left + 0.09).correct
    total = exodus.simulate(severity=1, china_open=1).total_left / 1e6  # the article's-case figure the panel shows
    assert abs(total - left) > 0.3 and not check(exodus.Q3, round(total, 1)).correct


def test_arrivals_alt_text_follows_the_data():
    alt = exodus.defectors_chart().alt
    d = data.load("defectors").set_index("year")
    split = d.dropna(subset=["female"])
    for year in split.index[split["female"] <= split["male"]]:
        assert str(year) in alt.split("except")[1]
    assert f"{d.loc[2022, 'arrivals']} in 2022" in alt
