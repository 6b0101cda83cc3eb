"""How long does executing every notebook take, against the floor of starting as many kernels?

The floor: the same number of notebooks that only start a kernel and import the stack the course
notebooks use (numpy, pandas, matplotlib with its inline backend, ipywidgets, frictionless). Each
course notebook runs right after its floor notebook, in the same conditions, headless (nbclient, the
kernel of this environment), in a scratch copy of notebooks/ so nothing a student saved is touched.
Target (issue 9): all notebooks within 1.5x the floor.

    python benchmarks/notebooks_speed.py [--rounds 1]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 1.5
STACK = "import numpy, pandas, matplotlib, matplotlib.pyplot, ipywidgets, frictionless\n%matplotlib inline"


def _execute(nb, folder: Path) -> float:
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def _floor_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(STACK)]
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="repeat the whole comparison; the median is reported")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    ratios = []
    with tempfile.TemporaryDirectory(prefix="soft-landing-bench-") as scratch:
        folder = Path(scratch) / "notebooks"
        shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns("my_work", ".ipynb_checkpoints"))
        print(f"{'notebook':32s} {'floor s':>8s} {'run s':>8s} {'ratio':>6s}")
        for round_no in range(args.rounds):
            floor_total = run_total = 0.0
            for path in paths:
                floor = _execute(_floor_notebook(), folder)
                run = _execute(nbformat.read(folder / path.name, as_version=4), folder)
                floor_total += floor
                run_total += run
                print(f"{path.name:32s} {floor:8.2f} {run:8.2f} {run / floor:6.2f}")
            ratio = run_total / floor_total
            ratios.append(ratio)
            print(f"{f'all {len(paths)} (round {round_no + 1})':32s} {floor_total:8.2f} {run_total:8.2f} {ratio:6.2f}")
    ratio = statistics.median(ratios)
    ok = ratio <= RATIO_TARGET
    print(f"executing all notebooks: {ratio:.2f}x the floor (target <= {RATIO_TARGET}x)  {'ok' if ok else 'SLOW'}")
    print(f"floor notebook: one cell, {STACK!r}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
