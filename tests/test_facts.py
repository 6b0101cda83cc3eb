"""Facts the course's text states, checked against the data and against the op-ed's date.

1. The op-ed was posted on 20 February 2013: no notebook (source or .ipynb), README, helper text or
   data file may date it to anything else ("about 2016", "ten years on", ...), and the date must be
   given where a teacher looks for it (README, notebook 00, data/sources.csv).
2. Sentences that state a number from data/ are either computed by a helper (then the helper is
   checked here against the raw CSV files, read without the helpers) or listed below with the check
   that makes them true (then the sentence must still be in the text, word for word, and the data must
   still say so). Change the data or the wording, and one of these tests fails.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import ROOT
from helpers import course, deterrent, start

DATA = ROOT / "data"
OP_ED = "20 February 2013"
ADDRESS = "https://eportfolios.macaulay.cuny.edu/messenger/2013/02/20/north-koreas-soft-landing/"


def raw(name: str) -> pd.DataFrame:
    """A data table read straight from its CSV file (no helpers, no schema)."""
    return pd.read_csv(DATA / f"{name}.csv")


def flat(text: str) -> str:
    """Text with Markdown emphasis dropped and every run of whitespace made one space."""
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", ""))


def notebook_text(path: Path) -> str:
    """Every cell's source and every stored text output of a notebook."""
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(v for k, v in out.get("data", {}).items() if k.startswith("text/") and isinstance(v, str))
    return "\n".join(parts)


def texts() -> dict[str, str]:
    """Every text that could date the op-ed, keyed by its path relative to the repository."""
    files = {"README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
    for p in sorted((ROOT / "notebooks" / "_sources").glob("*.md")):
        files[str(p.relative_to(ROOT))] = p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        files[str(p.relative_to(ROOT))] = notebook_text(p)
    for p in sorted((ROOT / "helpers").glob("*.py")):
        files[str(p.relative_to(ROOT))] = p.read_text(encoding="utf-8")
    for p in sorted(DATA.glob("*.csv")):
        files[str(p.relative_to(ROOT))] = p.read_text(encoding="utf-8")
    return files


# ---- 1. the op-ed's date ----------------------------------------------------------------------------
NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|\d+)"
WRONG_DATES = [
    re.compile(r"\b(?:about|around|circa|c\.)\s+(?:19|20)\d\d\b.{0,40}\bop-ed|\bop-ed\b.{0,40}\b(?:about|around|circa)\s+(?!2013)(?:19|20)\d\d\b", re.I | re.S),
    re.compile(r"\b(?!2013)(?:19|20)\d\d\s+op-ed\b", re.I),
    re.compile(r"\bop-ed\s*\((?:about\s+)?(?!2013)(?:19|20)\d\d\)", re.I),
    re.compile(r"\bop-ed\s+(?:of|from|in)\s+(?!2013)(?:19|20)\d\d\b", re.I),
    re.compile(r"\bundated\b.{0,40}\bop-ed|\bop-ed\b.{0,20}\bundated\b", re.I | re.S),
    re.compile(r"\b(?:a|one)\s+decade\s+(?:on|since|later|after)\b", re.I),
    re.compile(rf"\b(?!thirteen\b|13\b){NUMBER_WORDS}\s+years\s+(?:on|since the op-ed|after the op-ed)\b", re.I),
]
# Saying when the op-ed was written ("written in ...", "when the op-ed was written: in ...") names 2013.
WHEN_WRITTEN = re.compile(r"\b(?:op-ed|article)\b[^.;]{0,40}?\b(?:written|posted|published|appeared|dated)\b"
                          r"[^.;]{0,25}?\b((?:19|20)\d\d)\b", re.I)


@pytest.mark.parametrize("name", sorted(texts()))
def test_no_text_dates_the_op_ed_to_anything_but_february_2013(name):
    text = texts()[name]
    bad = [m.group(0) for rx in WRONG_DATES for m in rx.finditer(flat(text))]
    assert not bad, f"{name} dates the op-ed wrongly: {bad[:3]}"
    wrong = [m.group(0) for m in WHEN_WRITTEN.finditer(flat(text)) if m.group(1) != "2013"]
    assert not wrong, f"{name}: says the op-ed was written in another year than 2013: {wrong[:2]}"


def test_year_of_the_op_ed_in_data_notes_is_2013():
    for p in sorted(DATA.glob("*.csv")):
        with p.open(encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f), start=2):
                notes = " ".join(str(v) for k, v in row.items() if k in ("note", "notes") and v)
                if re.search(r"\b(?:year|time) of the op-ed\b", notes, re.I):
                    assert row.get("year") == "2013", f"{p.name} row {i}: 'the year of the op-ed' on year {row.get('year')}"


@pytest.mark.parametrize("name", ["README.md", "notebooks/_sources/00_start_here.md",
                                  "notebooks/00_start_here.ipynb", "data/sources.csv"])
def test_the_date_and_address_are_given_where_teachers_look(name):
    text = flat((ROOT / name).read_text(encoding="utf-8"))
    assert OP_ED in text, f"{name} does not give the op-ed's date ({OP_ED})"
    if name != "notebooks/00_start_here.ipynb":
        assert ADDRESS in text, f"{name} does not give the op-ed's address"
    assert "The Messenger" in text and "Macaulay Honors College" in text, f"{name} does not say where it appeared"


def test_sources_row_of_the_op_ed():
    row = raw("sources").set_index("id").loc["article"]
    assert int(row["year"]) == course.OP_ED_DATE.year == 2013
    assert row["address"] == ADDRESS and "/2013/02/20/" in row["address"]
    assert OP_ED in row["notes"] and "Macaulay Honors College" in row["organisation"]
    assert f"{course.OP_ED_DATE.day} {course.OP_ED_DATE:%B %Y}" == OP_ED
    assert course.YEARS_SINCE == course.PRESENT_YEAR - 2013 == 13


def test_survival_defaults_follow_the_op_ed_date():
    controls = {c.name: c for c in deterrent.survival_spec().controls}
    assert controls["years"].default == course.PRESENT_YEAR - 2013
    assert "February 2013" in controls["years"].help and str(course.PRESENT_YEAR) in controls["years"].help
    # one attempt (1950) in the years from the regime's founding to the op-ed
    founded = pd.Timestamp(raw("leaders")["start"].min())
    years = (pd.Timestamp("2013-02-20") - founded).days / 365.25
    rec = deterrent.attempt_rate_from_record()
    assert rec["exact"] == pytest.approx(1 / years) and round(years) == 64
    assert abs(controls["attempt_rate"].default - 1 / years) <= 0.0025  # within half a slider step
    assert f"{1 / years:.3f} a year" in controls["attempt_rate"].help
    assert "invasion of the South" in controls["attempt_rate"].help


# ---- 2. numbers in sentences agree with the data ------------------------------------------------------
def test_magnitude_spread_in_the_yield_help_is_computed_from_the_data():
    m = raw("nuclear_test_magnitudes")
    spread = m.groupby("test_no")["mb"].agg(lambda s: s.max() - s.min())
    assert deterrent.magnitude_spread() == (int(spread.idxmax()), round(float(spread.max()), 2)) == (6, 0.65)
    help_text = {c.name: c for c in deterrent.yield_spec().controls}["mb_offset"].help
    assert f"up to {spread.max():.2f} units (test {int(spread.idxmax())}" in help_text


def test_facts_by_step_counts_the_registry():
    claims = raw("claims")
    facts = claims[claims["kind"] == "empirical fact"]
    sentence = start.facts_by_step()
    assert f"Of the registry's {len(claims)} claims, {len(facts)} are empirical facts" in sentence
    for step, n in facts.groupby("step").size().items():
        assert f"{n} in step {step} " in sentence
    empty = sorted(set(claims["step"]) - set(facts["step"]))
    assert empty == [2]
    kinds = claims[claims["step"] == 2]["kind"].value_counts()
    assert f"its {kinds.sum()} claims are" in sentence
    for kind, n in kinds.items():
        assert f"{kind}s ({n})" in sentence


def test_then_and_since_tables_agree_with_the_raw_data():
    cut = pd.Timestamp("2013-02-20")
    table = start.then_and_since()
    then, after = table.iloc[:, 0], table.iloc[:, 1]
    assert table.columns[0].startswith(f"by {OP_ED}")

    nukes = raw("nuclear_tests").assign(date=lambda t: pd.to_datetime(t["date"]))
    before = nukes[nukes["date"] <= cut]
    assert then["nuclear tests"].startswith(f"{len(before)}: ") and len(before) == 3
    assert f"{(cut - before['date'].max()).days} days before" in then["nuclear tests"]
    assert after["nuclear tests"].startswith(f"{len(nukes) - len(before)} more")

    mags = raw("nuclear_test_magnitudes")
    t3 = mags[mags["test_no"] == 3]
    first = t3["mb_first_reported"].fillna(t3["mb"])
    assert then["largest test's magnitude (mb, all agencies)"].startswith(f"{first.min():g} to {first.max():g}")
    t6 = mags[mags["test_no"] == 6]
    assert after["largest test's magnitude (mb, all agencies)"].startswith(f"{t6['mb_low'].min():g} to {t6['mb_high'].max():g}")

    rec = raw("china_nk_security_record").assign(date=lambda t: pd.to_datetime(t["date"]))
    yes = rec[(rec["kind"] == "un_vote") & (rec["china_position"] == "yes")]
    n_then = int((yes["date"] <= cut).sum())
    assert then["UN sanctions resolutions China voted for"].startswith(f"{n_then}: 1695")
    assert after["UN sanctions resolutions China voted for"].startswith(f"{len(yes) - n_then} more")

    d = raw("defectors").set_index("year")
    assert then["defectors reaching South Korea a year"].startswith(f"{d.loc[2012, 'arrivals']:,} in 2012")
    assert f"peak {d.loc[:2012, 'arrivals'].max():,} in {d.loc[:2012, 'arrivals'].idxmax()}" in then["defectors reaching South Korea a year"]
    assert f"{d['arrivals'].min():,} in {d['arrivals'].idxmin()}" in after["defectors reaching South Korea a year"]

    t = raw("china_nk_trade")
    t = t[t["series"] == "china_customs"].set_index("year")
    row = "China-North Korea trade (Chinese customs, bn US$)"
    for y in (2010, 2011, 2012):
        assert f"{t.loc[y, 'total']:g} in {y}" in then[row]
    rough = [str(y) for y in (2010, 2011, 2012) if t.loc[y, "confidence"] == "L"]
    assert (" and ".join(rough) + " approximate") in then[row]
    assert f"peak {t.loc[2013:, 'total'].max():g} in {t.loc[2013:, 'total'].idxmax()}" in after[row]

    s = raw("nk_trade_share").set_index("year")
    last_then = s.loc[:2012].index.max()
    assert then["China's share of North Korea's trade (KOTRA)"].startswith(f"{s.loc[last_then, 'china_share_pct']:g}% in {last_then}")


def test_deterrent_then_and_since_agrees_with_the_raw_data():
    cut = pd.Timestamp("2013-02-20")
    table = deterrent.then_and_since()
    then, after = table.iloc[:, 0], table.iloc[:, 1]
    m = raw("missile_tests").assign(date=lambda t: pd.to_datetime(t["date"]))
    before = m[m["date"] <= cut]
    kju = before[before["date"] >= pd.Timestamp("2011-12-17")]
    assert then["missiles launched (CNS count)"] == f"{len(before)} from 1984 to 2012, {len(kju)} of them under Kim Jong Un"
    done = m[(m["date"] > cut) & ~m["provisional"]]
    assert after["missiles launched (CNS count)"].startswith(f"{len(done)} from the op-ed")
    assert f"first ICBM {m.loc[m['missile_class'] == 'ICBM', 'date'].min():%B %Y}" in after["missiles launched (CNS count)"]
    w = raw("warheads")
    w13 = w[(w["estimator"] == "SIPRI") & (w["year"] == 2013)].iloc[0]
    assert then["warheads (SIPRI's estimates)"].startswith(f"January 2013: {w13['warheads_low']}-{w13['warheads_high']} ")
    assert "published after the op-ed" in then["warheads (SIPRI's estimates)"]


# Sentences typed in the notebooks and the README that state a fact from data/: each must still be in
# the text (word for word, whitespace and emphasis aside), and its check must hold against the raw data.
def _nukes():
    return raw("nuclear_tests").assign(date=lambda t: pd.to_datetime(t["date"]))


def _record():
    return raw("china_nk_security_record").assign(date=lambda t: pd.to_datetime(t["date"]))


def _votes(position):
    r = _record()
    return r[(r["kind"] == "un_vote") & (r["china_position"] == position)]


def _per_year():
    m = raw("missile_tests").assign(date=lambda t: pd.to_datetime(t["date"]))
    m = m[~m["provisional"]]
    return m.assign(year=m["date"].dt.year).groupby("year").agg(missiles=("date", "size"), days=("date", "nunique"))


def _yield(mb, row=0):
    c = raw("yield_constants").iloc[row]
    return 10 ** ((mb - c["a"]) / c["b"])


def _mb(test, agency):
    m = raw("nuclear_test_magnitudes")
    return float(m[(m["test_no"] == test) & (m["agency"] == agency)]["mb"].iloc[0])


def _eight_days():
    n = _nukes()
    return len(n[n["date"] < pd.Timestamp("2013-02-20")]) == 3 and (pd.Timestamp("2013-02-20") - n["date"].iloc[2]).days == 8


def _claims():
    return raw("claims")


N00, N01, README = "notebooks/_sources/00_start_here.md", "notebooks/_sources/01_the_deterrent.md", "README.md"
STATED = [
    (README, "eight days after North Korea's third nuclear test", _eight_days),
    (README, "thirteen years on", lambda: course.YEARS_SINCE == 13),
    (README, "(35 claims, four kinds", lambda: len(_claims()) == 35 and _claims()["kind"].nunique() == 4),
    (README, "The op-ed has four paragraphs", lambda: sorted(_claims()["paragraph"].unique()) == [1, 2, 3, 4]),
    (N00, "eight days after North Korea's third nuclear test", _eight_days),
    (N00, "thirteen years of it", lambda: course.YEARS_SINCE == 13),
    (N00, "this one is now thirteen years old", lambda: course.YEARS_SINCE == 13),
    (N00, "The op-ed is short (four paragraphs)", lambda: _claims()["paragraph"].max() == 4),
    (N00, "a map of the six main claims", lambda: int(_claims()["main"].sum()) == 6),
    (N00, "one per step and two for step 3 (C12, C18)",
     lambda: list(_claims().loc[_claims()["main"] & (_claims()["step"] == 3), "id"]) == ["C12", "C18"]
     and sorted(_claims().loc[_claims()["main"], "step"]) == [1, 2, 3, 3, 4, 5]),
    (N00, "(C15). Which kind of claim is it?", lambda: _claims().set_index("id").loc["C15", "kind"] == "causal claim"),
    (N00, "the six main claims are C03, C07, C12, C18, C25 and C30",
     lambda: list(_claims().loc[_claims()["main"], "id"]) == ["C03", "C07", "C12", "C18", "C25", "C30"]),
    (N00, '("states as fact" about 85-90, "reports what many argue and agrees" 75, "reports speculation and leans towards it" 60)',
     lambda: {s: sorted(set(g)) for s, g in _claims()[_claims()["main"]].groupby("author_stance")["author_confidence_pct"]}
     == {"states as fact": [85, 90], "reports what many argue and agrees": [75],
         "reports speculation and leans towards it": [60]}),
    (N00, "Q1: add the prediction column (10 claims)", lambda: int((_claims()["kind"] == "prediction").sum()) == 10),
    (N00, "three more nuclear tests (2016-17) and the first intercontinental missiles (2017)",
     lambda: sorted(_nukes()["date"].dt.year[3:]) == [2016, 2016, 2017]
     and pd.to_datetime(raw("missile_tests").query("missile_class == 'ICBM'")["date"]).min().year == 2017),
    (N00, "the toughest UN sanctions (2016-17, with China's vote)",
     lambda: set(_votes("yes")["date"].dt.year) >= {2016, 2017}),
    (N00, "the sealing of the border against COVID-19 (2020)",
     lambda: "seals its border" in raw("defectors").set_index("year").loc[2020, "note"]),
    (N00, "China's veto of new sanctions (2022)", lambda: list(_votes("veto")["date"].dt.year) == [2022]),
    (N00, "a mutual-assistance treaty in 2024",
     lambda: any(_record()["event"].str.contains("Russia") & (_record()["date"].dt.year == 2024))),
    (N01, "eight days after the third nuclear test", _eight_days),
    (N01, "fourteen months into Kim Jong Un's rule",
     lambda: (lambda s: (2013 - s.year) * 12 + 2 - s.month)(pd.Timestamp(raw("leaders")["start"].max())) == 14),
    (N01, "six nuclear tests and more than three hundred missiles launched by now",
     lambda: len(_nukes()) == 6 and 300 < len(raw("missile_tests")) < 400),
    (N01, "including the surge after 2012 and the pause of 2018",
     lambda: _per_year()["missiles"].get(2018, 0) == 0 and _per_year().loc[2014:2017, "missiles"].min() > _per_year().loc[:2012, "missiles"].max()),
    (N01, "why the 2017 test's estimates differ more than sixfold",
     lambda: 6 < raw("nuclear_test_yields").query("test_no == 6")["yield_kt_high"].max()
     / raw("nuclear_test_yields").query("test_no == 6")["yield_kt_low"].min() < 7),
    (N01, "Yet China voted for every sanctions resolution from 2006 to 2017.",
     lambda: set(_record().query("kind == 'un_vote'").query("date < '2018-01-01'")["china_position"]) == {"yes"}
     and (_votes("yes")["date"].dt.year.min(), _votes("yes")["date"].dt.year.max()) == (2006, 2017)),
    (N01, "each time unanimously, so with China's vote (the resolution on the third test came after the op-ed)",
     lambda: _votes("yes")["note"].str.contains("unanimously").all()
     and _record()[_record()["event"].str.contains("third nuclear test")]["date"].iloc[0] > pd.Timestamp("2013-02-20")),
    (N01, "the first resolution (1695, in 2006) was softened to avoid a likely Chinese veto",
     lambda: "softened" in _record().set_index(_record()["event"].str.extract(r"resolution (\d+)")[0]).loc["1695", "note"]),
    (N01, "in 2019 China and Russia circulated a draft to ease sanctions",
     lambda: (_record()["china_position"] == "proposed easing").any()
     and _record().query("china_position == 'proposed easing'")["date"].dt.year.iloc[0] == 2019),
    (N01, "The protection turned open in 2022, when China and Russia vetoed new sanctions.",
     lambda: list(_votes("veto")["date"].dt.year) == [2022] and "China and Russia" in _votes("veto")["note"].iloc[0]),
    (N01, "China sent its troops to save North Korea in 1950, when UN forces advanced north",
     lambda: list(_record().query("kind == 'attempt'")["date"].dt.year) == [1950]
     and _record().query("kind == 'attempt'")["china_position"].iloc[0] == "intervened"),
    (N01, "statement (S/PRST/2010/13, 9 July 2010) condemned the attack and cited the investigation",
     lambda: (_record()["event"].str.contains("S/PRST/2010/13") & (_record()["date"] == pd.Timestamp("2010-07-09"))).any()
     and "without itself naming" in _record().loc[_record()["event"].str.contains("S/PRST"), "note"].iloc[0]),
    (N01, "Since 2024 Russia has its own mutual-assistance treaty",
     lambda: any(_record()["note"].fillna("").str.contains("no longer North Korea's only alliance treaty")
                 & (_record()["date"].dt.year == 2024))),
    (N01, "the hard-rock constants (a = 4.45, b = 0.75)",
     lambda: tuple(raw("yield_constants").iloc[0][["a", "b"]]) == (4.45, 0.75)),
    (N01, 'The panel\'s preset "Shagan (Arms Control Wonk 2006)" uses a = 4.262 and b = 0.973.',
     lambda: tuple(raw("yield_constants").set_index("preset").loc["Shagan (Arms Control Wonk 2006)", ["a", "b"]])
     == (4.262, 0.973)),
    (N01, "the CTBTO's magnitude for the 2017 test (mb 6.1)", lambda: _mb(6, "CTBTO") == 6.1),
    (N01, "Q1: 2022 had 69 missiles on 34 launch days",
     lambda: _per_year()["missiles"].idxmax() == 2022 and tuple(_per_year().loc[2022]) == (69, 34)),
    (N01, "so about 2.0 missiles per launch day", lambda: round(_per_year().loc[2022, "missiles"] / _per_year().loc[2022, "days"], 1) == 2.0),
    (N01, "(6.1 - 4.262) / 0.973 is about 1.89, and 10 ** 1.89 is about 77 kt, so 80",
     lambda: round((_mb(6, "CTBTO") - 4.262) / 0.973, 2) == 1.89 and round(10 ** ((6.1 - 4.262) / 0.973)) == 77),
    (N01, "turn the same magnitude into about 158 kt", lambda: round(_yield(_mb(6, "CTBTO"))) == 158),
    (N01, "the USGS's 6.3 with them gives about 290 kt", lambda: _mb(6, "USGS") == 6.3 and round(_yield(6.3), -1) == 290),
    (N01, "Q3: 4 of the 11 (1695 and 1718 in 2006, 1874 in 2009, 2087 in January 2013)",
     lambda: len(_votes("yes")) == 11 and list(_votes("yes").query("date < '2013-02-20'")["event"].str.extract(
         r"resolution (\d+)")[0]) == ["1695", "1718", "1874", "2087"]),
    (N01, "2094, on the third test, came on 7 March 2013, after the op-ed. Then a veto in 2022 and an abstention in 2024",
     lambda: _record().loc[_record()["event"].str.contains("2094"), "date"].iloc[0] == pd.Timestamp("2013-03-07")
     and list(_votes("veto")["date"].dt.year) == [2022] and list(_votes("abstain")["date"].dt.year) == [2024]),
    (N01, "three more tests, the first ICBMs (2017)",
     lambda: int((_nukes()["date"] > pd.Timestamp("2013-02-20")).sum()) == 3),
    (N01, 'the 2017 test is honestly "somewhere between 50 and 330 kt"',
     lambda: raw("nuclear_test_yields").query("test_no == 6")["yield_kt_low"].min() == 50
     and round(raw("nuclear_test_yields").query("test_no == 6")["yield_kt_high"].max(), -1) == 330),
]


@pytest.mark.parametrize("path,phrase,check", STATED, ids=[f"{Path(p).stem}: {s[:40]}" for p, s, _ in STATED])
def test_stated_facts_are_in_the_text_and_agree_with_the_data(path, phrase, check):
    assert flat(phrase) in flat((ROOT / path).read_text(encoding="utf-8")), f"{path} no longer says: {phrase!r}"
    assert check(), f"{path} says {phrase!r}, but the data no longer agree"


def test_the_op_ed_wording_the_registry_relies_on():
    """The claims whose exact wording matters keep it (the op-ed's copy is not part of the course:
    the registry's paraphrases and notes carry the point)."""
    claims = raw("claims").set_index("id")
    assert "nothing more than a deterrent" in claims.loc["C03", "claim"] and "simply" in claims.loc["C03", "note"]
    assert "many" in claims.loc["C08", "claim"] and "most" not in claims.loc["C08", "claim"].lower()
    assert "may be" in claims.loc["C27", "claim"] and "hedged" in claims.loc["C27", "author_stance"]
    assert "both readings" in claims.loc["C20", "claim"] and "Ambiguous subject" in claims.loc["C20", "note"]
    assert "benefit" in claims.loc["C17", "claim"] and "not a cost" in claims.loc["C17", "note"]
