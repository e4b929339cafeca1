"""The agenda, generated from the individual plan (DOMAIN.md §5.2).

Order: welcome, approval of the last minutes, the user's own view (the user speaks first), every
open task from earlier meetings (oldest first: the group closes old business before new), each
active goal with its measures, the checkpoints of the current phase, crisis plan / bed agreement
when relevant, next of kin (only with consent), coordination, any other business, next meeting.

The agenda is hierarchical (issue 17): a 90-minute discharge meeting generated 35 items, where the
agendas groups actually get through have 6–12 points. So the earlier tasks are sub-items of one
item «Oppfølging fra forrige møte», each goal's measures are sub-items of the goal, and the
phase's checkpoints are sub-items of one checklist item; every task and every checkpoint is still
an item of its own, with its own notes, answer and status. One level only. ``position`` is one
order over the whole agenda with each top-level item followed by its sub-items (tree order), so
that whatever reads the agenda flat (minutes, room view, capture) reads it in the right order.

Time: an item's ``planned_minutes`` are its own; a top-level item takes its own minutes plus its
sub-items' (:func:`block_minutes`). Group items (follow-ups, checkpoints) have none of their own,
so the total of the agenda is simply the sum over all items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

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
from desktop.services.case.consent import has_consent
from desktop.services.case.validation import clean_chars
from desktop.services.meeting.checkpoints import checkpoints_for
from desktop.services.tasks.queries import select_open_tasks

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
    AgendaKind.FOLLOW_UPS: 0,
    AgendaKind.CHECKPOINTS: 0,
    AgendaKind.CRISIS_PLAN: 5,
    AgendaKind.BED_AGREEMENT: 5,
    AgendaKind.NEXT_OF_KIN: 5,
    AgendaKind.COORDINATION: 5,
    AgendaKind.OTHER_BUSINESS: 5,
    AgendaKind.NEXT_MEETING: 5,
    AgendaKind.CUSTOM: 5,
}

_ENDED_MEASURES = (MeasureStatus.ENDED, MeasureStatus.REJECTED)

#: Items that only gather sub-items: no time of their own, never a sub-item themselves.
GROUP_KINDS = frozenset({AgendaKind.FOLLOW_UPS, AgendaKind.CHECKPOINTS})
FOLLOW_UPS_KEY = "follow_ups"
CHECKPOINTS_KEY = "checkpoints"


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
    #: The top-level item this one is a sub-item of: its id once saved, its source key always
    #: (a generated agenda that is not saved yet has no ids).
    parent_id: int | None = None
    parent_key: str = ""

    @property
    def is_sub_item(self) -> bool:
        return self.parent_id is not None or bool(self.parent_key)


def _short(text: str) -> str:
    """A one-line title from a long text (a goal in the user's words can be a paragraph)."""
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def _entry(kind: AgendaKind, title: str, key: str, **links: int | str | None) -> AgendaEntry:
    return AgendaEntry(
        kind=kind.value, title=title, planned_minutes=PLANNED_MINUTES[kind], source_key=key, **links
    )  # type: ignore[arg-type]


def _under(parent_key: str, entries: list[AgendaEntry]) -> list[AgendaEntry]:
    return [replace(entry, parent_key=parent_key) for entry in entries]


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
    tasks = _task_items(session, case, meeting)
    if tasks:
        items.append(_entry(AgendaKind.FOLLOW_UPS, label(AgendaKind.FOLLOW_UPS), FOLLOW_UPS_KEY))
        items += _under(FOLLOW_UPS_KEY, tasks)
    items += _goal_items(session, case)
    checkpoints = [
        _entry(
            AgendaKind.CHECKPOINT,
            checkpoint.title,  # beneath «Sjekkpunkter …»: no «Sjekkpunkt:» in front of each
            f"checkpoint:{checkpoint.key}",
            checkpoint=checkpoint.key,
        )
        for checkpoint in checkpoints_for(case.phase)
    ]
    if checkpoints:
        # Plain words, not «Sjekkpunkter»: the title reaches the minutes the person reads.
        title = (
            _("Before admission: is everything in place?")
            if case.phase == PathwayPhase.PRE_ADMISSION
            else _("Before discharge: is everything in place?")
        )
        items.append(_entry(AgendaKind.CHECKPOINTS, title, CHECKPOINTS_KEY))
        items += _under(CHECKPOINTS_KEY, checkpoints)
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
        *GROUP_KINDS,  # no time of their own: their sub-items have it
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
            _short(task.text),  # beneath «Oppfølging fra forrige møte»: no «Oppfølging:» in front
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
                    parent_key=f"goal:{goal.id}",
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


def _from_row(item: AgendaItem, parent: AgendaItem | None = None) -> AgendaEntry:
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
        parent_id=parent.id if parent is not None else None,
        parent_key=parent.source_key if parent is not None else "",
    )


def _parents(rows: Sequence[AgendaItem]) -> dict[int, AgendaItem]:
    """Each row's parent among ``rows``, by the row's id, one level only.

    A parent that is itself a sub-item, or is not among ``rows``, makes no parent: its row then
    counts as top-level, so that a damaged file still shows every item once.
    """
    by_id = {row.id: row for row in rows if row.id is not None}
    parents: dict[int, AgendaItem] = {}
    for row in rows:
        parent = by_id.get(row.parent_id) if row.parent_id is not None else None
        if row.id is not None and parent is not None and parent is not row and parent.parent_id not in by_id:
            parents[row.id] = parent
    return parents


def tree_order(rows: Sequence[AgendaItem]) -> list[AgendaItem]:
    """``rows`` with each top-level item followed by its sub-items, all else in the given order."""
    parents = _parents(rows)
    children: dict[int, list[AgendaItem]] = {}
    for row in rows:
        if row.id in parents:
            children.setdefault(parents[row.id].id or 0, []).append(row)
    ordered: list[AgendaItem] = []
    for row in rows:
        if row.id not in parents:
            ordered.append(row)
            ordered += children.get(row.id or 0, []) if row.id is not None else []
    return ordered


def _visible(rows: Sequence[AgendaItem]) -> list[AgendaItem]:
    """The items shown: not removed, and not beneath a removed item."""
    parents = _parents(rows)
    return [
        row for row in rows if not row.is_removed and not (row.id in parents and parents[row.id].is_removed)
    ]


class _MaybeSubItem(Protocol):
    @property
    def is_sub_item(self) -> bool: ...


def item_numbers(entries: Sequence[_MaybeSubItem]) -> list[str]:
    """«1», «2», «2.1», «2.2», «3» …: top-level items counted, sub-items within their item (entries
    in tree order: the agenda's, or the planner's rows)."""
    result: list[str] = []
    top = sub = 0
    for entry in entries:
        if entry.is_sub_item and top:
            sub += 1
            result.append(f"{top}.{sub}")
        else:
            top, sub = top + 1, 0
            result.append(str(top))
    return result


def visible_entries(rows: Sequence[AgendaItem]) -> list[AgendaEntry]:
    """A saved agenda's rows as the meeting sees them: visible, in tree order, with parents."""
    return _entries(tree_order(rows))


def block_minutes(entries: Sequence[AgendaEntry], index: int) -> int:
    """The minutes of the top-level item of ``entries[index]`` with all of its sub-items.

    A sub-item's block is its top-level item's: the clock in the meeting runs per top-level item.
    """
    top = index
    while top > 0 and entries[top].is_sub_item:
        top -= 1
    end = top + 1
    while end < len(entries) and entries[end].is_sub_item:
        end += 1
    return sum(entry.planned_minutes for entry in entries[top:end])


#: The visible agenda as (item id, parent id or None), in order: what the planner rearranges.
Layout = list[tuple[int, int | None]]


def _split_blocks(layout: Layout) -> list[Layout]:
    """Each top-level item with its sub-items (a sub-item without its parent before it is alone)."""
    blocks: list[Layout] = []
    for item_id, parent in layout:
        if parent is not None and blocks and blocks[-1][0][0] == parent:
            blocks[-1].append((item_id, parent))
        else:
            blocks.append([(item_id, parent)])
    return blocks


def move_by_step(layout: Layout, item_id: int, step: int) -> Layout | None:
    """Ctrl+Up/Down in the planner: the item passes its neighbour at its own level.

    A top-level item takes its sub-items along and passes the whole neighbouring item; a sub-item
    passes a sibling and stays beneath its item (drag it out to make it an item of its own).
    None when there is nowhere to go.
    """
    parents = dict(layout)
    if item_id not in parents:
        return None
    parent = parents[item_id]
    if parent is None or parent not in parents:
        blocks = _split_blocks(layout)
        i = next(n for n, block in enumerate(blocks) if block[0][0] == item_id)
        j = i + step
        if not 0 <= j < len(blocks):
            return None
        blocks[i], blocks[j] = blocks[j], blocks[i]
        return [entry for block in blocks for entry in block]
    siblings = [n for n, (_i, p) in enumerate(layout) if p == parent]
    k = siblings.index(next(n for n, (i, _p) in enumerate(layout) if i == item_id))
    if not 0 <= k + step < len(siblings):
        return None
    result = list(layout)
    a, b = siblings[k], siblings[k + step]
    result[a], result[b] = result[b], result[a]
    return result


def drop_at(layout: Layout, item_id: int, row: int) -> Layout | None:
    """Drag and drop in the planner: the item lands before the item at ``row`` (``len`` = the end).

    A top-level item takes its sub-items along and never lands between another item's sub-items
    (it goes after them). An item without sub-items dropped among an item's sub-items becomes one
    of them; dropped between top-level items it becomes a top-level item itself. None when
    nothing moves.
    """
    index = next((n for n, (i, _p) in enumerate(layout) if i == item_id), None)
    if index is None:
        return None
    is_top = layout[index][1] is None
    end = index + 1
    while is_top and end < len(layout) and layout[end][1] == item_id:
        end += 1
    if index <= row <= end:
        return None
    children = layout[index + 1 : end]
    rest = layout[:index] + layout[end:]
    j = row if row < index else row - (end - index)
    landing_parent = rest[j][1] if j < len(rest) else None
    if landing_parent is not None and children:
        while j < len(rest) and rest[j][1] is not None:
            j += 1  # an item with sub-items goes after the item it was dropped into
        landing_parent = None
    moved = [(item_id, landing_parent), *children]
    result = rest[:j] + moved + rest[j:]
    return None if result == layout else result


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
            saved = self._rows(session, meeting_id)
            if saved:  # a saved agenda wins, even one whose items were all removed
                return _entries(tree_order(saved))
            return generate_agenda(session, meeting)

    def save_generated(self, meeting_id: int) -> list[AgendaEntry]:
        """Persist the generated agenda if none is saved; return the saved agenda."""
        with self._db.session() as session:
            meeting = self._meeting(session, meeting_id)
            exists = session.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)).first()
            if exists is None:
                fresh = generate_agenda(session, meeting)
                rows = [_to_row(meeting_id, entry) for entry in fresh]
                session.add_all(rows)
                session.flush()
                by_key = {row.source_key: row for row in rows}
                for row, entry in zip(rows, fresh, strict=True):
                    if entry.parent_key:
                        row.parent_id = by_key[entry.parent_key].id
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
            meeting = self._meeting(session, meeting_id)
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
            parents = _parents(rows)
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
                row = by_key.get(entry.source_key)
                if row is None:
                    row = _to_row(meeting_id, entry)
                    session.add(row)
                    by_key[entry.source_key] = row
                    added.add(id(row))
                    anchor = next((i for i, r in enumerate(ordered) if r.source_key == previous_key), -1)
                    ordered.insert(anchor + 1, row)
                elif not row.is_title_edited:
                    row.title = entry.title
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
            self._meeting(session, meeting_id)
            rows = tree_order(self._rows(session, meeting_id))
            visible = _visible(rows)
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
                parents = _parents(rows)
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
            item = self._item(session, item_id)
            item.title = title
            item.is_title_edited = True

    def set_planned_minutes(self, item_id: int, minutes: int) -> None:
        with self._db.session() as session:
            self._item(session, item_id).planned_minutes = max(0, min(minutes, MAX_ITEM_MINUTES))

    def remove_item(self, item_id: int) -> list[int]:
        """Hide an item with its sub-items; they stay hidden when the agenda is regenerated.

        Returns the ids hidden now (the item, and those of its sub-items that were still shown),
        for an undo that restores exactly those (:meth:`restore_items`).
        """
        with self._db.session() as session:
            item = self._item(session, item_id)
            rows = self._rows(session, item.meeting_id)
            parents = _parents(rows)
            hidden = [item] + [r for r in rows if r.id in parents and parents[r.id] is item]
            changed = [r for r in hidden if not r.is_removed]
            for row in changed:
                row.is_removed = True
            return [row.id for row in changed if row.id is not None]

    def restore_item(self, item_id: int) -> None:
        """Show a removed item again, with the sub-items hidden along with it."""
        with self._db.session() as session:
            item = self._item(session, item_id)
            item.is_removed = False
            for row in self._rows(session, item.meeting_id):
                if row.parent_id == item.id:
                    row.is_removed = False

    def restore_items(self, item_ids: Sequence[int]) -> None:
        with self._db.session() as session:
            for item_id in item_ids:
                self._item(session, item_id).is_removed = False

    def move_item(self, item_id: int, new_index: int) -> None:
        """Move an item, with its sub-items, to ``new_index`` among the visible items.

        A sub-item stays beneath its parent (among its siblings, as near ``new_index`` as that
        allows); :meth:`arrange` changes which item is a sub-item of which.
        """
        with self._db.session() as session:
            item = self._item(session, item_id)
            rows = tree_order(self._rows(session, item.meeting_id))
            visible = _visible(rows)
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
            self._meeting(session, meeting_id)
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
            visible = _visible(rows)
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

    @staticmethod
    def _item(session: Session, item_id: int) -> AgendaItem:
        item = session.get(AgendaItem, item_id)
        if item is None:
            raise NotFoundError(_("There is no agenda item with id {id}.").format(id=item_id))
        return item


def _entries(rows: Sequence[AgendaItem]) -> list[AgendaEntry]:
    """The visible items of a saved agenda (in tree order) as entries with their parents."""
    parents = _parents(rows)
    return [_from_row(row, parents.get(row.id or 0)) for row in _visible(rows)]


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


def total_minutes(entries: Sequence[AgendaEntry]) -> int:
    """The whole agenda's minutes: every item's own (a group item has none of its own)."""
    return sum(entry.planned_minutes for entry in entries)
