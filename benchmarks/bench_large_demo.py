"""How long generating the large demo database takes (target: under two minutes).

Each run is a fresh process writing a fresh file, as ``python -m desktop demo --scale large`` does.
Usage: python benchmarks/bench_large_demo.py [--runs 3] [--cases 1000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, load_average, machine, peak_rss_mb, speed_reference  # noqa: E402

CHILD = """
import sys
from desktop.demo.large import create_large_demo
print(create_large_demo(sys.argv[1], cases=int(sys.argv[2])))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    print(f"machine: {machine()}; {load_average()}; speed reference {speed_reference():.0f} ms")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            path = Path(tmp) / f"large-{run}.db"
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), str(args.cases)],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            times.append(time.perf_counter() - start)
            size = path.stat().st_size / 1e6
            print(f"run {run + 1}: {times[-1]:6.1f} s  {size:6.0f} MB  {out}", flush=True)
            path.unlink()
    print(
        f"large demo generation: median {statistics.median(times):.1f} s over {len(times)} runs (target < 120 s)"
    )
    print(f"peak memory of the generating process: {peak_rss_mb(children=True):.0f} MB")


if __name__ == "__main__":
    main()
