"""One way to cache what the helpers compute from data/: keyed on the data version.

    @by_data("population")
    def nk_population(year: int = 2024) -> int: ...

The result is kept until one of the named tables (or the data folder, SOFT_LANDING_DATA) changes:
then the next call computes it again. Nothing is computed at import. A table's version is its
file's modification time and size (one ``stat`` per table: microseconds, cheap enough for the
functions a panel calls on every update).
"""

from __future__ import annotations

import os
from functools import lru_cache, wraps

from . import data
from .checks import check_int, check_text

__all__ = ["data_version", "by_data"]


@lru_cache(maxsize=8)
def _folder(_env: str | None) -> str:
    """The data folder for a value of SOFT_LANDING_DATA (resolving a path costs a system call per part)."""
    return str(data.data_dir())


def data_version(*tables: str) -> tuple:
    """A key that changes when the data folder or any of ``tables`` (names in datapackage.json) changes."""
    folder = _folder(os.environ.get("SOFT_LANDING_DATA"))
    key: list = [folder]
    for name in tables:
        check_text("tables", name, limit=100)
        try:
            st = os.stat(os.path.join(folder, name + ".csv"))
            key.append((st.st_mtime_ns, st.st_size))
        except OSError:
            key.append(None)  # data.load will name the missing file
    return tuple(key)


def by_data(*tables: str, maxsize: int = 8):
    """Decorator: cache a function's results (per arguments) until one of ``tables`` changes."""

    for name in tables:
        check_text("tables", name, limit=100)
    maxsize = check_int("maxsize", maxsize, 1, 4096)

    def decorate(fn):
        if not callable(fn):
            raise ValueError(f"by_data(...) decorates a function; got {fn!r}")

        @lru_cache(maxsize=maxsize)
        def cached(_version, *args, **kwargs):
            return fn(*args, **kwargs)

        @wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return cached(data_version(*tables), *args, **kwargs)
            except TypeError:
                if _hashable(args, kwargs):
                    raise
                return fn(*args, **kwargs)  # an unhashable argument (a list, an array): not cached; fn checks it

        wrapper.cache_clear = cached.cache_clear
        wrapper.tables = tables
        return wrapper

    return decorate


def _hashable(args, kwargs) -> bool:
    try:
        hash((args, tuple(kwargs.items())))
    except TypeError:
        return False
    return True
