"""The room view's lists as rich text: the agenda, what is agreed so far, and who does what.

Every stored text is escaped before it goes into the rich text. A shared screen has room for a
screenful only: what does not fit is counted, and the full lists stay on the coordinator's screen.
"""

from __future__ import annotations

from html import escape

from desktop.i18n import _, format_long_date, ngettext
from desktop.services.meeting.room import AgendaState, RoomContent
from desktop.ui.palette import TEXT_ACCENT, TEXT_MUTED, TEXT_STRONG

#: At most this many agreements and tasks fit on the screen; the rest are counted.
MAX_LINES = 7
#: Agenda lines on the screen: the last items gone through, the one now, and what comes next.
AGENDA_DONE_SHOWN = 2
AGENDA_LINES = 8


def _p(html: str, colour: str = TEXT_STRONG) -> str:
    return f'<p style="margin: 0 0 0.45em 0; color: {colour};">{html}</p>'


def agenda_text(content: RoomContent) -> str:
    """Rich text (every stored text escaped): the last items done, the one now, what comes next."""
    lines = content.agenda
    if not lines:
        return escape(_("No agenda yet."))
    # The item now: a sub-item when the meeting is at one (its top-level item is current too).
    current = max((n for n, line in enumerate(lines) if line.state == AgendaState.CURRENT), default=-1)
    first = max(0, current - AGENDA_DONE_SHOWN) if current >= 0 else 0
    shown = lines[first : first + AGENDA_LINES]
    parts = []
    if first:
        parts.append(
            _p(
                escape(ngettext("{n} item gone through", "{n} items gone through", first).format(n=first)),
                TEXT_MUTED,
            )
        )
    for n, line in enumerate(shown, start=first):
        text = escape(f"{line.number}. {line.title}")
        if line.is_sub_item:
            text = "&nbsp;&nbsp;&nbsp;&nbsp;" + text  # beneath its item
        if n == current:
            parts.append(_p(f"<b>▶ {text}</b>", TEXT_ACCENT))
        elif line.state == AgendaState.CURRENT:  # the item whose sub-item the meeting is at
            parts.append(_p(f"<b>{text}</b>", TEXT_ACCENT))
        else:
            parts.append(_p(text, TEXT_MUTED if line.state == AgendaState.DONE else TEXT_STRONG))
    rest = len(lines) - first - len(shown)
    if rest > 0:
        parts.append(
            _p(
                escape(ngettext("… and {n} more item", "… and {n} more items", rest).format(n=rest)),
                TEXT_MUTED,
            )
        )
    return "".join(parts)


def decision_text(content: RoomContent) -> str:
    """Rich text (every stored text escaped): one short paragraph per agreement."""
    if not content.decisions:
        return escape(_("Nothing agreed yet."))
    shown = content.decisions[-MAX_LINES:]
    parts = []
    hidden = len(content.decisions) - len(shown)
    if hidden:
        parts.append(_p(escape(_("(and {n} agreed earlier in the meeting)").format(n=hidden)), TEXT_MUTED))
    for decision in shown:
        text = "• " + escape(decision.text)
        if decision.awaiting_formal_decision:
            note = escape(_("This depends on a decision by NAV or the municipality."))
            text += f'<br><span style="color: {TEXT_MUTED};">{note}</span>'
        parts.append(_p(text))
    return "".join(parts)


def task_text(content: RoomContent) -> str:
    """Rich text (every stored text escaped): who in bold, then what and by when."""
    if not content.tasks:
        return escape(_("No new tasks yet."))
    parts = []
    for task in content.tasks[:MAX_LINES]:
        if task.is_own:
            who = (
                _("{name}: I will do this myself").format(name=content.person_name)
                if content.person_name
                else _("I will do this myself")
            )
        else:
            who = task.who
        when = _("by {date}").format(date=format_long_date(task.due)) if task.due else _("no date set")
        if task.is_continued:
            when = _("{when} (continues from before)").format(when=when)
        parts.append(_p(f"<b>{escape(who)}</b><br>{escape(task.text)} — {escape(when)}"))
    hidden = len(content.tasks) - min(len(content.tasks), MAX_LINES)
    if hidden:
        parts.append(
            _p(escape(_("(and {n} more tasks on the coordinator's screen)").format(n=hidden)), TEXT_MUTED)
        )
    return "".join(parts)
