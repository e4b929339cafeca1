"""The meeting notice as a PDF: when and where, who is invited, and the agenda with minutes.

ReportLab is imported inside the functions that draw, so the GUI starts without it; the shipped
Noto Sans is embedded and set as the canvas base font so that no Helvetica appears in the file.
The PDF says its language; its footer carries the case reference, never a name.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desktop import clock
from desktop.i18n import _, babel_locale, format_clock, format_datetime, format_long_date
from desktop.models.enums import MeetingType, PartyType, label
from desktop.services.meeting.agenda_tree import block_minutes, item_numbers, total_minutes
from desktop.services.meeting.notice_data import NoticeData, chair_contact
from desktop.services.minutes.page_canvas import PageDecoration, numbered_canvas

FONT_NAME = "NotoSans"


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

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    register_fonts()
    styles = _styles()
    meeting = data.meeting
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
    story: list[Any] = [
        *_heading(data, styles),
        _facts_table(data, styles),
        *_invited(data, styles),
        *_agenda(data, styles),
        Spacer(1, 6 * mm),
        *_if_you_cannot_come(data, styles),
    ]
    doc.build(story, canvasmaker=numbered_canvas(_footer(meeting.case_reference)))
    return buffer.getvalue()


def _heading(data: NoticeData, styles: dict[str, Any]) -> list[Any]:
    """The title (notice or cancellation) and the case line beneath it."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    meeting = data.meeting
    meeting_type = label(MeetingType(meeting.type))
    title = (
        _("Cancelled: {meeting_type}").format(meeting_type=meeting_type)
        if data.is_cancelled
        else _("Notice: {meeting_type}").format(meeting_type=meeting_type)
    )
    flow: list[Any] = [Paragraph(_esc(title), styles["title"])]
    if data.is_cancelled:
        flow.append(Spacer(1, 2 * mm))
        flow.append(Paragraph(_esc(_("The responsibility group meeting is cancelled.")), styles["body"]))
    case_line = _("Case {reference} · the responsibility group of {name}").format(
        reference=meeting.case_reference, name=meeting.user_name
    )
    flow += [Spacer(1, 2 * mm), Paragraph(_esc(case_line), styles["small"]), Spacer(1, 5 * mm)]
    return flow


def _facts_table(data: NoticeData, styles: dict[str, Any]) -> Any:
    """When, where, by video or phone, and who chairs (with how to reach them)."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    meeting = data.meeting
    end = meeting.start + timedelta(minutes=meeting.duration_minutes)
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
    return fact_table


def _invited(data: NoticeData, styles: dict[str, Any]) -> list[Any]:
    """Those invited who may receive the notice, and a line when some are left out."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    flow: list[Any] = [Paragraph(_esc(_("Invited")), styles["h2"])]
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
        flow.append(invited)
    if data.withheld:
        flow.append(Spacer(1, 2 * mm))
        flow.append(
            Paragraph(
                _esc(_("Some of those invited are not listed here, as agreed with the user.")),
                styles["small"],
            )
        )
    return flow


def _agenda(data: NoticeData, styles: dict[str, Any]) -> list[Any]:
    """The agenda: numbered items with their minutes, sub-items indented, and the total."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    agenda_rows: list[list[Any]] = [
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
        style = styles["cell_sub"] if entry.is_sub_item else styles["cell"]
        agenda_rows.append(
            [
                Paragraph(number, styles["cell"]),
                Paragraph(_esc(entry.title), style),
                Paragraph(str(minutes), style),
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
    return [Paragraph(_esc(_("Agenda")), styles["h2"]), agenda]


def _if_you_cannot_come(data: NoticeData, styles: dict[str, Any]) -> list[Any]:
    """Whom to tell when one cannot come; nothing on a cancellation."""
    from reportlab.platypus import Paragraph

    if data.is_cancelled:
        return []
    meeting, contact = data.meeting, chair_contact(data)
    text = (
        _(
            "If you cannot come, please tell the chair, {name} ({contact}), as early as you can. "
            "The user's own view comes first in the meeting."
        ).format(name=meeting.facilitator_name, contact=contact)
        if contact and meeting.facilitator_name
        else _(
            "If you cannot come, please tell the chair as early as you can. "
            "The user's own view comes first in the meeting."
        )
    )
    return [Paragraph(_esc(text), styles["small"])]


def _footer(reference: str) -> PageDecoration:
    """The footer: which notice and when it was made, and «page x of y»."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from desktop.services.minutes.style import plain_text

    printed = format_long_date(clock.today())
    made = plain_text(_("Notice {reference} · made {date}").format(reference=reference, date=printed))

    def draw(canvas: Any, total: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT_NAME, 8)
        canvas.setFillColor(colors.HexColor("#64748b"))
        canvas.drawString(20 * mm, 10 * mm, made)
        canvas.drawRightString(
            A4[0] - 20 * mm,
            10 * mm,
            _("Page {page} of {pages}").format(page=canvas.getPageNumber(), pages=total),
        )
        canvas.restoreState()

    return draw
