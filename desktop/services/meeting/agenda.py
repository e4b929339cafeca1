"""Reading, saving, regenerating and editing a meeting's agenda.

The agenda is generated from the plan (:mod:`.agenda_generation`) until it is saved; the saved
agenda is a tree of items (:mod:`.agenda_tree`). Edits the facilitator makes (added, renamed,
re-timed, moved or removed items) survive regeneration.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import AgendaItem, Task
from desktop.models.enums import AgendaKind
from desktop.services.case.validation import clean_chars
from desktop.services.meeting.agenda_generation import generate_agenda
from desktop.services.meeting.agenda_tree import (
    GROUP_KINDS,
    AgendaEntry,
    Layout,
    parents_by_id,
    tree_order,
    visible_entries,
    visible_rows,
)
from desktop.services.meeting.lookups import get_agenda_item, get_meeting

MAX_TITLE_CHARS = 300
MAX_ITEM_MINUTES = 600


class AgendaService:
    """Read, save and regenerate a meeting's agenda."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def agenda(self, meeting_id: int) -> list[AgendaEntry]:
        """The saved agenda, or the one generated from the plan when none is saved yet."""
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            saved = self._rows(session, meeting_id)
            if saved:  # a saved agenda wins, even one whose items were all removed
                return visible_entries(saved)
            return generate_agenda(session, meeting)

    def save_generated(self, meeting_id: int) -> list[AgendaEntry]:
        """Persist the generated agenda if none is saved; return the saved agenda."""
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            exists = session.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)).first()
            if exists is None:
                save_entries(session, meeting_id, generate_agenda(session, meeting))
        return self.agenda(meeting_id)

    def regenerate(self, meeting_id: int) -> list[AgendaEntry]:
        """Bring a saved agenda up to date with the plan without losing manual edits.

        Items the facilitator added, renamed, re-timed, moved or removed stay as they are;
        generated items that are new (a task raised since) are inserted after their generated
        neighbour, beneath their generated parent (at the top level when the facilitator removed
        that parent); generated items whose source is gone (a task closed) disappear unless they
        hold content, and a parent stays while it has sub-items. An agenda saved flat, before
        sub-items existed, gets the generated hierarchy.
        """
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            fresh = generate_agenda(session, meeting)
            rows = self._rows(session, meeting_id)
            is_flat = all(row.parent_id is None and row.kind not in GROUP_KINDS for row in rows)
            by_key = {row.source_key: row for row in rows if row.source_key and not row.is_manual}
            fresh_keys = {entry.source_key for entry in fresh}
            kept = {
                id(row)
                for row in rows
                if row.is_manual or row.source_key in fresh_keys or _holds_content(session, row)
            }
            parents = parents_by_id(rows)
            kept |= {id(parents[row.id]) for row in rows if id(row) in kept and row.id in parents}
            ordered = [row for row in rows if id(row) in kept]
            gone = {row.id for row in rows if id(row) not in kept}
            for row in rows:
                if id(row) not in kept:
                    session.delete(row)
                elif row.parent_id in gone:
                    row.parent_id = None  # what ON DELETE SET NULL does in the file
            added: set[int] = set()
            previous_key: str | None = None
            for entry in fresh:
                existing = by_key.get(entry.source_key)
                if existing is None:
                    created = _to_row(meeting_id, entry)
                    session.add(created)
                    by_key[entry.source_key] = created
                    added.add(id(created))
                    anchor = next((i for i, r in enumerate(ordered) if r.source_key == previous_key), -1)
                    ordered.insert(anchor + 1, created)
                elif not existing.is_title_edited:
                    existing.title = entry.title
                previous_key = entry.source_key
            session.flush()
            for entry in fresh:
                row = by_key[entry.source_key]
                if id(row) not in added and not is_flat:
                    continue  # the facilitator's structure stays
                parent = by_key.get(entry.parent_key) if entry.parent_key else None
                row.parent_id = parent.id if parent is not None and not parent.is_removed else None
            for position, row in enumerate(tree_order(ordered)):
                row.position = position
        return self.agenda(meeting_id)

    def add_item(
        self, meeting_id: int, title: str, planned_minutes: int = 5, after_position: int | None = None
    ) -> int:
        """Add an item of the facilitator's own after the visible item at ``after_position``.

        After a sub-item the new item is a sub-item of the same parent; after a top-level item it
        comes after that item's sub-items, at the top level; without a position, at the end.
        """
        title = _clean_title(title)
        with self._db.session() as session:
            get_meeting(session, meeting_id)
            rows = tree_order(self._rows(session, meeting_id))
            visible = visible_rows(rows)
            item = AgendaItem(
                meeting_id=meeting_id,
                kind=AgendaKind.CUSTOM,
                title=title,
                planned_minutes=max(0, min(planned_minutes, MAX_ITEM_MINUTES)),
                is_manual=True,
            )
            if after_position is None or not visible:
                rows.append(item)
            else:
                after = visible[max(0, min(after_position, len(visible) - 1))]
                parents = parents_by_id(rows)
                if after.id in parents:
                    item.parent_id = parents[after.id].id
                    rows.insert(rows.index(after) + 1, item)
                else:
                    end = rows.index(after) + 1
                    while end < len(rows) and rows[end].id in parents:
                        end += 1
                    rows.insert(end, item)
            session.add(item)
            for position, row in enumerate(rows):
                row.position = position
            session.flush()
            assert item.id is not None
            return item.id

    def rename_item(self, item_id: int, title: str) -> None:
        title = _clean_title(title)
        with self._db.session() as session:
            item = get_agenda_item(session, item_id)
            item.title = title
            item.is_title_edited = True

    def set_planned_minutes(self, item_id: int, minutes: int) -> None:
        with self._db.session() as session:
            get_agenda_item(session, item_id).planned_minutes = max(0, min(minutes, MAX_ITEM_MINUTES))

    def remove_item(self, item_id: int) -> list[int]:
        """Hide an item with its sub-items; they stay hidden when the agenda is regenerated.

        Returns the ids hidden now (the item, and those of its sub-items that were still shown),
        for an undo that restores exactly those (:meth:`restore_items`).
        """
        with self._db.session() as session:
            item = get_agenda_item(session, item_id)
            rows = self._rows(session, item.meeting_id)
            parents = parents_by_id(rows)
            hidden = [item] + [r for r in rows if r.id in parents and parents[r.id] is item]
            changed = [r for r in hidden if not r.is_removed]
            for row in changed:
                row.is_removed = True
            return [row.id for row in changed if row.id is not None]

    def restore_item(self, item_id: int) -> None:
        """Show a removed item again, with the sub-items hidden along with it."""
        with self._db.session() as session:
            item = get_agenda_item(session, item_id)
            item.is_removed = False
            for row in self._rows(session, item.meeting_id):
                if row.parent_id == item.id:
                    row.is_removed = False

    def restore_items(self, item_ids: Sequence[int]) -> None:
        with self._db.session() as session:
            for item_id in item_ids:
                get_agenda_item(session, item_id).is_removed = False

    def move_item(self, item_id: int, new_index: int) -> None:
        """Move an item, with its sub-items, to ``new_index`` among the visible items.

        A sub-item stays beneath its parent (among its siblings, as near ``new_index`` as that
        allows); :meth:`arrange` changes which item is a sub-item of which.
        """
        with self._db.session() as session:
            item = get_agenda_item(session, item_id)
            rows = tree_order(self._rows(session, item.meeting_id))
            visible = visible_rows(rows)
            block = [item] + [r for r in visible if r.parent_id == item.id and item.parent_id is None]
            rest = [r for r in visible if r not in block]
            index = max(0, min(new_index, len(rest)))
            new_visible = rest[:index] + block + rest[index:]
            self._apply_visible_order(rows, new_visible)

    def layout(self, meeting_id: int) -> Layout:
        """The visible items as (id, parent id), in order: what :meth:`arrange` takes back."""
        return [(entry.id or 0, entry.parent_id) for entry in self.agenda(meeting_id)]

    def arrange(self, meeting_id: int, layout: Layout) -> None:
        """Put the visible items in the order of ``layout``, each beneath the parent it names.

        The planner computes a move (drag and drop, Ctrl+Up/Down) as a whole new layout, and its
        undo puts the old one back. A parent must be a top-level item of the layout and a group
        item is never a sub-item; otherwise the item goes to the top level. Items missing from
        ``layout`` keep their place after it; removed items keep theirs.
        """
        with self._db.session() as session:
            get_meeting(session, meeting_id)
            rows = tree_order(self._rows(session, meeting_id))
            by_id = {row.id: row for row in rows}
            tops = {item_id for item_id, parent in layout if parent is None}
            ordered: list[AgendaItem] = []
            for item_id, parent in layout:
                row = by_id.get(item_id)
                if row is None or row in ordered:
                    continue
                has_children = any(p == item_id for _i, p in layout)
                is_group = row.kind in GROUP_KINDS
                ok = parent in tops and parent != item_id and not has_children and not is_group
                row.parent_id = parent if ok else None
                ordered.append(row)
            visible = visible_rows(rows)
            ordered += [row for row in visible if row not in ordered]
            self._apply_visible_order(rows, ordered)

    @staticmethod
    def _apply_visible_order(rows: list[AgendaItem], visible: list[AgendaItem]) -> None:
        """Give the visible items the order of ``visible``; removed items keep their slots."""
        shown = {id(row) for row in visible}
        queue = iter(visible)
        merged = [next(queue) if id(row) in shown else row for row in rows]
        for position, row in enumerate(tree_order(merged)):
            row.position = position

    @staticmethod
    def _rows(session: Session, meeting_id: int) -> list[AgendaItem]:
        return list(
            session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position), col(AgendaItem.id))
            ).all()
        )


def _clean_title(title: str) -> str:
    """One line, not empty, not absurdly long: titles appear in the notice and the minutes."""
    text = " ".join(clean_chars(title).split())
    if not text:
        raise UserError(_("An agenda item needs a title."))
    if len(text) > MAX_TITLE_CHARS:
        raise UserError(_("The title is too long (at most {n} characters).").format(n=MAX_TITLE_CHARS))
    return text


def _holds_content(session: Session, row: AgendaItem) -> bool:
    from desktop.models import Decision, Note

    if row.id is None:
        return False
    note = session.exec(select(Note.id).where(Note.agenda_item_id == row.id, Note.text != "")).first()
    decision = session.exec(select(Decision.id).where(Decision.agenda_item_id == row.id)).first()
    task = session.exec(select(Task.id).where(Task.agenda_item_id == row.id)).first()
    return note is not None or decision is not None or task is not None


def save_entries(session: Session, meeting_id: int, entries: list[AgendaEntry]) -> list[AgendaItem]:
    """Add ``entries`` (a generated agenda) as the meeting's saved items, sub-items beneath
    their parents; returns the rows in the same order."""
    rows = [_to_row(meeting_id, entry) for entry in entries]
    session.add_all(rows)
    session.flush()
    by_key = {row.source_key: row for row in rows}
    for row, entry in zip(rows, entries, strict=True):
        if entry.parent_key:
            row.parent_id = by_key[entry.parent_key].id
    return rows


def _to_row(meeting_id: int, entry: AgendaEntry) -> AgendaItem:
    return AgendaItem(
        meeting_id=meeting_id,
        position=entry.position,
        kind=AgendaKind(entry.kind),
        title=entry.title,
        planned_minutes=entry.planned_minutes,
        source_key=entry.source_key,
        goal_id=entry.goal_id,
        measure_id=entry.measure_id,
        task_id=entry.task_id,
        checkpoint=entry.checkpoint or "",
        is_manual=entry.is_manual,
    )
