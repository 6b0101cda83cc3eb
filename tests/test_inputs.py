"""Bad input sweep: every public function of every helpers module, every parameter, fed wrong types,
None, NaN, infinities, huge integers, numbers far out of any range, numpy arrays, lists, dicts and
plain objects, must raise ValueError whose message names the parameter. Nothing else may escape
(no TypeError, KeyError, OverflowError, AttributeError, no warning), and nothing may be accepted
silently unless ACCEPTS documents, for that one parameter, which of those values it takes and why.

The functions are discovered, not listed: every module of the package (helpers.figures.* too),
every function defined there whose name does not start with "_". A new module or function is swept
automatically; one with a required parameter needs a valid value in SAMPLES (the test says so).
The only functions left out are found the same way: the draw/update callbacks of the declared
what-ifs (a panel calls them with its own model's results; a student never does).
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import helpers


def _modules():
    found = []
    for info in pkgutil.walk_packages(helpers.__path__, prefix="helpers."):
        found.append(importlib.import_module(info.name))
    return found


MODULES = _modules()


def _specs() -> dict:
    """The WhatIf of every declared panel (module.name -> spec), each panel built once."""
    from conftest import what_if_factories

    return {key: factory().spec for key, factory in sorted(what_if_factories().items())}


SPECS = _specs()


def _callbacks() -> set:
    """The draw/update functions of every declared what-if (called by the panel, not by people)."""
    return {inspect.unwrap(fn) for spec in SPECS.values() for fn in (spec.draw, spec.update) if fn is not None}


def _short_name(module) -> str:
    return module.__name__.removeprefix("helpers.")


# Entry points that are not called with values but run something until stopped, and why they are left out.
ENTRY_POINTS = {
    "hub.main": "the command line: argparse checks argv (and exits with its usage message)",
    "hub.serve_summary": "runs the class-summary web service until JupyterHub stops it",
    "hub.configure": "fills JupyterHub's own config object, from jupyterhub_config.py",
    "app.main": "the command line: argparse checks argv (and exits with its usage message)",
    "verdict_files.main": "the command line: argparse checks argv (and exits with its usage message)",
}


def _public_functions():
    callbacks = _callbacks()
    found = {}
    for module in MODULES:
        names = set(getattr(module, "__all__", ())) | {n for n in vars(module) if not n.startswith("_")}
        for name in sorted(names):
            fn = getattr(module, name, None)
            if not inspect.isfunction(fn) or fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            if inspect.unwrap(fn) in callbacks or f"{_short_name(module)}.{name}" in ENTRY_POINTS:
                continue
            found[f"{_short_name(module)}.{name}"] = fn
    return found


FUNCTIONS = _public_functions()


def _question():
    from helpers.selfcheck import Question

    return Question("Q", "How many?", expected=1.0, tolerance=0.1)


def _checked_name(fn) -> str:
    """A check's ``name`` is the name of the value it checks: its message must then name that parameter."""
    return list(inspect.signature(fn).parameters)[1]


def _class_folder() -> str:
    """An (empty) class folder in the test's working directory, for the hub's functions."""
    import os

    os.makedirs("classroom", exist_ok=True)
    return "classroom"


def _main_confidence() -> dict:
    """50% on each main claim: a valid confidence for the verdict's functions."""
    return {i: 50.0 for i in importlib.import_module("helpers.start").main_claims()["id"]}


def _verdict_files():
    """One exported verdict (json, html) in the test's working directory, for the verdict files' functions."""
    return importlib.import_module("helpers.verdict_files").export_verdict(_main_confidence(), "A test.", folder="verdicts")


def _verdicts_folder() -> str:
    """A class folder holding one exported verdict."""
    _verdict_files()
    return "verdicts"


def _module_of(fn):
    return importlib.import_module(fn.__module__)


# Valid values for required parameters, by parameter name (a callable builds a fresh one).
SAMPLES = {
    **{side: (lambda fn: 0.5) for side in ("left", "right", "top", "bottom")},  # style.margins, in inches
    "name": lambda fn: (_checked_name(fn) if fn.__module__ == "helpers.checks"
                        else "claims" if fn.__module__ == "helpers.data" else "x"),
    "given": lambda fn: {},
    "allowed": lambda fn: ("b",),
    "kinds": lambda fn: int,
    "what": lambda fn: "a whole number",
    "stem": lambda fn: "00_start_here",
    "dates": lambda fn: pd.Series(pd.to_datetime(["2012-01-01"])),
    "mb": lambda fn: 4.5,
    "kt": lambda fn: 10.0,
    "x": lambda fn: [1.0] if fn.__module__ == "helpers.style" else 1.0,
    "settings": lambda fn: {},
    "param": lambda fn: "students",
    "students": lambda fn: 3,
    "password": lambda fn: "not-the-password",
    "fn": lambda fn: (lambda a=1: a),
    "values": lambda fn: {"years": [2013, 2014], "check_texts": ["a"], "check_ints": [0, 1], "check_dates": ["2012-12-12"],
                          "check_flags": [True]}.get(fn.__name__, [0.5, 1.0]),
    "pairs": lambda fn: [(1.0, "a")],
    "n": lambda fn: 1,
    "word": lambda fn: "year",
    "weeks": lambda fn: 1.0,
    "phrase": lambda fn: "80% cut",
    "exponent": lambda fn: 1,
    "ids": lambda fn: ["article"],
    "df": lambda fn: pd.DataFrame({"a": [1]}),
    "obj": lambda fn: _question,
    "folder": lambda fn: (_class_folder() if fn.__module__ == "helpers.hub"
                          else _verdicts_folder() if fn.__module__ == "helpers.verdict_files" else "my_course"),
    "yearly": lambda fn: 0.05,
    "pct_in_ten_years": lambda fn: 10.0,
    "res": lambda fn: {"survive_pct": 90.0},
    "now": lambda fn: _main_confidence(),
    "path": lambda fn: _verdict_files()[0],
    "record": lambda fn: importlib.import_module("helpers.verdict_files").read_verdict(_verdict_files()[0]),
    "table": lambda fn: pd.DataFrame({"start mean": [50.0], "end mean": [60.0], "end q25": [40.0], "end q75": [70.0]},
                                     index=["C03"]),
    "out_dir": lambda fn: "build_out",
    "edition": lambda fn: "class",
    "result": lambda fn: _module_of(fn).simulate() if hasattr(_module_of(fn), "simulate") else None,
    "snapshot": lambda fn: {"a": 1},
    "question": lambda fn: _question(),
    "answer": lambda fn: 1.0,
    "item": lambda fn: "coal",
    "fig": lambda fn: importlib.import_module("helpers.style").figure()[0],
    "ax": lambda fn: importlib.import_module("helpers.style").figure()[1],
    "text": lambda fn: "Source: a test.",
    "label": lambda fn: "X",
    "low": lambda fn: 0,
    "high": lambda fn: 1,
    "default": lambda fn: 0.5,
    "value": lambda fn: {"check_bool": True, "check_text": "text", "check_path": "my_work",
                         "check_axes": SAMPLES["ax"](fn), "check_figure": SAMPLES["fig"](fn)}.get(fn.__name__, 1),
    "choices": lambda fn: (0, 1),
    "c": lambda fn: importlib.import_module("helpers.whatif").lever("x", "X", 0, 1, 0.5),
    "xs": lambda fn: [2000.0],
    "y": lambda fn: [1.0],
    "firm": lambda fn: [True],
    "color": lambda fn: "#000000",
    "positions": lambda fn: [0.2, 0.6],
    "gap": lambda fn: 0.1,
    "points": lambda fn: [(1.0, 1.0, "1", "#000000")] if fn.__name__ == "end_labels" else [(1.0, 1.0, "1")],
    "labels": lambda fn: [SAMPLES["ax"](fn).text(0, 0, "")],
}

# Documented successes: (function, parameter) -> which bad-looking values it accepts, and why.
ANY = lambda v: True  # noqa: E731
TEXT = lambda v: isinstance(v, str)  # noqa: E731
NUMBERS = lambda v: isinstance(v, (list, np.ndarray)) and np.asarray(v).dtype.kind in "iuf"  # noqa: E731
FINITE = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) <= 1e300  # noqa: E731
ACCEPTS = {
    # A table name is any text: a table that does not exist is named by data.load when the function runs.
    ("cache.by_data", "tables"): TEXT,
    ("cache.data_version", "tables"): TEXT,
    # The bounds of a check are any finite numbers; its lists of names or values are any lists.
    **{(f"checks.{f}", p): FINITE for f in ("check_number", "check_int", "check_numbers", "check_ints")
       for p in ("low", "high")},
    ("checks.check_names", "allowed"): lambda v: isinstance(v, (list, np.ndarray)),
    ("checks.check_names", "given"): lambda v: isinstance(v, dict) and all(k == "b" for k in v),  # allowed=("b",)
    ("checks.check_choice", "choices"): lambda v: isinstance(v, list) and 1 in v,  # value=1
    ("checks.check_numbers", "values"): NUMBERS,
    ("checks.check_ints", "values"): NUMBERS,
    ("checks.check_settings", "settings"): lambda v: isinstance(v, dict) and all(k == "a" for k in v),  # fn(a=1)
    ("checks.check_type", "value"): lambda v: isinstance(v, int),  # kinds=int in the sweep
    ("checks.check_text", "value"): TEXT,
    ("checks.check_path", "value"): TEXT,
    # The model of notebook 05 is vectorised: arrays of values in range draw regions and curves.
    **{("reform.corridor", p): NUMBERS for p in inspect.signature(importlib.import_module("helpers.reform").corridor).parameters},
    # Event lines are drawn at any number of positions.
    ("style.event_lines", "xs"): NUMBERS,
    ("style.nudge", "positions"): NUMBERS,  # any numbers: where the labels' lines end, in shares of the axes
    **{("style.range_bars", p): lambda v: NUMBERS(v) or (isinstance(v, float) and math.isnan(v))  # a gap: no bar
       for p in ("x", "low", "high")},
    ("style.recalled_markers", "x"): NUMBERS,
    ("style.recalled_markers", "y"): NUMBERS,
    ("style.log10", "values"): lambda v: NUMBERS(v) or FINITE(v) or (isinstance(v, float) and math.isnan(v)),  # a gap stays
    # Labels are any text.
    ("style.log10_axis", "label"): TEXT,
    ("style.recalled_legend_entry", "label"): TEXT,
    ("style.recalled_markers", "label"): TEXT,
    # A control's range is any pair of finite numbers.
    **{(f"whatif.{f}", p): FINITE for f in ("lever", "assumption") for p in ("low", "high")},
    # A drop-down's value is text, shown as it is.
    ("fmt.value", "x"): TEXT,
    # A missing value reads "" (tables with gaps); a list of numbers is what span is for.
    ("fmt.number", "x"): lambda v: v is None or (isinstance(v, float) and math.isnan(v)),
    ("fmt.span", "values"): lambda v: NUMBERS(v) or (isinstance(v, float) and math.isnan(v)),
    # A login attempt with anything but the password is simply refused (False), as a wrong password is.
    ("hub.check_password", "password"): ANY,
    ("hub.make_roster", "folder"): TEXT,  # a new class folder is made
    # User names are text (a valid one, like the sweep's "not-a-valid-value", is accepted).
    ("hub.check_name", "name"): TEXT,
    ("hub.check_name", "param"): TEXT,
    ("hub.check_password", "name"): TEXT,
    # A snapshot is any dict of JSON values.
    ("saves.save_snapshot", "snapshot"): lambda v: isinstance(v, dict),
    # A self-check takes whatever the student typed: a wrong answer is feedback, not an error.
    ("selfcheck.check", "answer"): ANY,
    # The models of notebook 01 take arrays (they draw curves); NaN and infinities pass through.
    ("deterrent.yield_from_mb", "mb"): lambda v: np.asarray(v).dtype.kind in "iuf",
    ("deterrent.mb_from_yield", "kt"): lambda v: np.asarray(v).dtype.kind in "iuf",
    # Folders and file names are any plain text (the functions check what the file system cannot).
    ("saves.save_snapshot", "name"): TEXT,
    ("saves.save_snapshot", "folder"): TEXT,
    ("saves.load_snapshot", "name"): TEXT,
    ("saves.load_snapshot", "folder"): TEXT,
    ("start.saved_confidence", "folder"): TEXT,
    ("editions.build", "out_dir"): TEXT,
    ("app.prepare", "folder"): TEXT,  # App mode writes its build into any new folder
    ("verdict_files.write_class_summary", "out"): TEXT,  # a new folder for the summary is made
    # A verdict is any text, a student's name any short text; its folder is made; a snapshot is any JSON dict.
    ("verdict_files.export_verdict", "text"): TEXT,
    ("verdict_files.export_verdict", "name"): TEXT,
    ("verdict_files.export_verdict", "folder"): TEXT,
    ("verdict_files.export_verdict", "scenario"): lambda v: isinstance(v, dict),
    # The conversions between yearly and ten-year chances are vectorised (arrays in range give arrays).
    ("verdict.yearly_chance", "pct_in_ten_years"): NUMBERS,
    ("verdict.ten_year_chance", "yearly"): NUMBERS,
    # None or a folder without a save: notebook 04's defaults / no start values (said in the result).
    ("verdict.carried_settings", "folder"): lambda v: v is None or TEXT(v),
    ("verdict.what_if", "carry_from"): lambda v: v is None or TEXT(v),
    ("verdict.start_confidence", "folder"): TEXT,
    ("editions.sync", "folder"): TEXT,
    # A check's name, unit and description are any text (its caller's parameter name, its words).
    **{(f"checks.{f}", p): TEXT for f in importlib.import_module("helpers.checks").__all__
       for p in ("name", "unit", "what") if p in inspect.signature(getattr(importlib.import_module("helpers.checks"), f)).parameters},
    # Labels and texts are any text.
    ("style.add_source", "text"): TEXT,
    ("whatif.lever", "label"): TEXT,
    ("whatif.assumption", "label"): TEXT,
    ("whatif.lever", "name"): TEXT,
    ("whatif.assumption", "name"): TEXT,
    ("fmt.plural", "word"): TEXT,
    ("fmt.plural", "many"): TEXT,
    ("fmt.with_article", "phrase"): TEXT,
}

# Where a bad value of one parameter is rightly reported as a bad value of another, and why.
NAMED_INSTEAD = {
    # choices that do not hold the value checked: the value is what is refused
    ("checks.check_choice", "choices"): "value",
    # a control's value is refused under the control's own name (the sample control is named "x")
    ("whatif.value_words", "value"): "x",
    # start=None is valid; the sweep gives no confidence now (**now), which is what is then refused
    ("verdict.confidence_now", "start"): "now",
}

# Values wrong for (almost) every parameter: each is always tried; hypothesis adds random ones.
ALWAYS = [
    None,
    "not-a-valid-value",
    math.nan,
    math.inf,
    -math.inf,
    10**400,
    -(10**400),
    1e15,
    -1e15,
    np.array([0.5, 0.5]),
    [0.5],
    {"a": 1},
    object(),
]

BAD = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.sampled_from([math.nan, math.inf, -math.inf]),
    st.integers(min_value=10**20, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(10**20)),
    st.floats(min_value=1e13, max_value=1e300),
    st.floats(min_value=-1e300, max_value=-1e13),
    st.lists(st.floats(), min_size=1, max_size=3).map(np.array),
    st.lists(st.integers(0, 9), min_size=1, max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(0, 9), max_size=1),
    st.builds(object),
)


def _swept(p) -> bool:
    return p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY, p.VAR_POSITIONAL)


CASES = [(fname, p.name) for fname, fn in sorted(FUNCTIONS.items())
         for p in inspect.signature(fn).parameters.values() if _swept(p)]
# Functions that take named settings (**kwargs): an unknown name must be refused by name.
KWARG_CASES = [fname for fname, fn in sorted(FUNCTIONS.items())
               if any(p.kind == p.VAR_KEYWORD for p in inspect.signature(fn).parameters.values())]


def _tiny_course(tmp_path):
    """A notebooks folder with one small notebook: the editions are swept without exporting the course."""
    import nbformat

    folder = tmp_path / "tiny_notebooks"
    if not folder.is_dir():
        folder.mkdir()
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Tiny")])
        nbformat.write(nb, folder / "00_tiny.ipynb")
    return folder


# Optional parameters set in the sweep only to keep it fast (never swept with these values).
FAST = {"notebooks_dir": _tiny_course}


def _required_kwargs(fname, tmp_path) -> dict:
    fn = FUNCTIONS[fname]
    kwargs = {}
    for p in inspect.signature(fn).parameters.values():
        if p.name in FAST:
            kwargs[p.name] = FAST[p.name](tmp_path)
        if p.kind == p.VAR_POSITIONAL or not _swept(p) or p.default is not inspect.Parameter.empty:
            continue
        if p.name not in SAMPLES:
            pytest.fail(f"{fname}: add a valid value for its required parameter {p.name!r} to SAMPLES")
        kwargs[p.name] = SAMPLES[p.name](fn)
    return kwargs


def _named(param: str, error: Exception) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(param)}(?!\w)", str(error)) is not None


def _default_allows(fn, param, value) -> bool:
    """A parameter's own default is valid, and so is a value of the same kind for a yes/no flag."""
    default = inspect.signature(fn).parameters[param].default
    if default is inspect.Parameter.empty:
        return False
    if value is None and default is None:
        return True
    return isinstance(default, bool) and isinstance(value, bool)


@pytest.mark.parametrize("fname, param", CASES, ids=[f"{f}({p})" for f, p in CASES])
@settings(max_examples=4, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])  # + ALWAYS
@given(value=BAD)
def test_bad_input_is_a_value_error_naming_the_parameter(fname, param, value, tmp_path, monkeypatch):
    _sweep_one(fname, param, value, tmp_path, monkeypatch)


for _value in ALWAYS:
    test_bad_input_is_a_value_error_naming_the_parameter = example(value=_value)(
        test_bad_input_is_a_value_error_naming_the_parameter)


def _sweep_one(fname, param, value, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    fn = FUNCTIONS[fname]
    monkeypatch.chdir(tmp_path)  # a function that accepts a folder name writes here, not in the repository
    kwargs = _required_kwargs(fname, tmp_path)
    args = ()
    if inspect.signature(fn).parameters[param].kind == inspect.Parameter.VAR_POSITIONAL:
        args = (value,)  # *tables: one bad item
    else:
        kwargs[param] = value
    try:
        out = fn(*args, **kwargs)
    except ValueError as error:
        named = _named(param, error) or _named(NAMED_INSTEAD.get((fname, param), param), error)
        assert named, f"{fname}({param}={value!r}): ValueError without the name {param!r}: {error}"
    else:
        accepts = ACCEPTS.get((fname, param))
        ok = _default_allows(fn, param, value) or (accepts is not None and accepts(value))
        assert ok, f"{fname}({param}={value!r}) was accepted silently (returned {type(out).__name__})"
    finally:
        for v in kwargs.values():
            if isinstance(v, Figure):
                v.clear()


# Functions whose **settings are any names by design (the names label the values in messages).
ANY_NAMES = {
    "checks.check_lengths": "values drawn together, named as the caller names them",
    "checks.check_series": "values of one series, named as the caller names them",
}


@pytest.mark.parametrize("fname", [f for f in KWARG_CASES if f not in ANY_NAMES])
def test_an_unknown_setting_is_refused_by_name(fname, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fn = FUNCTIONS[fname]
    kwargs = _required_kwargs(fname, tmp_path)
    with pytest.raises(ValueError, match=r"\bno_such_setting\b"):
        fn(**kwargs, no_such_setting=0.5)


CONTROL_CASES = [(key, control.name) for key, spec in SPECS.items() for control in spec.controls]


@pytest.mark.parametrize("key, control", CONTROL_CASES, ids=[f"{k}({c})" for k, c in CONTROL_CASES])
@settings(max_examples=2, derandomize=True)  # + every ALWAYS value
@given(value=BAD)
def test_what_if_controls_refuse_bad_values_by_name(key, control, value):
    _control_one(key, control, value)


for _value in ALWAYS:
    test_what_if_controls_refuse_bad_values_by_name = example(value=_value)(
        test_what_if_controls_refuse_bad_values_by_name)


def _control_one(key, control, value):
    from conftest import what_if_factories

    factory = what_if_factories()[key]
    with pytest.raises(ValueError, match=rf"\b{re.escape(control)}\b"):
        factory(**{control: value})


def test_the_sweep_covers_the_package():
    """Discovery finds every module (the figures too) and the functions known to need guards."""
    names = {_short_name(m) for m in MODULES}
    on_disk = {p.stem for p in (helpers.__path__ and __import__("pathlib").Path(helpers.__path__[0])).glob("*.py")}
    assert {n for n in on_disk if not n.startswith("_")} <= names
    assert any(n.startswith("figures.") for n in names)
    assert {"data.describe", "saves.save_snapshot", "saves.load_snapshot", "selfcheck.check", "cache.by_data",
            "checks.check_number", "course.argument_map", "fmt.people"} <= set(FUNCTIONS)
    assert len(CASES) > 100
    assert set(ANY_NAMES) <= set(KWARG_CASES) and set(KWARG_CASES) - set(ANY_NAMES)
    for name in ENTRY_POINTS:  # every exemption names a real function
        module, _, fn = name.rpartition(".")
        assert inspect.isfunction(getattr(importlib.import_module(f"helpers.{module}"), fn, None)), name
    for (fname, param) in ACCEPTS:  # every documented exception names a real function and parameter
        assert fname in FUNCTIONS and param in inspect.signature(FUNCTIONS[fname]).parameters, (fname, param)
