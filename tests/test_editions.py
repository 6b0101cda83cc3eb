"""Editions (teacher / self-study / class) and a student's own copy that no rebuild overwrites."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from helpers import editions

ROOT = Path(__file__).resolve().parent.parent


def _course(folder, answer="Q1: 42.", note="Plan: 10 minutes."):
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("1 + 1"),
        nbformat.v4.new_markdown_cell(answer, metadata={"tags": ["answer"]}),
        nbformat.v4.new_markdown_cell(note, metadata={"tags": ["teacher"]}),
    ]
    nbformat.write(nb, folder / "00_start.ipynb")
    return folder


def _cells(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells]


def test_each_edition_keeps_what_it_should(tmp_path):
    src = _course(tmp_path / "src")
    teacher = _cells(editions.build("teacher", tmp_path / "t", src)[0])
    study = _cells(editions.build("self-study", tmp_path / "s", src)[0])
    klass = _cells(editions.build("class", tmp_path / "c", src)[0])
    assert teacher == ["# Title", "1 + 1", "Q1: 42.", "Plan: 10 minutes."]
    assert klass == ["# Title", "1 + 1"]
    assert study[:2] == ["# Title", "1 + 1"] and len(study) == 3
    assert study[2].startswith("<details>") and "Q1: 42." in study[2] and study[2].endswith("</details>")
    assert editions.FOLD_SUMMARY in study[2]


def test_outputs_that_give_an_answer_away_are_shown_only_to_the_teacher(tmp_path):
    """"Predict, then look": a cell tagged hide-until-tried keeps its code but not its stored output."""
    src = tmp_path / "src"
    src.mkdir()
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_output("execute_result", data={"text/plain": "115 times"}, execution_count=3)
    other = nbformat.v4.new_output("execute_result", data={"text/plain": "a table"}, execution_count=4)
    nb.cells = [nbformat.v4.new_code_cell("ask(Q1)"),
                nbformat.v4.new_code_cell("trade_at_stake()", metadata={"tags": [editions.HIDE_TAG]},
                                          outputs=[answer], execution_count=3),
                nbformat.v4.new_code_cell("votes_table()", outputs=[other], execution_count=4)]
    nbformat.write(nb, src / "04_x.ipynb")
    teacher = nbformat.read(editions.build("teacher", tmp_path / "t", src)[0], as_version=4)
    assert teacher.cells[1].outputs[0]["data"]["text/plain"] == "115 times"
    for edition in ("self-study", "class"):
        built = nbformat.read(editions.build(edition, tmp_path / edition, src)[0], as_version=4)
        hidden, kept = built.cells[1], built.cells[2]
        assert hidden.source == f"{editions.AFTER_TRYING}\ntrade_at_stake()" and "115" not in json.dumps(hidden.outputs)
        assert editions.HIDDEN_NOTE in json.dumps(hidden.outputs) and hidden.execution_count is None
        assert kept.outputs[0]["data"]["text/plain"] == "a table"  # untagged outputs stay
    # App mode (a teacher projecting): the answer's stored output goes, but nothing waits for an answer.
    projected = nbformat.read(editions.build("class", tmp_path / "app", src, hold_back=False)[0], as_version=4)
    assert projected.cells[1].source == "trade_at_stake()" and "115" not in json.dumps(projected.cells[1].outputs)


# How the notebooks ask a student to predict before an output shows the answer.
PREDICT = re.compile(r"predict, then look|predict first(?!, then try)|predict before you look|before you look, \*\*predict"
                     r"|before you look at the chart|first a prediction", re.I)  # not "predict first, then try it in the panel"


def test_course_notebooks_hide_their_predict_then_look_answers():
    """Each "predict, then look" question is followed by at least one tagged cell before the next heading."""
    found = 0
    for path in editions.course_notebooks():
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            match = PREDICT.search(cell.source) if cell.cell_type == "markdown" else None
            if match:
                found += 1
                following = []
                for nxt in nb.cells[i + 1:]:
                    if nxt.cell_type == "markdown" and nxt.source.lstrip().startswith("#"):
                        break
                    following.append(nxt)
                assert any(editions.HIDE_TAG in c.metadata.get("tags", []) for c in following), (
                    f"{path.name}: no {editions.HIDE_TAG} cell after: {cell.source[match.start():][:80]}")
    assert found >= 5, "the notebooks' predict-first questions were not found: has their wording changed?"


def test_sync_adds_updates_and_never_overwrites_a_students_change(tmp_path):
    src = _course(tmp_path / "src")
    mine = tmp_path / "my_course"
    first = editions.sync(mine, "class", src)
    assert first.added == ["00_start.ipynb"]
    (mine / "my_work").mkdir()
    (mine / "my_work" / "confidence.json").write_text("{}")

    # the course changes; the student has not touched the notebook: it is brought up to date
    _course(src, note="Plan: 20 minutes.")
    nb = nbformat.read(src / "00_start.ipynb", as_version=4)
    nb.cells[0].source = "# New title"
    nbformat.write(nb, src / "00_start.ipynb")
    second = editions.sync(mine, "class", src)
    assert second.updated == ["00_start.ipynb"]
    assert _cells(mine / "00_start.ipynb")[0] == "# New title"

    # the student edits it; the course changes again: the student's copy is kept and the report says so
    student = nbformat.read(mine / "00_start.ipynb", as_version=4)
    student.cells[1].source = "2 + 2  # my change"
    nbformat.write(student, mine / "00_start.ipynb")
    nb.cells[0].source = "# Newer title"
    nbformat.write(nb, src / "00_start.ipynb")
    third = editions.sync(mine, "class", src)
    assert third.kept == ["00_start.ipynb"] and not third.updated
    assert _cells(mine / "00_start.ipynb")[1] == "2 + 2  # my change"
    assert "kept your changed copy of 00_start.ipynb" in str(third)
    assert (mine / "my_work" / "confidence.json").read_text() == "{}"

    # the newer version is still waiting: asked again, the report still says so
    assert editions.sync(mine, "class", src).kept == ["00_start.ipynb"]


def test_a_student_who_only_ran_a_notebook_is_not_told_to_rename_it(tmp_path):
    src = _course(tmp_path / "src")
    mine = tmp_path / "my_course"
    editions.sync(mine, "self-study", src)
    assert (mine / "00_start.ipynb").stat().st_mode & 0o044, "a delivered notebook is an ordinary readable file"
    ran = nbformat.read(mine / "00_start.ipynb", as_version=4)
    ran.cells[1].execution_count = 1  # what running a cell changes
    nbformat.write(ran, mine / "00_start.ipynb")
    again = editions.sync(mine, "self-study", src)
    assert again.yours == ["00_start.ipynb"] and not again.kept and "rename" not in str(again)
    assert nbformat.read(mine / "00_start.ipynb", as_version=4).cells[1].execution_count == 1


def test_sync_keeps_a_notebook_it_never_delivered_and_survives_a_damaged_record(tmp_path):
    src = _course(tmp_path / "src")
    mine = tmp_path / "my_course"
    mine.mkdir()
    (mine / "00_start.ipynb").write_text("the student's own file", encoding="utf-8")
    assert editions.sync(mine, "self-study", src).kept == ["00_start.ipynb"]
    assert (mine / "00_start.ipynb").read_text(encoding="utf-8") == "the student's own file"
    (mine / editions.MANIFEST).write_text("{not json", encoding="utf-8")
    assert editions.sync(mine, "self-study", src).kept == ["00_start.ipynb"]


def test_build_refuses_the_teacher_edition_and_a_students_folder(tmp_path):
    src = _course(tmp_path / "src")
    with pytest.raises(ValueError, match="differ"):
        editions.build("class", src, src)
    mine = tmp_path / "my_course"
    editions.sync(mine, "class", src)
    with pytest.raises(ValueError, match="student's work"):
        editions.build("class", mine, src)
    with pytest.raises(ValueError, match="edition"):
        editions.export("students", src)


def test_command_line_sync_prints_the_report(tmp_path, capsys, monkeypatch):
    src = _course(tmp_path / "src")
    monkeypatch.setattr(editions, "course_notebooks", lambda d=None: sorted(src.glob("*.ipynb")))
    assert editions._main(["sync", str(tmp_path / "mine"), "--edition", "class"]) == 0
    assert "added: 00_start.ipynb" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "mine" / editions.MANIFEST).read_text())
    assert set(manifest) == {"00_start.ipynb"}


def test_run_all_in_a_student_edition_keeps_the_answer_back_until_the_student_tries(tmp_path):
    """The cell after a self-check runs (its names exist below) but shows its output only after an answer."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import helpers\nfrom helpers.selfcheck import Question, ask\n"
                                  "q = ask(Question('Q9', 'How many?', expected=115))\nq"),
        nbformat.v4.new_code_cell("%%after_trying\nanswer = 100 + 15\nprint('printed', answer)\nanswer"),
        nbformat.v4.new_code_cell("answer * 2"),  # the held-back cell's names exist for the cells below
        nbformat.v4.new_code_cell("before = len(q._after_first_try)\nq.try_answer('3')\n"
                                  "before, len(q._after_first_try)"),
        nbformat.v4.new_code_cell("%%after_trying\n'shown at once after a try'"),
        nbformat.v4.new_code_cell("%%after_trying\n1 / 0"),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    held, below, answered, after, error = (json.dumps(c.outputs) for c in nb.cells[1:])
    assert "115" not in held and "printed" not in held  # nothing of the answer before a try
    assert "application/vnd.jupyter.widget-view+json" in held  # the place where it will appear
    assert "230" in below
    assert "(1, 0)" in answered  # the first answer released the held-back output ...
    assert "printed 115" in json.dumps(nb.metadata["widgets"])  # ... into the place kept for it
    assert "shown at once after a try" in after
    assert "ZeroDivisionError" in error  # errors are never held back
