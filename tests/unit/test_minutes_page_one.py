"""Minutes that never contradict themselves: every agenda item once, page one on one page.

Built on the demo data (a case whose meetings follow up each other's tasks); one follow-up is
marked done with an outcome, as in the real export that showed the contradiction.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from desktop.db import Database
from desktop.models import AgendaItem, Decision, Meeting, Note, Task, TaskReview
from desktop.models.enums import AgendaKind, NoteKind, PartyType, TaskReviewResult, TaskStatus
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.data import MinutesData
from desktop.services.minutes.pdf import render_minutes
from desktop.services.minutes.readability import lix
from desktop.services.minutes.sections import agenda_labels, item_sections
from tests.conftest import TODAY
from tests.pdf_text import page_texts
from tests.unit import minutes_fixtures

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
held_meeting = minutes_fixtures.held_meeting

OUTCOME = "Søknaden er innvilget"


def _pages(db: Database, meeting_id: int, lang: str = "nb") -> list[str]:
    return page_texts(render_minutes(load_minutes_data(db, meeting_id, today=TODAY), lang=lang).pdf)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def follow_up_meeting(demo_db: Database) -> int:
    """The demo's second meeting, where the first meeting's housing call is now marked done."""
    meeting_id = minutes_fixtures.held_meeting_ids(demo_db)[1]
    with demo_db.session() as session:
        review, task = session.exec(
            select(TaskReview, Task)
            .join(Task, col(Task.id) == TaskReview.task_id)
            .where(TaskReview.meeting_id == meeting_id, Task.party == PartyType.USER)
        ).first() or (None, None)
        assert review is not None and task is not None, "the demo's second meeting follows up Kari's call"
        review.result, review.outcome, review.new_due = TaskReviewResult.DONE, OUTCOME, None
        task.status = TaskStatus.DONE
    return meeting_id


def _told_items(data: MinutesData) -> int:
    """How many numbered items the minutes tell: the agenda's, plus a block of loose notes only when
    the agenda has no «Eventuelt» of its own to put them under."""
    agenda = [item for item in data.items if item.id != 0]
    loose = len(agenda) < len(data.items)
    has_own = any(item.kind == AgendaKind.OTHER_BUSINESS.value for item in agenda)
    return len(agenda) + (1 if loose and not has_own else 0)


def _numbers_told(pages: list[str]) -> Counter[str]:
    """Agenda numbers («4. …», «4.2. …») that start a line after page one."""
    return Counter(
        match.group(1)
        for page in pages[1:]
        for line in page.splitlines()
        if (match := re.match(r"\s*(\d+(?:\.\d+)?)\. \S", line))
    )


def _labels(data: MinutesData) -> Counter[str]:
    """Every item's agenda number once (sub-items within their item: «4.2»)."""
    sections = item_sections(data)
    entries = [*sections.talked, *sections.quiet, *sections.groups.values()]
    entries += [e.item for e in (*sections.follow_ups, *sections.plan_changes) if e.item is not None]
    labels = Counter(entry.label for entry in entries)
    assert len(labels) == sum(labels.values()) == _told_items(data)
    return labels


def test_every_agenda_item_is_told_exactly_once(demo_db: Database, follow_up_meeting: int) -> None:
    data = load_minutes_data(demo_db, follow_up_meeting, today=TODAY)
    pages = _pages(demo_db, follow_up_meeting)
    told = _numbers_told(pages)
    assert told == _labels(data), told

    body = "\n".join(pages[1:])
    quiet = body.split("Også på sakslisten (ikke skrevet noe)", 1)[1].split("Referatet sendes til", 1)[0]
    follow_up = body.split("Oppfølging av oppgaver fra før", 1)[1].split("Dette snakket vi om", 1)[0]
    talked = body.split("Dette snakket vi om", 1)[1].split("Også på sakslisten", 1)[0]
    done = next(r for r in data.reviews if r.result == TaskReviewResult.DONE.value)
    # The done task is told with its outcome, and nowhere said to have nothing written down.
    assert done.text in _flat(follow_up) and OUTCOME in follow_up
    assert done.text not in _flat(quiet)
    # A goal with nothing recorded in the meeting is listed plainly, not as talked about.
    silent_goals = [
        item
        for item in data.items
        if item.kind == AgendaKind.GOAL.value and not item.notes and not item.tasks
    ]
    assert silent_goals, "the demo has a goal nobody wrote anything under"
    for goal in silent_goals:
        assert goal.goal_text not in _flat(talked)
    assert body.count("Også på sakslisten (ikke skrevet noe)") == 1


def test_no_item_is_in_two_sections_in_any_demo_meeting(demo_db: Database) -> None:
    for meeting_id in minutes_fixtures.held_meeting_ids(demo_db):
        data = load_minutes_data(demo_db, meeting_id, today=TODAY)
        sections = item_sections(data)
        numbers = [e.number for e in sections.talked] + [e.number for e in sections.quiet]
        numbers += [e.item.number for e in sections.follow_ups if e.item is not None]
        numbers += [e.item.number for e in sections.plan_changes if e.item is not None]
        numbers += [e.number for e in sections.groups.values()]  # told as the heading of their sub-items
        assert sorted(numbers) == list(range(1, _told_items(data) + 1)), meeting_id
        assert len(sections.follow_ups) >= len({r.task_id for r in data.reviews})


def test_loose_notes_join_the_agendas_own_other_business(demo_db: Database, held_meeting: int) -> None:
    with demo_db.session() as session:
        session.add(Note(meeting_id=held_meeting, text="Notat uten sak"))
    data = load_minutes_data(demo_db, held_meeting, today=TODAY)
    sections = item_sections(data)
    other = [e.item for e in sections.talked if e.item.kind == AgendaKind.OTHER_BUSINESS.value]
    assert len(other) == 1 and "Notat uten sak" in other[0].notes and other[0].id != 0
    pages = _pages(demo_db, held_meeting)
    assert _numbers_told(pages) == _labels(data)
    assert "\n".join(pages).count(other[0].title) == 1  # one «Eventuelt», not a second one at the end


def test_page_one_tells_what_was_done_and_the_persons_own_words(
    demo_db: Database, follow_up_meeting: int
) -> None:
    data = load_minutes_data(demo_db, follow_up_meeting, today=TODAY)
    first = _flat(_pages(demo_db, follow_up_meeting)[0])
    assert "Gjort siden sist" in first
    assert (
        "Kari er ferdig med å ringe boligkontoret og spørre om status på søknaden. Søknaden er innvilget."
        in first
    )
    words = [w for item in data.items for w in item.user_words]
    assert words and "Dette sa Kari" in first
    assert all(f"«{w}»" in first for w in words)


def test_page_one_has_no_done_section_when_nothing_was_done(demo_db: Database, held_meeting: int) -> None:
    first = _pages(demo_db, held_meeting)[0]
    assert "Gjort siden sist" not in first
    assert "står på side 2" not in first  # the demo's page one has room for everything


def _add_tasks(db: Database, meeting_id: int, count: int) -> None:
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        parties = (PartyType.USER, PartyType.NAV, PartyType.GP, PartyType.MUNICIPAL_HOUSING)
        for n in range(count):
            session.add(
                Task(
                    case_id=meeting.case_id,
                    meeting_id=meeting_id,
                    text=f"Ringe NAV om bostøtte nummer {n}",
                    party=parties[n % len(parties)],
                    due=date(2026, 12, 1) + timedelta(days=n),
                    status=TaskStatus.OPEN,
                )
            )


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_page_one_stays_one_page_with_twelve_tasks(demo_db: Database, held_meeting: int, lang: str) -> None:
    """With 12 tasks «Neste møte» used to fall alone onto page 2; now the rest is summarised."""
    added = 12 - len(load_minutes_data(demo_db, held_meeting, today=TODAY).tasks)
    _add_tasks(demo_db, held_meeting, added)
    assert len(load_minutes_data(demo_db, held_meeting, today=TODAY).tasks) == 12
    pages = _pages(demo_db, held_meeting, lang)
    first, second = _flat(pages[0]), _flat(pages[1])
    next_meeting, again, more, continued = {
        "nb": (
            "Neste møte",
            "Vi møtes igjen",
            r"(\d+) oppgaver til står på side 2\.",
            "(fortsatt fra side 1)",
        ),
        "nn": (
            "Neste møte",
            "Vi møtest igjen",
            r"(\d+) oppgåver til står på side 2\.",
            "(framhald frå side 1)",
        ),
        "en": (
            "Next meeting",
            "We meet again",
            r"(\d+) more tasks are on page 2\.",
            "(continued from page 1)",
        ),
    }[lang]
    assert next_meeting in first and again in first
    match = re.search(more, first)
    assert match, first
    hidden = int(match.group(1))
    assert 0 < hidden < 12
    assert continued in second[:120]
    # Each added task is told once on page one or at the top of page 2 (the body follows later).
    top_of_two = second.split(next_meeting if lang == "en" else "Om møtet")[0]
    for n in range(added):
        assert (first + " " + top_of_two).count(f"nummer {n} ") + (first + " " + top_of_two).count(
            f"nummer {n}."
        ) == 1, n


def test_page_one_stays_one_page_with_200_tasks(demo_db: Database, held_meeting: int) -> None:
    _add_tasks(demo_db, held_meeting, 200)
    pages = _pages(demo_db, held_meeting)
    first = _flat(pages[0])
    assert "Vi møtes igjen" in first and "Spør " in first
    assert re.search(r"\d+ oppgaver til står på side 2\.", first)
    assert "Hvem gjør hva innen når (fortsatt fra side 1)" in _flat(pages[1])


def page_one_content(page: str) -> str:
    """Page one without the running header and footer (they are on every page, not page one's text)."""
    furniture = ("Referat · sak", "Versjon ", "Møte ", "Side ")
    return "\n".join(line for line in page.splitlines() if not line.startswith(furniture))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_page_one_is_easy_to_read_by_any_count(demo_db: Database, held_meeting: int, lang: str) -> None:
    """LIX ≤ 35 on the demo meeting's page one, with sentences ended by .!?: and by full stops only."""
    text = page_one_content(_pages(demo_db, held_meeting, lang)[0])
    assert "Hvem gjør hva" in text or "Kven gjer kva" in text
    assert lix(text).score <= 35, lix(text)
    assert lix(text, only_full_stops=True).score <= 35, lix(text, only_full_stops=True)


def test_every_line_of_page_one_ends_as_a_sentence(demo_db: Database, follow_up_meeting: int) -> None:
    """Bullets without a full stop read as fragments (and make one long «sentence» for LIX)."""
    from desktop.services.minutes.pdf import language
    from desktop.services.minutes.sentences import done_sentence, ends_as_sentence, task_sentence

    with demo_db.session() as session:
        session.add(Decision(meeting_id=follow_up_meeting, text="Søknad om bolig prioriteres"))
    data = load_minutes_data(demo_db, follow_up_meeting, today=TODAY)
    first = data.facts.user_first_name
    with language("nb"):
        lines = [ends_as_sentence(d.text) for d in data.decisions]
        lines += [done_sentence(r, first) for r in data.reviews if r.result == TaskReviewResult.DONE.value]
        lines += [task_sentence(t, first) for t in data.tasks]
    assert len(lines) >= 5
    assert all(line.endswith((".", ".)")) for line in lines), lines
    assert "Søknad om bolig prioriteres." in _flat(_pages(demo_db, follow_up_meeting)[0])


def test_lix_counts_words_long_words_and_sentences() -> None:
    text = "Kari skal ringe boligkontoret innen 15. desember. Hun gleder seg: det blir bra!"
    measured = lix(text)
    assert (measured.words, measured.long_words, measured.sentences) == (13, 2, 3)
    assert lix(text, only_full_stops=True).sentences == 1
    assert lix("Møtet er kl. 10.00 hos Dr. Moe.").sentences == 1
    assert round(measured.score, 1) == round(13 / 3 + 100 * 2 / 13, 1)
    assert lix("").score == 0


def test_the_english_copy_frames_norwegian_text_grammatically(demo_db: Database, held_meeting: int) -> None:
    first = _flat(_pages(demo_db, held_meeting, "en")[0])
    assert "quoted in the language they were written in" in first
    assert "Kari will do this by Sunday, 15 November 2026: Ringe boligkontoret" in first
    assert "is responsible for this" not in first
    assert "We meet again on" in first


def test_the_next_meeting_item_is_not_listed_as_empty(demo_db: Database, held_meeting: int) -> None:
    with demo_db.session() as session:
        kinds = [
            item.kind
            for item in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == held_meeting)).all()
        ]
    assert AgendaKind.NEXT_MEETING in kinds
    body = "\n".join(_pages(demo_db, held_meeting)[1:])
    quiet = body.split("Også på sakslisten (ikke skrevet noe)", 1)[1]
    assert "Neste møte" not in quiet.split("Referatet sendes til", 1)[0]


def test_the_persons_words_on_page_one_may_hold_emoji(demo_db: Database, held_meeting: int) -> None:
    with demo_db.session() as session:
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == held_meeting)).first()
        assert item is not None
        session.add(
            Note(
                meeting_id=held_meeting,
                agenda_item_id=item.id,
                kind=NoteKind.USER_WORDS,
                text="Jeg er glad 😀",
            )
        )
    first = _pages(demo_db, held_meeting)[0]
    assert "«Jeg er glad 😀»" in first


def test_names_with_emoji_draw_in_page_one_headings(demo_db: Database, follow_up_meeting: int) -> None:
    from dataclasses import replace

    data = load_minutes_data(demo_db, follow_up_meeting, today=TODAY)
    data = replace(data, facts=replace(data.facts, user_first_name="Kari😀", case_reference="AG-😀-1"))
    pages = page_texts(render_minutes(data, lang="nb").pdf)
    assert "Dette sa Kari😀" in pages[0] and "Der Kari😀 får behandling" in pages[0]
    assert "AG-[GRINNING FACE]-1" in pages[0]  # the running header is drawn in Noto Sans only


def test_a_very_long_quote_moves_to_page_two_before_the_tasks_do(
    demo_db: Database, held_meeting: int
) -> None:
    with demo_db.session() as session:
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == held_meeting)).first()
        assert item is not None
        words = "Jeg vil bo i Hamar og ha en hund. " * 1500
        session.add(
            Note(meeting_id=held_meeting, agenda_item_id=item.id, kind=NoteKind.USER_WORDS, text=words)
        )
    data = load_minutes_data(demo_db, held_meeting, today=TODAY)
    pages = _pages(demo_db, held_meeting)
    first = _flat(pages[0])
    assert "Mer av det Kari sa, står på side 2." in first
    assert "står på side 2" not in first.replace("Mer av det Kari sa, står på side 2.", "")
    assert all(task.text[1:20] in first for task in data.tasks)  # every task kept on page one
    assert "Vi møtes igjen" in first
    assert _flat(pages[1]).startswith("Dette sa Kari (fortsatt fra side 1)")


def test_a_group_item_is_told_once_above_its_sub_items(demo_db: Database, follow_up_meeting: int) -> None:
    """A hierarchical agenda (issue 17): «Oppfølging fra forrige møte» holds the earlier tasks and a
    goal holds its measures; a group with nothing of its own is not "nothing written down"."""
    from dataclasses import replace

    data = load_minutes_data(demo_db, follow_up_meeting, today=TODAY)
    items = list(data.items)
    follow_ups = [i for i, item in enumerate(items) if item.kind == AgendaKind.TASK_FOLLOW_UP.value]
    # «Godkjenning av referat …», with nothing written under it, stands in for the group item.
    group = next(i for i, item in enumerate(items) if item.kind == AgendaKind.APPROVE_MINUTES.value)
    assert not items[group].notes and group < follow_ups[0]
    items[group] = replace(items[group], kind="follow_ups", title="Oppfølging fra forrige møte")
    for i in follow_ups:
        items[i] = replace(items[i], parent_id=items[group].id)
    goal = next(i for i, item in enumerate(items) if item.kind == AgendaKind.GOAL.value and not item.notes)
    measure = goal + 1
    assert items[measure].kind == AgendaKind.MEASURE.value
    items[measure] = replace(items[measure], parent_id=items[goal].id, notes=("Timen er bestilt.",))
    data = replace(data, items=tuple(items))

    sections = item_sections(data)
    assert set(sections.groups) == {items[group].id, items[goal].id}
    assert all(entry.item.id not in sections.groups for entry in sections.quiet)
    pages = page_texts(render_minutes(data, lang="nb").pdf)
    assert _numbers_told(pages) == _labels(data)
    body = _flat("\n".join(pages[1:]))
    labels = agenda_labels(data.items)
    assert labels[follow_ups[0]] == f"{labels[group]}.1"  # numbered within their item
    assert f"{labels[group]}. Oppfølging fra forrige møte {labels[follow_ups[0]]}. " in body
    assert f"{labels[goal]}. Fysisk helse {labels[measure]}. Hjelp:" in body
