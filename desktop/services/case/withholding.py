"""What the person withholds from whom, as recorded by the coordinator (issue 18).

A limited consent is applied through these rows (``desktop/models/withholding.py``): a whole life
area, or single notes, decisions and tasks, withheld from one member or from every member of a
party. :func:`withholdings_of_case` reads a case's rows once; :meth:`CaseWithholdings.for_member`
says what one member's copy must leave out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select

from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Member, Withholding
from desktop.models.enums import LifeDomain, PartyType
from desktop.models.withholding import WithheldSubject

if TYPE_CHECKING:
    from sqlmodel import Session

    from desktop.db import Database


@dataclass(frozen=True)
class WithheldFrom:
    """Everything one member's copy leaves out: life areas (LifeDomain values) and item ids."""

    life_areas: frozenset[str] = frozenset()
    notes: frozenset[int] = frozenset()
    decisions: frozenset[int] = frozenset()
    tasks: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.life_areas or self.notes or self.decisions or self.tasks)


@dataclass(frozen=True)
class WithholdingRow:
    id: int
    subject: str
    life_area: str | None
    item_id: int | None
    member_id: int | None
    party: str | None


@dataclass(frozen=True)
class CaseWithholdings:
    rows: tuple[WithholdingRow, ...]

    def _rows_for(self, member_id: int | None, party: str) -> list[WithholdingRow]:
        return [
            r for r in self.rows if (r.member_id is not None and r.member_id == member_id) or r.party == party
        ]

    def for_member(self, member: Member) -> WithheldFrom:
        rows = self._rows_for(member.id, member.party.value)

        def ids(subject: WithheldSubject) -> frozenset[int]:
            return frozenset(r.item_id for r in rows if r.subject == subject.value and r.item_id is not None)

        return WithheldFrom(
            life_areas=frozenset(
                r.life_area for r in rows if r.subject == WithheldSubject.LIFE_AREA.value and r.life_area
            ),
            notes=ids(WithheldSubject.NOTE),
            decisions=ids(WithheldSubject.DECISION),
            tasks=ids(WithheldSubject.TASK),
        )

    def applies_to(self, member: Member) -> bool:
        return bool(self._rows_for(member.id, member.party.value))


def withholdings_of_case(session: Session, case_id: int) -> CaseWithholdings:
    found = session.exec(
        select(Withholding).where(Withholding.case_id == case_id).order_by(col(Withholding.id))
    ).all()
    return CaseWithholdings(
        tuple(
            WithholdingRow(
                id=w.id or 0,
                subject=w.subject.value,
                life_area=w.life_area.value if w.life_area else None,
                item_id=w.item_id,
                member_id=w.member_id,
                party=w.party.value if w.party else None,
            )
            for w in found
        )
    )


class WithholdingService:
    """Record and remove what is withheld; the next distribution applies it (R4)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def of_case(self, case_id: int) -> CaseWithholdings:
        with self._db.session() as session:
            return withholdings_of_case(session, case_id)

    def withhold_life_area(
        self, case_id: int, area: LifeDomain, *, member_id: int | None = None, party: PartyType | None = None
    ) -> int:
        """Withhold a whole life area (its goals, help, tasks, notes and ratings) from a member or party."""
        return self._add(case_id, WithheldSubject.LIFE_AREA, member_id, party, life_area=area)

    def withhold_item(
        self,
        case_id: int,
        subject: WithheldSubject,
        item_id: int,
        *,
        member_id: int | None = None,
        party: PartyType | None = None,
    ) -> int:
        """Withhold one note, decision or task (by id) from a member or party."""
        if subject == WithheldSubject.LIFE_AREA:
            raise UserError(_("A life area is withheld by its name, not by an id."))
        return self._add(case_id, subject, member_id, party, item_id=item_id)

    def remove(self, withholding_id: int) -> None:
        with self._db.session() as session:
            row = session.get(Withholding, withholding_id)
            if row is None:
                raise NotFoundError(_("Nothing is withheld under id {id}.").format(id=withholding_id))
            session.delete(row)

    def _add(
        self,
        case_id: int,
        subject: WithheldSubject,
        member_id: int | None,
        party: PartyType | None,
        *,
        life_area: LifeDomain | None = None,
        item_id: int | None = None,
    ) -> int:
        if (member_id is None) == (party is None):
            raise UserError(_("Say whom it is withheld from: one member or one party."))
        with self._db.session() as session:
            if member_id is not None:
                member = session.get(Member, member_id)
                if member is None or member.case_id != case_id:
                    raise NotFoundError(_("That person is not in this case's group."))
            row = Withholding(
                case_id=case_id,
                subject=subject,
                life_area=life_area,
                item_id=item_id,
                member_id=member_id,
                party=party,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id


@dataclass(frozen=True)
class WithholdableItem:
    """A note, decision or task of a meeting that can be withheld, with a short text to show."""

    subject: str  # a WithheldSubject value
    item_id: int
    text: str


def withholdable_items(db: Database, meeting_id: int) -> list[WithholdableItem]:
    """The meeting's notes (not internal ones: they never reach the minutes), decisions and tasks."""
    from desktop.models import Decision, Note, Task

    with db.session() as session:
        notes = session.exec(
            select(Note.id, Note.text)
            .where(Note.meeting_id == meeting_id, col(Note.is_internal).is_(False))
            .order_by(col(Note.id))
        ).all()
        decisions = session.exec(
            select(Decision.id, Decision.text)
            .where(Decision.meeting_id == meeting_id)
            .order_by(col(Decision.id))
        ).all()
        tasks = session.exec(
            select(Task.id, Task.text).where(Task.meeting_id == meeting_id).order_by(col(Task.id))
        ).all()
    items: list[WithholdableItem] = []
    for subject, rows in (
        (WithheldSubject.NOTE, notes),
        (WithheldSubject.DECISION, decisions),
        (WithheldSubject.TASK, tasks),
    ):
        items.extend(
            WithholdableItem(subject.value, int(i), " ".join(t.split()))
            for i, t in rows
            if i is not None and t.strip()
        )
    return items


def item_text(db: Database, subject: str, item_id: int) -> str:
    """The text of a withheld note, decision or task ("" when it is gone), for the coordinator."""
    from desktop.models import Decision, Note, Task

    tables: dict[str, type[Note] | type[Decision] | type[Task]] = {
        WithheldSubject.NOTE.value: Note, WithheldSubject.DECISION.value: Decision, WithheldSubject.TASK.value: Task
    }  # fmt: skip
    table = tables.get(subject)
    if table is None:
        return ""
    with db.session() as session:
        row = session.get(table, item_id)
    return " ".join(str(getattr(row, "text", "")).split()) if row is not None else ""
