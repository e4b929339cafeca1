"""The notice (innkalling): PDF read back with pypdf, .ics read back with icalendar."""

from __future__ import annotations

import stat
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import select

from desktop.db import Database
from desktop.errors import UserError
from desktop.models import Meeting
from desktop.models.enums import MeetingStatus, MeetingType
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.notice import write_notice
from desktop.services.meeting.planning import MeetingService
from tests.meeting_helpers import START, make_case
from tests.pdf_text import page_fonts, pdf_text


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
    fonts = page_fonts(files.pdf)
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


# -- the calendar identity and privacy of the notice (issue 18) -----------------------------------


def _event(ics: Path) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(ics.read_bytes())
    [event] = calendar.walk("VEVENT")
    return calendar, event


def _change_place(db: Database, meeting_id: int, place: str) -> None:
    info = MeetingService(db).meeting(meeting_id)
    MeetingService(db).update_details(
        meeting_id,
        type=MeetingType(info.type),
        start=info.start,
        duration_minutes=info.duration_minutes,
        place=place,
        video_note=info.video_note,
        facilitator_member_id=info.facilitator_member_id,
    )


def test_same_ids_and_references_in_two_databases_get_different_uids(tmp_path: Path) -> None:
    uids = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        db = Database.open(tmp_path / f"{name}.db")
        try:
            _case, meeting_id = _meeting(db)
            assert meeting_id == 1  # identical ids and references in both installations
            _calendar, event = _event(write_notice(db, meeting_id, folder).ics)
            uids.append(str(event["uid"]))
            with db.session() as s:
                stored = s.get(Meeting, meeting_id).calendar_uid  # type: ignore[union-attr]
            assert str(event["uid"]) == f"{stored}@ansvarsgruppe.invalid"
            uuid.UUID(stored)
        finally:
            db.dispose()
    assert uids[0] != uids[1]
    assert "AG-T-001" not in uids[0] and "meeting-" not in uids[0]


def test_the_uid_stays_and_sequence_rises_after_a_change(db: Database, out: Path) -> None:
    _case, meeting_id = _meeting(db)
    _change_place(db, meeting_id, "Møterom Glomma")  # before any notice: nobody holds an entry yet
    _cal, first = _event(write_notice(db, meeting_id, out).ics)
    assert int(first["sequence"]) == 0
    _change_place(db, meeting_id, "Møterom Glomma")  # saved unchanged: not a change
    _cal, same = _event(write_notice(db, meeting_id, out).ics)
    assert int(same["sequence"]) == 0
    _change_place(db, meeting_id, "Rådhuset, møterom 2")
    _cal, second = _event(write_notice(db, meeting_id, out).ics)
    assert str(second["uid"]) == str(first["uid"])
    assert int(second["sequence"]) == 1
    assert str(second["location"]) == "Rådhuset, møterom 2"


def test_a_cancelled_meeting_gets_a_cancel_with_a_higher_sequence(db: Database, out: Path) -> None:
    _case, meeting_id = _meeting(db)
    calendar, request = _event(write_notice(db, meeting_id, out).ics)
    assert str(calendar["method"]) == "REQUEST"
    MeetingService(db).cancel_meeting(meeting_id, "Brukeren er syk")
    files = write_notice(db, meeting_id, out)
    calendar, cancel = _event(files.ics)
    assert str(calendar["method"]) == "CANCEL"
    assert str(cancel["status"]) == "CANCELLED"
    assert str(cancel["uid"]) == str(request["uid"])
    assert int(cancel["sequence"]) > int(request["sequence"])
    assert "Brukeren er syk" not in files.ics.read_text(encoding="utf-8")
    text = pdf_text(files.pdf)
    assert "avlyst" in text.lower() and "Brukeren er syk" not in text
    assert "Hvis du ikke kan komme" not in text and "cannot come" not in text
    assert MeetingService(db).meeting(meeting_id).status == MeetingStatus.CANCELLED


def test_the_organizer_is_the_chair_or_a_no_reply_address(db: Database, out: Path) -> None:
    from desktop.models import Member

    case, meeting_id = _meeting(db)
    _cal, event = _event(write_notice(db, meeting_id, out).ics)
    organizer = event["organizer"]
    assert str(organizer) == "mailto:noreply@ansvarsgruppe.invalid"  # the chair has no e-mail
    assert organizer.params["CN"] == "Ingrid Haugen"
    with db.session() as s:
        s.get(Member, case.members["chair"]).email = "ingrid@dps.example"  # type: ignore[union-attr]
    _cal, event = _event(write_notice(db, meeting_id, out).ics)
    assert str(event["organizer"]) == "mailto:ingrid@dps.example"
    ics = (out / "innkalling-AG-T-001-2026-12-02.ics").read_bytes()
    assert b"ORGANIZER;CN=" in ics and b"SEQUENCE:" in ics


def test_without_a_chair_the_coordinator_organizes(db: Database, out: Path) -> None:
    case = make_case(db)
    meeting_id = MeetingService(db).create_meeting(
        case.case_id, type=MeetingType.REGULAR, start=START, place="Rådhuset"
    )
    _cal, event = _event(write_notice(db, meeting_id, out).ics)
    assert event["organizer"].params["CN"] == "Ingrid Haugen"  # the member in the coordinator role


def test_notice_files_are_readable_by_the_user_only(db: Database, out: Path) -> None:
    _case, meeting_id = _meeting(db)
    earlier = out / "innkalling-AG-T-001-2026-12-02.ics"
    earlier.write_text("old")
    earlier.chmod(0o644)
    files = write_notice(db, meeting_id, out)
    for path in (files.pdf, files.ics):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert sorted(p.name for p in out.iterdir()) == sorted([files.pdf.name, files.ics.name])


@pytest.mark.parametrize(("lang", "expected"), [("nb", "nb-NO"), ("nn", "nn-NO"), ("en", "en-GB")])
def test_the_notice_pdf_says_its_language(db: Database, out: Path, lang: str, expected: str) -> None:
    from desktop.i18n import install

    _case, meeting_id = _meeting(db)
    install(lang)
    files = write_notice(db, meeting_id, out)
    assert PdfReader(files.pdf).trailer["/Root"]["/Lang"] == expected


def test_the_calendar_title_is_neutral_for_a_discharge_meeting(db: Database, out: Path) -> None:
    _case, meeting_id = _meeting(db)  # a discharge planning meeting (Utskrivningsmøte)
    files = write_notice(db, meeting_id, out)
    _cal, event = _event(files.ics)
    assert str(event["summary"]) == "Ansvarsgruppemøte (AG-T-001)"
    ics = files.ics.read_text(encoding="utf-8")
    assert "Utskrivning" not in ics and "utskrivning" not in ics and "Somby" not in ics


def test_a_meeting_without_a_stored_uid_gets_one_that_stays(db: Database, out: Path) -> None:
    """Bulk-inserted rows (the large demo) may hold '': the first notice stores a UUID."""
    from sqlalchemy import text

    _case, meeting_id = _meeting(db)
    with db.session() as s:
        s.exec(text("UPDATE meeting SET calendar_uid = '' WHERE id = :id").bindparams(id=meeting_id))  # type: ignore[call-overload]
    _cal, first = _event(write_notice(db, meeting_id, out).ics)
    _cal, again = _event(write_notice(db, meeting_id, out).ics)
    assert str(first["uid"]) == str(again["uid"])
    uuid.UUID(str(first["uid"]).split("@")[0])


def test_emoji_and_symbols_in_the_notice_print_never_as_boxes(db: Database, out: Path) -> None:
    """The notice uses the minutes' fonts: an emoji in the place is drawn with the emoji font."""
    case = make_case(db)
    meeting_id = MeetingService(db).create_meeting(
        case.case_id, type=MeetingType.REGULAR, start=START, place="Møterom 🌲 Mjøsa → 2. etg"
    )
    files = write_notice(db, meeting_id, out)
    text = pdf_text(files.pdf.read_bytes())
    assert "🌲" in text and "→" in text
    assert "\ufffd" not in text


def test_the_notice_agenda_mirrors_the_hierarchy(db: Database, out: Path) -> None:
    """Sub-items are numbered within their item («4.1»); a group shows its block's minutes."""
    from desktop.services.meeting.agenda_tree import block_minutes, item_numbers

    _case, meeting_id = _meeting(db)
    AgendaService(db).save_generated(meeting_id)
    entries = AgendaService(db).agenda(meeting_id)
    numbers = item_numbers(entries)
    assert any("." in n for n in numbers), "the generated agenda has sub-items"
    files = write_notice(db, meeting_id, out)
    text = pdf_text(files.pdf.read_bytes())
    group = next(
        i
        for i, e in enumerate(entries)
        if not e.is_sub_item and i + 1 < len(entries) and entries[i + 1].is_sub_item
    )
    assert f"{numbers[group + 1]} " in text or f"{numbers[group + 1]}\n" in text
    assert str(block_minutes(entries, group)) in text
