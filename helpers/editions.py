"""Teacher and student editions.

The notebooks in notebooks/ are the teacher edition. Cells tagged ``teacher`` (worked answers,
teaching notes) are removed by nbconvert's TagRemovePreprocessor to make the student edition:

    python -m helpers.editions build/student
"""

from __future__ import annotations

import sys
from pathlib import Path

TEACHER_TAG = "teacher"


def build_student_edition(out_dir: str | Path, notebooks_dir: str | Path | None = None) -> list[Path]:
    """Write every notebook without its teacher-only cells to ``out_dir``; return the new paths."""
    from nbconvert.exporters import NotebookExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    src = Path(notebooks_dir) if notebooks_dir else Path(__file__).resolve().parent.parent / "notebooks"
    out = Path(out_dir)
    if out.resolve() == src.resolve():
        raise ValueError("out_dir must differ from the notebooks folder (the teacher edition is the source)")
    out.mkdir(parents=True, exist_ok=True)
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {TEACHER_TAG}
    exporter = NotebookExporter(config=config)
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    written = []
    for path in sorted(src.glob("[0-9][0-9]_*.ipynb")):
        body, _ = exporter.from_filename(str(path))
        target = out / path.name
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "build/student"
    paths = build_student_edition(target)
    print(f"Student edition: {len(paths)} notebooks written to {target}/ (teacher-only cells removed).")
