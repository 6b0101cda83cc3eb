"""Read the course's data tables through data/datapackage.json.

``load(name)`` returns a typed, validated DataFrame; ``source(name)`` returns the short
citation line printed under every figure. A missing or damaged file raises one
:class:`DataError` that names the file, the row and the column.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["DataError", "data_dir", "load", "source", "sources_for", "resource_names", "describe"]


class DataError(ValueError):
    """A data file is missing or does not match its schema."""


def data_dir() -> Path:
    """The folder holding datapackage.json (override with SOFT_LANDING_DATA)."""
    env = os.environ.get("SOFT_LANDING_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


def _package_path() -> Path:
    path = data_dir() / "datapackage.json"
    if not path.is_file():
        raise DataError(f"data/datapackage.json not found in {data_dir().name}/: is the course complete?")
    return path


def _descriptor() -> dict:
    path = _package_path()
    return _read_descriptor(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_descriptor(path: str, _mtime: int) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"data/datapackage.json is not valid JSON (line {exc.lineno}): {exc.msg}") from None


def resource_names() -> list[str]:
    """Names of all tables in the data package."""
    return [r["name"] for r in _descriptor()["resources"]]


def _resource(name: str) -> dict:
    for res in _descriptor()["resources"]:
        if res["name"] == name:
            return res
    raise DataError(f"no table named {name!r} in data/datapackage.json; known: {', '.join(resource_names())}")


def describe(name: str) -> pd.DataFrame:
    """The schema of a table: column, type, unit and description."""
    fields = _resource(name)["schema"]["fields"]
    return pd.DataFrame(
        {
            "column": [f["name"] for f in fields],
            "type": [f["type"] for f in fields],
            "unit": [f.get("unit", "") for f in fields],
            "description": [f.get("description", "") for f in fields],
        }
    )


_NA = {"", "NA"}


def _validate(res: dict, path: Path) -> None:
    """Check a CSV against its Frictionless schema; raise DataError on the first problem."""
    from frictionless import Resource, Schema

    rel = f"data/{res['path']}"
    resource = Resource(
        path=path.name,
        basepath=str(path.parent),
        # Foreign keys span tables: the package test checks them (tests/test_data.py).
        schema=Schema.from_descriptor({k: v for k, v in res["schema"].items() if k != "foreignKeys"}),
        format="csv",
        encoding="utf-8",
    )
    report = resource.validate()
    if report.valid:
        return
    err = report.tasks[0].errors[0] if report.tasks and report.tasks[0].errors else report.errors[0]
    row = getattr(err, "row_number", None)
    column = getattr(err, "field_name", None)
    where = rel
    if row is not None:
        where += f", row {row}"
    if column:
        where += f", column {column!r}"
    raise DataError(f"{where}: {err.note or err.title}")


def _to_frame(res: dict, path: Path) -> pd.DataFrame:
    fields = res["schema"]["fields"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    out = {}
    for field in fields:
        col = frame[field["name"]]
        missing = col.isin(_NA)
        kind = field["type"]
        if kind == "integer" or kind == "year":
            out[field["name"]] = pd.array([None if m else int(v) for v, m in zip(col, missing)], dtype="Int64")
        elif kind == "number":
            out[field["name"]] = pd.to_numeric(col.mask(missing), errors="raise").astype("float64")
        elif kind == "boolean":
            out[field["name"]] = col.mask(missing).map({"true": True, "false": False}).astype("boolean")
        elif kind == "date":
            out[field["name"]] = pd.to_datetime(col.mask(missing), format="%Y-%m-%d")
        else:
            out[field["name"]] = col.mask(missing)
    return pd.DataFrame(out)


def load(name: str) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame typed by its schema, after validating it.

    Integer columns are nullable ``Int64``, numbers ``float64``, dates ``datetime64``.
    Raises DataError naming the file, row and column when the file is missing or damaged.
    """
    res = _resource(name)
    path = data_dir() / res["path"]
    if not path.is_file():
        raise DataError(f"data/{res['path']} is missing (table {name!r} in data/datapackage.json)")
    stat = path.stat()
    return _load_cached(name, str(path), stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=64)
def _load_cached(name: str, path: str, _mtime: int, _size: int) -> pd.DataFrame:
    res = _resource(name)
    p = Path(path)
    header = p.read_text(encoding="utf-8").splitlines()[:1]
    expected = [f["name"] for f in res["schema"]["fields"]]
    found = header[0].split(",") if header else []
    for col in expected:
        if col not in found:
            raise DataError(f"data/{res['path']}, row 1 (header), column {col!r}: column is missing")
    _validate(res, p)
    return _to_frame(res, p)


def sources_for(ids) -> pd.DataFrame:
    """The rows of the sources table for the given source ids (in the order given)."""
    table = load("sources").set_index("id")
    ids = list(dict.fromkeys(ids))
    unknown = [i for i in ids if i not in table.index]
    if unknown:
        raise DataError(f"data/sources.csv: unknown source id(s) {', '.join(map(repr, unknown))}")
    return table.loc[ids].reset_index()


def source(name: str, rows: pd.DataFrame | None = None) -> str:
    """Short citation for table ``name`` (or only the given rows of it), printed under figures.

    >>> source("claims")  # doctest: +SKIP
    'Source: ...'
    """
    frame = load(name) if rows is None else rows
    if "source_id" not in frame.columns:
        raise DataError(f"table {name!r} has no source_id column")
    ids = [i for i in frame["source_id"].dropna().tolist()]
    refs = sources_for(ids)
    parts = [f"{r.organisation} ({r.year}), {r.short_title}" for r in refs.itertuples()]
    return f"Source: {'; '.join(parts)}. Table: data/{_resource(name)['path']}."
