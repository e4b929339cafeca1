"""The minutes as a PDF (ReportLab platypus), written for someone reading on a phone.

Page one answers "what did we agree, who does what by when, when do we meet next" in plain
language (DOMAIN.md §5.5, §10). The rest follows the meeting. Everything is one column of
paragraphs (no tables): it reflows on a small screen, and a 100 000-character note or 200 tasks
split across pages without a "flowable too large" error.

Noto Sans from ``resources/fonts`` is embedded and subset; ReportLab's canvas would otherwise
start every page in a non-embedded Helvetica, so ``canvas_basefontname`` and the canvas's
``initialFontName`` are set too. Characters the font lacks (emoji) are replaced by a visible
marker rather than silently dropped. The header and footer carry the case reference, never the
name, plus "page x of y" and the version. ReportLab is imported lazily (start-up time).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from desktop.i18n import (
    N_,
    _,
    babel_locale,
    current_language,
    format_long_date,
    install,
    ngettext,
)
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
    PartyGroup,
    PartyType,
    PathwayPhase,
    TaskReviewResult,
    label,
)
from desktop.paths import FONTS_DIR
from desktop.services.minutes_data import AttendanceLine, ItemBlock, MinutesData, TaskLine
from desktop.services.signing import SignatureSlot

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
FONT_ITALIC = "NotoSans-Italic"
FONT_BOLD_ITALIC = "NotoSans-BoldItalic"
BODY_SIZE_PT = 12
MISSING_GLYPH = "\ufffd"
SIGNATURE_BOX_PT = (300, 86)  # width, height of the visible seal (five lines)
MAX_PARAGRAPH_CHARS = 4000  # longer paragraphs are cut at word boundaries (fast, clean splits)


@dataclass(frozen=True)
class VersionInfo:
    """What the document says about itself: its version and the chain of signed versions."""

    version: int = 1
    replaces_version: int | None = None
    previous_sha256: str = ""
    will_be_signed: bool = False
    signer_name: str = ""
    #: The visible seal, drawn in the reserved box when the document will be signed.
    stamp_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenderedMinutes:
    pdf: bytes
    page_count: int
    signature_slot: SignatureSlot | None


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Render in ``lang`` and switch back afterwards, whatever happens."""
    previous = current_language()
    try:
        yield install(lang)
    finally:
        install(previous)


@functools.cache
def register_fonts() -> frozenset[int]:
    """Register Noto Sans (four faces) once; return the code points the font can draw."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = {
        FONT: "NotoSans-Regular.ttf",
        FONT_BOLD: "NotoSans-Bold.ttf",
        FONT_ITALIC: "NotoSans-Italic.ttf",
        FONT_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
    }
    regular = None
    for name, file_name in faces.items():
        font = TTFont(name, str(FONTS_DIR / file_name))
        pdfmetrics.registerFont(font)
        if name == FONT:
            regular = font
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)
    rl_config.canvas_basefontname = FONT
    assert regular is not None
    return frozenset(regular.face.charToGlyph)


def safe_text(text: str) -> str:
    """Escape for Paragraph markup and replace what the font cannot draw (emoji) with a marker."""
    drawable = _drawable_characters()
    text = text.replace("\r\n", "\n")
    if not drawable.issuperset(text):  # most texts: every character drawable, no per-character work
        text = "".join(ch if ch in drawable else MISSING_GLYPH for ch in text)
    return escape(text)


@functools.cache
def _drawable_characters() -> frozenset[str]:
    return frozenset(chr(code) for code in register_fonts()) | {"\n", "\t"}


def _chunks(text: str) -> list[str]:
    """Split long text into paragraphs: on line breaks, then at word boundaries every few thousand chars."""
    out: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n"):
        block = block.rstrip()
        while len(block) > MAX_PARAGRAPH_CHARS:
            cut = block.rfind(" ", 0, MAX_PARAGRAPH_CHARS)
            cut = cut if cut > MAX_PARAGRAPH_CHARS // 2 else MAX_PARAGRAPH_CHARS
            out.append(block[:cut])
            block = block[cut:].lstrip()
        out.append(block)
    # Collapse runs of empty lines into one paragraph gap.
    result: list[str] = []
    for chunk in out:
        if chunk or (result and result[-1]):
            result.append(chunk)
    while result and not result[-1]:
        result.pop()
    return result


@dataclass
class _Styles:
    title: Any
    subtitle: Any
    h1: Any
    h2: Any
    h3: Any
    body: Any
    bullet: Any
    small: Any
    quote: Any
    task: Any
    small_bullet: Any = None


def _styles() -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle(
        "body", fontName=FONT, fontSize=BODY_SIZE_PT, leading=BODY_SIZE_PT * 1.4, spaceAfter=5,
        splitLongWords=1, bulletFontName=FONT, bulletFontSize=BODY_SIZE_PT,
    )  # fmt: skip
    return _Styles(
        title=ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=20, leading=25, spaceAfter=4),
        subtitle=ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18, spaceAfter=14,
                                textColor=colors.HexColor("#333333")),
        h1=ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=18, leading=23, spaceBefore=10,
                          spaceAfter=8, textColor=colors.HexColor("#0b3d5c"), keepWithNext=1),
        h2=ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=15, leading=20, spaceBefore=12,
                          spaceAfter=6, textColor=colors.HexColor("#0b3d5c"), keepWithNext=1),
        h3=ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=13, leading=18, spaceBefore=8,
                          spaceAfter=3, keepWithNext=1),
        body=base,
        bullet=ParagraphStyle("bullet", parent=base, leftIndent=16, bulletIndent=2, spaceAfter=6),
        small=ParagraphStyle("small", parent=base, fontSize=10, leading=13.5, textColor=colors.HexColor("#333333")),
        quote=ParagraphStyle("quote", parent=base, fontName=FONT_ITALIC, leftIndent=14, borderPadding=(4, 6, 4, 8),
                             borderColor=colors.HexColor("#7aa6c2"), borderWidth=0, backColor=colors.HexColor("#eef4f8"),
                             spaceBefore=4, spaceAfter=8),
        task=ParagraphStyle("task", parent=base, leftIndent=16, bulletIndent=2, spaceAfter=7),
        small_bullet=ParagraphStyle(
            "small_bullet", parent=base, fontSize=10, leading=13.5, leftIndent=16, bulletIndent=2,
            bulletFontSize=10, spaceAfter=2, textColor=colors.HexColor("#333333"),
        ),
    )  # fmt: skip


def _paragraphs(text: str, style: Any) -> list[Flowable]:
    from reportlab.platypus import Paragraph, Spacer

    flow: list[Flowable] = []
    for chunk in _chunks(text):
        flow.append(Paragraph(safe_text(chunk), style) if chunk else Spacer(1, 4))
    return flow


NBSP = "\u00a0"
#: Page one's heading for the specialist health service's tasks, in words the user knows.
PLAIN_SPECIALIST = N_("The treatment place (hospital or clinic)")


def long_date(value: date) -> str:
    """«fredag 11. desember 2026» that never breaks across lines (a date split over two lines is
    hard to read, most of all on a phone)."""
    return format_long_date(value).replace(" ", NBSP)


def format_when(value: datetime) -> str:
    """Day and time in words: «onsdag 25. november 2026 kl. 16.27» (DOMAIN.md §10: «kl. 10.00»)."""
    if current_language() in ("nb", "nn"):
        time_text = f"{value.hour:02d}.{value.minute:02d}"
    else:
        from babel.dates import format_time

        time_text = format_time(value, format="short", locale=babel_locale())
    return _("{date} at {time}").format(date=long_date(value.date()), time=time_text)


OPENING_QUOTES = "«\"“„‘'‹"
CLOSING_QUOTES = "»\"”“’'›"


def quoted(words: str) -> str:
    """The user's words in «guillemets», without doubling quotes the user already typed."""
    text = words.strip()
    starts = bool(text) and text[0] in OPENING_QUOTES
    ends = bool(text) and text[-1] in CLOSING_QUOTES
    if starts and ends and len(text) >= 2:
        return "«" + text[1:-1].strip() + "»"
    if starts or ends:
        return text  # already marked by the user; adding more would double them
    return "«" + text + "»"


# Verbs a task usually starts with ("Ringe boligkontoret …"). Only these (and verbs in -ere such as
# "informere") are read as the start of an infinitive phrase; anything else ("Oppgave …", "Time hos
# fastlegen") is not bent into a sentence but written as "X har ansvaret for dette: …".
_TASK_VERBS = frozenset(
    """
    avklare avlyse avtale be bestille besøke betale bli booke bruke dele delta finne flytte fylle få
    følge forberede forklare gi gjøre gå ha hente hjelpe holde kartlegge kjøpe komme kontakte lage
    legge lese levere lære melde møte ordne ringe se sende si sjekke skaffe skrive snakke spørre starte
    stille svare søke sørge ta tilby treffe undersøke utarbeide varsle vise øve overføre oppdatere
    """.split()
)


def _is_infinitive_phrase(text: str) -> bool:
    """A careful check that a task is written as "Ringe boligkontoret …" (infinitive first)."""
    words = text.split(maxsplit=1)
    first = words[0].lower().strip(",.:;") if words else ""
    if not first.isalpha():
        return False
    return first in _TASK_VERBS or (len(first) > 5 and first.endswith("ere"))


def task_sentence(line: TaskLine, user_first_name: str = "") -> str:
    """One task as a full sentence: «Kari skal ringe boligkontoret innen tirsdag 15. desember.»"""
    who = line.person or label(PartyType(line.party))
    if line.party == PartyType.USER.value and user_first_name:
        who = user_first_name  # the user is addressed by first name (DOMAIN.md §10)
    text = " ".join(line.text.split()).rstrip(" .")
    due = long_date(line.due) if line.due is not None else ""
    names = {n for n in (who, line.person, user_first_name) if n}
    if any(text.startswith(n + " ") for n in names):
        # Already a sentence with its subject ("Kari ringer boligkontoret").
        sentence = _("{task} by {date}.") if due else _("{task}. No deadline is set.")
        result = sentence.format(task=text, date=due)
    elif current_language() in ("nb", "nn") and _is_infinitive_phrase(text):
        # Tasks are written in Norwegian; only a Norwegian sentence can take the verb as it stands.
        task = text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text
        sentence = _("{who} will {task} by {date}.") if due else _("{who} will {task}. No deadline is set.")
        result = sentence.format(who=who, task=task, date=due)
    else:
        sentence = (
            _("{who} is responsible for this: {task}. It is to be done by {date}.")
            if due
            else _("{who} is responsible for this: {task}. No deadline is set.")
        )
        result = sentence.format(who=who, task=text, date=due)
    if not line.is_new:
        result = _("{sentence} (Continued from an earlier meeting.)").format(sentence=result)
    return result


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


def _task_paragraph(line: TaskLine, st: _Styles, user_first_name: str = "") -> Flowable:
    from reportlab.platypus import Paragraph

    return Paragraph(safe_text(task_sentence(line, user_first_name)), st.task, bulletText="•")


# Agenda titles carry the meeting's working words ("Tiltak: …", "Sjekkpunkt: …"); the minutes use
# plain words instead (DOMAIN.md §10). The prefixes are matched in every language the agenda may
# have been written in.
_CHECKPOINT_PREFIXES = ("Sjekkpunkt: ", "Checkpoint: ")
_MEASURE_PREFIXES = ("Tiltak: ", "Measure: ")
_PLAIN_CHECKPOINTS = {
    "coordination": N_(
        "Who is mainly responsible for keeping things together, and when the municipality takes over"
    ),
    "coordinator": N_("Who is mainly responsible for keeping things together"),
    "gp_informed": N_("The GP knows about the plan"),
    "next_meetings": N_("The next meetings have dates"),
    "outpatient_plan": N_("Follow-up from the clinic after discharge"),
    "bed_agreement": N_("A bed you can ask for yourself"),
}
# Agenda items whose standard title is a working word; a title the group wrote itself is kept.
_PLAIN_KINDS = {
    AgendaKind.COORDINATION.value: (
        ("Koordinering", "Coordination"),
        N_("Who is mainly responsible for keeping things together"),
    ),
    AgendaKind.BED_AGREEMENT.value: (
        ("Brukerstyrt seng", "User-controlled bed"),
        N_("A bed you can ask for yourself"),
    ),
}


def _strip_prefix(title: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if title.startswith(prefix):
            return title[len(prefix) :]
    return title


def plain_title(item: ItemBlock, phase: str = "") -> str:
    """The title of an agenda item as the minutes say it, without jargon."""
    if item.kind == AgendaKind.GOAL.value and item.goal_text and item.goal_domain:
        return label(LifeDomain(item.goal_domain))  # the goal itself follows, in the person's words
    title = item.title or label(AgendaKind(item.kind))
    if item.kind == AgendaKind.CHECKPOINT.value:
        rest = _strip_prefix(title, _CHECKPOINT_PREFIXES)
        if item.checkpoint in _PLAIN_CHECKPOINTS:
            rest = _(_PLAIN_CHECKPOINTS[item.checkpoint])
        if phase == PathwayPhase.PRE_ADMISSION.value:
            return _("Before admission: {title}").format(title=rest)
        return _("Before discharge: {title}").format(title=rest)
    if item.kind == AgendaKind.MEASURE.value:
        return _("Help: {title}").format(title=_strip_prefix(title, _MEASURE_PREFIXES))
    if item.kind in _PLAIN_KINDS:
        standard, plain = _PLAIN_KINDS[item.kind]
        if not item.title or item.title in standard or item.title == label(AgendaKind(item.kind)):
            return _(plain)
    return title


class _Story:
    """Builds the list of flowables for one MinutesData in the active language."""

    def __init__(self, data: MinutesData, version: VersionInfo) -> None:
        self.data, self.version, self.st = data, version, _styles()
        self.flow: list[Flowable] = []
        self.slot_flowable: Any = None

    def p(self, markup: str, style: Any | None = None, **kwargs: Any) -> None:
        from reportlab.platypus import Paragraph

        self.flow.append(Paragraph(markup, style or self.st.body, **kwargs))

    def text(self, text: str, style: Any | None = None) -> None:
        self.flow.extend(_paragraphs(text, style or self.st.body))

    def labelled(self, name: str, value: str) -> None:
        self.p(f"<b>{escape(name)}</b> {safe_text(value)}")

    def build(self) -> list[Flowable]:
        self.page_one()
        self.facts()
        self.attendance()
        self.items()
        self.ratings()
        self.reviews()
        self.plan_changes()
        self.distribution()
        self.attestations()
        self.about()
        return self.flow

    # -- page one --------------------------------------------------------------------------
    def page_one(self) -> None:
        from reportlab.platypus import PageBreak

        facts = self.data.facts
        self.p(
            safe_text(_("Minutes: {meeting}").format(meeting=label(MeetingType(facts.type)))), self.st.title
        )
        self.p(
            safe_text(
                _("{user}'s responsibility group, {date}").format(
                    user=facts.user_name, date=format_when(facts.start)
                )
            ),
            self.st.subtitle,
        )
        self.p(escape(_("This is what we agreed")), self.st.h1)
        if self.data.decisions:
            for decision in self.data.decisions:
                text = safe_text(decision.text)
                if decision.awaiting_formal_decision:
                    text += " <i>{}</i>".format(
                        escape(_("(This depends on a formal decision by NAV or the municipality.)"))
                    )
                self.p(text, self.st.bullet, bulletText="•")
        else:
            self.p(escape(_("Nothing new was agreed at this meeting.")))
        self.p(escape(_("Who does what by when")), self.st.h2)
        groups = self.data.tasks_by_group()
        if not groups:
            self.p(escape(_("No new tasks were given at this meeting.")))
        for group, lines in groups:
            heading = label(PartyGroup(group))
            if group == PartyGroup.USER.value and facts.user_first_name:
                heading = facts.user_first_name
            elif group == PartyGroup.SPECIALIST.value:
                heading = _(PLAIN_SPECIALIST)  # DOMAIN.md §10: no service jargon on page one
            self.p(safe_text(heading), self.st.h3)
            for line in lines:
                self.flow.append(_task_paragraph(line, self.st, self.data.facts.user_first_name))
        self.p(escape(_("Next meeting")), self.st.h2)
        if facts.next_meeting_start is not None:
            self.p(f"<b>{safe_text(format_when(facts.next_meeting_start))}</b>")
            if facts.next_meeting_place:
                self.p(safe_text(facts.next_meeting_place))
            if facts.next_meeting_reason:
                self.text(facts.next_meeting_reason)
        elif facts.next_meeting_reason:
            self.p(escape(_("No new meeting is set, because:")))
            self.text(facts.next_meeting_reason)
        else:
            self.p(
                escape(_("The date of the next meeting is not set yet. The coordinator will let you know."))
            )
        self.flow.append(PageBreak())

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
        self.p(escape(_("What we talked about")), self.st.h1)
        first = self.data.facts.user_first_name
        quiet: list[str] = []
        if not self.data.items:
            self.p(escape(_("No agenda items were written down for this meeting.")))
        for number, item in enumerate(self.data.items, start=1):
            title = _("{number}. {title}").format(
                number=number, title=plain_title(item, self.data.facts.phase)
            )
            has_content = (
                item.notes
                or item.user_words
                or item.decisions
                or item.tasks
                or item.checkpoint_status
                or item.goal_text
            )
            if not has_content:
                quiet.append(title)
                continue
            if item.goal_text:
                # The person's own words of the goal first, the professional wording only after;
                # kept together with the title.
                from reportlab.platypus import KeepTogether, Paragraph

                goal: list[Flowable] = [
                    Paragraph(safe_text(title), self.st.h3),
                    Paragraph(safe_text(_("The goal as {name} says it:").format(name=first)), self.st.body),
                    *_paragraphs(quoted(item.goal_text), self.st.quote),
                ]
                if item.goal_professional_text:
                    goal.append(Paragraph(escape(_("Professional wording:")), self.st.small))
                    goal.extend(_paragraphs(item.goal_professional_text, self.st.small))
                self.flow.append(KeepTogether(goal))
            else:
                self.p(safe_text(title), self.st.h3)
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
        if quiet:
            self.p(escape(_("Also on the agenda (nothing written down)")), self.st.h3)
            for title in quiet:
                self.p(safe_text(title), self.st.small_bullet)  # numbered already: no bullet

    def reviews(self) -> None:
        if not self.data.reviews:
            return
        self.p(escape(_("Follow-up of earlier tasks")), self.st.h1)
        results = {
            TaskReviewResult.DONE.value: _("Done"),
            TaskReviewResult.CONTINUED.value: _("Not finished: continues"),
            TaskReviewResult.DROPPED.value: _("Dropped"),
        }
        for review in self.data.reviews:
            who = review.person or label(PartyType(review.party))
            status = results.get(review.result, review.result)
            if review.result == TaskReviewResult.CONTINUED.value and review.new_due:
                status = _("{status}, new deadline {date}").format(
                    status=status, date=long_date(review.new_due)
                )
            markup = f"<b>{safe_text(review.text)}</b><br/>{safe_text(who)} · {safe_text(status)}"
            self.p(markup, self.st.task, bulletText="•")
            if review.outcome:
                self.text(review.outcome, self.st.bullet)

    def plan_changes(self) -> None:
        if not self.data.plan_changes:
            return
        self.p(escape(_("Proposed changes to the plan")), self.st.h1)
        self.p(
            escape(_("These changes are made in the plan only when the coordinator confirms them.")),
            self.st.small,
        )
        for change in self.data.plan_changes:
            verdict = label(MeasureVerdict(change.verdict))
            heading = _("{area}: {help}").format(
                area=label(LifeDomain(change.goal_domain)), help=change.measure_text
            )
            state = _("Done in the plan") if change.is_applied else _("Proposed")
            markup = "<b>{}</b><br/>{}".format(
                safe_text(heading), safe_text(_("{verdict} · {state}").format(verdict=verdict, state=state))
            )
            self.p(markup, self.st.task, bulletText="•")
            if change.proposed_change:
                self.text(change.proposed_change, self.st.bullet)

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
        from desktop.services.ratings import RATING_MAX, score_label

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
                block.extend(_paragraphs(quoted(a.comment), self.st.quote))
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
        if v.previous_sha256:
            small(_("Fingerprint (SHA-256) of the minutes this group signed before these: {sha}").format(
                sha=" ".join(v.previous_sha256[i: i + 8] for i in range(0, len(v.previous_sha256), 8))))  # fmt: skip
        small(_("These minutes do not replace each service's own journal entry."))
        # Said on the page: every recipient gets the attachment (DOMAIN.md: no hidden content).
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
            self.slot_flowable = _slot_class()(v.stamp_lines)
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


@functools.cache
def _slot_class() -> type:
    from reportlab.platypus import Flowable

    class SlotFlowable(Flowable):  # type: ignore[misc]
        """The box for the signature at the end of the story, with the seal drawn in it.

        Records where it landed: the signature field goes on top. Drawing the seal with the page
        (instead of as the field's own appearance) reuses the page's fonts and spares pyHanko
        parsing a second PDF.
        """

        def __init__(self, stamp_lines: tuple[str, ...]) -> None:
            super().__init__()
            self.width, self.height = SIGNATURE_BOX_PT
            self.spaceBefore = 8
            self.stamp_lines = stamp_lines
            self.slot: SignatureSlot | None = None

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            x, y = self.canv.absolutePosition(0, 0)
            page = self.canv.getPageNumber() - 1
            self.slot = SignatureSlot(page, (int(x), int(y), int(x + self.width), int(y + self.height)))
            if self.stamp_lines:
                draw_stamp(self.canv, self.stamp_lines)

    return SlotFlowable


def render_minutes(
    data: MinutesData, *, lang: str = "nb", version: VersionInfo | None = None
) -> RenderedMinutes:
    """Render the minutes in ``lang`` (nb, nn, en) and return the PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    version = version or VersionInfo()
    with language(lang):
        builder = _Story(data, version)
        story = builder.build()
        header_left = _("Minutes · case {reference}").format(reference=data.facts.case_reference)
        header_right = _("Version {n}").format(n=version.version)
        if not version.will_be_signed:
            header_right = _("Version {n} · not signed").format(n=version.version)
        page_text = _("Page {page} of {pages}")
        date_text = _("Meeting of {date}").format(date=format_long_date(data.facts.start.date()))
        title = _("Minutes · case {reference}").format(reference=data.facts.case_reference)
        page_counter: list[int] = []

        class NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]
            """Draws header and footer after the last page is known ("page x of y")."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs["initialFontName"] = FONT
                super().__init__(*args, **kwargs)
                self._saved_pages: list[dict[str, Any]] = []

            def showPage(self) -> None:  # noqa: N802 (ReportLab API)
                self._saved_pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._saved_pages)
                page_counter.append(total)
                for state in self._saved_pages:
                    self.__dict__.update(state)
                    self._decorate(total)
                    super().showPage()
                super().save()

            def _decorate(self, total: int) -> None:
                width, height = A4
                self.saveState()
                self.setFont(FONT, 9)
                self.setFillColorRGB(0.25, 0.25, 0.25)
                self.drawString(2 * cm, height - 1.2 * cm, header_left)
                self.drawRightString(width - 2 * cm, height - 1.2 * cm, header_right)
                self.drawString(2 * cm, 1.1 * cm, date_text)
                self.drawRightString(
                    width - 2 * cm, 1.1 * cm, page_text.format(page=self.getPageNumber(), pages=total)
                )
                self.restoreState()

        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=2 * cm,
            rightMargin=2 * cm,
            topMargin=2 * cm,
            bottomMargin=2 * cm,
            title=title,
            author="Ansvarsgruppe",
            creator="Ansvarsgruppe",
            lang={"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}.get(lang, "nb-NO"),
            invariant=0,
        )
        doc.build(story, canvasmaker=NumberedCanvas)
    slot = builder.slot_flowable.slot if builder.slot_flowable is not None else None
    return RenderedMinutes(pdf=buffer.getvalue(), page_count=page_counter[-1] if page_counter else 0,
                           signature_slot=slot)  # fmt: skip


def draw_stamp(c: Any, text_lines: tuple[str, ...]) -> None:
    """The seal: a framed box of ``SIGNATURE_BOX_PT`` with its lines, at the canvas' origin."""
    width, height = SIGNATURE_BOX_PT
    drawable = _drawable_characters()
    c.saveState()
    c.setFillColorRGB(0.93, 0.96, 0.98)
    c.setStrokeColorRGB(0.04, 0.24, 0.36)
    c.setLineWidth(1.5)
    c.rect(1, 1, width - 2, height - 2, fill=1, stroke=1)
    c.setFillColorRGB(0.04, 0.24, 0.36)
    y = height - 17
    for index, line in enumerate(text_lines):
        c.setFont(FONT_BOLD if index == 0 else FONT, 10.5 if index == 0 else 9)
        c.drawString(9, y, "".join(ch if ch in drawable else MISSING_GLYPH for ch in line)[:70])
        y -= 14
    c.restoreState()
