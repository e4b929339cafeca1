"""Shared fixtures: every test gets fresh SQLite files in tmp_path, migrated the real way."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists
os.environ.setdefault("ANSVARSGRUPPE_LANG", "nb")
# "Today" is TODAY for the whole run and for every command a test runs in a child process; the
# clock starts at 10:00 and moves on with real time, so later writes still sort later. The suite
# must pass on any day of any year: run it under faketime a year ahead and back to check.
os.environ["ANSVARSGRUPPE_FIXED_CLOCK"] = "2026-11-25T10:00:00"

from desktop.db import Database  # noqa: E402
from desktop.i18n import install  # noqa: E402

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Never touch the developer's real data folder; start every test in Bokmål."""
    monkeypatch.setenv("ANSVARSGRUPPE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    install("nb")
    yield
    install("nb")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ansvarsgruppe.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test run (building it is the slow part)."""
    from desktop.demo.standard import create_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    create_demo(path, today=TODAY).dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo database for each test (SQLite's backup API, WAL included)."""
    from desktop.db import online_backup

    target = tmp_path / "demo.db"
    online_backup(demo_template, target)
    database = Database.open(target)
    yield database
    database.dispose()
