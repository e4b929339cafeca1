"""Review findings on the minutes: held date, quotes, approvals, plain language, refused imports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from desktop.db import Database
from desktop.models import AgendaItem, Meeting, Note
from desktop.models.enums import AgendaKind, NoteKind, PartyType
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.confirmation import record_attestation
from desktop.services.minutes.data import ItemBlock, TaskLine
from desktop.services.minutes.pdf import language, render_minutes
from desktop.services.minutes.plain_titles import plain_title
from desktop.services.minutes.sentences import quoted
from desktop.services.minutes.sentences import task_sentence as minutes_task_sentence
from tests.conftest import TODAY
from tests.pdf_text import page_texts
from tests.unit import minutes_fixtures

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
held_meeting = minutes_fixtures.held_meeting

HELD_AT = datetime(2026, 11, 25, 16, 27)


def _pages(db: Database, meeting_id: int, lang: str = "nb") -> list[str]:
    pdf = render_minutes(load_minutes_data(db, meeting_id, today=TODAY), lang=lang).pdf
    return page_texts(pdf)


def _line(**changes: object) -> TaskLine:
    base = TaskLine(
        id=1, text="Ringe boligkontoret", party=PartyType.USER.value, party_group="user", person="Kari Nordmann",
        due=date(2026, 12, 15), status="open", is_new=True,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_minutes_tell_the_day_and_time_the_meeting_was_held(demo_db: Database, held_meeting: int) -> None:
    with demo_db.session() as session:
        meeting = session.get(Meeting, held_meeting)
        assert meeting is not None
        planned = meeting.start
        meeting.started_at = HELD_AT
    assert planned.date() != HELD_AT.date()
    pages = _pages(demo_db, held_meeting)
    text = "\n".join(pages)
    assert "onsdag 25. november 2026 kl. 16.27" in " ".join(pages[0].split())  # heading (may wrap)
    assert "Når: onsdag 25. november 2026 kl. 16.27" in text  # facts
    assert "Planlagt til:" in text
    assert all("Møte onsdag 25. november 2026" in page for page in pages)  # footer, every page
    assert "16:27" not in text


def test_without_a_start_time_the_planned_time_is_used(demo_db: Database, held_meeting: int) -> None:
    with demo_db.session() as session:
        meeting = session.get(Meeting, held_meeting)
        assert meeting is not None
        meeting.started_at = None
        planned = meeting.start
    data = load_minutes_data(demo_db, held_meeting, today=TODAY)
    assert data.facts.start == planned
    assert data.facts.planned_start is None
    assert "Planlagt til:" not in "\n".join(_pages(demo_db, held_meeting))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Jeg gleder meg", "«Jeg gleder meg»"),
        ("«Jeg gleder meg …»", "«Jeg gleder meg …»"),
        ('"Jeg gleder meg"', "«Jeg gleder meg»"),
        ("“Jeg gleder meg”", "«Jeg gleder meg»"),
        ("Hun sa «ja»", "Hun sa «ja»"),
        ("  «Ja»  ", "«Ja»"),
    ],
)
def test_the_users_words_get_one_pair_of_guillemets(typed: str, shown: str) -> None:
    assert quoted(typed) == shown


def test_no_doubled_guillemets_in_the_pdf(demo_db: Database, held_meeting: int) -> None:
    with demo_db.session() as session:
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == held_meeting)).first()
        assert item is not None
        session.add(
            Note(
                meeting_id=held_meeting,
                agenda_item_id=item.id,
                kind=NoteKind.USER_WORDS,
                text="«Jeg gleder meg»",
            )
        )
    text = "\n".join(_pages(demo_db, held_meeting))
    assert "«Jeg gleder meg»" in text
    assert "««" not in text and "»»" not in text


def test_page_one_lists_the_users_tasks_first_under_the_first_name(
    demo_db: Database, held_meeting: int
) -> None:
    data = load_minutes_data(demo_db, held_meeting, today=TODAY)
    first = data.facts.user_first_name
    page = _pages(demo_db, held_meeting)[0]
    tasks_part = page.split("Hvem gjør hva innen når", 1)[1]
    assert tasks_part.lstrip().startswith(first + "\n")
    assert "Brukeren" not in page
    assert f"{first} skal ringe boligkontoret" in " ".join(tasks_part.split())


def test_a_task_is_one_full_sentence() -> None:
    def task_sentence(line: object, first_name: str) -> str:  # dates are bound with no-break spaces
        sentence = minutes_task_sentence(line, first_name)
        assert "15. desember" not in sentence, "the date may break across lines"
        return sentence.replace("\u00a0", " ")

    with language("nb"):
        assert (
            task_sentence(_line(), "Kari") == "Kari skal ringe boligkontoret innen tirsdag 15. desember 2026."
        )
        assert task_sentence(_line(text="Kari ringer boligkontoret."), "Kari") == (
            "Kari ringer boligkontoret innen tirsdag 15. desember 2026."
        )
        nav = _line(party=PartyType.NAV.value, person="", text="Søke om depositum", due=None)
        assert task_sentence(nav, "Kari") == "NAV skal søke om depositum. Ingen frist er satt."
        noun = _line(person="Tor Eriksen", party=PartyType.GP.value, text="Time hos fastlegen")
        sentence = task_sentence(noun, "Kari")
        assert sentence.startswith("Tor Eriksen har ansvaret for dette: Time hos fastlegen.")
        assert sentence.endswith("innen tirsdag 15. desember 2026.")
        assert task_sentence(replace(nav, text="Oppgave nummer 3"), "Kari") == (
            "NAV har ansvaret for dette: Oppgave nummer 3. Ingen frist er satt."
        )
        assert "NAV" in task_sentence(replace(nav, text="NAV-møte om AAP"), "Kari")  # keeps capitals
        continued = task_sentence(_line(is_new=False), "Kari")
        assert continued.endswith("(Dette ble også avtalt før.)")


def _block(kind: AgendaKind, title: str, checkpoint: str = "") -> ItemBlock:
    return ItemBlock(
        id=1, position=0, kind=kind.value, title=title, notes=(), user_words=(), decisions=(), tasks=(),
        checkpoint_status=None, checkpoint=checkpoint,
    )  # fmt: skip


def test_agenda_titles_are_told_in_plain_words() -> None:
    with language("nb"):
        assert plain_title(_block(AgendaKind.MEASURE, "Tiltak: Oppfølging i bolig (NAV)")) == (
            "Hjelp: Oppfølging i bolig (NAV)"
        )
        assert plain_title(_block(AgendaKind.CHECKPOINT, "Sjekkpunkt: Psykisk helse", "mental_health")) == (
            "Før utskrivning: Psykisk helse"
        )
        bed = plain_title(_block(AgendaKind.CHECKPOINT, "Sjekkpunkt: Brukerstyrt seng", "bed_agreement"))
        assert bed == "Før utskrivning: En plass du selv kan be om"
        coordination = plain_title(
            _block(AgendaKind.CHECKPOINT, "Sjekkpunkt: Koordinering og overføring", "coordination")
        )
        assert "Koordinering" not in coordination and "overføring" not in coordination
        assert plain_title(_block(AgendaKind.COORDINATION, "Koordinering")) == (
            "Hvem som har hovedansvaret for å holde trådene"
        )
        assert plain_title(_block(AgendaKind.CUSTOM, "Tiltak: vårt eget punkt")) == "Tiltak: vårt eget punkt"
        assert plain_title(
            _block(AgendaKind.CHECKPOINT, "Sjekkpunkt: Bolig", "housing"), "pre_admission"
        ) == ("Før innleggelsen: Bolig")


def test_the_pdf_has_no_agenda_jargon(demo_db: Database, held_meeting: int) -> None:
    with demo_db.session() as session:
        kinds = {
            item.kind
            for item in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == held_meeting)).all()
        }
    assert AgendaKind.MEASURE in kinds
    text = " ".join("\n".join(_pages(demo_db, held_meeting)).split())
    assert "Tiltak:" not in text
    assert "Sjekkpunkt" not in text
    assert "Hjelp: " in text


def test_approvals_read_as_a_choice(demo_db: Database, held_meeting: int) -> None:
    text = " ".join("\n".join(_pages(demo_db, held_meeting)).split())
    assert "referatet er derfor ikke godkjent ennå" in text.lower()
    with demo_db.session() as session:
        meeting = session.get(Meeting, held_meeting)
        assert meeting is not None
        from desktop.models import Member

        member = session.exec(
            select(Member).where(Member.case_id == meeting.case_id).order_by(col(Member.id))
        ).first()
        assert member is not None and member.id is not None
        member_id, name = member.id, member.name
    record_attestation(demo_db, held_meeting, member_id, at=HELD_AT)
    text = " ".join("\n".join(_pages(demo_db, held_meeting)).split())
    assert f"{name}: «Dette stemmer» I møtet, onsdag 25. november 2026 kl. 16.27" in text
    assert "ikke godkjent ennå" not in text


def test_a_refused_import_leaves_no_database_and_no_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    not_a_pdf = tmp_path / "t.txt"
    not_a_pdf.write_text("ikke en PDF", encoding="utf-8")
    target = tmp_path / "i.db"
    code = main(["import", "--db", str(target), str(not_a_pdf)])
    assert code != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.txt"]
    assert capsys.readouterr().err.strip()
