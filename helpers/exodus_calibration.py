"""Notebook 02's refugee model checked against the record: calibration on real cases and plausibility.

Calibration: each case of data/exodus_calibration.csv (the famine of the 1990s, Ukraine 2022, East
Germany 1989) has a preset of the what-if, a complete scenario that should reproduce what was observed
within the band the table states (:func:`calibrate`, :func:`calibration_table`). Plausibility:
:func:`cautions` (public as ``exodus.plausible``) returns cautions for results far outside anything
observed (the fastest and the largest exodus on record, and "no close analogue" when the nearest
real case is more than 3x away). The model itself is in helpers/exodus.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data, fmt
from .cache import by_data
from .checks import check_choice

__all__ = ["CALIBRATION_SETTINGS", "ANALOGUE_RATIO", "calibration_cases", "calibration_presets", "calibrate",
           "calibration_table", "famine_band"]  # cautions() is public as exodus.plausible()


# ---- calibration on real cases ------------------------------------------------------------------
# Each case of data/exodus_calibration.csv has a preset: a complete scenario (applied from the
# defaults) that should reproduce what was observed, within the band the table states. The
# settings are the course's: one of many that would do, chosen to be plausible for the case.
CALIBRATION_SETTINGS = {
    # The famine: a crisis about a third as deep as a total collapse, the state still standing, China
    # sending people back (it tries to seal the border), three years. Everything else at the defaults:
    # the defaults of the panel are this calibrated crisis, in today's North Korea.
    "North Korean famine 1996-99": ("calibration: the 1990s famine", {"severity": 0.3, "weeks": 156}),
    # Ukraine: total collapse of safety, the western borders open and wide (950,000 a week), a
    # fifth of the people wanting out (7.9 million were recorded across Europe by January 2023).
    "Ukraine 2022": ("calibration: Ukraine 2022 (first 25 days)",
                     {"severity": 1.0, "china_open": 1.0, "china_capacity": 950_000, "propensity": 0.2,
                      "weeks": 4}),
    # East Germany: a regime crisis, not a collapse; the border open through Hungary and then the Wall,
    # at most about 40,000 a week (the pace after 9 November 1989).
    "East Germany 1989-90": ("calibration: East Germany 1989",
                             {"severity": 0.2, "china_open": 1.0, "china_capacity": 40_000, "weeks": 52}),
}


@by_data("exodus_calibration", "population")
def calibration_cases() -> pd.DataFrame:
    """The real cases the model is calibrated on (data/exodus_calibration.csv), one row per case, with
    the population at the time (its row of data/population.csv)."""
    cases = data.load("exodus_calibration")
    pop = data.load("population").set_index(["area", "year"])["population"].sort_index()  # sorted: pandas 2 warns on lookups
    population = []
    for r in cases.itertuples():
        key = (r.area, int(r.population_year))
        if key not in pop.index:
            raise ValueError(f"data/exodus_calibration.csv, case {r.case!r}: no population for {r.area} in "
                             f"{r.population_year} in data/population.csv")
        population.append(int(pop.loc[[key]].iloc[0]))
    return cases.assign(population=population).set_index("case")


def _population_millions(people: float) -> float:
    return round(float(people) / 1e6, 1)


def calibration_presets() -> dict[str, dict]:
    """Preset name -> settings for each calibration case (the population from the case's data row)."""
    cases = calibration_cases()
    return {name: {**settings, "population": _population_millions(cases.loc[case, "population"])}
            for case, (name, settings) in CALIBRATION_SETTINGS.items()}


def _measure(result, measure: str, weeks: float) -> float:
    series = result.left if measure == "left" else result.china
    return float(np.interp(weeks, result.weeks, series))


def calibrate(case: str = "North Korean famine 1996-99") -> dict:
    """Run the preset of one real case (one of ``CALIBRATION_SETTINGS``) and compare it with what was observed.

    Returns a dict: case, preset, measure, weeks, model (the model's figure at that week,
    interpolated between whole weeks), observed, low and high (the band it must fall in) and
    within (True when it does)."""
    cases = calibration_cases()
    case = check_choice("case", case, list(CALIBRATION_SETTINGS))
    row = cases.loc[case]
    name = CALIBRATION_SETTINGS[case][0]
    result = model.panel_model(**{**model.spec().defaults(), **calibration_presets()[name]})
    model_value = _measure(result, row["measure"], float(row["weeks"]))
    low, high = int(row["observed_low"]), int(row["observed_high"])
    return {"case": case, "preset": name, "measure": row["measure"], "weeks": float(row["weeks"]),
            "model": model_value, "observed": None if pd.isna(row["observed"]) else int(row["observed"]),
            "low": low, "high": high, "within": low <= model_value <= high}


def _span(weeks: float) -> str:
    """A case's time span: days below eight weeks ("25 days"), else whole weeks."""
    return fmt.plural(int(round(weeks * 7)), "day") if weeks < 8 else fmt.duration_weeks(weeks)


def calibration_table() -> pd.DataFrame:
    """Each calibration case: what was observed, the band, what the model gives with its preset."""
    rows = []
    for case in CALIBRATION_SETTINGS:
        c = calibrate(case)
        what = ("left the country" if c["measure"] == "left" else "in the neighbouring country at the end")
        rows.append({"case": case, "preset": c["preset"],
                     "compared": f"{what}, after {_span(c['weeks'])}",
                     "observed": "estimates" if c["observed"] is None else fmt.people(c["observed"]),
                     "band": f"{fmt.people(c['low'])}-{fmt.people(c['high'])}",
                     "model": fmt.people(c["model"]), "inside the band": "yes" if c["within"] else "no"})
    return pd.DataFrame(rows).set_index("case")


@by_data("exodus_calibration")
def famine_band() -> tuple[int, int]:
    """The band of famine-era estimates of North Koreans in China (low, high), from the calibration table."""
    row = calibration_cases().loc["North Korean famine 1996-99"]
    return int(row["observed_low"]), int(row["observed_high"])


# ---- plausibility --------------------------------------------------------------------------------
@by_data("refugee_analogues")
def _records() -> dict:
    """The fastest and the largest exodus on record (counted from the start), from the analogues."""
    a = data.load("refugee_analogues")
    a = a[a["from_start"]].assign(pace=lambda t: t["people"] / t["weeks"])
    fast, big = a.loc[a["pace"].idxmax()], a.loc[a["people"].idxmax()]
    return {"pace": float(fast["pace"]), "pace_case": fast["case"], "pace_weeks": float(fast["weeks"]),
            "size": int(big["people"]), "size_case": big["case"], "size_weeks": float(big["weeks"])}


def cautions(result) -> list[str]:
    """Cautions for a result far outside anything observed (empty when it is within the record):
    a peak pace faster than the fastest exodus on record, more people leaving than in the largest,
    and "no close analogue" when the nearest real exodus is more than 3x bigger or smaller."""
    if not isinstance(result, model.Exodus):
        raise ValueError(f"result must be an Exodus (e.g. panel.result); got {type(result).__name__}")
    rec, notes = _records(), []
    if result.peak_weekly_flow > rec["pace"]:
        notes.append(f"{fmt.people(result.peak_weekly_flow)} a week at the peak is faster than any exodus on record "
                     f"(fastest: {rec['pace_case']}, about {fmt.people(rec['pace'])} a week over its first "
                     f"{fmt.duration_weeks(rec['pace_weeks'])}).")
    if result.total_left > rec["size"]:
        notes.append(f"{fmt.people(result.total_left)} leaving is more than in any exodus on record (largest: "
                     f"{rec['size_case']}, {fmt.people(rec['size'])} within {fmt.duration_weeks(rec['size_weeks'])}).")
    near = model.nearest_analogue(result)
    if near is not None:
        ratio = result.total_left / near[2]
        if ratio > ANALOGUE_RATIO or ratio < 1 / ANALOGUE_RATIO:
            times = max(ratio, 1 / ratio)
            notes.append(f"No close analogue: the nearest real exodus ({near[0]}, {fmt.people(near[2])} in "
                         f"{fmt.duration_weeks(near[3])}) is {times:.0f} times {'smaller' if ratio > 1 else 'bigger'}.")
    return notes


ANALOGUE_RATIO = 3  # beyond this factor in size the nearest real exodus is no close analogue


from . import exodus as model  # noqa: E402  (at the end: exodus imports this module)
