"""helpers.data's validation cache: a table Frictionless found valid is not checked again by the next
kernel; a changed file, schema or Frictionless release is; a broken or unwritable cache is no cache
(never an error); two kernels at once are safe. Every test keeps its cache in its own tmp folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import data
from helpers.data import DataError
from conftest import ROOT


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of this test's own; returns the folder the entries go to."""
    monkeypatch.setenv("SOFT_LANDING_CACHE", str(tmp_path / "cache"))
    data._load_cached.cache_clear()
    yield tmp_path / "cache" / "validated"
    data._load_cached.cache_clear()  # nothing loaded under this test's cache reaches the next test


@pytest.fixture
def checks(monkeypatch):
    """The tables Frictionless checks, in order (data._validate still runs)."""
    seen = []
    real = data._validate

    def counting(res, raw):
        seen.append(res["name"])
        return real(res, raw)

    monkeypatch.setattr(data, "_validate", counting)
    return seen


def new_kernel():
    """What a new kernel starts with: nothing loaded in memory (the cache folder stays)."""
    data._load_cached.cache_clear()


def entries(folder):
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_a_table_found_valid_is_not_checked_again(cache, checks):
    first = data.load("claims")
    assert checks == ["claims", "sources"]  # claims links to sources, which is loaded (and checked) too
    assert len(entries(cache)) == 2
    new_kernel()
    again = data.load("claims")
    assert checks == ["claims", "sources"]  # nothing checked again
    assert again.equals(first)


def test_changed_bytes_are_checked_again_and_damage_is_still_named(damaged, cache, checks):
    path = damaged / "claims.csv"
    original = path.read_bytes()
    data.load("claims")
    # The same size and modification time, other bytes: only the content can tell.
    stat = path.stat()
    edited = original.replace(b",90,course_coding", b",80,course_coding", 1)
    assert edited != original and len(edited) == len(original)
    path.write_bytes(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    new_kernel()
    checks.clear()
    assert data.load("claims")["author_confidence_pct"].eq(80).any()
    assert checks == ["claims"]
    path.write_bytes(original.replace(b",90,course_coding", b",190,course_coding", 1))
    new_kernel()
    with pytest.raises(DataError, match=r"data/claims\.csv, row 4, column 'author_confidence_pct'"):
        data.load("claims")
    path.write_bytes(original)  # restored: known again
    new_kernel()
    checks.clear()
    data.load("claims")
    assert checks == []


def test_a_changed_schema_is_checked_again(damaged, cache, checks):
    data.load("claims")
    descriptor = json.loads((damaged / "datapackage.json").read_text(encoding="utf-8"))
    claims = next(r for r in descriptor["resources"] if r["name"] == "claims")
    field = next(f for f in claims["schema"]["fields"] if f["name"] == "author_confidence_pct")
    field.setdefault("constraints", {})["maximum"] = 50  # the same file no longer fits its schema
    (damaged / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    new_kernel()
    with pytest.raises(DataError, match=r"data/claims\.csv, row \d+, column 'author_confidence_pct'"):
        data.load("claims")


def test_another_frictionless_release_checks_again(cache, checks, monkeypatch):
    data.load("leaders")
    checks.clear()
    monkeypatch.setattr(data, "_frictionless_version", lambda: "999.0.0")
    new_kernel()
    data.load("leaders")
    assert "leaders" in checks


@pytest.mark.parametrize(
    "content",
    [b"", b"{ not json", b"\xff\xfe not UTF-8", b"[1, 2]", b'{"key": "someone else\'s"}', b'"just text"'],
    ids=["empty", "not-json", "not-utf8", "a-list", "wrong-key", "a-string"],
)
def test_a_damaged_cache_is_ignored_and_repaired(cache, checks, content):
    data.load("leaders")
    damaged_entries = entries(cache)
    assert damaged_entries
    for entry in damaged_entries:
        entry.write_bytes(content)
    new_kernel()
    checks.clear()
    assert len(data.load("leaders")) > 0
    assert "leaders" in checks  # a damaged entry is no entry: checked again
    new_kernel()
    checks.clear()
    data.load("leaders")
    assert checks == []  # and written again


def test_an_entry_that_is_a_folder_is_ignored(cache, checks):
    data.load("leaders")
    for entry in entries(cache):
        entry.unlink()
        entry.mkdir()  # os.replace cannot put a file there either
    new_kernel()
    checks.clear()
    assert len(data.load("leaders")) > 0
    assert "leaders" in checks
    assert not list(cache.glob(".tmp-*"))


def test_an_unwritable_cache_folder_still_loads(tmp_path, monkeypatch, checks):
    """A read-only home (here: the cache path runs through a file, which fails for root too): no cache."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SOFT_LANDING_CACHE", str(blocker / "cache"))
    new_kernel()
    try:
        assert len(data.load("leaders")) > 0
        new_kernel()
        data.load("leaders")
    finally:
        new_kernel()
    assert checks.count("leaders") == 2  # checked by each kernel, as without a cache
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_failed_write_leaves_no_temporary_file(cache, checks, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "read-only file system", str(dst))

    monkeypatch.setattr(data.os, "replace", refuse)
    assert len(data.load("leaders")) > 0
    assert cache.is_dir() and not list(cache.iterdir())  # neither an entry nor a half-written file


def test_the_default_folder_is_the_users_cache_folder(tmp_path, monkeypatch, checks):
    import platformdirs

    asked = []

    def user_cache_dir(appname, appauthor=None):
        asked.append(appname)
        return str(tmp_path / "home-cache" / appname)

    monkeypatch.delenv("SOFT_LANDING_CACHE", raising=False)
    monkeypatch.setattr(platformdirs, "user_cache_dir", user_cache_dir)
    new_kernel()
    try:
        data.load("leaders")
    finally:
        new_kernel()
    assert asked and entries(tmp_path / "home-cache" / "soft-landing-course" / "validated")


def test_off_means_no_cache(tmp_path, monkeypatch, checks):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOFT_LANDING_CACHE", "off")
    new_kernel()
    try:
        data.load("leaders")
        new_kernel()
        data.load("leaders")
    finally:
        new_kernel()
    assert checks.count("leaders") == 2
    assert not list(tmp_path.iterdir())  # not a folder named "off" either


def test_the_cache_stays_small(cache, checks, monkeypatch):
    monkeypatch.setattr(data, "_CACHE_MAX", 6)
    cache.mkdir(parents=True)
    for i in range(6):
        old = cache / f"{i:064x}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, ns=(1, 1 + i))
    data.load("leaders")
    kept = entries(cache)
    assert len(kept) <= 6
    assert not (cache / f"{0:064x}.json").exists()  # the oldest went first
    new_kernel()
    checks.clear()
    data.load("leaders")
    assert checks == []  # the new entries were kept


TWO_KERNELS = """
import sys
from helpers import data
checked = []
real = data._validate
data._validate = lambda res, raw: (checked.append(res["name"]), real(res, raw))[1]
for round_no in range(int(sys.argv[1])):
    data._load_cached.cache_clear()
    for name in data.resource_names():
        data.load(name)
print(len(checked))
"""


def test_two_kernels_at_once_are_safe(tmp_path):
    env = {**os.environ, "SOFT_LANDING_CACHE": str(tmp_path / "cache")}
    env.pop("SOFT_LANDING_DATA", None)
    command = [sys.executable, "-W", "error", "-c", TWO_KERNELS]
    procs = [subprocess.Popen(command + ["2"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    counts = []
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0 and err == "", err[-2000:]
        counts.append(int(out))
    tables = len(data.resource_names())
    assert max(counts) <= tables <= sum(counts)  # each kernel checks a table at most once; each table is checked
    folder = tmp_path / "cache" / "validated"
    assert len(entries(folder)) == tables
    assert not list(folder.glob(".tmp-*"))
    for entry in entries(folder):
        assert json.loads(entry.read_text(encoding="utf-8"))["key"] == entry.stem
    third = subprocess.run(command + ["1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert third.returncode == 0 and third.stderr == "", third.stderr[-2000:]
    assert third.stdout.strip() == "0"  # a third kernel checks nothing


def test_the_frictionless_version_is_the_installed_one():
    """The validation key names the Frictionless version, read from the metadata beside the package
    (faster than importlib.metadata's search): it must be the version importlib.metadata reports."""
    from importlib.metadata import version

    data._frictionless_version.cache_clear()
    try:
        assert data._frictionless_version() == version("frictionless")
    finally:
        data._frictionless_version.cache_clear()
