"""The stored versions of a meeting's minutes, as rows: what they are, and which comes next.

A signed version is immutable and the next one replaces it; an unsigned export is a draft that
the next export takes the place of. Each signed version carries the SHA-256 of the case's signed
version before it (:func:`next_version` hands it on), so the series is tamper-evident.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from desktop.i18n import _, format_datetime
from desktop.models import MinutesVersion
from desktop.services.minutes.data import MinutesData

#: Newest version of one meeting first (a draft and a signed version can share a number).
NEWEST_FIRST = (col(MinutesVersion.version).desc(), col(MinutesVersion.id).desc())
#: Every column of a stored version but the PDF (lists must not load megabytes of PDFs).
WITHOUT_PDF = defer(MinutesVersion.pdf)  # type: ignore[arg-type]  # SQLModel types the column as bytes


@dataclass(frozen=True)
class VersionRow:
    id: int
    meeting_id: int
    case_id: int
    version: int
    language: str
    created_at: datetime
    signed_at: datetime | None
    signer: str
    sha256: str
    previous_sha256: str
    replaces_id: int | None
    replaces_version: int | None
    file_name: str
    #: Why this version replaces the one before (issue 19); empty for a first version.
    reason: str = ""

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


@dataclass(frozen=True)
class VersionHead:
    """The id and number of a stored version (what a new version replaces)."""

    id: int
    version: int


@dataclass(frozen=True)
class SignedHead:
    """The newest signed version of a meeting, as much as a rendering of it needs."""

    row: VersionRow
    content_sha256: str
    reason: str


def content_hash(data: MinutesData) -> str:
    """SHA-256 of what the minutes say, the same in every language and on every day.

    Left out: the meeting's status (signing changes it from held to signed) and the day the
    distribution was worked out (the export day); everything printed from the data stays in.
    """
    payload = dataclasses.asdict(dataclasses.replace(data, facts=dataclasses.replace(data.facts, status="")))
    payload["distribution"].pop("decided_on", None)
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_row(v: MinutesVersion, replaces_version: int | None) -> VersionRow:
    return VersionRow(
        id=v.id or 0,
        meeting_id=v.meeting_id,
        case_id=v.case_id,
        version=v.version,
        language=v.language,
        created_at=v.created_at,
        signed_at=v.signed_at,
        signer=v.signer,
        sha256=v.sha256,
        previous_sha256=v.previous_sha256,
        replaces_id=v.replaces_id,
        replaces_version=replaces_version,
        file_name=v.file_name,
        reason=v.reason,
    )


def latest_signed(session: Session, meeting_id: int) -> SignedHead | None:
    """The newest signed version of the meeting (None: nothing signed yet)."""
    found = session.exec(
        select(MinutesVersion)
        .options(WITHOUT_PDF)
        .where(MinutesVersion.meeting_id == meeting_id, col(MinutesVersion.signed_at).is_not(None))
        .order_by(*NEWEST_FIRST)
        .limit(1)
    ).first()
    if found is None:
        return None
    replaced = (
        session.exec(select(MinutesVersion.version).where(MinutesVersion.id == found.replaces_id)).first()
        if found.replaces_id
        else None
    )
    return SignedHead(version_row(found, replaced), found.content_sha256, found.reason)


def next_version(session: Session, meeting_id: int, case_id: int) -> tuple[int, VersionHead | None, str]:
    """(version number, the signed version it replaces, previous signed hash of the case)."""
    latest = session.exec(
        select(
            MinutesVersion.id,
            MinutesVersion.version,
            MinutesVersion.signed_at,
            MinutesVersion.replaces_id,
        )
        .where(MinutesVersion.meeting_id == meeting_id)
        .order_by(*NEWEST_FIRST)
        .limit(1)
    ).first()
    last_signed_of_case = session.exec(
        select(MinutesVersion.sha256)
        .where(MinutesVersion.case_id == case_id, col(MinutesVersion.signed_at).is_not(None))
        .order_by(col(MinutesVersion.id).desc())
        .limit(1)
    ).first()
    previous_sha = str(last_signed_of_case) if last_signed_of_case else ""
    if latest is None:
        return 1, None, previous_sha
    latest_id, number, signed_at, replaces_id = latest
    assert latest_id is not None
    if signed_at is None:  # a draft: the next export takes its place
        replaced = (
            session.exec(select(MinutesVersion.version).where(MinutesVersion.id == replaces_id)).first()
            if replaces_id
            else None
        )
        return (
            number,
            VersionHead(replaces_id, replaced) if replaces_id and replaced is not None else None,
            previous_sha,
        )
    return number + 1, VersionHead(latest_id, number), previous_sha


def format_version_line(row: VersionRow) -> str:
    """One line for lists: "Version 2, signed <time> by <name> (replaces version 1)"."""
    if row.signed_at is not None:
        text = _("Version {n}, signed {time} by {name}").format(
            n=row.version, time=format_datetime(row.signed_at), name=row.signer
        )
    else:
        text = _("Version {n}, not signed").format(n=row.version)
    if row.replaces_version is not None and row.reason:
        text = _("{text} (replaces version {n}: {reason})").format(
            text=text, n=row.replaces_version, reason=row.reason
        )
    elif row.replaces_version is not None:
        text = _("{text} (replaces version {n})").format(text=text, n=row.replaces_version)
    return text
