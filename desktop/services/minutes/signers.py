"""Who signed a valid minutes PDF: *trusted*, *known* or *unknown* (``trust.py`` holds the list).

*Trusted*: an own key, a pinned colleague or a certificate chained to a listed CA. *Known*: the key
signed earlier minutes of the same case, read from the stored versions in the database.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from desktop.i18n import _
from desktop.services.minutes.offline_pyhanko import ensure_offline
from desktop.services.minutes.trust import (
    EntryKind,
    SignerStatus,
    SignerVerdict,
    TrustError,
    TrustList,
    certificate_fingerprint,
    certificate_name,
)

ensure_offline()  # before any pyHanko import: no network client in the process

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

    from desktop.db import Database

#: Stored minutes of one case that are read to find "known" signers (newest first).
KNOWN_VERSIONS_LIMIT = 200


def judge_signer(
    trust: TrustList,
    fingerprint: str,
    *,
    signer_name: str,
    chain_anchor: Certificate | None,
    known_fingerprints: frozenset[str] = frozenset(),
) -> SignerVerdict:
    """Trusted, known or unknown, for a signature already found valid.

    ``chain_anchor`` is the trusted CA certificate the signer's chain was validated up to (None when
    no chain to a listed CA validated). Own and pinned keys win over a CA: they name the person
    the coordinator actually trusted.
    """
    entry = trust.find(fingerprint) if fingerprint else None
    if entry is not None:
        via = EntryKind.OWN if entry.kind == EntryKind.OWN else EntryKind.PINNED
        return SignerVerdict(SignerStatus.TRUSTED, name=entry.name, via=via.value)
    if chain_anchor is not None:
        anchor = trust.find(certificate_fingerprint(chain_anchor))
        issuer = anchor.name if anchor is not None else certificate_name(chain_anchor)
        return SignerVerdict(SignerStatus.TRUSTED, name=signer_name, via=EntryKind.CA.value, issuer=issuer)
    if fingerprint and fingerprint in known_fingerprints:
        return SignerVerdict(SignerStatus.KNOWN, name=signer_name, via="known")
    return SignerVerdict(SignerStatus.UNKNOWN, name=signer_name)


def signer_certificate_of(pdf: bytes) -> Certificate:
    """The certificate that signed ``pdf`` (for "trust this key from now on" after an import)."""
    import io

    from cryptography import x509
    from pyhanko.pdf_utils.reader import PdfFileReader

    signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    if not signatures or signatures[-1].signer_cert is None:
        raise TrustError(_("The PDF is not signed."))
    return x509.load_der_x509_certificate(signatures[-1].signer_cert.dump())


def signer_fingerprint_of(pdf: bytes) -> str:
    """The SHA-256 fingerprint of the certificate that signed ``pdf`` (empty when there is none)."""
    import hashlib
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures = reader.embedded_signatures
    if not signatures or signatures[-1].signer_cert is None:
        return ""
    return hashlib.sha256(signatures[-1].signer_cert.dump()).hexdigest()


def case_reference_of(pdf: bytes) -> str:
    """The case reference in the handover data of ``pdf`` (empty when there is none or it is odd)."""
    from desktop.services.minutes.handover import extract_attachment

    try:
        raw = extract_attachment(pdf)
        document: Any = json.loads(raw.decode("utf-8")) if raw else None
    except Exception:  # a damaged attachment: the PDF simply names no case
        return ""
    case = document.get("case") if isinstance(document, dict) else None
    reference = case.get("reference") if isinstance(case, dict) else None
    return reference if isinstance(reference, str) and len(reference) <= 200 else ""


def known_fingerprints(db: Database, pdf: bytes, signer_name: str = "") -> frozenset[str]:
    """Keys that signed minutes of the case ``pdf`` belongs to, stored in ``db``.

    The case is the one the handover data names (its reference), or the one holding a stored
    version byte-identical to ``pdf``; a PDF that names no case here has no known signers. The
    stored PDFs are the record: the fingerprint is read from each signed version's own signature,
    so it holds even after the key that made it was deleted or the database moved to another
    laptop. ``signer_name`` (the certificate's name) limits the versions read to those stored
    with that signer: parsing every stored PDF of a long case would take seconds.
    """
    import hashlib

    from sqlalchemy import true as sa_true
    from sqlmodel import col, select

    from desktop.models import Case, MinutesVersion

    reference = case_reference_of(pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    with db.session() as session:
        case_ids: set[int | None] = set(
            session.exec(select(MinutesVersion.case_id).where(MinutesVersion.sha256 == digest)).all()
        )
        if reference:
            case_ids |= set(session.exec(select(Case.id).where(Case.reference == reference)).all())
        if not case_ids:
            return frozenset()
        pdfs = session.exec(
            select(MinutesVersion.pdf)
            .where(col(MinutesVersion.case_id).in_(case_ids))
            .where(col(MinutesVersion.signed_at).is_not(None))
            .where(col(MinutesVersion.pdf).is_not(None))
            .where(MinutesVersion.signer == signer_name if signer_name else sa_true())
            .order_by(col(MinutesVersion.id).desc())
            .limit(KNOWN_VERSIONS_LIMIT)
        ).all()
    found: set[str] = set()
    for stored in pdfs:
        with contextlib.suppress(Exception):  # a stored file that cannot be parsed names no key
            fingerprint = signer_fingerprint_of(bytes(stored)) if stored else ""
            if fingerprint:
                found.add(fingerprint)
    return frozenset(found)
