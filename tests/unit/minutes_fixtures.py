"""Fixtures shared by the minutes tests: one signing key per session, a held demo meeting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import col, select

from desktop.db import Database
from desktop.models import Meeting
from desktop.models.enums import MeetingStatus
from tests import conftest

PASSPHRASE = "riktig-passord-123"


@dataclass(frozen=True)
class SessionKey:
    path: Path
    passphrase: str
    name: str


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> SessionKey:
    from desktop.services.minutes.signing_keys import generate_key

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


# Re-exported so that the modules which name them here keep working; defined in tests/conftest.py.
demo_template = conftest.demo_template
demo_db = conftest.demo_db
