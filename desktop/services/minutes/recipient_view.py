"""Who gets what: one recipient's view of a meeting's :class:`MinutesData` (issue 18).

- :func:`limited_minutes` leaves out what the person withholds from a member (whole life areas,
  single notes, decisions and tasks) and says whether anything was left out; the copy then tells
  the reader *that* something was left out at the person's wish, never what.
- :func:`own_tasks` picks one member's own tasks for the short extract (``own_tasks_pdf``).

Only filtering happens here: the data come from :func:`load_minutes_data`, so a copy never says
anything the stored version does not.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from desktop.db import Database
from desktop.models import AgendaItem, Decision, Goal, Measure, Member, Note, Task
from desktop.models.enums import LifeDomain, NoteKind
from desktop.services.case.withholding import WithheldFrom
from desktop.services.minutes.data import DecisionLine, ItemBlock, MinutesData, TaskLine

#: Checkpoints (``checkpoints.py``) that are about one life area: withholding the area takes them too.
CHECKPOINT_DOMAIN: dict[str, str] = {
    "housing": LifeDomain.HOUSING.value,
    "economy": LifeDomain.ECONOMY.value,
    "activity": LifeDomain.WORK_ACTIVITY.value,
    "network_leisure": LifeDomain.NETWORK_LEISURE.value,
    "physical_health": LifeDomain.PHYSICAL_HEALTH.value,
    "health": LifeDomain.PHYSICAL_HEALTH.value,
    "mental_health": LifeDomain.MENTAL_HEALTH.value,
    "next_of_kin": LifeDomain.FAMILY_CHILDREN.value,
}


@dataclass(frozen=True)
class _MeetingIndex:
    """Ids behind the texts of one meeting's data: what each agenda item and task belongs to."""

    item_domain: dict[int, str]  # agenda item id -> life area of its goal or measure
    item_task: dict[int, int]  # agenda item id -> the earlier task it follows up
    task_domain: dict[int, str]  # task id -> life area of the goal item it was raised under
    notes: dict[int, tuple[int, str, str]]  # note id -> (agenda item id or 0, kind, text)
    decisions: dict[int, tuple[int, str]]  # decision id -> (agenda item id or 0, text)


def _index(db: Database, meeting_id: int, task_ids: set[int]) -> _MeetingIndex:
    with db.session() as session:
        items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()
        tasks = session.exec(select(Task).where(col(Task.id).in_(task_ids))).all() if task_ids else []
        task_item_ids = {t.agenda_item_id for t in tasks if t.agenda_item_id is not None}
        task_items = (
            session.exec(select(AgendaItem).where(col(AgendaItem.id).in_(task_item_ids))).all()
            if task_item_ids
            else []
        )
        all_items = {i.id: i for i in [*items, *task_items] if i.id is not None}
        goal_ids = {i.goal_id for i in all_items.values() if i.goal_id is not None}
        measure_ids = {i.measure_id for i in all_items.values() if i.measure_id is not None}
        measure_goal = (
            dict(
                session.exec(
                    select(Measure.id, Measure.goal_id).where(col(Measure.id).in_(measure_ids))
                ).all()
            )
            if measure_ids
            else {}
        )
        goal_ids |= set(measure_goal.values())
        goal_domain = (
            {g.id: g.domain.value for g in session.exec(select(Goal).where(col(Goal.id).in_(goal_ids))).all()}
            if goal_ids
            else {}
        )
        notes = session.exec(select(Note).where(Note.meeting_id == meeting_id)).all()
        decisions = session.exec(select(Decision).where(Decision.meeting_id == meeting_id)).all()

    def domain_of(item: AgendaItem) -> str | None:
        if item.goal_id is not None:
            return goal_domain.get(item.goal_id)
        if item.measure_id is not None:
            return goal_domain.get(measure_goal.get(item.measure_id, -1))
        return CHECKPOINT_DOMAIN.get(item.checkpoint or "")

    item_domain = {i: d for i, item in all_items.items() if (d := domain_of(item))}
    return _MeetingIndex(
        item_domain=item_domain,
        item_task={i.id: i.task_id for i in items if i.id is not None and i.task_id is not None},
        task_domain={
            t.id: item_domain[t.agenda_item_id]
            for t in tasks
            if t.id is not None and t.agenda_item_id in item_domain and t.agenda_item_id is not None
        },
        notes={n.id: (n.agenda_item_id or 0, n.kind.value, n.text) for n in notes if n.id is not None},
        decisions={d.id: (d.agenda_item_id or 0, d.text) for d in decisions if d.id is not None},
    )


def _without_once(texts: tuple[str, ...], removed: list[str]) -> tuple[tuple[str, ...], bool]:
    """``texts`` with each of ``removed`` taken out once (two equal notes may differ in who sees them)."""
    left = list(texts)
    changed = False
    for text in removed:
        if text in left:
            left.remove(text)
            changed = True
    return tuple(left), changed


@dataclass
class _Hidden:
    """What a recipient's copy leaves out; ``tasks`` grows as hidden items take their tasks along."""

    items: set[int]
    tasks: set[int]
    decision_items: set[int] = dataclasses.field(default_factory=set)  # items whose decisions go


def limited_minutes(db: Database, data: MinutesData, withheld: WithheldFrom) -> tuple[MinutesData, bool]:
    """``data`` without what is withheld; True when anything was actually left out.

    A withheld life area takes its goal and help items with everything said, agreed and given as
    tasks under them, the tasks raised under it in earlier meetings (and their follow-up), its
    proposed plan changes and its rating. A withheld task also takes its follow-up item.
    """
    if withheld.is_empty:
        return data, False
    task_ids = {t.id for t in data.tasks} | {r.task_id for r in data.reviews}
    index = _index(db, data.facts.meeting_id, task_ids)
    hidden = _hidden(index, data, withheld)
    notes_by_item, decisions_by_item = _withheld_by_item(index, withheld)
    blocks, removed = _limited_blocks(data, withheld.life_areas, hidden, notes_by_item, decisions_by_item)

    # Page one's list of decisions: without those of hidden items and the withheld ones.
    page_one = [
        d for d in data.decisions if d.agenda_item_id is None or d.agenda_item_id not in hidden.decision_items
    ]
    for texts in decisions_by_item.values():
        page_one = _without_decisions(page_one, texts)
    limited = dataclasses.replace(
        data,
        items=tuple(blocks),
        decisions=tuple(page_one),
        tasks=tuple(t for t in data.tasks if t.id not in hidden.tasks),
        reviews=tuple(r for r in data.reviews if r.task_id not in hidden.tasks),
        plan_changes=tuple(c for c in data.plan_changes if c.goal_domain not in withheld.life_areas),
        ratings=tuple(r for r in data.ratings if r.domain not in withheld.life_areas),
    )
    removed = removed or (
        len(limited.decisions) != len(data.decisions)
        or len(limited.tasks) != len(data.tasks)
        or len(limited.reviews) != len(data.reviews)
        or len(limited.plan_changes) != len(data.plan_changes)
        or len(limited.ratings) != len(data.ratings)
    )
    return limited, removed


def _hidden(index: _MeetingIndex, data: MinutesData, withheld: WithheldFrom) -> _Hidden:
    """The items and tasks left out before the items are gone through: by life area and by task."""
    areas = withheld.life_areas
    hidden_tasks = set(withheld.tasks) | {t for t, d in index.task_domain.items() if d in areas}
    hidden_items = {i for i, d in index.item_domain.items() if d in areas}
    hidden_items |= {i for i, t in index.item_task.items() if t in hidden_tasks}
    hidden_items |= {b.id for b in data.items if b.goal_domain and b.goal_domain in areas}
    # A withheld goal takes its sub-items with it (a hierarchical agenda: its measures beneath it).
    hidden_items |= {b.id for b in data.items if b.parent_id is not None and b.parent_id in hidden_items}
    return _Hidden(items=hidden_items, tasks=hidden_tasks)


def _withheld_by_item(
    index: _MeetingIndex, withheld: WithheldFrom
) -> tuple[dict[int, list[tuple[str, str]]], dict[int, list[str]]]:
    """The withheld notes (kind, text) and decision texts, by the agenda item they belong to (0: none)."""
    notes_by_item: dict[int, list[tuple[str, str]]] = {}
    for note_id in withheld.notes:
        if note_id in index.notes:
            item_id, kind, text = index.notes[note_id]
            notes_by_item.setdefault(item_id, []).append((kind, text))
    decisions_by_item: dict[int, list[str]] = {}
    for decision_id in withheld.decisions:
        if decision_id in index.decisions:
            item_id, text = index.decisions[decision_id]
            decisions_by_item.setdefault(item_id, []).append(text)
    return notes_by_item, decisions_by_item


def _limited_blocks(
    data: MinutesData,
    areas: frozenset[str],
    hidden: _Hidden,
    notes_by_item: dict[int, list[tuple[str, str]]],
    decisions_by_item: dict[int, list[str]],
) -> tuple[list[ItemBlock], bool]:
    """The agenda items left in, each without its withheld parts; True when anything went.

    A hidden item's tasks join ``hidden.tasks``, so the items after it lose them too.
    """
    blocks: list[ItemBlock] = []
    removed = False
    for block in data.items:
        if block.id in hidden.items or (block.goal_domain and block.goal_domain in areas):
            removed = True
            hidden.tasks |= {t.id for t in block.tasks}
            hidden.decision_items.add(block.id)
            continue
        limited, changed = _limited_block(
            block, notes_by_item.get(block.id, []), decisions_by_item.get(block.id, []), hidden.tasks
        )
        removed = removed or changed
        blocks.append(limited)
    return blocks, removed


def _limited_block(
    block: ItemBlock, withheld_notes: list[tuple[str, str]], gone: list[str], hidden_tasks: set[int]
) -> tuple[ItemBlock, bool]:
    """One agenda item without its withheld notes, decisions and tasks; True when any went."""
    notes, changed_notes = _without_once(
        block.notes, [t for k, t in withheld_notes if k == NoteKind.NOTE.value]
    )
    words, changed_words = _without_once(
        block.user_words, [t for k, t in withheld_notes if k == NoteKind.USER_WORDS.value]
    )
    decisions = _without_decisions(list(block.decisions), gone)
    tasks = tuple(t for t in block.tasks if t.id not in hidden_tasks)
    changed = (
        changed_notes
        or changed_words
        or len(decisions) != len(block.decisions)
        or len(tasks) != len(block.tasks)
    )
    limited = dataclasses.replace(
        block, notes=notes, user_words=words, decisions=tuple(decisions), tasks=tasks
    )
    return limited, changed


def _without_decisions(decisions: list[DecisionLine], texts: list[str]) -> list[DecisionLine]:
    """``decisions`` with the first one of each of ``texts`` taken out (in place, and returned)."""
    for text in texts:
        match = next((d for d in decisions if d.text == text), None)
        if match is not None:
            decisions.remove(match)
    return decisions


@dataclass(frozen=True)
class OwnTasks:
    """What the own-tasks extract says: the meeting, the member's own tasks, the next meeting."""

    case_reference: str
    meeting_type: str
    meeting_start: datetime
    user_first_name: str
    member_name: str
    member_party: str
    tasks: tuple[TaskLine, ...]
    next_meeting_start: datetime | None
    next_meeting_place: str


def own_task_ids(db: Database, data: MinutesData, member: Member) -> set[int]:
    """The ids of the tasks in ``data`` that are ``member``'s own.

    Own: the member is the responsible person; or no person is named and the member is the only
    active one of the task's party (the NAV adviser of the group for a task given to NAV).
    """
    ids = {t.id for t in data.tasks}
    if not ids:
        return set()
    with db.session() as session:
        rows = session.exec(
            select(Task.id, Task.responsible_member_id, Task.party).where(col(Task.id).in_(ids))
        ).all()
        same_party = session.exec(
            select(Member.id).where(
                Member.case_id == member.case_id,
                Member.party == member.party,
                col(Member.is_active).is_(True),
            )
        ).all()
    only_one_of_party = len(same_party) == 1 and same_party[0] == member.id
    return {
        int(task_id)
        for task_id, responsible, party in rows
        if task_id is not None
        and (
            responsible == member.id or (responsible is None and party == member.party and only_one_of_party)
        )
    }


def own_tasks(
    db: Database, data: MinutesData, member: Member, withheld: WithheldFrom | None = None
) -> OwnTasks:
    """The extract for ``member``: their tasks from this meeting (new and continued), due order."""
    mine = own_task_ids(db, data, member)
    if withheld is not None and not withheld.is_empty:
        limited, _removed = limited_minutes(db, data, withheld)
        mine &= {t.id for t in limited.tasks}
    lines = sorted(
        (t for t in data.tasks if t.id in mine), key=lambda t: (t.due is None, t.due or date.max, t.id)
    )
    facts = data.facts
    return OwnTasks(
        case_reference=facts.case_reference,
        meeting_type=facts.type,
        meeting_start=facts.start,
        user_first_name=facts.user_first_name,
        member_name=member.name,
        member_party=member.party.value,
        tasks=tuple(lines),
        next_meeting_start=facts.next_meeting_start,
        next_meeting_place=facts.next_meeting_place,
    )
