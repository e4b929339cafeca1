"""Full-text search over notes, agreements and tasks (FTS5 kept in sync by triggers)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from desktop.db import Database
from desktop.models import Case, Decision, Meeting, Note, Task
from desktop.models.enums import PartyType
from desktop.services.search import MARK_END, MARK_START, SearchService, fts_query
from desktop.services.search_schema import FTS_TABLES, include_object, is_search_table, trigger_names


def _meeting(db: Database) -> tuple[int, int]:
    with db.session() as s:
        case = Case(reference="AG-S-1", display_name="Máret Eira")
        s.add(case)
        s.flush()
        meeting = Meeting(case_id=case.id or 0, start=datetime(2026, 11, 2, 10, 0))
        s.add(meeting)
        s.flush()
        return case.id or 0, meeting.id or 0


def test_finds_notes_decisions_and_tasks_newest_first_with_marked_snippets(db: Database) -> None:
    case_id, meeting_id = _meeting(db)
    with db.session() as s:
        s.add(Note(meeting_id=meeting_id, text="Máret forteller at boligsøknaden er sendt. " + "Fyll " * 50))
        s.add(Decision(meeting_id=meeting_id, text="Boligkontoret svarer innen to uker."))
        s.add(
            Task(
                case_id=case_id,
                text="Følge opp boligsøknaden",
                party=PartyType.MUNICIPAL_HOUSING,
                created_at=datetime(2026, 11, 20, 9, 0),
            )
        )
    hits = SearchService(db).search("bolig", 10)
    assert [h.kind for h in hits] == ["task", "note", "decision"]  # newest first
    assert all(h.case_reference == "AG-S-1" and h.case_id == case_id for h in hits)
    note = next(h for h in hits if h.kind == "note")
    assert f"{MARK_START}boligsøknaden{MARK_END}" in note.snippet
    assert len(note.plain_snippet) < 200  # a snippet, not the whole note
    assert SearchService(db).search("bolig", 10, kinds=("decision",))[0].kind == "decision"


def test_sami_and_norwegian_letters_fold_case_but_not_into_other_letters(db: Database) -> None:
    case_id, meeting_id = _meeting(db)
    with db.session() as s:
        s.add(Note(meeting_id=meeting_id, text="ŊUOVVADAS: Áile vil snakke samisk. Får hjelp."))
    service = SearchService(db)
    assert len(service.search("áile", 5)) == 1
    assert len(service.search("ŋuovvadas", 5)) == 1
    assert len(service.search("får", 5)) == 1
    assert service.search("far", 5) == []  # å is a letter of its own, not a decorated a


def test_edits_and_deletes_reach_the_index(db: Database) -> None:
    case_id, meeting_id = _meeting(db)
    with db.session() as s:
        note = Note(meeting_id=meeting_id, text="Turgruppen på tirsdag")
        s.add(note)
        s.flush()
        note_id = note.id
    service = SearchService(db)
    assert len(service.search("turgruppen", 5)) == 1
    with db.session() as s:
        row = s.get(Note, note_id)
        assert row is not None
        row.text = "Svømming på torsdag"
    assert service.search("turgruppen", 5) == []
    assert len(service.search("svømming", 5)) == 1
    with db.session() as s:
        row = s.get(Note, note_id)
        s.delete(row)
    assert service.search("svømming", 5) == []
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("INSERT INTO note_fts(note_fts) VALUES ('integrity-check')").rowcount in (
            -1,
            0,
            1,
        )
    conn.close()


def test_user_text_never_becomes_query_syntax(db: Database) -> None:
    _meeting(db)
    service = SearchService(db)
    for nasty in ('"', "AND OR NOT", "bolig*)", "NEAR(a b)", "' OR 1=1 --", "🙂", "", "   ", "x" * 10_000):
        assert isinstance(service.search(nasty, 5), list)
    assert fts_query("  ") is None
    assert fts_query("🙂!!") is None
    assert fts_query('Bolig "NAV"') == '"Bolig"* "NAV"*'
    assert service.search("bolig", 0) == []


def test_search_tables_are_ignored_by_model_comparison_and_triggers_exist(db: Database) -> None:
    assert is_search_table("note_fts") and is_search_table("task_fts_data") and not is_search_table("note")
    assert include_object(None, "decision_fts_idx", "table", True, None) is False
    assert include_object(None, "task", "table", True, None) is True
    with sqlite3.connect(db.path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert set(FTS_TABLES) <= names
    assert set(trigger_names()) <= names, (
        "a batch migration dropped the search triggers: call recreate_triggers"
    )


def test_other_spellings_of_the_same_word_are_found(db: Database) -> None:
    """DOMAIN.md: use «utskrivning» in the UI and accept the other spellings in search."""
    _case_id, meeting_id = _meeting(db)
    with db.session() as s:
        s.add(Note(meeting_id=meeting_id, text="Planen for utskriving er klar."))
        s.add(Note(meeting_id=meeting_id, text="Etter utskrivelsen får Máret brukarstyrt seng."))
    service = SearchService(db)
    assert len(service.search("utskrivning", 5)) == 2
    assert len(service.search("Utskriv", 5)) == 2
    assert len(service.search("brukerstyrt", 5)) == 1
    assert fts_query("utskrivning") == '("utskrivning"* OR "utskriving"* OR "utskrivelse"*)'
    assert fts_query("bolig") == '"bolig"*'
