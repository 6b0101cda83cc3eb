"""Shared fixtures: the repository root, the notebooks, every what-if panel factory."""

from __future__ import annotations

import importlib
import os
import pkgutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

import helpers

# Speed is measured by the benchmarks, not by timed tests: no per-example deadline (a first call that
# loads and validates the data would otherwise make property tests flaky on a slow machine).
settings.register_profile("course", deadline=None)
settings.load_profile("course")

ROOT = Path(__file__).resolve().parent.parent

# helpers.data's validation cache: a fresh folder for this test run (kernels and subprocesses inherit
# it), never the real home's; tests/test_data_cache.py points it at a folder of each test's own.
_CACHE = tempfile.TemporaryDirectory(prefix="soft-landing-test-cache-")
os.environ["SOFT_LANDING_CACHE"] = _CACHE.name


def pytest_unconfigure(config):
    _CACHE.cleanup()
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def what_if_factories() -> dict[str, object]:
    """Every panel factory declared in a helper module's WHAT_IFS (module.name -> factory)."""
    found = {}
    for info in pkgutil.iter_modules(helpers.__path__):
        module = importlib.import_module(f"helpers.{info.name}")
        for name, factory in getattr(module, "WHAT_IFS", {}).items():
            found[f"{info.name}.{name}"] = factory
    return found


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def damaged(tmp_path, monkeypatch):
    """A copy of data/ the course reads instead of the real one, for tests that damage a file."""
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("SOFT_LANDING_DATA", str(copy))
    return copy
