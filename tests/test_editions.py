"""Editions (teacher / self-study / class) and a student's own copy that no rebuild overwrites."""

import json

import nbformat
import pytest

from helpers import editions


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

    # a second sync with nothing new changes nothing
    assert editions.sync(mine, "class", src).kept == ["00_start.ipynb"]


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
