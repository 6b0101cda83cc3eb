"""Facts more than one notebook uses, each read from data/ in one place."""

from __future__ import annotations

from . import data
from .cache import by_data
from .checks import check_int

__all__ = ["nk_population"]


@by_data("population")
def nk_population(year: int = 2024) -> int:
    """North Korea's population in ``year`` (UN World Population Prospects 2024, data/population.csv)."""
    year = check_int("year", year, 1950, 2100)
    pop = data.load("population")
    row = pop[(pop["area"] == "North Korea") & (pop["year"] == year) & (pop["revision"] == "UN WPP 2024")]
    if len(row) != 1:
        raise data.DataError(f"data/population.csv: no single UN WPP 2024 row for North Korea in {year}")
    return int(row["population"].iloc[0])
