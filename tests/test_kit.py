"""The shared kit: input checks, the what-if kit (through its programmatic face, for every
panel the helpers declare), saving without loss, self-checks, charts and the course map."""

from __future__ import annotations

import ast
import importlib
import html
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, what_if_factories
from helpers import cache, course, fmt, start, style
from helpers.checks import check_choice, check_int, check_number
from helpers.selfcheck import Question, check
from helpers.whatif import Headline, Panel, WhatIf, assumption, lever, load_snapshot, save_snapshot

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
    assert panel.params["rate"] == 5
    assert panel.result == _model(5, 10, "loose")
    assert "0.599" in panel.reading  # (1 - 5%) ** 10 years
    sliders["years"].value = 999  # a slider clamps to its range
    assert panel.params["years"] == 30
    assert "whatif-panel" in box._dom_classes


def test_preset_list_follows_the_panel():
    """The preset list names the preset the panel is, and nothing once a control has moved away (finding 8)."""
    from helpers.whatif import NO_PRESET

    panel = Panel(TOY)
    _ = panel.widget
    chooser, sliders = panel._widgets["preset"], panel._widgets["controls"]
    assert chooser.value == NO_PRESET and chooser.labels == [NO_PRESET, "harsh"]
    chooser.value = "harsh"  # as if the student picked it
    assert panel.params == {"rate": 40, "years": 10, "policy": "strict"} and panel.preset == "harsh"
    sliders["rate"].value = 41  # a slider move leaves the preset
    assert chooser.value == NO_PRESET and panel.preset is None
    chooser.index = 1  # picking the same preset again applies it again
    assert panel.params["rate"] == 40 and chooser.value == "harsh"
    panel.reset()
    assert chooser.value == NO_PRESET
    panel.set(rate=40, policy="strict")  # reaching a preset by hand names it too
    assert chooser.value == "harsh"
    panel.apply_preset("harsh").reset()
    assert chooser.value == NO_PRESET and panel.params == {"rate": 10, "years": 10, "policy": "loose"}


def test_option_controls_are_native_choices_that_follow_the_panel():
    from helpers.choice import Choice

    panel = Panel(TOY)
    _ = panel.widget
    policy = panel._widgets["controls"]["policy"]
    assert isinstance(policy, Choice) and policy.options == [("loose", "loose"), ("strict", "strict")]
    assert policy.label == "Policy" and policy.words == "loose"
    policy.index = 1  # the browser sends the chosen option's index
    assert panel.params["policy"] == "strict" and policy.words == "strict"
    panel.set(policy="loose")
    assert policy.index == 0 and policy.value == "loose"
    with pytest.raises(ValueError, match="value"):
        policy.value = "lax"
    with pytest.raises(ValueError, match="index"):
        policy.index = 5
    with pytest.raises(ValueError, match="options"):
        Choice(options=[])


def test_fields_share_one_frame():
    """Slider and Choice are drawn by one frame (helpers/field.py): the label tied to the field by a unique
    id, the keys kept from JupyterLab, the focus ring; each adds only its own element and style."""
    import json as _json

    from helpers.choice import Choice
    from helpers.field import MOVE_KEYS, Field
    from helpers.slider import Slider

    kinds = ((Slider, 'input.type = "range"', MOVE_KEYS), (Choice, 'createElement("select")', (*MOVE_KEYS, "Enter", " ")))
    for cls, element, keys in kinds:
        assert issubclass(cls, Field)
        esm, css = cls._esm, cls._css
        assert esm.count("function render(") == 1 and esm.count("function build(") == 1 and element in esm
        assert f"const KEYS = {_json.dumps(list(keys))};" in esm and f'const KIND = "{cls._kind}";' in esm
        assert 'setAttribute("data-lm-suppress-shortcuts", "true")' in esm and "label.htmlFor = id" in esm
        assert f".whatif-{cls._kind}:focus-visible" in css and f".whatif-{cls._kind}-box" in css
    slider = Slider(value=0.2, min=0, max=1, step=0.1, label="Share", unit="share", words="20 percent")
    assert (slider.value, slider.label, slider.words) == (0.2, "Share", "20 percent")
    for bad in (float("nan"), float("inf"), "0.5", None):
        with pytest.raises(ValueError, match=r"\bvalue\b"):
            slider.value = bad
    with pytest.raises(ValueError, match="min must not exceed max"):
        slider.min = 2
    with pytest.raises(ValueError, match=r"\bstep\b"):
        slider.step = 0
    assert slider.value == 0.2 and slider.min == 0 and slider.step == 0.1  # a refused setting changes nothing
    slider.close()


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
    assert 'src="data:image/svg+xml;base64,' in bundle["text/html"] and len(bundle["text/html"]) > 1000
    assert f'alt="{html.escape(chart.alt, quote=True)}"' in bundle["text/html"]
    fig, _ = style.figure()
    with pytest.raises(ValueError):
        style.Chart(fig, "", "Source: x")


def test_palette_is_okabe_ito():
    assert style.STUDENT == "#0072B2" and len(set(style.PALETTE)) == 8


def test_argument_maps_cover_the_registry():
    story = course.argument_map()
    assert list(story.claims["id"]) == list(start.main_claims().sort_values("step")["id"])
    text = story.mermaid()  # one box per step, each titled once, and a "so" arrow between boxes that exist
    assert [text.count(f"{k}. {course.STEPS[k]}") for k in range(1, 6)] == [1] * 5
    assert [(a, b) for a, b, _ in story.edges()] == [(f"step{k}", f"step{k + 1}") for k in range(1, 5)]
    assert all(f"subgraph {a}[" in text and f"subgraph {b}[" in text and f"{a} -->|so| {b}" in text
               for a, b, _ in story.edges())
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


FAST_PATHS = sorted(name for name, factory in FACTORIES.items() if factory().spec.update is not None)


def test_some_panels_have_a_fast_path():
    assert FAST_PATHS  # otherwise the test below would test nothing


@pytest.mark.parametrize("name", FAST_PATHS)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_fast_update_draws_what_a_full_redraw_draws(name, data):
    """Panels with an update() fast path must show exactly what drawing from scratch shows."""
    panel = FACTORIES[name]()
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
    fresh = type(panel)(panel.spec, **values)  # the same kind of panel (00's hides the author until saved)
    assert panel.render() == fresh.render()


@pytest.mark.parametrize("name", FAST_PATHS)
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_fast_update_one_control_at_a_time(name, data):
    """As a student moves them: one control after another, each through the fast path (or, where update()
    returns False, a full redraw), and the picture is still the one a fresh panel draws."""
    panel = FACTORIES[name]()
    panel.render()
    for _ in range(3):
        c = data.draw(st.sampled_from(panel.spec.controls))
        if c.options:
            value = data.draw(st.sampled_from([v for _, v in c.options]))
        else:
            value = c.low + data.draw(st.integers(0, int(round((c.high - c.low) / c.step)))) * c.step
            value = int(round(value)) if c.is_int else min(value, c.high)
        panel.set(**{c.name: value})
        assert panel.render() == type(panel)(panel.spec, **panel.params).render(), (c.name, value)


def test_update_returning_false_redraws_in_full():
    calls = []

    def draw(fig, base, res, params):
        calls.append("draw")
        ax = fig.subplots()
        ax.plot([0, 1], [0, res["left"]])
        ax.set_title(f"rate {params['rate']}")
        return ax

    def update(ax, base, res, params):
        calls.append("update")
        return False if params["years"] != 10 else None

    panel = Panel(WhatIf(**{**{f: getattr(TOY, f) for f in TOY.__dataclass_fields__}, "draw": draw, "update": update}))
    panel.render()
    panel.set(rate=30).render()
    assert calls == ["draw", "update"]  # moved, not redrawn (the title keeps the old rate: update's choice)
    panel.set(years=12).render()
    assert calls == ["draw", "update", "update", "draw"]
    assert "rate 30" in panel.render().decode()


def test_svg_canvas_writes_what_matplotlibs_writes():
    """helpers._svg keeps text sizes between saves: the SVG must stay byte for byte matplotlib's own."""
    import io

    for name in ("_template.example", "deterrent.yield", "start.confidence"):
        panel = FACTORIES[name]()
        for _ in range(2):  # the second save measures text from the lasting cache
            buf = io.BytesIO()
            panel.figure().savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
            assert style.svg_bytes(panel.figure()) == buf.getvalue(), name
    fig, ax = style.figure(4, 3)
    ax.set_title(r"mathematics $\alpha^2$ and plain text")
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    assert style.svg_bytes(fig) == buf.getvalue()



def _matplotlibs_svg(fig) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


@pytest.mark.skipif(not style._SVG_CANVAS_CHECKED, reason="the replaying canvas is used on matplotlib 3.10-3.11 only")
@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_replayed_axes_and_legends_give_matplotlibs_svg(name):
    """helpers._svg draws an axis or a legend once and replays its SVG while nothing it depends on
    changed: over random moves of every panel the picture must stay byte for byte matplotlib's own, and
    the replay must actually happen (or the speed it buys is not there)."""
    import random

    from helpers import _svg

    panel, rng = FACTORIES[name](), random.Random(7)
    before = sum(n for (_, what), n in _svg.REPLAYS.items() if what == "replayed")
    for _ in range(25):
        control = rng.choice(panel.spec.controls)
        if control.options:
            value = rng.choice([v for _, v in control.options])
        else:
            value = control.low + rng.randint(0, round((control.high - control.low) / control.step)) * control.step
            value = int(round(value)) if control.is_int else min(value, control.high)
        panel.set(**{control.name: value})
        assert style.svg_bytes(panel.figure()) == _matplotlibs_svg(panel.figure()), (name, control.name, value)
    assert sum(n for (_, what), n in _svg.REPLAYS.items() if what == "replayed") > before + 10


@pytest.mark.skipif(not style._SVG_CANVAS_CHECKED, reason="the replaying canvas is used on matplotlib 3.10-3.11 only")
def test_a_changed_axis_or_legend_is_drawn_again():
    """Each change below alters what an axis or the legend draws; the replaying canvas must notice it."""
    from matplotlib.patches import Patch

    fig, ax = style.figure(6, 4)
    (line,) = ax.plot([0, 1, 2], [0, 1, 4], label="a line")
    ax.set_xlabel("x"), ax.set_ylabel("y")
    ax.legend(loc="upper left")
    changes = [
        lambda: None,  # unchanged: replayed
        lambda: ax.set_xlim(0, 3),
        lambda: ax.set_xlabel("another x"),
        lambda: ax.set_xlabel("another x", loc="left"),
        lambda: ax.yaxis.label.set_color("red"),
        lambda: ax.get_yticklabels()[1].set_color("red"),
        lambda: ax.tick_params(axis="x", labelsize=8),
        lambda: ax.tick_params(axis="y", length=9, direction="in"),
        lambda: ax.grid(False),
        lambda: ax.xaxis.set_major_formatter("{x:.2f}"),
        lambda: ax.set_yticks([0, 2, 4], ["none", "some", "many"]),
        lambda: ax.spines["left"].set_position(("outward", 12)),
        lambda: ax.set_position([0.2, 0.2, 0.6, 0.6]),
        lambda: line.set_color("green"),  # the legend's handle is a copy: the legend stays as it was
        lambda: ax.legend(loc="lower right"),
        lambda: ax.legend(loc="lower right", title="a title"),
        lambda: ax.legend(handles=[Patch(color="orange", label="a patch")], loc="lower right"),
        lambda: ax.get_legend().get_texts()[0].set_text("renamed"),
        lambda: ax.get_legend().get_texts()[0].set_fontsize(16),
        lambda: ax.legend(handles=[Patch(color="orange", label="a patch")], loc="lower right", frameon=True),
        lambda: ax.get_legend().get_frame().set_edgecolor("blue"),
        lambda: fig.set_size_inches(7, 4),
    ]
    for i, change in enumerate(changes):
        change()
        for _ in range(2):  # the second save replays what the first one kept
            assert style.svg_bytes(fig) == _matplotlibs_svg(fig), i



def test_a_panel_saves_its_picture_once_per_setting(monkeypatch):
    """The still picture (static_html) and the live widget show the same figure: saved once, not twice;
    a move saves again, and a figure handed out by figure() (which the caller may change) is saved afresh."""
    saves = []
    real = style.svg_bytes
    monkeypatch.setattr(style, "svg_bytes", lambda fig: saves.append(fig) or real(fig))
    panel = Panel(TOY)
    panel.static_html()
    _ = panel.widget
    assert len(saves) == 1
    panel.set(rate=30)
    assert len(saves) == 2
    panel.render()
    assert len(saves) == 2
    panel.figure().axes[0].set_title("changed by hand")
    assert b"changed by hand" in panel.render() and len(saves) == 3


# ---- the comparison table and the controls table, on the panel ----------------------------------------
def test_compare_table_is_live_and_declared_once():
    spec = WhatIf(**{**{f: getattr(TOY, f) for f in TOY.__dataclass_fields__},
                     "compare": (("left", lambda res: f"{res['left']:.3f}"),)})
    panel = Panel(spec)
    table = panel.compare_table()
    assert list(table.columns) == ["article's case", "your case"]
    assert table.loc["left"].tolist() == [f"{_model(20, 10, 'loose')['left']:.3f}", f"{_model(10, 10, 'loose')['left']:.3f}"]
    _ = panel.widget  # the panel shows it, and it follows the sliders
    panel._widgets["controls"]["rate"].value = 30
    assert f"{_model(30, 10, 'loose')['left']:.3f}" in panel._widgets["compare"].value
    assert panel.compare_table().loc["left", "your case"] == f"{_model(30, 10, 'loose')['left']:.3f}"
    assert list(panel.controls_table().index) == [c.label for c in spec.controls]
    with pytest.raises(ValueError, match="declares no comparison rows"):
        Panel(TOY).compare_table()


# ---- formatting: one module, edge cases ----------------------------------------------------------------
@pytest.mark.parametrize("x, text", [
    (0, "0"), (1, "1"), (9_999, "9,999"), (10_499, "10,000"), (999_499, "999,000"), (999_500, "1.0 million"),
    (2_345_678, "2.3 million"), (26_498_823, "26.5 million"),
])
def test_people(x, text):
    assert fmt.people(x) == text


def test_people_with_a_noun_and_plurals():
    assert fmt.people(1, noun=True) == "1 person"
    assert fmt.people(2, noun=True) == "2 people"
    assert fmt.people(1.2e6, noun=True) == "1.2 million people"
    assert fmt.plural(1, "year") == "1 year" and fmt.plural(0, "year") == "0 years"
    assert fmt.plural(2, "point") == "2 points" and fmt.plural(1.0, "point") == "1 point"
    assert fmt.plural(3, "person", "people") == "3 people" and fmt.plural(1_000, "week") == "1,000 weeks"
    assert fmt.duration_weeks(1 / 7) == "1 day" and fmt.duration_weeks(1.5) == "10 days"
    assert fmt.duration_weeks(2) == "2 weeks" and fmt.duration_weeks(52.4) == "52 weeks"


@pytest.mark.parametrize("phrase, text", [
    ("80% cut", "an 80% cut"), ("50% cut", "a 50% cut"), ("8% rise", "an 8% rise"), ("11% cut", "an 11% cut"),
    ("18% rise", "an 18% rise"), ("1% cut", "a 1% cut"), ("100% cut", "a 100% cut"), ("110% rise", "a 110% rise"),
    ("800 t gap", "an 800 t gap"), ("11,000 t gap", "an 11,000 t gap"), ("1,100 t gap", "a 1,100 t gap"),
    ("0.8% cut", "a 0.8% cut"), ("open border", "an open border"), ("sealed border", "a sealed border"),
    ("unit", "a unit"), ("hour", "an hour"), ("uncertain case", "an uncertain case"),
])
def test_with_article(phrase, text):
    assert fmt.with_article(phrase) == text


def test_tonnes_kt_money_spans_and_years():
    assert fmt.tonnes(400) == "400 t" and fmt.tonnes(512_345) == "512,000 t"
    assert fmt.tonnes(999_600) == "1.00 million t" and fmt.tonnes(2.5e6) == "2.50 million t"
    assert fmt.kt(0.63) == "0.63" and fmt.kt(4.24) == "4.2" and fmt.kt(9.7) == "10" and fmt.kt(1250) == "1,250"
    assert fmt.usd_bn(2.571) == "US$2.57 bn" and fmt.percent(99.4) == "99%"
    assert fmt.number(0.4700) == "0.47" and fmt.number(float("nan")) == "" and fmt.number(-0.0001) == "0"
    assert fmt.span([4.24, 6.91]) == "4.2-6.9" and fmt.span([6.91, 6.94]) == "6.9" and fmt.span([]) == ""
    assert fmt.years([2013, 2014]) == "2013-14" and fmt.years([2013, 2014], short=False) == "2013-2014"
    assert fmt.years([1999, 2001]) == "1999-2001" and fmt.years([2020]) == "2020"
    assert fmt.value(0.05) == "0.05" and fmt.value(1_000_000) == "1,000,000" and fmt.value(2.5) == "2.5"
    assert fmt.value("USGS") == "USGS"


def test_readings_say_one_year_and_an_eighty_percent_cut():
    from helpers import deterrent, lifeline

    survival = deterrent.survival_what_if(years=1)
    assert "Over 1 year " in survival.reading and " 1 years" not in survival.reading
    one_point = deterrent.survival_what_if(years=1, attempt_rate=0.02, internal=0.0).reading  # the bomb adds 1 point
    assert "adds 1 point" in one_point and " 1 points" not in one_point
    assert "an 80% cut in trade" in lifeline.what_if(trade_change_pct=-80).reading


# ---- caches keyed on the data version ----------------------------------------------------------------
def test_by_data_recomputes_when_a_table_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOFT_LANDING_DATA", str(tmp_path))
    table = tmp_path / "toy.csv"
    table.write_text("a\n1\n")
    calls = []

    @cache.by_data("toy")
    def rows():
        calls.append(1)
        return table.read_text().count("\n") - 1

    assert rows() == 1 and rows() == 1 and len(calls) == 1
    table.write_text("a\n1\n2\n")  # a new size, so a new version even within one clock tick
    assert rows() == 2 and len(calls) == 2


# ---- look inside ------------------------------------------------------------------------------------
def test_show_code_renders_a_model_without_paths_or_line_numbers():
    from helpers import exodus

    shown = course.show_code(exodus.simulate)
    bundle = shown._repr_mimebundle_()
    assert bundle["text/markdown"].startswith("`simulate`, from helpers/exodus.py")
    assert "def simulate(" in bundle["text/plain"] and "```python" in bundle["text/markdown"]
    assert str(ROOT) not in bundle["text/plain"]
    with pytest.raises(ValueError, match="obj must"):
        course.show_code(len)
    with pytest.raises(ValueError, match="obj must"):
        course.show_code(json.dumps)


# ---- the companion-module template: the conventions a test can check --------------------------------------
READY = [nb for nb in course.NOTEBOOKS if nb.stem in course.available_notebooks()]
SECTIONS = ("# ---- the model", "# ---- the what-if", "# ---- evidence tables", "# ---- questions")


@pytest.mark.parametrize("nb", READY + [course.Notebook("NN_template", "Template", "?", 0, "_template")],
                         ids=lambda nb: nb.module)
def test_companion_module_follows_the_template(nb):
    path = ROOT / "helpers" / f"{nb.module}.py"
    assert path.is_file(), f"{nb.stem} needs its companion module helpers/{nb.module}.py"
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    doc = ast.get_docstring(tree)
    assert doc and doc.startswith(f"Notebook {nb.stem[:2]}"), "the docstring opens with the notebook"
    assert "model" in doc.split("\n\n")[1].lower() or "model" in doc.split("\n\n")[0].lower(), \
        "the docstring states the model in a paragraph"
    positions = [text.find(head) for head in SECTIONS]
    assert all(p >= 0 for p in positions), f"sections missing: {[h for h, p in zip(SECTIONS, positions) if p < 0]}"
    assert positions == sorted(positions), "sections in order: model, what-if, evidence tables, questions"
    # Read in one sitting: figures go to helpers/figures/, then-and-since sentences to helpers/hindsight.py.
    # 01 is the longest (two what-ifs, ~570 lines); the bound stops a module from growing back to 800.
    assert len(text.splitlines()) <= 600, "companion module too long: move figures and chart plumbing out"
    module = importlib.import_module(f"helpers.{nb.module}")
    assert isinstance(module.WHAT_IFS, dict) and module.WHAT_IFS
    assert isinstance(module.QUESTIONS, tuple) and all(isinstance(q, Question) for q in module.QUESTIONS)
    if nb.module != "_template":
        assert (ROOT / "tests" / f"test_{nb.module}.py").is_file(), f"{nb.stem} needs tests/test_{nb.module}.py"
        assert (ROOT / "helpers" / "figures" / f"{nb.module}.py").is_file()
    for factory in module.WHAT_IFS.values():
        panel = factory()
        assert factory().spec is panel.spec, "the spec is built once and cached, not rebuilt per panel"
        assert panel.spec.compare, "every what-if declares its article's-case-vs-yours rows"
        assert isinstance(panel.alt_text(), str) and len(panel.alt_text()) > 40
    for q in module.QUESTIONS:
        assert check(q, q.answer).correct, q.id


def test_importing_the_companion_modules_loads_no_data(tmp_path):
    """Nothing loads data or runs a model at import: with an empty data folder, every import works."""
    modules = [nb.module for nb in READY]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}:\n"
            "    importlib.import_module('helpers.' + m)\n"
            "from helpers import data\n"
            "assert data._load_cached.cache_info().currsize == 0, 'data loaded at import'\n")
    env = {**__import__("os").environ, "SOFT_LANDING_DATA": str(tmp_path)}
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], env=env, capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]


# ---- shared chart pieces -------------------------------------------------------------------------------
def test_log10_axis_labels_decades_and_recalled_markers_are_hollow():
    assert [style.decade_label(e) for e in (-1, 0, 3, 6, 7)] == ["0.1", "1", "1,000", "1 M", "10 M"]
    assert list(style.log10([0, 1, 1000])) == [0.0, 0.0, 3.0]  # never below the floor (1 person)
    fig, ax = style.figure()
    style.log10_axis(ax, 3, 7, "people (log scale)")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1,000", "10,000", "100,000", "1 M", "10 M"]
    assert ax.get_ylabel() == "people (log scale)"
    style.recalled_markers(ax, [1, 2, 3], [1, 2, 3], [True, False, True], style.STUDENT)
    firm, recalled = ax.lines[-2], ax.lines[-1]
    assert list(firm.get_xdata()) == [1, 3] and list(recalled.get_xdata()) == [2]
    assert recalled.get_markerfacecolor() == "white" and firm.get_markerfacecolor() != "white"
    before = len(ax.lines)
    style.event_lines(ax, [2006.8, 2020.0], [(2006.7, "UN 1718")])
    assert len(ax.lines) == before + 2 and ax.texts[-1].get_text() == "UN 1718"


@given(st.lists(st.floats(-0.2, 1.2), max_size=12), st.floats(0.01, 0.2))
def test_nudge_keeps_order_gap_and_bounds_and_moves_nothing_that_is_clear(ys, gap):
    out = style.nudge(ys, gap, 0.0, 1.0)
    assert len(out) == len(ys)
    if not ys:
        return
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = [out[i] for i in order]
    eff = min(gap, 1.0 / (len(ys) - 1)) if len(ys) > 1 else gap
    assert all(b - a >= eff - 1e-9 for a, b in zip(placed, placed[1:]))  # order kept, at least the gap apart
    assert min(out) >= -1e-9 and max(out) <= 1 + 1e-9
    ok = sorted(ys)
    if ok[0] >= 0 and ok[-1] <= 1 and all(b - a >= gap for a, b in zip(ok, ok[1:])):
        assert out.tolist() == pytest.approx(list(ys))  # labels with room already stay where their lines end
    assert style.nudge([0.5, 0.52], 0.1).tolist() == pytest.approx([0.46, 0.56])  # a block centred on what it wanted
    assert style.nudge([0.3, 0.8], 0.1).tolist() == [0.3, 0.8]  # nothing to do: nothing moves


def test_end_labels_write_last_values_apart_on_log_axes_and_follow_a_fast_path():
    """The shared labelled-end-value piece (used by 03's trade chart and 05's prices chart)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig, ax = style.figure(6, 4)
    ax.set_yscale("log")
    ax.set_xlim(0, 10)
    ax.set_ylim(10, 100_000)
    labels = style.end_labels(ax, [(10, 69_100, "69,100", style.PALETTE[1]), (10, 60_800, "60,800", style.PALETTE[0])])
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    a, b = (t.get_window_extent(renderer) for t in labels)
    assert not a.overlaps(b) and a.y0 > b.y0  # nudged apart, the larger value above
    assert a.x0 > ax.transData.transform((10, 1))[0]  # right of the line's end
    assert [t.get_text() for t in labels] == ["69,100", "60,800"]
    style.move_end_labels(ax, labels, [(10, 100, "100"), (10, float("nan"), "gone")])
    assert labels[0].get_text() == "100" and labels[0].get_position()[1] == pytest.approx(0.25)
    assert not labels[1].get_visible()  # a line with no last value shows no label
    with pytest.raises(ValueError, match="points"):
        style.end_labels(ax, [(10, 5, "5")])
    with pytest.raises(ValueError, match="gap"):
        style.nudge([0.1], -1)


def test_warheads_are_charted_once_for_both_notebooks():
    from helpers import deterrent, exodus
    from helpers.figures import common

    assert deterrent.warheads_chart is exodus.warheads_chart is common.warheads_chart
    assert not hasattr(exodus, "loose_nukes_chart")


def test_one_function_for_north_koreas_population():
    from helpers import exodus, facts, lifeline

    assert exodus.nk_population is facts.nk_population
    assert lifeline.factors()["population_m"] == facts.nk_population(2020) / 1e6
    with pytest.raises(ValueError, match="year"):
        facts.nk_population(1800)


# ---- issue 16: the twin (levers of the article's case, your assumptions), the headline split, plausibility flags -------
def _with(**fields):
    return WhatIf(**{**{f: getattr(TOY, f) for f in TOY.__dataclass_fields__}, **fields})


TWIN = _with(
    headline=Headline("share left", lambda res: res["left"], lambda x: f"{x:.3f}"),
    compare=(("left", lambda res: f"{res['left']:.3f}"),),
    plausible=lambda res, p: ["Almost nothing is left, unlike any case observed."] if res["left"] < 0.01 else [],
    baseline_basis="The course's choice: the toy article is silent on the rate.",
)


def test_twin_is_the_baseline_levers_under_the_students_assumptions():
    panel = Panel(TWIN)
    assert panel.twin_params is None and panel.twin_result is None  # assumptions untouched: no twin
    panel.set(rate=30)  # a lever only: still no twin, and the reading has no split
    assert panel.twin_result is None and "Split" not in panel.reading
    panel.set(years=20)  # an assumption: the twin is the article's rate (20) with 20 years
    assert panel.twin_params == {"rate": 20, "years": 20, "policy": "loose"}
    assert panel.twin_result == _model(20, 20, "loose")
    base, twin, yours = (f"{_model(r, y, 'loose')['left']:.3f}" for r, y in ((20, 10), (20, 20), (30, 20)))
    assert f"from {base} to {twin}" in panel.reading and f"take it to {yours}" in panel.reading
    table = panel.compare_table()
    assert list(table.columns) == ["article's case", "levers of the article's case, your assumptions", "your case"]
    assert table.loc["left"].tolist() == [base, twin, yours]
    panel.set(rate=20)  # levers back at the article's: all of the change is the assumptions'
    assert "comes from your assumptions" in panel.reading
    panel.set(policy="strict", years=10, rate=50)  # an assumption back at the baseline: no twin
    assert panel.twin_result is None
    spec = _with(headline=Headline("anything", lambda res: 0.0, lambda x: f"{x:.1f}"))
    flat = Panel(spec).set(years=20, rate=40)  # levers moved but nothing shows: never "your levers are the article's"
    assert "Neither your assumptions nor your levers move anything from 0.0" in flat.reading
    panel.reset()
    assert panel.twin_result is None and list(panel.compare_table().columns) == ["article's case", "your case"]


def test_a_lever_move_does_not_rerun_the_twin():
    calls = []
    spec = _with(model=lambda **p: calls.append(p) or _model(**p))
    panel = Panel(spec).set(years=5)
    n = len(calls)
    panel.set(rate=35)
    assert len(calls) == n + 1  # only the student's case ran; the twin was reused


def test_plausibility_flags_show_in_reading_panel_and_snapshot():
    panel = Panel(TWIN)
    assert panel.flags == [] and "Caution" not in panel.reading
    panel.set(rate=50, years=30, policy="strict")
    assert panel.flags == ["Almost nothing is left, unlike any case observed."]
    assert panel.reading.endswith("Caution: Almost nothing is left, unlike any case observed.")
    assert panel.snapshot()["flags"] == panel.flags
    _ = panel.widget
    assert "whatif-flag" in panel._widgets["reading"].value
    assert "whatif-flag" in panel.static_html() and "toy article is silent" in panel.static_html()
    panel._widgets["controls"]["rate"].value = 0  # the slider clears the flag again
    assert panel.flags == [] and "whatif-flag" not in panel._widgets["reading"].value


def test_step_maps_never_stack_more_than_three_supports_in_a_column():
    """Issue 10: drawn left to right, a claim's supports stand in one column; a map with more than
    three supports of one claim (04's step 3: four of C18) is drawn top to bottom instead, in narrow
    boxes, and every other step map keeps its left-to-right layout."""
    import re
    from collections import Counter

    for step in range(1, 6):
        amap = course.argument_map(step=step)
        ids = set(amap.claims["id"])
        most = max(Counter(b for _, b, _ in amap.edges() if b in ids).values())
        text = amap.mermaid()
        if most > course.ArgumentMap.MAX_STACKED:
            assert "flowchart TB" in text and amap.top_down()
            boxes = [line.split('["', 1)[1] for line in text.splitlines() if '["' in line]
            lines = [re.sub("<[^>]+>", "", part) for box in boxes for part in box.split('"]')[0].split("<br>")]
            assert max(map(len, lines)) <= 26  # narrow boxes: three or four side by side fit the notebook
        else:
            assert "flowchart LR" in text and not amap.top_down()
    assert course.argument_map(step=3).top_down()  # the one map that needed it
