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
from dataclasses import dataclass
from pathlib import Path

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.services.meeting.notice_data import notice_data
from desktop.services.meeting.notice_ics import render_notice_ics
from desktop.services.meeting.notice_pdf import render_notice_pdf
from desktop.services.meeting.planning import MeetingInfo, MeetingService
from desktop.services.minutes.files import write_private


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
