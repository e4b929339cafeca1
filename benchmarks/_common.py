"""Shared helpers for the benchmark scripts: timing, medians, peak memory, the large database."""

from __future__ import annotations

import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("/tmp/ansvarsgruppe-large.db")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or of the finished children), in MB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / (1024 * 1024)


def measure(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) per call for ``runs`` calls after ``warmup`` unmeasured ones.

    CPU time is printed beside wall time because the development machine is shared: under load
    the wall clock mostly measures waiting for a core, the CPU time what the call costs.
    """
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
    return times


def report(name: str, times: list[tuple[float, float]], target_ms: float | None = None) -> None:
    wall = [w for w, _c in times]
    cpu = [c for _w, c in times]
    p90 = sorted(wall)[max(0, int(len(wall) * 0.9) - 1)]
    target = f"  (target ≤ {target_ms:g} ms)" if target_ms is not None else ""
    print(
        f"{name:<42} median {statistics.median(wall):7.1f} ms  p90 {p90:7.1f} ms  "
        f"CPU {statistics.median(cpu):6.1f} ms  n={len(wall)}{target}"
    )


def speed_reference() -> float:
    """Milliseconds for a fixed pure-Python workload (median of 5), printed next to the figures.

    The development VM runs the same code up to 1.6 times slower for minutes at a time; this
    figure helps to tell a slow machine from slow code (it does not catch every slow spell).
    """

    def work() -> int:
        total = 0
        for i in range(300_000):
            total += (i * 7) % 13
        return total

    times = []
    for _ in range(5):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def load_average() -> str:
    try:
        import os

        return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    except OSError:
        return "load average unknown"


def ensure_large_db(path: Path) -> Path:
    """The large demo database, generated once (about a minute) and reused."""
    if not path.exists():
        print(f"generating {path} (1 000 cases, 20 000 meetings, 200 000 tasks)…", flush=True)
        subprocess.run(
            [sys.executable, "-m", "desktop", "demo", "--db", str(path), "--scale", "large"],
            cwd=ROOT,
            check=True,
        )
    return path
