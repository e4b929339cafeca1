"""The agenda, generated from the individual plan (DOMAIN.md §5.2).

Order: welcome, approval of the last minutes, the user's own view (the user speaks first), every
open task from earlier meetings (oldest first: the group closes old business before new), each
active goal with its measures, the checkpoints of the current phase, crisis plan / bed agreement
when relevant, next of kin (only with consent), coordination, any other business, next meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, col, select

from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import (
    AgendaItem,
    BedAgreement,
    Case,
    ChildRecord,
    Consent,
    Coordination,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Member,
    Task,
)
from desktop.models.enums import (
    AgendaKind,
    ConsentScope,
    GoalStatus,
    MeasureStatus,
    MeetingStatus,
    MeetingType,
    PartyType,
    PathwayPhase,
    label,
)
from desktop.services.case_validation import clean_chars
from desktop.services.checkpoints import checkpoints_for
from desktop.services.consent import has_consent
from desktop.services.task_queries import select_open_tasks

TITLE_CHARS = 120
MAX_TITLE_CHARS = 300
MAX_ITEM_MINUTES = 600

PLANNED_MINUTES: dict[AgendaKind, int] = {
    AgendaKind.WELCOME: 5,
    AgendaKind.APPROVE_MINUTES: 3,
    AgendaKind.USER_VIEW: 10,
    AgendaKind.TASK_FOLLOW_UP: 3,
    AgendaKind.GOAL: 5,
    AgendaKind.MEASURE: 3,
    AgendaKind.CHECKPOINT: 3,
    AgendaKind.CRISIS_PLAN: 5,
    AgendaKind.BED_AGREEMENT: 5,
    AgendaKind.NEXT_OF_KIN: 5,
    AgendaKind.COORDINATION: 5,
    AgendaKind.OTHER_BUSINESS: 5,
    AgendaKind.NEXT_MEETING: 5,
    AgendaKind.CUSTOM: 5,
}

_ENDED_MEASURES = (MeasureStatus.ENDED, MeasureStatus.REJECTED)


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item as shown and exported; ``id`` is set once the agenda is saved."""

    kind: str
    title: str
    planned_minutes: int
    source_key: str = ""
    task_id: int | None = None
    goal_id: int | None = None
    measure_id: int | None = None
    checkpoint: str | None = None
    id: int | None = None
    position: int = 0
    is_manual: bool = False


def _short(text: str) -> str:
    """A one-line title from a long text (a goal in the user's words can be a paragraph)."""
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def _entry(kind: AgendaKind, title: str, key: str, **links: int | str | None) -> AgendaEntry:
    return AgendaEntry(
        kind=kind.value, title=title, planned_minutes=PLANNED_MINUTES[kind], source_key=key, **links
    )  # type: ignore[arg-type]


def generate_agenda(session: Session, meeting: Meeting) -> list[AgendaEntry]:
    """Build the agenda for ``meeting`` from the case's plan, open tasks and phase."""
    case = session.get(Case, meeting.case_id)
    assert case is not None
    items: list[AgendaEntry] = [_entry(AgendaKind.WELCOME, label(AgendaKind.WELCOME), "welcome")]
    earlier = session.exec(
        select(Meeting.id).where(
            Meeting.case_id == case.id,
            Meeting.start < meeting.start,
            col(Meeting.status).in_([MeetingStatus.HELD, MeetingStatus.SIGNED]),
        )
    ).first()
    if earlier is not None:
        items.append(_entry(AgendaKind.APPROVE_MINUTES, label(AgendaKind.APPROVE_MINUTES), "approve_minutes"))
    items.append(_entry(AgendaKind.USER_VIEW, label(AgendaKind.USER_VIEW), "user_view"))
    items += _task_items(session, case, meeting)
    items += _goal_items(session, case)
    for checkpoint in checkpoints_for(case.phase):
        items.append(
            _entry(
                AgendaKind.CHECKPOINT,
                _("Checkpoint: {title}").format(title=checkpoint.title),
                f"checkpoint:{checkpoint.key}",
                checkpoint=checkpoint.key,
            )
        )
    items += _situational_items(session, case, meeting)
    items.append(_entry(AgendaKind.OTHER_BUSINESS, label(AgendaKind.OTHER_BUSINESS), "other_business"))
    items.append(_entry(AgendaKind.NEXT_MEETING, label(AgendaKind.NEXT_MEETING), "next_meeting"))
    items = fit_to_duration(items, meeting.duration_minutes)
    return [replace(item, position=i) for i, item in enumerate(items)]


# The user's own view, welcome and the next meeting keep their time: the group shortens the
# per-item discussion of tasks, goals, measures and checkpoints instead (DOMAIN.md §5.2: the
# user speaks first, and small, predictable meetings work).
_FIXED_KINDS = frozenset(
    {
        AgendaKind.WELCOME,
        AgendaKind.APPROVE_MINUTES,
        AgendaKind.USER_VIEW,
        AgendaKind.OTHER_BUSINESS,
        AgendaKind.NEXT_MEETING,
    }
)
MIN_ITEM_MINUTES = 1


def fit_to_duration(items: list[AgendaEntry], duration_minutes: int) -> list[AgendaEntry]:
    """Shorten the flexible items so that the agenda fits the meeting, never below one minute.

    A long plan easily generates more than 90 minutes of items; the facilitator then sees an agenda
    that fits and can give time back where it matters. When even one minute each is too much,
    the agenda stays over time and the planner shows it.
    """
    flexible = [n for n, i in enumerate(items) if AgendaKind(i.kind) not in _FIXED_KINDS]
    fixed = sum(i.planned_minutes for n, i in enumerate(items) if n not in flexible)
    flexible_total = sum(items[n].planned_minutes for n in flexible)
    budget = duration_minutes - fixed
    if not flexible or fixed + flexible_total <= duration_minutes or budget <= 0:
        return items
    factor = budget / flexible_total
    raw = {n: items[n].planned_minutes * factor for n in flexible}
    minutes = {n: max(MIN_ITEM_MINUTES, int(value)) for n, value in raw.items()}
    spare = budget - sum(minutes.values())
    # Largest remainder first, so that the agenda uses the whole meeting and not less.
    for n in sorted(raw, key=lambda k: raw[k] - int(raw[k]), reverse=True):
        if spare <= 0:
            break
        if raw[n] >= MIN_ITEM_MINUTES:
            minutes[n] += 1
            spare -= 1
    return [
        replace(item, planned_minutes=minutes[n]) if n in minutes else item for n, item in enumerate(items)
    ]


def _task_items(session: Session, case: Case, meeting: Meeting) -> list[AgendaEntry]:
    """Every task still open, raised before this meeting, oldest first (DOMAIN.md §7.2)."""
    tasks = session.exec(
        select_open_tasks(case_id=case.id)
        .where((col(Task.meeting_id).is_(None)) | (Task.meeting_id != meeting.id))
        .order_by(col(Task.created_at), col(Task.id))
    ).all()
    return [
        _entry(
            AgendaKind.TASK_FOLLOW_UP,
            _("Follow-up: {task}").format(task=_short(task.text)),
            f"task:{task.id}",
            task_id=task.id,
        )
        for task in tasks
    ]


def _goal_items(session: Session, case: Case) -> list[AgendaEntry]:
    plan = session.exec(select(IndividualPlan).where(IndividualPlan.case_id == case.id)).first()
    if plan is None:
        return []
    goals = session.exec(
        select(Goal)
        .where(Goal.plan_id == plan.id, Goal.status == GoalStatus.ACTIVE)
        .order_by(col(Goal.position), col(Goal.id))
    ).all()
    items: list[AgendaEntry] = []
    for goal in goals:
        items.append(
            _entry(
                AgendaKind.GOAL,
                _("{domain}: {goal}").format(domain=label(goal.domain), goal=_short(goal.text)),
                f"goal:{goal.id}",
                goal_id=goal.id,
            )
        )
        measures = session.exec(
            select(Measure)
            .where(Measure.goal_id == goal.id, col(Measure.status).not_in(_ENDED_MEASURES))
            .order_by(col(Measure.id))
        ).all()
        for measure in measures:
            items.append(
                _entry(
                    AgendaKind.MEASURE,
                    _("Measure: {measure} ({party})").format(
                        measure=_short(measure.text), party=label(measure.party)
                    ),
                    f"measure:{measure.id}",
                    goal_id=goal.id,
                    measure_id=measure.id,
                )
            )
    return items


def _situational_items(session: Session, case: Case, meeting: Meeting) -> list[AgendaEntry]:
    """Crisis plan, bed agreement, next of kin and coordination, when the situation calls for them."""
    items: list[AgendaEntry] = []
    in_discharge = case.phase == PathwayPhase.DISCHARGE_PLANNING  # covered by the checkpoints then
    crisis_types = (MeetingType.EXTRA, MeetingType.FIRST_MEETING, MeetingType.EVALUATION)
    if not in_discharge and meeting.type in crisis_types:
        items.append(_entry(AgendaKind.CRISIS_PLAN, label(AgendaKind.CRISIS_PLAN), "crisis_plan"))
    has_bed = session.exec(select(BedAgreement.id).where(BedAgreement.case_id == case.id)).first() is not None
    if not in_discharge and has_bed and meeting.type in (MeetingType.BED_UNIT, MeetingType.EXTRA):
        items.append(_entry(AgendaKind.BED_AGREEMENT, label(AgendaKind.BED_AGREEMENT), "bed_agreement"))
    if (
        _next_of_kin_consented(session, case)
        or session.exec(select(ChildRecord.id).where(ChildRecord.case_id == case.id)).first()
    ):
        items.append(_entry(AgendaKind.NEXT_OF_KIN, label(AgendaKind.NEXT_OF_KIN), "next_of_kin"))
    coordination = session.exec(select(Coordination).where(Coordination.case_id == case.id)).first()
    needs_coordination = meeting.type in (MeetingType.FIRST_MEETING, MeetingType.HANDOVER) or (
        not in_discharge
        and case.phase in (PathwayPhase.AFTER_DISCHARGE, PathwayPhase.INPATIENT)
        and (coordination is None or coordination.handover_date is None)
    )
    if needs_coordination:
        items.append(_entry(AgendaKind.COORDINATION, label(AgendaKind.COORDINATION), "coordination"))
    return items


def _next_of_kin_consented(session: Session, case: Case) -> bool:
    members = session.exec(
        select(Member).where(Member.case_id == case.id, Member.party == PartyType.NEXT_OF_KIN)
    ).all()
    if not members:
        return False
    ids = [m.id for m in members]
    consents = session.exec(select(Consent).where(col(Consent.member_id).in_(ids))).all()
    return any(
        has_consent(m, ConsentScope.PARTICIPATE, consents)
        or has_consent(m, ConsentScope.INVOLVE_NEXT_OF_KIN, consents)
        for m in members
    )


def _from_row(item: AgendaItem) -> AgendaEntry:
    return AgendaEntry(
        kind=item.kind.value,
        title=item.title,
        planned_minutes=item.planned_minutes,
        source_key=item.source_key,
        task_id=item.task_id,
        goal_id=item.goal_id,
        measure_id=item.measure_id,
        checkpoint=item.checkpoint or None,
        id=item.id,
        position=item.position,
        is_manual=item.is_manual,
    )


class AgendaService:
    """Read, save and regenerate a meeting's agenda."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _meeting(self, session: Session, meeting_id: int) -> Meeting:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
        return meeting

    def agenda(self, meeting_id: int) -> list[AgendaEntry]:
        """The saved agenda, or the one generated from the plan when none is saved yet."""
        with self._db.session() as session:
            meeting = self._meeting(session, meeting_id)
            saved = session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position), col(AgendaItem.id))
            ).all()
            if saved:  # a saved agenda wins, even one whose items were all removed
                return [_from_row(item) for item in saved if not item.is_removed]
            return generate_agenda(session, meeting)

    def save_generated(self, meeting_id: int) -> list[AgendaEntry]:
        """Persist the generated agenda if none is saved; return the saved agenda."""
        with self._db.session() as session:
            meeting = self._meeting(session, meeting_id)
            exists = session.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)).first()
            if exists is None:
                for entry in generate_agenda(session, meeting):
                    session.add(_to_row(meeting_id, entry))
        return self.agenda(meeting_id)

    def regenerate(self, meeting_id: int) -> list[AgendaEntry]:
        """Bring a saved agenda up to date with the plan without losing manual edits.

        Items the facilitator added, renamed, re-timed or removed stay as they are; generated
        items that are new (a task raised since) are inserted after their generated neighbour;
        generated items whose source is gone (a task closed) disappear unless they hold content.
        """
        with self._db.session() as session:
            meeting = self._meeting(session, meeting_id)
            fresh = generate_agenda(session, meeting)
            rows = list(
                session.exec(
                    select(AgendaItem)
                    .where(AgendaItem.meeting_id == meeting_id)
                    .order_by(col(AgendaItem.position))
                ).all()
            )
            by_key = {row.source_key: row for row in rows if row.source_key and not row.is_manual}
            fresh_keys = {entry.source_key for entry in fresh}
            ordered = [
                row
                for row in rows
                if row.is_manual or row.source_key in fresh_keys or _holds_content(session, row)
            ]
            for row in rows:
                if row not in ordered:
                    session.delete(row)
            previous_key: str | None = None
            for entry in fresh:
                row = by_key.get(entry.source_key)
                if row is None:
                    row = _to_row(meeting_id, entry)
                    session.add(row)
                    anchor = next((i for i, r in enumerate(ordered) if r.source_key == previous_key), -1)
                    ordered.insert(anchor + 1, row)
                elif not row.is_title_edited:
                    row.title = entry.title
                previous_key = entry.source_key
            for position, row in enumerate(ordered):
                row.position = position
        return self.agenda(meeting_id)

    def add_item(
        self, meeting_id: int, title: str, planned_minutes: int = 5, after_position: int | None = None
    ) -> int:
        title = _clean_title(title)
        with self._db.session() as session:
            self._meeting(session, meeting_id)
            rows = self._rows(session, meeting_id)
            item = AgendaItem(
                meeting_id=meeting_id,
                kind=AgendaKind.CUSTOM,
                title=title,
                planned_minutes=max(0, min(planned_minutes, MAX_ITEM_MINUTES)),
                is_manual=True,
            )
            index = len(rows) if after_position is None else min(after_position + 1, len(rows))
            rows.insert(index, item)
            session.add(item)
            for position, row in enumerate(rows):
                row.position = position
            session.flush()
            assert item.id is not None
            return item.id

    def rename_item(self, item_id: int, title: str) -> None:
        title = _clean_title(title)
        with self._db.session() as session:
            item = self._item(session, item_id)
            item.title = title
            item.is_title_edited = True

    def set_planned_minutes(self, item_id: int, minutes: int) -> None:
        with self._db.session() as session:
            self._item(session, item_id).planned_minutes = max(0, min(minutes, MAX_ITEM_MINUTES))

    def remove_item(self, item_id: int) -> None:
        """Hide an item; it stays hidden when the agenda is regenerated and can be restored (undo)."""
        with self._db.session() as session:
            self._item(session, item_id).is_removed = True

    def restore_item(self, item_id: int) -> None:
        with self._db.session() as session:
            self._item(session, item_id).is_removed = False

    def move_item(self, item_id: int, new_index: int) -> None:
        """Move an item to ``new_index`` among the visible items."""
        with self._db.session() as session:
            item = self._item(session, item_id)
            visible = [r for r in self._rows(session, item.meeting_id) if not r.is_removed]
            visible.remove(item)
            visible.insert(max(0, min(new_index, len(visible))), item)
            for position, row in enumerate(visible):
                row.position = position

    @staticmethod
    def _rows(session: Session, meeting_id: int) -> list[AgendaItem]:
        return list(
            session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position))
            ).all()
        )

    @staticmethod
    def _item(session: Session, item_id: int) -> AgendaItem:
        item = session.get(AgendaItem, item_id)
        if item is None:
            raise NotFoundError(_("There is no agenda item with id {id}.").format(id=item_id))
        return item


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


def total_minutes(entries: list[AgendaEntry]) -> int:
    return sum(entry.planned_minutes for entry in entries)
