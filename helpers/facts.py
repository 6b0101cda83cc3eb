"""Facts more than one notebook uses, each read from data/ in one place."""

from __future__ import annotations

from . import data
from .cache import by_data
from .checks import check_int, check_number

__all__ = ["nk_population", "attempt_rate_from_record", "magnitude_spread", "yes_votes_before_op_ed"]


@by_data("population")
def nk_population(year: int = 2024) -> int:
    """North Korea's population in ``year`` (UN World Population Prospects 2024, data/population.csv)."""
    year = check_int("year", year, 1950, 2100)
    pop = data.load("population")
    row = pop[(pop["area"] == "North Korea") & (pop["year"] == year) & (pop["revision"] == "UN WPP 2024")]
    if len(row) != 1:
        raise data.DataError(f"data/population.csv: no single UN WPP 2024 row for North Korea in {year}")
    return int(row["population"].iloc[0])


@by_data("leaders", "china_nk_security_record")
def attempt_rate_from_record(step: float = 0.005) -> dict:
    """The yearly rate of outside attempts at forced regime change that the record up to the op-ed
    suggests: the attempts in data/china_nk_security_record.csv (kind ``attempt``: the UN advance north
    in autumn 1950) over the years from the regime's founding to 20 February 2013; ``rate`` is that
    rounded to the slider's ``step``. ``quiet_years``: the years from the last attempt to the op-ed."""
    step = check_number("step", step, 0.001, 0.05, "per year")
    founded = data.load("leaders")["start"].min()
    rec = data.load("china_nk_security_record")
    attempts = rec[(rec["kind"] == "attempt") & (rec["date"] <= _op_ed_date())]
    if attempts.empty:
        raise data.DataError("data/china_nk_security_record.csv: no row of kind 'attempt' before the op-ed")
    years = (_op_ed_date() - founded).days / 365.25
    exact = len(attempts) / years
    last = attempts["date"].max()
    return {"founded": int(founded.year), "years": years, "attempts": len(attempts), "exact": exact,
            "rate": round(round(exact / step) * step, 4), "last": int(last.year),
            "quiet_years": int((_op_ed_date() - last).days // 365.25)}


@by_data("nuclear_test_magnitudes")
def magnitude_spread() -> tuple[int, float]:
    """The test on which the agencies' magnitudes differ most, and by how much (mb units)."""
    m = data.load("nuclear_test_magnitudes")
    spread = m.groupby("test_no")["mb"].agg(lambda s: s.max() - s.min())
    return int(spread.idxmax()), round(float(spread.max()), 2)


@by_data("china_nk_security_record")
def yes_votes_before_op_ed() -> int:
    """Sanctions resolutions China voted for up to 20 February 2013 (the op-ed's day)."""
    r = data.load("china_nk_security_record")
    yes = r[(r["kind"] == "un_vote") & (r["china_position"] == "yes")]
    return int((yes["date"] <= _op_ed_date()).sum())


def _op_ed_date():
    from .course import OP_ED_DATE  # the course's one date of the op-ed

    return OP_ED_DATE
