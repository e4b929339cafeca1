"""Signed minutes and the audit trail."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import NaiveDatetime
from sqlmodel import Field

from desktop.models.base import Table, enum_field, now, text_field
from desktop.models.enums import AuditAction, ConfirmationChannel, ConfirmationVerdict


class MinutesVersion(Table, table=True):
    """One exported (and usually signed) version of a meeting's minutes. Immutable once signed.

    ``previous_sha256`` is the hash of the previous signed version of the same case's minutes, so
    the series is tamper-evident; a correction sets ``replaces_id`` and says why in ``reason``.
    ``content_sha256`` is the hash of the minutes data it was rendered from, whatever the
    language: the same content in another language is a rendering of this version, not a new one.
    Database triggers refuse any UPDATE or DELETE of a signed row (migration 0008).
    """

    __tablename__ = "minutes_version"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    version: int = 1
    language: str = Field(default="nb", max_length=8)
    created_at: NaiveDatetime = Field(default_factory=now)
    signed_at: NaiveDatetime | None = None
    signer: str = Field(default="", max_length=200)
    sha256: str = Field(default="", max_length=64)
    previous_sha256: str = Field(default="", max_length=64)
    replaces_id: int | None = Field(default=None, foreign_key="minutes_version.id", ondelete="SET NULL")
    file_name: str = Field(default="", max_length=200)
    # Why a replacing version was made (printed on it); empty for a first version.
    reason: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    content_sha256: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    pdf: bytes | None = Field(default=None, sa_type=sa.LargeBinary, nullable=True)


class AuditEvent(Table, table=True):
    """Who did what, when, on which case. Never content: only an action code and ids."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: NaiveDatetime = Field(default_factory=now, index=True)
    os_user: str = Field(default="", max_length=120)
    actor: str = Field(default="", max_length=200)
    action: AuditAction = enum_field(AuditAction)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True, ondelete="SET NULL")
    # A soft link like member_id (migration 0010): purging a case deletes its meetings, and the
    # audit trail must still say which meeting each event concerned.
    meeting_id: int | None = None
    # The member a copy of the minutes went to (a soft link: the trail outlives the member).
    member_id: int | None = None


class Attestation(Table, table=True):
    """A participant's confirmation of the minutes (printed in the signed PDF).

    ``name`` is copied at approval time so that the list stays true if a member is later removed.
    ``approved_at`` is when the person answered; ``recorded_at`` when the coordinator wrote it down
    (the same moment in the room, later for a confirmation by phone, in person or in writing).
    """

    __tablename__ = "attestation"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    name: str = Field(default="", max_length=200)
    approved_at: NaiveDatetime = Field(default_factory=now)
    verdict: ConfirmationVerdict = enum_field(ConfirmationVerdict, ConfirmationVerdict.AGREES)
    comment: str = text_field()
    channel: ConfirmationChannel = enum_field(ConfirmationChannel, ConfirmationChannel.IN_ROOM)
    recorded_at: NaiveDatetime = Field(default_factory=now)


@sa.event.listens_for(MinutesVersion, "before_update")
def _refuse_changes_to_signed(_mapper: object, _connection: object, target: MinutesVersion) -> None:
    """Signed minutes are immutable, whoever tries through the ORM (defence in depth under the service)."""
    from desktop.errors import ImmutableVersionError
    from desktop.i18n import _

    history = sa.inspect(target).attrs.signed_at.history
    was_signed = bool(history.deleted and history.deleted[0] is not None) or (
        not history.has_changes() and target.signed_at is not None
    )
    if was_signed:
        raise ImmutableVersionError(_("Signed minutes cannot be changed. Make a new version instead."))


#: Marker text of each trigger's RAISE (migration 0008) -> the error it means.
_TRIGGER_MARKERS: tuple[tuple[str, str], ...] = (  # the case's marker contains a version's: first
    ("a case with signed minutes cannot be deleted", "case"),
    ("signed minutes cannot be changed", "version"),
    ("signed minutes cannot be deleted", "version"),
    ("only a closed case can be purged, once", "purge"),
)


def records_refusal(error: BaseException | None) -> Exception | None:
    """The translated error for a database error raised by one of the records triggers, else None.

    The triggers speak English markers (SQLite has no translations); services and the GUI get
    :class:`~desktop.errors.ImmutableVersionError` or :class:`~desktop.errors.RecordsKeptError`.
    """
    from desktop.errors import ImmutableVersionError, RecordsKeptError
    from desktop.i18n import _

    text = str(error) if error is not None else ""
    if "ansvarsgruppe:" not in text:
        return None
    kind = next((k for marker, k in _TRIGGER_MARKERS if marker in text), None)
    if kind == "version":
        return ImmutableVersionError(_("Signed minutes cannot be changed. Make a new version instead."))
    if kind == "case":
        return RecordsKeptError(
            _(
                "This case has signed minutes, which are records: it cannot be deleted. "
                "Close the case instead; it can be purged when its retention period is over."
            )
        )
    if kind == "purge":
        return RecordsKeptError(_("Only a closed case can be purged, and only once."))
    return None
