"""Print a pip constraints file pinning every dependency in pyproject.toml to its declared minimum
(`make check-minimums` installs with it, so the minimums are the versions actually tested)."""

import re
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))["project"]
for spec in project["dependencies"] + sum(project["optional-dependencies"].values(), []):
    match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)", spec)
    if match:
        print(f"{match.group(1)}=={match.group(2)}")
