"""The child of ``kill_loop.py``'s typing scenarios: types into the real meeting runner until killed.

Started as ``python benchmarks/_kill_child.py DB MEETING_ID JOURNAL [--paste-every S] [--seed N]``
with ``QT_QPA_PLATFORM=offscreen``. It opens the database the way the GUI does (single-instance
lock on), shows the meeting workspace on the in-progress meeting (its first open item's note
already holds the pre-filled text), puts the cursor at the end of the note and types at a human
rate (8–10 keystrokes a second, with ``QTest.keyClicks`` into the ``QPlainTextEdit``), with a
20 000-character paste (Ctrl+V from the clipboard) every ``--paste-every`` seconds, until the
parent sends SIGKILL.

Everything typed is synthetic and deterministic (:func:`typed_text`, :func:`paste_block`), so the
parent can rebuild it from the journal. The journal is a separate plain file, appended to and
fsynced after every event, that holds only offsets and times:

    {"item_id": 12, "prefill": 160000, "t": 123.456}   (first line: ready to type)
    k 1 123.567                                        (keystroke: characters typed in all, time)
    p 20001 125.890                                    (paste)

Times are ``time.monotonic()`` (one clock for every process on the machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASTE_CHARS = 20_000
KEY_INTERVAL_S = (0.100, 0.125)  # 8–10 keystrokes a second
TOKEN_CHARS = 7  # "x00042 "


def typed_text(start: int, count: int) -> str:
    """Characters ``start`` to ``start + count`` of the endless typed stream ``x00000 x00001 …``."""
    first, last = start // TOKEN_CHARS, (start + count) // TOKEN_CHARS + 1
    stream = "".join(f"x{i % 100_000:05d} " for i in range(first, last))
    offset = start - first * TOKEN_CHARS
    return stream[offset : offset + count]


def paste_block(number: int) -> str:
    """The ``number``-th pasted block: 20 000 characters, 250 lines of ten distinct counter words."""
    words = [f"p{number % 100:02d}{i:04d}" for i in range(PASTE_CHARS // 8)]
    return "".join(" ".join(words[i : i + 10]) + "\n" for i in range(0, len(words), 10))


def prefill_text(size: int) -> str:
    """The note's text before typing starts: lines of ten distinct counter words ``n00000 …``.

    Distinct words are the search index's worst case (every autosave re-indexes the whole note).
    """
    lines = []
    total = 0
    while total < size:
        first = len(lines) * 10
        line = " ".join(f"n{i % 100_000:05d}" for i in range(first, first + 10)) + "\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)[:size]


class Journal:
    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, line: str) -> None:
        os.write(self._fd, (line + "\n").encode())
        os.fsync(self._fd)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("meeting", type=int)
    parser.add_argument("journal", type=Path)
    parser.add_argument("--paste-every", type=float, default=0.0)
    parser.add_argument("--max-chars", type=int, default=0, help="no paste beyond this note length")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    rng = random.Random(args.seed)

    from PySide6.QtGui import QGuiApplication, QKeySequence, QTextCursor
    from PySide6.QtTest import QTest

    from desktop.db import Database, set_exclusive_by_default
    from desktop.ui.app import create_application
    from desktop.ui.meeting.workspace import MeetingWorkspace

    app = create_application("nb")
    set_exclusive_by_default(True)  # as in the GUI
    db = Database.open(args.db, create=False)
    workspace = MeetingWorkspace(db)
    workspace.resize(1366, 740)
    workspace.show()
    workspace.open_meeting(args.meeting)
    runner = workspace.runner
    editor = runner.notes_pane.notes_edit
    item = runner.current_item()
    assert item is not None, "no current agenda item"
    prefill = editor.toPlainText()
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    for _ in range(5):
        app.processEvents()

    journal = Journal(args.journal)
    started = time.monotonic()
    journal.write(json.dumps({"item_id": item.id, "prefill": len(prefill), "t": started}))
    typed = 0  # characters typed or pasted so far
    keys = 0  # position in the typed stream
    pastes = 0
    next_paste = started + args.paste_every if args.paste_every else float("inf")
    next_key = started + rng.uniform(*KEY_INTERVAL_S)
    clipboard = QGuiApplication.clipboard()
    while True:
        now = time.monotonic()
        if now >= next_paste and (not args.max_chars or len(prefill) + typed + PASTE_CHARS <= args.max_chars):
            block = paste_block(pastes)
            clipboard.setText(block)
            QTest.keySequence(editor, QKeySequence(QKeySequence.StandardKey.Paste))
            pastes += 1
            typed += len(block)
            journal.write(f"p {typed} {time.monotonic():.6f}")
            next_paste = now + args.paste_every
        elif now >= next_key:
            QTest.keyClicks(editor, typed_text(keys, 1))
            keys += 1
            typed += 1
            journal.write(f"k {typed} {time.monotonic():.6f}")
            next_key = now + rng.uniform(*KEY_INTERVAL_S)
        app.processEvents()
        time.sleep(0.002)


if __name__ == "__main__":
    main()
