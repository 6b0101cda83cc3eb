"""Notebook 01, "The deterrent": the survival calculus, a small model of one purpose of the bomb.

The model (:func:`survival_odds`): each year an outside power attempts forced regime change with some
probability, an attempt succeeds with some probability, a credible deterrent makes attempts rarer by
a share, the regime may collapse from within (which no bomb prevents), and the bomb costs something:
sanctions against it add to the risk from within. The risk of falling is split between the two causes
as competing risks. The defaults are anchored on counts in data/survival_anchors.csv and the record;
the presets are named scenarios in data/deterrent_presets.csv. It measures the survival value of
deterrence; it cannot show the bomb's purpose (C03). Re-exported by helpers.deterrent, the companion
module of notebook 01; figures: helpers/figures/deterrent.py.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import course, data, fmt
from .cache import by_data
from .checks import check_int, check_number
from .facts import attempt_rate_from_record
from .figures import deterrent as figures
from .whatif import Headline, Panel, WhatIf, assumption, lever

__all__ = ["survival_odds", "simulate", "claim_outcomes", "survival_anchors", "survival_anchor_table", "survival_read",
           "survival_presets", "survival_spec", "survival_what_if", "HORIZON_MAX", "CLEAR_GAIN"]


def survival_odds(years: int = 10, attempt_rate: float = 0.015, deterrent_cut: float = 0.8,
                  success: float = 0.4, internal: float = 0.01, sanctions: float = 0.0) -> dict:
    """Chance that the regime survives each of the next ``years`` years, with and without the bomb,
    and the cumulative risk of falling to each cause (competing risks).

    The model (every number an assumption, anchored where data allow; see data/survival_anchors.csv):

    * each year an outside power attempts forced regime change with probability ``attempt_rate``;
    * an attempt topples the regime with probability ``success``;
    * a credible deterrent lowers the chance of an attempt by the share ``deterrent_cut``;
    * independently, the regime collapses from within with yearly probability ``internal``, which no
      bomb prevents; the bomb's cost, ``sanctions`` (sanctions and isolation), adds to that risk.

    Yearly chances of falling: outside ``p_out = attempt_rate * success * (1 - cut)``, inside
    ``p_in = internal + sanctions`` (with the bomb; without it cut = 0 and sanctions = 0). Survival over
    t years is ``((1 - p_out) * (1 - p_in)) ** t``. The risk that has struck by year t is split between
    the two causes in proportion to their yearly rates ``-ln(1 - p)`` (competing risks): ``from_outside``
    + ``from_inside`` + ``with_bomb`` = 1 at every t.
    Returns arrays over t = 0..years: ``with_bomb``, ``without_bomb``, ``internal_only`` (the ceiling a
    perfect deterrent could reach), ``from_outside`` and ``from_inside`` (with the bomb), all shares.
    """
    years = check_int("years", years, 1, 100, "years")
    p = check_number("attempt_rate", attempt_rate, 0, 1, "per year")
    cut = check_number("deterrent_cut", deterrent_cut, 0, 1, "share")
    s = check_number("success", success, 0, 1, "share")
    q = check_number("internal", internal, 0, 0.5, "per year")
    cost = check_number("sanctions", sanctions, 0, 0.5, "per year")
    t = np.arange(years + 1)
    p_out, p_in = p * s * (1.0 - cut), q + cost
    with_bomb = ((1.0 - p_out) * (1.0 - p_in)) ** t
    without_bomb = ((1.0 - p * s) * (1.0 - q)) ** t
    fallen = 1.0 - with_bomb
    with np.errstate(divide="ignore"):
        r_out, r_in = -np.log1p(-p_out), -np.log1p(-p_in)  # yearly rates; inf for a certain fall
    if np.isinf(r_out) or np.isinf(r_in):
        share_out = 0.5 if np.isinf(r_out) and np.isinf(r_in) else float(np.isinf(r_out))
    else:
        share_out = r_out / (r_out + r_in) if r_out + r_in > 0 else 0.0
    return {"t": t, "with_bomb": with_bomb, "without_bomb": without_bomb, "internal_only": (1.0 - q) ** t,
            "from_outside": share_out * fallen, "from_inside": (1.0 - share_out) * fallen}


HORIZON_MAX = 50
# How the survival model's result bears on the claims it can speak to (points of survival, at the horizon):
# the bomb must add at least CLEAR_GAIN points for deterrence to be a motive that suffices on its own (C03),
# and C04 fails when the bomb lowers the chance of survival by at least CLEAR_GAIN points.
CLEAR_GAIN = 1.0


def simulate(years=course.YEARS_SINCE, deterrent_cut=0.8, attempt_rate=0.015, success=0.4, internal=0.01, sanctions=0.0):
    """The panel's model: curves over the whole 0-50-year axis, read off at ``years`` (the horizon)."""
    years = check_int("years", years, 1, HORIZON_MAX, "years")
    out = survival_odds(HORIZON_MAX, attempt_rate, deterrent_cut, success, internal, sanctions)
    out["years"] = int(years)
    return out


def claim_outcomes(result) -> dict:
    """What a survival result says about C03 and C04, in the model's own terms, at the horizon.

    ``gain``: points of survival the bomb adds (negative when its cost outweighs what it deters).
    ``C04`` (the deterrent secures survival): "holds" when the bomb adds at least CLEAR_GAIN points,
    "fails" when it costs at least that many, else "open". ``C03`` (nothing more than a deterrent): the
    model cannot see purposes; it can only say whether deterrence alone gives the bomb a survival value
    ("a sufficient motive") or not ("not a motive": the bomb must then be for something else, such as
    coercion, bargaining or prestige, which the model leaves out).
    """
    res = result
    n = _check_result(res)
    gain = 100 * (float(res["with_bomb"][n]) - float(res["without_bomb"][n]))
    c04 = "holds" if gain >= CLEAR_GAIN else ("fails" if gain <= -CLEAR_GAIN else "open")
    c03 = "a sufficient motive" if gain >= CLEAR_GAIN else "not a motive"
    return {"gain": gain, "C03": c03, "C04": c04}


def survival_anchors() -> dict:
    """The anchors of the survival defaults, computed from data/survival_anchors.csv and the record.

    ``success``: the share of covert US attempts at regime change in the Cold War that succeeded
    (Downes & O'Rourke 2016); ``internal``: North Korea's own record, no collapse from within from its
    founding to the op-ed, counted as half an event over the years watched. Each also ``*_default``:
    rounded to its slider's step.
    """
    anchors = data.load("survival_anchors").set_index("id")
    covert = anchors.loc["covert_us_cold_war"]
    inside = anchors.loc["nk_record_inside"]
    rec = attempt_rate_from_record()
    watched = rec["years"]
    internal = (float(inside["events"]) + 0.5) / watched
    success = float(covert["events"]) / float(covert["out_of"])
    return {"success": success, "success_default": round(round(success / 0.05) * 0.05, 4),
            "success_events": int(covert["events"]), "success_tries": int(covert["out_of"]),
            "internal": internal, "internal_default": round(round(internal / 0.005) * 0.005, 4),
            "inside_events": int(inside["events"]), "years_watched": watched, "founded": rec["founded"]}


_RESULT_KEYS = ("t", "with_bomb", "without_bomb", "from_outside", "from_inside", "years")


def _check_result(res) -> int:
    """The horizon of a survival result (ValueError when ``result`` is not one)."""
    if not isinstance(res, Mapping) or any(k not in res for k in _RESULT_KEYS):
        raise ValueError(f"result must be a result of the survival model (a dict with {', '.join(_RESULT_KEYS)}); "
                         f"got {type(res).__name__}")
    return check_int("years", res["years"], 0, len(res["t"]) - 1, "years")


def survival_anchor_table() -> pd.DataFrame:
    """The counts behind the survival defaults (data/survival_anchors.csv), with their sources."""
    t = data.load("survival_anchors")
    short = data.load("sources").set_index("id")["short_title"]
    return pd.DataFrame({
        "what was counted": t["what"],
        "count": [("-" if pd.isna(e) else f"{int(e)}" + ("" if pd.isna(o) else f" of {int(o)}"))
                  for e, o in zip(t["events"], t["out_of"])],
        "years": t["period"],
        "source": [short.get(i, i) for i in t["source_id"]],
    }).set_index("what was counted")


def survival_read(result) -> str:
    """The survival reading of a result of :func:`simulate`: survival with and without the bomb at its
    horizon, then the two risks weighed by their cumulative share (competing risks)."""
    res = result
    n = _check_result(res)
    w, wo = 100 * res["with_bomb"][n], 100 * res["without_bomb"][n]
    out, inside = 100 * res["from_outside"][n], 100 * res["from_inside"][n]
    gain = claim_outcomes(res)["gain"]
    if abs(gain) < 0.5:
        bomb = "the bomb changes almost nothing"
    elif gain > 0:
        bomb = f"the bomb adds {fmt.plural(round(gain), 'point')}"
    else:
        bomb = f"the bomb costs {fmt.plural(round(-gain), 'point')} (its sanctions outweigh what it deters)"
    if out < 0.5 and inside < 0.5:
        weigh = "neither risk amounts to a point"
    elif out >= 2 * inside or inside < 0.5:
        weigh = "the threat from outside dominates"
    elif inside >= 2 * out or out < 0.5:
        weigh = "the risk from within dominates"
    else:
        weigh = "the two risks weigh about the same"
    return (f"Over {fmt.plural(n, 'year')} the regime survives with {w:.0f}% odds with the bomb and {wo:.0f}% "
            f"without: {bomb}. With the bomb, the risk of falling to an outside attack is {out:.0f}% and from "
            f"within {inside:.0f}%: {weigh}.")


def _survival_read(base, res, params) -> str:
    return survival_read(res)


def _survival_alt(res, p) -> str:
    n = p["years"]
    return (f"Line chart of the regime's chance of surviving the next {fmt.plural(n, 'year')}: with the deterrent "
            f"(blue) at {100 * res['with_bomb'][n]:.0f}%, without it (orange) at {100 * res['without_bomb'][n]:.0f}%, "
            f"beside the article's guaranteed deterrent (grey dashed), over 0 to {HORIZON_MAX} years.")


def _at_horizon(key: str):
    return lambda res: f"{100 * res[key][res['years']]:.0f}%"


SURVIVAL_COMPARE = (
    ("survives, with the bomb", _at_horizon("with_bomb")),
    ("survives, without it", _at_horizon("without_bomb")),
    ("what the bomb adds (points)", lambda res: f"{claim_outcomes(res)['gain']:+.0f}"),
    ("falls to an outside attack", _at_horizon("from_outside")),
    ("falls from within", _at_horizon("from_inside")),
)


def _survival_summary(res) -> dict:
    n = res["years"]
    return {"years": n, "with_bomb": float(res["with_bomb"][n]), "without_bomb": float(res["without_bomb"][n]),
            "internal_only": float(res["internal_only"][n]),
            "from_outside": float(res["from_outside"][n]), "from_inside": float(res["from_inside"][n])}


def _warheads_2013() -> str:
    """The warhead estimates of January 2013, from data/warheads.csv (for the preset's name)."""
    w = data.load("warheads")
    w = w[w["year"] == course.OP_ED_DATE.year]
    parts = []
    for r in w.itertuples():
        n = r.warheads_low if r.warheads_low == r.warheads_high else f"{r.warheads_low}-{r.warheads_high}"
        parts.append(f"{r.estimator} {n}")
    return ", ".join(parts)


def survival_presets() -> dict:
    """Named scenarios from data/deterrent_presets.csv; the 2013 one is named with that year's warheads."""
    table = data.load("deterrent_presets")
    out = {}
    for name, grp in table.groupby("preset", sort=False):
        label = f"{name} (warheads: {_warheads_2013()})" if name.startswith(str(course.OP_ED_DATE.year)) else name
        out[label] = {r.control: (int(r.value) if r.control == "years" else float(r.value)) for r in grp.itertuples()}
    return out


def _survival_plausible(res, params) -> list[str]:
    """Flags for settings far outside anything observed (numbers from data/)."""
    flags = []
    a = survival_anchors()
    rec = attempt_rate_from_record()
    if params["attempt_rate"] >= 5 * max(rec["exact"], 1e-9):
        flags.append(f"An attempt every {1 / params['attempt_rate']:.0f} years is far more than the record: "
                     f"{fmt.plural(rec['attempts'], 'attempt')} in {rec['years']:.0f} years to the op-ed.")
    if params["internal"] + params["sanctions"] >= 3 / a["years_watched"]:
        flags.append(f"A risk from within of {100 * (params['internal'] + params['sanctions']):.1f}% a year is above "
                     f"what North Korea's own record allows at 95% confidence (no collapse in "
                     f"{a['years_watched']:.0f} years: at most about {100 * 3 / a['years_watched']:.1f}% a year).")
    return flags


@by_data("leaders", "china_nk_security_record", "survival_anchors", "deterrent_presets", "warheads", "sources")
def survival_spec() -> WhatIf:
    """The survival-calculus what-if, its defaults anchored on data/survival_anchors.csv."""
    rec = attempt_rate_from_record()
    a = survival_anchors()
    return WhatIf(
        title="The survival calculus",
        model=simulate,
        controls=(
            assumption("years", "Horizon (your view: how far ahead you look)", 1, HORIZON_MAX, course.YEARS_SINCE,
                       step=1, unit="years",
                       help=f"Not a choice anyone makes: how far ahead you judge. Default {course.YEARS_SINCE}: the "
                            f"years from the op-ed (February {course.OP_ED_DATE.year}) to today ({course.PRESENT_YEAR})."),
            assumption("deterrent_cut", "How much the bomb lowers the chance of an attempt", 0, 1, 0.8,
                       step=0.05, unit="share",
                       help="How well deterrence works, a belief, not a choice: 1 = no outside power would ever try "
                            "(the article's reading: a deterrent that ensures survival); 0 = the bomb deters nobody. "
                            "Default 0.8 is an assumption, not a measurement."),
            assumption("attempt_rate", "Yearly chance of an attempt at forced regime change", 0, 0.2, rec["rate"],
                       step=0.005, unit="per year",
                       help=f"Without a deterrent. Default {rec['rate']:g}: {fmt.plural(rec['attempts'], 'attempt')} in the "
                            f"{rec['years']:.0f} years from {rec['founded']} to the op-ed is {rec['exact']:.3f} a "
                            "year, rounded to the slider's step. The attempt: the UN advance north in autumn "
                            f"{rec['last']} (UN General Assembly resolution 376 (V)), which followed North Korea's "
                            f"invasion of the South in June; none followed in the {rec['quiet_years']} years from "
                            "then to the op-ed (the war ended in the armistice of 1953). Worldwide, overt "
                            "foreign-imposed regime changes number about a hundred since 1816 (Downes & O'Rourke "
                            "2016; data/survival_anchors.csv)."),
            assumption("success", "Chance an attempt topples the regime", 0, 1, a["success_default"], step=0.05,
                       unit="share",
                       help=f"Default {a['success_default']:g}: {a['success_events']} of {a['success_tries']} covert "
                            f"US attempts at regime change in the Cold War succeeded ({a['success']:.2f}; Downes & "
                            f"O'Rourke 2016), rounded to the slider's step. The 1950 attempt on North Korea failed "
                            "once China intervened."),
            assumption("internal", "Yearly chance of collapse from within (without the bomb's cost)", 0, 0.1,
                       a["internal_default"], step=0.005, unit="per year",
                       help=f"Famine, coup, succession crisis; no bomb prevents these. Default {a['internal_default']:g}: "
                            f"North Korea's own record, no collapse in the {a['years_watched']:.0f} years from "
                            f"{a['founded']} to the op-ed, counted as half an event ({a['internal']:.4f} a year). "
                            "Autocracies in general fall far more often (Geddes, Wright & Frantz: 280 regimes, "
                            "1946-2010), communist ones less often (Kailitz & Stockemer 2017)."),
            lever("sanctions", "Sanctions for the bomb: added yearly chance of collapse from within", 0, 0.05, 0.0,
                  step=0.005, unit="per year",
                  help="A choice the Security Council (China included) makes: how hard to punish the bomb, shown by "
                       "its effect, the added yearly chance that the regime collapses from within. With a high cost "
                       "the bomb lowers the regime's odds (C04 fails). Default 0: the op-ed counts no cost (the "
                       "course's choice; no data measure the effect)."),
        ),
        draw=figures.survival_panel,
        update=figures.survival_panel_update,
        read=_survival_read,
        source="Source: model of the Soft Landing course (helpers/survival.py, survival_odds). Defaults from "
               "the record (UN General Assembly resolution 376 (V), 1950; data/china_nk_security_record.csv), "
               "Downes & O'Rourke 2016 and North Korea's record since 1948 (data/survival_anchors.csv); "
               "presets: data/deterrent_presets.csv (the course's choices).",
        alt=_survival_alt,
        baseline={"deterrent_cut": 1.0},
        baseline_label="the article's reading: a deterrent that rules out any attempt, at no cost",
        baseline_basis="The op-ed calls the weapons \"simply a deterrent\" that ensures the regime survives: "
                       "read as a deterrent that rules out any outside attempt. It counts no cost for the bomb, so "
                       "the sanctions lever starts at 0 (the course's choice: the op-ed is silent on sanctions).",
        headline=Headline("the regime's chance of surviving the horizon with the bomb",
                          lambda res: 100 * float(res["with_bomb"][res["years"]]), fmt.percent),
        plausible=_survival_plausible,
        presets=survival_presets(),
        compare=SURVIVAL_COMPARE,
        summary=_survival_summary,
        figsize=(7.2, 3.8),
        intro="A deliberately small model of one purpose of the bomb, deterrence: outside attempts at regime "
              "change, a deterrent that makes them rarer, a risk from within that no bomb removes, and what the "
              "bomb costs. It cannot show whether deterrence is the bomb's only purpose (C03).",
    )


def survival_what_if(**settings) -> Panel:
    """The survival-calculus panel (keyword arguments set controls, e.g. years=25)."""
    return Panel(survival_spec(), **settings)
