"""Each recipient's signed copy of the minutes.

Issue 18. A copy is a rendering of a stored version (``minutes_versions``), never a new version:
it prints that version's number and SHA-256 chain and the hash of the version it was made from
(which version that is: ``copy_source.py``).

- :func:`distribute` writes one PDF per recipient into a folder, as consent allows (full, limited,
  own tasks only; ``consent.copy_for``), and ``manifest.json``; each copy goes into the audit log
  with the member's id (never content). Members who get nothing are listed with a reason.
- The handover copy for a new coordinator is made by ``handover_copy.py``, rendered and sealed
  like these copies.

File names carry the case reference, the date, the version and the kind, never a name:
``referat-<case ref>-<date>-v<n>-<kind>-<k>.pdf``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import Member
from desktop.models.enums import AuditAction
from desktop.services.audit import record
from desktop.services.case.consent import CopyKind, copy_for, members_and_consents
from desktop.services.case.withholding import WithheldFrom, withholdings_of_case
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.copy_source import StoredVersion, may_have_changed, stored_version
from desktop.services.minutes.data import MinutesData
from desktop.services.minutes.distribution import reason_text
from desktop.services.minutes.files import safe_reference, write_atomically
from desktop.services.minutes.recipient_view import limited_minutes, own_tasks
from desktop.services.minutes.sealing import Sealer, open_signing_key, render_and_seal
from desktop.services.minutes.versions import MinutesService, SigningKey

if TYPE_CHECKING:
    from desktop.services.minutes.pdf_story import VersionInfo
    from desktop.services.minutes.signing_keys import OpenedKey

MANIFEST_NAME = "manifest.json"
_AUDIT_ACTION = {
    CopyKind.FULL: AuditAction.COPY_FULL,
    CopyKind.LIMITED: AuditAction.COPY_LIMITED,
    CopyKind.OWN_TASKS: AuditAction.COPY_OWN_TASKS,
}


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


# -- rendering one copy ----------------------------------------------------------------------
def copy_version_info(
    version: StoredVersion, *, copy_notice: str = "", reason: str = "", carries_handover: bool = False
) -> VersionInfo:
    """What a copy says about the stored ``version`` it shows (the seal is added when sealing)."""
    from desktop.services.minutes.pdf_story import VersionInfo

    return VersionInfo(
        version=version.version,
        replaces_version=version.replaces_version,
        previous_sha256=version.previous_sha256,
        copy_of_sha256=version.sha256,
        copy_notice=copy_notice,
        reason=reason,
        carries_handover=carries_handover,
    )


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
    sealer: Sealer,
    lang: str,
    withheld: WithheldFrom,
) -> bytes:
    """One member's sealed copy of ``version``."""
    if kind == CopyKind.OWN_TASKS:
        from desktop.services.minutes.own_tasks_pdf import render_own_tasks

        extract = own_tasks(db, data, member, withheld)
        texts = sealer.texts(data, lang)
        rendered = render_own_tasks(
            extract, lang=lang, version=sealer.describe(copy_version_info(version), texts)
        )
        pdf, _signed_at = sealer.seal(rendered.pdf, rendered.signature_slot, texts, data.facts.place)
        return pdf
    notice = ""
    if kind == CopyKind.LIMITED:
        data, was_left_out = limited_minutes(db, data, withheld)
        if was_left_out:
            notice = left_out_notice(data.facts.user_first_name, lang)
    # Why the version replaces the one before goes on full copies only: a reason may name what a
    # limited copy leaves out («opplysninger om rus rettet»), and an extract shows tasks alone.
    reason = version.reason if kind == CopyKind.FULL else ""
    info = copy_version_info(version, copy_notice=notice, reason=reason)
    return render_and_seal(data, lang, info, sealer).pdf


# -- distribution ------------------------------------------------------------------------------
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
    sealer = Sealer(key, open_signing_key(key, opened))  # a wrong passphrase stops here: nothing written
    folder = Path(folder)
    _prepare_folder(folder)
    version = stored_version(db, meeting_id, lang=lang, key=key, opened=sealer.opened, today=today)
    data = load_minutes_data(db, meeting_id, today=today)
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
            db, data, member, decision.kind, version, sealer, lang, withholdings.for_member(member)
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
