"""Kill -9 while typing in a meeting: nothing committed is lost and the file is never damaged.

A subprocess writes notes through the same service the meeting runner uses
(``NoteService.set_note``), printing each item id and counter after the call returns (i.e.
after the commit). The parent kills it with SIGKILL after a random number of acknowledged
writes (sometimes during start-up), reopens the database the normal way, runs
``PRAGMA integrity_check`` and checks that every acknowledged write is there.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.db import Database, check_database

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 4

WRITER = r"""
import sys
from pathlib import Path
from sqlmodel import select
from desktop.db import Database
from desktop.models import AgendaItem
from desktop.models.enums import NoteKind
from desktop.services.meeting.notes import NoteService

db = Database.open(Path(sys.argv[1]), exclusive=True)
meeting_id = int(sys.argv[2])
start = int(sys.argv[3])
with db.session() as session:
    items = [i.id for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id))]
notes = NoteService(db)
words = "Bruker vil ha egen leilighet før jul; NAV sjekker bostøtte. áčđŋšŧž 🙂 ".split(" ")
counter = start
while True:
    counter += 1
    item = items[counter % len(items)]
    typed = " ".join(words[: 1 + counter % len(words)])   # the text grows like typing
    notes.set_note(meeting_id, item, NoteKind.NOTE, f"#{counter}# {typed} " + "x" * (counter % 700))
    print(item, counter, flush=True)
"""


def _meeting_with_items(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT meeting_id FROM agenda_item GROUP BY meeting_id HAVING count(*) >= 3 ORDER BY meeting_id LIMIT 1"
        ).fetchone()
    conn.close()
    assert row is not None
    return int(row[0])


def _notes(path: Path, meeting_id: int) -> dict[int, int]:
    """item id -> the counter in its note's text."""
    result: dict[int, int] = {}
    with sqlite3.connect(path) as conn:
        for item, text in conn.execute(
            "SELECT agenda_item_id, text FROM note WHERE meeting_id = ? AND kind = 'note'", (meeting_id,)
        ):
            if text.startswith("#"):
                result[item] = int(text[1 : text.index("#", 1)])
    conn.close()
    return result


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_at_random_moments_loses_nothing_committed(demo_db: Database) -> None:
    path = demo_db.path
    demo_db.dispose()
    meeting_id = _meeting_with_items(path)
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    counter = 0
    acknowledged: dict[int, int] = {}
    for round_no in range(ROUNDS):
        stop_after = 0 if round_no == 0 else rng.randint(1, 120)  # round 0: killed during start-up
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(meeting_id), str(counter)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for _ in range(stop_after):
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "writer died"
            item, value = map(int, line.split())
            acknowledged[item] = value
            counter = max(counter, value)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        # Lines written before the kill but not yet read were committed too: take them into account.
        for line in proc.stdout.read().splitlines():
            item, value = map(int, line.split())
            acknowledged[item] = value
            counter = max(counter, value)
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()

        db = Database.open(path, exclusive=True)  # the lock of the killed process is gone
        db.dispose()
        result = check_database(path)
        assert result.integrity == "ok", f"round {round_no}: {result.integrity}"
        found = _notes(path, meeting_id)
        for item, value in acknowledged.items():
            # The note holds the acknowledged write or a later one that committed just before the kill.
            assert found.get(item, -1) >= value, f"round {round_no}: item {item} lost write {value}"
        counter = max([counter, *found.values()])
    assert acknowledged, "the writer never got going"
