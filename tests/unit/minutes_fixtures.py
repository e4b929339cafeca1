"""Fixtures shared by the minutes tests: one signing key per session, a held demo meeting."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import col, select

from desktop.db import Database
from desktop.models import Meeting
from desktop.models.enums import MeetingStatus

PASSPHRASE = "riktig-passord-123"


@dataclass(frozen=True)
class SessionKey:
    path: Path
    passphrase: str
    name: str


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> SessionKey:
    from desktop.services.signing import generate_key

    path = tmp_path_factory.mktemp("keys") / "facilitator.p12"
    info = generate_key("Ingrid Solberg", PASSPHRASE, organisation="TSB-poliklinikken", out=path)
    return SessionKey(path=info.path, passphrase=PASSPHRASE, name=info.subject_name)


def held_meeting_ids(db: Database) -> list[int]:
    with db.session() as session:
        rows = session.exec(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(col(Meeting.id))
        ).all()
        return [m.id for m in rows if m.id is not None]


def planned_meeting_id(db: Database) -> int:
    with db.session() as session:
        meeting = session.exec(select(Meeting).where(Meeting.status == MeetingStatus.PLANNED)).first()
        assert meeting is not None and meeting.id is not None
        return meeting.id


@pytest.fixture
def held_meeting(demo_db: Database) -> int:
    return held_meeting_ids(demo_db)[0]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test run (building it is the slow part)."""
    from desktop.services.demo import create_demo
    from tests.conftest import TODAY

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    create_demo(path, today=TODAY).dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo database for each test (overrides conftest's ``demo_db``)."""
    from desktop.db import online_backup

    target = tmp_path / "demo.db"
    online_backup(demo_template, target)
    database = Database.open(target)
    yield database
    database.dispose()
