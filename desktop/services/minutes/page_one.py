"""Page one of the minutes («Dette ble vi enige om»): one page, in whole sentences.

Page one is what a person with a poor memory keeps on the fridge (DOMAIN.md §5.5, §10): what we
agreed, what was **done since last time**, the person's **own words** from the meeting, who does
what by when, and when we meet next. It must stay one page: with twelve tasks the next meeting
used to fall alone onto page 2. So the page is measured before it is laid out, and when it is too
tall the last entries of a section move to the top of page 2, with one sentence saying so («7
oppgaver til står på side 2.»). Tasks give way first (the person's own come first and stay),
then the person's words, then what was done, then what was agreed, each down to a few entries;
only then do sections give up their last entries (words, done, tasks, agreements).

Every line is a whole sentence ending with a full stop (``minutes_sentences``): bullets without
one read as fragments and pushed the page's readability (LIX, ``readability``) above 50.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.i18n import _, ngettext
from desktop.models.enums import MeetingType, PartyGroup, TaskReviewResult, label
from desktop.services.minutes.data import MinutesData
from desktop.services.minutes.sentences import (
    PLAIN_SPECIALIST,
    done_sentence,
    ends_as_sentence,
    format_when,
    quoted,
    task_sentence,
    writes_in_norwegian,
)
from desktop.services.minutes.style import Styles, escape, paragraphs, safe_text

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

#: Page one leaves this much room unused, against rounding in ReportLab's frame.
SAFETY_PT = 4.0
CONTINUED_ON_PAGE = 2  # the rest of page one is the first thing on page 2


@dataclass
class _Part:
    """One trimmable section of page one: entries shown in order, the rest moved to page 2."""

    key: str
    heading: str  # also heads the continuation on page 2
    entries: list[list[Flowable]]
    more: Callable[[int], str]  # the sentence for n entries moved to page 2
    keep_first: int  # entries kept before another part gives up any
    groups: list[str] = field(default_factory=list)  # per entry; a new group starts with its heading
    group_heads: dict[str, Flowable] = field(default_factory=dict)
    shown: int = 0

    def flowables(self, entries: Sequence[int]) -> list[Flowable]:
        out: list[Flowable] = []
        group = None
        for index in entries:
            if self.groups and self.groups[index] != group:
                group = self.groups[index]
                out.append(self.group_heads[group])
            out.extend(self.entries[index])
        return out


class PageOne:
    """Builds page one and what it leaves for the top of page 2."""

    def __init__(self, data: MinutesData, st: Styles) -> None:
        self.data, self.st = data, st
        # Heights by id(): every flowable measured is kept alive in ``_made`` (an id is unique
        # only while its object lives), and the same objects are laid out in the end.
        self._heights: dict[int, tuple[float, float, float]] = {}
        self._made: dict[object, Flowable] = {}

    def once(self, key: object, markup: str, style: object | None = None) -> Flowable:
        """The paragraph made for ``key`` the first time (measured once, laid out as measured)."""
        if key not in self._made:
            self._made[key] = self.para(markup, style)
        return self._made[key]

    # -- building blocks -------------------------------------------------------------------
    def para(self, markup: str, style: object | None = None, **kwargs: object) -> Flowable:
        from reportlab.platypus import Paragraph

        return Paragraph(markup, style or self.st.body, **kwargs)

    def bullet(self, sentence: str) -> Flowable:
        return self.para(safe_text(sentence), self.st.task, bulletText="•")

    def _decisions(self) -> list[list[Flowable]]:
        entries = []
        for decision in self.data.decisions:
            markup = safe_text(ends_as_sentence(decision.text))
            if decision.awaiting_formal_decision:
                markup += " <i>{}</i>".format(
                    escape(_("(This depends on a formal decision by NAV or the municipality.)"))
                )
            entries.append([self.para(markup, self.st.task, bulletText="•")])
        return entries

    def _done(self) -> list[list[Flowable]]:
        first = self.data.facts.user_first_name
        return [
            [self.bullet(done_sentence(review, first))]
            for review in self.data.reviews
            if review.result == TaskReviewResult.DONE.value
        ]

    def _own_words(self) -> list[list[Flowable]]:
        words = [w for item in self.data.items for w in item.user_words if w.strip()]
        return [paragraphs(quoted(w), self.st.quote) for w in words]  # long words in chunks

    def _tasks(self) -> tuple[list[list[Flowable]], list[str], dict[str, Flowable]]:
        first = self.data.facts.user_first_name
        entries: list[list[Flowable]] = []
        groups: list[str] = []
        heads: dict[str, Flowable] = {}
        for group, lines in self.data.tasks_by_group():
            heading = label(PartyGroup(group))
            if group == PartyGroup.USER.value and first:
                heading = first
            elif group == PartyGroup.SPECIALIST.value:
                # DOMAIN.md §10: no service jargon on page one, and short words (LIX).
                heading = (
                    _("Where {name} gets treatment").format(name=first) if first else _(PLAIN_SPECIALIST)
                )
            heads[group] = self.para(safe_text(heading), self.st.h3)
            for line in lines:
                entries.append([self.bullet(task_sentence(line, first))])
                groups.append(group)
        return entries, groups, heads

    def parts(self) -> list[_Part]:
        first = self.data.facts.user_first_name
        tasks, groups, heads = self._tasks()
        parts = [
            _Part(
                "decisions",
                _("This is what we agreed"),
                self._decisions(),
                lambda n: ngettext(
                    "One more agreement is on page {page}.", "{n} more agreements are on page {page}.", n
                ),
                keep_first=3,
            ),
            _Part(
                "done",
                _("Done since last time"),
                self._done(),
                lambda n: ngettext(
                    "One more thing that was done is on page {page}.",
                    "{n} more things that were done are on page {page}.",
                    n,
                ),
                keep_first=3,
            ),
            _Part(
                "words",
                _("What {name} said").format(name=first) if first else _("What the person said"),
                self._own_words(),
                lambda n: ngettext(
                    "More of what {name} said is on page {page}.",
                    "More of what {name} said is on page {page}.",
                    n,
                ),
                keep_first=1,
            ),
            _Part(
                "tasks",
                _("Who does what by when"),
                tasks,
                lambda n: ngettext(
                    "One more task is on page {page}.", "{n} more tasks are on page {page}.", n
                ),
                keep_first=3,
                groups=groups,
                group_heads=heads,
            ),
        ]
        for part in parts:
            part.shown = len(part.entries)
        return parts

    # -- layout ----------------------------------------------------------------------------
    def header(self) -> list[Flowable]:
        facts = self.data.facts
        flow = [
            self.para(
                safe_text(_("Minutes: {meeting}").format(meeting=label(MeetingType(facts.type)))),
                self.st.title,
            ),
            self.para(
                safe_text(
                    _("{user}'s responsibility group met on {date}.").format(
                        user=facts.user_name, date=format_when(facts.start)
                    )
                ),
                self.st.subtitle,
            ),
        ]
        if not writes_in_norwegian():
            flow.append(
                self.para(
                    escape(
                        _(
                            "Notes, agreements and tasks are quoted in the language they were written in, "
                            "usually Norwegian."
                        )
                    ),
                    self.st.small,
                )
            )
        return flow

    def next_meeting(self) -> list[Flowable]:
        facts = self.data.facts
        flow = [self.para(escape(_("Next meeting")), self.st.h2)]
        reason = ends_as_sentence(facts.next_meeting_reason)
        if facts.next_meeting_start is not None:
            when = _("We meet again on {date}.").format(date=format_when(facts.next_meeting_start))
            flow.append(self.para(f"<b>{safe_text(when)}</b>"))
            if facts.next_meeting_place:
                place = _("The place is {place}.").format(
                    place=" ".join(facts.next_meeting_place.split()).rstrip(" .")
                )
                flow.append(self.para(safe_text(place)))
            if reason:
                flow.append(self.para(safe_text(reason)))
        elif reason:
            flow.append(self.para(escape(_("No new meeting is set, because:"))))
            flow.append(self.para(safe_text(reason)))
        else:
            flow.append(
                self.para(
                    escape(
                        _("The date of the next meeting is not set yet. The coordinator will let you know.")
                    )
                )
            )
        # Whom to ask: what a reader with a poor memory needs when the paper raises a question.
        contacts = facts.coordinators or ((facts.facilitator,) if facts.facilitator else ())
        if contacts:
            names = _("{first} or {second}") if len(contacts) > 1 else "{first}"
            ask = _("Ask {names} if anything is unclear.").format(
                names=names.format(first=", ".join(contacts[:-1]) or contacts[0], second=contacts[-1])
            )
            flow.append(self.para(safe_text(ask)))
        return flow

    def compose(self, parts: list[_Part], header: list[Flowable], ending: list[Flowable]) -> list[Flowable]:
        flow = list(header)
        for part in parts:
            if not part.entries and part.key in ("done", "words"):
                continue  # nothing done, no words of their own: no heading either
            style = self.st.h1 if part.key == "decisions" else self.st.h2
            flow.append(self.once(("heading", part.key), safe_text(part.heading), style))
            if not part.entries:
                empty = (
                    _("Nothing new was agreed at this meeting.")
                    if part.key == "decisions"
                    else _("No new tasks were given at this meeting.")
                )
                flow.append(self.once(("empty", part.key), escape(empty)))
                continue
            flow.extend(part.flowables(range(part.shown)))
            hidden = len(part.entries) - part.shown
            if hidden:
                more = part.more(hidden).format(
                    n=hidden, page=CONTINUED_ON_PAGE, name=self.data.facts.user_first_name
                )
                flow.append(self.once(("more", part.key, hidden), f"<b>{safe_text(more)}</b>"))
        flow.extend(ending)
        return flow

    def continuation(self, parts: list[_Part]) -> list[Flowable]:
        """What page one had no room for, first on page 2, under its own heading."""
        flow: list[Flowable] = []
        for part in parts:
            rest = range(part.shown, len(part.entries))
            if not rest:
                continue
            heading = _("{heading} (continued from page 1)").format(heading=part.heading)
            flow.append(self.para(safe_text(heading), self.st.h2))
            flow.extend(part.flowables(rest))
        return flow

    # -- measuring -------------------------------------------------------------------------
    def height(self, flow: list[Flowable], width: float) -> float:
        """The height ReportLab's frame gives ``flow``: heights plus the larger of the gap above
        and below each pair (``Frame._add``), nothing above the first."""
        total, previous_after = 0.0, None
        for flowable in flow:
            key = id(flowable)
            if key not in self._heights:
                _w, h = flowable.wrap(width, 1e6)
                self._heights[key] = (h, flowable.getSpaceBefore(), flowable.getSpaceAfter())
            h, before, after = self._heights[key]
            if previous_after is not None:
                total += previous_after + max(before - previous_after, 0)
            total += h
            previous_after = after
        return total

    def fit(self, lead: list[Flowable], width: float, height: float) -> tuple[list[Flowable], list[Flowable]]:
        """Page one's flowables and the continuation for page 2, so that page one is one page."""
        parts = self.parts()
        header, ending = self.header(), self.next_meeting()
        room = height - SAFETY_PT

        def too_tall() -> bool:
            return self.height([*lead, *self.compose(parts, header, ending)], width) > room

        by_key = {part.key: part for part in parts}
        # First every section down to its first few entries, tasks first; then, still too tall (a
        # very long quote or agreement), the rest: who does what by when gives way last but one.
        for floor, order in (
            ("keep_first", ("tasks", "words", "done", "decisions")),
            ("none", ("words", "done", "tasks", "decisions")),
        ):
            for part in (by_key[key] for key in order):
                least = part.keep_first if floor == "keep_first" else 0
                while too_tall() and part.shown > least:
                    part.shown -= 1
        return self.compose(parts, header, ending), self.continuation(parts)


PAGE_MARGIN_CM = 2.0  # render_minutes lays every page out with these margins
FRAME_PADDING_PT = 6.0  # ReportLab's Frame default, on each side


def frame_size() -> tuple[float, float]:
    """Width and height inside the frame of an A4 page of the minutes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm

    width, height = A4
    inner = 2 * (PAGE_MARGIN_CM * cm + FRAME_PADDING_PT)
    return width - inner, height - inner
