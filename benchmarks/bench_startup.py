"""Process start to a shown main window (≤ 0.6 s) and to a populated case list (≤ 1.0 s), large DB.

Each run is a fresh ``python`` process that imports the app, opens (and checks) the database,
builds the main window and shows it, as ``python -m desktop`` does; the clock runs from just
before the process is started until the child reports the window shown. The child also reports
whether PDF or signing code (reportlab, pyhanko) was imported before the window was shown: it must
not be. The data layer (SQLAlchemy, SQLModel, the tables) imports on a thread once the event loop runs, as
in ``run_gui``; the window shows «Loading cases …» and fills its case list through the ordinary
service when the data layer has arrived. The child runs the event loop until
the list is filled.
Usage: python benchmarks/bench_startup.py [--db /tmp/ansvarsgruppe-large.db] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_DB, ROOT, ensure_large_db, load_average, machine, speed_reference  # noqa: E402

CHILD = r"""
import sys, time, resource
from pathlib import Path
from desktop.ui.app import create_application, show_main_window
app = create_application("nb")
from desktop.db import Database
from desktop.ui.main_window import MainWindow
db = Database.open(Path(sys.argv[1]))
window = show_main_window(MainWindow(db))
app.processEvents()
shown = time.time()
heavy = sorted(m for m in ("reportlab", "pyhanko") if m in sys.modules)
usage = resource.getrusage(resource.RUSAGE_SELF)
rss = usage.ru_maxrss / 1024
cpu = (usage.ru_utime + usage.ru_stime) * 1000
while window.is_loading_cases or not window.case_list.model.rowCount():  # «Loading cases …»
    app.processEvents()
    time.sleep(0.002)
ready = time.time()
print(f"SHOWN {shown!r} {rss:.0f} {','.join(heavy) or '-'} {cpu:.0f} {ready!r}", flush=True)
window.close()
db.dispose()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = ensure_large_db(args.db)
    print(f"machine: {machine()}; {load_average()}; speed reference {speed_reference():.0f} ms")
    # An installed application runs from compiled bytecode (pip and PyInstaller compile it); a
    # checkout with PYTHONDONTWRITEBYTECODE would compile ~100 modules from source at every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")], check=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times, peaks, cpus, readies, heavy = [], [], [], [], set()
    for _ in range(args.runs + 1):  # the first run warms the disk cache and is not counted
        start = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        line = next(row for row in out.splitlines() if row.startswith("SHOWN "))
        _tag, shown, rss, modules, cpu, ready = line.split()
        readies.append((float(ready) - start) * 1000)
        cpus.append(float(cpu))
        times.append((float(shown) - start) * 1000)
        peaks.append(float(rss))
        heavy |= set() if modules == "-" else set(modules.split(","))
    times, peaks, cpus, readies = times[1:], peaks[1:], cpus[1:], readies[1:]
    print(
        f"start to shown main window: median {statistics.median(times):.0f} ms, "
        f"min {min(times):.0f} ms, max {max(times):.0f} ms over {len(times)} runs (target ≤ 600 ms)"
    )
    print(
        f"start to a populated case list (the data layer imported on a thread meanwhile): "
        f"median {statistics.median(readies):.0f} ms, min {min(readies):.0f} ms (target ≤ 1000 ms)"
    )
    print(f"CPU time of the process up to the shown window: median {statistics.median(cpus):.0f} ms")
    print(f"peak memory of the GUI process: {max(peaks):.0f} MB (target < 300 MB)")
    print(f"PDF/signing modules imported before the window was shown: {', '.join(sorted(heavy)) or 'none'}")


if __name__ == "__main__":
    main()
