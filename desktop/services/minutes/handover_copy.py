"""The handover copy: the full minutes for the service that takes over coordination (issue 18).

:func:`export_handover` writes the case's newest held meeting's minutes with the handover data
embedded (the group, the plan and the history, built by :mod:`.handover_build`), sealed like
every copy, but only when the person has consented to transferring the plan to a new
coordinator. The file name carries the case reference, the date and the version, never a name:
``referat-<case ref>-<date>-v<n>-handover.pdf``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Meeting, Member
from desktop.models.enums import AuditAction, MeetingStatus
from desktop.services.audit import record
from desktop.services.case.consent import may_transfer, members_and_consents
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.copies import copy_version_info
from desktop.services.minutes.copy_source import StoredVersion, stored_version
from desktop.services.minutes.files import write_atomically
from desktop.services.minutes.sealing import Sealer, open_signing_key, render_and_seal
from desktop.services.minutes.versions import SigningKey

if TYPE_CHECKING:
    from desktop.services.minutes.signing_keys import OpenedKey


@dataclass(frozen=True)
class HandoverResult:
    path: Path
    version: StoredVersion
    member_id: int
    sha256: str


class NoTransferConsentError(UserError):
    """The person has not consented to transferring the plan to a new coordinator."""


def transfer_recipient(db: Database, case_id: int, today: date) -> Member | None:
    """The member the person has consented to transfer the plan to (the first, if several)."""
    with db.session() as session:
        members, consents = members_and_consents(session, case_id)
    return next((m for m in members if may_transfer(m, consents, today)), None)


def newest_held_meeting(db: Database, case_id: int) -> int:
    with db.session() as session:
        found = session.exec(
            select(Meeting.id)
            .where(
                Meeting.case_id == case_id,
                col(Meeting.status).in_((MeetingStatus.HELD, MeetingStatus.SIGNED)),
            )
            .order_by(col(Meeting.start).desc(), col(Meeting.id).desc())
            .limit(1)
        ).first()
    if found is None:
        raise NotFoundError(_("The case has no held meeting, so there are no minutes to hand over."))
    return int(found)


def export_handover(
    db: Database,
    case_id: int,
    out: Path,
    *,
    lang: str = "nb",
    key: SigningKey | None = None,
    opened: OpenedKey | None = None,
    today: date | None = None,
) -> HandoverResult:
    """Write the handover copy of the case's newest held meeting to ``out``.

    Refused (:class:`NoTransferConsentError`) unless the person has consented to transferring the
    plan to a new coordinator: the embedded data hold the whole group, the plan and the history.
    """
    from desktop.services.minutes.handover_build import build_handover, to_json_bytes
    from desktop.services.minutes.pdf import language

    today = today or clock.today()
    with db.session() as session:
        from desktop.models import Case

        if session.get(Case, case_id) is None:
            raise NotFoundError(_("There is no case with id {id}.").format(id=case_id))
    recipient = transfer_recipient(db, case_id, today)
    if recipient is None or recipient.id is None:
        raise NoTransferConsentError(
            _(
                "No handover copy was made: the person has not consented to transferring the plan to a "
                "new coordinator. Record that consent for the service taking over, then try again."
            )
        )
    meeting_id = newest_held_meeting(db, case_id)
    sealer = Sealer(key, open_signing_key(key, opened))
    version = stored_version(db, meeting_id, lang=lang, key=key, opened=sealer.opened, today=today)
    data = load_minutes_data(db, meeting_id, today=today)
    with language(lang):
        notice = _(
            "Handover copy for the service that takes over coordination, with {name}'s consent."
        ).format(name=data.facts.user_first_name)
    info = copy_version_info(version, copy_notice=notice, carries_handover=True, reason=version.reason)
    attachment = to_json_bytes(build_handover(db, meeting_id, language=lang))
    pdf = render_and_seal(data, lang, info, sealer, attachment=attachment).pdf
    write_atomically(Path(out), pdf)
    with db.session() as session:
        record(session, AuditAction.HANDOVER_EXPORTED, case_id=case_id, meeting_id=meeting_id,
               member_id=recipient.id)  # fmt: skip
    return HandoverResult(Path(out), version, recipient.id, hashlib.sha256(pdf).hexdigest())
