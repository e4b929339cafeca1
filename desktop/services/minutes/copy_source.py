"""The stored version every copy of the minutes is made from, and whether it still says it all.

A copy is a rendering of a stored version (``minutes_versions``), never a new version: it prints
that version's number and SHA-256 chain and the hash of the version it was made from. The copies
show the meeting's newest signed version; without one, the minutes are exported first.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.models import MinutesVersion
from desktop.services.case.consent import Reason, members_and_consents
from desktop.services.case.withholding import withholdings_of_case
from desktop.services.minutes.data import MinutesData
from desktop.services.minutes.distribution import Distribution, decide
from desktop.services.minutes.versions import MinutesService, SigningKey

if TYPE_CHECKING:
    from desktop.services.minutes.signing_keys import OpenedKey


@dataclass(frozen=True)
class StoredVersion:
    """The version the copies are made from."""

    id: int
    meeting_id: int
    case_id: int
    version: int
    replaces_version: int | None
    sha256: str
    previous_sha256: str
    is_signed: bool
    signed_on: date | None = None
    content_sha256: str = ""  # what the minutes said when it was made (minutes_versions.content_hash)
    reason: str = ""  # why it replaces the version before (printed on every copy, as on the version)


def stored_version(
    db: Database,
    meeting_id: int,
    *,
    lang: str = "nb",
    key: SigningKey | None = None,
    opened: OpenedKey | None = None,
    today: date | None = None,
) -> StoredVersion:
    """The newest signed version of the meeting; without one, the minutes are exported (and
    signed with ``key``) first, so that every copy shows a stored version."""
    found = _newest(db, meeting_id, signed_only=True)
    if found is None:
        MinutesService(db).export(meeting_id, lang=lang, key=key, opened=opened, today=today)
        found = _newest(db, meeting_id, signed_only=False)
    assert found is not None
    return found


def _newest(db: Database, meeting_id: int, *, signed_only: bool) -> StoredVersion | None:
    with db.session() as session:
        query = select(  # type: ignore[call-overload]  # sqlmodel types select() for at most 4 columns
                       MinutesVersion.id, MinutesVersion.version, MinutesVersion.replaces_id,
                       MinutesVersion.sha256, MinutesVersion.previous_sha256, MinutesVersion.signed_at,
                       MinutesVersion.case_id, MinutesVersion.content_sha256, MinutesVersion.reason,
                       ).where(MinutesVersion.meeting_id == meeting_id)  # fmt: skip
        if signed_only:
            query = query.where(col(MinutesVersion.signed_at).is_not(None))
        row = session.exec(
            query.order_by(col(MinutesVersion.version).desc(), col(MinutesVersion.id).desc())
        ).first()
        if row is None:
            return None
        version_id, number, replaces_id, sha, previous, signed_at, case_id, content, reason = row
        replaced = (
            session.exec(select(MinutesVersion.version).where(MinutesVersion.id == replaces_id)).first()
            if replaces_id
            else None
        )
    assert version_id is not None
    return StoredVersion(
        id=version_id,
        meeting_id=meeting_id,
        case_id=case_id,
        version=number,
        replaces_version=replaced,
        sha256=sha,
        previous_sha256=previous,
        is_signed=signed_at is not None,
        signed_on=signed_at.date() if signed_at is not None else None,
        content_sha256=content or "",
        reason=reason or "",
    )


def may_have_changed(db: Database, version: StoredVersion, data: MinutesData) -> bool:
    """Whether what the minutes say now may differ from the signed ``version`` the copies show.

    The version's content hash covers the distribution list as it stood then; a consent changed
    since (which the copies must follow, R4) changes it too. So the minutes count as unchanged
    when their content matches with today's list or with the list as of the signing day; only
    when neither matches is the coordinator told to sign a new version. Unknown for versions
    made before content hashes were stored: then False.
    """
    from desktop.services.minutes.version_history import content_hash

    if not version.is_signed or not version.content_sha256:
        return False
    if content_hash(data) == version.content_sha256:
        return False
    then = _distribution_as_signed(db, version.case_id, version.signed_on or clock.today())
    return content_hash(dataclasses.replace(data, distribution=then)) != version.content_sha256


def _distribution_as_signed(db: Database, case_id: int, day: date) -> Distribution:
    """The distribution list as it stood when the version was signed on ``day``, as far as the
    consents tell: a consent withdrawn since (on that day or later) counts as given then. (One
    withdrawn earlier on the signing day was already out then, and today's list matches.)"""
    from desktop.models import Consent
    from desktop.models.enums import ConsentStatus

    with db.session() as session:
        members, consents = members_and_consents(session, case_id)
        withheld = withholdings_of_case(session, case_id)
    then = [
        Consent(
            member_id=c.member_id,
            scope=c.scope,
            status=ConsentStatus.GIVEN,
            given_on=c.given_on,
            limitation=c.limitation,
        )  # fmt: skip
        if c.status == ConsentStatus.WITHDRAWN and c.withdrawn_on is not None and c.withdrawn_on >= day
        else c
        for c in consents
    ]
    recipients = [decide(m, then, day, has_withholdings=withheld.applies_to(m)) for m in members]
    recipients.sort(key=lambda r: (r.reason != Reason.USER, not r.is_included))
    return Distribution(recipients=tuple(recipients), decided_on=day)
