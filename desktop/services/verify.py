"""Check a received minutes PDF: who signed, when, and whether the file is exactly as signed.

The verdict is strict: a file is "valid" only when it has exactly one usable signature whose
cryptography checks out (``intact`` and ``valid``) and whose byte range covers the whole file.
Anything else (no signature, bytes changed, an update appended after signing, not a PDF) is a
failure with a translated reason; never a traceback.

Trust is reported apart from validity: a self-signed installation key is not in any trust list,
so the app shows its fingerprint for the reader to compare with the sender's.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop import clock
from desktop.i18n import _
from desktop.services.offline_pyhanko import ensure_offline

ensure_offline()  # before any pyHanko import: no network client in the process


@dataclass(frozen=True)
class VerifyResult:
    is_valid: bool
    message: str
    signer: str = ""
    signed_at: datetime | None = None
    is_intact: bool = False
    covers_whole_file: bool = False
    modified_after_signing: bool = False
    is_trusted: bool = False
    fingerprint_sha256: str = ""
    subfilter: str = ""
    signature_count: int = 0


def _fail(message: str, **kwargs: object) -> VerifyResult:
    return VerifyResult(is_valid=False, message=message, **kwargs)  # type: ignore[arg-type]


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


def verify_bytes(data: bytes) -> VerifyResult:
    """Verify PDF bytes; see the module docstring for what counts as valid."""
    if not data.lstrip()[:5] == b"%PDF-":
        return _fail(_("This is not a PDF file."))
    try:
        with _quiet_pyhanko():
            return _verify(data)
    except Exception:  # malformed input of any kind: a clear message, no traceback
        return _fail(_("The PDF is damaged or cannot be read, so its signature cannot be checked."))


def verify_file(path: Path) -> VerifyResult:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return _fail(_("The file {path} cannot be read.").format(path=path))
    return verify_bytes(data)


def _verify(data: bytes) -> VerifyResult:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import ValidationContext, validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return _fail(_("The PDF is not signed."))
    sig = signatures[-1]
    # No network and no trust list offline: validity is checked, trust is left to the fingerprint.
    context = ValidationContext(trust_roots=[], allow_fetching=False, moment=clock.now_utc())
    status = validate_pdf_signature(sig, signer_validation_context=context, skip_diff=False)
    cert = sig.signer_cert
    signer = ""
    fingerprint = ""
    if cert is not None:
        parsed = x509.load_der_x509_certificate(cert.dump())
        fingerprint = parsed.fingerprint(hashes.SHA256()).hex()
        signer = str(cert.subject.native.get("common_name", "")) or cert.subject.human_friendly
    signed_at = status.signer_reported_dt
    if signed_at is not None:
        signed_at = signed_at.astimezone().replace(tzinfo=None, microsecond=0)
    coverage = status.coverage
    covers_whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    modified_after = not covers_whole
    subfilter = str(sig.sig_object.get("/SubFilter", "")).lstrip("/")
    common = {
        "signer": signer,
        "signed_at": signed_at,
        "is_intact": bool(status.intact),
        "covers_whole_file": covers_whole,
        "modified_after_signing": modified_after,
        "is_trusted": bool(status.trusted),
        "fingerprint_sha256": fingerprint,
        "subfilter": subfilter,
        "signature_count": len(signatures),
    }
    if not status.intact:
        return _fail(
            _("The document was changed after it was signed: the signature no longer matches."), **common
        )
    if not status.valid:
        return _fail(_("The signature is not valid: it does not match the certificate."), **common)
    if not covers_whole:
        return _fail(
            _("Something was added to the document after it was signed. Ask the sender for the original."),
            **common,
        )
    if len(signatures) != 1:
        return _fail(_("The document has more than one signature; these minutes should have exactly one."),
                     **common)  # fmt: skip
    return VerifyResult(
        is_valid=True,
        message=_(
            "The signature is valid and covers the whole document. Nothing has been changed since it was signed."
        ),
        **common,  # type: ignore[arg-type]
    )
