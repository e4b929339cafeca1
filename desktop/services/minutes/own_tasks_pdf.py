"""The own-tasks extract as a PDF: a member who may only know their own tasks gets this (issue 18).

It says which meeting, when, that member's own tasks (what, by when, for whom) and the next
meeting, and nothing else: no decisions, no notes, no other people's tasks, no attendance. Like
the minutes it carries the version it was made from with its SHA-256 chain, and a box for the
seal. ReportLab is imported lazily (start-up time).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.i18n import _, format_long_date
from desktop.models.enums import MeetingType, PartyType, label
from desktop.services.minutes.pdf import language
from desktop.services.minutes.pdf_story import VersionInfo
from desktop.services.minutes.recipient_view import OwnTasks
from desktop.services.minutes.seal import seal_slot_class
from desktop.services.minutes.sentences import format_when, task_sentence
from desktop.services.minutes.style import FONT, escape, register_fonts, safe_text

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from desktop.services.minutes.signing import SignatureSlot


@dataclass(frozen=True)
class RenderedExtract:
    pdf: bytes
    page_count: int
    signature_slot: SignatureSlot | None


def _sha_groups(sha: str) -> str:
    return " ".join(sha[i : i + 8] for i in range(0, len(sha), 8))


def render_own_tasks(
    extract: OwnTasks, *, lang: str = "nb", version: VersionInfo | None = None
) -> RenderedExtract:
    """Render the extract in ``lang``; ``version`` says which stored version it comes from."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    version = version or VersionInfo()
    with language(lang):
        story = _ExtractStory(extract, version)
        flow = story.build()
        pages: list[int] = []
        decorate = _page_decoration(extract, version, pages)
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=2 * cm,
            rightMargin=2 * cm,
            topMargin=2 * cm,
            bottomMargin=2 * cm,
            title=_("Own tasks · case {reference}").format(reference=extract.case_reference),
            author="Ansvarsgruppe",
            creator="Ansvarsgruppe",
            lang={"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}.get(lang, "nb-NO"),
            invariant=0,
            initialFontName=FONT,
        )
        doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    slot = story.slot_flowable.slot if story.slot_flowable is not None else None
    return RenderedExtract(pdf=buffer.getvalue(), page_count=max(pages) if pages else 0, signature_slot=slot)


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=17, spaceAfter=6)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=FONT + "-Bold", fontSize=19, leading=24),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT + "-Bold",
            fontSize=14,
            leading=19,
            spaceBefore=10,
            textColor=colors.HexColor("#0b3d5c"),
            keepWithNext=1,
        ),  # fmt: skip
        "task": ParagraphStyle("task", parent=body, leftIndent=16, bulletIndent=2, spaceAfter=8),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=10, leading=13.5, textColor=colors.HexColor("#333333")
        ),
    }


class _ExtractStory:
    """The extract's paragraphs in the active language: whose tasks, the tasks, the next meeting."""

    def __init__(self, extract: OwnTasks, version: VersionInfo) -> None:
        self.extract, self.version, self.st = extract, version, _styles()
        self.flow: list[Flowable] = []
        self.slot_flowable: Any = None

    def p(self, text: str, style: str = "body", **kwargs: Any) -> None:
        from reportlab.platypus import Paragraph

        self.flow.append(Paragraph(safe_text(text), self.st[style], **kwargs))

    def build(self) -> list[Flowable]:
        self.heading()
        self.tasks()
        self.next_meeting()
        self.about()
        return self.flow

    def heading(self) -> None:
        extract = self.extract
        meeting = label(MeetingType(extract.meeting_type))
        self.p(_("Your tasks from the responsibility group meeting"), "title")
        self.p(
            _("For {name} ({party})").format(
                name=extract.member_name, party=label(PartyType(extract.member_party))
            )
        )
        self.p(
            _("Meeting: {meeting}, {when}").format(meeting=meeting, when=format_when(extract.meeting_start))
        )
        self.p(
            _(
                "{name} has agreed that you are told your own tasks from the meeting. "
                "This extract holds only those; the rest of the minutes is not shared with you."
            ).format(name=extract.user_first_name),
            "small",
        )

    def tasks(self) -> None:
        from reportlab.platypus import Paragraph

        extract = self.extract
        self.p(_("What you do for {name}, and by when").format(name=extract.user_first_name), "h2")
        if not extract.tasks:
            self.p(_("You were given no tasks at this meeting."))
        for line in extract.tasks:
            self.flow.append(
                Paragraph(
                    safe_text(task_sentence(line, extract.user_first_name)), self.st["task"], bulletText="•"
                )
            )

    def next_meeting(self) -> None:
        from reportlab.platypus import Paragraph

        extract = self.extract
        self.p(_("Next meeting"), "h2")
        if extract.next_meeting_start is not None:
            self.flow.append(
                Paragraph(f"<b>{safe_text(format_when(extract.next_meeting_start))}</b>", self.st["body"])
            )
            if extract.next_meeting_place:
                self.p(extract.next_meeting_place)
        else:
            self.p(_("The date of the next meeting is not set yet. The coordinator will let you know."))

    def about(self) -> None:
        """Which version the extract comes from, its fingerprints, and the seal (or «not signed»)."""
        version = self.version
        self.p(_("About this document"), "h2")
        self.p(_("An extract of version {n} of the minutes.").format(n=version.version), "small")
        if version.copy_of_sha256:
            self.p(
                _("Fingerprint (SHA-256) of that version: {sha}").format(
                    sha=_sha_groups(version.copy_of_sha256)
                ),
                "small",
            )
        if version.previous_sha256:
            self.p(
                _("Fingerprint (SHA-256) of the minutes this group signed before these: {sha}").format(
                    sha=_sha_groups(version.previous_sha256)
                ),
                "small",
            )
        if not version.will_be_signed:
            self.p(_("Not signed."), "small")
            return
        self.p(
            _(
                "Sealed electronically by this installation of Ansvarsgruppe on behalf of {name}. "
                "This is not a BankID signature. Anyone can check the seal with a PDF reader."
            ).format(name=version.signer_name),
            "small",
        )
        self.slot_flowable = seal_slot_class()(version.stamp_lines)
        self.flow.append(self.slot_flowable)


def _page_decoration(extract: OwnTasks, version: VersionInfo, pages: list[int]) -> Any:
    """Header (whose extract, which version) and footer (the meeting's date) on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm

    header_left = escape(_("Own tasks · case {reference}").format(reference=extract.case_reference))
    header_right = _("Version {n}").format(n=version.version)
    footer = _("Meeting of {date}").format(date=format_long_date(extract.meeting_start.date()))

    def decorate(canvas: Any, doc: Any) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.setFillColorRGB(0.25, 0.25, 0.25)
        canvas.drawString(2 * cm, height - 1.2 * cm, header_left)
        canvas.drawRightString(width - 2 * cm, height - 1.2 * cm, header_right)
        canvas.drawString(2 * cm, 1.1 * cm, footer)
        canvas.restoreState()
        pages.append(doc.page)

    return decorate
