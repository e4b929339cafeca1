"""The meeting notice as an ``.ics`` invitation (RFC 5546).

The calendar entry is titled neutrally («Ansvarsgruppemøte (AG-…)»): a meeting type such as
«Utskrivningsmøte» in a shared calendar would reveal an inpatient stay. The UID is the meeting's
stored random UUID (ids and references restart in every installation, so they collide between
coordinators), ORGANIZER is the chair or coordinator, SEQUENCE rises with every change after the
first notice, and a cancelled meeting's notice is a ``METHOD:CANCEL``.
"""

from __future__ import annotations

from datetime import timedelta

from desktop import clock
from desktop.i18n import _
from desktop.services.meeting.notice_data import NoticeData
from desktop.services.meeting.planning import MeetingInfo

TIMEZONE = "Europe/Oslo"
UID_DOMAIN = "ansvarsgruppe.invalid"
#: RFC 5545 wants ORGANIZER as a cal-address (a URI); with no e-mail known, a reserved name
#: (RFC 2606 ``.invalid``) that no mail ever reaches, beside the organiser's name as CN.
NO_REPLY_ADDRESS = "noreply@ansvarsgruppe.invalid"


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
    ical: bytes = cal.to_ical()
    return ical
