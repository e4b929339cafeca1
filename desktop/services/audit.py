"""The audit trail: who did what, when, on which case. Never content.

Each event holds an action code, ids, the OS user and the facilitator profile (``actor``). The
user has a right to see who has opened and exported their case (innsyn):
:func:`case_audit` lists a case's events and :func:`export_audit` writes them as JSON or CSV.
"""

from __future__ import annotations

import getpass
import io
import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import col, select

from desktop.errors import NotFoundError, UserError
from desktop.i18n import N_, _
from desktop.models import AuditEvent, Case
from desktop.models.base import now
from desktop.models.enums import AuditAction

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlmodel import Session

    from desktop.db import Database

log = logging.getLogger(__name__)

ACTION_LABELS: dict[str, str] = {
    AuditAction.CASE_CREATED.value: N_("Case created"),
    AuditAction.CASE_OPENED.value: N_("Case opened"),
    AuditAction.CASE_DELETED.value: N_("Case deleted"),
    AuditAction.MEETING_CREATED.value: N_("Meeting planned"),
    AuditAction.MEETING_CLOSED.value: N_("Meeting closed"),
    AuditAction.NOTICE_EXPORTED.value: N_("Notice exported"),
    AuditAction.MINUTES_EXPORTED.value: N_("Minutes exported"),
    AuditAction.MINUTES_SIGNED.value: N_("Minutes signed"),
    AuditAction.HANDOVER_IMPORTED.value: N_("Coordination handover imported"),
    AuditAction.PRINTED.value: N_("Printed"),
    AuditAction.COPY_FULL.value: N_("Full minutes given to a member"),
    AuditAction.COPY_LIMITED.value: N_("Limited minutes given to a member"),
    AuditAction.COPY_OWN_TASKS.value: N_("Own tasks given to a member"),
    AuditAction.COPY_PRINTED.value: N_("A member's copy printed"),
    AuditAction.HANDOVER_EXPORTED.value: N_("Handover copy made for a new coordinator"),
    AuditAction.BACKUP_CREATED.value: N_("Backup made"),
    AuditAction.DEMO_CREATED.value: N_("Demo data created"),
    AuditAction.MINUTES_RENDERED.value: N_("Minutes copied in another language"),
    AuditAction.CASE_PURGED.value: N_("Case purged after its retention period"),
}
EXPORT_FORMATS = ("json", "csv")


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return ""


def record(
    session: Session,
    action: AuditAction,
    *,
    case_id: int | None = None,
    meeting_id: int | None = None,
    actor: str = "",
    member_id: int | None = None,
) -> None:
    """Add one event to ``session``: it is stored with the rest of the session's transaction.

    ``member_id``: the member a copy of the minutes went to (issue 18).
    """
    session.add(
        AuditEvent(
            action=action,
            case_id=case_id,
            meeting_id=meeting_id,
            os_user=os_user(),
            actor=actor,
            member_id=member_id,
        )
    )
    _log(action, case_id, meeting_id)


def record_on(
    connection: Connection, action: AuditAction, *, case_id: int | None = None, actor: str = ""
) -> None:
    """:func:`record` for a Core connection inside its transaction (the purge works in Core)."""
    table = AuditEvent.__table__  # type: ignore[attr-defined]  # SQLModel declares it at runtime
    connection.execute(
        table.insert().values(
            at=now(), action=action, case_id=case_id, meeting_id=None, os_user=os_user(), actor=actor
        )
    )
    _log(action, case_id, None)


def _log(action: AuditAction, case_id: int | None, meeting_id: int | None) -> None:
    """Ids and the action code only: never names or content."""
    log.info("audit: %s (case=%s, meeting=%s)", getattr(action, "value", action), case_id, meeting_id)


def action_label(action: str) -> str:
    """The translated words for an action code (the code itself for an unknown one)."""
    text = ACTION_LABELS.get(str(getattr(action, "value", action)))
    return _(text) if text is not None else str(action)


@dataclass(frozen=True)
class AuditEntry:
    """One audit event as shown to the user: when, who, what (code and words), which meeting."""

    id: int
    at: datetime
    action: str
    action_text: str
    os_user: str
    actor: str
    case_id: int | None
    meeting_id: int | None
    member_id: int | None = None  # the member a copy went to


def case_audit(db: Database, case_id: int) -> list[AuditEntry]:
    """Every audit event of one case, oldest first. Unknown case: :class:`NotFoundError`."""
    with db.session() as session:
        if session.get(Case, case_id) is None:
            raise NotFoundError(_("There is no case with id {id}.").format(id=case_id))
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.case_id == case_id)
            .order_by(col(AuditEvent.at), col(AuditEvent.id))
        ).all()
    return [
        AuditEntry(
            id=e.id or 0,
            at=e.at,
            action=e.action.value,
            action_text=action_label(e.action),
            os_user=e.os_user,
            actor=e.actor,
            case_id=e.case_id,
            meeting_id=e.meeting_id,
            member_id=e.member_id,
        )
        for e in events
    ]


def _row(entry: AuditEntry) -> dict[str, object]:
    data = asdict(entry)
    data["at"] = entry.at.isoformat(timespec="seconds")
    return data


def export_audit(entries: list[AuditEntry], fmt: str = "json") -> str:
    """The entries as JSON (a list of objects) or CSV (a header line, UTF-8, comma-separated)."""
    if fmt == "json":
        return json.dumps([_row(e) for e in entries], ensure_ascii=False, indent=2)
    if fmt == "csv":
        import csv  # only the audit export writes CSV; every command that records an event imports this module

        out = io.StringIO()
        fields = list(AuditEntry.__dataclass_fields__)
        writer = csv.DictWriter(
            out, fieldnames=fields, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
        )  # CRLF: a lone \r in a field gets quoted too
        writer.writeheader()
        for entry in entries:
            writer.writerow(_row(entry))
        return out.getvalue()
    raise UserError(_("Unknown format {format}: use json or csv.").format(format=fmt))


def record_case_opened(db: Database, case_id: int, *, actor: str = "") -> None:
    """Note that a case was opened in the GUI (a failure is logged; it never blocks the user)."""
    try:
        with db.session() as session:
            record(session, AuditAction.CASE_OPENED, case_id=case_id, actor=actor)
    except (UserError, Exception):  # noqa: BLE001 - auditing must not stop the coordinator's work
        log.warning("could not record that a case was opened (case=%s)", case_id)
