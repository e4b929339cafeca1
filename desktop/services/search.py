"""Full-text search over meeting notes, decisions («Avtalt») and tasks, with SQLite FTS5.

The indexes are external-content FTS5 tables kept in sync by triggers (``search_schema.py``,
migration ``0003_search``). What the user types is never passed to FTS5 as query syntax: it is
split into words, and every word must occur, as a whole word or as the start of one
("bol" finds "bolig"). Hits are listed newest first; ranking by relevance would make a common
word ("NAV") score every one of 50 000 tasks before the first hit could be shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text

from desktop.db import Database

#: Snippet markers around the matched words; the UI turns them into bold text.
MARK_START = "\x02"
MARK_END = "\x03"
MAX_QUERY_WORDS = 12
MAX_WORD_CHARS = 60
SNIPPET_WORDS = 16
_WORD = re.compile(r"\w+", re.UNICODE)
#: Spellings that mean the same (DOMAIN.md §1.2, §9): the UI writes the first, notes use them all,
#: and Nynorsk text has its own forms. A word that starts one of them finds every one.
SPELLING_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("utskrivning", "utskriving", "utskrivelse"),
    ("brukerstyrt", "brukarstyrt"),
    ("pårørende", "pårørande"),
    ("mestringsplan", "meistringsplan"),
    ("henvisning", "tilvising"),
)
MIN_VARIANT_CHARS = 5


@dataclass(frozen=True)
class SearchHit:
    """One match. ``snippet`` holds the words around the match, marked with MARK_START/MARK_END."""

    kind: str  # "note", "decision" or "task"
    id: int
    case_id: int
    case_reference: str
    meeting_id: int | None
    when: datetime | None
    snippet: str

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")


def fts_query(user_text: str) -> str | None:
    """Turn free text into a safe FTS5 query (every word, prefix match), or None if nothing to find."""
    words = [w[:MAX_WORD_CHARS] for w in _WORD.findall(user_text or "")][:MAX_QUERY_WORDS]
    if not words:
        return None
    return " ".join(_term(w) for w in words)


def _term(word: str) -> str:
    folded = word.casefold()
    if len(folded) >= MIN_VARIANT_CHARS:
        for group in SPELLING_VARIANTS:
            if any(v.startswith(folded) or folded.startswith(v) for v in group):
                alternatives = [word, *(v for v in group if not v.startswith(folded))]
                return "(" + " OR ".join(f'"{a}"*' for a in alternatives) + ")"
    return f'"{word}"*'


_QUERIES: dict[str, str] = {
    "note": """
        SELECT note.id, meeting.case_id, "case".reference, note.meeting_id, meeting.start,
               snippet(note_fts, 0, :ms, :me, '…', :words)
        FROM note_fts
        JOIN note ON note.id = note_fts.rowid
        JOIN meeting ON meeting.id = note.meeting_id
        JOIN "case" ON "case".id = meeting.case_id
        WHERE note_fts MATCH :q {case_filter}
        ORDER BY note_fts.rowid DESC LIMIT :limit
    """,
    "decision": """
        SELECT decision.id, meeting.case_id, "case".reference, decision.meeting_id, meeting.start,
               snippet(decision_fts, 0, :ms, :me, '…', :words)
        FROM decision_fts
        JOIN decision ON decision.id = decision_fts.rowid
        JOIN meeting ON meeting.id = decision.meeting_id
        JOIN "case" ON "case".id = meeting.case_id
        WHERE decision_fts MATCH :q {case_filter}
        ORDER BY decision_fts.rowid DESC LIMIT :limit
    """,
    "task": """
        SELECT task.id, task.case_id, "case".reference, task.meeting_id, task.created_at,
               snippet(task_fts, -1, :ms, :me, '…', :words)
        FROM task_fts
        JOIN task ON task.id = task_fts.rowid
        JOIN "case" ON "case".id = task.case_id
        WHERE task_fts MATCH :q {case_filter}
        ORDER BY task_fts.rowid DESC LIMIT :limit
    """,
}
_CASE_COLUMN = {"note": "meeting.case_id", "decision": "meeting.case_id", "task": "task.case_id"}


class SearchService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def search(
        self, query: str, limit: int = 50, *, case_id: int | None = None, kinds: tuple[str, ...] = ()
    ) -> list[SearchHit]:
        """Notes, decisions and tasks containing every word of ``query``, newest first."""
        match = fts_query(query)
        if match is None or limit <= 0:
            return []
        hits: list[SearchHit] = []
        params: dict[str, Any] = {
            "q": match,
            "ms": MARK_START,
            "me": MARK_END,
            "words": SNIPPET_WORDS,
            "limit": limit,
        }
        if case_id is not None:
            params["case_id"] = case_id
        with self._db.session() as session:
            for kind, sql in _QUERIES.items():
                if kinds and kind not in kinds:
                    continue
                case_filter = f"AND {_CASE_COLUMN[kind]} = :case_id" if case_id is not None else ""
                rows = session.connection().execute(text(sql.format(case_filter=case_filter)), params)
                for row_id, row_case, reference, meeting_id, when, snippet in rows:
                    hits.append(
                        SearchHit(
                            kind=kind,
                            id=int(row_id),
                            case_id=int(row_case),
                            case_reference=str(reference),
                            meeting_id=int(meeting_id) if meeting_id is not None else None,
                            when=_as_datetime(when),
                            snippet=" ".join(str(snippet or "").split()),
                        )
                    )
        hits.sort(key=lambda h: (h.when or datetime.min, h.kind, h.id), reverse=True)
        return hits[:limit]


def task_match_clause(user_text: str) -> tuple[str, dict[str, str]] | None:
    """SQL (and its parameter) restricting ``task.id`` to tasks whose text or outcome match."""
    match = fts_query(user_text)
    if match is None:
        return None
    return "task.id IN (SELECT rowid FROM task_fts WHERE task_fts MATCH :task_match)", {"task_match": match}


def _as_datetime(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None
