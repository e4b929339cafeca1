"""Which section of the minutes tells each agenda item: every item exactly once.

A reader once found an earlier task under «Også på sakslisten (ikke skrevet noe)» on page 3 while
page 4 said it was done, and goals with nothing recorded under «Dette snakket vi om». The rule
now, in one place:

* A follow-up item whose task was reviewed in the meeting belongs to «Oppfølging av oppgaver fra
  før», with the outcome and whatever was written under the item.
* A measure item that was evaluated belongs to «Forslag til endringer i planen».
* Any other item with something recorded in the meeting (notes, the person's words, agreements,
  tasks, a checkpoint status) belongs to «Dette snakket vi om». The goal's own wording comes from
  the plan, not from the meeting, so a goal with nothing else is not "talked about". The «Neste
  møte» item counts as recorded when the meeting set the next date (or said why there is none):
  page one tells it, so the list of items with nothing written down must not.
* Everything else is listed once, plainly, under «Også på sakslisten (ikke skrevet noe)».

A group item of a hierarchical agenda (a goal with its measures, «Oppfølging fra forrige møte»,
a checklist of checkpoints) with nothing of its own, whose sub-items are told, is told once as the
heading above its first sub-item. Reviews and plan changes without an agenda item of their own
still get a place in their section.
Numbers are the items' numbers on the agenda (1, 2, 2.1 …), the same in every section.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from desktop.models.enums import AgendaKind
from desktop.services.minutes.data import ItemBlock, MinutesData, PlanChangeLine, ReviewLine


@dataclass(frozen=True)
class NumberedItem:
    """``number`` is the item's place on the agenda (1, 2, 3 …); ``label`` the number the agenda
    shows, with sub-items numbered within their item («4.2»), which the minutes print."""

    number: int
    item: ItemBlock
    label: str = ""


def agenda_labels(items: tuple[ItemBlock, ...]) -> list[str]:
    """«1», «2», «2.1» …: as the planner, the runner and the notice number the same agenda."""
    ids = {item.id for item in items}
    is_sub = [item.parent_id is not None and item.parent_id in ids for item in items]
    tops: dict[int | None, str] = {
        item.id: str(n)
        for n, item in enumerate((i for i, sub in zip(items, is_sub, strict=True) if not sub), start=1)
    }
    counts: dict[int | None, int] = {}
    labels: list[str] = []
    for item, sub in zip(items, is_sub, strict=True):
        if sub:
            counts[item.parent_id] = counts.get(item.parent_id, 0) + 1
            labels.append(f"{tops.get(item.parent_id, '?')}.{counts[item.parent_id]}")
        else:
            labels.append(tops[item.id])
    return labels


@dataclass(frozen=True)
class FollowUpEntry:
    """An earlier task reviewed in this meeting, with its agenda item when it had one."""

    review: ReviewLine
    item: NumberedItem | None = None


@dataclass(frozen=True)
class PlanChangeEntry:
    """The evaluation(s) of one measure, with its agenda item when it had one."""

    changes: tuple[PlanChangeLine, ...]
    item: NumberedItem | None = None


@dataclass(frozen=True)
class ItemSections:
    talked: tuple[NumberedItem, ...]
    follow_ups: tuple[FollowUpEntry, ...]
    plan_changes: tuple[PlanChangeEntry, ...]
    quiet: tuple[NumberedItem, ...]
    #: Group items with nothing of their own whose sub-items are told elsewhere, by id: each is
    #: told once, as the heading above its first sub-item (``group_of``), never as "nothing written".
    groups: dict[int, NumberedItem] = field(default_factory=dict)

    def group_of(self, item: ItemBlock) -> NumberedItem | None:
        return self.groups.get(item.parent_id) if item.parent_id is not None else None


def has_record(item: ItemBlock) -> bool:
    """Something was written down under the item in this meeting."""
    return bool(item.notes or item.user_words or item.decisions or item.tasks or item.checkpoint_status)


def _with_loose_content_in_other_business(items: tuple[ItemBlock, ...]) -> tuple[ItemBlock, ...]:
    """Notes, agreements and tasks without an agenda item (``minutes.collect`` gathers them in a block
    with id 0 at the end) are told under the agenda's own «Eventuelt» when it has one: a second
    «Eventuelt» at the end would contradict the first, listed as having nothing written down."""
    loose = next((item for item in items if item.id == 0), None)
    own = next(
        (i for i, item in enumerate(items) if item.id != 0 and item.kind == AgendaKind.OTHER_BUSINESS.value),
        None,
    )
    if loose is None or own is None:
        return items
    merged = replace(
        items[own],
        notes=items[own].notes + loose.notes,
        user_words=items[own].user_words + loose.user_words,
        decisions=items[own].decisions + loose.decisions,
        tasks=items[own].tasks + loose.tasks,
    )
    return tuple(merged if i == own else item for i, item in enumerate(items) if item is not loose)


def item_sections(data: MinutesData) -> ItemSections:
    """Assign every agenda item of ``data`` to exactly one section (see the module docstring)."""
    reviews = {review.task_id: review for review in data.reviews}
    changes: dict[int | None, list[PlanChangeLine]] = {}
    for change in data.plan_changes:
        changes.setdefault(change.measure_id, []).append(change)
    talked: list[NumberedItem] = []
    follow_ups: list[FollowUpEntry] = []
    plan_changes: list[PlanChangeEntry] = []
    quiet: list[NumberedItem] = []
    used_reviews: set[int] = set()
    used_measures: set[int] = set()
    facts = data.facts
    next_meeting_is_set = facts.next_meeting_start is not None or bool(facts.next_meeting_reason.strip())
    told = _with_loose_content_in_other_business(data.items)
    for number, (item, label) in enumerate(zip(told, agenda_labels(told), strict=True), start=1):
        numbered = NumberedItem(number, item, label)
        if (
            item.kind == AgendaKind.TASK_FOLLOW_UP.value
            and item.task_id is not None
            and item.task_id in reviews
            and item.task_id not in used_reviews
        ):
            used_reviews.add(item.task_id)
            follow_ups.append(FollowUpEntry(reviews[item.task_id], numbered))
        elif (
            item.kind == AgendaKind.MEASURE.value
            and item.measure_id is not None
            and item.measure_id in changes
            and item.measure_id not in used_measures
        ):
            used_measures.add(item.measure_id)
            plan_changes.append(PlanChangeEntry(tuple(changes[item.measure_id]), numbered))
        elif has_record(item) or (item.kind == AgendaKind.NEXT_MEETING.value and next_meeting_is_set):
            talked.append(numbered)
        else:
            quiet.append(numbered)
    follow_ups.extend(FollowUpEntry(r) for r in data.reviews if r.task_id not in used_reviews)
    plan_changes.extend(
        PlanChangeEntry((change,))
        for change in data.plan_changes
        if change.measure_id is None or change.measure_id not in used_measures
    )
    # A group item (a goal with its measures, «Oppfølging fra forrige møte», a checklist) with
    # nothing of its own is not "nothing written down" when a sub-item of it is told.
    told_parents = {
        entry.item.parent_id
        for entry in (
            *talked,
            *(e.item for e in follow_ups if e.item),
            *(e.item for e in plan_changes if e.item),
        )
        if entry.item.parent_id is not None
    }
    groups = {entry.item.id: entry for entry in quiet if entry.item.id in told_parents}
    quiet = [entry for entry in quiet if entry.item.id not in groups]
    return ItemSections(tuple(talked), tuple(follow_ups), tuple(plan_changes), tuple(quiet), groups)
