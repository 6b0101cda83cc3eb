"""Students' saved work: snapshots written to their work folder without losing an earlier save."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

__all__ = ["save_snapshot", "load_snapshot"]


def save_snapshot(snapshot: Mapping[str, Any], name: str, folder: str | Path = "my_work") -> Path:
    """Write ``snapshot`` to ``folder/name.json``; an existing file is kept as name.previous-N.json."""
    if not name or any(ch in name for ch in "/\\") or name.startswith("."):
        raise ValueError(f"name must be a plain file name without slashes; got {name!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.json"
    if target.exists():
        n = 1
        while (folder / f"{name}.previous-{n}.json").exists():
            n += 1
        target.rename(folder / f"{name}.previous-{n}.json")
    target.write_text(json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def load_snapshot(name: str, folder: str | Path = "my_work") -> dict | None:
    """The latest saved snapshot ``name``, or None if the student has not saved one yet."""
    path = Path(folder) / f"{name}.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.as_posix()} is not valid JSON (line {exc.lineno}); fix or delete it") from None
