"""The notice (innkalling): PDF read back with pypdf, .ics read back with icalendar."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import select

from desktop.db import Database
from desktop.errors import UserError
from desktop.models.enums import MeetingStatus, MeetingType
from desktop.services.agenda import AgendaService
from desktop.services.meetings import MeetingService
from desktop.services.notice import write_notice
from tests.meeting_helpers import START, make_case
from tests.pdf_text import pdf_text


def _meeting(db: Database, *, kin_consent: bool = False) -> tuple[object, int]:
    case = make_case(db, kin_consent=kin_consent)
    meeting_id = MeetingService(db).create_meeting(
        case.case_id,
        type=MeetingType.DISCHARGE_PLANNING,
        start=START,
        duration_minutes=75,
        place="Møterom Mjøsa, Hamar",
        video_note="NAV deltar på Teams",
        facilitator_member_id=case.members["chair"],
    )
    return case, meeting_id


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "ut"
    folder.mkdir()
    return folder


def _fonts(pdf: Path) -> list[tuple[str, bool]]:
    fonts = []
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts


def test_notice_pdf_and_ics(db: Database, out: Path) -> None:
    case, meeting_id = _meeting(db)
    agenda = AgendaService(db).agenda(meeting_id)

    files = write_notice(db, meeting_id, out)

    assert files.pdf.name == "innkalling-AG-T-001-2026-12-02.pdf"
    assert files.ics.name == "innkalling-AG-T-001-2026-12-02.ics"
    text = pdf_text(files.pdf)
    assert "Utskrivningsmøte" in text
    assert "Møterom Mjøsa, Hamar" in text and "NAV deltar på Teams" in text
    assert "Mona Berg" in text and "Ingrid Haugen" in text
    assert "Áile Čđŋšŧž Somby" in text  # Sami letters survive the embedded font
    assert "Randi Somby" not in text  # next of kin without consent
    assert agenda[0].title in text and str(sum(e.planned_minutes for e in agenda)) in text
    fonts = _fonts(files.pdf)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert not any("Helvetica" in name for name, _e in fonts)

    calendar = Calendar.from_ical(files.ics.read_bytes())
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart").replace(tzinfo=None) == START
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=75)
    assert str(event["location"]) == "Møterom Mjøsa, Hamar"
    assert "AG-T-001" in str(event["summary"]) and "Somby" not in str(event["summary"])
    attendees = [
        str(a)
        for a in (
            event.get("attendee") if isinstance(event.get("attendee"), list) else [event.get("attendee")]
        )
    ]
    assert attendees == ["mailto:mona@nav.example"]
    assert str(event.decoded("dtstart").tzinfo) == "Europe/Oslo"
    assert MeetingService(db).meeting(meeting_id).status == MeetingStatus.NOTICE_SENT
    assert sorted(p.name for p in out.iterdir()) == sorted([files.pdf.name, files.ics.name])


def test_next_of_kin_with_consent_is_on_the_notice(db: Database, out: Path) -> None:
    _case, meeting_id = _meeting(db, kin_consent=True)
    files = write_notice(db, meeting_id, out)
    assert "Randi Somby" in pdf_text(files.pdf)
    assert files.withheld == 0


def test_invitee_without_notice_consent_is_left_off(db: Database, out: Path) -> None:
    case, meeting_id = _meeting(db)
    from desktop.models import Consent

    with db.session() as s:
        for consent in s.exec(select(Consent).where(Consent.member_id == case.nav_id)).all():
            s.delete(consent)
    files = write_notice(db, meeting_id, out)
    assert "Mona Berg" not in pdf_text(files.pdf)
    assert files.withheld == 1
    assert "mona@nav.example" not in files.ics.read_text()


def test_a_missing_folder_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    _case, meeting_id = _meeting(db)
    with pytest.raises(UserError):
        write_notice(db, meeting_id, tmp_path / "finnes-ikke")
    assert MeetingService(db).meeting(meeting_id).status == MeetingStatus.PLANNED


def test_notice_gives_the_chairs_contact_page_totals_and_no_english_in_the_calendar(
    db: Database, out: Path
) -> None:
    from desktop.models import Member

    case, meeting_id = _meeting(db)
    with db.session() as s:
        chair = s.get(Member, case.members["chair"])
        chair.phone, chair.email = "900 11 222", "ingrid@dps.example"
    files = write_notice(db, meeting_id, out)
    text = pdf_text(files.pdf)
    assert text.count("900 11 222") == 2 and "ingrid@dps.example" in text  # facts and "tell the chair"
    pages = len(PdfReader(files.pdf).pages)
    assert f"1 of {pages}" in text.replace("\n", " ") or f"1 av {pages}" in text.replace("\n", " ")
    ics = files.ics.read_bytes()
    assert b"COMMENT" not in ics and b"This timezone" not in ics
    assert Calendar.from_ical(ics).walk("VTIMEZONE")  # the time zone is still described
