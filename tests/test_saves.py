"""Saves never lose work: a full disk, an interrupted write, a crash between steps, several
programs saving at once and a read-only folder each leave every earlier save readable, and a
failed save is never silent (an exception, and a message in the panel's status line)."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os

import pytest

from helpers import saves
from helpers.saves import SaveError, SaveRecoveredWarning, load_snapshot, save_snapshot

# helpers.whatif (widgets, matplotlib) is imported only by the panel test: the processes that the
# concurrency test starts import this module, and should start fast.


def _on_disk(folder, name="work"):
    """Every snapshot kept under ``name`` in ``folder`` (the latest and all previous-N)."""
    found = []
    for path in sorted(folder.glob(f"{name}*.json")):
        found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".tmp")


def test_saves_keep_every_version_under_its_own_name(tmp_path):
    for i in range(4):
        save_snapshot({"i": i}, "work", tmp_path)
    assert load_snapshot("work", tmp_path) == {"i": 3}
    for n in (1, 2, 3):
        assert json.loads((tmp_path / f"work.previous-{n}.json").read_text()) == {"i": n - 1}
    assert _leftovers(tmp_path) == []


def test_a_previous_name_is_never_replaced(tmp_path):
    """Numbers go up from the highest kept one; a gap (a deleted previous-1) is not refilled over."""
    save_snapshot({"i": 0}, "work", tmp_path)
    (tmp_path / "work.previous-5.json").write_text('{"kept": 5}', encoding="utf-8")
    save_snapshot({"i": 1}, "work", tmp_path)
    assert json.loads((tmp_path / "work.previous-5.json").read_text()) == {"kept": 5}
    assert json.loads((tmp_path / "work.previous-6.json").read_text()) == {"i": 0}


def test_claiming_a_previous_name_is_exclusive(tmp_path, monkeypatch):
    """If another program takes previous-N between the look and the claim, the save takes N+1."""
    save_snapshot({"i": 0}, "work", tmp_path)
    real = saves._previous_numbers

    def stale_view(folder, name):  # the folder listing is out of date: previous-1 appeared since
        (tmp_path / "work.previous-1.json").write_text('{"other": 1}', encoding="utf-8")
        return real(folder, name)[:0]

    monkeypatch.setattr(saves, "_previous_numbers", stale_view)
    save_snapshot({"i": 1}, "work", tmp_path)
    assert json.loads((tmp_path / "work.previous-1.json").read_text()) == {"other": 1}
    assert json.loads((tmp_path / "work.previous-2.json").read_text()) == {"i": 0}


def test_without_hard_links_the_previous_save_is_an_exclusive_copy(tmp_path, monkeypatch):
    save_snapshot({"i": 0}, "work", tmp_path)

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(saves.os, "link", no_links)
    save_snapshot({"i": 1}, "work", tmp_path)
    save_snapshot({"i": 2}, "work", tmp_path)
    assert load_snapshot("work", tmp_path) == {"i": 2}
    assert json.loads((tmp_path / "work.previous-1.json").read_text()) == {"i": 0}
    assert json.loads((tmp_path / "work.previous-2.json").read_text()) == {"i": 1}


def test_disk_full_keeps_the_earlier_save_and_says_so(tmp_path, monkeypatch):
    save_snapshot({"i": 0}, "work", tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())

    def full_disk(fd, data):
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(saves, "_write", full_disk)
    with pytest.raises(SaveError, match=r"could not save .*work\.json: No space left on device") as err:
        save_snapshot({"i": 1, "long": "x" * 1000}, "work", tmp_path)
    assert err.value.errno == errno.ENOSPC
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no half file, no temp file left
    assert load_snapshot("work", tmp_path) == {"i": 0}
    assert (tmp_path / "work.json").stat().st_size > 0


def test_interrupted_write_leaves_the_save_whole(tmp_path, monkeypatch):
    """The kernel is interrupted (Ctrl-C, a restart) in the middle of writing."""
    save_snapshot({"i": 0}, "work", tmp_path)

    def interrupted(fd, data):
        os.write(fd, data[:10])
        raise KeyboardInterrupt

    monkeypatch.setattr(saves, "_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_snapshot({"i": 1}, "work", tmp_path)
    monkeypatch.undo()
    assert load_snapshot("work", tmp_path) == {"i": 0}
    assert _leftovers(tmp_path) == []
    assert not list(tmp_path.glob("work.previous-*.json"))


@pytest.mark.parametrize("step", ["fsync", "link", "replace"])
def test_crash_between_steps_loses_no_complete_save(tmp_path, monkeypatch, step):
    """The program dies right before a step: the newest complete save is still what loads."""
    save_snapshot({"i": 0}, "work", tmp_path)
    save_snapshot({"i": 1}, "work", tmp_path)

    def crash(*args, **kwargs):
        raise SystemExit("killed")

    monkeypatch.setattr(saves.os, step, crash)
    with pytest.raises(SystemExit):
        save_snapshot({"i": 2}, "work", tmp_path)
    monkeypatch.undo()
    assert load_snapshot("work", tmp_path) == {"i": 1}
    assert {"i": 0} in _on_disk(tmp_path)
    save_snapshot({"i": 3}, "work", tmp_path)  # and saving goes on normally afterwards
    assert load_snapshot("work", tmp_path) == {"i": 3}
    assert {"i": 1} in _on_disk(tmp_path)


def test_load_falls_back_to_the_newest_valid_earlier_save_and_says_so(tmp_path):
    for i in range(3):
        save_snapshot({"i": i}, "work", tmp_path)
    (tmp_path / "work.json").write_text('{"i": 2, "half', encoding="utf-8")  # a half-written file
    with pytest.warns(SaveRecoveredWarning, match=r"work\.json is damaged; .*work\.previous-2\.json"):
        assert load_snapshot("work", tmp_path) == {"i": 1}
    (tmp_path / "work.previous-2.json").write_bytes(b"")  # a 0-byte file, as a full disk left them
    with pytest.warns(SaveRecoveredWarning, match=r"work\.previous-1\.json"):
        assert load_snapshot("work", tmp_path) == {"i": 0}
    (tmp_path / "work.json").unlink()
    with pytest.warns(SaveRecoveredWarning, match=r"work\.json is missing"):
        assert load_snapshot("work", tmp_path) == {"i": 0}
    (tmp_path / "work.previous-1.json").write_bytes(b"\xff\xfe not text")
    with pytest.raises(ValueError, match=r"every save of 'work' .* is damaged"):
        load_snapshot("work", tmp_path)


def test_load_without_any_save_is_none(tmp_path):
    assert load_snapshot("work", tmp_path) is None
    assert load_snapshot("work", tmp_path / "no_such_folder") is None


@pytest.mark.parametrize("name", ["", " ", "../escape", "a/b", "a\\b", ".hidden", "x" * 101, 5, None, b"work"])
def test_save_and_load_check_the_name_alike(tmp_path, name):
    with pytest.raises(ValueError, match="name must be a plain file name"):
        save_snapshot({"i": 0}, name, tmp_path)
    with pytest.raises(ValueError, match="name must be a plain file name"):
        load_snapshot(name, tmp_path)


@pytest.mark.parametrize("snapshot", [[1, 2], "text", None, {"x": float("nan")}, {"x": object()}])
def test_a_snapshot_that_is_not_json_is_refused_before_touching_the_disk(tmp_path, snapshot):
    with pytest.raises(ValueError, match="snapshot must"):
        save_snapshot(snapshot, "work", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_read_only_folder_fails_loudly_and_keeps_the_save(tmp_path, monkeypatch):
    """A read-only folder (simulated: the tests may run as root, who may write anywhere)."""
    save_snapshot({"i": 0}, "work", tmp_path)
    real_mkstemp = saves.tempfile.mkstemp

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(saves.tempfile, "mkstemp", read_only)
    with pytest.raises(SaveError, match="Read-only file system; your earlier saves are unchanged"):
        save_snapshot({"i": 1}, "work", tmp_path)
    monkeypatch.setattr(saves.tempfile, "mkstemp", real_mkstemp)
    assert load_snapshot("work", tmp_path) == {"i": 0}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_really_read_only_folder_fails_loudly(tmp_path):
    save_snapshot({"i": 0}, "work", tmp_path)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="Permission denied"):
            save_snapshot({"i": 1}, "work", tmp_path)
    finally:
        tmp_path.chmod(0o755)
    assert load_snapshot("work", tmp_path) == {"i": 0}


# ---- several programs saving at once -------------------------------------------------------------
def _saver(args):
    folder, worker, rounds = args
    done = []
    for i in range(rounds):
        save_snapshot({"worker": worker, "round": i}, "work", folder)
        done.append((worker, i))
    return done


def test_concurrent_saves_from_several_processes_lose_nothing(tmp_path):
    workers, rounds = 4, 25
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        results = pool.map(_saver, [(str(tmp_path), w, rounds) for w in range(workers)])
    confirmed = {pair for done in results for pair in done}
    assert len(confirmed) == workers * rounds  # every save returned: none failed silently
    kept = [(s["worker"], s["round"]) for s in _on_disk(tmp_path)]
    assert len(kept) == len(set(kept)) == workers * rounds  # each exactly once: none lost, none doubled
    assert set(kept) == confirmed
    assert _leftovers(tmp_path) == []
    latest = load_snapshot("work", tmp_path)
    for w in range(workers):  # each program's own saves stay in the order it made them
        numbers = sorted(
            (int(p.name.split("-")[-1].split(".")[0]), json.loads(p.read_text())["round"])
            for p in tmp_path.glob("work.previous-*.json")
            if json.loads(p.read_text())["worker"] == w
        )
        rounds_in_order = [r for _, r in numbers] + ([latest["round"]] if latest["worker"] == w else [])
        assert rounds_in_order == sorted(rounds_in_order)


# ---- the panel's Save button ---------------------------------------------------------------------
def _toy_panel():
    from helpers.whatif import Panel, WhatIf, lever

    spec = WhatIf(
        title="toy",
        model=lambda rate: {"rate": rate},
        controls=(lever("rate", "Rate", 0, 10, 5, step=1, help="toy"),),
        draw=lambda fig, base, res, params: fig.subplots().bar([0, 1], [base["rate"], res["rate"]]),
        read=lambda base, res, params: f"rate {res['rate']}",
        source="Source: toy.",
        alt="toy bars",
        summary=lambda res: {"rate": res["rate"]},
        save_as="toy_save",
    )
    return Panel(spec)


def _save_button(widget):
    stack = [widget]
    while stack:
        w = stack.pop()
        if getattr(w, "icon", "") == "save":
            return w
        stack.extend(getattr(w, "children", ()))
    raise AssertionError("no Save button in the panel")


def test_save_button_reports_success_and_failure_in_the_status_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    panel = _toy_panel()
    button = _save_button(panel.widget)
    status = panel._widgets["status"]
    button.click()
    assert "Saved to my_work/toy_save.json" in status.value
    assert load_snapshot("toy_save", tmp_path / "my_work")["settings"]["rate"] == 5

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(saves.tempfile, "mkstemp", read_only)
    panel.set(rate=7)
    button.click()
    assert "Not saved" in status.value and "Read-only file system" in status.value
    assert "Saved to" not in status.value
