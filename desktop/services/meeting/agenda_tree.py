"""The agenda as a tree: its entries, their order and numbers, the time per block, rearranging.

One level only: a top-level item may have sub-items. ``position`` is one order over the whole
agenda with each top-level item followed by its sub-items (tree order), so that whatever reads
the agenda flat (minutes, room view, capture) reads it in the right order. An item's
``planned_minutes`` are its own; a top-level item takes its own minutes plus its sub-items'
(:func:`block_minutes`). Group items (follow-ups, checkpoints) have none of their own, so the
total of the agenda is simply the sum over all items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from desktop.models import AgendaItem
from desktop.models.enums import AgendaKind

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


def entry_from_row(item: AgendaItem, parent: AgendaItem | None = None) -> AgendaEntry:
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


def parents_by_id(rows: Sequence[AgendaItem]) -> dict[int, AgendaItem]:
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
    parents = parents_by_id(rows)
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


def visible_rows(rows: Sequence[AgendaItem]) -> list[AgendaItem]:
    """The items shown: not removed, and not beneath a removed item."""
    parents = parents_by_id(rows)
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
    ordered = tree_order(rows)
    parents = parents_by_id(ordered)
    return [entry_from_row(row, parents.get(row.id or 0)) for row in visible_rows(ordered)]


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


def total_minutes(entries: Sequence[AgendaEntry]) -> int:
    """The whole agenda's minutes: every item's own (a group item has none of its own)."""
    return sum(entry.planned_minutes for entry in entries)
