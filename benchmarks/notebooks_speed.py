"""How long does executing every notebook take, against the floor of starting as many kernels?

The floor: the same number of notebooks that only start a kernel and import the stack every course
notebook uses (numpy, pandas, matplotlib with its inline backend, ipywidgets; not frictionless, which
a notebook imports only when a table is not in the validation cache). Each
course notebook runs right after its floor notebook, in the same conditions, headless (nbclient, the
kernel of this environment), in a scratch copy of notebooks/ so nothing a student saved is touched.
Target (issue 9): all notebooks within 1.5x the floor.

Beside the wall times it prints the CPU time the kernels used (each kernel is a child process: its
time is counted once it has exited) and the load average, so that a reader can tell a loaded machine
from slow code; on a shared machine the verdict goes by the ratio of CPU times (said in the output).

helpers.data remembers which tables Frictionless found valid, in a cache that outlives the kernel (per
user; here a scratch folder, so the user's own cache is neither used nor touched). By default the
notebooks run with that cache warm, as every kernel after the first one does; the cost of a cold cache
(the first kernel after installing the course or editing a table) is measured on its own first: one
Python process loads every table with an empty cache, then again with the cache it filled.
``--cold`` runs every notebook with an empty cache instead. ``--figures`` also prints how much of each
notebook's kernel CPU time went to drawing figures (matplotlib's savefig and the constrained layout
of the static charts, which helpers.style runs just before it: the static charts' and the panels'
SVGs), measured in the same run by a first cell that times every save and a last cell that
prints the sum (two cells of a few milliseconds). ``--cells`` also prints where each notebook's kernel
spends its CPU time, cell by cell (IPython's pre/post_run_cell events, same run): the sums for the
import cell, the cells that show a static chart, the cells that show widgets (panels, self-checks) and
the others, and the costliest cells.

    python benchmarks/notebooks_speed.py [--rounds 1] [--cold] [--figures] [--cells]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from whatif_speed import load_text  # the same load-average line (benchmarks/ is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 1.5
CACHE_ENV = "SOFT_LANDING_CACHE"  # helpers.data's validation cache folder (see helpers/data.py)
STACK = "import numpy, pandas, matplotlib, matplotlib.pyplot, ipywidgets\n%matplotlib inline"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _execute(nb, folder: Path) -> tuple[float, float]:
    """(wall s, kernel CPU s) of executing ``nb`` in ``folder``."""
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    cpu, start = _children_cpu(), time.perf_counter()
    client.execute()  # starts the kernel, runs every cell, shuts the kernel down (and waits for it)
    return time.perf_counter() - start, _children_cpu() - cpu


LOAD_ALL = "from helpers import data\nfor name in data.resource_names():\n    data.load(name)\n"


def _load_all_cpu(cache: Path) -> float:
    """Kernel-less: CPU s of one Python process that loads every table (cache folder ``cache``)."""
    cpu = _children_cpu()
    subprocess.run([sys.executable, "-c", LOAD_ALL], cwd=ROOT, check=True, env={**os.environ, CACHE_ENV: str(cache)})
    return _children_cpu() - cpu


def _table_names() -> list[str]:
    return [r["name"] for r in json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]]


# --figures: the first cell times every savefig and every constrained layout run outside one (CPU of this
# kernel; helpers.style lays a static chart out before its savefig), the last one prints the sum.
FIGURES_FIRST = """import time as _bench_time, matplotlib.figure as _bench_figure, matplotlib.layout_engine as _bench_layout
_bench_drawing, _bench_depth = [0.0], [0]
def _bench_timed(method):
    def timed(self, *args, **kwargs):
        if _bench_depth[0]:  # inside a timed call already
            return method(self, *args, **kwargs)
        _bench_depth[0] += 1
        start = _bench_time.process_time()
        try:
            return method(self, *args, **kwargs)
        finally:
            _bench_depth[0] -= 1
            _bench_drawing[0] += _bench_time.process_time() - start
    return timed
_bench_figure.Figure.savefig = _bench_timed(_bench_figure.Figure.savefig)
_bench_layout.ConstrainedLayoutEngine.execute = _bench_timed(_bench_layout.ConstrainedLayoutEngine.execute)"""
FIGURES_LAST = "print(_bench_drawing[0])"


def _with_figure_timer(nb):
    nb.cells = [nbformat.v4.new_code_cell(FIGURES_FIRST), *nb.cells, nbformat.v4.new_code_cell(FIGURES_LAST)]
    return nb


def _figure_cpu(cells) -> float:
    return float("".join(out.get("text", "") for out in cells[-1].outputs))


# --cells: the first cell times every cell that follows (CPU of this kernel), the last one prints them.
CELLS_FIRST = """import time as _bench_ct, json as _bench_cj
_bench_cells, _bench_cstart = [], [0.0]
def _bench_pre(info): _bench_cstart[0] = _bench_ct.process_time()
def _bench_post(result): _bench_cells.append(_bench_ct.process_time() - _bench_cstart[0])
get_ipython().events.register("pre_run_cell", _bench_pre)
get_ipython().events.register("post_run_cell", _bench_post)"""
CELLS_LAST = "print(_bench_cj.dumps(_bench_cells[1:]))"  # [0]: this cell's own registration


def _with_cell_timer(nb):
    nb.cells = [nbformat.v4.new_code_cell(CELLS_FIRST), *nb.cells, nbformat.v4.new_code_cell(CELLS_LAST)]
    return nb


def _cell_kind(cell) -> str:
    outputs = json.dumps(cell.get("outputs", []))
    if "course-chart" in outputs:
        return "static chart"
    if "application/vnd.jupyter.widget-view+json" in outputs:
        return "widgets"
    if cell.source.lstrip().startswith(("import ", "from ")):
        return "imports"
    return "other"


def _cell_report(nb, figures: bool, top: int = 5) -> str:
    """Per-kind sums and the costliest cells of a notebook run with _with_cell_timer (outermost)."""
    times = json.loads("".join(out.get("text", "") for out in nb.cells[-1].outputs))
    inner = nb.cells[2:-2] if figures else nb.cells[1:-1]  # the notebook's own cells
    code = [c for c in inner if c.cell_type == "code" and c.source.strip()]
    times = times[1:] if figures else times  # the figure timer's first cell
    rows = list(zip(times, code))
    sums: dict[str, float] = {}
    for seconds, cell in rows:
        sums[_cell_kind(cell)] = sums.get(_cell_kind(cell), 0.0) + seconds
    lines = ["    cells by kind (s CPU): " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(sums.items(), key=lambda kv: -kv[1]))]
    for seconds, cell in sorted(rows, key=lambda r: -r[0])[:top]:
        lines.append(f"    {seconds:6.2f}  {cell.source.strip().splitlines()[0][:90]}")
    return "\n".join(lines)


def _floor_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(STACK)]
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="repeat the whole comparison; the median is reported")
    parser.add_argument("--cold", action="store_true", help="run every notebook with an empty validation cache")
    parser.add_argument("--figures", action="store_true", help="also time the figures' drawing (savefig) in each kernel")
    parser.add_argument("--cells", action="store_true", help="also print each notebook's kernel CPU time by cell")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    ratios, cpu_ratios = [], []
    cores = os.cpu_count() or 1
    before, load_before = load_text()
    print(f"machine: {cores} cores, {before} at the start")
    with tempfile.TemporaryDirectory(prefix="soft-landing-bench-") as scratch:
        folder = Path(scratch) / "notebooks"
        shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns("my_work", ".ipynb_checkpoints"))
        cache = Path(scratch) / "cache"
        os.environ[CACHE_ENV] = str(cache)  # the kernels inherit it
        cold, warm = _load_all_cpu(cache), _load_all_cpu(cache)
        print(f"validation cache: loading all {len(_table_names())} tables costs {cold:.2f} s CPU with an empty cache, "
              f"{warm:.2f} s with a warm one (each a new process; the difference, {cold - warm:.2f} s, is what a "
              f"kernel's first check of the tables costs)")
        print(f"the notebooks run with the cache {'EMPTY (--cold)' if args.cold else 'warm'}")
        print(f"{'notebook':32s} {'floor s':>8s} {'run s':>8s} {'ratio':>6s}   {'floor cpu':>9s} {'run cpu':>8s} {'ratio':>6s}"
              + (f"   {'figures cpu':>11s} {'ratio without':>13s}" if args.figures else ""))
        for round_no in range(args.rounds):
            totals = [0.0, 0.0, 0.0, 0.0, 0.0]  # floor wall, run wall, floor cpu, run cpu, figures cpu
            for path in paths:
                floor, floor_cpu = _execute(_floor_notebook(), folder)
                if args.cold:
                    shutil.rmtree(cache, ignore_errors=True)
                nb = nbformat.read(folder / path.name, as_version=4)
                if args.figures:
                    nb = _with_figure_timer(nb)
                if args.cells:
                    nb = _with_cell_timer(nb)
                run, run_cpu = _execute(nb, folder)
                drawing = _figure_cpu(nb.cells[1:-1] if args.cells else nb.cells) if args.figures else 0.0
                for i, value in enumerate((floor, run, floor_cpu, run_cpu, drawing)):
                    totals[i] += value
                print(f"{path.name:32s} {floor:8.2f} {run:8.2f} {run / floor:6.2f}   {floor_cpu:9.2f} {run_cpu:8.2f} "
                      f"{run_cpu / max(floor_cpu, 1e-9):6.2f}"
                      + (f"   {drawing:11.2f} {(run_cpu - drawing) / max(floor_cpu, 1e-9):13.2f}" if args.figures else ""),
                      flush=True)
                if args.cells:
                    print(_cell_report(nb, args.figures), flush=True)
            ratios.append(totals[1] / totals[0])
            cpu_ratios.append(totals[3] / max(totals[2], 1e-9))
            print(f"{f'all {len(paths)} (round {round_no + 1})':32s} {totals[0]:8.2f} {totals[1]:8.2f} {ratios[-1]:6.2f}   "
                  f"{totals[2]:9.2f} {totals[3]:8.2f} {cpu_ratios[-1]:6.2f}"
                  + (f"   {totals[4]:11.2f} {(totals[3] - totals[4]) / max(totals[2], 1e-9):13.2f}" if args.figures else ""))
    after, load_after = load_text()
    print(f"machine: {after} at the end")
    shared = max(load_before, load_after) >= cores * 0.5
    ratio, cpu_ratio = statistics.median(ratios), statistics.median(cpu_ratios)
    print(f"executing all notebooks: {ratio:.2f}x the floor in wall time, {cpu_ratio:.2f}x in kernel CPU time")
    if shared:
        print(f"SHARED MACHINE: a load average of {max(load_before, load_after):.1f} on {cores} cores; the verdict "
              f"goes by CPU time, since wall time includes waiting for a core.")
    measured = cpu_ratio if shared else ratio
    ok = measured <= RATIO_TARGET
    print(f"verdict ({'CPU' if shared else 'wall'} time): {measured:.2f}x the floor (target <= {RATIO_TARGET}x)  "
          f"{'ok' if ok else 'SLOW'}")
    print(f"floor notebook: one cell, {STACK!r}; validation cache {'empty before each notebook' if args.cold else 'warm'}")
    if args.cells:
        print("cells by kind: imports = the cells that import the helpers (the floor's one cell imports the stack); "
              "static chart = cells that show a chart (making it and its SVG); widgets = panels and self-checks")
    if args.figures:
        print("figures cpu: the kernel's CPU time in matplotlib's savefig and constrained layout (laying out, drawing and "
              "encoding every figure shown); "
              "ratio without: the CPU ratio with that time taken out")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
