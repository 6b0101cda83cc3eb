"""Read the course's data tables through data/datapackage.json.

``load(name)`` returns a typed, validated DataFrame; ``source(name)`` returns the short
citation line printed under every figure. A missing or damaged file raises one
:class:`DataError` that names the file, the row and the column.

Frictionless checks each table the first time a kernel reads it; a table it found valid is remembered
in a per-user cache folder (SOFT_LANDING_CACHE: another folder, or "off"), so that the next kernel skips
the check until the file, its schema or Frictionless changes (see "the validation cache" below).
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .checks import check_texts, check_type

__all__ = ["DataError", "data_dir", "load", "source", "sources_for", "resource_names", "describe", "missing_values"]


class DataError(ValueError):
    """A data file is missing or does not match its schema."""


def data_dir() -> Path:
    """The folder holding datapackage.json (override with SOFT_LANDING_DATA)."""
    return _data_dir(os.environ.get("SOFT_LANDING_DATA") or None)


@lru_cache(maxsize=8)
def _data_dir(env: str | None) -> Path:
    # Resolving the path costs a system call per part: done once per value of SOFT_LANDING_DATA.
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


def _file_stat(path: Path) -> os.stat_result | None:
    """The file's stat, or None when there is no file there (one system call)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _package() -> tuple[Path, os.stat_result]:
    path = data_dir() / "datapackage.json"
    st = _file_stat(path)
    if st is None:
        raise DataError(f"data/datapackage.json not found in {data_dir().name}/: is the course complete?")
    return path, st


def _descriptor(package: tuple[Path, os.stat_result] | None = None) -> dict:
    path, st = package or _package()
    return _read_descriptor(str(path), st.st_mtime_ns)


@lru_cache(maxsize=4)
def _read_descriptor(path: str, _mtime: int) -> dict:
    where = "data/datapackage.json"
    try:
        descriptor = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DataError(f"{where} is not UTF-8 text; save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{where} is not valid JSON (line {exc.lineno}): {exc.msg}") from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not resources:
        raise DataError(f"{where} has no \"resources\" list: it must list every table")
    for i, res in enumerate(resources, start=1):
        label = f"{where}, resource {i}" + (f" ({res.get('name')!r})" if isinstance(res, dict) else "")
        if not isinstance(res, dict) or not isinstance(res.get("name"), str) or not isinstance(res.get("path"), str):
            raise DataError(f"{label}: needs a \"name\" and a \"path\"")
        schema = res.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not fields or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("type"), str) for f in fields
        ):
            raise DataError(f"{label}: has no \"schema\" with \"fields\" (a name and a type for every column)")
    return descriptor


def resource_names() -> list[str]:
    """Names of all tables in the data package."""
    return [r["name"] for r in _descriptor()["resources"]]


def _resource(name: str, descriptor: dict | None = None) -> dict:
    if not isinstance(name, str):
        raise ValueError(f"name must be the name of a table (text), one of {', '.join(resource_names())}; got {name!r}")
    for res in (descriptor or _descriptor())["resources"]:
        if res["name"] == name:
            return res
    raise DataError(
        f"no table named {name!r} in data/datapackage.json; name must be one of: {', '.join(resource_names())}"
    )


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


# Frictionless's defaults (Table Schema), so that a file loads exactly as the validator reads it.
_MISSING_VALUES = [""]
_TRUE_VALUES = ["true", "True", "TRUE", "1"]
_FALSE_VALUES = ["false", "False", "FALSE", "0"]
_BOM = b"\xef\xbb\xbf"


def missing_values(name: str) -> list[str]:
    """The cell texts that mean "no value" in table ``name`` (one list for validating and loading)."""
    return list(_resource(name)["schema"].get("missingValues", _MISSING_VALUES))


def _validate(res: dict, raw: bytes) -> None:
    """Check a CSV's bytes against its Frictionless schema; raise DataError on the first problem."""
    from frictionless import Resource, Schema

    rel = f"data/{res['path']}"
    resource = Resource(
        raw,  # the bytes read once by load(): the ones checked are the ones loaded and cached
        # Links between tables (foreign keys) are checked by _check_links, with clearer messages.
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
    cell = getattr(err, "cell", None)
    where = rel
    if row is not None:
        where += f", row {row}"
    if column:
        where += f", column {column!r}"
    if cell not in (None, ""):
        where += f", value {cell!r}"
    raise DataError(f"{where}: {err.note or err.title}")


def _decode(rel: str, raw: bytes) -> str:
    """The file's text; a byte-order mark or another encoding is a DataError naming row and column."""
    if raw.startswith(_BOM):
        raise DataError(
            f"{rel}, row 1: the file starts with a byte-order mark (Excel's \"CSV UTF-8\" adds one); "
            "save it as plain UTF-8 CSV without it"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        before = raw[line_start : exc.start].decode("utf-8", errors="replace")
        index = len(next(csv.reader([before]))) - 1 if before else 0
        header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8", errors="replace")]))
        column = f", column {header[index]!r}" if 0 <= index < len(header) else ""
        bad = raw[exc.start : exc.end]
        raise DataError(
            f"{rel}, row {row}{column}: byte {bad!r} is not UTF-8 (the file seems saved in another "
            "encoding, e.g. Windows-1252); save it as UTF-8"
        ) from None


def _check_header(rel: str, name: str, fields: list[dict], text: str) -> None:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise DataError(f"{rel}, row 1 (header): the file is empty; it needs a header row")
    found = next(csv.reader(lines[:1]))
    expected = [f["name"] for f in fields]
    if len(found) == 1 and len(expected) > 1:
        for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")):
            if sep in found[0]:
                raise DataError(f"{rel}, row 1 (header): columns are separated by {label}, not commas; save it as CSV")
    for col in expected:
        if col not in found:
            raise DataError(f"{rel}, row 1 (header), column {col!r}: column is missing")
    for col in found:
        if col not in expected:
            raise DataError(
                f"{rel}, row 1 (header), column {col!r}: column is not in the schema of table {name!r} "
                "(data/datapackage.json); remove it or declare it there"
            )


def _to_frame(res: dict, text: str, missing_list: list[str]) -> pd.DataFrame:
    rel = f"data/{res['path']}"
    fields = res["schema"]["fields"]
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing_set = set(missing_list)
    out = {}
    for field in fields:
        col = frame[field["name"]]
        cells = col.tolist()
        # Which cells mean "no value" (a set lookup per cell: tables are small, pandas' isin costs more)
        flags = np.fromiter((v in missing_set for v in cells), dtype=bool, count=len(cells))
        missing = pd.Series(flags, index=col.index)
        present = col.mask(missing) if flags.any() else col  # mask() only where there is a gap
        kind = field["type"]
        if kind == "integer" or kind == "year":
            out[field["name"]] = pd.array([None if m else int(v) for v, m in zip(cells, flags)], dtype="Int64")
        elif kind == "number":
            numbers = pd.to_numeric(present, errors="raise").astype("float64")
            bad = ~flags & ~np.isfinite(numbers.to_numpy())
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise DataError(
                    f"{rel}, row {i + 2}, column {field['name']!r}, value {cells[i]!r}: "
                    "not a finite number (NaN and infinities are not data; leave the cell empty if unknown)"
                )
            out[field["name"]] = numbers
        elif kind == "boolean":
            mapping = {v: True for v in field.get("trueValues", _TRUE_VALUES)}
            mapping.update({v: False for v in field.get("falseValues", _FALSE_VALUES)})
            out[field["name"]] = present.map(mapping).astype("boolean")
        elif kind == "date":
            out[field["name"]] = pd.to_datetime(present, format="%Y-%m-%d")
        else:
            out[field["name"]] = present
    return pd.DataFrame(out)


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _check_links(name: str, res: dict, frame: pd.DataFrame) -> None:
    """Every foreign key points at an existing row (the schema's "foreignKeys")."""
    rel = f"data/{res['path']}"
    for fk in res["schema"].get("foreignKeys", []):
        fields = _as_list(fk["fields"])
        ref = fk["reference"]
        ref_name = ref.get("resource") or name
        ref_fields = _as_list(ref["fields"])
        parent = frame if ref_name == name else load(ref_name)
        parent_rel = f"data/{_resource(ref_name)['path']}"
        known = set(parent[ref_fields].itertuples(index=False, name=None))
        for i, key in enumerate(frame[fields].itertuples(index=False, name=None)):
            if any(pd.isna(v) for v in key) or key in known:
                continue
            value = key[0] if len(key) == 1 else key
            if isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            elif hasattr(value, "item"):  # a numpy scalar: show 6, not np.int64(6)
                value = value.item()
            raise DataError(
                f"{rel}, row {i + 2}, column {fields[0]!r}, value {value!r}: no row of {parent_rel} has it in "
                f"column {', '.join(map(repr, ref_fields))} (a broken link between tables)"
            )


def _stamp(path: Path, st: os.stat_result) -> tuple[str, int, int]:
    return (str(path), st.st_mtime_ns, st.st_size)


def load(name: str) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame typed by its schema, after validating it.

    Integer columns are nullable ``Int64``, numbers ``float64``, dates ``datetime64``, booleans
    ``boolean`` (read as Frictionless reads them: true/True/TRUE/1). Links to other tables are checked.
    Raises DataError naming the file, row, column and value when the file is missing or damaged.
    """
    package = _package()
    descriptor = _descriptor(package)
    res = _resource(name, descriptor)
    folder = data_dir()
    path = folder / res["path"]
    st = _file_stat(path)
    if st is None:
        raise DataError(f"data/{res['path']} is missing (table {name!r} in data/datapackage.json)")
    # The cache key: this file, the descriptor and every table it links to (an edit to any reloads).
    stamps = [_stamp(path, st), _stamp(*package)]
    for fk in res["schema"].get("foreignKeys", []):
        ref_name = fk.get("reference", {}).get("resource") or name
        if ref_name != name:
            ref_path = folder / _resource(ref_name, descriptor)["path"]
            ref_st = _file_stat(ref_path)
            if ref_st is not None:
                stamps.append(_stamp(ref_path, ref_st))
    return _load_cached(name, tuple(stamps)).copy()


@lru_cache(maxsize=64)
def _load_cached(name: str, stamps: tuple) -> pd.DataFrame:
    res = _resource(name)
    path = Path(stamps[0][0])
    rel = f"data/{res['path']}"
    raw = path.read_bytes()
    text = _decode(rel, raw)
    _check_header(rel, name, res["schema"]["fields"], text)
    key = _validation_key(res, raw)
    if not _known_valid(key):
        _validate(res, raw)
        _remember_valid(key, rel)
    frame = _to_frame(res, text, missing_values(name))
    if frame.empty:
        raise DataError(f"{rel}: the table has a header but no rows; it needs at least one")
    _check_links(name, res, frame)
    return frame


# ---- the validation cache: a table Frictionless found valid is not checked again ----------------
# Checking a table costs about 0.08 s of CPU, and the first check in a process imports jsonschema
# (about 3 s, most of it rfc3987-syntax building its grammars): every kernel paid both for every table
# its notebook reads. A table found valid is remembered in a per-user cache folder, outside anything a
# student owns, under a key made of everything the check depends on: the file's bytes, the table's
# entry in datapackage.json (schema, missing values), the Frictionless version and the rules below.
# A changed or damaged file has another key, so it is checked again (and named as before). Links
# between tables (_check_links) and the checks of our own (_decode, _check_header, _to_frame) run on
# every load: they are fast. One small file per key, written to a temporary file and renamed into
# place: two kernels at once write the same content, and a reader never sees half a file. A cache
# that cannot be read, written or parsed is no cache: the table is checked, never an error.
_CACHE_RULES = 1  # raise it when _validate checks something new: every entry then misses once
_CACHE_ENV = "SOFT_LANDING_CACHE"  # a folder to keep the cache in; "off" for none
_CACHE_MAX = 2000  # entries kept (each a few hundred bytes); beyond it the oldest half is removed


def _cache_dir() -> Path | None:
    """The folder of validation entries, or None when there is no cache."""
    env = os.environ.get(_CACHE_ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "off") else Path(env) / "validated"
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("soft-landing-course", appauthor=False)) / "validated"
    except Exception:  # no platformdirs, no home folder: no cache
        return None


@lru_cache(maxsize=1)
def _frictionless_version() -> str:
    # importlib.metadata looks through every folder on sys.path (20-60 ms of every kernel's first load):
    # the metadata installed beside the package is read first, importlib.metadata asked only without it.
    from importlib.util import find_spec

    try:
        spec = find_spec("frictionless")
        if spec is not None and spec.origin:
            found = list(Path(spec.origin).parent.parent.glob("frictionless-*.dist-info/METADATA"))
            if len(found) == 1:
                for line in found[0].read_text(encoding="utf-8").splitlines():
                    if not line:  # the end of the headers
                        break
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
    except (OSError, ValueError, ImportError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frictionless")
    except PackageNotFoundError:
        return "unknown"


def _validation_key(res: dict, raw: bytes) -> str:
    """A hash of everything Frictionless's verdict on this table depends on."""
    import hashlib

    what = {
        "rules": _CACHE_RULES,
        "frictionless": _frictionless_version(),
        "resource": res,
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _known_valid(key: str) -> bool:
    folder = _cache_dir()
    if folder is None:
        return False
    try:
        entry = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no entry, unreadable, damaged (not JSON, not UTF-8)
        return False
    return isinstance(entry, dict) and entry.get("key") == key


def _remember_valid(key: str, rel: str) -> None:
    folder = _cache_dir()
    if folder is None:
        return
    import tempfile

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        entry = {"key": key, "file": rel, "frictionless": _frictionless_version(), "rules": _CACHE_RULES}
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix=".tmp-", suffix=".part",
                                         delete=False) as out:
            tmp = out.name
            json.dump(entry, out)
        os.replace(tmp, folder / f"{key}.json")
        tmp = None
        _prune(folder)
    except (OSError, ValueError):  # read-only or full disk, a file where the folder should be: no cache
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # removed meanwhile
        return 0


def _prune(folder: Path) -> None:
    """Keep the cache small: beyond _CACHE_MAX entries, remove the older half (by modification time)."""
    entries = list(folder.glob("*.json"))
    if len(entries) <= _CACHE_MAX:
        return
    for path in sorted(entries, key=_mtime)[: len(entries) - _CACHE_MAX // 2]:
        try:
            path.unlink()
        except OSError:  # another kernel removed it first
            pass


def sources_for(ids) -> pd.DataFrame:
    """The rows of the sources table for the given source ids (in the order given)."""
    ids = list(dict.fromkeys(check_texts("ids", ids)))
    table = load("sources").set_index("id")
    unknown = [i for i in ids if i not in table.index]
    if unknown:
        raise DataError(f"data/sources.csv: unknown source id(s) {', '.join(map(repr, unknown))}")
    return table.loc[ids].reset_index()


def source(name: str, rows: pd.DataFrame | None = None) -> str:
    """Short citation for table ``name`` (or only the given rows of it), printed under figures.

    >>> source("claims")  # doctest: +SKIP
    'Source: ...'
    """
    _resource(name)
    frame = load(name) if rows is None else check_type("rows", rows, pd.DataFrame, "None or a pandas DataFrame")
    if "source_id" not in frame.columns:
        raise DataError(f"table {name!r} has no source_id column")
    ids = [i for i in frame["source_id"].dropna().tolist()]
    refs = sources_for(ids)
    parts = [f"{r.organisation} ({r.year}), {r.short_title}" for r in refs.itertuples()]
    return f"Source: {'; '.join(parts)}. Table: data/{_resource(name)['path']}."


# ---- in a notebook: a data error is one clear message, not a traceback -------------------------
# IPython shows an exception that has _render_traceback_ with the lines it returns (DataError below);
# a NameError that follows a data error (a cell above did not run) points back to it.
_seen_data_error: list[str] = []


def _data_error_lines(error: DataError) -> list[str]:
    _seen_data_error[:] = [str(error)]
    return [
        f"Data problem: {error}",
        "Fix the file (or restore it from the course download), then run the notebook again from "
        "the top (Kernel > Restart Kernel and Run All Cells).",
    ]


DataError._render_traceback_ = _data_error_lines


def _show_name_error(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler for NameError (see install_notebook_handler)."""
    if not _seen_data_error:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
        return None
    lines = [
        f"{etype.__name__}: {value}",
        "A cell above stopped on a data problem (its message says which file); this cell needs what "
        "that cell would have made. Fix the data, then run the notebook again from the top.",
    ]
    shell._showtraceback(etype, value, lines)
    return lines


def install_notebook_handler(shell=None) -> bool:
    """In IPython/Jupyter (done when this module is imported there), let a NameError that follows a
    data error say where it comes from. Returns True if the handler was installed."""
    if shell is None:
        if "IPython" not in sys.modules:
            return False
        from IPython import get_ipython

        shell = get_ipython()
    elif not hasattr(shell, "set_custom_exc"):
        raise ValueError(f"shell must be None or an IPython shell; got {type(shell).__name__}")
    if shell is None:
        return False
    shell.set_custom_exc((NameError,), _show_name_error)
    return True


install_notebook_handler()
