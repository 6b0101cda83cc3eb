"""Students' saved work: snapshots written to their work folder without losing an earlier save.

How a save stays safe (``save_snapshot``):

1. The new snapshot is written to a temporary file in the same folder, flushed and fsync'ed.
   A full disk or an interrupted write leaves only that temporary file; the save itself is untouched.
2. The current save, if any, is kept as ``name.previous-N.json``: the name is claimed exclusively
   (a hard link, or a file created with O_EXCL where links are not supported), so an earlier
   ``previous-N`` is never replaced.
3. ``os.replace`` swaps the new file in atomically; then the folder is fsync'ed.

A crash between any two steps leaves the newest complete save readable under one of the names.
Saves from several processes at once take turns (a lock file, :mod:`filelock`), so none is lost.
``load_snapshot`` reads the newest save that is valid JSON and, if it had to fall back to an earlier
one, says so with a :class:`SaveRecoveredWarning`.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any, Mapping

from filelock import FileLock, Timeout

__all__ = ["save_snapshot", "load_snapshot", "SaveError", "SaveRecoveredWarning"]

_LOCK_TIMEOUT_S = 30


class SaveError(OSError):
    """A save could not be written (full disk, read-only folder...); earlier saves are unchanged."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


class SaveRecoveredWarning(UserWarning):
    """The latest save was damaged; an earlier one was loaded instead."""


def _check_name(name: object) -> str:
    if (
        not isinstance(name, str)
        or not name.strip()
        or name.startswith(".")
        or any(ch in name for ch in '/\\:\0')
        or len(name) > 100
    ):
        raise ValueError(f"name must be a plain file name without slashes (1 to 100 characters); got {name!r}")
    return name


def _check_folder(folder: object) -> Path:
    if not isinstance(folder, (str, os.PathLike)) or not str(folder).strip() or "\0" in str(folder):
        raise ValueError(f"folder must be a folder path such as 'my_work'; got {folder!r}")
    return Path(folder)


def _write(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (tests replace this to simulate a full disk)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _previous_numbers(folder: Path, name: str) -> list[int]:
    """The N of every name.previous-N.json in ``folder``, ascending."""
    prefix = f"{name}.previous-"
    try:
        entries = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    numbers = []
    for entry in entries:
        if entry.startswith(prefix) and entry.endswith(".json"):
            middle = entry[len(prefix) : -len(".json")]
            if re.fullmatch(r"[0-9]{1,9}", middle):
                numbers.append(int(middle))
    return sorted(numbers)


def _keep_as_previous(folder: Path, name: str, target: Path) -> Path:
    """Keep the current save as name.previous-N.json under a name claimed exclusively."""
    numbers = _previous_numbers(folder, name)
    n = (numbers[-1] if numbers else 0) + 1
    while True:
        keep = folder / f"{name}.previous-{n}.json"
        try:
            os.link(target, keep)  # fails if `keep` exists: never replaces an earlier save
            return keep
        except FileExistsError:
            n += 1
        except OSError as exc:  # no hard links here (some network or FAT folders): an O_EXCL copy
            if exc.errno in (errno.EROFS, errno.ENOSPC, errno.EDQUOT):
                raise
            try:
                fd = os.open(keep, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                n += 1
                continue
            try:
                _write(fd, target.read_bytes())
                os.fsync(fd)
            except BaseException:
                os.close(fd)
                keep.unlink(missing_ok=True)
                raise
            os.close(fd)
            return keep


def save_snapshot(snapshot: Mapping[str, Any], name: str, folder: str | Path = "my_work") -> Path:
    """Write ``snapshot`` to ``folder/name.json``; an existing file is kept as name.previous-N.json.

    Raises ValueError for a bad name, folder or snapshot (not a mapping, not JSON: NaN, objects),
    and :class:`SaveError` (an OSError) naming the file when the disk refuses; earlier saves stay.
    """
    name = _check_name(name)
    folder = _check_folder(folder)
    if not isinstance(snapshot, Mapping):
        raise ValueError(f"snapshot must be a dict of JSON values; got {type(snapshot).__name__}")
    try:
        data = (json.dumps(snapshot, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"snapshot must hold only JSON values (text, finite numbers, lists, dicts): {exc}") from None
    target = folder / f"{name}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(folder / f".{name}.lock", timeout=_LOCK_TIMEOUT_S):
            fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            tmp = Path(tmp_name)
            try:
                try:
                    _write(fd, data)
                    os.fsync(fd)
                finally:
                    os.close(fd)
                os.chmod(tmp, 0o644)
                if target.exists():
                    _keep_as_previous(folder, name, target)
                os.replace(tmp, target)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            _fsync_folder(folder)
    except Timeout:
        raise SaveError(errno.EBUSY, f"{target.as_posix()} is being saved by another program; try again") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SaveError(exc.errno, f"could not save {target.as_posix()}: {reason}; your earlier saves are unchanged") from exc
    return target


def _read(path: Path) -> dict | None:
    """The snapshot in ``path`` or None if it is damaged (not UTF-8 JSON, not a dict)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


def load_snapshot(name: str, folder: str | Path = "my_work") -> dict | None:
    """The latest saved snapshot ``name``, or None if the student has not saved one yet.

    If ``name.json`` is damaged (or missing while earlier saves exist), the newest valid
    ``name.previous-N.json`` is returned instead with a :class:`SaveRecoveredWarning` that names it.
    Raises ValueError naming the files when every save is damaged.
    """
    name = _check_name(name)
    folder = _check_folder(folder)
    latest = folder / f"{name}.json"
    earlier = [folder / f"{name}.previous-{n}.json" for n in reversed(_previous_numbers(folder, name))]
    candidates = ([latest] if latest.is_file() else []) + earlier
    if not candidates:
        return None
    for path in candidates:
        snapshot = _read(path)
        if snapshot is None:
            continue
        if path != latest:
            problem = "is damaged" if latest.is_file() else "is missing"
            warnings.warn(
                f"{latest.as_posix()} {problem}; loaded the newest earlier save, {path.name}",
                SaveRecoveredWarning,
                stacklevel=2,
            )
        return snapshot
    listed = ", ".join(p.name for p in candidates)
    raise ValueError(f"every save of {name!r} in {folder.as_posix()} is damaged ({listed}); fix or delete them")
