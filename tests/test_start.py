"""Notebook 00's companion module (helpers/start.py): the confidence model, its panel, the registry tables."""

from __future__ import annotations

import pytest

from helpers import data, start
from helpers.selfcheck import check


def _ids():
    return list(start.main_claims()["id"])


def test_confidence_compare_and_reading():
    ids = _ids()
    assert len(ids) == 6
    table = start.compare(**{i: 50 for i in ids})
    assert list(table["gap"]) == list(50 - table["author_pct"])
    panel = start.what_if(**{i: int(a) for i, a in zip(ids, table["author_pct"])}).reveal()
    assert "exactly as sure as the author sounds" in panel.reading and "all six" in panel.reading
    panel.set(**{ids[0]: 0})
    assert ids[0] in panel.reading and "less sure on one" in panel.reading and "as sure on five" in panel.reading
    with pytest.raises(ValueError, match="missing"):
        start.compare(C03=10)
    with pytest.raises(ValueError, match="C03 must be between 0 and 100"):
        start.compare(**{i: 150 if i == "C03" else 50 for i in ids})


def test_the_author_is_hidden_until_the_student_commits(tmp_path):
    panel = start.what_if()
    assert not panel.committed
    author = start.main_claims()["author_confidence_pct"]
    # nothing of the author's coding shows: reading, comparison column, figure, alt text
    assert "author sounds" not in panel.reading.split("only then")[0]
    assert "undecided (50) on all six main claims" in panel.reading and "Save my answers" in panel.reading
    assert set(panel.compare_table()["how sure the author sounds"]) == {"shown after you save"}
    svg = panel.render().decode()
    assert "appears after you save" in svg and "how sure the author sounds" not in svg
    assert "after you save" in panel.alt_text()
    path = panel.set(C03=70).save(tmp_path)  # the "Save my answers" button
    assert path.exists() and panel.committed
    assert "Compared with how sure the author sounds" in panel.reading
    assert list(panel.compare_table()["how sure the author sounds"]) == [f"{int(a)}%" for a in author]
    assert "how sure the author sounds" in panel.render().decode()
    import json
    saved = json.loads(path.read_text())
    assert saved["settings"]["C03"] == 70


@pytest.mark.parametrize("setting", [0, 100])
def test_readings_are_true_at_the_extremes(setting):
    ids = _ids()
    panel = start.what_if(**{i: setting for i in ids})
    before = panel.reading
    word = "doubting" if setting == 0 else "believing"
    assert f"lean towards {word} all six main claims" in before
    after = panel.reveal().reading
    gaps = panel.result["gap"]
    more, less = int((gaps > 0).sum()), int((gaps < 0).sum())
    assert (more, less) == ((0, 6) if setting == 0 else (6, 0))  # every bar on one side of the author's
    side = "less" if setting == 0 else "more"
    assert f"you are {side} sure on all six main claims" in after
    assert (" on one " in after) is False


def test_readings_count_mixed_settings_with_correct_plurals():
    ids = _ids()
    author = dict(zip(ids, start.main_claims()["author_confidence_pct"].astype(int)))
    settings = {i: author[i] for i in ids}
    settings[ids[0]] = min(100, author[ids[0]] + 10)   # one more sure
    settings[ids[1]] = max(0, author[ids[1]] - 20)     # two less sure
    settings[ids[2]] = 30                              # and one below undecided (the author's is far above)
    panel = start.what_if(**settings)
    before = panel.reading
    above = sum(v > 50 for v in settings.values())
    below = sum(v < 50 for v in settings.values())
    assert (above, below) == (5, 1)
    assert "So far you lean towards believing five claims and lean towards doubting one." in before
    after = panel.reveal().reading
    assert "more sure on one, less sure on two and as sure on three" in after
    gap = int(author[ids[2]]) - 30
    assert f"the widest gap is {ids[2]}" in after and f"{gap} points less sure" in after


def test_claims_by_kind_counts_every_claim():
    assert int(start.claims_by_kind().to_numpy().sum()) == len(start.claims_table())


def test_comparison_rows_show_the_author_beside_the_student():
    main = start.main_claims()
    panel = start.what_if(C03=70).reveal()
    table = panel.compare_table()
    assert len(table) == len(main)
    c03 = next(label for label in table.index if label.startswith("C03:"))
    author = int(main.set_index("id").loc["C03", "author_confidence_pct"])
    assert table.loc[c03, "how sure the author sounds"] == f"{author}%" and table.loc[c03, "how sure you are"] == "70%"
    panel.set(C03=20)
    assert panel.compare_table().loc[c03, "how sure you are"] == "20%"


def test_main_claims_are_coded_from_their_wording():
    claims = start.main_claims().set_index("id")
    # C25 reports speculation the author leans towards ("may be the best bet"): above undecided,
    # and no longer C22's "remote chance" code
    assert claims.loc["C25", "author_confidence_pct"] > 50
    assert "lean" in claims.loc["C25", "author_stance"]
    for cid, row in claims.iterrows():
        assert isinstance(row["note"], str) and f"oded {int(row['author_confidence_pct'])}" in row["note"], cid
    facts = claims[claims["author_stance"] == "states as fact"]["author_confidence_pct"]
    assert (facts >= claims.loc["C07", "author_confidence_pct"]).all()  # flat statements above "many argue"


def test_questions_accept_the_registry_counts():
    predictions = int(start.claims_by_kind()["prediction"].sum())
    assert check(start.Q1, predictions).correct and not check(start.Q1, predictions + 1).correct
    kind = data.load("claims").set_index("id").loc["C15", "kind"]
    assert check(start.Q2, kind).correct and not check(start.Q2, "prediction").correct
    wrong = check(start.Q2, "empirical fact")
    assert not wrong.correct and "because" in wrong.text
