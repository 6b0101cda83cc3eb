"""Input checks shared by every helper: bad values fail early with a clear message."""

from __future__ import annotations

import math
from numbers import Real


def check_number(name: str, value: object, low: float, high: float, unit: str = "") -> float:
    """Return ``value`` as a float if it is a real number within [low, high].

    Raises ValueError naming the parameter and the allowed range otherwise
    (wrong type, NaN, infinity or out of range).
    """
    where = f"between {low:g} and {high:g}" + (f" {unit}" if unit else "")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number {where}; got {value!r}")
    number = float(value)
    if math.isnan(number) or not low <= number <= high:
        raise ValueError(f"{name} must be {where}; got {value!r}")
    return number


def check_int(name: str, value: object, low: int, high: int, unit: str = "") -> int:
    """Like :func:`check_number` for whole numbers (e.g. years, weeks)."""
    number = check_number(name, value, low, high, unit)
    if number != int(number):
        raise ValueError(f"{name} must be a whole number between {low} and {high}; got {value!r}")
    return int(number)


def check_choice(name: str, value: object, choices) -> object:
    """Return ``value`` if it is one of ``choices``; otherwise raise ValueError listing them."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value
