"""Notebook 00's companion module (helpers/start.py): the confidence model, its panel, the registry tables."""

from __future__ import annotations

import pytest

from helpers import data, start
from helpers.selfcheck import check


def test_confidence_compare_and_reading():
    ids = list(start.main_claims()["id"])
    assert len(ids) == 6
    table = start.compare(**{i: 50 for i in ids})
    assert list(table["gap"]) == list(50 - table["author_pct"])
    panel = start.what_if(**{i: int(a) for i, a in zip(ids, table["author_pct"])})
    assert "about as sure as the author" in panel.reading
    panel.set(**{ids[0]: 0})
    assert ids[0] in panel.reading and "less sure" in panel.reading
    with pytest.raises(ValueError, match="missing"):
        start.compare(C03=10)
    with pytest.raises(ValueError, match="C03 must be between 0 and 100"):
        start.compare(**{i: 150 if i == "C03" else 50 for i in ids})


def test_claims_by_kind_counts_every_claim():
    assert int(start.claims_by_kind().to_numpy().sum()) == len(start.claims_table())


def test_comparison_rows_show_the_author_beside_the_student():
    main = start.main_claims()
    panel = start.what_if(C03=70)
    table = panel.compare_table()
    assert len(table) == len(main)
    c03 = next(label for label in table.index if label.startswith("C03:"))
    author = int(main.set_index("id").loc["C03", "author_confidence_pct"])
    assert table.loc[c03].tolist() == [f"{author}%", "70%"]
    panel.set(C03=20)
    assert panel.compare_table().loc[c03, "how sure you are"] == "20%"


def test_questions_accept_the_registry_counts():
    predictions = int(start.claims_by_kind()["prediction"].sum())
    assert check(start.Q1, predictions).correct and not check(start.Q1, predictions + 1).correct
    kind = data.load("claims").set_index("id").loc["C15", "kind"]
    assert check(start.Q2, kind).correct and not check(start.Q2, "prediction").correct
    wrong = check(start.Q2, "empirical fact")
    assert not wrong.correct and "because" in wrong.text
