"""The notes of a running meeting: one note (or block of the user's own words) per agenda item."""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import Meeting, Note
from desktop.models.enums import NoteKind
from desktop.services.case.validation import clean_chars
from desktop.services.meeting.captured import MAX_TEXT_CHARS, clip


class NoteService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def set_note(self, meeting_id: int, item_id: int | None, kind: NoteKind, text: str) -> None:
        """One note (or one block of the user's own words) per item; empty text keeps an empty row.

        Called for every autosave of the meeting runner (a few times a second while someone types,
        with notes of up to 200 000 characters), so it is one short transaction of Core statements
        (no ORM objects to load and flush). When this returns, the text has committed; when it
        raises, nothing changed: a full disk is the translated :class:`DiskFullError`.
        """
        text = clip(clean_chars(text), MAX_TEXT_CHARS, _("note"))
        kind = NoteKind(kind)
        same_item = col(Note.agenda_item_id).is_(None) if item_id is None else Note.agenda_item_id == item_id
        with self._db.session() as session:
            if session.exec(select(Meeting.id).where(Meeting.id == meeting_id)).first() is None:
                raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
            found = session.exec(
                select(Note.id, Note.text)
                .where(Note.meeting_id == meeting_id, Note.kind == kind, same_item)
                .order_by(col(Note.id))
                .limit(1)
            ).first()
            if found is None:
                session.exec(
                    insert(Note).values(
                        meeting_id=meeting_id,
                        agenda_item_id=item_id,
                        kind=kind,
                        text=text,
                        is_internal=False,
                        updated_at=clock.now(),
                    )
                )
            elif found[1] != text:  # the same text again (a retry, an undo to it): no rewrite
                # Only a changed text fires the FTS5 trigger (re-indexing the whole note).
                session.exec(
                    update(Note).where(col(Note.id) == found[0]).values(text=text, updated_at=clock.now())
                )
