"""The course's three editions, and a student's own copy that no rebuild overwrites.

The notebooks in notebooks/ are the *teacher* edition. Two kinds of cell are tagged there:

- ``answer``: a worked answer to a self-check question;
- ``teacher``: teaching notes and session plans;
- ``hide-until-tried``: a code cell whose output gives a self-check's answer away ("predict, then
  look"): the student editions keep the cell but not its stored output, and start it with
  ``%%after_trying`` (helpers.look): the cell runs, even on "Run All", but its output appears only
  once the student has answered the self-check above it.

Every edition is built from those one tagged source with nbconvert's preprocessors:

======================  ===========================  =====================================
edition                 worked answers (``answer``)  teaching notes (``teacher``)
======================  ===========================  =====================================
``teacher``             shown                        shown
``self-study``          folded: opened after trying  removed
``class``               removed                      removed
======================  ===========================  =====================================

Outputs of ``hide-until-tried`` cells are shown in the teacher edition only.

``build(edition, folder)`` writes an edition to a build folder (a generated folder: rebuilt freely).
``sync(folder, edition)`` keeps a student's *own* copy up to date without ever overwriting their work:
a notebook that is new in the course is added; a notebook the student has not changed since it was
delivered is brought up to date; a notebook the student has changed is left alone, and the report
says so. Files the course never delivered (``my_work/``, the student's own notebooks) are never
touched. Command line::

    python -m helpers.editions build self-study build/editions/self-study
    python -m helpers.editions sync my_course --edition self-study
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nbconvert.preprocessors import Preprocessor

from .checks import check_bool, check_choice, check_path

TEACHER_TAG = "teacher"
ANSWER_TAG = "answer"
EDITIONS = ("teacher", "self-study", "class")
MANIFEST = ".soft-landing-delivered.json"
FOLD_SUMMARY = "Worked answer: open it after you have tried"
HIDE_TAG = "hide-until-tried"
HIDDEN_NOTE = "Output kept back until you have tried the question above: run this cell, answer, then look here."
AFTER_TRYING = "%%after_trying"

__all__ = ["EDITIONS", "build", "export", "sync", "SyncReport", "course_notebooks"]


def course_notebooks(notebooks_dir: str | Path | None = None) -> list[Path]:
    """The teacher edition's notebooks, in course order."""
    if notebooks_dir is not None:
        check_path("notebooks_dir", notebooks_dir, folder=True)
    src = Path(notebooks_dir) if notebooks_dir is not None else Path(__file__).resolve().parent.parent / "notebooks"
    found = sorted(src.glob("[0-9][0-9]_*.ipynb"))
    if notebooks_dir is not None and not found:
        raise ValueError(f"notebooks_dir must hold the course's notebooks (NN_name.ipynb); {src.as_posix()} has none")
    return found


class FoldAnswers(Preprocessor):
    """Turn each markdown cell tagged ``answer`` into a folded block the student opens after trying
    (an HTML <details> element: it folds in JupyterLab, on GitHub and in nbviewer alike)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and ANSWER_TAG in cell.metadata.get("tags", []):
            cell.source = f"<details>\n<summary>{FOLD_SUMMARY}</summary>\n\n{cell.source.strip()}\n\n</details>"
        return cell, resources


class HideUntilTried(Preprocessor):
    """Replace the stored output of each code cell tagged ``hide-until-tried`` by a one-line note and
    start the cell with ``%%after_trying``, so a self-check's answer is not on screen before the
    student has tried ("predict, then look"), not even after "Run All". With ``hold_back`` off (app
    mode, where a teacher projects the panels and nobody answers the self-checks) only the stored output
    goes."""

    def __init__(self, hold_back: bool = True, **kw):
        super().__init__(**kw)
        self.hold_back = check_bool("hold_back", hold_back)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and HIDE_TAG in cell.metadata.get("tags", []):
            from nbformat.v4 import new_output

            cell.outputs = [new_output("display_data", data={"text/plain": HIDDEN_NOTE,
                                                             "text/markdown": f"*{HIDDEN_NOTE}*"})]
            cell.execution_count = None
            if self.hold_back and not cell.source.startswith(AFTER_TRYING):
                cell.source = f"{AFTER_TRYING}\n{cell.source}"
        return cell, resources


def _exporter(edition: str, hold_back: bool = True):
    from nbconvert.exporters import NotebookExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    remove = {"teacher": set(), "self-study": {TEACHER_TAG}, "class": {TEACHER_TAG, ANSWER_TAG}}[edition]
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = remove
    exporter = NotebookExporter(config=config)
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    if edition == "self-study":
        exporter.register_preprocessor(FoldAnswers(), enabled=True)
    if edition != "teacher":
        exporter.register_preprocessor(HideUntilTried(hold_back), enabled=True)
    return exporter


def export(edition: str, notebooks_dir: str | Path | None = None, hold_back: bool = True) -> dict[str, str]:
    """Every notebook of ``edition`` as text, by file name (nothing is written). ``hold_back``: the student
    editions' "predict, then look" cells wait for an answer (``%%after_trying``); off for app mode."""
    edition = check_choice("edition", edition, EDITIONS)
    exporter = _exporter(edition, check_bool("hold_back", hold_back))
    return {path.name: exporter.from_filename(str(path))[0] for path in course_notebooks(notebooks_dir)}


def build(edition: str, out_dir: str | Path, notebooks_dir: str | Path | None = None,
          hold_back: bool = True) -> list[Path]:
    """Write ``edition`` to the build folder ``out_dir`` and return the paths written (``hold_back``: as
    for :func:`export`).

    A build folder is generated output: it is refused if it is the teacher edition itself or holds
    a student's saved work (a ``my_work`` folder), since students work in a copy made by :func:`sync`.
    """
    edition = check_choice("edition", edition, EDITIONS)
    out = check_path("out_dir", out_dir)
    src = check_path("notebooks_dir", notebooks_dir, True) if notebooks_dir is not None else course_notebooks()[0].parent
    if out.resolve() == src.resolve():
        raise ValueError("out_dir must differ from the notebooks folder (the teacher edition is the source)")
    if (out / "my_work").exists() or (out / MANIFEST).exists():
        raise ValueError(f"out_dir {out.as_posix()} holds a student's work; students' copies are kept with sync()")
    texts = export(edition, notebooks_dir, hold_back)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        _write_atomic(out / name, text)
        written.append(out / name)
    return written


@dataclass
class SyncReport:
    """What :func:`sync` did, notebook by notebook."""

    folder: Path
    edition: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the student changed them and the course has news
    yours: list[str] = field(default_factory=list)  # the student changed them; nothing new from the course

    def __str__(self) -> str:
        lines = [f"Your copy of the course ({self.edition} edition) is in {self.folder.as_posix()}/"]
        for label, names in (("added", self.added), ("brought up to date", self.updated),
                             ("already up to date", self.unchanged),
                             ("yours as you left them (nothing new from the course)", self.yours)):
            if names:
                lines.append(f"  {label}: {', '.join(names)}")
        for name in self.kept:
            lines.append(f"  kept your changed copy of {name}: the course has a newer version; to get it, "
                         f"rename your copy (e.g. to mine_{name}) and run this again")
        return "\n".join(lines)


def sync(folder: str | Path, edition: str = "self-study", notebooks_dir: str | Path | None = None) -> SyncReport:
    """Bring a student's own copy of ``edition`` in ``folder`` up to date without losing their work."""
    edition = check_choice("edition", edition, EDITIONS)
    folder = check_path("folder", folder)
    texts = export(edition, notebooks_dir)
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    delivered = _read_manifest(manifest_path)
    report = SyncReport(folder, edition)
    for name, text in texts.items():
        target = folder / name
        new_hash = _digest(text.encode("utf-8"))
        if not target.exists():
            _write_atomic(target, text, exclusive=True)
            report.added.append(name)
        else:
            current = _digest(target.read_bytes())
            if current == new_hash:
                report.unchanged.append(name)
            elif current == delivered.get(name):
                _write_atomic(target, text)
                report.updated.append(name)
            elif delivered.get(name) == new_hash:
                report.yours.append(name)  # changed or run by the student; the course has not moved
            else:
                report.kept.append(name)
                continue
        delivered[name] = new_hash
    _write_atomic(manifest_path, json.dumps(delivered, indent=1, sort_keys=True) + "\n")
    return report


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}  # a damaged record only makes sync more careful: every changed notebook is kept
    return {k: v for k, v in manifest.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(manifest, dict) else {}


def _write_atomic(target: Path, text: str, exclusive: bool = False) -> None:
    """Write through a temporary file in the same folder, so a crash never leaves half a notebook.
    With ``exclusive``, never replace a file that appeared meanwhile."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # an ordinary file, not mkstemp's private 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if exclusive:
            os.link(tmp, target)  # fails if the target exists
        else:
            os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.editions", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write an edition to a build folder")
    b.add_argument("edition", choices=EDITIONS)
    b.add_argument("out_dir")
    s = sub.add_parser("sync", help="create or update a student's own copy, never overwriting their changes")
    s.add_argument("folder")
    s.add_argument("--edition", choices=EDITIONS, default="self-study")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            paths = build(args.edition, args.out_dir)
            print(f"{args.edition} edition: {len(paths)} notebooks written to {args.out_dir}/")
        else:
            print(sync(args.folder, args.edition))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
