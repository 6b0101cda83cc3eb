"""The shared kit: input checks, the what-if kit (through its programmatic face, for every
panel the helpers declare), saving without loss, self-checks, charts and the course map."""

from __future__ import annotations

import html
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import what_if_factories
from helpers import course, start, style
from helpers.checks import check_choice, check_int, check_number
from helpers.selfcheck import Question, check
from helpers.whatif import Panel, WhatIf, assumption, lever, load_snapshot, save_snapshot

FACTORIES = what_if_factories()


# ---- checks --------------------------------------------------------------------------------
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_check_number_accepts_exactly_the_range(x):
    if 0 <= x <= 10:
        assert check_number("share", x, 0, 10) == x
    else:
        with pytest.raises(ValueError, match="share must be between 0 and 10"):
            check_number("share", x, 0, 10)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "5", None, True, [1]])
def test_check_number_rejects_non_numbers(bad):
    with pytest.raises(ValueError, match=r"weeks .*between 1 and 52"):
        check_number("weeks", bad, 1, 52)


def test_check_int_and_choice():
    assert check_int("year", 2016.0, 2000, 2030) == 2016
    with pytest.raises(ValueError, match="whole number"):
        check_int("year", 2016.5, 2000, 2030)
    with pytest.raises(ValueError, match="policy must be one of 'open', 'sealed'"):
        check_choice("policy", "ajar", ["open", "sealed"])


# ---- a toy what-if, to test the kit itself ---------------------------------------------------
def _model(rate, years, policy):
    return {"left": (1 - rate / 100) ** years * (0.5 if policy == "strict" else 1.0)}


def _draw(fig, base, res, params):
    ax = fig.subplots()
    ax.bar([0, 1], [base["left"], res["left"]], color=[style.BASELINE, style.STUDENT])


TOY = WhatIf(
    title="toy",
    model=_model,
    controls=(
        lever("rate", "Yearly rate", 0, 50, 10, step=1, unit="%", help="toy"),
        assumption("years", "Years", 1, 30, 10, step=1, unit="years", help="toy"),
        lever("policy", "Policy", 0, 1, "loose", options=(("loose", "loose"), ("strict", "strict"))),
    ),
    draw=_draw,
    read=lambda base, res, p: f"{res['left']:.3f} left after {p['years']} years",
    source="Source: toy.",
    alt="toy bars",
    baseline={"rate": 20},
    presets={"harsh": {"rate": 40, "policy": "strict"}},
    summary=lambda res: {"left": res["left"]},
    save_as="toy",
)


def test_panel_starts_at_defaults_with_baseline_apart():
    panel = Panel(TOY)
    assert panel.params == {"rate": 10, "years": 10, "policy": "loose"}
    assert panel.baseline_result == _model(20, 10, "loose")
    assert panel.result == _model(10, 10, "loose")


def test_set_moves_result_and_reading_and_reset_restores():
    panel = Panel(TOY)
    before = panel.reading
    panel.set(rate=30, years=5)
    assert panel.result == _model(30, 5, "loose")
    assert panel.reading != before and "after 5 years" in panel.reading
    panel.reset()
    assert panel.reading == before


def test_set_rejects_unknown_and_out_of_range_and_keeps_state():
    panel = Panel(TOY, rate=15)
    with pytest.raises(ValueError, match="no control named 'speed'; the controls are rate, years, policy"):
        panel.set(speed=3)
    with pytest.raises(ValueError, match=r"rate must be between 0 and 50 %"):
        panel.set(rate=60)
    with pytest.raises(ValueError, match="policy must be one of"):
        panel.set(policy="lax")
    with pytest.raises(ValueError, match="rate"):
        panel.set(years=3, rate=float("nan"))
    assert panel.params["rate"] == 15 and panel.params["years"] == 10


def test_reading_displays_as_a_sentence():
    panel = Panel(TOY)
    assert isinstance(panel.reading, str)
    assert panel.reading._repr_markdown_() == f"**Reading:** {panel.reading}"
    from IPython.lib.pretty import pretty

    assert pretty(panel.reading) == f"Reading: {panel.reading}"


def test_presets_and_bad_declarations():
    assert Panel(TOY).apply_preset("harsh").params["policy"] == "strict"
    with pytest.raises(ValueError, match="default"):
        lever("x", "X", 0, 1, 2)
    with pytest.raises(ValueError, match="kind"):
        from helpers.whatif import Control

        Control("x", "X", 0, 1, 0.5, kind="belief")


def test_widgets_follow_programmatic_changes_and_sliders_stay_in_range():
    panel = Panel(TOY)
    box = panel.widget
    sliders = panel._widgets["controls"]
    assert (sliders["rate"].min, sliders["rate"].max) == (0, 50)
    first_image = panel._widgets["image"].value
    panel.set(rate=42)
    assert sliders["rate"].value == 42
    assert panel._widgets["image"].value != first_image
    sliders["rate"].value = 5  # as if the student dragged it
    assert panel.params["rate"] == 5 and "0.599" in panel.reading or panel.result == _model(5, 10, "loose")
    sliders["years"].value = 999  # a slider clamps to its range
    assert panel.params["years"] == 30
    assert "whatif-panel" in box._dom_classes


def test_snapshot_is_json_and_saving_never_overwrites(tmp_path):
    panel = Panel(TOY, rate=25)
    snap = panel.snapshot()
    assert json.loads(json.dumps(snap))["settings"]["rate"] == 25
    first = panel.save(tmp_path)
    panel.set(rate=35)
    second = panel.save(tmp_path)
    assert first == second == tmp_path / "toy.json"
    assert load_snapshot("toy", tmp_path)["settings"]["rate"] == 35
    assert json.loads((tmp_path / "toy.previous-1.json").read_text())["settings"]["rate"] == 25
    save_snapshot(snap, "toy", tmp_path)
    assert (tmp_path / "toy.previous-2.json").exists()
    with pytest.raises(ValueError, match="plain file name"):
        save_snapshot(snap, "../escape", tmp_path)
    assert load_snapshot("never_saved", tmp_path) is None


# ---- every panel the helpers declare -------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_declared_panel_behaves(name):
    panel = FACTORIES[name]()
    assert isinstance(panel, Panel)
    spec = panel.spec
    assert spec.controls and spec.source_text().startswith("Source:")
    table = spec.controls_table()
    assert list(table.index) == [c.label for c in spec.controls]
    assert all(c.help for c in spec.controls), "every control explains itself"
    svg = panel.render()
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert json.loads(json.dumps(panel.snapshot()))["what_if"] == spec.title
    before = panel.reading
    first = spec.controls[0]
    top = first.options[-1][1] if first.options else first.high
    if top == panel.params[first.name]:
        top = first.options[0][1] if first.options else first.low
    panel.set(**{first.name: top})
    assert panel.reading != before, "moving the first control must change the reading"
    for c in spec.controls:
        if c.options is None:
            with pytest.raises(ValueError, match=c.name):
                panel.set(**{c.name: c.high + abs(c.high - c.low) + 1})
    panel.reset()
    assert panel.reading == before


@pytest.mark.parametrize("name", sorted(FACTORIES))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_declared_panel_accepts_its_whole_range(name, data):
    panel = FACTORIES[name]()
    values = {}
    for c in panel.spec.controls:
        if c.options:
            values[c.name] = data.draw(st.sampled_from([v for _, v in c.options]))
        elif c.is_int:
            values[c.name] = data.draw(st.integers(int(c.low), int(c.high)))
        else:
            values[c.name] = data.draw(st.floats(c.low, c.high, allow_nan=False))
    panel.set(**values)
    assert isinstance(panel.reading, str) and panel.reading.strip()
    assert "nan" not in panel.reading.lower().split()


# ---- notebook 00's helpers -------------------------------------------------------------------------
def test_confidence_compare_and_reading():
    ids = list(start.main_claims()["id"])
    assert len(ids) == 6
    table = start.compare(**{i: 50 for i in ids})
    assert list(table["gap"]) == list(50 - table["author_pct"])
    panel = start.what_if(**{i: int(a) for i, a in zip(ids, table["author_pct"])})
    assert "about as sure as the author" in panel.reading
    panel.set(**{ids[0]: 0})
    assert ids[0] in panel.reading and "less sure" in panel.reading
    with pytest.raises(ValueError, match="missing"):
        start.compare(C03=10)
    with pytest.raises(ValueError, match="C03 must be between 0 and 100"):
        start.compare(**{i: 150 if i == "C03" else 50 for i in ids})


def test_claims_by_kind_counts_every_claim():
    assert int(start.claims_by_kind().to_numpy().sum()) == len(start.claims_table())


# ---- self-checks ---------------------------------------------------------------------------------
def test_selfcheck_feedback():
    q = Question("Q", "peak year?", expected=2022, hints=("h1", "h2"), tolerance=0)
    assert check(q, ...).status == "unanswered"
    wrong = check(q, 2019)
    assert wrong.status == "wrong" and "h1" in wrong.text and "h2" not in wrong.text
    assert "h2" in check(q, 2019, attempt=2).text
    assert check(q, 2022).correct and not check(q, True).correct
    assert check(Question("Q", "kind", "empirical fact"), "  Empirical Fact ").correct
    assert check(Question("Q", "set", {"a", "b"}), ["b", "a"]).correct
    with pytest.raises(ValueError, match="attempt"):
        check(q, 1, attempt=0)


# ---- charts and course map -------------------------------------------------------------------------
def test_chart_carries_alt_text_and_source():
    chart = start.claims_by_kind_chart()
    bundle = chart._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Figure: ") and "Source:" in bundle["text/plain"]
    assert "image/png" not in bundle  # JupyterLab would draw a bare PNG without alt text
    assert 'src="data:image/png;base64,' in bundle["text/html"] and len(bundle["text/html"]) > 1000
    assert f'alt="{html.escape(chart.alt, quote=True)}"' in bundle["text/html"]
    fig, _ = style.figure()
    with pytest.raises(ValueError):
        style.Chart(fig, "", "Source: x")


def test_palette_is_okabe_ito():
    assert style.STUDENT == "#0072B2" and len(set(style.PALETTE)) == 8


def test_argument_maps_cover_the_registry():
    story = course.argument_map()
    assert list(story.claims["id"]) == list(start.main_claims().sort_values("step")["id"])
    assert story.mermaid().count("-->") == 5
    seen = []
    for step in range(1, 6):
        amap = course.argument_map(step=step)
        text = amap.mermaid()
        seen += list(amap.claims["id"])
        for a, b, _ in amap.edges():
            assert f"{a} --> {b}" in text and b in set(amap.claims["id"])
    assert sorted(seen) == sorted(start.claims_table().index)
    with pytest.raises(ValueError, match="step must be between 1 and 5; got 9"):
        course.argument_map(step=9)


def test_course_map_lists_every_notebook():
    table = course.course_map()
    assert list(table["notebook"]) == [f"{n.stem}.ipynb" for n in course.NOTEBOOKS]
    total = len(start.claims_table())
    assert table["claims"].iloc[0] == total and table["claims"].iloc[1:].sum() == total
    assert set(table.loc[table["status"] == "ready", "notebook"]) == {f"{s}.ipynb" for s in course.available_notebooks()}


@pytest.mark.parametrize("name", sorted(FACTORIES))
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_fast_update_draws_what_a_full_redraw_draws(name, data):
    """Panels with an update() fast path must show exactly what drawing from scratch shows."""
    panel = FACTORIES[name]()
    if panel.spec.update is None:
        return
    panel.render()
    values = {}
    for c in panel.spec.controls:
        if c.options:
            values[c.name] = data.draw(st.sampled_from([v for _, v in c.options]))
        else:
            steps = int(round((c.high - c.low) / c.step))
            value = c.low + data.draw(st.integers(0, steps)) * c.step
            values[c.name] = int(round(value)) if c.is_int else min(value, c.high)
    panel.set(**values)
    fresh = Panel(panel.spec, **values)
    assert panel.render() == fresh.render()
