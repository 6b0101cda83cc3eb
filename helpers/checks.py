"""Input checks shared by every helper: bad values fail early with a clear message.

Every public function of the helpers guards its inputs with one line per parameter, and a bad value
raises ValueError naming the parameter and what it may be (its range, its choices, its kind)::

    years = check_int("years", years, 1, 30, "years")
    agency = check_choice("agency", agency, AGENCIES)
    noun = check_bool("noun", noun)
    label = check_text("label", label)
    values = check_numbers("values", values, 0, 1e9)          # a number or an array of numbers
    df = check_type("df", df, pd.DataFrame, "a pandas DataFrame")
    check_names("settings", settings, ("severity", "weeks"))  # the names of **settings

Wrong types, NaN, infinities, integers too large for a float, numpy arrays where one value is
expected and True/False where a number is expected are all refused the same way (tests/test_inputs.py
sweeps every public function with them).
"""

from __future__ import annotations

import math
import os
from collections.abc import Hashable, Iterable, Mapping
from numbers import Real
from pathlib import Path

__all__ = ["check_number", "check_int", "check_choice", "check_bool", "check_text", "check_numbers", "check_ints", "check_dates",
           "check_type", "check_names", "check_path", "check_texts", "check_axes", "check_figure", "check_style", "check_flags", "check_pairs",
           "check_lengths", "check_series", "check_settings"]


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be the parameter's name (text); got {_short(name)}")
    return name


def _check_bounds(low: object, high: object) -> None:
    for label, bound in (("low", low), ("high", high)):
        if isinstance(bound, bool) or not isinstance(bound, Real) or not -1e300 <= bound <= 1e300:
            raise ValueError(f"{label} must be a finite number (a bound of the range); got {_short(bound)}")
    if not low <= high:
        raise ValueError(f"low must not exceed high; got low={low!r}, high={high!r}")


def _check_unit(unit: object) -> None:
    if not isinstance(unit, str) or len(unit) > 100:
        raise ValueError(f"unit must be text (a unit such as 'percent', or ''); got {_short(unit)}")


def check_number(name: str, value: object, low: float, high: float, unit: str = "") -> float:
    """Return ``value`` as a float if it is a real number within [low, high].

    Raises ValueError naming the parameter and the allowed range otherwise
    (wrong type, NaN, infinity or out of range).
    """
    if (type(value) is float and type(low) in (int, float) and type(high) in (int, float) and type(name) is str
            and type(unit) is str and name and low <= value <= high):
        return value  # the common case, on every slider move: a plain float in range
    _check_name(name)
    _check_bounds(low, high)
    _check_unit(unit)
    where = f"between {low:g} and {high:g}" + (f" {unit}" if unit else "")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number {where}; got {_short(value)}")
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float: out of range in any case
        raise ValueError(f"{name} must be {where}; got an integer of {len(str(abs(int(value))))} digits") from None
    if math.isnan(number) or not low <= number <= high:
        raise ValueError(f"{name} must be {where}; got {_short(value)}")
    return number


def _short(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters (a huge number or array stays readable)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**50:
        return f"an integer of {len(str(abs(value)))} digits"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a repr that fails must not hide the real message
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_int(name: str, value: object, low: int, high: int, unit: str = "") -> int:
    """Like :func:`check_number` for whole numbers (e.g. years, weeks)."""
    number = check_number(name, value, low, high, unit)
    if number != int(number):
        raise ValueError(f"{name} must be a whole number between {low} and {high}; got {_short(value)}")
    return int(number)


def check_choice(name: str, value: object, choices) -> object:
    """Return ``value`` if it is one of ``choices``; otherwise raise ValueError listing them.

    Only a single hashable value of the same kind can match (not an array, a list, or True for 1).
    """
    _check_name(name)
    if isinstance(choices, (str, bytes)) or not isinstance(choices, Iterable) or isinstance(choices, Mapping):
        raise ValueError(f"choices must be a list of the allowed values; got {_short(choices)}")
    if isinstance(choices, (str, bytes)) or not isinstance(choices, Iterable):
        raise ValueError(f"choices must be a list of the allowed values; got {_short(choices)}")
    choices = list(choices)
    try:
        found = isinstance(value, Hashable) and any(
            value == c and isinstance(value, bool) == isinstance(c, bool) for c in choices
        )
    except (TypeError, ValueError):  # a comparison that does not give one True/False
        found = False
    if not found:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {_short(value)}")
    return value


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is True or False (numpy's bools too); not 0/1, not text."""
    _check_name(name)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    raise ValueError(f"{name} must be True or False; got {_short(value)}")


def check_text(name: str, value: object, empty: bool = False, limit: int = 10_000) -> str:
    """Return ``value`` if it is text (not empty unless ``empty``, at most ``limit`` characters)."""
    _check_name(name)
    empty = check_bool("empty", empty)
    limit = check_int("limit", limit, 0, 10**9)
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text; got {_short(value)}")
    if not empty and not value.strip():
        raise ValueError(f"{name} must not be empty")
    if len(value) > limit:
        raise ValueError(f"{name} must be at most {limit:,} characters; got {len(value):,}")
    return value


def check_texts(name: str, values: object) -> list[str]:
    """Return ``values`` as a list if it is a list (or other collection) of texts; one text is refused."""
    _check_name(name)
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise ValueError(f"{name} must be a list of texts; got {_short(values)}")
    out = list(values)
    bad = [v for v in out if not isinstance(v, str)]
    if bad:
        raise ValueError(f"{name} must be a list of texts; got {_short(bad[0])} in it")
    return out


def check_numbers(name: str, values: object, low: float, high: float, unit: str = "", missing: bool = False):
    """Return ``values`` (one number, or a list, Series or array of numbers) as a float numpy array
    whose every value is within [low, high]; NaN is refused unless ``missing`` allows gaps."""
    import numpy as np

    _check_name(name)
    _check_bounds(low, high)
    _check_unit(unit)
    missing = check_bool("missing", missing)
    where = f"between {low:g} and {high:g}" + (f" {unit}" if unit else "")
    def wrong() -> ValueError:  # written only when needed: the text of a long array costs a millisecond
        return ValueError(f"{name} must be a number or numbers {where}; got {_short(values)}")

    if isinstance(values, (str, bytes, Mapping, bool)) or values is None:
        raise wrong()
    try:
        if hasattr(values, "to_numpy") and hasattr(values, "dtype"):  # a pandas Series or Index
            from pandas.api.types import is_bool_dtype, is_numeric_dtype

            if not is_numeric_dtype(values.dtype) or is_bool_dtype(values.dtype):
                raise wrong()
            array = values.to_numpy(dtype=float, na_value=np.nan)
        else:
            if missing and isinstance(values, (list, tuple)):
                values = [np.nan if v is None else v for v in values]
            raw = np.asarray(values)
            if raw.dtype.kind not in "iuf":  # text, objects, True/False, integers too large for a float
                raise wrong()
            array = raw.astype(float)
    except (TypeError, OverflowError):
        raise wrong() from None
    except ValueError:  # a ragged list, or the message above
        raise wrong() from None
    present = array[~np.isnan(array)] if missing else array
    if np.isnan(present).any() or ((present < low) | (present > high)).any():
        raise ValueError(f"{name} must be {where}" + (" (or missing)" if missing else "") + f"; got {_short(values)}")
    return array


def check_type(name: str, value: object, kinds, what: str):
    """Return ``value`` if it is an instance of ``kinds``; ``what`` says in words what it must be."""
    _check_name(name)
    if not (isinstance(kinds, type) or (isinstance(kinds, tuple) and kinds and all(isinstance(k, type) for k in kinds))):
        raise ValueError(f"kinds must be a class or a tuple of classes; got {_short(kinds)}")
    check_text("what", what, limit=200)
    if not isinstance(value, kinds):
        raise ValueError(f"{name} must be {what}; got {_short(value)}")
    return value


def check_names(name: str, given: Mapping, allowed) -> None:
    """Refuse any key of ``given`` (e.g. a function's **settings) that is not in ``allowed``, by name."""
    _check_name(name)
    check_type("given", given, Mapping, "a dict of named settings")
    if isinstance(allowed, (str, bytes, Mapping)) or not isinstance(allowed, Iterable):
        raise ValueError(f"allowed must be a list of the known names; got {_short(allowed)}")
    allowed = list(allowed)
    for key in given:
        if key not in allowed:
            raise ValueError(f"{key} is not a known {_check_name(name)[:60]} name; the known names are "
                             + ", ".join(map(str, allowed)))


def check_path(name: str, value: object, folder: bool = False) -> Path:
    """Return ``value`` as a Path if it is a non-empty path (text or path-like); with ``folder``, it
    must also be an existing folder."""
    _check_name(name)
    folder = check_bool("folder", folder)
    if not isinstance(value, (str, os.PathLike)) or isinstance(value, bytes) or not str(value).strip() \
            or "\0" in str(value):
        raise ValueError(f"{name} must be a path such as 'my_work'; got {_short(value)}")
    path = Path(value)
    if folder and not path.is_dir():
        raise ValueError(f"{name} must be an existing folder; {path.as_posix()} is not one")
    return path


def check_ints(name: str, values: object, low: int, high: int, unit: str = "") -> list[int]:
    """Return ``values`` (one whole number, or a list or array of them, e.g. years) as a list of ints
    within [low, high]; text such as "2019" is refused."""
    array = check_numbers(name, values, low, high, unit).ravel()
    if (array != array.round()).any():
        raise ValueError(f"{name} must be whole numbers between {low} and {high}; got {_short(values)}")
    return [int(v) for v in array]


def check_dates(name: str, values: object):
    """Return ``values`` (one date, or a list, array or Series of dates or ISO date texts such as
    "2012-12-12") as a numpy datetime64 array; numbers, missing dates and other texts are refused."""
    import numpy as np
    import pandas as pd

    _check_name(name)
    wrong = f"{name} must be dates or date texts such as '2012-12-12'; got {_short(values)}"
    if isinstance(values, (Mapping, bytes)) or values is None:
        raise ValueError(wrong)
    items = values if isinstance(values, (pd.Series, pd.Index, np.ndarray, list, tuple)) else [values]
    try:
        series = pd.Series(items)
    except (TypeError, ValueError, OverflowError):  # e.g. an integer too large for any column (pandas 2)
        raise ValueError(wrong) from None
    if not pd.api.types.is_datetime64_any_dtype(series.dtype):
        import datetime as dt

        if not all(isinstance(v, (str, dt.date, np.datetime64)) for v in series):
            raise ValueError(wrong)
        try:
            series = pd.to_datetime(series, format="ISO8601")
        except (TypeError, ValueError, OverflowError):
            raise ValueError(wrong) from None
    if series.isna().any():
        raise ValueError(wrong)
    return series.to_numpy()


# ---- drawing: the shared chart pieces check their axes, figure and style keywords ----------------
_STYLE_NUMBERS = {"linewidth": (0, 50), "fontsize": (1, 100), "size": (0, 100), "width": (0, 200), "rotation": (-360, 360),
                  "y": (-10, 10), "alpha": (0, 1), "zorder": (-100, 100), "floor": (1e-12, 1e12), "dpi": (10, 1200)}
_STYLE_CHOICES = {"ha": ("left", "center", "right"), "va": ("top", "center", "bottom", "baseline", "center_baseline"),
                  "linestyle": ("-", "--", ":", "-.", "solid", "dashed", "dotted", "dashdot"),
                  "axis": ("x", "y")}
_STYLE_OPTIONAL = {"text_color", "label"}  # None means "as the other setting" / "no legend entry"


def check_axes(name: str, value: object):
    """Return ``value`` if it is a matplotlib Axes (what a chart piece draws on)."""
    from matplotlib.axes import Axes

    return check_type(name, value, Axes, "matplotlib axes (e.g. the second value of style.figure())")


def check_figure(name: str, value: object):
    """Return ``value`` if it is a matplotlib Figure."""
    from matplotlib.figure import Figure

    return check_type(name, value, Figure, "a matplotlib Figure (e.g. the first value of style.figure())")


def check_style(**settings) -> None:
    """Check drawing keywords by name in one line: colours (``color``, ``text_color``), ``linestyle``,
    ``ha``/``va``, ``marker``, ``label`` and sizes (``linewidth``, ``fontsize``, ``y``...), each
    refused with a ValueError that names it."""
    from matplotlib.colors import is_color_like

    for key, value in settings.items():
        if value is None and key in _STYLE_OPTIONAL:
            continue
        if "color" in key:
            if not isinstance(value, (str, tuple)) or not is_color_like(value):
                raise ValueError(f"{key} must be a colour such as '#0072B2' or 'grey'; got {_short(value)}")
        elif key in _STYLE_NUMBERS:
            check_number(key, value, *_STYLE_NUMBERS[key])
        elif key in _STYLE_CHOICES:
            check_choice(key, value, _STYLE_CHOICES[key])
        elif key == "marker":
            from matplotlib.markers import MarkerStyle

            check_text(key, value, limit=10)
            try:
                MarkerStyle(value)
            except ValueError:
                raise ValueError(f"marker must be a matplotlib marker such as 'o' or 's'; got {_short(value)}") from None
        elif key in ("label", "text"):
            check_text(key, value, empty=True, limit=10_000)
        elif key == "horizontal":
            check_bool(key, value)
        else:
            raise ValueError(f"{key} is not a drawing setting check_style knows")


def check_flags(name: str, values: object):
    """Return ``values`` as a numpy array of True/False (one flag per point)."""
    import numpy as np

    _check_name(name)
    if isinstance(values, (str, bytes, Mapping)) or values is None or np.asarray(values, dtype=object).size == 0 \
            or np.asarray(values).dtype.kind != "b":
        raise ValueError(f"{name} must be True/False for each point; got {_short(values)}")
    return np.asarray(values)


def check_pairs(name: str, pairs: object) -> list[tuple[float, str]]:
    """Return ``pairs`` if it is a list of (number, text) pairs, e.g. labels at x positions."""
    _check_name(name)
    if isinstance(pairs, (str, bytes, Mapping)) or not isinstance(pairs, (list, tuple)) or not all(
            isinstance(p, tuple) and len(p) == 2 and isinstance(p[1], str) for p in pairs):
        raise ValueError(f"{name} must be a list of (x, text) pairs; got {_short(pairs)}")
    check_numbers(name, [p[0] for p in pairs], -1e12, 1e12)
    return list(pairs)


def check_lengths(**arrays) -> None:
    """Values drawn together (x, low, high...) are single values or lists, all of one length."""
    import numpy as np

    sizes = {k: np.size(v) for k, v in arrays.items()}
    if len(set(sizes.values())) > 1:
        counts = ", ".join(f"{k}: {n}" for k, n in sizes.items())
        raise ValueError(f"{', '.join(sizes)} must have the same number of values; got {counts}")


def check_series(**arrays) -> None:
    """Values of one series (x, y, flags...) are lists or arrays of one common length (not single values)."""
    import numpy as np

    first = next(iter(arrays), None)
    for key, value in arrays.items():
        if np.ndim(value) != 1:
            raise ValueError(f"{key} must be a list or array with one value per point; got {_short(value)}")
        if len(value) != len(arrays[first]):
            raise ValueError(f"{key} must have one value per point of {first} ({len(arrays[first])}); got {len(value)}")


def check_settings(name: str, settings: Mapping, fn) -> None:
    """Refuse, by name, any key of ``settings`` (a function's **settings) that ``fn`` does not take."""
    import inspect

    if not callable(fn):
        raise ValueError(f"fn must be the function the settings are for; got {_short(fn)}")
    params = inspect.signature(fn).parameters.values()
    check_names(name, settings, [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)])
