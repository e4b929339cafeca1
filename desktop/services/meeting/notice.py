"""The meeting notice (innkalling): a PDF and an ``.ics`` invitation written to a chosen folder.

File names carry the case reference and the date, never a name
(``innkalling-AG-2026-001-2026-12-02.pdf``). Only invitees the user has consented to receive the
notice are listed (DOMAIN.md §5.4 R1); the user always is. ReportLab is imported inside the
functions that draw, so the GUI starts without it; the shipped Noto Sans is embedded and set as
the canvas base font so that no Helvetica appears in the file.

The notice is health data too: both files are written readable by the user only (0600, as the
minutes), the PDF says its language, and the calendar entry is titled neutrally
(«Ansvarsgruppemøte (AG-…)»): a meeting type such as «Utskrivningsmøte» in a shared calendar
would reveal an inpatient stay. The ``.ics`` follows RFC 5546: the UID is the meeting's stored
random UUID (ids and references restart in every installation, so they collide between
coordinators), ORGANIZER is the chair or coordinator, SEQUENCE rises with every change after
the first notice (:func:`desktop.services.meeting.planning.bump_calendar_sequence`), and a cancelled
meeting's notice is a ``METHOD:CANCEL``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _, babel_locale, format_clock, format_datetime, format_long_date
from desktop.models import Attendance, Consent, Coordination, Meeting, Member
from desktop.models.enums import (
    ConsentScope,
    CoordinationHolder,
    GroupRole,
    MeetingStatus,
    MeetingType,
    PartyType,
    label,
)
from desktop.services.case.consent import has_consent
from desktop.services.meeting.agenda import (
    AgendaEntry,
    AgendaService,
    block_minutes,
    item_numbers,
    total_minutes,
)
from desktop.services.meeting.planning import MeetingInfo, MeetingService
from desktop.services.minutes.versions import write_private

FONT_NAME = "NotoSans"
TIMEZONE = "Europe/Oslo"
UID_DOMAIN = "ansvarsgruppe.invalid"
#: RFC 5545 wants ORGANIZER as a cal-address (a URI); with no e-mail known, a reserved name
#: (RFC 2606 ``.invalid``) that no mail ever reaches, beside the organiser's name as CN.
NO_REPLY_ADDRESS = "noreply@ansvarsgruppe.invalid"


@dataclass(frozen=True)
class Recipient:
    name: str
    party: str
    organisation: str
    email: str


@dataclass(frozen=True)
class NoticeData:
    meeting: MeetingInfo
    recipients: tuple[Recipient, ...]
    withheld: int
    agenda: tuple[AgendaEntry, ...]
    chair_phone: str = ""
    chair_email: str = ""
    #: The stable random UUID of the meeting's calendar entry, and its SEQUENCE.
    calendar_uid: str = ""
    calendar_sequence: int = 0
    #: Who sends the invitation (the chair, else the coordinator); empty when no one is known.
    organizer_name: str = ""
    organizer_email: str = ""

    @property
    def is_cancelled(self) -> bool:
        return self.meeting.status == MeetingStatus.CANCELLED.value


@dataclass(frozen=True)
class NoticeFiles:
    pdf: Path
    ics: Path
    recipients: int
    withheld: int


def safe_reference(reference: str) -> str:
    """The case reference made safe for a file name (it never holds a name; see Case)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", reference).strip("._") or "sak"
    return cleaned[:40]


def notice_base_name(meeting: MeetingInfo) -> str:
    return f"innkalling-{safe_reference(meeting.case_reference)}-{meeting.start:%Y-%m-%d}"


def notice_data(db: Database, meeting_id: int) -> NoticeData:
    """What the notice shows: the meeting, the consented recipients and the agenda."""
    meeting = MeetingService(db).meeting(meeting_id)
    agenda = AgendaService(db).agenda(meeting_id)
    with db.session() as session:
        members = session.exec(
            select(Member)
            .join(Attendance, col(Attendance.member_id) == Member.id)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(col(Member.id))
        ).all()
        consents = session.exec(
            select(Consent).where(col(Consent.member_id).in_([m.id for m in members]))
        ).all()
        allowed = [m for m in members if has_consent(m, ConsentScope.RECEIVE_NOTICE, consents)]
        recipients = tuple(
            Recipient(name=m.name, party=m.party.value, organisation=m.organisation, email=m.email)
            for m in sorted(allowed, key=lambda m: (m.party != PartyType.USER, m.id))
        )
        chair = session.get(Member, meeting.facilitator_member_id) if meeting.facilitator_member_id else None
        organizer = chair or _coordinator(session, meeting.case_id)
        calendar_uid, calendar_sequence = _calendar_identity(session, meeting_id)
    return NoticeData(
        meeting=meeting,
        recipients=recipients,
        withheld=len(members) - len(allowed),
        agenda=tuple(agenda),
        chair_phone=chair.phone.strip() if chair else "",
        chair_email=chair.email.strip() if chair else "",
        calendar_uid=calendar_uid,
        calendar_sequence=calendar_sequence,
        organizer_name=organizer.name if organizer else "",
        organizer_email=organizer.email.strip() if organizer else "",
    )


def _calendar_identity(session: Any, meeting_id: int) -> tuple[str, int]:
    """The meeting's calendar UID and SEQUENCE; a UID is made and stored when there is none.

    Meetings made through the model get a UUID at once; rows written in bulk (the large demo)
    may hold ''. Storing it here means every later notice of the meeting carries the same UID.
    """
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    if not meeting.calendar_uid:
        meeting.calendar_uid = str(uuid.uuid4())
    return meeting.calendar_uid, meeting.calendar_sequence or 0


def _coordinator(session: Any, case_id: int) -> Member | None:
    """The member who holds coordination for the case (Coordination), else one in the coordinator role."""
    coordination = session.exec(select(Coordination).where(Coordination.case_id == case_id)).first()
    if coordination is not None:
        first, second = (
            (coordination.specialist_coordinator_id, coordination.municipal_coordinator_id)
            if coordination.holder == CoordinationHolder.SPECIALIST
            else (coordination.municipal_coordinator_id, coordination.specialist_coordinator_id)
        )
        for member_id in (first, second):
            if member_id is not None and (member := session.get(Member, member_id)) is not None:
                return member
    return session.exec(
        select(Member)
        .where(Member.case_id == case_id, Member.role == GroupRole.COORDINATOR)
        .order_by(col(Member.id))
    ).first()


def chair_contact(data: NoticeData) -> str:
    """How to reach the chair, e.g. «tlf. 900 00 000, e-post …» (empty when nothing is known)."""
    parts = []
    if data.chair_phone:
        parts.append(_("phone {number}").format(number=data.chair_phone))
    if data.chair_email:
        parts.append(_("e-mail {address}").format(address=data.chair_email))
    return ", ".join(parts)


def write_notice(db: Database, meeting_id: int, folder: Path) -> NoticeFiles:
    """Write the notice PDF and the ``.ics`` invitation to ``folder`` and mark the notice as sent."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(_("The folder {path} does not exist.").format(path=folder))
    data = notice_data(db, meeting_id)
    base = notice_base_name(data.meeting)
    pdf_path, ics_path = folder / f"{base}.pdf", folder / f"{base}.ics"
    pdf, ics = render_notice_pdf(data), render_notice_ics(data)
    write_private(pdf_path, pdf)  # a full or read-only folder is a translated UserError
    write_private(ics_path, ics)
    MeetingService(db).mark_notice_sent(meeting_id)
    return NoticeFiles(pdf=pdf_path, ics=ics_path, recipients=len(data.recipients), withheld=data.withheld)


# --------------------------------------------------------------------------------------------
# .ics
# --------------------------------------------------------------------------------------------
def ics_summary(meeting: MeetingInfo) -> str:
    """Calendar title: «Ansvarsgruppemøte (AG-…)», the same for every meeting type.

    Never the user's name, and never the type: a calendar is seen by colleagues and family, and
    «Utskrivningsmøte» there tells them of an inpatient stay.
    """
    return _("Responsibility group meeting ({reference})").format(reference=meeting.case_reference)


def calendar_uid(data: NoticeData) -> str:
    return f"{data.calendar_uid}@{UID_DOMAIN}"


def render_notice_ics(data: NoticeData) -> bytes:
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vCalAddress, vText

    meeting = data.meeting
    zone = ZoneInfo(TIMEZONE)
    start = meeting.start.replace(tzinfo=zone)
    cal = Calendar()
    cal.add("prodid", "-//Ansvarsgruppe//innkalling//NO")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if data.is_cancelled else "REQUEST")
    event = Event()
    event.add("uid", calendar_uid(data))
    event.add("sequence", data.calendar_sequence)
    event.add("dtstamp", clock.now_utc().replace(microsecond=0))
    event.add("status", "CANCELLED" if data.is_cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{data.organizer_email or NO_REPLY_ADDRESS}")
    organizer.params["cn"] = vText(data.organizer_name or "Ansvarsgruppe")
    event.add("organizer", organizer, encode=False)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", ics_summary(meeting))
    if meeting.place:
        event.add("location", meeting.place)
    description = (
        [_("The responsibility group meeting is cancelled.")]
        if data.is_cancelled
        else [_("Notice of a responsibility group meeting. The agenda is in the PDF notice.")]
    )
    if meeting.video_note:
        description.append(_("Video or phone: {note}").format(note=meeting.video_note))
    event.add("description", "\n".join(description))
    for recipient in data.recipients:
        if recipient.email:
            attendee = vCalAddress(f"mailto:{recipient.email}")
            attendee.params["cn"] = vText(recipient.name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    cal.add_missing_timezones()
    for component in cal.walk():  # icalendar explains its VTIMEZONE in an English COMMENT: leave it out
        if component.name in ("VTIMEZONE", "STANDARD", "DAYLIGHT"):
            component.pop("COMMENT", None)
    return cal.to_ical()


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------
def register_fonts() -> str:
    """The minutes' fonts (Noto Sans and the emoji and symbol fallbacks); ReportLab's base font."""
    from desktop.services.minutes.style import register_fonts as register_minutes_fonts

    register_minutes_fonts()
    return FONT_NAME


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT_NAME, fontSize=10.5, leading=14.5)
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=9, leading=12, textColor=colors.HexColor("#444444")
        ),
        "title": ParagraphStyle("title", parent=base, fontName=f"{FONT_NAME}-Bold", fontSize=18, leading=23),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=f"{FONT_NAME}-Bold",
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=13),
        "cell_sub": ParagraphStyle(  # a sub-item beneath its agenda item
            "cell_sub",
            parent=base,
            fontSize=9.5,
            leading=12.5,
            leftIndent=10,
            textColor=colors.HexColor("#334155"),
        ),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=f"{FONT_NAME}-Bold", fontSize=10, leading=13
        ),
    }


def _esc(text: str) -> str:
    """Paragraph markup: escaped, emoji and symbols in a fallback font or named (never a box)."""
    from desktop.services.minutes.style import safe_text

    return safe_text(text).replace("\n", "<br/>")


def render_notice_pdf(data: NoticeData) -> bytes:
    """The notice as PDF bytes: when and where, who is invited, and the agenda with minutes."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from desktop.services.minutes.style import plain_text

    register_fonts()
    styles = _styles()
    meeting = data.meeting
    end = meeting.start + timedelta(minutes=meeting.duration_minutes)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Notice: {reference}").format(reference=meeting.case_reference),
        author="Ansvarsgruppe",
        initialFontName=FONT_NAME,
        lang=babel_locale().replace("_", "-"),  # screen readers and hyphenation: nb-NO, nn-NO, en-GB
    )
    story: list[Any] = []
    meeting_type = label(MeetingType(meeting.type))
    story.append(
        Paragraph(
            _esc(
                _("Cancelled: {meeting_type}").format(meeting_type=meeting_type)
                if data.is_cancelled
                else _("Notice: {meeting_type}").format(meeting_type=meeting_type)
            ),
            styles["title"],
        )
    )
    if data.is_cancelled:
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph(_esc(_("The responsibility group meeting is cancelled.")), styles["body"]))
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            _esc(
                _("Case {reference} · the responsibility group of {name}").format(
                    reference=meeting.case_reference, name=meeting.user_name
                )
            ),
            styles["small"],
        )
    )
    story.append(Spacer(1, 5 * mm))
    facts: list[tuple[str, str]] = [
        (
            _("When"),
            _("{start} to {end}").format(start=format_datetime(meeting.start), end=format_clock(end)),
        ),
    ]
    if meeting.place:
        facts.append((_("Where"), meeting.place))
    if meeting.video_note:
        facts.append((_("Video or phone"), meeting.video_note))
    contact = chair_contact(data)
    if meeting.facilitator_name:
        facts.append(
            (
                _("Chair"),
                _("{name} ({contact})").format(name=meeting.facilitator_name, contact=contact)
                if contact
                else meeting.facilitator_name,
            )
        )
    fact_rows = [
        [Paragraph(_esc(k), styles["cell_bold"]), Paragraph(_esc(v), styles["cell"])] for k, v in facts
    ]
    fact_table = Table(fact_rows, colWidths=[38 * mm, None])
    fact_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f1f5f9")),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#cbd5e1")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(fact_table)

    story.append(Paragraph(_esc(_("Invited")), styles["h2"]))
    invited_rows = [
        [
            Paragraph(_esc(r.name), styles["cell"]),
            Paragraph(
                _esc(", ".join(p for p in (label(PartyType(r.party)), r.organisation) if p)), styles["cell"]
            ),
        ]
        for r in data.recipients
    ]
    if invited_rows:
        invited = Table(invited_rows, colWidths=[60 * mm, None])
        invited.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#e2e8f0")),
                ]
            )
        )
        story.append(invited)
    if data.withheld:
        story.append(Spacer(1, 2 * mm))
        story.append(
            Paragraph(
                _esc(_("Some of those invited are not listed here, as agreed with the user.")),
                styles["small"],
            )
        )

    story.append(Paragraph(_esc(_("Agenda")), styles["h2"]))
    agenda_rows = [
        [
            Paragraph(_esc(_("Item")), styles["cell_bold"]),
            "",
            Paragraph(_esc(_("Min.")), styles["cell_bold"]),
        ]
    ]
    entries = list(data.agenda)
    for index, (number, entry) in enumerate(zip(item_numbers(entries), entries, strict=True)):
        # A top-level item shows its block's minutes (its sub-items' included); a sub-item is
        # indented beneath it with its own.
        minutes = entry.planned_minutes if entry.is_sub_item else block_minutes(entries, index)
        title = _esc(entry.title)
        agenda_rows.append(
            [
                Paragraph(number, styles["cell"]),
                Paragraph(title, styles["cell_sub"] if entry.is_sub_item else styles["cell"]),
                Paragraph(str(minutes), styles["cell_sub"] if entry.is_sub_item else styles["cell"]),
            ]
        )
    agenda_rows.append(
        [
            "",
            Paragraph(_esc(_("Total")), styles["cell_bold"]),
            Paragraph(str(total_minutes(list(data.agenda))), styles["cell_bold"]),
        ]
    )
    agenda = Table(agenda_rows, colWidths=[12 * mm, None, 20 * mm], repeatRows=1)
    agenda.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.HexColor("#334155")),
                ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.HexColor("#e2e8f0")),
                ("LINEABOVE", (0, -1), (-1, -1), 0.75, colors.HexColor("#334155")),
            ]
        )
    )
    story.append(agenda)
    story.append(Spacer(1, 6 * mm))
    if not data.is_cancelled:  # «if you cannot come» makes no sense on a cancellation
        story.append(
            Paragraph(
                _esc(
                    _(
                        "If you cannot come, please tell the chair, {name} ({contact}), as early as you can. "
                        "The user's own view comes first in the meeting."
                    ).format(name=meeting.facilitator_name, contact=contact)
                    if contact and meeting.facilitator_name
                    else _(
                        "If you cannot come, please tell the chair as early as you can. "
                        "The user's own view comes first in the meeting."
                    )
                ),
                styles["small"],
            )
        )

    reference = meeting.case_reference
    printed = format_long_date(clock.today())

    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Draws the footer once all pages are known, so that it can say «page x of y»."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setFont(FONT_NAME, 8)
            self.setFillColor(colors.HexColor("#64748b"))
            self.drawString(
                20 * mm,
                10 * mm,
                plain_text(_("Notice {reference} · made {date}").format(reference=reference, date=printed)),
            )
            self.drawRightString(
                A4[0] - 20 * mm,
                10 * mm,
                _("Page {page} of {pages}").format(page=self.getPageNumber(), pages=total),
            )
            self.restoreState()

    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
