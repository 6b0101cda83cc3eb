"""The teacher's static site (helpers/site.py, `make site`) and the teacher guide (helpers/guide.py,
`make guide`). The guide's tests are fast; the site's build one whole Sphinx site (about a minute on a
loaded machine) and are marked ``site`` so that `make check` can leave them to `make test`."""

from __future__ import annotations

import html
import importlib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import jupytext
import pytest

from conftest import NOTEBOOKS, ROOT
from helpers import course, data, guide, site

SOURCES = sorted((ROOT / "notebooks" / "_sources").glob("[0-9][0-9]_*.md"))
WIDGET = "application/vnd.jupyter.widget-view+json"


def _cells(source: Path, tag: str) -> list[str]:
    return [c.source.strip() for c in jupytext.read(source).cells if tag in c.metadata.get("tags", [])]


# ---- the session plans and the guide (fast) ---------------------------------------------------------

@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_each_source_has_one_plan_adding_up_to_90_and_to_three_lessons_of_45(source):
    plan = guide.plan(source)
    assert sum(s.seminar or 0 for s in plan.steps) == 90
    for lesson in (1, 2, 3):
        assert sum(s.lesson_minutes for _, s in plan.lesson(lesson)) == 45, f"lesson {lesson}"
    assert all(s.seminar is not None or s.lesson is not None for s in plan.steps), "a step in neither format"
    assert {s.lesson for s in plan.steps} - {None} == {1, 2, 3}
    assert any("discussion" in s.name.lower() for s in plan.steps), "no discussion step"
    # every step says what to do: something to project or something for pairs to do
    assert all((s.project, s.pairs) != ("-", "-") for s in plan.steps)


def _plan_source(tmp_path, rows: list[str]) -> Path:
    header = "| " + " | ".join(guide.COLUMNS) + " |\n| --- | --- | --- | --- | --- | --- |\n"
    text = ("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
            "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n# Soft Landing 09: Test\n\n"
            "+++ {\"tags\": [\"teacher\"]}\n\n**Teacher note:** session plans.\n\n" + header + "\n".join(rows) + "\n")
    path = tmp_path / "09_test.md"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = ["| A | 45 | L1 45 | chart | - | why? |", "| B | 45 | L2 45 | - | pairs | - |", "| C | - | L3 45 | x | y | z |"]


def test_a_plan_that_adds_up_parses_and_one_that_does_not_is_refused_by_file_and_row(tmp_path):
    assert [s.name for s in guide.plan(_plan_source(tmp_path, GOOD)).steps] == ["A", "B", "C"]
    with pytest.raises(ValueError, match=r"09_test.md: the seminar's minutes must add up to 90; they add up to 85"):
        guide.plan(_plan_source(tmp_path, [GOOD[0], GOOD[1].replace("| 45 | L2", "| 40 | L2"), GOOD[2]]))
    with pytest.raises(ValueError, match=r"lesson 3's minutes must add up to 45; they add up to 40"):
        guide.plan(_plan_source(tmp_path, GOOD[:2] + [GOOD[2].replace("L3 45", "L3 40")]))
    with pytest.raises(ValueError, match=r"09_test.md, plan row 3: the lesson must be L1, L2 or L3"):
        guide.plan(_plan_source(tmp_path, GOOD[:2] + [GOOD[2].replace("L3 45", "L4 45")]))
    with pytest.raises(ValueError, match=r"plan row 1: minutes must be a whole number or '-'; got 'ten'"):
        guide.plan(_plan_source(tmp_path, [GOOD[0].replace("| 45 | L1", "| ten | L1"), *GOOD[1:]]))
    no_table = _plan_source(tmp_path, [])
    no_table.write_text(no_table.read_text(encoding="utf-8").split("| Step")[0], encoding="utf-8")
    with pytest.raises(ValueError, match=r"09_test.md: expected one teacher cell with a session-plan table.*found 0"):
        guide.plan(no_table)


@pytest.fixture(scope="module")
def guide_text() -> str:
    return guide.markdown()


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_the_guide_carries_every_teacher_cell_both_plans_the_prompts_and_the_worked_answers(source, guide_text):
    part = guide_text.split(f"`{source.stem}.ipynb`", 1)[1]
    part = re.split(r"\n## ", part, maxsplit=1)[0]
    plan = guide.plan(source)
    assert "### One 90-minute seminar" in part and "### Three 45-minute lessons" in part
    for lesson in (1, 2, 3):
        assert f"**Lesson {lesson} of 3 (45 minutes)**" in part
    # the clock: the seminar runs from 0 to 90 minutes step after step, each lesson from 0 to 45
    seminar, lessons = part.split("### One 90-minute seminar", 1)[1].split("### Three 45-minute lessons", 1)
    blocks = [(seminar, 90)] + [(block.split("###", 1)[0], 45) for block in lessons.split("**Lesson ")[1:]]
    assert len(blocks) == 4
    for block, total in blocks:
        times = [(int(a), int(b)) for a, b in re.findall(r"^\| (\d+)-(\d+) min \|", block, flags=re.M)]
        assert times and times[0][0] == 0 and times[-1][1] == total, times
        assert all(b == c for (_, b), (c, _) in zip(times, times[1:])), times
    for step in plan.steps:
        for field in (step.name, step.project, step.pairs, step.prompt):
            assert field in part, f"{source.stem}: {field!r} is missing from the guide"
    teacher = _cells(source, guide.TEACHER_TAG)
    assert teacher, f"{source.stem} has no teacher cell"
    for text in teacher:  # each teacher cell, whole (the plan cell less its table, which the plans show)
        expected = text.replace(plan.table, "") if plan.table in text else text
        for piece in [p.strip() for p in expected.split("\n\n") if p.strip()]:
            assert piece in part, f"{source.stem}: a teacher cell's text is missing: {piece[:80]!r}"
    for text in _cells(source, guide.ANSWER_TAG):
        assert text in part, f"{source.stem}: a worked answer is missing"
    asked = re.findall(r"\bask\((\w+)\.(Q\d+)\)", source.read_text(encoding="utf-8"))
    assert asked, f"{source.stem} asks no self-check question"
    for module, name in asked:  # each self-check question, as the student sees it
        question = getattr(importlib.import_module(f"helpers.{module}"), name)
        assert f"**{question.id}.** {question.prompt}" in part, f"{source.stem}: {name} is missing from the guide"
    md = "\n".join(c.source for c in jupytext.read(source).cells if c.cell_type == "markdown")
    discussion = md.split("## Discussion", 1)[1].split("\n## ", 1)[0]
    for bullet in re.findall(r"^- .+", discussion, flags=re.M):
        assert bullet in part, f"{source.stem}: a discussion prompt is missing"


def test_the_guide_is_written_as_markdown_and_a_self_contained_page(tmp_path):
    md, page = guide.write(tmp_path / "guide")
    text = page.read_text(encoding="utf-8")
    assert md.read_text(encoding="utf-8") == guide.markdown()
    assert "<table>" in text and "@media print" in text
    assert not re.search(r"<(script|link|img)\b", text), "the guide page loads nothing"
    assert text.count("One 90-minute seminar") == len(SOURCES)


# ---- the static site (one build, slow) ----------------------------------------------------------------

class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alts, self.external = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.alts.append(attrs.get("alt"))
        url = attrs.get("src") if tag in {"img", "script", "iframe", "audio", "video", "source"} else (
            attrs.get("href") if tag == "link" else None)
        if url and re.match(r"^(https?:)?//", url):
            self.external.append(url)


def _parse(text: str) -> _Images:
    parser = _Images()
    parser.feed(text)
    parser.close()
    return parser


def _text(page: Path) -> str:
    """A built page, with Sphinx's typographic quotes made straight again (for comparing with data)."""
    text = page.read_text(encoding="utf-8")
    return text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))


def _shown(output) -> str:
    """The HTML the site shows for one stored output: its still picture (text/html), never the widget."""
    text = output.get("data", {}).get("text/html", "")
    return "".join(text) if isinstance(text, list) else text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    site.build(out)
    return out


@pytest.mark.site
def test_the_site_has_a_page_for_every_notebook_in_course_order_and_the_teacher_pages(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    stems = [nb.stem for nb in course.NOTEBOOKS if (ROOT / "notebooks" / nb.file).exists()]
    assert stems and len(stems) == len(NOTEBOOKS)
    positions = [index.index(f'href="{stem}.html"') for stem in stems]
    assert positions == sorted(positions), "the navigation is not in course order"
    for page in ["course_map", "claims", "sources", "teacher_guide"]:
        assert f'href="{page}.html"' in index and (built / f"{page}.html").exists()
    for stem in stems:
        assert (built / f"{stem}.html").exists()


@pytest.mark.site
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_figure_of_every_notebook_is_on_its_page_with_its_alt_text(built, path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    expected = Counter()
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            for alt in _parse(_shown(output)).alts:
                expected[alt] += 1
            if any(k.startswith("image/") for k in output.get("data", {})):
                expected[output.get("metadata", {}).get("alt")] += 1
    assert expected, f"{path.name} has no figure"
    assert None not in expected and "" not in expected, f"{path.name} has a figure without alt text"
    shown = Counter(_parse((built / f"{path.stem}.html").read_text(encoding="utf-8")).alts)
    for alt, count in expected.items():
        assert shown[html.unescape(alt)] >= count, f"{path.stem}: figure missing on the site: {alt[:90]!r}"
    # every what-if shows its still picture and its reading
    page = (built / f"{path.stem}.html").read_text(encoding="utf-8")
    panels = sum(1 for c in nb["cells"] for o in c.get("outputs", []) if WIDGET in o.get("data", {})
                 and "whatif-static" in _shown(o))
    assert page.count("whatif-static") >= panels
    assert page.count("Reading:") >= panels


@pytest.mark.site
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_teacher_notes_and_worked_answers_are_on_the_site_visibly_marked(built, path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    tags = [t for c in nb["cells"] if c["cell_type"] == "markdown" for t in c.get("metadata", {}).get("tags", [])]
    page = (built / f"{path.stem}.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<div class="[^"]*\bteacher-note\b', page)) == tags.count("teacher") >= 1
    assert len(re.findall(r'<div class="[^"]*\bworked-answer\b', page)) == tags.count("answer")
    assert "Teacher note (teacher edition only" in page


@pytest.mark.site
def test_the_claims_sources_course_map_and_guide_pages_carry_the_data(built):
    claims = _text(built / "claims.html")
    outcomes = data.load("claim_outcomes")
    for claim_id, outcome in zip(outcomes["claim_id"], outcomes["outcome"]):
        row = re.search(rf"<td><p>{claim_id}( \(main\))?</p></td>(.*?)</tr>", claims, flags=re.S)
        assert row and f"<p>{html.escape(outcome, quote=False)}</p>" in row.group(2), claim_id
    assert set(re.findall(r"<td><p>(C\d\d)", claims)) == set(data.load("claims")["id"])
    sources = _text(built / "sources.html")
    for source_id in data.load("sources")["id"]:
        assert f"<td><p>{source_id}</p></td>" in sources, source_id
    course_map = _text(built / "course_map.html")
    for nb in course.NOTEBOOKS:
        assert html.escape(nb.question, quote=False) in course_map and f"{nb.minutes} min" in course_map
    teacher_guide = _text(built / "teacher_guide.html")
    assert len(re.findall(r"<h\d[^>]*>One 90-minute seminar", teacher_guide)) == len(SOURCES)
    assert teacher_guide.count("<strong>Lesson 3 of 3 (45 minutes)</strong>") == len(SOURCES)


@pytest.mark.site
def test_the_site_loads_nothing_from_the_web_and_prints_whole(built):
    for page in built.glob("*.html"):
        assert not _parse(page.read_text(encoding="utf-8")).external, f"{page.name} loads from the web"
    for style in (built / "_static").rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.read_text(encoding="utf-8", errors="replace")), style
    css = (built / "_static" / "course.css").read_text(encoding="utf-8")
    printed = css.split("@media print", 1)[1]
    assert ".bd-sidebar-primary" in printed and "display: none" in printed
    assert 'href="_static/course.css' in (built / "01_the_deterrent.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_the_build_runs_offline_with_warnings_as_errors(tmp_path, monkeypatch):
    """Any fetch goes to a closed port; a warning (here a link to a page that does not exist) fails it."""
    env = site.offline_env()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        assert env[name] == site.DEAD_PROXY
    assert "NO_PROXY" not in env and "no_proxy" not in env
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = jupytext.reads("# Soft Landing 00: Start here\n\nSee {doc}`no_such_page`.\n", fmt="md")
    jupytext.write(nb, notebooks / "00_start_here.ipynb")
    monkeypatch.setattr(site, "NOTEBOOKS", notebooks)
    with pytest.raises(RuntimeError, match="no_such_page"):
        site.build(tmp_path / "site")
