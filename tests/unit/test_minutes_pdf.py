"""The minutes PDF: page one, fonts, Sami letters, emoji, long content, languages."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from desktop.db import Database
from desktop.i18n import current_language, install
from desktop.models import Member, Note, Task
from desktop.models.enums import PartyType, TaskStatus
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.pdf import render_minutes
from desktop.services.minutes.pdf_story import VersionInfo
from tests.conftest import TODAY
from tests.pdf_text import page_fonts, page_texts
from tests.unit import minutes_fixtures

SAMI = "áčđŋšŧž ÁČĐŊŠŦŽ"

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
held_meeting = minutes_fixtures.held_meeting


def _render(db: Database, meeting_id: int, lang: str = "nb", **version: object) -> bytes:
    data = load_minutes_data(db, meeting_id, today=TODAY)
    return render_minutes(data, lang=lang, version=VersionInfo(**version)).pdf  # type: ignore[arg-type]


def test_page_one_says_what_was_agreed_and_who_does_what(demo_db: Database, held_meeting: int) -> None:
    data = load_minutes_data(demo_db, held_meeting, today=TODAY)
    pages = page_texts(render_minutes(data, lang="nb").pdf)
    first = pages[0]
    assert "Dette ble vi enige om" in first
    assert "Hvem gjør hva innen når" in first
    assert data.decisions and data.decisions[0].text.split()[0] in first
    assert data.tasks and data.tasks[0].text[1:20] in first
    assert "Side 1 av" in first
    assert data.facts.case_reference in first
    # The name appears in the text, never in the header line with the reference.
    header = next(line for line in first.splitlines() if data.facts.case_reference in line)
    assert data.facts.user_name not in header


def test_every_font_is_embedded_noto_sans(demo_db: Database, held_meeting: int) -> None:
    fonts = page_fonts(_render(demo_db, held_meeting))
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts
    assert all("NotoSans" in name for name, _ in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)


def test_sami_letters_and_emoji_render_and_nothing_prints_as_a_box(
    demo_db: Database, held_meeting: int
) -> None:
    """Emoji and symbols come from the shipped fallback fonts; a character no font has is named."""
    with demo_db.session() as session:
        session.add(Note(meeting_id=held_meeting, text=f"Bestemor sier {SAMI} 😀 takk ❤️ ✓ → 中"))
    pdf = _render(demo_db, held_meeting)
    text = "".join(page_texts(pdf))
    assert SAMI in text
    assert "😀" in text and "❤" in text and "✓" in text and "→" in text
    assert "[CJK UNIFIED IDEOGRAPH-4E2D]" in text
    assert "\ufffd" not in text and "\u25a1" not in text
    fonts = page_fonts(pdf)
    assert all(embedded for _, embedded in fonts), fonts
    used = {name.split("+")[-1] for name, _ in fonts}
    assert {"NotoEmoji-Regular", "NotoSansSymbols2-Regular", "NotoSansMath-Regular"} <= used, used


def test_the_seal_and_headers_name_what_no_font_can_draw() -> None:
    from desktop.services.minutes.style import plain_text, safe_text

    assert plain_text("Kari 😀 & →") == "Kari [GRINNING FACE] & [RIGHTWARDS ARROW]"
    assert safe_text("a < b 😀") == 'a &lt; b <font name="NotoEmoji">😀</font>'
    assert safe_text("❤\ufe0f") == '<font name="NotoEmoji">❤\ufe0f</font>'


def test_a_100000_character_note_breaks_across_pages(demo_db: Database, held_meeting: int) -> None:
    words = ("Lang tekst med æøå og áčđ " * 4000)[:100_000]
    with demo_db.session() as session:
        session.add(Note(meeting_id=held_meeting, text=words))
    pages = page_texts(_render(demo_db, held_meeting))
    assert len(pages) > 20
    assert "Dette ble vi enige om" in pages[0]
    # The note is all there (word count survives the page breaks).
    assert "".join(pages).count("áčđ") >= words.count("áčđ")


def test_a_word_without_spaces_and_200_tasks_do_not_break_the_layout(
    demo_db: Database, held_meeting: int
) -> None:
    with demo_db.session() as session:
        user = session.exec(select(Member).where(Member.party == PartyType.USER)).first()
        assert user is not None
        from desktop.models import Meeting

        meeting = session.get(Meeting, held_meeting)
        assert meeting is not None
        for n in range(200):
            session.add(
                Task(
                    case_id=meeting.case_id,
                    meeting_id=held_meeting,
                    text=f"Oppgave nummer {n}",
                    party=list(PartyType)[n % len(PartyType)],
                    due=date(2026, 12, 1) + timedelta(days=n),
                    status=TaskStatus.OPEN,
                )
            )
        session.add(Note(meeting_id=held_meeting, text="x" * 5000))
    pages = page_texts(_render(demo_db, held_meeting))
    text = " ".join(" ".join(pages).split())
    assert all(f"ppgave nummer {n}." in text for n in (0, 99, 199))
    assert len(pages) >= 6
    assert f"Side {len(pages)} av {len(pages)}" in pages[-1]


def test_language_of_the_document_is_selectable_and_restored(demo_db: Database, held_meeting: int) -> None:
    install("nb")
    assert "Dette ble vi enige om" in page_texts(_render(demo_db, held_meeting, "nb"))[0]
    assert "Dette vart vi einige om" in page_texts(_render(demo_db, held_meeting, "nn"))[0]
    english = page_texts(_render(demo_db, held_meeting, "en"))[0]
    assert "This is what we agreed" in english and "Page 1 of" in english
    assert current_language() == "nb"


def test_versions_and_hash_are_printed(demo_db: Database, held_meeting: int) -> None:
    sha = "ab12" * 16
    text = "".join(
        page_texts(_render(demo_db, held_meeting, version=3, replaces_version=2, previous_sha256=sha))
    )
    assert "Versjon 3" in text
    assert "erstatter versjon 2" in text
    assert sha[:8] in text


def test_only_the_handover_copy_says_that_it_carries_the_handover_data(
    demo_db: Database, held_meeting: int
) -> None:
    """Issue 18: ordinary minutes carry no attachment and say nothing of one; the handover copy
    says what is in its attachment, in plain words."""
    ordinary = " ".join(" ".join(page_texts(_render(demo_db, held_meeting))).split())
    assert "vedlagt fil" not in ordinary
    handover = " ".join(" ".join(page_texts(_render(demo_db, held_meeting, carries_handover=True))).split())
    assert "kontaktopplysninger" in handover and "vedlagt fil" in handover
