"""Facts read from data/ in one place: the ones several notebooks use, and the record-based numbers
behind a model's defaults (re-exported by the companion modules that show them)."""

from __future__ import annotations

import pandas as pd

from . import data
from .cache import by_data
from .checks import check_int, check_number

__all__ = ["nk_population", "attempt_rate_from_record", "magnitude_spread", "yes_votes_before_op_ed", "votes_table", "treaty_text", "trade_at_stake"]


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


def votes_table() -> pd.DataFrame:
    """China at the UN Security Council on North Korea, 2006-2024: date, what was voted, China's position."""
    t = data.load("china_nk_security_record")
    # votes and drafts; a statement agreed by consensus (the 2010 Cheonan statement) is not a vote
    t = t[t["kind"].isin(["un_vote", "other"]) & ~t["china_position"].isin(["not a party", "consensus"])]
    out = pd.DataFrame({"date": t["date"].dt.strftime("%Y-%m-%d"), "what": t["event"],
                        "China": t["china_position"], "note": t["note"].fillna("")})
    return out.set_index("date")


def treaty_text() -> str:
    """The 1961 treaty in one sentence, from data/china_nk_security_record.csv."""
    t = data.load("china_nk_security_record")
    row = t[t["kind"] == "treaty"].iloc[0]
    return f"{row['date']:%Y-%m-%d}: {row['event']}. {row['note']}"


def trade_at_stake() -> pd.DataFrame:
    """China's trade with South Korea, Japan and North Korea as a share of its total (Chinese customs)."""
    t = data.load("china_neighbour_trade")
    t = t[t["basis"] == "china_customs"]
    wide = t.pivot(index="year", columns="partner", values="trade_bn").dropna()
    out = pd.DataFrame(index=wide.index.astype(int))
    out.index.name = "year"
    for p in ("South Korea", "Japan", "North Korea"):
        out[f"{p} (% of China's trade)"] = (100 * wide[p] / wide["World"]).round(2)
    out["South Korea + Japan"] = (out.iloc[:, 0] + out.iloc[:, 1]).round(1)
    out["times North Korea's"] = ((wide["South Korea"] + wide["Japan"]) / wide["North Korea"]).round(0).astype(int)
    return out


def _op_ed_date():
    from .course import OP_ED_DATE  # the course's one date of the op-ed

    return OP_ED_DATE
