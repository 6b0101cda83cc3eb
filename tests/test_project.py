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


def test_environment_yml_matches_pyproject_runtime_dependencies():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {_name(d): d for d in env["dependencies"] if isinstance(d, str)}
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    runtime = {_name(d): d for d in _pyproject()["project"]["dependencies"]}
    assert set(runtime) == set(conda) - {"python", "pip"}, "environment.yml and pyproject.toml list different packages"
    for name, spec in runtime.items():
        assert spec.replace(" ", "") == conda[name].replace(" ", ""), f"lower bound of {name} differs"
    assert "-e ." in pip_part, "environment.yml must install this repository"


def test_dependencies_pin_lower_bounds_not_exact_versions():
    project = _pyproject()["project"]
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert ">=" in spec and "==" not in spec, spec


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
