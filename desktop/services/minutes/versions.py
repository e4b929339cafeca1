"""Exported and signed versions of the minutes: the one place that produces a minutes file.

Rules (issue 5, DOMAIN.md §5.5):
- Only a held meeting gets minutes. Signing sets the meeting to ``signed``.
- Every export is stored in ``MinutesVersion`` with its PDF bytes. An unsigned export is a draft:
  the next export replaces it. A signed version is immutable: a correction is a new version that
  names the one it replaces («erstatter versjon 1»).
- Each version stores, and prints, the SHA-256 of the previous signed version of the same case's
  minutes, so that the series is tamper-evident.
- File names are ``referat-<case ref>-<date>-v<n>.pdf``: never a person's name.
- Issue 19: a signed version replacing another needs a reason (stored and printed), and signing
  minutes whose content has not changed is refused. The content is the hash of the minutes data
  (:func:`content_hash`), not of the PDF (whose signature bytes differ on every signing).
- A language is a rendering of a version, not a new version: the same content in another
  language (or an unsigned copy) is rendered as the signed version it shows, written and
  audited (``minutes_rendered``), but not stored as a version row.

Rendering and sealing a PDF (the key, the stamp's words, the signature) is ``sealing.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Case, Meeting, Member, MinutesVersion
from desktop.models.enums import AuditAction, MeetingStatus, label
from desktop.services.audit import record
from desktop.services.meeting.lookups import get_meeting
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.data import MinutesData
from desktop.services.minutes.distribution import Distribution
from desktop.services.minutes.files import check_output, minutes_file_name, staged_write
from desktop.services.minutes.sealing import Sealer, open_signing_key, render_and_seal
from desktop.services.minutes.version_history import (
    WITHOUT_PDF,
    SignedHead,
    VersionHead,
    VersionRow,
    content_hash,
    latest_signed,
    next_version,
    version_row,
)

if TYPE_CHECKING:
    from desktop.services.minutes.pdf_story import VersionInfo
    from desktop.services.minutes.signing_keys import OpenedKey

EXPORTABLE_STATUSES = (MeetingStatus.HELD, MeetingStatus.SIGNED)


@dataclass(frozen=True)
class SigningKey:
    path: Path
    passphrase: str


@dataclass(frozen=True)
class ExportResult:
    version: VersionRow
    pdf: bytes
    path: Path | None
    page_count: int
    distribution: Distribution
    #: True when this file is a rendering of the stored signed ``version`` (another language, or
    #: an unsigned copy), not a version of its own: nothing new was stored.
    is_rendering: bool = False


class ReasonRequiredError(UserError):
    """A signed version would replace another: the coordinator must say why."""


class NothingChangedError(UserError):
    """The minutes are the same as in the signed version: signing them again is refused."""


@dataclass(frozen=True)
class ExportPlan:
    """What an export would make, asked before it (the GUI asks for a reason first).

    ``kind``: ``new`` (the first version, or its draft), ``replacing`` (a new version replacing
    ``replaces_version``: signing it needs a reason), ``rendering`` (the signed ``version`` in
    another language, or an unsigned copy of it), or ``unchanged`` (signing the same content in
    the same language again: refused).
    """

    kind: str
    version: int
    replaces_version: int | None


def clean_reason(reason: str) -> str:
    """The reason on one line, without surrounding space, at most 500 characters."""
    return " ".join(reason.split())[:500]


class MinutesService:
    """Export, sign and list the minutes of meetings."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- queries --------------------------------------------------------------------------
    def check_exportable(self, meeting_id: int) -> None:
        """Raise a clear UserError unless the meeting has been held (or already signed)."""
        meeting = self._meeting(meeting_id)
        if meeting.status not in EXPORTABLE_STATUSES:
            raise UserError(
                _(
                    "Minutes can only be made for a meeting that has been held. This meeting is: {status}."
                ).format(status=label(meeting.status))
            )

    def _meeting(self, meeting_id: int) -> Meeting:
        with self._db.session() as session:
            return get_meeting(session, meeting_id)

    def _version_rows(
        self, *where: Any, order_by: tuple[Any, ...] = (col(MinutesVersion.id),)
    ) -> list[VersionRow]:
        with self._db.session() as session:
            found = session.exec(
                select(MinutesVersion).options(WITHOUT_PDF).where(*where).order_by(*order_by)
            ).all()
        by_id = {r.id: r.version for r in found}
        return [version_row(r, by_id.get(r.replaces_id)) for r in found]

    def versions(self, meeting_id: int) -> list[VersionRow]:
        return self._version_rows(
            MinutesVersion.meeting_id == meeting_id,
            order_by=(col(MinutesVersion.version), col(MinutesVersion.id)),
        )

    def case_versions(self, case_id: int) -> list[VersionRow]:
        """All signed and draft versions of a case, oldest first (the hash chain's order)."""
        return self._version_rows(MinutesVersion.case_id == case_id)

    def pdf_bytes(self, version_id: int) -> bytes:
        with self._db.session() as session:
            pdf = session.exec(select(MinutesVersion.pdf).where(MinutesVersion.id == version_id)).first()
        if pdf is None:
            raise NotFoundError(_("There is no stored version with id {id}.").format(id=version_id))
        return bytes(pdf)

    def verify_chain(self, case_id: int) -> bool:
        """True when every signed version's ``previous_sha256`` is the hash of the signed one before it."""
        previous = ""
        with self._db.session() as session:
            signed = session.exec(
                select(MinutesVersion.pdf, MinutesVersion.sha256, MinutesVersion.previous_sha256)
                .where(MinutesVersion.case_id == case_id, col(MinutesVersion.signed_at).is_not(None))
                .order_by(col(MinutesVersion.id))
            ).all()
        for pdf, sha256, previous_sha256 in signed:
            if previous_sha256 != previous or hashlib.sha256(pdf or b"").hexdigest() != sha256:
                return False
            previous = sha256
        return True

    def facilitator_name(self, meeting_id: int) -> str:
        with self._db.session() as session:
            found = session.exec(
                select(Member.name)
                .join(Meeting, col(Meeting.facilitator_member_id) == Member.id)
                .where(Meeting.id == meeting_id)
            ).first()
        return str(found) if found else ""

    def next_version_number(self, meeting_id: int) -> int:
        """The number the next export of this meeting will get (a draft keeps its number)."""
        return self._next_version(meeting_id, self._meeting(meeting_id).case_id)[0]

    def next_file_name(self, meeting_id: int) -> str:
        """The file name the next export of this meeting gets (``minutes_file_name``)."""
        with self._db.session() as session:
            found = session.exec(
                select(Meeting.case_id, Meeting.start, Case.reference)
                .join(Case, col(Case.id) == Meeting.case_id)
                .where(Meeting.id == meeting_id)
            ).first()
        if found is None:
            raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
        case_id, start, reference = found
        return minutes_file_name(reference, start.date(), self._next_version(meeting_id, case_id)[0])

    def exportable_since(self, day: date) -> list[int]:
        """Ids of the held meetings whose minutes are not signed yet, starting on or after ``day``.

        Signed minutes are left out: exporting them again with a key would make a new signed
        version (a correction) of each; one is re-exported on purpose with ``--meeting``.
        """
        with self._db.session() as session:
            found = session.exec(
                select(Meeting.id)
                .where(
                    Meeting.status == MeetingStatus.HELD,
                    Meeting.start >= datetime.combine(day, datetime.min.time()),
                )
                .order_by(col(Meeting.start), col(Meeting.id))
            ).all()
        return [int(i) for i in found if i is not None]

    # -- export ---------------------------------------------------------------------------
    def preview(self, meeting_id: int, *, lang: str = "nb", today: date | None = None) -> bytes:
        """A draft rendering for the in-app preview; nothing is stored."""
        from desktop.services.minutes.pdf import render_minutes
        from desktop.services.minutes.pdf_story import VersionInfo

        self.check_exportable(meeting_id)
        data = load_minutes_data(self._db, meeting_id, today=today)
        head = self._latest_signed(meeting_id)
        if head is not None and head.content_sha256 == content_hash(data):  # shows the signed version
            return render_minutes(data, lang=lang, version=_rendering_info(head)).pdf
        number, replaces, previous_sha = self._next_version(meeting_id, data.facts.case_id)
        info = VersionInfo(version=number, replaces_version=replaces.version if replaces else None,
                           previous_sha256=previous_sha)  # fmt: skip
        return render_minutes(data, lang=lang, version=info).pdf

    def plan_export(
        self, meeting_id: int, *, lang: str = "nb", signed: bool = True, today: date | None = None
    ) -> ExportPlan:
        """What :meth:`export` would make now (see :class:`ExportPlan`); nothing is written."""
        self.check_exportable(meeting_id)
        data = load_minutes_data(self._db, meeting_id, today=today)
        head = self._latest_signed(meeting_id)
        if head is not None and head.content_sha256 == content_hash(data):
            kind = "unchanged" if signed and lang == head.row.language else "rendering"
            return ExportPlan(kind, head.row.version, head.row.replaces_version)
        number, replaces, _previous = self._next_version(meeting_id, data.facts.case_id)
        return ExportPlan("replacing" if replaces else "new", number, replaces.version if replaces else None)

    def _latest_signed(self, meeting_id: int) -> SignedHead | None:
        with self._db.session() as session:
            return latest_signed(session, meeting_id)

    def _next_version(self, meeting_id: int, case_id: int) -> tuple[int, VersionHead | None, str]:
        with self._db.session() as session:
            return next_version(session, meeting_id, case_id)

    def export(
        self,
        meeting_id: int,
        *,
        lang: str = "nb",
        key: SigningKey | None = None,
        out: Path | None = None,
        today: date | None = None,
        opened: OpenedKey | None = None,
        reason: str = "",
    ) -> ExportResult:
        """Render, sign when ``key`` is given, store, and write ``out`` (no handover data: issue 18).

        ``opened`` is ``key`` already opened (``signing_keys.open_key``): a batch opens it once.
        ``reason``: why this version replaces the signed one before it; required when it is
        signed (:class:`ReasonRequiredError`). Minutes whose content is that of the newest signed
        version are a rendering of it (another language, an unsigned copy: nothing is stored), or,
        signed again in the same language, refused (:class:`NothingChangedError`).
        """
        self.check_exportable(meeting_id)
        if out is not None:
            check_output(out)
        data = load_minutes_data(self._db, meeting_id, today=today)
        content = content_hash(data)
        head = self._latest_signed(meeting_id)
        if head is not None and head.content_sha256 == content:
            if key is not None and lang == head.row.language:
                raise NothingChangedError(
                    _(
                        "Nothing in the minutes has changed since version {n} was signed, so no new version "
                        "is made. Save a copy of version {n} from the list of versions instead."
                    ).format(n=head.row.version)
                )
            return self._export_rendering(data, head, lang, key, out, opened)
        number, replaces, previous_sha = self._next_version(meeting_id, data.facts.case_id)
        reason = _replacing_reason(reason, replaces, number, signed=key is not None)
        opened = open_signing_key(key, opened)  # a wrong passphrase stops here
        pdf, page_count, signed_at, signer_name = self._render_and_sign(
            data, lang, number, replaces, previous_sha, key, opened, reason=reason
        )
        with staged_write(out, pdf):
            version = self._store(
                data, number, replaces, previous_sha, lang, pdf, signed_at, signer_name, reason, content
            )
        return ExportResult(
            version=version, pdf=pdf, path=out, page_count=page_count, distribution=data.distribution
        )

    def _render_and_sign(
        self,
        data: MinutesData,
        lang: str,
        number: int,
        replaces: VersionHead | None,
        previous_sha: str,
        key: SigningKey | None,
        opened: OpenedKey | None,
        *,
        reason: str = "",
        info: VersionInfo | None = None,
    ) -> tuple[bytes, int, datetime | None, str]:
        """The final PDF bytes, its pages, when it was signed (None: not signed) and by whom.

        ``info`` (a rendering): what the document says about its version, instead of ``number``…
        Ordinary minutes carry no handover data: only the handover copy does (issue 18,
        ``handover_copy.py``), and only with the person's transfer consent.
        """
        from desktop.services.minutes.pdf_story import VersionInfo

        info = info or VersionInfo(
            version=number,
            replaces_version=replaces.version if replaces else None,
            previous_sha256=previous_sha,
            reason=reason,
        )
        sealed = render_and_seal(data, lang, info, Sealer(key, opened))
        return sealed.pdf, sealed.page_count, sealed.signed_at, sealed.signer_name

    def _export_rendering(
        self,
        data: MinutesData,
        head: SignedHead,
        lang: str,
        key: SigningKey | None,
        out: Path | None,
        opened: OpenedKey | None,
    ) -> ExportResult:
        """The signed version ``head`` rendered again (another language, or an unsigned copy).

        Signed when a key is given, written to ``out`` and recorded in the audit log, but not
        stored: the version is the stored one, this file one of its renderings.
        """
        opened = open_signing_key(key, opened)
        row = head.row
        pdf, page_count, signed_at, signer_name = self._render_and_sign(
            data, lang, row.version, None, row.previous_sha256, key, opened, info=_rendering_info(head)
        )
        with staged_write(out, pdf), self._db.session() as session:
            record(session, AuditAction.MINUTES_RENDERED, case_id=row.case_id, meeting_id=row.meeting_id)
        name = row.file_name if lang == row.language else row.file_name.replace(".pdf", f"-{lang}.pdf")
        rendering = dataclasses.replace(
            row,
            language=lang,
            created_at=clock.now(),
            signed_at=signed_at,
            signer=signer_name,
            sha256=hashlib.sha256(pdf).hexdigest(),
            file_name=name,
        )
        return ExportResult(
            version=rendering,
            pdf=pdf,
            path=out,
            page_count=page_count,
            distribution=data.distribution,
            is_rendering=True,
        )

    def _store(
        self,
        data: MinutesData,
        number: int,
        replaces: VersionHead | None,
        previous_sha: str,
        lang: str,
        pdf: bytes,
        signed_at: datetime | None,
        signer: str,
        reason: str = "",
        content: str = "",
    ) -> VersionRow:
        facts = data.facts
        digest = hashlib.sha256(pdf).hexdigest()
        version = MinutesVersion(
            meeting_id=facts.meeting_id,
            case_id=facts.case_id,
            version=number,
            language=lang,
            created_at=clock.now(),
            signed_at=signed_at,
            signer=signer,
            sha256=digest,
            previous_sha256=previous_sha,
            replaces_id=replaces.id if replaces else None,
            file_name=minutes_file_name(facts.case_reference, facts.start.date(), number),
            reason=reason,
            content_sha256=content,
            pdf=pdf,
        )
        # The version row holds the whole PDF, so this is the write a nearly full disk refuses: the
        # session rolls it back (the earlier draft and versions stay) and raises DiskFullError.
        with self._db.session() as session:
            # The draft of this number is replaced, never a signed version.
            session.execute(
                sa.delete(MinutesVersion).where(
                    col(MinutesVersion.meeting_id) == facts.meeting_id,
                    col(MinutesVersion.version) == number,
                    col(MinutesVersion.signed_at).is_(None),
                )
            )
            session.add(version)
            if signed_at is not None:
                session.execute(
                    sa.update(Meeting)
                    .where(col(Meeting.id) == facts.meeting_id)
                    .values(status=MeetingStatus.SIGNED)
                )
            record(
                session,
                AuditAction.MINUTES_SIGNED if signed_at else AuditAction.MINUTES_EXPORTED,
                case_id=facts.case_id,
                meeting_id=facts.meeting_id,
            )
        return version_row(version, replaces.version if replaces else None)


def _replacing_reason(reason: str, replaces: VersionHead | None, number: int, *, signed: bool) -> str:
    """The reason a new version replaces a signed one, cleaned; required when it is signed."""
    reason = clean_reason(reason) if replaces is not None else ""
    if replaces is not None and signed and not reason:
        raise ReasonRequiredError(
            _(
                "Version {n} is signed. Say why version {next} replaces it: the reason is printed on it."
            ).format(n=replaces.version, next=number)
        )
    return reason


def _rendering_info(head: SignedHead) -> VersionInfo:
    """What a rendering says about itself: exactly what the signed version it shows says."""
    from desktop.services.minutes.pdf_story import VersionInfo

    return VersionInfo(
        version=head.row.version,
        replaces_version=head.row.replaces_version,
        previous_sha256=head.row.previous_sha256,
        reason=head.reason,
    )
