#!/usr/bin/env python3
"""Time the change-log differ on the real Kent CSA (2.0 -> 4.0); target: under 0.5 s.

Run: python bench/bench_diff.py [runs]
Loading and validating are timed separately; the figure that matters is the diff.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from csa.build.pipeline import load_documents  # noqa: E402
from csa.diff.changelog import generated_row  # noqa: E402
from csa.diff.compare import compare_versions  # noqa: E402
from csa.inline import render_inline  # noqa: E402
from csa.project import Project  # noqa: E402


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(runs: int = 7) -> None:
    load_time, documents = timed(lambda: load_documents(Project(ROOT)))
    kent = documents[0]
    old, new = kent.version("2.0"), kent.version("4.0")
    cold_times, warm_times = [], []
    for _ in range(runs):
        render_inline.cache_clear()  # cold: Markdown converted again, as in a fresh process
        cold, diff = timed(lambda: compare_versions(old, new))
        warm, _ = timed(lambda: compare_versions(old, new))
        cold_times.append(cold)
        warm_times.append(warm)
    row_time, row = timed(lambda: generated_row(kent, diff))
    cold_median, warm_median = statistics.median(cold_times), statistics.median(warm_times)
    print(f"load + validate both documents : {load_time * 1000:8.1f} ms (once)")
    print(f"diff 2.0 -> 4.0, cold (median) : {cold_median * 1000:8.1f} ms over {runs} runs")
    print(f"diff 2.0 -> 4.0, warm (median) : {warm_median * 1000:8.1f} ms")
    print(f"write the row from the diff    : {row_time * 1000:8.1f} ms ({len(row.changes)} entries)")
    print(f"target 500 ms; cold diff uses {cold_median / 0.5:.1%} of it")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
