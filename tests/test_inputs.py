"""Bad input sweep: every public function of the helpers package, every parameter, fed wrong types,
NaN, infinities, huge integers, text and numpy arrays, either raises ValueError naming the parameter
or succeeds where ACCEPTS documents that it may. A new public function is swept automatically; one
with a required parameter needs a valid value in SAMPLES (the test says so)."""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers

matplotlib.use("Agg")


def _public_functions():
    found = {}
    for info in pkgutil.iter_modules(helpers.__path__):
        module = importlib.import_module(f"helpers.{info.name}")
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            fn = getattr(module, name, None)
            if inspect.isfunction(fn) and fn.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = fn
    return found


FUNCTIONS = _public_functions()


def _question():
    from helpers.selfcheck import Question

    return Question("Q", "How many?", expected=1.0, tolerance=0.1)


# Valid values for required parameters, by parameter name (a callable builds a fresh one).
SAMPLES = {
    "name": lambda fn: "claims" if fn.__module__ == "helpers.data" else "x",
    "dates": lambda fn: pd.Series(pd.to_datetime(["2012-01-01"])),
    "mb": lambda fn: 4.5,
    "kt": lambda fn: 10.0,
    "out_dir": lambda fn: None,  # filled with tmp_path
    "result": lambda fn: importlib.import_module(fn.__module__).simulate(),
    "panel": lambda fn: importlib.import_module(fn.__module__).what_if(),
    "snapshot": lambda fn: {"a": 1},
    "question": lambda fn: _question(),
    "answer": lambda fn: 1.0,
    "fig": lambda fn: importlib.import_module("helpers.style").figure()[0],
    "text": lambda fn: "Source: a test.",
    "label": lambda fn: "X",
    "low": lambda fn: 0,
    "high": lambda fn: 1,
    "default": lambda fn: 0.5,
}

# Documented successes: (function, parameter) -> which bad-looking values it accepts, and why.
ACCEPTS = {
    # A self-check takes whatever the student typed: a wrong answer is feedback, not an error.
    ("selfcheck.check", "answer"): lambda v: True,
    # The models of notebook 01 take arrays (they draw curves); NaN and infinities pass through.
    ("deterrent.yield_from_mb", "mb"): lambda v: np.asarray(v).dtype.kind in "iuf",
    ("deterrent.mb_from_yield", "kt"): lambda v: np.asarray(v).dtype.kind in "iuf",
    # Folders and file names are any plain text (the functions check what the file system cannot).
    ("saves.save_snapshot", "name"): lambda v: isinstance(v, str),
    ("saves.save_snapshot", "folder"): lambda v: isinstance(v, str),
    ("saves.load_snapshot", "name"): lambda v: isinstance(v, str),
    ("saves.load_snapshot", "folder"): lambda v: isinstance(v, str),
    ("start.saved_confidence", "folder"): lambda v: isinstance(v, str),
    ("editions.build_student_edition", "out_dir"): lambda v: isinstance(v, str),
    # Labels and texts are any text.
    ("style.add_source", "text"): lambda v: isinstance(v, str),
    ("whatif.lever", "label"): lambda v: isinstance(v, str),
    ("whatif.assumption", "label"): lambda v: isinstance(v, str),
}

BAD = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.sampled_from([math.nan, math.inf, -math.inf]),
    st.integers(min_value=10**20, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(10**20)),
    st.lists(st.floats(), min_size=1, max_size=3).map(np.array),
    st.lists(st.integers(0, 9), min_size=1, max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(0, 9), max_size=1),
    st.builds(object),
)

CASES = [
    (fname, p.name)
    for fname, fn in sorted(FUNCTIONS.items())
    for p in inspect.signature(fn).parameters.values()
    if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
]


def _call(fname, param, value, tmp_path):
    fn = FUNCTIONS[fname]
    kwargs = {}
    for p in inspect.signature(fn).parameters.values():
        if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) or p.default is not inspect.Parameter.empty:
            continue
        if p.name not in SAMPLES:
            pytest.fail(f"{fname}: add a valid value for its required parameter {p.name!r} to SAMPLES")
        kwargs[p.name] = SAMPLES[p.name](fn)
        if p.name == "out_dir":
            kwargs[p.name] = tmp_path / "out"
    kwargs[param] = value
    return fn(**kwargs)


def _named(param: str, error: Exception) -> bool:
    return re.search(rf"\b{re.escape(param)}\b", str(error)) is not None


@pytest.mark.parametrize("fname, param", CASES, ids=[f"{f}({p})" for f, p in CASES])
@settings(max_examples=6, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=BAD)
def test_bad_input_is_a_value_error_naming_the_parameter(fname, param, value, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)  # a function that accepts a folder name writes here, not in the repository
    try:
        _call(fname, param, value, tmp_path)
    except ValueError as error:
        assert _named(param, error), f"{fname}({param}={value!r}): ValueError without the name: {error}"
    else:
        accepts = ACCEPTS.get((fname, param))
        assert accepts is not None and accepts(value), f"{fname}({param}={value!r}) was accepted silently"
    finally:
        plt.close("all")


def _what_if_controls():
    from conftest import what_if_factories

    cases = []
    for key, factory in sorted(what_if_factories().items()):
        for control in factory().spec.controls:
            cases.append((key, control.name))
    return cases


CONTROL_CASES = _what_if_controls()


@pytest.mark.parametrize("key, control", CONTROL_CASES, ids=[f"{k}({c})" for k, c in CONTROL_CASES])
@settings(max_examples=6)
@given(value=BAD)
def test_what_if_controls_refuse_bad_values_by_name(key, control, value):
    from conftest import what_if_factories

    factory = what_if_factories()[key]
    with pytest.raises(ValueError, match=rf"\b{re.escape(control)}\b"):
        factory(**{control: value})


def test_the_sweep_covers_the_package():
    assert len(FUNCTIONS) > 40 and len(CASES) > 40
    assert {"data.describe", "saves.save_snapshot", "saves.load_snapshot", "selfcheck.check"} <= set(FUNCTIONS)
