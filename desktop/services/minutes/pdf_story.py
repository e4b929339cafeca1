"""The body of the minutes PDF: every section as ReportLab flowables, in the active language.

Page one (:mod:`.page_one`) answers "what did we agree, who does what by when, when do we meet
next"; the rest follows the meeting: facts, attendance, follow-ups, the items talked about,
ratings, plan changes, quiet items, distribution, confirmations and what the document is.
Agenda titles are told in plain words (:mod:`.plain_titles`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.i18n import _, ngettext
from desktop.models.enums import (
    AgendaKind,
    AttendanceStatus,
    CheckpointStatus,
    ConfirmationChannel,
    ConfirmationVerdict,
    LifeDomain,
    MeasureVerdict,
    MeetingType,
    ParticipationMode,
    PartyType,
    TaskReviewResult,
    label,
)
from desktop.services.minutes.data import AttendanceLine, ItemBlock, MinutesData, TaskLine
from desktop.services.minutes.plain_titles import plain_title
from desktop.services.minutes.seal import seal_slot_class
from desktop.services.minutes.sections import NumberedItem, item_sections
from desktop.services.minutes.sentences import format_when, long_date, quoted, task_sentence
from desktop.services.minutes.style import Styles, escape, make_styles, paragraphs, safe_text

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


@dataclass(frozen=True)
class VersionInfo:
    """What the document says about itself: its version and the chain of signed versions."""

    version: int = 1
    replaces_version: int | None = None
    previous_sha256: str = ""
    #: Why this version replaces the one before (printed under "replaces version N").
    reason: str = ""
    will_be_signed: bool = False
    signer_name: str = ""
    #: The visible seal, drawn in the reserved box when the document will be signed.
    stamp_lines: tuple[str, ...] = ()
    #: A recipient's copy (issue 18, ``minutes_copies``): the line printed above the title, e.g.
    #: that something was left out at the person's wish; and the hash of the version it renders.
    copy_notice: str = ""
    copy_of_sha256: str = ""
    #: Only the handover copy carries the data for a new coordinator (an attached file).
    carries_handover: bool = False


def _attendance_extra(line: AttendanceLine) -> str:
    """How someone took part, when it is not simply «in the room»: video, phone, in writing, left early."""
    parts: list[str] = []
    if line.mode == ParticipationMode.WRITTEN.value:
        parts.append(_("sent written input"))
    elif line.mode in (ParticipationMode.VIDEO.value, ParticipationMode.PHONE.value):
        parts.append(label(ParticipationMode(line.mode)).lower())
    if line.left_early:
        parts.append(_("left early"))
    return ", ".join(parts)


def _task_paragraph(line: TaskLine, st: Styles, user_first_name: str = "") -> Flowable:
    from reportlab.platypus import Paragraph

    return Paragraph(safe_text(task_sentence(line, user_first_name)), st.task, bulletText="•")


class MinutesStory:
    """Builds the list of flowables for one MinutesData in the active language."""

    def __init__(self, data: MinutesData, version: VersionInfo) -> None:
        self.data, self.version, self.st = data, version, make_styles()
        self.sections = item_sections(data)
        self.groups_told: set[int] = set()
        self.flow: list[Flowable] = []
        self.slot_flowable: Any = None

    def p(self, markup: str, style: Any | None = None, **kwargs: Any) -> None:
        from reportlab.platypus import Paragraph

        self.flow.append(Paragraph(markup, style or self.st.body, **kwargs))

    def text(self, text: str, style: Any | None = None) -> None:
        self.flow.extend(paragraphs(text, style or self.st.body))

    def labelled(self, name: str, value: str) -> None:
        self.p(f"<b>{escape(name)}</b> {safe_text(value)}")

    def build(self) -> list[Flowable]:
        if self.version.copy_notice:
            self.p(f"<b>{safe_text(self.version.copy_notice)}</b>", self.st.quote)
        self.page_one()
        self.facts()
        self.attendance()
        self.reviews()
        self.items()
        self.ratings()
        self.plan_changes()
        self.quiet_items()
        self.distribution()
        self.attestations()
        self.about()
        return self.flow

    # -- page one --------------------------------------------------------------------------
    def page_one(self) -> None:
        """Page one (``minutes_page_one``), fitted to one page with what came before it; what
        has no room there opens page 2."""
        from reportlab.platypus import PageBreak

        from desktop.services.minutes.page_one import PageOne, frame_size

        lead = list(self.flow)  # e.g. a note about this copy, printed above the title
        page, rest = PageOne(self.data, self.st).fit(lead, *frame_size())
        self.flow.extend(page)
        self.flow.append(PageBreak())
        self.flow.extend(rest)

    # -- the rest ------------------------------------------------------------------------
    def facts(self) -> None:
        facts = self.data.facts
        self.p(escape(_("About the meeting")), self.st.h1)
        self.labelled(_("Meeting:"), label(MeetingType(facts.type)))
        self.labelled(_("When:"), format_when(facts.start))
        if facts.planned_start is not None:
            self.labelled(_("Planned for:"), format_when(facts.planned_start))
        self.labelled(_("Length:"), ngettext("{n} minute", "{n} minutes", facts.duration_minutes).format(
            n=facts.duration_minutes))  # fmt: skip
        if facts.place:
            self.labelled(_("Where:"), facts.place)
        if facts.video_note:
            self.labelled(_("Video or phone:"), facts.video_note)
        if facts.facilitator:
            self.labelled(_("Led by:"), facts.facilitator)
        if facts.minute_taker:
            self.labelled(_("Minutes written by:"), facts.minute_taker)
        if facts.coordinators:
            self.labelled(_("Coordinator:"), ", ".join(facts.coordinators))

    def attendance(self) -> None:
        self.p(escape(_("Who took part")), self.st.h2)
        order: list[tuple[str | None, str]] = [
            (AttendanceStatus.PRESENT.value, _("Present")),
            (AttendanceStatus.REMOTE.value, _("Took part by video, phone or in writing")),
            (AttendanceStatus.PARTIAL.value, _("Took part for some of the meeting")),
            (AttendanceStatus.EXCUSED.value, _("Sent apologies")),
            (AttendanceStatus.ABSENT.value, _("Did not attend")),
            (None, _("Attendance not recorded")),
        ]
        if not self.data.attendance:
            self.p(escape(_("Attendance was not recorded.")))
        for status, heading in order:
            lines = [a for a in self.data.attendance if a.status == status]
            if not lines:
                continue
            self.p(escape(heading), self.st.h3)
            for a in lines:
                party = label(PartyType(a.party))
                who = _("{name} ({party})").format(name=a.name, party=party)
                if a.organisation and a.organisation != party:
                    who = _("{name} ({party}, {organisation})").format(
                        name=a.name, party=party, organisation=a.organisation
                    )
                extra = _attendance_extra(a)
                if extra:
                    who = _("{who}: {how}").format(who=who, how=extra)
                self.p(safe_text(who), self.st.bullet, bulletText="•")

    def items(self) -> None:
        """«Dette snakket vi om»: the items with something recorded, each once (``minutes_sections``)."""
        sections = self.sections
        if not sections.talked:
            if sections.follow_ups or sections.plan_changes:
                return  # what was recorded is told in those sections
            self.p(escape(_("What we talked about")), self.st.h1)
            if not self.data.items:
                self.p(escape(_("No agenda items were written down for this meeting.")))
            else:
                self.p(escape(_("Nothing was written down under the agenda items.")))
            return
        self.p(escape(_("What we talked about")), self.st.h1)
        first = self.data.facts.user_first_name
        for entry in sections.talked:
            item = entry.item
            self.group_heading(item)
            title = self.numbered_title(entry)
            if item.goal_text:
                # The person's own words of the goal first, the professional wording only after;
                # kept together with the title.
                from reportlab.platypus import KeepTogether, Paragraph

                goal: list[Flowable] = [
                    Paragraph(safe_text(title), self.st.h3),
                    Paragraph(safe_text(_("The goal as {name} says it:").format(name=first)), self.st.body),
                    *paragraphs(quoted(item.goal_text), self.st.quote),
                ]
                if item.goal_professional_text:
                    goal.append(Paragraph(escape(_("Professional wording:")), self.st.small))
                    goal.extend(paragraphs(item.goal_professional_text, self.st.small))
                self.flow.append(KeepTogether(goal))
            else:
                self.p(safe_text(title), self.st.h3)
            self.item_record(item)

    def group_heading(self, item: ItemBlock | None) -> None:
        """A group item of a hierarchical agenda, told once above its first told sub-item."""
        group = self.sections.group_of(item) if item is not None else None
        if group is not None and group.item.id not in self.groups_told:
            self.groups_told.add(group.item.id)
            self.p(safe_text(self.numbered_title(group)), self.st.h3)

    def numbered_title(self, entry: NumberedItem) -> str:
        return _("{number}. {title}").format(
            number=entry.label or entry.number, title=plain_title(entry.item, self.data.facts.phase)
        )

    def item_record(self, item: ItemBlock) -> None:
        """What was written down under one agenda item in the meeting."""
        first = self.data.facts.user_first_name
        if item.kind == AgendaKind.NEXT_MEETING.value:
            self.next_meeting_record()
        if item.checkpoint_status:
            self.labelled(_("Status:"), label(CheckpointStatus(item.checkpoint_status)))
        for words in item.user_words:
            self.p(safe_text(_("{name} says:").format(name=first)), self.st.body)
            self.text(quoted(words), self.st.quote)
        for note in item.notes:
            self.text(note)
        for decision in item.decisions:
            self.p("<b>{}</b> {}".format(escape(_("Agreed:")), safe_text(decision.text)))
        for task in item.tasks:
            self.flow.append(_task_paragraph(task, self.st, first))

    def next_meeting_record(self) -> None:
        """Under the «Neste møte» item: the date and place set in the meeting, as on page one."""
        facts = self.data.facts
        if facts.next_meeting_start is not None:
            self.p(
                safe_text(_("We meet again on {date}.").format(date=format_when(facts.next_meeting_start)))
            )
            if facts.next_meeting_place:
                place = " ".join(facts.next_meeting_place.split()).rstrip(" .")
                self.p(safe_text(_("The place is {place}.").format(place=place)))
        if facts.next_meeting_reason.strip():
            if facts.next_meeting_start is None:
                self.p(escape(_("No new meeting is set, because:")))
            self.text(facts.next_meeting_reason)

    def quiet_items(self) -> None:
        """Items with nothing recorded: listed once, plainly, after every section with content."""
        if not self.sections.quiet:
            return
        self.p(escape(_("Also on the agenda (nothing written down)")), self.st.h2)
        for entry in self.sections.quiet:
            self.p(safe_text(self.numbered_title(entry)), self.st.small_bullet)  # numbered: no bullet

    def reviews(self) -> None:
        """Earlier tasks and what became of them, each with the agenda item it was talked under."""
        if not self.sections.follow_ups:
            return
        self.p(escape(_("Follow-up of earlier tasks")), self.st.h1)
        results = {
            TaskReviewResult.DONE.value: _("Done"),
            TaskReviewResult.CONTINUED.value: _("Not finished: continues"),
            TaskReviewResult.DROPPED.value: _("Dropped"),
        }
        for entry in self.sections.follow_ups:
            review = entry.review
            self.group_heading(entry.item.item if entry.item else None)
            who = review.person or label(PartyType(review.party))
            status = results.get(review.result, review.result)
            if review.result == TaskReviewResult.CONTINUED.value and review.new_due:
                status = _("{status}, new deadline {date}").format(
                    status=status, date=long_date(review.new_due)
                )
            details = f"<br/>{safe_text(who)} · {safe_text(status)}"
            if entry.item is not None:
                title = _("{number}. {title}").format(
                    number=entry.item.label or entry.item.number, title=review.text
                )
                self.p(f"<b>{safe_text(title)}</b>{details}", self.st.body)
            else:
                self.p(f"<b>{safe_text(review.text)}</b>{details}", self.st.task, bulletText="•")
            if review.outcome:
                self.text(review.outcome, self.st.bullet)
            if entry.item is not None:
                self.item_record(entry.item.item)

    def plan_changes(self) -> None:
        if not self.sections.plan_changes:
            return
        self.p(escape(_("Proposed changes to the plan")), self.st.h1)
        self.p(
            escape(_("These changes are made in the plan only when the coordinator confirms them.")),
            self.st.small,
        )
        for entry in self.sections.plan_changes:
            self.group_heading(entry.item.item if entry.item else None)
            for change in entry.changes:
                verdict = label(MeasureVerdict(change.verdict))
                heading = _("{area}: {help}").format(
                    area=label(LifeDomain(change.goal_domain)), help=change.measure_text
                )
                if entry.item is not None:
                    heading = _("{number}. {title}").format(
                        number=entry.item.label or entry.item.number, title=heading
                    )
                state = _("Done in the plan") if change.is_applied else _("Proposed")
                markup = "<b>{}</b><br/>{}".format(
                    safe_text(heading),
                    safe_text(_("{verdict} · {state}").format(verdict=verdict, state=state)),
                )
                if entry.item is not None:
                    self.p(markup, self.st.body)
                else:
                    self.p(markup, self.st.task, bulletText="•")
                if change.proposed_change:
                    self.text(change.proposed_change, self.st.bullet)
            if entry.item is not None:
                self.item_record(entry.item.item)

    def distribution(self) -> None:
        dist = self.data.distribution
        self.p(escape(_("The minutes are sent to")), self.st.h2)
        if not dist.included:
            self.p(escape(_("No one is on the distribution list yet.")))
        for r in dist.included:
            self.p(safe_text(_("{name} ({party})").format(name=r.name, party=label(PartyType(r.party)))),
                   self.st.bullet, bulletText="•")  # fmt: skip
        left_out = len(dist.excluded)
        if left_out:
            self.p(
                escape(
                    ngettext(
                        "{n} person in the group does not receive the minutes, because the user has not agreed to it.",
                        "{n} people in the group do not receive the minutes, because the user has not agreed to it.",
                        left_out,
                    ).format(n=left_out)
                ),
                self.st.small,
            )

    def ratings(self) -> None:
        """This meeting's life-area ratings, only when the person wanted them in the minutes."""
        if not self.data.ratings_in_minutes or not self.data.ratings:
            return
        from desktop.services.meeting.ratings import RATING_MAX, score_label

        first = self.data.facts.user_first_name
        self.p(safe_text(_("How {name} rates the life areas today").format(name=first)), self.st.h1)
        self.p(
            escape(_("From 1 (very bad) to {high} (very good), as {name} sees it.").format(
                high=RATING_MAX, name=first)),
            self.st.small,
        )  # fmt: skip
        for rating in self.data.ratings:
            line = _("{area}: {score} of {high}, {word}").format(
                area=label(LifeDomain(rating.domain)), score=rating.score, high=RATING_MAX,
                word=score_label(rating.score).lower(),
            )  # fmt: skip
            self.p(safe_text(line), self.st.bullet, bulletText="•")
            if rating.comment.strip():
                self.text(quoted(rating.comment), self.st.quote)

    def attestations(self) -> None:
        from reportlab.platypus import KeepTogether, Paragraph

        # The heading travels with the first confirmation: never alone at the foot of a page.
        pending: list[Flowable] = [Paragraph(escape(_("Confirmation of the minutes")), self.st.h2)]
        first = self.data.facts.user_first_name
        if not self.data.attestations and not self.data.awaiting_confirmation:
            pending.append(
                Paragraph(
                    escape(
                        _(
                            "No one was ticked as approving these minutes in the meeting, so they are not approved yet. They can be approved at the next meeting."
                        )
                    ),
                    self.st.body,
                )
            )
            self.flow.append(KeepTogether(pending))
            pending = []
        for a in self.data.attestations:
            verdict = label(ConfirmationVerdict(a.verdict))
            markup = "<b>{}</b>: {}".format(safe_text(a.name), safe_text(f"«{verdict}»"))
            how = label(ConfirmationChannel(a.channel))
            when = _("{how}, {time}").format(how=how, time=format_when(a.approved_at))
            if (
                a.channel != ConfirmationChannel.IN_ROOM.value
                and a.recorded_at is not None
                and a.recorded_at.date() != a.approved_at.date()
            ):
                when = _("{when} (written down {time})").format(when=when, time=format_when(a.recorded_at))
            markup += "<br/>" + safe_text(when)
            block: list[Flowable] = [*pending, Paragraph(markup, self.st.task, bulletText="•")]
            pending = []
            if a.comment.strip():
                block.extend(paragraphs(quoted(a.comment), self.st.quote))
            self.flow.append(KeepTogether(block))
        if self.data.awaiting_confirmation:
            waiting = Paragraph(
                safe_text(
                    _(
                        "The minutes wait for {name}'s confirmation. A new version is made when it comes."
                    ).format(name=first)
                ),
                self.st.body,
            )
            self.flow.append(KeepTogether([*pending, waiting]))

    def about(self) -> None:
        from reportlab.platypus import KeepTogether, Paragraph

        v = self.version
        heading = Paragraph(escape(_("About this document")), self.st.h2)
        block: list[Flowable] = []

        def small(text: str) -> None:
            block.append(Paragraph(safe_text(text), self.st.small))

        small(_("Version {n}.").format(n=v.version))
        if v.replaces_version is not None:
            small(_("This version replaces version {n}.").format(n=v.replaces_version))
            if v.reason:
                small(_("Why: {reason}").format(reason=v.reason))
        if v.previous_sha256:
            small(_("Fingerprint (SHA-256) of the minutes this group signed before these: {sha}").format(
                sha=" ".join(v.previous_sha256[i: i + 8] for i in range(0, len(v.previous_sha256), 8))))  # fmt: skip
        if v.copy_of_sha256:
            small(_("This copy is made from version {n}, whose fingerprint (SHA-256) is {sha}.").format(
                n=v.version, sha=" ".join(v.copy_of_sha256[i: i + 8] for i in range(0, len(v.copy_of_sha256), 8))))  # fmt: skip
        small(_("These minutes do not replace each service's own journal entry."))
        if v.carries_handover:  # said on the page: no hidden content (DOMAIN.md); issue 18
            small(
                _(
                    "The PDF file also holds the group's members and contact details, the plan, the open tasks "
                    "and the earlier meetings as data (an attached file), so that a new coordinator can take them over."
                )
            )
        if v.will_be_signed:
            small(
                _(
                    "Sealed electronically by this installation of Ansvarsgruppe on behalf of {name}. "
                    "This is not a BankID signature. Anyone can check the seal with a PDF reader."
                ).format(name=v.signer_name or self.data.facts.facilitator)
            )
            self.slot_flowable = seal_slot_class()(v.stamp_lines)
            block.append(self.slot_flowable)
        else:
            small(_("Not signed."))
        # The heading stays with its first line and the seal with the sentence that explains it; the
        # lines between may flow, so the block no longer jumps whole onto an almost empty last page.
        tail = block[-2:] if v.will_be_signed else block[-1:]
        middle = block[1 : len(block) - len(tail)]
        self.flow.append(KeepTogether([heading, block[0]]))
        self.flow.extend(middle)
        self.flow.append(KeepTogether(tail))
