"""The trust list: whose signatures this installation accepts, and who signed a received PDF.

A valid signature only says that the file is exactly as its key signed it; anyone can make a key
with any name (``create-key --name …``). Who signed is answered here, in three states:

- **trusted**: the key is one of this installation's own keys (``<data>/keys/``), a colleague's
  key the coordinator pinned (a certificate file, or a SHA-256 fingerprint compared by phone), or
  its certificate chains to a CA certificate in the list (an enterprise certificate, e.g. a
  virksomhetssertifikat);
- **known**: the same key signed earlier minutes of the same case stored in this database;
- **unknown**: none of these. The reader is shown the fingerprint and what to do with it.

The list is ``trust.json`` in the user's data folder: small, readable, written atomically with
mode 0600 (it decides what ``import`` accepts, so nobody else may edit it). Own keys are not
stored in it: they are read from the key folder each time, so a new or deleted key counts at once.
Nothing here imports Qt; pyHanko is not needed (only ``cryptography``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import clock
from desktop.errors import UserError
from desktop.i18n import _
from desktop.paths import data_dir
from desktop.services.case.validation import clean_chars
from desktop.services.minutes.offline_pyhanko import ensure_offline

ensure_offline()  # before any pyHanko import: no network client in the process

if TYPE_CHECKING:
    from cryptography.x509 import Certificate


TRUST_FILE = "trust.json"
FORMAT_VERSION = 1
MAX_NAME_CHARS = 120
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class TrustError(UserError):
    """The trust list cannot be read or changed as asked. The message is translated."""


class EntryKind(StrEnum):
    """Why a key is in the list."""

    OWN = "own"  # a key in this installation's key folder
    PINNED = "pinned"  # a colleague's key, by certificate or fingerprint
    CA = "ca"  # a certificate authority: every certificate it issued is trusted


class SignerStatus(StrEnum):
    """The answer to "who signed this?" (``verify`` exit 0 for trusted/known, 3 for unknown)."""

    TRUSTED = "trusted"
    KNOWN = "known"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TrustEntry:
    """One trusted key or CA. ``certificate_pem`` is empty for a pin made from a fingerprint."""

    fingerprint_sha256: str
    name: str
    kind: str
    added_at: str = ""
    certificate_pem: str = ""


@dataclass(frozen=True)
class TrustList:
    """The installation's own keys and the stored entries, as read once for one check."""

    entries: tuple[TrustEntry, ...]

    def find(self, fingerprint: str) -> TrustEntry | None:
        fingerprint = fingerprint.lower()
        return next((e for e in self.entries if e.fingerprint_sha256 == fingerprint), None)

    def ca_certificates(self) -> list[Certificate]:
        """The CA certificates, parsed (an unreadable one is skipped: it trusts nothing)."""
        from cryptography import x509

        certificates = []
        for entry in self.entries:
            if entry.kind != EntryKind.CA or not entry.certificate_pem:
                continue
            with contextlib.suppress(ValueError):
                certificates.append(x509.load_pem_x509_certificate(entry.certificate_pem.encode("ascii")))
        return certificates


@dataclass(frozen=True)
class SignerVerdict:
    """Who signed, as far as this installation can tell."""

    status: SignerStatus
    #: Whose key: the trust list's name, or the certificate's name when a CA vouches for it.
    name: str = ""
    #: ``own``, ``pinned``, ``ca`` (trusted) or ``known``; empty for unknown.
    via: str = ""
    #: The trusted CA's name, when ``via`` is ``ca``.
    issuer: str = ""


def trust_path() -> Path:
    return data_dir() / TRUST_FILE


def normalize_fingerprint(text: str) -> str:
    """A SHA-256 fingerprint as 64 lowercase hex digits; colons, spaces and dashes are allowed in.

    People read fingerprints to each other in groups ("3f a2 …"), so separators are dropped.
    """
    cleaned = re.sub(r"[\s:\-]", "", text or "").lower()
    if not _HEX64.match(cleaned):
        raise TrustError(
            _("A SHA-256 fingerprint has 64 hexadecimal characters (0-9, a-f); this is not one.")
        )
    return cleaned


def group_fingerprint(fingerprint: str) -> str:
    """The fingerprint in groups of four, easier to read aloud and compare by phone."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def certificate_fingerprint(cert: Certificate) -> str:
    from cryptography.hazmat.primitives import hashes

    return cert.fingerprint(hashes.SHA256()).hex()


def certificate_name(cert: Certificate) -> str:
    from desktop.services.minutes.signing_keys import describe_certificate

    return describe_certificate(cert, Path()).subject_name


def is_ca_certificate(cert: Certificate) -> bool:
    from cryptography import x509

    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    return bool(constraints.ca)


# -- the file --------------------------------------------------------------------------------------


def _read_stored(path: Path) -> list[TrustEntry]:
    """The stored entries; a missing file is an empty list, a damaged one an error (never ignored:
    silently starting empty would make the next ``add`` overwrite what the user had trusted)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise TrustError(_("The trust list {path} cannot be read.").format(path=path)) from exc
    try:
        data = json.loads(raw)
        entries = [
            TrustEntry(
                fingerprint_sha256=normalize_fingerprint(str(item["fingerprint_sha256"])),
                name=str(item.get("name", ""))[:MAX_NAME_CHARS],
                kind=EntryKind(item["kind"]).value,
                added_at=str(item.get("added_at", "")),
                certificate_pem=str(item.get("certificate_pem", "")),
            )
            for item in data["entries"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise TrustError(
            _("The trust list {path} is damaged. Fix or delete the file, then add the keys again.").format(
                path=path
            )
        ) from exc
    return [e for e in entries if e.kind != EntryKind.OWN]


def _write_stored(entries: list[TrustEntry], path: Path) -> None:
    """Write atomically (a temporary file, fsync, rename) and readable by the user only."""
    payload = json.dumps(
        {"format": FORMAT_VERSION, "entries": [asdict(e) for e in entries]}, ensure_ascii=False, indent=2
    ).encode("utf-8")
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(partial, 0o600)  # an existing .part keeps its old mode through O_CREAT
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def own_entries() -> list[TrustEntry]:
    """This installation's own keys, from the key folder (the public .crt files only)."""
    from desktop.services.minutes.signing_keys import list_keys

    return [
        TrustEntry(fingerprint_sha256=k.fingerprint_sha256, name=k.subject_name, kind=EntryKind.OWN.value)
        for k in list_keys()
    ]


def load_trust_list(path: Path | None = None) -> TrustList:
    """Own keys first, then the stored entries (an own key is not listed twice)."""
    own = own_entries()
    seen = {e.fingerprint_sha256 for e in own}
    stored = [e for e in _read_stored(path or trust_path()) if e.fingerprint_sha256 not in seen]
    return TrustList(entries=(*own, *stored))


def _now_text() -> str:
    return clock.now().isoformat(timespec="minutes")


def _clean_name(name: str) -> str:
    cleaned = " ".join(clean_chars(name or "").split())
    if not cleaned:
        raise TrustError(_("Write whose key this is (a name)."))
    if len(cleaned) > MAX_NAME_CHARS:
        raise TrustError(_("The name can have at most {n} characters.").format(n=MAX_NAME_CHARS))
    return cleaned


def _add(new: list[TrustEntry], path: Path | None) -> list[TrustEntry]:
    """Store ``new`` (replacing entries with the same fingerprint); return what was stored."""
    target = path or trust_path()
    own = {e.fingerprint_sha256 for e in own_entries()}
    stored = _read_stored(target)
    added = [e for e in new if e.fingerprint_sha256 not in own]
    fingerprints = {e.fingerprint_sha256 for e in added}
    kept = [e for e in stored if e.fingerprint_sha256 not in fingerprints]
    if added:
        _write_stored([*kept, *added], target)
    return added


def add_fingerprint(fingerprint: str, name: str, path: Path | None = None) -> TrustEntry | None:
    """Pin a key by its SHA-256 fingerprint (compared with its owner, e.g. by phone).

    Returns None when the key is one of this installation's own (already trusted).
    """
    entry = TrustEntry(
        fingerprint_sha256=normalize_fingerprint(fingerprint),
        name=_clean_name(name),
        kind=EntryKind.PINNED.value,
        added_at=_now_text(),
    )
    added = _add([entry], path)
    return added[0] if added else None


def _certificate_entry(cert: Certificate, name: str = "") -> TrustEntry:
    from cryptography.hazmat.primitives import serialization

    return TrustEntry(
        fingerprint_sha256=certificate_fingerprint(cert),
        name=_clean_name(name or certificate_name(cert)),
        kind=(EntryKind.CA if is_ca_certificate(cert) else EntryKind.PINNED).value,
        added_at=_now_text(),
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def read_certificates(data: bytes, passphrase: str | None = None) -> list[Certificate]:
    """The certificates in a PEM (one or more), DER or PKCS#12 file.

    From a PKCS#12 only its own certificate is taken, not the CA certificates packed with it:
    trusting a whole CA is a separate, deliberate step (``trust add ca.pem``).
    """
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            return list(x509.load_pem_x509_certificates(data))
        except ValueError as exc:
            raise TrustError(_("The certificate file cannot be read.")) from exc
    with contextlib.suppress(ValueError):
        return [x509.load_der_x509_certificate(data)]
    try:
        _key, cert, _extra = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") if passphrase is not None else None
        )
    except ValueError as exc:
        if passphrase is None:
            raise TrustError(
                _(
                    "The file is not a certificate (PEM or DER). If it is a PKCS#12 key (.p12/.pfx), "
                    "give its passphrase."
                )
            ) from exc
        raise TrustError(
            _(
                "The file could not be opened. Check the passphrase, and that it is a certificate or a .p12 key."
            )
        ) from exc
    if cert is None:
        raise TrustError(_("The file holds no certificate."))
    return [cert]


def add_certificate_file(
    source: Path, *, passphrase: str | None = None, name: str = "", path: Path | None = None
) -> list[TrustEntry]:
    """Trust the certificate(s) in ``source``: a CA certificate as a CA, any other as a pinned key.

    Returns the entries stored (an own key is already trusted and is not stored again).
    """
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise TrustError(_("The file {path} cannot be read.").format(path=source)) from exc
    certificates = read_certificates(data, passphrase)
    if not certificates:
        raise TrustError(_("The file holds no certificate."))
    return _add([_certificate_entry(c, name if len(certificates) == 1 else "") for c in certificates], path)


def add_certificate(cert: Certificate, name: str = "", path: Path | None = None) -> TrustEntry | None:
    """Pin a certificate taken from a received signature (the import's "trust from now on")."""
    added = _add([_certificate_entry(cert, name)], path)
    return added[0] if added else None


def remove(fingerprint: str, path: Path | None = None) -> TrustEntry:
    """Take a key or CA off the list; an own key is refused (delete the key itself instead)."""
    fingerprint = normalize_fingerprint(fingerprint)
    if any(e.fingerprint_sha256 == fingerprint for e in own_entries()):
        raise TrustError(
            _(
                "This is one of this installation's own signing keys; it is trusted as long as the key "
                "exists. Delete the key itself to stop trusting it."
            )
        )
    target = path or trust_path()
    stored = _read_stored(target)
    removed = next((e for e in stored if e.fingerprint_sha256 == fingerprint), None)
    if removed is None:
        raise TrustError(_("No key with that fingerprint is in the trust list."))
    _write_stored([e for e in stored if e is not removed], target)
    return removed


def kind_label(kind: str) -> str:
    """The kind of an entry, in the user's words."""
    labels = {"own": _("own key"), "pinned": _("trusted key"), "ca": _("certificate authority")}
    return labels.get(kind, kind)


def entry_as_json(entry: TrustEntry) -> dict[str, Any]:
    """The JSON of ``trust list --json`` (no certificate text: fingerprints name the keys)."""
    return {
        "fingerprint_sha256": entry.fingerprint_sha256,
        "name": entry.name,
        "kind": entry.kind,
        "added_at": entry.added_at,
        "has_certificate": bool(entry.certificate_pem),
    }


def added_at(entry: TrustEntry) -> datetime | None:
    try:
        return datetime.fromisoformat(entry.added_at) if entry.added_at else None
    except ValueError:
        return None
