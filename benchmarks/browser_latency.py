"""How instant does a slider feel in JupyterLab? End to end, in headless Chromium.

For the first what-if panel of each notebook: focus its first slider, press an arrow key, and time
until the panel's picture has changed on the page - the key press, the widget message to the kernel,
the model, the figure, and the new image back in the browser. Needs Debian's /usr/bin/chromium.

    python benchmarks/browser_latency.py [--presses 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from labdriver import first_panel, jupyterlab, launch_chromium, open_and_run_all  # noqa: E402

CHANGED = "([el, old]) => el.getAttribute('src') !== old"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"{'notebook':28s} {'median ms':>10s} {'p95 ms':>8s}  (key press -> new picture, {args.presses} presses)")
    with tempfile.TemporaryDirectory() as home, jupyterlab(notebooks, Path(home)) as lab, sync_playwright() as p:
        browser = launch_chromium(p)
        for path in notebooks:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_and_run_all(page, lab, path)
            panel, _reading, image = first_panel(page)
            handle = panel.locator("input[type='number']").first  # the first control (a labelled number field)
            handle.focus()
            handle.fill(handle.get_attribute("min"))
            handle.press("Enter")
            page.wait_for_timeout(1000)
            times = []
            for _ in range(args.presses):
                old = image.get_attribute("src")
                start = time.perf_counter()
                page.keyboard.press("ArrowUp")
                page.wait_for_function(CHANGED, arg=[image.element_handle(), old], timeout=10_000)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(f"{path.stem:28s} {statistics.median(times):10.0f} {p95:8.0f}")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
