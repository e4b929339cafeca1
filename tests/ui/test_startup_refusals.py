"""The GUI's start-up never makes a database of a file it should refuse (issue 15, points 5, 11).

A 0-byte file given with ``--db`` is made a database only when the user says so (declining leaves
it untouched); another program's SQLite file, with tables or without, is refused with the problem
dialog and left as it was. ``--db-passphrase-env`` is honoured by the GUI as by the commands.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

from desktop.cli import main
from desktop.db import Database, policy
from desktop.ui import app as app_module
from desktop.ui import database_dialogs
from desktop.ui.database_dialogs import DatabaseProblemDialog, NewDatabaseDialog
from tests.sql import digest, tables


class _NoEventLoop:
    def exec(self) -> int:
        return 0


@pytest.fixture
def run_gui(qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., int]]:  # noqa: ANN001
    """``python -m desktop --db …`` through the real entry (cli.main), without the event loop."""
    monkeypatch.setattr(app_module, "create_application", lambda language=None: _NoEventLoop())
    monkeypatch.setattr("desktop.logging_setup.setup_logging", lambda: None)
    monkeypatch.setattr(policy, "_exclusive_by_default", False)
    monkeypatch.setattr(policy, "_passphrase_provider", None)
    monkeypatch.setattr(policy, "_damage_listener", None)
    monkeypatch.setattr(app_module, "_watch", None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield lambda *argv: main(list(argv))
    for window in app_module._shown_windows:
        window.close()
    app_module._shown_windows.clear()
    for thread in threading.enumerate():
        if thread.name in ("backup", "integrity-check", "warm-up"):
            thread.join(60)


def answering(seen: list[QDialog], *choices: int) -> Callable[[QDialog], None]:
    remaining = list(choices)

    def run(dialog: QDialog) -> None:
        seen.append(dialog)
        if hasattr(dialog, "button_for") and remaining:
            dialog.button_for(remaining.pop(0)).click()  # type: ignore[attr-defined]
        else:
            dialog.reject()

    return run


# -- a 0-byte file ------------------------------------------------------------------------------------


def test_an_empty_file_is_left_alone_when_the_user_declines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_gui
) -> None:  # noqa: ANN001
    empty = tmp_path / "tom.db"
    empty.touch()
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", answering(seen, NewDatabaseDialog.QUIT))
    assert run_gui("--db", str(empty)) == 1
    assert len(seen) == 1 and isinstance(seen[0], NewDatabaseDialog)
    assert "tom.db" in seen[0].text() and "er tom" in seen[0].text()  # asked in the user's language
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tom.db"]  # no lock, no WAL, no backups


def test_the_user_may_choose_another_file_instead_of_the_empty_one(
    tmp_path: Path, demo_db: Database, monkeypatch: pytest.MonkeyPatch, run_gui
) -> None:  # noqa: ANN001
    other = demo_db.path
    demo_db.dispose()
    empty = tmp_path / "tom.db"
    empty.touch()
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", answering(seen, NewDatabaseDialog.CHOOSE))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    assert run_gui("--db", str(empty)) == 0
    assert app_module._shown_windows[0].db.path == other
    assert empty.stat().st_size == 0


def test_an_empty_file_becomes_a_database_when_the_user_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_gui
) -> None:  # noqa: ANN001
    empty = tmp_path / "tom.db"
    empty.touch()
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", answering(seen, NewDatabaseDialog.CREATE))
    assert run_gui("--db", str(empty)) == 0
    assert [type(d) for d in seen] == [NewDatabaseDialog]
    assert "meeting" in tables(empty)


# -- SQLite files of other programs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statements",
    [
        ("PRAGMA user_version = 12",),  # no tables at all
        ("PRAGMA journal_mode = WAL",),
        ("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)",),
    ],
    ids=["no-tables", "no-tables-wal", "other-tables"],
)
def test_another_programs_sqlite_file_is_refused_and_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_gui, statements: tuple[str, ...]
) -> None:  # noqa: ANN001
    path = tmp_path / "annet.db"
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    before, before_tables = digest(path), tables(path)
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", answering(seen, DatabaseProblemDialog.QUIT))
    assert run_gui("--db", str(path)) == 1
    assert [type(d) for d in seen] == [DatabaseProblemDialog]  # not asked to create: refused
    assert "ikke en Ansvarsgruppe-database" in seen[0].text()  # type: ignore[attr-defined]
    assert digest(path) == before and tables(path) == before_tables


# -- --db-passphrase-env (issue 15.11) ---------------------------------------------------------------------


def test_the_gui_takes_the_passphrase_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_gui
) -> None:  # noqa: ANN001
    path = tmp_path / "hemmelig.db"
    Database.open(path, passphrase="riktig-passord").dispose()
    monkeypatch.setenv("AG_PASS", "riktig-passord")
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", answering(seen))
    assert run_gui("--db", str(path), "--db-passphrase-env", "AG_PASS") == 0
    assert not [d for d in seen if isinstance(d, QInputDialog)], "the passphrase was given: no prompt"
    assert app_module._shown_windows[0].db.is_encrypted


def test_the_gui_refuses_a_passphrase_variable_that_is_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_gui, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    monkeypatch.delenv("AG_PASS_MISSING", raising=False)
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", answering(seen))
    assert run_gui("--db", str(tmp_path / "x.db"), "--db-passphrase-env", "AG_PASS_MISSING") == 1
    assert "AG_PASS_MISSING" in capsys.readouterr().err and seen == []
    assert list(tmp_path.iterdir()) == []
