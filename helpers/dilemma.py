"""Notebook 04, China's dilemma: is propping up North Korea a losing battle for China?

The model (:func:`decide`) treats China's choice as a decision under uncertainty: three options
(keep propping the regime up, cut it off, press it to reform), three scenarios over the next decade
(collapse, status quo, a "soft landing": reform without implosion), five stakes. The chances of the
scenarios depend on the option: for each option you set the chance of collapse and, without one,
the chance of a soft landing; the status quo takes the rest, so the three add up to one. Each
option and scenario does harm on each stake (0-1, 1 = the worst case on it): a collapse brings
refugees, loose nuclear weapons and the loss of the buffer state in full; propping up costs China
standing with its neighbours and the West, a cost that starts at ``standing_now`` and grows by
``standing_growth`` a year (calibrated on the THAAD episode with Pew's polls); pressing for reform
pays the share ``press_share`` of it, cutting off none; trade is what China risks with South Korea and Japan. Your
weights (how much each stake matters) are kept apart from the probabilities. An option's expected
cost (0-100, lower is better) is the probability-weighted average of its scenario costs, its spread
their standard deviation. "Losing battle" (C18) holds when propping up costs more than the best
other option. The tornado and the region map evaluate many settings in one numpy operation.
Figures: helpers/figures/dilemma.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import data, fmt
from .cache import by_data
from .checks import check_choice, check_number
from .facts import trade_at_stake, treaty_text, votes_table
from .figures.dilemma import (calibration_chart, opinion_chart, regions_chart, thaad_costs, timeline_chart,
                              tornado_chart, trade_stake_chart)
from .selfcheck import Question
from .whatif import Control, Headline, Panel, WhatIf, assumption, lever

__all__ = [
    "OPTIONS", "SCENARIOS", "STAKES", "CONTROLS", "Decision", "constants", "decide", "evaluate", "tornado", "regions", "standing_path",
    "opinion_growth", "calibration", "constants_table", "presets", "presets_table", "preset_basis", "spec", "what_if", "WHAT_IFS",
    "events", "votes_table", "opinion", "thaad_costs", "trade_at_stake", "treaty_text",
    "timeline_chart", "opinion_chart", "trade_stake_chart", "calibration_chart", "tornado_chart", "regions_chart",
    "QUESTIONS", "Q1", "Q2", "Q3", "Q4",
]

OPTIONS = ("prop_up", "cut_off", "press_reform")
OPTION_LABEL = {"prop_up": "keep propping up", "cut_off": "cut off", "press_reform": "press for reform"}
OPTION_NOUN = {"prop_up": "propping up", "cut_off": "cutting off", "press_reform": "pressing for reform"}
SCENARIOS = ("collapse", "status_quo", "soft_landing")
SCENARIO_LABEL = {"collapse": "collapse", "status_quo": "status quo", "soft_landing": "soft landing"}
STAKES = ("refugees", "nukes", "buffer", "standing", "trade")
TIE = 0.5  # cost points (of 100): closer than this, two options are "about even"

# ---- the controls: (name, label, low, high, default, step, unit, help) ------------------------------
_WEIGHT = dict(low=0, high=10, step=1, unit="points")
CONTROLS: tuple[Control, ...] = (
    lever("w_refugees", "Weight: refugees at the border", default=8, **_WEIGHT,
          help="How much a refugee crisis on China's border matters to Beijing. 8: the op-ed calls it a problem "
               "no nation would want on its borders (C07, C10); the number is the course's."),
    lever("w_nukes", "Weight: nuclear weapons in the wrong hands", default=8, **_WEIGHT,
          help="How much loose nuclear weapons after a collapse matter. 8: the op-ed names this danger beside the "
               "refugees (C11); the number is the course's."),
    lever("w_buffer", "Weight: keeping the buffer state", default=4, **_WEIGHT,
          help="How much it matters that North Korea stands between China and US forces in the South. The op-ed "
               "never says: 4 is the course's choice."),
    lever("w_standing", "Weight: standing with neighbours and the West", default=6, **_WEIGHT,
          help="How much China's standing with South Korea, Japan and the West matters. 6: the op-ed says it "
               "matters now, as China rises (C21); the number is the course's."),
    lever("w_trade", "Weight: trade", default=2, **_WEIGHT,
          help="How much China's trade matters in this choice. 2: the op-ed stresses how little North Korea "
               "offers in trade (C14); the number is the course's."),
    assumption("collapse_prop", "Chance of collapse if China keeps propping up", 0, 60, 10, step=1, unit="%",
               help="Over the next ten years. 10%: the op-ed sees no signs of collapse and says China can live "
                    "with the status quo for a long time (C30-C31); the number is the course's."),
    assumption("collapse_cut", "Chance of collapse if China cuts off", 0, 90, 50, step=1, unit="%",
               help="50%: the op-ed implies China's aid keeps the regime on its feet (C16); the number is the "
                    "course's. Since 2024 Russia could stand in for China: try lower values."),
    assumption("collapse_press", "Chance of collapse if China presses for reform", 0, 60, 15, step=1, unit="%",
               help="Opening up carries some risk for the regime. 15%: the course's choice (the op-ed hopes for "
                    "change without implosion)."),
    assumption("soft_prop", "Soft landing if no collapse, China propping up", 0, 60, 5, step=1, unit="%",
               help="Chance of reform from above when the regime survives and China just props it up. 5%: the "
                    "op-ed's 'remote possibility' (C22); the number is the course's."),
    assumption("soft_cut", "Soft landing if no collapse, China cutting off", 0, 60, 0, step=1, unit="%",
               help="The op-ed does not consider it: 0% is the course's choice. Could hardship force reform? It moves only the "
                    "chances: after a cut-off a survivor costs China 0, reformed or not, so the costs and the verdict stay put."),
    assumption("soft_press", "Soft landing if no collapse, China pressing", 0, 60, 30, step=1, unit="%",
               help="30%: the op-ed calls a soft landing China's best bet (C27); the number is the course's."),
    assumption("standing_now", "Cost to China's standing today", 0, 100, 30, step=1, unit="% of worst",
               help="What propping up costs China with its neighbours now, as a share of the worst case. 30%: the "
                    "course's choice, since not every South Korean unfavourable to China blames its support for the "
                    "North. Pew, spring 2013: 46% favourable (so at most 54% unfavourable); 2015: 37% unfavourable."),
    assumption("standing_growth", "How fast that cost grows", 0, 30, 5, step=1, unit="% a year",
               help="The op-ed's 'losing battle' implies a cost that grows; 5% a year is the course's choice. Pew in "
                    "South Korea: +28% a year across THAAD (2015-17), +4% a year after (2017-23)."),
    assumption("press_share", "Share of that cost still paid while pressing", 0, 100, 50, step=5, unit="%",
               help="Pressing for reform, China still backs the regime but is seen to push it. 50%: the course's "
                    "choice (the op-ed is silent); 100% = pressing buys no goodwill, 0% = all of it."),
)
NAMES = tuple(c.name for c in CONTROLS)
_LOWS = np.array([c.low for c in CONTROLS], dtype=float)
_HIGHS = np.array([c.high for c in CONTROLS], dtype=float)
WEIGHTS = NAMES[:5]


def _control(name: str, param: str = "control") -> Control:
    check_choice(param, name, NAMES)
    return CONTROLS[NAMES.index(name)]


def _array(name: str, value, low: float, high: float) -> np.ndarray:
    """``value`` (a number or an array of numbers) as floats within [low, high]; ValueError naming ``name``."""
    raw = np.asarray(value) if not isinstance(value, (str, bytes)) else np.asarray([], dtype=object)
    if raw.dtype.kind not in "iuf" or raw.size == 0:
        raise ValueError(f"{name} must be a number or an array of numbers between {low:g} and {high:g}; got {value!r:.60}")
    a = raw.astype(float)
    if not np.all(np.isfinite(a)) or np.any((a < low) | (a > high)):
        raise ValueError(f"{name} must be between {low:g} and {high:g}; got {value!r:.60}")
    return a


# ---- the model -------------------------------------------------------------------------------------
@by_data("dilemma_constants", "china_neighbour_trade", "dilemma_thaad_costs")
def _constants() -> dict[str, float]:
    c = data.load("dilemma_constants").set_index("name")["value"].astype(float).to_dict()
    trade = data.load("china_neighbour_trade")
    t17 = trade[(trade["year"] == 2017) & (trade["basis"] == "china_customs")].set_index("partner")["trade_bn"]
    neighbours = float(t17["South Korea"] + t17["Japan"])
    costs = {(r.item, r.who_pays): float(r.value) for r in data.load("dilemma_thaad_costs").itertuples()
             if r.item in ("loss_usd", "loss_won")}
    usd_per_won = costs[("loss_usd", "South Korea")] / costs[("loss_won", "South Korea")]  # bn US$ per trillion won
    china_loss_bn = costs[("loss_won", "China")] * usd_per_won
    c.update(neighbour_trade_bn=neighbours, nk_trade_bn=float(t17["North Korea"]), china_trade_bn=float(t17["World"]),
             thaad_china_loss_bn=china_loss_bn,
             nk_trade_share=float(t17["North Korea"]) / neighbours, thaad_trade_share=china_loss_bn / neighbours)
    return c


def constants() -> dict[str, float]:
    """The model's fixed numbers, each from a row of data/ (dilemma_constants.csv, china_neighbour_trade.csv,
    dilemma_thaad_costs.csv): horizon, trade disruption in a collapse, and the trade shares computed from
    2017 Chinese customs figures."""
    return dict(_constants()) | _OVERRIDE


_OVERRIDE: dict[str, float] = {}  # a constant set by hand, only while constants_table() runs


def constants_table() -> pd.DataFrame:
    """The fixed numbers of data/dilemma_constants.csv (not sliders), each with its range and the
    losing-battle margin at the article's case (as the course reads it) with that constant at its low,
    its value and its high end: what the tornado does not show."""
    t = data.load("dilemma_constants")
    rows = []
    for r in t.itertuples():
        margins = []
        for v in (r.value_low, r.value, r.value_high):
            _OVERRIDE[r.name] = float(v)
            try:
                margins.append(round(decide().margin, 2))
            finally:
                _OVERRIDE.clear()
        rows.append({"constant": r.name, "value": r.value, "range": f"{r.value_low:g} to {r.value_high:g}",
                     "margin at low": margins[0], "margin at value": margins[1], "margin at high": margins[2],
                     "flips the verdict?": "yes" if min(margins) < -TIE < TIE < max(margins) else (
                         "to about even" if min(margins) < TIE < max(margins) else "no"),
                     "what it is": r.basis})
    return pd.DataFrame(rows).set_index("constant")


def _probabilities(collapse=0.1, soft=0.05) -> np.ndarray:
    """Probabilities of (collapse, status quo, soft landing), shape ``(..., 3)``.

    ``collapse`` and ``soft`` are shares (0-1, arrays broadcast): the chance of collapse, and the
    chance of a soft landing among the paths without collapse. The three always add up to one.
    """
    c, s = np.broadcast_arrays(_array("collapse", collapse, 0, 1), _array("soft", soft, 0, 1))
    return np.stack([c, (1 - c) * (1 - s), (1 - c) * s], axis=-1)


def _growth_factor(growth=0.05, years: float = 10) -> np.ndarray:
    """Average of (1 + growth) ** t over t = 0 .. years-1: how much a cost growing by ``growth``
    a year (a share, e.g. 0.05) weighs over the horizon, relative to today's. 1 when growth is 0."""
    g = _array("growth", growth, 0, 1)
    years = check_number("years", years, 1, 50, "years")
    t = np.arange(int(round(years)))
    return np.mean((1 + g[..., None]) ** t, axis=-1)


def _harm_table(standing_now=0.3, standing_growth=0.05, press_share=0.5) -> np.ndarray:
    """Harm (0-1, 1 = the worst case on that stake) for every option, scenario and stake:
    shape ``(..., 3 options, 3 scenarios, 5 stakes)``. ``standing_now``, ``standing_growth`` and
    ``press_share`` are shares (arrays broadcast)."""
    k = constants()
    s0 = _array("standing_now", standing_now, 0, 1)
    grow = _growth_factor(_array("standing_growth", standing_growth, 0, 1), k["horizon_years"])
    standing = np.minimum(s0 * grow, 1.0)  # propping up: today's cost grown over the horizon, never beyond the worst
    friction = np.minimum(k["thaad_trade_share"] * grow, 1.0)  # THAAD-sized trade frictions, growing alike
    press = _array("press_share", press_share, 0, 1)
    shape = np.broadcast_shapes(s0.shape, grow.shape, press.shape)
    h = np.zeros(shape + (3, 3, 5))
    collapse, status_quo = 0, 1
    h[..., :, collapse, 0:3] = 1.0  # a collapse: refugees, loose nuclear weapons, buffer lost
    h[..., :, collapse, 4] = k["collapse_trade_disruption"]
    h[..., 0, [collapse, status_quo], 3] = standing[..., None]  # standing, while the regime stands or falls
    h[..., 2, [collapse, status_quo], 3] = (press * standing)[..., None]
    h[..., 0, status_quo, 4] = friction
    h[..., 2, status_quo, 4] = press * friction
    h[..., 1, :, 4] += k["nk_trade_share"]  # cutting off loses the North Korean trade, whatever follows
    return h


def _expected_costs(probs: np.ndarray, harms: np.ndarray, weights: np.ndarray):
    """Expected cost and spread per option (0-100), and the cost of every scenario.

    ``probs`` (..., 3, 3), ``harms`` (..., 3, 3, 5), ``weights`` (..., 5) non-negative. Weights are
    normalised to add up to one, so 100 means the worst case on every stake that carries weight;
    with all weights at zero nothing is at stake and every cost is 0.
    """
    w = np.asarray(weights, dtype=float)
    total = w.sum(axis=-1, keepdims=True)
    share = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    scenario_cost = 100 * np.einsum("...osk,...k->...os", harms, share)
    mean = np.einsum("...os,...os->...o", probs, scenario_cost)
    var = np.einsum("...os,...os->...o", probs, (scenario_cost - mean[..., None]) ** 2)
    return mean, np.sqrt(np.maximum(var, 0.0)), scenario_cost


def _matrix(params: dict) -> np.ndarray:
    """Validated settings as a float array in the order of NAMES (a ``(14,)`` row)."""
    unknown = set(params) - set(NAMES)
    if unknown:
        raise ValueError(f"unknown control(s) {', '.join(sorted(unknown))}; the controls are {', '.join(NAMES)}")
    full = {c.name: c.default for c in CONTROLS} | params
    return np.array([check_number(c.name, full[c.name], c.low, c.high, c.unit) for c in CONTROLS])


def evaluate(settings=tuple(c.default for c in CONTROLS)):
    """The model for many settings at once: ``settings`` has shape ``(..., 14)`` in the order of
    NAMES (weights 0-10, the rest in percent). Returns expected cost, spread and scenario costs."""
    x = _array("settings", settings, -np.inf, np.inf)
    if x.shape[-1:] != (len(CONTROLS),) or np.any((x < _LOWS) | (x > _HIGHS)):
        raise ValueError(f"settings must end in {len(CONTROLS)} values, one per control in its range ({', '.join(NAMES)})")
    weights = x[..., 0:5]
    probs = _probabilities(x[..., 5:8] / 100, x[..., 8:11] / 100)
    harms = _harm_table(x[..., 11] / 100, x[..., 12] / 100, x[..., 13] / 100)
    return _expected_costs(probs, harms, weights)


@dataclass(frozen=True, eq=False)
class Decision:
    """What :func:`decide` returns (numbers as plain floats; tables on demand)."""

    expected: dict  # option -> expected cost (0-100, lower is better)
    spread: dict  # option -> standard deviation across scenarios
    probs: np.ndarray  # (3 options, 3 scenarios)
    costs: np.ndarray  # (3 options, 3 scenarios): the cost if that scenario happens
    winner: str  # the option with the lowest expected cost, or "tie"
    margin: float  # propping up's cost minus the best other option's: > 0 means a losing battle

    @property
    def losing_battle(self) -> bool:
        """C18 holds here: propping up costs China more than another option."""
        return self.margin > 0

    @property
    def probabilities(self) -> pd.DataFrame:
        """Chance of each scenario (columns) under each option (rows)."""
        return pd.DataFrame(self.probs, index=list(OPTIONS), columns=list(SCENARIOS))

    @property
    def scenario_cost(self) -> pd.DataFrame:
        """Cost to China (0-100) of each scenario (columns) under each option (rows)."""
        return pd.DataFrame(self.costs, index=list(OPTIONS), columns=list(SCENARIOS))

    def table(self) -> pd.DataFrame:
        """One row per option: expected cost, spread and the chance of each scenario (percent)."""
        out = pd.DataFrame({"expected cost (0-100)": pd.Series(self.expected).round(1),
                            "spread (+/-)": pd.Series(self.spread).round(1)})
        chances = (100 * self.probabilities).round(0).astype(int)
        chances.columns = [f"chance of {SCENARIO_LABEL[s]} (%)" for s in SCENARIOS]
        out = out.join(chances)
        out.index = pd.Index([OPTION_LABEL[o] for o in out.index], name="option")
        return out


def decide(**params) -> Decision:
    """China's choice for one set of controls (keyword arguments; defaults = the article's case).

    Raises ValueError naming the control for unknown names and values outside their ranges.
    """
    x = _matrix(params)
    mean, sd, scen = evaluate(x)
    probs = _probabilities(x[5:8] / 100, x[8:11] / 100)
    order = np.argsort(mean, kind="stable")
    winner = "tie" if mean[order[1]] - mean[order[0]] < 1e-9 else OPTIONS[order[0]]
    return Decision(
        expected={o: float(v) for o, v in zip(OPTIONS, mean)},
        spread={o: float(v) for o, v in zip(OPTIONS, sd)},
        probs=probs, costs=scen, winner=winner,
        margin=float(mean[0] - min(mean[1], mean[2])),
    )


def _swings(x: np.ndarray):
    """Margins and winners with each control alone at its low and its high end (one array operation):
    arrays of length 14 (margin_low, margin_high, winner_low, winner_high) and the margin and winner at x."""
    n = len(CONTROLS)
    batch = np.repeat(x[None, :], 2 * n + 1, axis=0)
    idx = np.arange(n)
    batch[idx, idx] = _LOWS
    batch[n + idx, idx] = _HIGHS
    mean, _, _ = evaluate(batch)
    margin = mean[:, 0] - np.minimum(mean[:, 1], mean[:, 2])
    win = np.argmin(mean, axis=-1)
    return margin[:n], margin[n:2 * n], win[:n], win[n:2 * n], float(margin[-1]), int(win[-1])


def tornado(**params) -> pd.DataFrame:
    """Each control alone at the low and the high end of its range, the others as given.

    One row per control, widest swing first: the losing-battle margin (propping up's cost minus
    the best other option's) at each end, and the winner at each end. ``flips`` says whether that
    control alone, moved across its range, takes the margin past the tie band (TIE points) to the other
    side of zero: a sign change inside the band leaves the options about even, not flipped. All 28 cases are one array operation.
    """
    x = _matrix(params)
    m_low, m_high, w_low, w_high, margin, win = _swings(x)
    base_winner = OPTIONS[win]
    out = pd.DataFrame({"control": NAMES, "label": [c.label for c in CONTROLS], "low": _LOWS, "high": _HIGHS,
                        "value": x, "margin at low": m_low, "margin at high": m_high,
                        "winner at low": [OPTIONS[i] for i in w_low], "winner at high": [OPTIONS[i] for i in w_high]})
    out["swing"] = (out["margin at high"] - out["margin at low"]).abs()
    # a flip: the margin goes past the tie band (+/- TIE) to the other side; a sign change inside it is "about even"
    ends = out[["margin at low", "margin at high"]]
    out["flips"] = ends.min(axis=1) < -TIE if margin >= 0 else ends.max(axis=1) > TIE
    out.attrs.update(margin=margin, winner=base_winner)
    return out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def regions(x: str = "collapse_cut", y: str = "w_standing", n: int = 61, **params) -> dict:
    """Which option wins over a grid of two controls (the others as given): a dict with the grid
    values ``xs``, ``ys`` and ``winner`` (n x n indices into OPTIONS) and ``margin``. One array operation."""
    cx, cy = _control(x, "x"), _control(y, "y")
    if x == y:
        raise ValueError("x and y must be two different controls")
    n = int(check_number("n", n, 5, 201))
    base = _matrix(params)
    xs, ys = np.linspace(cx.low, cx.high, n), np.linspace(cy.low, cy.high, n)
    grid = np.broadcast_to(base, (n, n, len(CONTROLS))).copy()
    grid[:, :, NAMES.index(x)] = xs[None, :]
    grid[:, :, NAMES.index(y)] = ys[:, None]
    mean, _, _ = evaluate(grid)
    return {"x": x, "y": y, "xs": xs, "ys": ys, "winner": np.argmin(mean, axis=-1),
            "margin": mean[..., 0] - np.minimum(mean[..., 1], mean[..., 2]),
            "point": (float(base[NAMES.index(x)]), float(base[NAMES.index(y)]))}


# ---- calibration on the THAAD episode ------------------------------------------------------------
def opinion(country: str = "both") -> pd.DataFrame:
    """Pew's (and one EAI pair's) shares of adults with a favourable/unfavourable view of China."""
    t = data.load("dilemma_opinion")
    if check_choice("country", country, ("both", "South Korea", "Japan")) != "both":
        t = t[t["country"] == country]
    return t.sort_values(["country", "measure", "year"]).reset_index(drop=True)


@by_data("dilemma_opinion")  # the panel's caution asks on every move: read the table once (callers only read it)
def _unfavourable_sk() -> pd.Series:
    return opinion("South Korea").query("pollster == 'Pew' and measure == 'unfavourable'").set_index("year")["pct"]


def opinion_growth(start: int = 2015, end: int = 2017) -> float:
    """Growth a year (percent) of the share of South Koreans unfavourable to China (Pew), start to end."""
    s = _unfavourable_sk()
    check_choice("start", start, list(s.index))
    check_choice("end", end, list(s.index))
    if end <= start:
        raise ValueError("end must be a later survey year than start")
    return float(100 * ((s[end] / s[start]) ** (1 / (end - start)) - 1))


def standing_path(standing_now: float = 30, growth_pct: float = 5, years: int = 10) -> np.ndarray:
    """The standing cost the model assumes, year by year: ``standing_now`` (percent of the worst)
    growing by ``growth_pct`` a year, never above 100."""
    s0 = check_number("standing_now", standing_now, 0, 100, "% of worst")
    g = check_number("growth_pct", growth_pct, 0, 100, "% a year")
    n = int(check_number("years", years, 0, 50, "years"))
    return np.minimum(s0 * (1 + g / 100) ** np.arange(n + 1), 100.0)


def calibration() -> pd.DataFrame:
    """Pew's South Korean 'unfavourable' shares beside two paths of the model's growing cost,
    both started from Pew's 2015 figure: the THAAD episode's growth (2015-17) carried on, and the
    later drift (2017-23) from 2017. Shows how far each path is from what was observed."""
    s = _unfavourable_sk()
    years = np.arange(int(s.index.min()), int(s.index.max()) + 1)
    spike = opinion_growth(2015, 2017)
    drift = opinion_growth(2017, int(s.index.max()))
    out = pd.DataFrame({"year": years})
    out["observed (Pew, %)"] = [float(s[y]) if y in s.index else np.nan for y in years]
    out["THAAD growth carried on"] = standing_path(float(s[2015]), spike, len(years) - 1).round(1)
    later = standing_path(float(s[2017]), drift, int(years[-1] - 2017))
    out["drift from 2017"] = np.concatenate([np.full(2017 - years[0], np.nan), later.round(1)])
    out.attrs.update(spike=spike, drift=drift)
    return out


# ---- the what-if ---------------------------------------------------------------------------------
def _points(x: float) -> str:  # a margin in whole points, with the right plural
    return fmt.plural(int(round(abs(x))), "point")


def _read(base: Decision, res: Decision, params) -> str:
    """The margin first (the number the claim rests on), then the costs, cheapest first; true at every
    extreme: ties inside the band are "about the same", never a named winner."""
    e = res.expected
    if max(e.values()) < 1e-9:
        return "Nothing at stake: with every weight at 0 every option costs China 0, so none wins."
    best, second, third = sorted(OPTIONS, key=lambda o: (e[o], OPTIONS.index(o)))
    m = res.margin
    if abs(m) < TIE:
        verdict = f"About even (margin {m:+.1f} points): propping up neither clearly wins nor clearly loses"
    else:
        verdict = f"A losing battle by {_points(m)}" if m > 0 else f"No losing battle: propping up wins by {_points(m)}"
    if e[third] - e[best] < TIE:
        costs = f"all three options cost about the same, {e[best]:.1f}-{e[third]:.1f} of 100"
    elif e[second] - e[best] < TIE:
        costs = (f"{OPTION_NOUN[best]} and {OPTION_NOUN[second]} cost about the same ({e[best]:.1f} and "
                 f"{e[second]:.1f} of 100), {OPTION_NOUN[third]} {e[third]:.0f}")
    else:
        d = 1 if len({round(e[o]) for o in OPTIONS}) < 3 else 0  # "12 against 12" reads as a tie: one decimal then
        costs = (f"costs out of 100: {OPTION_NOUN[best]} {e[best]:.{d}f}, {OPTION_NOUN[second]} {e[second]:.{d}f}, "
                 f"{OPTION_NOUN[third]} {e[third]:.{d}f}")
    was = ""  # the article's margin, unless the kit's split sentence (after a change of assumption) gives it
    assumed = any(params[c.name] != c.default for c in CONTROLS if c.kind == "assumption")
    if not assumed and ((base.margin > 0) != (m > 0) or abs(m) < TIE):
        was = f" In the article's case propping up {'loses' if base.margin > 0 else 'wins'} by {_points(base.margin)}."
    return f"{verdict}; {costs}.{was}"


def _plausible(res: Decision, params) -> list[str]:
    """A caution when the cost to China's standing grows beyond anything Pew has recorded in South Korea."""
    path = standing_path(params["standing_now"], params["standing_growth"], int(constants()["horizon_years"]) - 1)
    s = _unfavourable_sk()
    top, year = float(s.max()), int(s.idxmax())
    if path[-1] <= top + 5:
        return []
    return [f"By year {len(path)} the cost to China's standing reaches {path[-1]:.0f}% of the worst, beyond the most "
            f"South Koreans Pew has found unfavourable to China ({top:.0f}%, {year}): no close analogue."]


BASIS = ("The op-ed calls propping up a losing battle (the North antagonises China's neighbours just as China rises) "
         "and a soft landing China's \"best bet\"; it gives no numbers: every weight and chance is the course's.")
HEADLINE = Headline("the losing-battle margin",
                    lambda res: res.margin, lambda x: f"{x:+.1f} points")


def _alt(res: Decision, params) -> str:
    e, s = res.expected, res.spread
    bars = "; ".join(f"{OPTION_LABEL[o]} {e[o]:.0f} (spread {s[o]:.0f})" for o in OPTIONS)
    return (f"Left: expected cost to China of each option, 0-100, your case beside the article's: {bars}. "
            f"Right: tornado of the losing-battle margin ({res.margin:+.0f} now) as each control moves across its range.")


def _summary(res: Decision) -> dict:
    out = {f"expected_{o}": round(res.expected[o], 2) for o in OPTIONS}
    out.update(winner=res.winner, margin=round(res.margin, 2), losing_battle=res.losing_battle)
    return out


def _source() -> str:
    """The panel's source line: short, since the panel is small (each preset value names its own source)."""
    refs = data.sources_for(["n4_course_model", "article", "n4_pew_china", "n4_hri_thaad", "lifeline_gacc_neighbours"])
    return ("Source: " + "; ".join(refs["short_title"]) + ". Tables: data/dilemma_constants.csv, dilemma_presets.csv "
            "(every value with its basis), dilemma_opinion.csv, dilemma_thaad_costs.csv, china_neighbour_trade.csv.")


def presets() -> dict[str, dict[str, float]]:
    """The panel's presets, each a complete scenario (every control set): the article's case, and
    Beijing's view in February 2013, 2017 and 2025 from data/dilemma_presets.csv."""
    p = data.load("dilemma_presets")
    out = {"The article's case as the course reads it (the defaults)": {c.name: c.default for c in CONTROLS}}
    for name, g in p.groupby("preset", sort=False):
        values = dict(zip(g["control"], g["value"]))
        missing = set(NAMES) - set(values)
        if missing:
            raise data.DataError(f"data/dilemma_presets.csv: preset {name!r} does not set {', '.join(sorted(missing))}")
        out[name] = {c.name: (int(values[c.name]) if float(values[c.name]).is_integer() else values[c.name])
                     for c in CONTROLS}
    return out


def presets_table() -> pd.DataFrame:
    """Every preset side by side: expected cost of each option, the winner and the losing-battle margin."""
    rows = {}
    for name, values in presets().items():
        r = decide(**values)
        rows[name] = {**{OPTION_LABEL[o]: round(r.expected[o], 1) for o in OPTIONS}, "winner": OPTION_LABEL.get(
            r.winner, "a tie"), "margin": round(r.margin, 1), "losing battle?": "yes" if r.losing_battle else "no"}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("preset")


def preset_basis(name: str) -> pd.DataFrame:
    """Why each control of a preset has its value (data/dilemma_presets.csv), with the source."""
    p = data.load("dilemma_presets")
    check_choice("name", name, list(dict.fromkeys(p["preset"])))
    rows = p[p["preset"] == name]
    refs = data.sources_for(rows["source_id"]).set_index("id")
    return pd.DataFrame({"control": [_control(c).label for c in rows["control"]],
                         "value": rows["value"].map(lambda v: f"{v:g}").to_numpy(),
                         "why": rows["basis"].to_numpy(),
                         "source": [refs.loc[i, "short_title"] for i in rows["source_id"]]}).set_index("control")


@by_data("dilemma_presets", "dilemma_constants", "dilemma_opinion", "dilemma_thaad_costs", "sources")
def spec() -> WhatIf:
    """The decision what-if of notebook 04, built once (its presets and source come from data/)."""
    from .figures import dilemma as figures

    return WhatIf(
        title="China's choice: prop up, cut off, or press for reform?",
        intro=("Weights (levers) are how much each stake matters: yours to choose. Assumptions are the chances of "
               "each scenario under each option, and how fast the cost of propping up grows."),
        model=decide,
        controls=CONTROLS,
        draw=figures.panel_draw,
        update=figures.panel_update,
        read=_read,
        source=_source,
        alt=_alt,
        baseline_label="the article's case",
        baseline_basis=BASIS,
        headline=HEADLINE,
        plausible=_plausible,
        presets=presets(),
        compare=COMPARE,
        summary=_summary,
        save_as="chinas_choice",
        figsize=(7.2, 3.6),
    )


def what_if(**settings) -> Panel:
    """The decision panel of notebook 04 (keyword arguments set controls)."""
    return Panel(spec(), **settings)


WHAT_IFS = {"chinas_choice": what_if}


COMPARE = (  # the article's case beside yours (label, how to show one result)
    *((f"expected cost: {OPTION_NOUN[o]}", lambda res, o=o: f"{res.expected[o]:.1f} +/- {res.spread[o]:.1f}") for o in OPTIONS),
    ("cheapest option", lambda res: OPTION_NOUN.get(res.winner, "a tie")),
    ("propping up a losing battle?", lambda res: "yes" if res.losing_battle else "no"),
)


# ---- evidence tables -----------------------------------------------------------------------------
def events(kind: str = "all") -> pd.DataFrame:
    """Strains and thaws: THAAD, launches over Japan, Kim-Xi meetings (data/dilemma_events.csv)."""
    t = data.load("dilemma_events")
    if check_choice("kind", kind, ("all", "thaad", "launch_over_japan", "kim_xi_meeting")) != "all":
        t = t[t["kind"] == kind]
    return t.sort_values("date").reset_index(drop=True)


# ---- questions (declared lazily: the answers are worked out when a student checks one) ---------------
Q1 = Question(
    "Q1", "China's trade with South Korea and Japan together was how many times its trade with North Korea in 2017 "
          "(Chinese customs)?",
    expected=lambda: int(trade_at_stake().loc[2017, "times North Korea's"]), tolerance=6, unit="times",  # about 5%
    hints=("Look at the table of trade at stake, year 2017, its last column.",
           "South Korea + Japan divided by North Korea; the rounded shares give about 118, close enough."),
    why="What China risks with its neighbours dwarfs what it trades with North Korea.",
)
Q2 = Question(
    "Q2", "In the article's case as the course reads it (the defaults), which option has the lowest expected cost? Pick one.",
    expected=lambda: decide().winner,
    choices=tuple((o, OPTION_LABEL[o]) for o in OPTIONS),
    hints=("Run dilemma.decide().table() and look at the first column.", "Lower is better."),
    mistakes=(("prop_up", "propping up is close (about 15), but pressing for reform is lower: lower cost wins."),
              ("cut_off", "cutting off has the highest expected cost: a collapse is likely and very costly.")),
    why="On the course's reading of the article's assumptions, a soft landing is China's best bet, but only narrowly.",
)
Q3 = Question(
    "Q3", "With the article's case otherwise, from what chance of collapse under 'press for reform' (in %, a whole "
          "number) does keeping propping up become the cheaper option?",
    expected=lambda: next(v for v in range(61) if decide(collapse_press=v).margin < 0), unit="%",
    mistakes=((15, "15% is the course's default, where pressing for reform still wins by about a point."),),
    hints=("Move 'Chance of collapse if China presses for reform' up one step at a time.",
           "Or loop: [v for v in range(61) if dilemma.decide(collapse_press=v).margin < 0][0]."),
    why="The verdict rests on a small difference in collapse risk that nobody can measure.",
)
Q4 = Question(
    "Q4", "Apply the preset 'Beijing in 2017'. Is propping up a losing battle there? Answer True or False.",
    expected=lambda: decide(**presets()["Beijing in 2017"]).losing_battle,
    hints=("panel.apply_preset('Beijing in 2017') and read the reading.", "A positive margin means a losing battle."),
    mistakes=((False, "look at the margin in dilemma.presets_table(): it is positive, so propping up loses."),),
    why="Extrapolating the THAAD spike makes propping up very costly; whether Beijing saw it so is another question.",
)
QUESTIONS = (Q1, Q2, Q3, Q4)
