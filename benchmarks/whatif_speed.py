"""How fast does each what-if respond? Kernel side, figure included.

For every panel the helpers declare (WHAT_IFS), move its controls to random values within their
ranges many times and time ``panel.set(...)`` + ``panel.render()`` - the model, the reading, the
figure and its SVG: everything the kernel does before the browser gets the new picture.
Target on a 2-core machine (issue 9): median <= 30 ms and 95th percentile <= 50 ms.

    python benchmarks/whatif_speed.py [--moves 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import random
import statistics
import sys
import time

import helpers

MEDIAN_TARGET_MS, P95_TARGET_MS = 30.0, 50.0  # issue 9: kernel side median <= 30 ms, p95 <= 50 ms


def factories():
    for info in pkgutil.iter_modules(helpers.__path__):
        module = importlib.import_module(f"helpers.{info.name}")
        for name, factory in getattr(module, "WHAT_IFS", {}).items():
            yield f"{info.name}.{name}", factory


def random_value(control, rng):
    if control.options:
        return rng.choice([v for _, v in control.options])
    steps = round((control.high - control.low) / control.step)
    value = control.low + rng.randint(0, steps) * control.step
    value = min(max(value, control.low), control.high)
    return int(round(value)) if control.is_int else value


def time_panel(factory, moves: int, rng: random.Random) -> list[float]:
    panel = factory()
    panel.render()  # warm-up: first figure, font cache
    times = []
    for _ in range(moves):
        control = rng.choice(panel.spec.controls)  # one slider moved at a time, as a student does
        value = random_value(control, rng)
        start = time.perf_counter()
        panel.set(**{control.name: value})
        panel.render()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    print(f"{'what-if':40s} {'median ms':>10s} {'p95 ms':>8s} {'max ms':>8s}  verdict")
    slow = 0
    for name, factory in factories():
        times = sorted(time_panel(factory, args.moves, rng))
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        ok = median <= MEDIAN_TARGET_MS and p95 <= P95_TARGET_MS
        slow += not ok
        print(f"{name:40s} {median:10.1f} {p95:8.1f} {times[-1]:8.1f}  {'ok' if ok else 'SLOW'}")
    print(f"targets: median <= {MEDIAN_TARGET_MS:.0f} ms, p95 <= {P95_TARGET_MS:.0f} ms ({args.moves} moves each)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
