"""Numbers and phrases in words, the same way in every notebook, reading and alt text.

    people(2_345_678)          -> "2.3 million"        people(1, noun=True) -> "1 person"
    tonnes(512_345)            -> "512,000 t"          tonnes(2.5e6)        -> "2.50 million t"
    kt(0.7), kt(250)           -> "0.7", "250"         usd_bn(2.571)        -> "US$2.57 bn"
    span([4.2, 6.9])           -> "4.2-6.9"            years([2013, 2014])  -> "2013-14"
    plural(1, "year")          -> "1 year"             duration_weeks(1.5)  -> "10 days"
    with_article("80% cut")    -> "an 80% cut"         number(0.4700)       -> "0.47"

Rounding happens before a unit is chosen, so 999,700 people read "1.0 million", not "1,000,000".
"""

from __future__ import annotations

import math
import re
from numbers import Integral, Real

from .checks import check_bool, check_int, check_number, check_numbers, check_text

__all__ = ["number", "value", "people", "tonnes", "kt", "usd_bn", "span", "years", "plural",
           "duration_weeks", "with_article", "percent"]


_BIG = 1e12  # far beyond any count, sum or year the course writes out


def _missing(x) -> bool:
    return x is None or (isinstance(x, Real) and not isinstance(x, Integral) and math.isnan(x))


def number(x, digits: int = 3) -> str:
    """``x`` with at most ``digits`` decimals and no trailing zeros ("" when missing)."""
    digits = check_int("digits", digits, 0, 12)
    if _missing(x):
        return ""
    text = f"{check_number('x', x, -_BIG, _BIG):.{digits}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def value(x) -> str:
    """A control's value or range end: whole numbers with thousands commas, fractions short; text as it is."""
    if isinstance(x, str):
        return x  # a drop-down's value (e.g. "USGS") is shown as it is
    check_number("x", x, -_BIG, _BIG)
    if isinstance(x, float) and not x.is_integer():
        return f"{x:,.3g}" if abs(x) < 1 else f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{int(x):,}"


def people(x, noun: bool = False) -> str:
    """A count of people: exact below 10,000, to the thousand below a million, then "2.3 million"."""
    x = check_number("x", x, -1e11, 1e11, "people")
    noun = check_bool("noun", noun)
    if abs(x) >= 1e4:
        x = round(x, -3)
    if abs(x) >= 1e6:
        text = f"{x / 1e6:.1f} million"
        return f"{text} people" if noun else text
    whole = int(round(x))
    text = f"{whole:,}"
    return (f"{text} {'person' if whole == 1 else 'people'}") if noun else text


def tonnes(x) -> str:
    """Tonnes: "512,000 t" (to the thousand from 10,000 t), "2.50 million t" from a million."""
    x = check_number("x", x, -_BIG, _BIG, "tonnes")
    if abs(x) >= 1e4:
        x = round(x, -3)
    if abs(x) >= 1e6:
        return f"{x / 1e6:.2f} million t"
    return f"{x:,.0f} t"


def kt(x) -> str:
    """Kilotons: two significant figures below 10 kt ("0.7", "4.2"), whole numbers above ("250")."""
    x = check_number("x", x, -1e6, 1e6, "kt")
    return f"{x:.2g}" if abs(x) < 9.5 else f"{x:,.0f}"


def usd_bn(x, digits: int = 2) -> str:
    """Billions of US dollars: "US$2.57 bn"."""
    digits = check_int("digits", digits, 0, 12)
    return f"US${check_number('x', x, -1e6, 1e6, 'bn US$'):,.{digits}f} bn"


def percent(x, digits: int = 0) -> str:
    """``x`` percent with ``digits`` decimals: "12%"."""
    digits = check_int("digits", digits, 0, 12)
    return f"{check_number('x', x, -1e6, 1e6, 'percent'):.{digits}f}%"


def span(values, digits: int = 1) -> str:
    """Values as "lo-hi", or one value when low and high round alike."""
    digits = check_int("digits", digits, 0, 12)
    vals = [float(v) for v in check_numbers("values", values, -_BIG, _BIG, missing=True).ravel() if not math.isnan(v)]
    if not vals:
        return ""
    lo, hi = number(min(vals), digits), number(max(vals), digits)
    return lo if lo == hi else f"{lo}-{hi}"


def years(values, short: bool = True) -> str:
    """Years as "2013-14" (short, same century) or "2013-2014", or one year."""
    short = check_bool("short", short)
    found = check_numbers("values", values, 1000, 3000, "(years)").ravel()
    if not found.size or (found != found.round()).any():
        raise ValueError(f"values must be one or more whole years; got {values!r}"[:200])
    vals = [int(v) for v in found]
    lo, hi = min(vals), max(vals)
    if lo == hi:
        return str(lo)
    return f"{lo}-{hi % 100:02d}" if short and lo // 100 == hi // 100 else f"{lo}-{hi}"


def plural(n, word: str, many: str | None = None) -> str:
    """"1 year", "2 years", "0 years"; ``many`` for irregular plurals (plural(3, "person", "people"))."""
    n = n if isinstance(n, int) and not isinstance(n, bool) and abs(n) <= _BIG else check_number("n", n, -_BIG, _BIG)
    word = check_text("word", word, limit=200)
    many = many if many is None else check_text("many", many, limit=200)
    shown = f"{n:,}" if isinstance(n, int) and not isinstance(n, bool) else number(n, 2)
    one = shown == "1"
    return f"{shown} {word if one else (many or word + 's')}"


def duration_weeks(weeks: float) -> str:
    """A span given in weeks: days below two weeks ("10 days", "1 day"), else whole weeks."""
    weeks = check_number("weeks", weeks, 0, 5200, "weeks")
    if weeks < 2:
        return plural(int(round(weeks * 7)), "day")
    return plural(int(round(weeks)), "week")


_AN_WORDS = re.compile(r"^(?:[aeio]|u(?!ni|s[aeu]|ra|re|ro)|hour|honest|heir)", re.I)


def _an_number(digits: str) -> bool:
    """Numbers said with a vowel sound: 8, 80, 800, 8,000...; 11 and 18 (and 11,000, 18,000...)."""
    if digits.startswith("8"):
        return True
    return len(digits) % 3 == 2 and digits[:2] in ("11", "18")


def with_article(phrase: str) -> str:
    """``phrase`` with "a" or "an" by its sound: "an 80% cut", "a 50% cut", "an 11% rise", "a unit"."""
    text = check_text("phrase", phrase, limit=1000).strip()
    m = re.match(r"^[-+]?(\d[\d,]*)", text)
    if m:
        integer = m.group(1).replace(",", "")
        an = _an_number(integer)
    else:
        an = bool(_AN_WORDS.match(text))
    return f"{'an' if an else 'a'} {text}"
