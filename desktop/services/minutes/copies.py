"""Each recipient's signed copy of the minutes, and the handover copy for a new coordinator.

Issue 18. A copy is a rendering of a stored version (``minutes_versions``), never a new version:
it prints that version's number and SHA-256 chain and the hash of the version it was made from.

- :func:`distribute` writes one PDF per recipient into a folder, as consent allows (full, limited,
  own tasks only; ``consent.copy_for``), and ``manifest.json``; each copy goes into the audit log
  with the member's id (never content). Members who get nothing are listed with a reason.
- :func:`export_handover` writes the handover copy: the full minutes with the handover data
  embedded, only when the person consented to transferring the plan to a new coordinator.

File names carry the case reference, the date, the version and the kind, never a name:
``referat-<case ref>-<date>-v<n>-<kind>-<k>.pdf``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Meeting, Member, MinutesVersion
from desktop.models.enums import AuditAction, MeetingStatus
from desktop.services.audit import record
from desktop.services.case.consent import CopyKind, Reason, copy_for, may_transfer, members_and_consents
from desktop.services.case.withholding import WithheldFrom, withholdings_of_case
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.data import MinutesData
from desktop.services.minutes.distribution import Distribution, decide, reason_text
from desktop.services.minutes.files import safe_reference, write_atomically
from desktop.services.minutes.recipient_view import limited_minutes, own_tasks
from desktop.services.minutes.versions import MinutesService, SigningKey

if TYPE_CHECKING:
    from desktop.services.minutes.pdf_story import VersionInfo
    from desktop.services.minutes.signing import SignatureSlot
    from desktop.services.minutes.signing_keys import OpenedKey

MANIFEST_NAME = "manifest.json"
_AUDIT_ACTION = {
    CopyKind.FULL: AuditAction.COPY_FULL,
    CopyKind.LIMITED: AuditAction.COPY_LIMITED,
    CopyKind.OWN_TASKS: AuditAction.COPY_OWN_TASKS,
}


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


@dataclass(frozen=True)
class CopyFile:
    """One recipient's copy. ``name`` is for the coordinator's screen and the print cover line;
    it never goes into a file name or the manifest."""

    member_id: int
    party: str
    kind: str  # a CopyKind value
    file: str
    sha256: str
    name: str = ""
    path: Path | None = None


@dataclass(frozen=True)
class LeftOut:
    member_id: int
    reason: str  # a consent.Reason code
    name: str = ""

    def reason_text(self) -> str:
        return reason_text(self.reason)


@dataclass(frozen=True)
class DistributionResult:
    folder: Path
    version: StoredVersion
    copies: tuple[CopyFile, ...]
    left_out: tuple[LeftOut, ...]
    manifest: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    #: The minutes may have changed since the version the copies show was signed (see
    #: :func:`may_have_changed`): the coordinator is told to sign a new version.
    may_be_stale: bool = False


def copy_file_name(reference: str, day: date, version: int, kind: str, number: int) -> str:
    """``referat-<case ref>-<date>-v<n>-<kind>-<k>.pdf``: never a person's name."""
    return f"referat-{safe_reference(reference)}-{day.isoformat()}-v{version}-{kind.replace('_', '-')}-{number}.pdf"


def handover_file_name(reference: str, day: date, version: int) -> str:
    return f"referat-{safe_reference(reference)}-{day.isoformat()}-v{version}-handover.pdf"


# -- the version a copy shows ------------------------------------------------------------------
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


# -- rendering and signing one copy ------------------------------------------------------------
@dataclass(frozen=True)
class _Signer:
    key: SigningKey | None
    opened: OpenedKey | None

    @property
    def name(self) -> str:
        return self.opened.info.subject_name if self.opened is not None else ""


def _version_info(
    version: StoredVersion, signer: _Signer, data: MinutesData, lang: str, **extra: object
) -> VersionInfo:
    from desktop.services.minutes.pdf_story import VersionInfo

    return VersionInfo(
        version=version.version,
        replaces_version=version.replaces_version,
        previous_sha256=version.previous_sha256,
        will_be_signed=signer.opened is not None,
        signer_name=signer.name,
        stamp_lines=_stamp_lines(data, signer.name, lang) if signer.opened is not None else (),
        copy_of_sha256=version.sha256,
        **extra,  # type: ignore[arg-type]
    )


def _stamp_lines(data: MinutesData, signer: str, lang: str) -> tuple[str, ...]:
    """The seal's words, as on the minutes: a seal of this installation, not BankID."""
    from desktop.services.minutes.pdf import language
    from desktop.services.minutes.sentences import format_when

    with language(lang):
        return (
            _("Electronic seal: not BankID"),
            _("Sealed by this Ansvarsgruppe installation"),
            _("on behalf of {name}").format(name=signer or data.facts.facilitator),
            _("Signed {time}").format(time=format_when(clock.now())),
            _("Case {reference}").format(reference=data.facts.case_reference),
        )


def _sign(
    pdf: bytes,
    slot: SignatureSlot | None,
    signer: _Signer,
    data: MinutesData,
    lang: str,
    *,
    attachment: bytes | None = None,
) -> bytes:
    """Sign ``pdf`` (embedding ``attachment`` in the same update); unsigned without a key."""
    from desktop.services.minutes.pdf import language

    with language(lang):
        description = _("Meeting and plan data for a new coordinator (Ansvarsgruppe handover, JSON)")
        reason = _("Minutes of a responsibility group meeting")
    if signer.key is None or signer.opened is None:
        if attachment is None:
            return pdf
        from desktop.services.minutes.signing import add_attachment_unsigned

        return add_attachment_unsigned(pdf, attachment, description)
    from desktop.services.minutes.signing import SignRequest, sign_pdf

    return sign_pdf(
        SignRequest(
            pdf=pdf,
            key_path=signer.key.path,
            passphrase=signer.key.passphrase,
            slot=slot,
            attachment=attachment,
            attachment_description=description,
            reason=reason,
            location=data.facts.place[:120],
        ),
        signer.opened,
    ).pdf


def left_out_notice(first_name: str, lang: str) -> str:
    """The limited copy's honest line: something was left out at the person's wish (never what)."""
    from desktop.services.minutes.pdf import language

    with language(lang):
        return _(
            "Something has been left out of this copy because {name} wishes it. "
            "The rest of the minutes is complete."
        ).format(name=first_name)


def render_copy(
    db: Database,
    data: MinutesData,
    member: Member,
    kind: CopyKind,
    version: StoredVersion,
    signer: _Signer,
    lang: str,
    withheld: WithheldFrom,
) -> bytes:
    """One member's signed copy of ``version``."""
    from desktop.services.minutes.pdf import render_minutes

    if kind == CopyKind.OWN_TASKS:
        from desktop.services.minutes.own_tasks_pdf import render_own_tasks

        extract = own_tasks(db, data, member, withheld)
        rendered = render_own_tasks(extract, lang=lang, version=_version_info(version, signer, data, lang))
        return _sign(rendered.pdf, rendered.signature_slot, signer, data, lang)
    notice = ""
    if kind == CopyKind.LIMITED:
        data, was_left_out = limited_minutes(db, data, withheld)
        if was_left_out:
            notice = left_out_notice(data.facts.user_first_name, lang)
    # Why the version replaces the one before goes on full copies only: a reason may name what a
    # limited copy leaves out («opplysninger om rus rettet»), and an extract shows tasks alone.
    reason = version.reason if kind == CopyKind.FULL else ""
    info = _version_info(version, signer, data, lang, copy_notice=notice, reason=reason)
    rendered_minutes = render_minutes(data, lang=lang, version=info)
    return _sign(rendered_minutes.pdf, rendered_minutes.signature_slot, signer, data, lang)


# -- distribution ------------------------------------------------------------------------------
def _opened(key: SigningKey | None, opened: OpenedKey | None) -> OpenedKey | None:
    if key is None:
        return None
    if opened is None:
        from desktop.services.minutes.signing_keys import open_key

        opened = open_key(key.path, key.passphrase)  # a wrong passphrase stops here: nothing written
    return opened


def _prepare_folder(folder: Path) -> None:
    """Make ``folder``; remove the copies an earlier distribution wrote there (its manifest lists
    them), so that a member left out now does not find last time's copy in the folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(_("The folder {path} could not be made.").format(path=folder)) from exc
    if not folder.is_dir():
        raise UserError(_("{path} is not a folder.").format(path=folder))
    manifest = folder / MANIFEST_NAME
    if not manifest.is_file():
        return
    try:
        earlier = json.loads(manifest.read_text(encoding="utf-8"))
        names = [str(c["file"]) for c in earlier.get("copies", [])]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return  # not ours to interpret: leave it
    for name in names:
        if Path(name).name == name and name.startswith("referat-") and name.endswith(".pdf"):
            try:
                (folder / name).unlink(missing_ok=True)
            except OSError:
                pass


def distribute(
    db: Database,
    meeting_id: int,
    folder: Path,
    *,
    lang: str = "nb",
    key: SigningKey | None = None,
    opened: OpenedKey | None = None,
    today: date | None = None,
) -> DistributionResult:
    """Write every recipient's copy of the meeting's minutes into ``folder``, and the manifest.

    Consent is read as it stands on ``today``: a withdrawn or changed consent takes effect on the
    next distribution (R4). The newest signed version is the one shown; without one the minutes
    are exported first.
    """
    today = today or clock.today()
    MinutesService(db).check_exportable(meeting_id)
    opened = _opened(key, opened)
    folder = Path(folder)
    _prepare_folder(folder)
    version = stored_version(db, meeting_id, lang=lang, key=key, opened=opened, today=today)
    data = load_minutes_data(db, meeting_id, today=today)
    signer = _Signer(key, opened)
    with db.session() as session:
        members, consents = members_and_consents(session, data.facts.case_id)
        withholdings = withholdings_of_case(session, data.facts.case_id)
    copies: list[CopyFile] = []
    left_out: list[LeftOut] = []
    counters: dict[str, int] = {}
    for member in members:
        assert member.id is not None
        decision = copy_for(member, consents, today, has_withholdings=withholdings.applies_to(member))
        if decision.kind is None:
            left_out.append(LeftOut(member.id, decision.reason, member.name))
            continue
        counters[decision.kind.value] = counters.get(decision.kind.value, 0) + 1
        pdf = render_copy(
            db, data, member, decision.kind, version, signer, lang, withholdings.for_member(member)
        )
        copies.append(
            _write_copy(folder, data, version, member, decision.kind, counters[decision.kind.value], pdf)
        )
    _record_copies(db, data, copies)
    manifest = manifest_of(copies, left_out)
    write_manifest(folder / MANIFEST_NAME, manifest)
    stale = may_have_changed(db, version, data)
    return DistributionResult(folder, version, tuple(copies), tuple(left_out), manifest, stale)


def _write_copy(
    folder: Path,
    data: MinutesData,
    version: StoredVersion,
    member: Member,
    kind: CopyKind,
    number: int,
    pdf: bytes,
) -> CopyFile:
    """Write one member's copy (the ``number``-th of its kind) into ``folder``."""
    assert member.id is not None
    name = copy_file_name(
        data.facts.case_reference, data.facts.start.date(), version.version, kind.value, number
    )
    path = folder / name
    write_atomically(path, pdf)
    return CopyFile(
        member_id=member.id,
        party=member.party.value,
        kind=kind.value,
        file=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        name=member.name,
        path=path,
    )


def _record_copies(db: Database, data: MinutesData, copies: list[CopyFile]) -> None:
    """One audit event a copy written: who received which kind."""
    with db.session() as session:
        for copy in copies:
            record(session, _AUDIT_ACTION[CopyKind(copy.kind)], case_id=data.facts.case_id,
                   meeting_id=data.facts.meeting_id, member_id=copy.member_id)  # fmt: skip


def stale_warning(result: DistributionResult) -> str:
    """What the coordinator is told when the minutes may have changed since the version was signed."""
    return _(
        "The minutes seem to have changed since version {n} was signed, and the copies show them as "
        "they are now. Sign a new version (with the reason for it) and distribute again."
    ).format(n=result.version.version)


def manifest_of(copies: list[CopyFile], left_out: list[LeftOut]) -> dict[str, list[dict[str, object]]]:
    """The manifest's content: ids, parties, kinds, file names and hashes; no names, no content."""
    return {
        "copies": [
            {"member_id": c.member_id, "party": c.party, "kind": c.kind, "file": c.file, "sha256": c.sha256}
            for c in copies
        ],
        "left_out": [{"member_id": x.member_id, "reason": x.reason} for x in left_out],
    }


def write_manifest(path: Path, manifest: dict[str, list[dict[str, object]]]) -> None:
    """The manifest, like every file of the copies: atomically, readable by the user only."""
    from desktop.services.minutes.files import write_private

    write_private(path, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def record_printed(db: Database, case_id: int, meeting_id: int, member_id: int) -> None:
    """A member's copy was sent to the printer (ids only)."""
    with db.session() as session:
        record(session, AuditAction.COPY_PRINTED, case_id=case_id, meeting_id=meeting_id, member_id=member_id)


# -- the handover copy -------------------------------------------------------------------------
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
    from desktop.services.minutes.pdf import language, render_minutes

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
    opened = _opened(key, opened)
    version = stored_version(db, meeting_id, lang=lang, key=key, opened=opened, today=today)
    data = load_minutes_data(db, meeting_id, today=today)
    signer = _Signer(key, opened)
    with language(lang):
        notice = _(
            "Handover copy for the service that takes over coordination, with {name}'s consent."
        ).format(name=data.facts.user_first_name)
    info = _version_info(
        version, signer, data, lang, copy_notice=notice, carries_handover=True, reason=version.reason
    )
    rendered = render_minutes(data, lang=lang, version=info)
    attachment = to_json_bytes(build_handover(db, meeting_id, language=lang))
    pdf = _sign(rendered.pdf, rendered.signature_slot, signer, data, lang, attachment=attachment)
    write_atomically(Path(out), pdf)
    with db.session() as session:
        record(session, AuditAction.HANDOVER_EXPORTED, case_id=case_id, meeting_id=meeting_id,
               member_id=recipient.id)  # fmt: skip
    return HandoverResult(Path(out), version, recipient.id, hashlib.sha256(pdf).hexdigest())
