"""Check a received minutes PDF: whether the file is exactly as signed, when, and who signed it.

The verdict on the file is strict: a file is "valid" only when it has exactly one usable signature
whose cryptography checks out (``intact`` and ``valid``), whose byte range covers the whole file,
and whose DocMDP certification (when present) allows what the file holds. Anything else (no
signature, bytes changed, an update appended after signing, not a PDF) is a failure with a
translated reason; never a traceback.

Who signed is a second answer (``desktop/services/minutes/trust.py``): *trusted* (an own key, a pinned
colleague or a certificate chained to a listed CA), *known* (the key signed earlier minutes of the
same case in the given database) or *unknown*. It is only given for a valid file. Without a trust
list (``trust=None``, as the handover reader calls it) every signer is unknown.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import clock
from desktop.i18n import _
from desktop.services.minutes.offline_pyhanko import ensure_offline

ensure_offline()  # before any pyHanko import: no network client in the process

if TYPE_CHECKING:
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko.sign.validation.status import PdfSignatureStatus

    from desktop.db import Database
    from desktop.services.minutes.trust import SignerVerdict, TrustList


@dataclass(frozen=True)
class VerifyResult:
    is_valid: bool
    message: str
    signer: str = ""
    signed_at: datetime | None = None
    #: The signed bytes hash to what the signature says (pyHanko's "intact").
    is_intact: bool = False
    covers_whole_file: bool = False
    #: Anything differs from what was signed: bytes changed, or something added after signing.
    modified_after_signing: bool = False
    is_trusted: bool = False
    fingerprint_sha256: str = ""
    subfilter: str = ""
    signature_count: int = 0
    #: The signature value matches the certificate's key.
    is_signature_valid: bool = False
    #: A certification (DocMDP) signature: conforming viewers warn about any later change.
    is_certified: bool = False
    #: A signature timestamp from a timestamp service is embedded (PAdES B-T).
    has_timestamp: bool = False
    #: ``trusted``, ``known`` or ``unknown`` (who signed); empty when the file is not valid.
    signer_status: str = ""
    #: Whose key, as the trust list names it (or the certificate, when a CA vouches for it).
    trusted_name: str = ""
    #: ``own``, ``pinned``, ``ca`` or ``known``.
    trusted_via: str = ""
    #: The trusted CA's name, when ``trusted_via`` is ``ca``.
    issuer: str = ""

    @property
    def is_accepted(self) -> bool:
        """Valid, and the signer is trusted or known: ``verify`` exits 0."""
        return self.is_valid and self.signer_status in ("trusted", "known")


def _fail(message: str, **kwargs: Any) -> VerifyResult:
    return VerifyResult(is_valid=False, message=message, **kwargs)


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a traceback for every untrusted (self-signed) certificate; we report trust ourselves."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def verify_bytes(data: bytes, *, trust: TrustList | None = None, db: Database | None = None) -> VerifyResult:
    """Verify PDF bytes; see the module docstring for what counts as valid.

    ``trust`` (from :func:`desktop.services.minutes.trust.load_trust_list`) answers who signed; ``db``
    adds the "known" state from the case's stored minutes.
    """
    if not data.lstrip()[:5] == b"%PDF-":
        return _fail(_("This is not a PDF file."))
    try:
        with _quiet_pyhanko():
            result = _verify(data, trust)
    except Exception:  # malformed input of any kind: a clear message, no traceback
        return _fail(_("The PDF is damaged or cannot be read, so its signature cannot be checked."))
    if result.is_valid and result.signer_status == "unknown" and trust is not None and db is not None:
        result = _with_known(result, data, trust, db)
    return result


def verify_file(path: Path, *, trust: TrustList | None = None, db: Database | None = None) -> VerifyResult:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return _fail(_("The file {path} cannot be read.").format(path=path))
    return verify_bytes(data, trust=trust, db=db)


def _with_known(result: VerifyResult, data: bytes, trust: TrustList, db: Database) -> VerifyResult:
    from dataclasses import replace

    from desktop.services.minutes.signers import judge_signer, known_fingerprints

    try:
        known = known_fingerprints(db, data, result.signer)
    except Exception:  # an unreadable database cannot vouch for anyone; the signer stays unknown
        logging.getLogger(__name__).warning("known signers could not be read", exc_info=True)
        return result
    verdict = judge_signer(
        trust,
        result.fingerprint_sha256,
        signer_name=result.signer,
        chain_anchor=None,
        known_fingerprints=known,
    )
    return replace(
        result, signer_status=verdict.status.value, trusted_name=verdict.name, trusted_via=verdict.via
    )


def _context(trust: TrustList | None) -> Any:
    """Validation against the trust list's CA certificates only; offline, at the program's "now".

    Revocation is not checked (no network; a CRL would have to be fetched): ``soft-fail``.
    """
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.validation import ValidationContext

    roots = []
    if trust is not None:
        der = serialization.Encoding.DER
        roots = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in trust.ca_certificates()]
    return ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=clock.now_utc()
    )


def _verify(data: bytes, trust: TrustList | None) -> VerifyResult:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return _fail(_("The PDF is not signed."))
    sig = signatures[-1]
    status = _validate(sig, trust)
    signer, fingerprint = _signer_of(sig)
    common = _facts(sig, status, signer, fingerprint, len(signatures))
    failure = _failure(status, common)
    if failure is not None:
        return failure
    verdict = _judge(status, trust, fingerprint, signer)
    common.update(
        is_trusted=verdict.status.value == "trusted",
        signer_status=verdict.status.value,
        trusted_name=verdict.name,
        trusted_via=verdict.via,
        issuer=verdict.issuer,
    )
    return VerifyResult(
        is_valid=True,
        message=_(
            "The signature is valid and covers the whole document. Nothing has been changed since it was signed."
        ),
        **common,
    )


def _validate(sig: EmbeddedPdfSignature, trust: TrustList | None) -> PdfSignatureStatus:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    # Either usage makes a signing certificate: ours assert both, enterprise ones one or the other.
    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    return validate_pdf_signature(
        sig, signer_validation_context=_context(trust), skip_diff=False, key_usage_settings=usage
    )


def _signer_of(sig: EmbeddedPdfSignature) -> tuple[str, str]:
    """The signer's name and the SHA-256 fingerprint of their certificate (empty without one)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    cert = sig.signer_cert
    if cert is None:
        return "", ""
    parsed = x509.load_der_x509_certificate(cert.dump())
    fingerprint = parsed.fingerprint(hashes.SHA256()).hex()
    signer = str(cert.subject.native.get("common_name", "")) or cert.subject.human_friendly
    return signer, fingerprint


def _facts(
    sig: EmbeddedPdfSignature, status: PdfSignatureStatus, signer: str, fingerprint: str, count: int
) -> dict[str, Any]:
    """What the check found, as the fields of :class:`VerifyResult` that every answer carries."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    signed_at = status.signer_reported_dt
    if signed_at is not None:
        signed_at = signed_at.astimezone().replace(tzinfo=None, microsecond=0)
    covers_whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    docmdp_ok = status.docmdp_ok is not False
    intact = bool(status.intact)
    return {
        "signer": signer,
        "signed_at": signed_at,
        "is_intact": intact,
        "covers_whole_file": covers_whole,
        # A changed byte inside the signed range, or in the signature itself, is as much a change
        # as an appended update: "intact: no" never comes with "modified after signing: no".
        "modified_after_signing": not (intact and status.valid) or not covers_whole or not docmdp_ok,
        "is_trusted": False,
        "fingerprint_sha256": fingerprint,
        "subfilter": str(sig.sig_object.get("/SubFilter", "")).lstrip("/"),
        "signature_count": count,
        "is_signature_valid": bool(status.valid),
        "is_certified": sig.sig_object.get("/Reference") is not None and status.docmdp_ok is not None,
        "has_timestamp": status.timestamp_validity is not None,
    }


def _failure(status: PdfSignatureStatus, common: dict[str, Any]) -> VerifyResult | None:
    """Why the file is not as signed, or None when it is."""
    if not common["is_intact"]:
        return _fail(
            _("The document was changed after it was signed: the signature no longer matches."), **common
        )
    if not status.valid:
        return _fail(_("The signature is not valid: it does not match the certificate."), **common)
    if not common["covers_whole_file"] or status.docmdp_ok is False:
        return _fail(
            _("Something was added to the document after it was signed. Ask the sender for the original."),
            **common,
        )
    if common["signature_count"] != 1:
        return _fail(_("The document has more than one signature; these minutes should have exactly one."),
                     **common)  # fmt: skip
    return None


def _judge(
    status: PdfSignatureStatus, trust: TrustList | None, fingerprint: str, signer: str
) -> SignerVerdict:
    """Who signed: trusted, known or unknown, with a certificate chain's trust anchor when there is one."""
    from cryptography import x509

    from desktop.services.minutes.signers import judge_signer

    anchor = None
    if status.trusted and status.validation_path is not None:
        root = getattr(status.validation_path.trust_anchor, "certificate", None)
        anchor = x509.load_der_x509_certificate(root.dump()) if root is not None else None
    return judge_signer(
        trust if trust is not None else _empty_trust(), fingerprint, signer_name=signer, chain_anchor=anchor
    )


def _empty_trust() -> TrustList:
    from desktop.services.minutes.trust import TrustList

    return TrustList(entries=())
