"""How long the UI thread is blocked while someone types notes in the meeting runner (target ≤ 16 ms).

Opens the meeting runner offscreen on a copy of the large database, starts a planned meeting and
types notes at about 12 keystrokes a second for a while, so that the autosave (0.6 s after the first
keystroke of a burst) fires many times and writes on its background thread. Meanwhile a 1 ms
heartbeat timer on the UI thread records the gaps between its ticks: a gap is time the UI thread
could not react. Reported: the time spent in each autosave flush on the UI thread, the longest gaps of the
heartbeat outside the synthetic keystrokes themselves, and how much of a gap was the UI thread's
own CPU time (``time.thread_time``) rather than waiting for the CPU or for the GIL held by the
background writer.
Usage: python benchmarks/bench_autosave.py [--db /tmp/ansvarsgruppe-large.db] [--seconds 12]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_DB, ROOT, ensure_large_db, load_average, machine, speed_reference  # noqa: E402

sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

KEY_INTERVAL_MS = 80  # a fast typist: 12 keystrokes a second
WARM_UP_S = 2.0  # typed but not measured: the runner's first paint, the first autosave
TEXT = "Kari forteller at det har gått bedre med søvnen, men hun gruer seg til møtet med NAV. "


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--seconds", type=float, default=12.0)
    args = parser.parse_args()
    source = ensure_large_db(args.db)
    print(f"machine: {machine()}; {load_average()}; speed reference {speed_reference():.0f} ms")

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtTest import QTest
    from sqlmodel import col, select

    from desktop.db import Database, online_backup
    from desktop.models import Meeting
    from desktop.models.enums import MeetingStatus
    from desktop.ui.app import create_application
    from desktop.ui.meeting_workspace import KEEP, MeetingWorkspace

    app = create_application("nb")
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        path = Path(folder) / "copy.db"
        online_backup(source, path)
        db = Database.open(path)
        with db.session() as session:
            meeting_id = session.exec(
                select(Meeting.id).where(Meeting.status == MeetingStatus.PLANNED).order_by(col(Meeting.id))
            ).first()
        assert meeting_id is not None, "the large database has no planned meeting"
        workspace = MeetingWorkspace(db)
        workspace.ask_move_start = lambda planned: KEEP  # type: ignore[method-assign]
        workspace.resize(1366, 740)
        workspace.show()
        workspace.open_meeting(meeting_id)
        workspace.start_meeting()
        runner = workspace.runner
        editor = runner.notes_edit
        editor.setFocus()

        flushes: list[float] = []
        original_flush = runner.flush_text

        def timed_flush() -> None:
            started = time.perf_counter()
            original_flush()
            flushes.append((time.perf_counter() - started) * 1000)

        runner.flush_text = timed_flush  # type: ignore[method-assign]
        runner._autosave.timeout.disconnect()
        runner._autosave.timeout.connect(timed_flush)

        gaps: list[float] = []
        gap_cpu: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]
        last_cpu = [time.thread_time()]
        in_keystroke = [False]

        def beat() -> None:
            now, cpu = clock.nsecsElapsed(), time.thread_time()
            if not in_keystroke[0]:
                gaps.append((now - last[0]) / 1e6)
                gap_cpu.append((cpu - last_cpu[0]) * 1000)
            last[0], last_cpu[0] = now, cpu

        heartbeat = QTimer()
        heartbeat.setInterval(1)
        heartbeat.timeout.connect(beat)
        heartbeat.start()

        typed = 0
        key_times: list[float] = []
        warm_up_until = time.perf_counter() + WARM_UP_S
        measuring = False
        deadline = warm_up_until + args.seconds
        while time.perf_counter() < deadline:
            if not measuring and time.perf_counter() >= warm_up_until:
                # The runner's first paint and first autosave happen in the warm-up (up to 40 ms,
                # once); from here on, steady typing.
                measuring = True
                warm_up = (max(gaps) if gaps else 0.0, len(flushes))
                gaps.clear()
                gap_cpu.clear()
                flushes.clear()
                key_times.clear()
            char = TEXT[typed % len(TEXT)]
            in_keystroke[0] = True
            started = time.perf_counter()
            QTest.keyClicks(editor, char)
            key_times.append((time.perf_counter() - started) * 1000)
            last[0], last_cpu[0] = clock.nsecsElapsed(), time.thread_time()
            in_keystroke[0] = False
            typed += 1
            until = time.perf_counter() + KEY_INTERVAL_MS / 1000
            while time.perf_counter() < until:
                app.processEvents()
        heartbeat.stop()
        runner.flush_text()
        workspace.ctx.writer.wait()
        with db.session() as session:
            from desktop.models import Note

            saved = session.exec(select(Note.text).where(Note.meeting_id == meeting_id)).all()
        workspace.close()
        db.dispose()

    gaps.sort()
    gap_cpu.sort()
    print(f"warm-up ({WARM_UP_S:.0f} s, not counted below): longest gap {warm_up[0]:.1f} ms")
    print(f"typed {typed} keystrokes in all; measured {args.seconds:.0f} s with {len(flushes)} autosaves; saved text "
          f"{'complete' if any(len(t) >= typed for t in saved) else 'INCOMPLETE'}")
    print(
        f"autosave flush on the UI thread: median {statistics.median(flushes):.2f} ms, "
        f"max {max(flushes):.2f} ms (target ≤ 16 ms)"
    )
    print(
        f"UI thread gaps between keystrokes (1 ms heartbeat): p99 {gaps[int(len(gaps) * 0.99)]:.1f} ms, "
        f"max {gaps[-1]:.1f} ms over {len(gaps)} beats (target ≤ 16 ms)"
    )
    print(
        f"UI thread CPU time inside those gaps (the rest is waiting: other processes, the GIL): "
        f"p99 {gap_cpu[int(len(gap_cpu) * 0.99)]:.1f} ms, max {gap_cpu[-1]:.1f} ms"
    )
    print(f"one synthetic keystroke (Qt's own text handling): median {statistics.median(key_times):.2f} ms")


if __name__ == "__main__":
    main()
