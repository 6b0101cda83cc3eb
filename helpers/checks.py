"""Input checks shared by every helper: bad values fail early with a clear message."""

from __future__ import annotations

import math
from collections.abc import Hashable
from numbers import Real


def check_number(name: str, value: object, low: float, high: float, unit: str = "") -> float:
    """Return ``value`` as a float if it is a real number within [low, high].

    Raises ValueError naming the parameter and the allowed range otherwise
    (wrong type, NaN, infinity or out of range).
    """
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
    text = repr(value)
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
