"""Notebook 05 (Soft landing): its tables, the reform-corridor model and its what-if."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from helpers import data, reform, style
from helpers.selfcheck import check

TABLES = ["nk_growth", "nk_gni", "nk_markets", "market_prices", "rations", "food_balance", "undernourishment",
          "famine_deaths", "reform_episodes", "reform_comparators", "reform_benchmarks", "gapminder_nk"]

# Each control's documented range (the what-if declares the same ones: checked below).
RANGES = {
    "farm_pct": (0, 100), "enterprise_pct": (0, 100), "market_pct": (0, 100), "pace_years": (1, 10),
    "repression_pct": (0, 100), "china_grain_mt": (0, 1.5), "harvest_response_pct": (0, 50),
    "growth_response_pp": (0, 30), "lag_seasons": (1, 4), "grip_threshold": (20, 80),
}
settings_strategy = st.fixed_dictionaries({k: st.floats(lo, hi) for k, (lo, hi) in RANGES.items()})


# ---- data -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", TABLES)
def test_tables_are_not_empty(name):
    # (sources, schemas and low <= value <= high are checked for every table in tests/test_data.py)
    assert len(data.load(name)) > 0


def test_growth_series_are_kept_apart_and_match_the_bok_averages():
    g = data.load("nk_growth")
    assert not g.duplicated(["year", "series"]).any()
    assert not set(g[g["series"] == "bok_current"]["year"]) & set(g[g["series"] == "bok_first_published"]["year"])
    cur = reform.growth("bok_current").set_index("year")["growth_pct"]
    # The BOK itself states 1.2% a year for 2012-16 (fact sheet): our rows must average to that.
    assert round(float(cur.loc[2012:2016].mean()), 1) == 1.2
    assert cur.loc[2016] == cur.loc[2000:].loc[:2022].max()  # "highest since 1999"


def test_gni_per_person_implies_a_plausible_population():
    g = reform.gni()
    implied = g["gni_trillion_won"] * 1e12 / (g["gni_per_person_million_won"] * 1e6) / 1e6
    assert implied.between(21, 27).all(), implied


def test_food_balance_is_on_one_basis_and_consistent():
    f = reform.food_balance()
    both = f.dropna(subset=["need_mt", "uncovered_gap_mt"])
    assert len(both) >= 2
    # the uncovered gap is what is left after imports: never more than need minus harvest
    assert (both["uncovered_gap_mt"] <= both["need_mt"] - both["production_mt"] + 1e-9).all()
    assert set(data.sources_for(f["source_id"])["organisation"]) <= {"FAO and WFP", "FAO GIEWS"}
    assert not f["note"].fillna("").str.contains("RDA").any()  # no other agency's harvest mixed in


def test_rice_in_dollars_stays_cheap_while_won_prices_soar():
    p = reform.prices()
    since = p[p["date"].dt.year >= 2011].dropna(subset=["rice_usd_per_kg"])
    assert since["rice_usd_per_kg"].between(0.3, 1.2).all()
    assert since["won_per_usd"].iloc[-1] > 5 * since["won_per_usd"].iloc[0]
    old = p[p["date"] < "2009-12-01"]
    assert len(old) > 0 and old["note"].str.contains("divided by 100").all()


def test_undernourishment_names_each_edition_with_its_own_source():
    u = reform.undernourishment()
    sofi = u[u["edition"] != "WDI vintage"]
    assert sofi["source_id"].is_unique and len(sofi) >= 5
    assert (sofi["period_end"] - sofi["period_start"] == 2).all()
    assert u["prevalence_pct"].between(25, 55).all()


def test_famine_estimates_are_ranges_ordered_low_to_high():
    f = data.load("famine_deaths")
    assert (f["deaths_low"] <= f["deaths_high"]).all()
    assert f["deaths_low"].min() >= 200_000 and f["deaths_high"].max() >= 2_000_000
    assert (f["deaths_low"] < f["deaths_high"]).sum() >= 4  # ranges, not points


def test_episodes_include_the_ones_the_issue_names():
    e = data.load("reform_episodes")
    years = set(e["date"].dt.year)
    assert {2002, 2009, 2012, 2014, 2020, 2021, 2022} <= years
    assert set(e["kind"]) == {"reform", "retrenchment"}


def test_gapminder_flags_its_identical_interpolated_values():
    g = reform.gapminder()
    flat = g[g["interpolated"].astype(bool)]
    assert len(flat) == 3 and flat["gdp_per_person"].round(0).nunique() == 1


# ---- the model: bounds, monotonicity, both outcomes, calibration -------------------------------------
@given(settings_strategy)
def test_outputs_stay_within_bounds(p):
    r = reform.corridor(**p)
    m = r["in_model"]  # the years before control is lost (all of them if it never is)
    assert np.nanmin(r["grip"]) >= 0 and np.nanmax(r["grip"]) <= 100
    assert np.all(r["food_ratio"][m] > 0) and np.all(np.isfinite(r["food_mt"][m]))
    g0 = reform.constants()["growth_without_reform"]
    assert np.all(r["growth_pct"][1:][m[1:]] >= g0 - 1e-9)
    assert np.all(r["growth_pct"][1:][m[1:]] <= g0 + p["growth_response_pp"] + 1e-9)
    assert np.all(r["harvest_mt"][m] >= r["harvest_mt"][0] - 1e-9)  # reform never destroys harvests in this model
    assert int(r["zone"]) in (0, 1, 2)
    assert (int(r["zone"]) == 2) == (r["min_grip"] < r["threshold"])


YEARLY = ("harvest_mt", "food_mt", "food_ratio", "growth_pct", "grip", "openness")


@given(settings_strategy)
def test_no_output_is_reported_as_normal_after_control_is_lost(p):
    """Tryout (issue 12): once the grip falls below the threshold the model stops. Every yearly output after
    that year is NaN, the end-of-path numbers too, and neither the reading nor the comparison rows nor the
    saved summary report a food or growth figure for the years after it."""
    r = reform.corridor(**p)
    lost = int(r["zone"]) == 2
    assert lost == (int(r["year_lost"]) > 0)
    after = reform.YEARS > int(r["year_lost"]) if lost else np.zeros(len(reform.YEARS), dtype=bool)
    assert np.array_equal(r["in_model"], ~after)
    for key in YEARLY:
        assert np.all(np.isnan(r[key][after])), key
        assert np.all(np.isfinite(r[key][~after][1 if key == "growth_pct" else 0:])), key  # 2011 has no growth
    assert np.all(np.isfinite(r["need_mt"]))  # need follows the population, not the regime
    assert np.isnan(r["harvest_gain_pct"]) == np.isnan(r["gap_mt"]) == lost
    assert np.isfinite(r["mean_growth"]) and np.isfinite(r["min_grip"])
    reading = reform._read(reform.corridor(), r, p)
    rows = dict((label, show(r)) for label, show in reform.COMPARE)
    if lost:
        assert "food covers" not in reading and f"The model stops in {int(r['year_lost'])}" in reading
        assert rows["food against need in 2021"] == rows["harvest gain since 2011"] == reform.OUTSIDE
        assert rows["mean growth 2012-2021"].endswith(f"until {int(r['year_lost'])}")
        assert reform._summary(r)["food_ratio_last"] is None
    else:
        assert "model stops" not in reading and "outside" not in " ".join(rows.values())
    assert "nan" not in reading + " ".join(rows.values())


def test_the_big_bang_stops_the_model_the_year_control_is_lost():
    """The big-bang preset loses control in its first year: the lines end there (crosses on the panel), the
    reading says the model stops, and nothing is reported for 2021."""
    preset = reform.PRESETS["Big bang: everything at once, no repression"]
    r = reform.corridor(**preset)
    assert int(r["zone"]) == 2 and int(r["year_lost"]) == 2012
    assert r["in_model"].tolist() == [True, True] + [False] * 9
    assert np.isnan(r["food_mt"][2:]).all() and np.isnan(r["growth_pct"][2:]).all() and np.isnan(r["grip"][2:]).all()
    assert np.isfinite(r["food_mt"][:2]).all() and r["grip"][1] < r["threshold"]
    panel = reform.what_if(**preset)
    assert "The model stops in 2012" in panel.reading and "food covers" not in panel.reading
    assert panel.compare_table().loc["food against need in 2021", "your case"] == reform.OUTSIDE
    assert panel.snapshot()["summary"]["food_ratio_last"] is None
    assert "Yours ends in 2012" in panel.alt_text()
    panel.figure()
    ends = panel._handles["ends"]
    assert [list(e.get_xdata()) for e in ends] == [[2012]] * 3
    panel.reset()  # the fast path clears the crosses again
    panel.figure()
    assert all(len(e.get_xdata()) == 0 for e in ends)


@given(settings_strategy, st.sampled_from(["farm_pct", "pace_years", "harvest_response_pct", "lag_seasons"]),
       st.floats(0, 1))
def test_more_reform_never_lowers_the_harvest(p, name, share):
    """More farm reform, a faster pace, a larger response or a shorter lag: never a smaller harvest, any year."""
    lo, hi = RANGES[name]
    a = dict(p)
    b = dict(p)
    a[name] = p[name] + (hi - p[name]) * share  # a at least as large as p
    ra, rb = reform.corridor(**a), reform.corridor(**b)
    both = ra["in_model"] & rb["in_model"]  # compared while both paths are in the model (control not lost)
    assert both[:2].all()
    if name in ("farm_pct", "harvest_response_pct"):
        assert np.all(ra["harvest_mt"][both] >= rb["harvest_mt"][both] - 1e-12)
    else:  # a longer pace or a longer lag means slower reform: never more harvest
        assert np.all(ra["harvest_mt"][both] <= rb["harvest_mt"][both] + 1e-12)


def test_the_vectorised_model_equals_scalar_calls():
    rng = np.random.default_rng(5)
    farm, rep = rng.uniform(0, 100, 7), rng.uniform(0, 100, 7)
    out = reform._corridor(farm_pct=farm, repression_pct=rep, market_pct=farm[::-1])
    for i in range(7):
        one = reform.corridor(farm_pct=farm[i], repression_pct=rep[i], market_pct=farm[::-1][i])
        for key in ("harvest_mt", "grip", "food_ratio"):
            np.testing.assert_allclose(out[key][i], one[key])
        assert int(out["zone"][i]) == int(one["zone"])


def test_a_search_over_the_levers_finds_every_zone_at_the_default_assumptions():
    """The soft landing can be found and missed: no band of settings is hard-coded."""
    levels = np.linspace(0, 100, 11)
    farm, ent, rep, pace = np.meshgrid(levels, levels, levels, [1, 3, 6, 10], indexing="ij")
    r = reform._corridor(farm_pct=farm, enterprise_pct=ent, market_pct=ent, repression_pct=rep, pace_years=pace)
    zones = set(np.unique(r["zone"]).tolist())
    assert zones == {0, 1, 2}
    # and the answer depends on the assumptions: with no harvest response nothing lands softly
    flat = reform._corridor(farm_pct=farm, enterprise_pct=ent, market_pct=ent, repression_pct=rep, pace_years=pace,
                           harvest_response_pct=0, china_grain_mt=0.3)
    assert 1 not in set(np.unique(flat["zone"]).tolist())


def test_the_articles_case_can_land_softly_or_not_with_its_own_levers():
    base = reform.corridor()
    assert reform.ZONES[int(base["zone"])] == "stagnation"
    assert reform.ZONES[int(reform.corridor(farm_pct=80, pace_years=5, repression_pct=70)["zone"])] == "soft landing"
    assert reform.ZONES[int(reform.corridor(repression_pct=0)["zone"])] == "losing control"


def test_a_little_liberalisation_eases_hunger_in_the_models_terms():
    """C35: a little farm reform raises food against need compared with none."""
    none, little = reform.corridor(farm_pct=0), reform.corridor(farm_pct=20)
    assert np.all(little["food_ratio"][1:] > none["food_ratio"][1:])


def test_harvests_respond_over_seasons_and_control_at_once():
    r = reform.corridor(farm_pct=100, pace_years=1, lag_seasons=3, grip_threshold=20)  # control kept: the model runs on
    gains = np.diff(r["harvest_mt"])
    assert gains[0] > 0 and gains[1] > 0 and gains[2] > 0  # still rising after the first season
    repressed = reform.corridor(repression_pct=100)
    loose = reform.corridor(repression_pct=0)
    assert repressed["grip"][1] > loose["grip"][1]  # control moves in the first year


def test_presets_reproduce_their_calibration_cases_within_tolerance():
    table = reform.calibration()
    assert len(table) == 6
    assert table["within tolerance"].all(), table
    # the observed values come from data/, not from the presets
    g = reform.growth("bok_current").set_index("year")["growth_pct"]
    assert table.loc[1, "observed"] == pytest.approx(g.loc[2012:2016].mean(), abs=0.01)
    assert table.loc[0, "observed"] == reform.food_balance().set_index("year").loc[2014, "production_mt"]


def test_regimes_that_held_hold_in_the_model_and_the_big_bang_does_not():
    held = ["The 2012 and 2014 measures (the article's case)", "Retrenchment, as in 2019-24",
            "China after 1978 (upper bound)", "Vietnam after 1986/88 (upper bound)"]
    for name in held:
        assert int(reform.corridor(**reform.PRESETS[name])["zone"]) != 2, name
    assert int(reform.corridor(**reform.PRESETS["Big bang: everything at once, no repression"])["zone"]) == 2


def test_presets_are_complete_scenarios():
    controls = {c.name for c in reform.spec().controls}
    for name, values in reform.PRESETS.items():
        assert set(values) == controls, name


def test_plausibility_flag_beyond_chinas_reform_years():
    assert not bool(reform.corridor(**reform.PRESETS["China after 1978 (upper bound)"])["beyond_analogues"])
    wild = reform.corridor(farm_pct=100, harvest_response_pct=50, repression_pct=0, pace_years=1, lag_seasons=1,
                          grip_threshold=20)  # control kept, so the model runs all ten seasons
    assert bool(wild["beyond_analogues"])


@pytest.mark.parametrize("name, value", [
    ("farm_pct", 101), ("farm_pct", -1), ("pace_years", 0), ("repression_pct", float("nan")), ("china_grain_mt", "0.3"),
    ("harvest_response_pct", 51), ("growth_response_pp", float("inf")), ("lag_seasons", 0.5), ("grip_threshold", 90),
    ("market_pct", np.array([10, 120])), ("enterprise_pct", np.array(["a"])), ("farm_pct", True),
])
def test_bad_inputs_raise_value_error_naming_the_parameter(name, value):
    with pytest.raises(ValueError, match=name):
        reform.corridor(**{name: value})


def test_zone_grid_refuses_what_it_sets_itself():
    with pytest.raises(ValueError, match="repression_pct"):
        reform.zone_grid(repression_pct=20)
    grid = reform.zone_grid(steps=3)
    assert grid["zone"].shape == (3, 3) and grid["reform"].tolist() == [0, 50, 100]
    assert int(grid["zone"][0, 0]) == int(reform.corridor(farm_pct=0, enterprise_pct=0, market_pct=0, repression_pct=0)["zone"])
    with pytest.raises(ValueError, match="steps"):
        reform.zone_grid(steps=2)


# ---- the what-if through the kit ---------------------------------------------------------------------
def test_panel_controls_match_the_documented_ranges():
    for c in reform.spec().controls:
        assert (c.low, c.high) == RANGES[c.name], c.name


def test_panel_reading_names_the_zone_and_follows_the_levers():
    panel = reform.what_if()
    assert panel.reading.startswith("Stagnation")
    panel.set(repression_pct=0)
    assert panel.reading.startswith("Losing control") and "grip falls below 50" in panel.reading
    panel.apply_preset("China after 1978 (upper bound)")
    assert panel.reading.startswith("Soft landing")
    snap = panel.snapshot()
    assert snap["summary"]["zone"] == "soft landing"
    panel.reset()
    assert panel.reading.startswith("Stagnation")


@given(st.sampled_from(["low", "high"]), st.sampled_from(["low", "high"]))
def test_reading_is_true_at_the_extremes(levers, assumptions):
    panel = reform.what_if()
    values = {}
    for c in reform.spec().controls:
        end = levers if c.kind == "lever" else assumptions
        values[c.name] = c.low if end == "low" else c.high
    panel.set(**values)
    zone = reform.ZONES[int(panel.result["zone"])]
    assert panel.reading.lower().startswith(zone)
    if zone == "losing control":
        assert str(int(panel.result["year_lost"])) in panel.reading


def test_questions_accept_their_answers_and_import_loads_nothing():
    for q in reform.QUESTIONS:
        assert check(q, q.answer).correct, q.id
    code = "import helpers.reform"
    env = dict(os.environ, SOFT_LANDING_DATA=str(ROOT / "no_such_folder"))
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("chart", ["growth_chart", "food_chart", "prices_chart", "undernourishment_chart",
                                   "comparators_chart", "corridor_map"])
def test_charts_carry_alt_text_and_source(chart):
    c = getattr(reform, chart)()
    assert isinstance(c, style.Chart) and c.source.startswith("Source: ") and len(c.alt) > 80


def test_growth_chart_names_every_episode_clear_of_bars_legend_and_each_other():
    """Tryout (issue 12): a name sat over the 2020 bar and an unexplained "(+1)" stood for a second episode.
    Every episode now has its own name, and no name overlaps a bar, the legend, another text or the frame."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    chart = reform.growth_chart()
    fig = chart.fig
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)  # as shown (figsize of the notebook, the source line on)
    ax = fig.axes[0]
    names = set(reform.episodes()["episode"])
    texts = [t for t in ax.texts if t.get_text() in names]
    assert sorted(t.get_text() for t in texts) == sorted(names)
    assert not any("(+" in t.get_text() for t in ax.texts)
    boxes = [t.get_window_extent(renderer) for t in texts]
    others = [p.get_window_extent(renderer) for p in ax.patches] + [ax.get_legend().get_window_extent(renderer)]
    others += [t.get_window_extent(renderer) for t in ax.texts if t.get_text() not in names]
    frame = ax.get_window_extent(renderer)
    for text, box in zip(texts, boxes):
        assert not any(box.overlaps(o) for o in others), text.get_text()
        assert not any(box.overlaps(b) for b in boxes if b is not box), text.get_text()
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, text.get_text()


def test_worked_answers_in_the_notebook_agree_with_the_questions():
    text = (ROOT / "notebooks" / "_sources" / "05_soft_landing.md").read_text(encoding="utf-8")
    worked = text.split("**Worked answers.**", 1)[1].split("+++", 1)[0]
    assert f"= {reform.Q1.answer:.2f}" in worked
    assert f"about {reform.Q3.answer:.2f} US$" in worked
    assert reform.Q4.answer in worked
    assert f"{reform.Q5.answer:.2f} Mt a year" in worked
    assert f"= {reform.Q2.answer:.2f}" in worked


def test_reading_keeps_a_change_of_belief_apart_from_a_lever():
    """Issue 16's twin (the kit's): after an assumption moves, the reading splits the change of the headline number
    (food against need in 2021) into the part the assumptions make and the part the levers make."""
    lever_only = reform.what_if(farm_pct=80)
    assert lever_only.twin_result is None and "assumptions" not in lever_only.reading
    belief = reform.what_if(harvest_response_pct=45)
    twin = reform.corridor(**{**reform.PRESETS["The 2012 and 2014 measures (the article's case)"], "harvest_response_pct": 45})
    assert int(belief.twin_result["zone"]) == int(twin["zone"]) != int(belief.baseline_result["zone"])
    base, mine = (f"{100 * r['food_ratio'][-1]:.0f}%" for r in (belief.baseline_result, belief.result))
    assert f"({base} in the article's case, {mine} in yours) comes from your assumptions" in belief.reading
    both = reform.what_if(harvest_response_pct=45, farm_pct=80)
    assert f"from {base} to {100 * twin['food_ratio'][-1]:.0f}%; your levers then take it to" in both.reading
    assert list(both.compare_table().columns) == ["article's case", "levers of the article's case, your assumptions", "your case"]


def test_notebook_prose_states_the_comparators_as_the_data_have_them():
    c = reform.comparators().set_index(["country", "year"])
    words = {5: "fivefold", 11: "elevenfold"}
    text = (ROOT / "notebooks" / "_sources" / "05_soft_landing.md").read_text(encoding="utf-8")
    for country in ("China", "Vietnam"):
        real = np.prod(1 + c.loc[country].loc[1991:2019, "gdp_per_person_growth_pct"] / 100)  # real, not current PPP
        assert words[round(real)] in text
        ppp = c.loc[country, "gdp_per_person_ppp"]
        assert f"{ppp.loc[1990]:,.0f}" in text and f"{ppp.loc[2019]:,.0f}" in text
    table = reform.comparator_table().set_index("country")
    assert table.loc["China", "mean growth (% a year)"] - table.loc["North Korea", "mean growth (% a year)"].max() > 5
    # the prompt compares with North Korea's 2012-16, so the table shows that period (tryout finding 15)
    nk = reform.comparator_table().query("country == 'North Korea'").set_index("years")["mean growth (% a year)"]
    assert nk.loc["2012-2016"] == round(float(reform.Q1.answer), 1) and "2012-2016 (about 1.2% a year)" in text


def test_comparison_rows_show_the_articles_case_beside_yours():
    panel = reform.what_if(repression_pct=0)
    rows = {label: (show(panel.baseline_result), show(panel.result)) for label, show in reform.COMPARE}
    assert rows["zone after ten harvests"] == ("stagnation", "losing control")
    assert rows["lowest grip (threshold)"][1].endswith("(50)")


def test_retrenchment_target_is_missed_without_reform_and_by_the_articles_case():
    observed = float(reform.calibration().iloc[2]["observed"])
    for name in ("No reform at all", "The 2012 and 2014 measures (the article's case)"):
        model = float(np.mean(reform.corridor(**reform.PRESETS[name])["growth_pct"][1:7]))
        assert abs(model - observed) > float(reform.calibration().iloc[2]["tolerance"]), name


# ---- issue 16: the article's case stated with its basis, the headline, cautions, readings at the extremes ---------
def test_the_baseline_says_why_it_is_the_articles_case_and_what_is_the_courses_choice():
    spec = reform.spec()
    assert "op-ed" in spec.baseline_basis and "course's choice" in spec.baseline_basis
    assert spec.headline.value(reform.corridor()) == pytest.approx(100 * reform.corridor()["food_ratio"][-1])
    assert spec.headline.show(98.4) == "98%"


def test_the_2015_drought_is_a_sourced_row_and_reaches_the_reading():
    b = data.load("reform_benchmarks")
    row = b[(b["case"] == "North Korea 2015 drought") & (b["measure"] == "food_production_change")].iloc[0]
    assert row["value"] == -9 and row["source_id"] == "h_giews_2016"
    assert data.sources_for(["h_giews_2016"])["short_title"].iloc[0] == "FAO GIEWS 2016"
    soft = reform.what_if(farm_pct=80, pace_years=5, repression_pct=70)
    res = soft.result
    assert reform.ZONES[int(res["zone"])] == "soft landing"
    dry = (res["food_mt"][-1] - 0.09 * res["harvest_mt"][-1]) / res["need_mt"][-1]
    assert "9% down, as in the 2015 drought" in soft.reading
    assert (f"would cover only {100 * dry:.0f}%" in soft.reading) == (dry < 1)
    china = reform.what_if(**reform.PRESETS["China after 1978 (upper bound)"])
    assert "food still covers need" in china.reading  # a big enough margin survives a 2015-sized drought


def test_cautions_flag_paths_beyond_any_analogue_and_only_those():
    assert reform.what_if().flags == []
    assert reform.what_if(**reform.PRESETS["China after 1978 (upper bound)"]).flags == []  # the analogue itself
    wild = reform.what_if(farm_pct=100, harvest_response_pct=50, repression_pct=0, pace_years=1, lag_seasons=1,
                          grip_threshold=20)  # control kept (a lost path stops before its harvests gain)
    china = reform._china_bounds()
    assert len(wild.flags) == 1 and f"China's {china['harvest_gain_pct']:.0f}%" in wild.flags[0]
    assert "no close analogue" in wild.flags[0] and wild.reading.endswith(wild.flags[0])
    fast = reform.what_if(enterprise_pct=100, market_pct=100, growth_response_pp=30, repression_pct=0, pace_years=10,
                          grip_threshold=20)
    assert any("Growth averages" in f for f in fast.flags)


def _corners():
    cs = reform.spec().controls
    yield {c.name: c.low for c in cs}
    yield {c.name: c.high for c in cs}
    for c in cs:
        for end in (c.low, c.high):
            yield {c.name: end}
    yield from reform.PRESETS.values()


def test_readings_are_true_at_every_extreme():
    """The zone named first is the model's; numbers in the reading are the result's; no 'Nones' or stray plurals."""
    for values in _corners():
        panel = reform.what_if(**values)
        res, text = panel.result, panel.reading
        zone = reform.ZONES[int(res["zone"])]
        assert text.startswith(zone.capitalize() + ":"), (values, text)
        if zone == "losing control":
            assert f"in {int(res['year_lost'])} the regime's grip falls below {res['threshold']:.0f}" in text
        else:
            assert f"food covers {100 * res['food_ratio'][-1]:.0f}% of need in 2021" in text
        assert "nan" not in text and "None" not in text and "1 years" not in text
        assert len(text.split(". ")) <= 6  # short: the reading, the drought, the kit's split, a caution


@pytest.mark.parametrize("fn, kwargs, name", [
    (reform.growth, {"series": None}, "series"), (reform.prices_table, {"years": [1]}, "years"),
    (reform.prices_table, {"years": "2012"}, "years"), (reform.zone_grid, {"steps": None}, "steps"),
    (reform.zone_grid, {"steps": 41, "lag_seasons": 9}, "lag_seasons"), (reform.corridor, {"pace_years": [1]}, "pace_years"),
])
def test_public_functions_name_the_bad_parameter(fn, kwargs, name):
    with pytest.raises(ValueError, match=name):
        fn(**kwargs)


def test_a_threshold_above_the_starting_grip_is_read_as_the_threshold_deciding():
    """Tryout finding 6: above the grip of 2011 every path loses control at once; the reading must not
    invent a cause (the economy opening, hunger) for it."""
    start = float(reform.what_if().result["grip"][0])
    above = int(np.floor(start)) + 1
    for threshold in (above, 80):
        reading = reform.what_if(grip_threshold=threshold).reading
        first = reading.split(". ")[0]
        assert first.startswith(f"Losing control: in 2012 the regime's grip falls below {threshold} at once")
        assert f"{start:.1f}" in reading and "mainly because" not in reading
    below = reform.what_if(grip_threshold=int(np.floor(start)) - 1).reading
    assert "at once" not in below
