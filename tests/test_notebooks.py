"""Notebook structure: the anatomy every notebook shares, clean stored outputs, sources under
figures, sources in step with their jupytext twins, and the claims registry fully covered.
(nbval re-executes the notebooks themselves: `pytest` collects notebooks/*.ipynb.)"""

from __future__ import annotations

import re

import jupytext
import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT
from helpers import course, data

IDS = [p.stem for p in NOTEBOOKS]
SECTIONS = ["Learning objectives", "The claims", "Evidence", "What if?", "Check your understanding",
            "Discussion", "Key takeaways"]
ABSOLUTE = re.compile(r"(?<![\w.])(/(home|root|work|tmp|usr|Users|opt|var)/|[A-Z]:\\\\)")


def read(path):
    return nbformat.read(path, as_version=4)


def text_of(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def test_there_are_notebooks():
    assert "00_start_here" in IDS


def test_every_notebook_in_the_folder_is_on_the_course_map():
    stems = {n.stem for n in course.NOTEBOOKS}
    assert set(IDS) <= stems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_anatomy(path):
    nb = read(path)
    cells = nb.cells
    assert cells[0].cell_type == "markdown" and text_of(cells[0]).startswith("# "), "title first"
    md = "\n".join(text_of(c) for c in cells if c.cell_type == "markdown")
    assert re.search(r"\*Estimated time: \d+ minutes\*", md), "estimated time"
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    expected = SECTIONS if path.stem != "00_start_here" else [s for s in SECTIONS if s != "Check your understanding"] + ["Check your understanding"]
    for section in expected:
        assert section in headings, f"missing section '## {section}'"
    order = [headings.index(s) for s in SECTIONS if s in headings]
    assert order == sorted(order), "sections out of order"
    objectives = md.split("## Learning objectives", 1)[1].split("\n## ", 1)[0]
    assert 3 <= len(re.findall(r"^- ", objectives, flags=re.M)) <= 6, "3-5 learning objectives"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_navigation(path):
    nb = read(path)
    last = text_of(nb.cells[-1])
    position = [n.stem for n in course.NOTEBOOKS].index(path.stem)
    if position > 0:
        prev = course.NOTEBOOKS[position - 1]
        assert "**Previous:** [" in last and f"({prev.file})" in last
    if position < len(course.NOTEBOOKS) - 1:
        nxt = course.NOTEBOOKS[position + 1]
        linked = "**Next:** [" in last and f"({nxt.file})" in last
        coming = f"**Next:** {nxt.stem[:2]} {nxt.title} (coming)" in last  # not written yet: named, not linked
        assert linked or (coming and not (ROOT / "notebooks" / nxt.file).exists())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_are_clean(path):
    nb = read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "executed once, top to bottom"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", f"error output in: {text_of(cell)[:60]}"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"stderr in: {text_of(cell)[:60]}"
            plain = out.get("data", {}).get("text/plain", "")
            assert not re.match(r"^(<Figure|<matplotlib|Text\()", plain), f"raw repr stored: {plain[:40]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_absolute_paths(path):
    raw = path.read_text(encoding="utf-8")
    hits = ABSOLUTE.findall(raw)
    assert not hits, f"absolute path(s) stored: {hits[:3]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_has_a_source_and_alt_text(path):
    nb = read(path)
    figures = 0
    for cell in nb.cells:
        for out in getattr(cell, "outputs", []):
            bundle = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in bundle:
                continue  # a what-if panel: its still picture's alt text is checked in test_classroom.py
            if "image/png" in bundle or "image/svg+xml" in bundle or "<img " in bundle.get("text/html", ""):
                figures += 1
                plain = bundle.get("text/plain", "")
                assert plain.startswith("Figure: "), f"figure without alt text in: {text_of(cell)[:60]}"
                assert "Source: " in plain, f"figure without source in: {text_of(cell)[:60]}"
    assert figures >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_only_live_panels_skip_output_comparison(path):
    nb = read(path)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "nbval-ignore-output" in tags:
            kinds = {k for out in cell.outputs for k in out.get("data", {})}
            assert "application/vnd.jupyter.widget-view+json" in kinds, (
                f"nbval-ignore-output on a cell that shows no live widget: {text_of(cell)[:60]}"
            )
        if cell.cell_type == "code":
            for out in cell.outputs:
                if "application/vnd.jupyter.widget-view+json" in out.get("data", {}):
                    assert "nbval-ignore-output" in tags, f"live widget without nbval-ignore-output: {text_of(cell)[:60]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_teacher_cells_are_marked(path):
    nb = read(path)
    teacher = [c for c in nb.cells if "teacher" in c.metadata.get("tags", [])]
    answers = [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    assert teacher, "at least one teacher-only cell (teaching notes, session plan)"
    assert answers, "at least one worked-answer cell"
    for cell in teacher:
        assert text_of(cell).startswith("**Teacher note:**")
    for cell in answers:
        assert text_of(cell).startswith("**Worked answers.**")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_source_and_notebook_agree(path):
    source = ROOT / "notebooks" / "_sources" / f"{path.stem}.md"
    assert source.exists(), f"no jupytext source for {path.name}"
    from_md = jupytext.read(source)
    stored = read(path)

    def shape(nb):
        return [(c.cell_type, text_of(c).strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]

    assert shape(from_md) == shape(stored), f"{source.name} and {path.name} differ: run make notebook NB={path.stem}"


def test_claims_registry_is_fully_covered():
    """Every claim is examined (mentioned by id) in the notebook the registry assigns it to,
    once that notebook exists; 00 shows the whole registry."""
    claims = data.load("claims")
    texts = {p.stem: p.read_text(encoding="utf-8") for p in NOTEBOOKS}
    for row in claims.itertuples():
        if row.notebook in texts:
            assert re.search(rf"\b{row.id}\b", texts[row.notebook]), f"{row.id} not discussed in {row.notebook}"
    assert {n.stem for n in course.NOTEBOOKS[1:]} >= set(claims["notebook"])


def test_editions_of_the_real_notebooks(tmp_path):
    """The class edition drops worked answers and teaching notes; self-study folds the answers and
    drops the notes; the teacher edition is the notebooks as committed."""
    from helpers import editions

    for edition in editions.EDITIONS:
        written = editions.build(edition, tmp_path / edition)
        assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        teacher = read(path)
        tags = [set(c.metadata.get("tags", [])) for c in teacher.cells]
        assert any("teacher" in t for t in tags), f"{path.name} has no teaching notes"
        klass = read(tmp_path / "class" / path.name)
        kept = [(f"{editions.AFTER_TRYING}\n" if editions.HIDE_TAG in t else "") + text_of(c)
                for c, t in zip(teacher.cells, tags) if not t & {"teacher", "answer"}]
        assert [text_of(c) for c in klass.cells] == kept  # "predict, then look" cells wait for a try
        study = read(tmp_path / "self-study" / path.name)
        answers = [c for c, t in zip(teacher.cells, tags) if "answer" in t and "teacher" not in t]
        assert answers, f"{path.name} has self-checks but no worked answers (cells tagged answer)"
        folded = [c for c in study.cells if text_of(c).startswith("<details>")]
        assert len(folded) == len(answers)
        assert not any("teacher" in c.metadata.get("tags", []) for c in study.cells)
        assert read(tmp_path / "teacher" / path.name).cells == teacher.cells


def test_links_between_notebooks_point_to_notebooks_that_exist():
    """A "Next" link to a notebook that is not written yet would do nothing when clicked."""
    present = {p.name for p in NOTEBOOKS}
    for path in NOTEBOOKS:
        for target in re.findall(r"\]\(([^)#]+\.ipynb)", path.read_text(encoding="utf-8")):
            assert target in present, f"{path.name} links to {target}, which does not exist yet"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_session_plan_time_agrees_with_the_course_map(path):
    """The teacher's session plan, the notebook's estimated time and the course map give one time."""
    text = path.read_text(encoding="utf-8")
    stated = re.search(r"Estimated time: (\d+) minutes", text)
    assert stated, f"{path.name} states no estimated time"
    minutes = int(stated.group(1))
    assert course.notebook(path.stem).minutes == minutes, f"course map and {path.name} disagree"
    nb = read(path)
    plans = [text_of(c) for c in nb.cells if "teacher" in c.metadata.get("tags", [])
             and re.search(r"session", text_of(c), flags=re.I)]
    assert plans, f"{path.name} has no session plan (a teacher note about the session)"
    assert any(re.search(rf"\b{minutes}[- ]minute", plan) for plan in plans), f"{path.name}: the plan is not {minutes} minutes"
    # the structured plans (helpers/guide.py): one 90-minute seminar and three 45-minute lessons that add up
    from helpers import guide

    plan = guide.plan(ROOT / "notebooks" / "_sources" / f"{path.stem}.md")
    assert sum(s.seminar or 0 for s in plan.steps) == 90
    assert [sum(s.lesson_minutes for _, s in plan.lesson(n)) for n in (1, 2, 3)] == [45, 45, 45]
