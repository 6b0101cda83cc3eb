"""The teacher guide: per notebook, one 90-minute seminar and three 45-minute lessons, generated from the
teacher cells of the tagged sources (notebooks/_sources/*.md) so that it never drifts from the course.

Each source has one session-plan cell (tagged ``teacher``) holding a markdown table, one row per step::

    | Step | Seminar (90 min) | Lessons (3 x 45 min) | Project | Pairs do | Discussion prompt |
    | --- | --- | --- | --- | --- | --- |
    | The evidence | 15 | L1 20 | the launch chart | ... | ... |

"Seminar" is the step's minutes in the 90-minute university seminar, "Lessons" the school lesson (L1-L3)
and its minutes there; "-" means the step is left out of that format (homework or optional). The
minutes add up to 90 for the seminar and to 45 for each lesson (``plan()`` checks it). The guide also
carries, for each notebook, its discussion prompts and its self-check questions with their worked
answers (cells tagged ``answer``), and the text of every teacher cell. Command line::

    python -m helpers.guide build/guide      # writes teacher_guide.md and teacher_guide.html
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .checks import check_path

SEMINAR_MINUTES = 90
LESSON_MINUTES = 45
LESSONS = 3
TEACHER_TAG = "teacher"
ANSWER_TAG = "answer"
COLUMNS = ("Step", "Seminar (90 min)", "Lessons (3 x 45 min)", "Project", "Pairs do", "Discussion prompt")
SOURCES = Path(__file__).resolve().parent.parent / "notebooks" / "_sources"

__all__ = ["Step", "Plan", "plan", "plans", "markdown", "write", "teacher_cells"]


@dataclass(frozen=True)
class Step:
    name: str
    seminar: int | None  # minutes in the 90-minute seminar, None if left out there
    lesson: int | None  # 1-3, None if left out of the school lessons
    lesson_minutes: int | None
    project: str
    pairs: str
    prompt: str


@dataclass(frozen=True)
class Plan:
    stem: str
    title: str
    steps: tuple[Step, ...]
    table: str  # the plan table's text as it stands in the teacher cell

    def seminar(self) -> list[tuple[int, Step]]:
        """(start minute, step) for each step of the 90-minute seminar, in order."""
        out, start = [], 0
        for step in self.steps:
            if step.seminar is not None:
                out.append((start, step))
                start += step.seminar
        return out

    def lesson(self, number: int) -> list[tuple[int, Step]]:
        """(start minute, step) for each step of school lesson ``number`` (1-3), in order."""
        out, start = [], 0
        for step in self.steps:
            if step.lesson == number:
                out.append((start, step))
                start += step.lesson_minutes
        return out


@functools.lru_cache(maxsize=32)
def _read(path: str, stamp: tuple[int, int]) -> tuple:
    import jupytext

    return tuple(jupytext.read(path).cells)


def _cells(source: Path) -> tuple:
    """The cells of one source (read once per version of the file; never modified here)."""
    stat = source.stat()
    return _read(str(source), (stat.st_mtime_ns, stat.st_size))


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def teacher_cells(source: str | Path) -> list[str]:
    """The text of every cell tagged ``teacher`` in one source, in order."""
    source = Path(check_path("source", source))
    return [c.source.strip() for c in _cells(source) if TEACHER_TAG in _tags(c)]


def _split_row(line: str) -> list[str]:
    return [part.strip() for part in line.strip().strip("|").split("|")]


def _minutes(where: str, text: str) -> int | None:
    if text in {"-", "–", "—", ""}:
        return None
    if not re.fullmatch(r"\d+", text):
        raise ValueError(f"{where}: minutes must be a whole number or '-'; got {text!r}")
    value = int(text)
    if not 1 <= value <= SEMINAR_MINUTES:
        raise ValueError(f"{where}: minutes must be between 1 and {SEMINAR_MINUTES}; got {value}")
    return value


def _find_table(text: str) -> list[str]:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("|") and "Seminar" in line:
            table = []
            for row in lines[i:]:
                if not row.lstrip().startswith("|"):
                    break
                table.append(row)
            return table
    return []


def plan(source: str | Path) -> Plan:
    """The session plans of one source, parsed from its teacher cell and checked: the seminar adds up to
    90 minutes and each of the three lessons to 45. A malformed plan raises ValueError naming the file
    and the row."""
    source = Path(check_path("source", source))
    name = source.name
    tables = [(text, _find_table(text)) for text in teacher_cells(source)]
    tables = [(text, t) for text, t in tables if t]
    if len(tables) != 1:
        raise ValueError(f"{name}: expected one teacher cell with a session-plan table (a header with "
                         f"{', '.join(COLUMNS)}); found {len(tables)}")
    text, table = tables[0]
    header = tuple(_split_row(table[0]))
    if header != COLUMNS:
        raise ValueError(f"{name}: the plan table's header must be {' | '.join(COLUMNS)}; got {' | '.join(header)}")
    steps = []
    for number, line in enumerate(table[2:], start=1):
        where = f"{name}, plan row {number}"
        cells = _split_row(line)
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{where}: expected {len(COLUMNS)} columns; got {len(cells)}")
        step, seminar, lesson, project, pairs, prompt = cells
        if not step:
            raise ValueError(f"{where}: the step has no name")
        if lesson in {"-", "–", "—", ""}:
            lesson_no, lesson_min = None, None
        else:
            match = re.fullmatch(r"L([1-9])\s*:?\s*(\d+)", lesson)
            if not match or not 1 <= int(match.group(1)) <= LESSONS:
                raise ValueError(f"{where}: the lesson must be L1, L2 or L3 and its minutes (e.g. 'L2 15') or '-'; "
                                 f"got {lesson!r}")
            lesson_no, lesson_min = int(match.group(1)), _minutes(where, match.group(2))
        steps.append(Step(step, _minutes(where, seminar), lesson_no, lesson_min, project, pairs, prompt))
    result = Plan(source.stem, _title(source), tuple(steps), "\n".join(table))
    seminar = sum(s.seminar or 0 for s in steps)
    if seminar != SEMINAR_MINUTES:
        raise ValueError(f"{name}: the seminar's minutes must add up to {SEMINAR_MINUTES}; they add up to {seminar}")
    for number in range(1, LESSONS + 1):
        total = sum(s.lesson_minutes for _, s in result.lesson(number))
        if total != LESSON_MINUTES:
            raise ValueError(f"{name}: lesson {number}'s minutes must add up to {LESSON_MINUTES}; they add up to {total}")
    return result


def _title(source: Path) -> str:
    for cell in _cells(source):
        match = re.search(r"^# (.+)$", cell.source, flags=re.M)
        if cell.cell_type == "markdown" and match:
            return match.group(1).strip()
    return source.stem


def sources(folder: str | Path | None = None) -> list[Path]:
    folder = Path(check_path("folder", folder, folder=True)) if folder is not None else SOURCES
    found = sorted(folder.glob("[0-9][0-9]_*.md"))
    if not found:
        raise ValueError(f"folder must hold the course's sources (NN_name.md); {folder.as_posix()} has none")
    return found


def plans(folder: str | Path | None = None) -> list[Plan]:
    return [plan(path) for path in sources(folder)]


def _section(cells, heading: str) -> str:
    """The markdown of a notebook section (a level-2 heading) up to the next level-2 heading."""
    out, inside = [], False
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"(?m)^(?=## )", cell.source):
            if block.startswith("## "):
                inside = block.splitlines()[0][3:].strip() == heading
                if inside:
                    out.append(block.split("\n", 1)[1].strip() if "\n" in block else "")
            elif inside:
                out.append(block.strip())
    return "\n\n".join(part for part in out if part)


def _questions(cells) -> list[str]:
    """Each self-check question the notebook asks (``ask(module.Qn)`` in a code cell), as "Qn. prompt", in
    order: the prompt is the question's own (helpers/<module>.py), the one the student sees."""
    import importlib

    found = []
    for cell in cells:
        if cell.cell_type == "code":
            for module, name in re.findall(r"\bask\((\w+)\.(Q\d+)\)", cell.source):
                question = getattr(importlib.import_module(f"helpers.{module}"), name)
                found.append(f"**{question.id}.** {question.prompt}")
    return found


def _clock(start: int, minutes: int) -> str:
    return f"{start}-{start + minutes} min"


def _steps_table(rows: list[tuple[int, Step]], minutes) -> list[str]:
    out = ["| Time | Step | Project | Pairs do | Discussion prompt |", "| --- | --- | --- | --- | --- |"]
    for start, step in rows:
        out.append(f"| {_clock(start, minutes(step))} | {step.name} | {step.project} | {step.pairs} | {step.prompt} |")
    return out


def _without_table(text: str, table: str) -> str:
    return text.replace(table, "*(the plan table: see the two plans above)*") if table and table in text else text


def _notebook(source: Path, level: int = 2) -> list[str]:
    p = plan(source)
    cells = _cells(source)
    h = "#" * level
    out = [f"{h} {p.title}", ""]
    est = re.search(r"Estimated time: (\d+) minutes", "\n".join(c.source for c in cells))
    if est:
        out += [f"Alone, a student needs about {est.group(1)} minutes. Notebook: `{source.stem}.ipynb`.", ""]
    out += [f"{h}# One 90-minute seminar (university)", ""]
    out += _steps_table(p.seminar(), lambda s: s.seminar)
    left = [s.name for s in p.steps if s.seminar is None]
    if left:
        out += ["", "Left out of the seminar (homework or optional): " + "; ".join(left) + "."]
    out += ["", f"{h}# Three 45-minute lessons (school class)", ""]
    for number in range(1, LESSONS + 1):
        out += [f"**Lesson {number} of {LESSONS} (45 minutes)**", ""]
        out += _steps_table(p.lesson(number), lambda s: s.lesson_minutes)
        out += [""]
    left = [s.name for s in p.steps if s.lesson is None]
    if left:
        out += ["Left out of the lessons (homework or optional): " + "; ".join(left) + ".", ""]
    discussion = _section(cells, "Discussion")
    if discussion:
        out += [f"{h}# Discussion prompts (the notebook's Discussion section)", "", discussion, ""]
    questions = _questions(cells)
    answers = [c.source.strip() for c in cells if c.cell_type == "markdown" and ANSWER_TAG in _tags(c)]
    if questions or answers:
        out += [f"{h}# Self-check questions and worked answers", ""]
        out += [f"- {q}" for q in questions] + [""]
        out += [a + "\n" for a in answers]
    out += [f"{h}# Teacher notes (the notebook's teacher cells)", ""]
    for text in teacher_cells(source):
        out += [_without_table(text, p.table), ""]
    return out


def markdown(folder: str | Path | None = None, level: int = 2) -> str:
    """The whole guide as markdown (CommonMark with tables), notebooks in course order."""
    out = ["# Teacher guide", "",
           "Generated from the teacher cells of the course's sources (`make guide`): for each notebook, one "
           "90-minute university seminar and three 45-minute school lessons, with what to project, what pairs "
           "do, the discussion prompts and the worked answers. Times are minutes from the start of the "
           "session.", ""]
    for source in sources(folder):
        out += _notebook(source, level)
    return "\n".join(out).rstrip() + "\n"


PRINT_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #999; padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: #eee; }
td:first-child { white-space: nowrap; }
@media print { body { max-width: none; margin: 0; font-size: 10pt; } h2 { break-before: page; }
  tr, li { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
"""


def to_html(text: str) -> str:
    """A self-contained HTML page of the guide (nothing loaded from anywhere; prints as it shows)."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Soft Landing: teacher guide</title>"
            f"<style>{PRINT_CSS}</style></head><body>\n{body}</body></html>\n")


def write(out_dir: str | Path, folder: str | Path | None = None) -> list[Path]:
    """Write teacher_guide.md and teacher_guide.html into ``out_dir`` (a build folder)."""
    out = Path(check_path("out_dir", out_dir))
    out.mkdir(parents=True, exist_ok=True)
    text = markdown(folder)
    md, page = out / "teacher_guide.md", out / "teacher_guide.html"
    md.write_text(text, encoding="utf-8")
    page.write_text(to_html(text), encoding="utf-8")
    return [md, page]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m helpers.guide OUT_DIR", file=sys.stderr)
        return 2
    for path in write(argv[0]):
        print(f"wrote {path.as_posix()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

