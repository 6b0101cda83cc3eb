"""Project wiring: the conda environment and pyproject agree, the README's commands are the ones
that exist, CI calls the README's test command, and the course never reaches the network."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].strip().lower()


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _declared():
    project = _pyproject()["project"]
    return project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]


def test_environment_yml_matches_pyproject_runtime_and_test_dependencies():
    """A conda or Binder user gets the same packages, bounds included, and can run the tests too."""
    env = _environment()
    conda = {_name(d): d for d in env["dependencies"] if isinstance(d, str)}
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    # packages conda-forge does not carry come from PyPI in the pip section, with the same bounds
    conda.update({_name(d): d for d in pip_part if not d.startswith("-")})
    declared = {_name(d): d for d in _declared()}
    assert set(declared) == set(conda) - {"python", "pip"}, "environment.yml and pyproject.toml list different packages"
    for name, spec in declared.items():
        assert spec.replace(" ", "") == conda[name].replace(" ", ""), f"bounds of {name} differ"
    assert {"pytest", "nbval", "hypothesis"} <= set(conda)
    assert "-e ." in pip_part, "environment.yml must install this repository"
    python = _pyproject()["project"]["requires-python"]
    assert conda["python"].replace(" ", "") == f"python{python}"


def test_dependencies_have_a_minimum_and_a_cap_below_the_next_major_release():
    for spec in _declared():
        bounds = dict(re.findall(r"(>=|<)\s*([0-9][0-9.]*)", spec))
        assert "==" not in spec and set(bounds) == {">=", "<"}, spec
        low = [int(x) for x in bounds[">="].split(".")]
        high = [int(x) for x in bounds["<"].split(".")]
        assert low < high, spec
        if high[0] > 0:  # 1.x and later: a major release is what may break; 0.x: the next minor
            assert high[0] == low[0] + 1 or (high[0] == low[0] + 2 and len(high) == 1), spec


def test_minimum_versions_script_pins_every_declared_package():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / ".ci" / "minimums.py")], capture_output=True, text=True, check=True)
    pins = dict(line.split("==") for line in out.stdout.split())
    declared = {_name(d): re.search(r">=\s*([0-9][0-9.]*)", d).group(1) for d in _declared()}
    assert {k.lower(): v for k, v in pins.items()} == declared


def test_make_check_is_the_fast_loop_with_the_linter():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check" in recipe and "not browser" in recipe and "--nbval" not in recipe
    assert "ruff" in {_name(d) for d in _pyproject()["project"]["optional-dependencies"]["test"]}
    assert "ruff" in _pyproject()["tool"]


def test_make_teacher_serves_a_copy_never_the_notebooks_folder():
    """A teacher's run or save must not rewrite the committed teacher edition (tryout finding 19)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nteacher:", 1)[1].split("\n\n", 1)[0]
    served = re.search(r"root_dir=(\S+)", recipe).group(1)
    assert "notebooks" not in served and "helpers.editions sync" in recipe and "--edition teacher" in recipe
    assert "TEACHER_DIR" in served and re.search(r"^teacher_course/$", (ROOT / ".gitignore").read_text(), re.M)


def test_readme_quick_start_is_two_commands_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip() and not line.startswith("#")]
    assert commands == ["make start", "make test"], commands
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^start:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", ci, re.M)
    assert "chromium" in ci


def test_helpers_never_reach_the_network():
    pattern = re.compile(r"\b(requests|urllib|http\.client|socket|httpx|urlopen)\b")
    for path in (ROOT / "helpers").glob("*.py"):
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))
        assert not pattern.search(code), f"{path.name} imports a network module"


def test_the_top_level_holds_only_the_project():
    """Nothing a test or a run writes (a save, a build, a student's copy) is committed at the top level."""
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    top = {line.split("/")[0] for line in tracked.splitlines() if line}
    allowed = {"README.md", "environment.yml", "pyproject.toml", "Makefile", ".gitignore", ".ci",
               "notebooks", "helpers", "data", "tests", "benchmarks"}
    assert top <= allowed, f"unexpected files at the top level: {sorted(top - allowed)}"


def test_readme_course_map_agrees_with_the_course():
    """Each row of the README's course map: the notebook's time, and a link once the notebook exists."""
    from helpers import course

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \| (.+?) \| .+? \| (\d+) min \|$", readme, flags=re.M)
    assert [r[0] for r in rows] == [nb.stem[:2] for nb in course.NOTEBOOKS]
    for (number, cell, minutes), nb in zip(rows, course.NOTEBOOKS):
        assert int(minutes) == nb.minutes, f"README gives {nb.stem} {minutes} min, the course map {nb.minutes}"
        exists = (ROOT / "notebooks" / nb.file).exists()
        assert (f"(notebooks/{nb.file})" in cell) == exists, f"README row {number}: link and notebook disagree"
