"""Audit log per case (innsyn), a log file free of case content, and no network sockets."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.logging_setup import ContentFreeFormatter, setup_logging, shutdown_logging
from desktop.models.enums import AuditAction
from desktop.services.audit import case_audit, export_audit, record

ROOT = Path(__file__).resolve().parents[2]


def test_case_audit_lists_only_that_case_and_exports_json_and_csv(demo_db: Database) -> None:
    with demo_db.session() as session:
        record(session, AuditAction.CASE_OPENED, case_id=2, actor="Koordinator A")
        record(session, AuditAction.MINUTES_EXPORTED, case_id=2, meeting_id=None)
        record(session, AuditAction.CASE_OPENED, case_id=3)
    entries = case_audit(demo_db, 2)
    assert entries and {e.case_id for e in entries} == {2}
    assert [e.action for e in entries][-2:] == ["case_opened", "minutes_exported"]
    assert entries[-2].actor == "Koordinator A" and entries[-2].os_user
    as_json = json.loads(export_audit(entries, "json"))
    assert as_json[-1]["action"] == "minutes_exported" and "T" in as_json[-1]["at"]
    rows = list(csv.DictReader(io.StringIO(export_audit(entries, "csv"))))
    assert len(rows) == len(entries) and rows[-2]["actor"] == "Koordinator A"
    with pytest.raises(NotFoundError):
        case_audit(demo_db, 9999)


def test_audit_command(demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with demo_db.session() as session:
        record(session, AuditAction.CASE_OPENED, case_id=1)
    path = str(demo_db.path)
    assert main(["audit", "--db", path, "--case", "1", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert any(e["action"] == "case_opened" for e in events)
    assert {"id", "at", "action", "os_user", "actor", "case_id", "meeting_id"} <= set(events[0])
    assert main(["audit", "--db", path, "--case", "1"]) == 0
    assert "Saken ble åpnet" in capsys.readouterr().out
    out = tmp_path / "innsyn.csv"
    assert main(["audit", "--db", path, "--case", "1", "--csv", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("id,at,action")
    assert main(["audit", "--db", path, "--case", "4242"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_log_tracebacks_never_carry_exception_messages(tmp_path: Path) -> None:
    log_file = setup_logging(tmp_path)
    assert log_file is not None
    try:
        try:
            try:
                raise ValueError("Kari Nordmann sa noe privat")
            except ValueError as inner:
                raise RuntimeError("Ola Normann, fnr 01019912345") from inner
        except RuntimeError:
            logging.getLogger("desktop.test").exception("saving a note failed (note=%s)", 17)
    finally:
        shutdown_logging()
    text = log_file.read_text(encoding="utf-8")
    assert "saving a note failed (note=17)" in text
    assert "RuntimeError (message withheld)" in text and "ValueError (message withheld)" in text
    assert "Kari" not in text and "Ola" not in text and "01019912345" not in text


def test_formatter_drops_stack_info() -> None:
    formatter = ContentFreeFormatter()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None, sinfo="secret stack")
    assert "secret" not in formatter.format(record)


def _demo_secrets(db_path: Path) -> list[str]:
    """Names and note text from the demo database: none of it may reach the log."""
    with sqlite3.connect(db_path) as conn:
        names = [r[0] for r in conn.execute("SELECT display_name FROM 'case'")]
        names += [r[0] for r in conn.execute("SELECT name FROM member WHERE name != ''")]
        notes = [r[0][:24] for r in conn.execute("SELECT text FROM note WHERE length(text) > 24")]
    conn.close()
    words = {w for n in names for w in n.split() if len(w) > 3}
    return sorted(words | set(notes))


def _has_command(name: str) -> bool:
    from desktop.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return name in sub.choices  # type: ignore[operator]


NO_SOCKETS = r"""
import os, sys
events = []
def hook(event, args):
    if event.startswith("socket."):
        events.append(event)
sys.addaudithook(hook)
from pathlib import Path
from desktop.cli import main
tmp = Path(sys.argv[1])
db = tmp / "demo.db"
steps = [
    ["demo", "--db", str(db)],
    ["tasks", "--db", str(db), "--open", "--json"],
    ["agenda", "--db", str(db), "--meeting", "1", "--json"],
    ["list-meetings", "--db", str(db), "--json"],
    ["backup", "--db", str(db)],
    ["audit", "--db", str(db), "--case", "1", "--json"],
    ["check", "--db", str(db)],
]
if sys.argv[2] == "1":
    steps.append(["export-minutes", "--db", str(db), "--meeting", "1", "--out", str(tmp / "m.pdf")])
for step in steps:
    code = main(step)
    if code != 0:
        print("step failed:", step[0], file=sys.stderr)
        os._exit(3)
main(["audit", "--db", str(db), "--case", "777"])  # an expected error: exit 1, logged without content
# GUI start-up: the application, the main window on the demo data
from desktop.ui.app import create_application, install_security_features
from desktop.ui.database_dialogs import open_database_interactively
from desktop.ui.database_upkeep import start_backups
from desktop.ui.main_window import MainWindow
app = create_application("nb")
database = open_database_interactively(db)
window = MainWindow(database)
install_security_features(window)
window.resize(1366, 768)
window.show()
start_backups(window, lambda: window.db)
app.processEvents()
window.close()
database.dispose()
print("socket events:", events)
os._exit(0 if not events else 4)
"""


@pytest.fixture(scope="module")
def session_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One subprocess: demo, tasks, agenda, backup, audit, export (if present) and the GUI start.

    Audit hook on every 'socket.*' event; logging to the data folder as in real use.
    """
    tmp = tmp_path_factory.mktemp("privacy")
    env = {**os.environ, "ANSVARSGRUPPE_DATA_DIR": str(tmp / "data"), "QT_QPA_PLATFORM": "offscreen"}
    with_export = "1" if _has_command("export-minutes") else "0"
    proc = subprocess.run(
        [sys.executable, "-c", NO_SOCKETS, str(tmp), with_export],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc, tmp


def test_no_socket_is_opened_by_start_up_demo_agenda_tasks_and_export(
    session_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    proc, _tmp = session_run
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "socket events: []" in proc.stdout


def test_the_log_file_holds_no_names_or_notes(
    session_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    proc, tmp = session_run
    assert proc.returncode == 0, proc.stderr[-2000:]
    log_text = "".join(p.read_text(encoding="utf-8") for p in (tmp / "data" / "logs").glob("*.log*"))
    assert "command demo finished" in log_text and "backup created" in log_text
    assert "command audit failed" in log_text  # the expected error of an unknown case is logged too
    secrets = _demo_secrets(tmp / "demo.db")
    assert len(secrets) > 10
    leaked = [s for s in secrets if s in log_text]
    assert not leaked, f"case content in the log: {leaked[:3]}"


def test_a_crash_in_a_worker_thread_is_logged_without_its_message(tmp_path: Path) -> None:
    import threading

    log_file = setup_logging(tmp_path)
    assert log_file is not None

    def work() -> None:
        raise OSError("cannot write /home/kari.nordmann/notater.db")

    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    finally:
        shutdown_logging()
    text = log_file.read_text(encoding="utf-8")
    assert "uncaught exception in a worker thread" in text and "OSError (message withheld)" in text
    assert "kari" not in text


def test_the_innsyn_export_round_trips_any_text() -> None:
    """CSV and JSON exports survive commas, quotes, newlines, emoji, right-to-left and control characters."""
    from datetime import datetime

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from desktop.services.audit import AuditEntry

    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)

    @settings(max_examples=60, deadline=None)
    @given(actor=text, os_user=text)
    def round_trip(actor: str, os_user: str) -> None:
        entry = AuditEntry(
            id=1,
            at=datetime(2026, 11, 25, 10, 0, 0),
            action="case_opened",
            action_text="Saken ble åpnet",
            os_user=os_user,
            actor=actor,
            case_id=3,
            meeting_id=None,
        )
        assert json.loads(export_audit([entry], "json"))[0]["actor"] == actor
        rows = list(csv.DictReader(io.StringIO(export_audit([entry], "csv"), newline="")))
        assert len(rows) == 1 and rows[0]["actor"] == actor and rows[0]["os_user"] == os_user

    round_trip()
