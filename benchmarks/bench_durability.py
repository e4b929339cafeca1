"""What ``synchronous=FULL`` costs per autosave commit, compared with ``NORMAL`` (WAL mode).

The meeting runner saves the note being typed a few times a second; each save is one committed
transaction. In WAL mode ``NORMAL`` writes the WAL without waiting for the disk (a power cut may
undo the last commits), ``FULL`` waits for an fsync of the WAL at every commit. This script makes
the demo database in a folder on the disk (``--dir``; not a tmpfs, where fsync costs nothing),
then times, for each setting:

* an autosave through the service (``NoteService.set_note``: one transaction, one commit);
* the same update as one ``UPDATE`` and ``COMMIT`` on an engine connection, without a session;
* the same update through an ORM session (how most other edits are saved);
* the backup rename (online backup, fsync of the file, rename, fsync of the folder).

Usage: python benchmarks/bench_durability.py [--dir FOLDER] [--runs 200] [--note-chars 20000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, load_average, machine  # noqa: E402

sys.path.insert(0, str(ROOT))

AUTOSAVE = "autosave (NoteService.set_note)"


def _times(fn: Callable[[int], object], runs: int) -> list[float]:
    for i in range(5):  # warm-up: connections, imports, the first WAL frames
        fn(-1 - i)
    out = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[max(0, int(len(ordered) * 0.9) - 1)]
    return f"  {name:<44} median {statistics.median(times):7.2f} ms   p90 {p90:7.2f} ms   max {ordered[-1]:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--dir", type=Path, default=None, help="a folder on the disk to measure (default: /var/tmp)"
    )
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--note-chars", type=int, default=2000, help="length of the note saved each time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-data-") as data:
        os.environ.setdefault("ANSVARSGRUPPE_DATA_DIR", data)  # the lock files, the log
        run(args)


def run(args: argparse.Namespace) -> None:
    import sqlite3

    from sqlmodel import col, select

    import desktop.db.engine as db_engine
    from desktop.db import Database
    from desktop.demo.standard import create_demo
    from desktop.models import Meeting, Note
    from desktop.models.enums import NoteKind
    from desktop.services.backup import create_backup
    from desktop.services.meeting.notes import NoteService

    base = args.dir or Path("/var/tmp" if Path("/var/tmp").is_dir() else tempfile.gettempdir())
    print(f"machine: {machine()}; {load_average()}; SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory(prefix="bench-durability-", dir=base) as folder:
        path = Path(folder) / "demo.db"
        create_demo(path).dispose()
        print(f"database: {path} ({path.stat().st_size // 1024} KiB), note of {args.note_chars} characters")
        results: dict[str, dict[str, list[float]]] = {}
        for setting in ("NORMAL", "FULL"):
            db_engine.SYNCHRONOUS = setting  # read by every new connection
            db = Database.open(path)
            with db.session() as session:
                meeting_id = session.exec(select(Meeting.id).order_by(col(Meeting.id))).first()
            notes = NoteService(db)
            text = "Kari forteller at det har gått bedre med søvnen. " * (args.note_chars // 50 + 1)

            def autosave(i: int) -> None:
                notes.set_note(meeting_id, None, NoteKind.NOTE, f"{i} {text}"[: args.note_chars])  # noqa: B023

            def plain(i: int) -> None:
                with db.engine.begin() as conn:  # noqa: B023
                    conn.exec_driver_sql(
                        "UPDATE note SET text = ? WHERE id = (SELECT min(id) FROM note)",
                        (f"{i} {text}"[: args.note_chars],),  # noqa: B023
                    )

            with db.engine.connect() as conn:
                got = conn.exec_driver_sql("PRAGMA synchronous").scalar()
            assert got == {"NORMAL": 1, "FULL": 2}[setting], got

            def orm(i: int) -> None:
                with db.session() as session:  # noqa: B023
                    note = session.get(Note, note_id)  # noqa: B023
                    assert note is not None
                    note.text = f"{i} {text}"[: args.note_chars]  # noqa: B023

            with db.session() as session:
                note_id = session.exec(select(Note.id).order_by(col(Note.id))).first()
            results[setting] = {
                AUTOSAVE: _times(autosave, args.runs),
                "one UPDATE + COMMIT (engine connection)": _times(plain, args.runs),
                "one update through an ORM session": _times(orm, args.runs),
            }
            if setting == "FULL":
                results[setting]["backup (copy, fsync file, rename, fsync folder)"] = _times(
                    lambda _i: create_backup(db, rotate=False),  # noqa: B023
                    20,
                )
            db.dispose()
        for setting, rows in results.items():
            print(f"synchronous={setting}")
            for name, times in rows.items():
                print(_line(name, times))
        normal = statistics.median(results["NORMAL"][AUTOSAVE])
        full = statistics.median(results["FULL"][AUTOSAVE])
        print(f"FULL costs {full - normal:+.2f} ms per autosave commit ({full / normal:.1f}×)")


if __name__ == "__main__":
    main()
