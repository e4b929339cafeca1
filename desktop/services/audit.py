"""The audit trail: who did what, when, on which case. Never content."""

from __future__ import annotations

import getpass

from sqlmodel import Session

from desktop.models import AuditEvent
from desktop.models.enums import AuditAction


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
) -> None:
    session.add(
        AuditEvent(action=action, case_id=case_id, meeting_id=meeting_id, os_user=os_user(), actor=actor)
    )
