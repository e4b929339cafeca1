"""The PAdES signature on the minutes, made with the facilitator's signing key.

The keys themselves (made, imported, listed, opened) are :mod:`.signing_keys`.

The signature is PAdES baseline B-B (``ETSI.CAdES.detached``) made with pyHanko. Order matters:
the JSON handover attachment is embedded in the same incremental update as the signature, so the
signature covers every byte, and nothing is written after it. The visible stamp on the last page
says plainly what it is: a seal of this installation on behalf of the named facilitator, not
BankID. pyHanko is imported lazily (``import pyhanko.sign`` pulls in aiohttp).

The signature is a *certification* (DocMDP, "no changes allowed"): nothing is ever added to a
signed file (a confirmation or correction is a new version, signed anew), so the strictest level
holds, and every conforming viewer warns about an annotation or page added later, not only our
``verify``. The signer's certificate chain goes into the signature (the .p12's own CA
certificates, completed from the trust list's CA certificates), so a receiver can check it
offline. A signature timestamp (PAdES B-T) is added only when a timestamp service is set
(``timestamp_url`` in the settings; empty by default, and then no connection is ever made).
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import clock
from desktop.i18n import _
from desktop.services.minutes.offline_pyhanko import ensure_offline
from desktop.services.minutes.signing_keys import OpenedKey, SigningError, open_key

ensure_offline()  # before any pyHanko import: no network client in the process

if TYPE_CHECKING:
    pass

SIGNATURE_FIELD = "Signatur"
ATTACHMENT_NAME = "ansvarsgruppe-handover.json"


@dataclass(frozen=True)
class SignatureSlot:
    """Where the visible signature goes: page index (0-based) and box (x1, y1, x2, y2) in points."""

    page_index: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class SignRequest:
    """What to sign and how the visible stamp should read."""

    pdf: bytes
    key_path: Path
    passphrase: str
    #: Where the page shows the seal (the field goes on top of it); None: an invisible signature.
    slot: SignatureSlot | None
    attachment: bytes | None = None
    attachment_description: str = ""
    reason: str = ""
    location: str = ""


@dataclass(frozen=True)
class SignResult:
    pdf: bytes
    signer: str
    fingerprint_sha256: str
    signed_at: datetime
    sha256: str


def embed_attachment(writer: Any, data: bytes, description: str) -> None:
    """Add the handover JSON as an embedded file (Associated File, /Data)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.embed import EmbeddedFileObject, EmbeddedFileParams, FileSpec, embed_file

    params = EmbeddedFileParams(embed_size=True, embed_checksum=True, creation_date=clock.now_utc(),
                                modification_date=clock.now_utc())  # fmt: skip
    embedded = EmbeddedFileObject.from_file_data(writer, data, mime_type="application/json", params=params)
    spec = FileSpec(
        file_spec_string=ATTACHMENT_NAME,
        file_name=ATTACHMENT_NAME,
        embedded_data=embedded,
        description=description,
        af_relationship=generic.NameObject("/Data"),
    )
    embed_file(writer, spec)


#: The PDF version the final file claims: the handover attachment's /AF relationship and the
#: ETSI.CAdES.detached signature are PDF 2.0 features, and pyHanko marks the catalog so.
PDF_VERSION_HEADER = b"%PDF-2.0"


def _claim_pdf_2(pdf: bytes) -> bytes:
    """Make the header say what the catalog will say (2.0) instead of ReportLab's 1.4.

    Left alone, pyHanko sets ``/Version /2.0`` in the catalog while the header keeps ``%PDF-1.4``;
    validators flag the mismatch. The header has the same length, so no offset moves; this is done
    before anything is signed.
    """
    if len(pdf) > 8 and pdf[:7] == b"%PDF-1." and pdf[7:8].isdigit():
        return PDF_VERSION_HEADER + pdf[8:]
    return pdf


def _describe_document(writer: Any) -> None:
    """Show the title in the viewer's title bar (``DisplayDocTitle``) and in XMP (``dc:title``).

    PDF 2.0 keeps document metadata in XMP; pyHanko writes the XMP packet from ``document_meta``,
    so the title from the information dictionary is carried over into it.
    """
    from pyhanko.pdf_utils import generic

    root = writer.root
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else generic.DictionaryObject()
    prefs[generic.NameObject("/DisplayDocTitle")] = generic.BooleanObject(True)
    root[generic.NameObject("/ViewerPreferences")] = prefs
    writer.update_root()
    title = writer.document_meta_view.title
    if title:
        writer.document_meta.title = str(title)


def _prepare(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(_claim_pdf_2(pdf)))
    _describe_document(writer)
    return writer


def add_attachment_unsigned(pdf: bytes, data: bytes, description: str) -> bytes:
    """An unsigned export still carries the handover data (import refuses it: not verified)."""
    writer = _prepare(pdf)
    embed_attachment(writer, data, description)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def load_signing_code() -> None:
    """Import pyHanko's signing parts ahead of the first signature (reads no key, no data)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: F401
    from pyhanko.sign import fields, signers  # noqa: F401
    from pyhanko.stamp import StaticStampStyle  # noqa: F401 - imports Pillow


def _blank_appearance(slot: SignatureSlot) -> Any:
    """The signature field's own appearance: empty, over the seal the page already shows.

    ``render_minutes`` draws the seal in the reserved box with the page's Noto Sans (æøå, Sami
    letters); pyHanko's own text stamp would need extra font packages, and a seal drawn as a
    second PDF would have to be parsed and would carry a second copy of the font.
    """
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp import StaticStampStyle

    x1, y1, x2, y2 = slot.box
    blank = RawContent(b"", box=BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1)))
    return StaticStampStyle(background=blank, border_width=0, background_opacity=1.0)


def pyhanko_signer(opened: OpenedKey) -> Any:
    """pyHanko's signer for an opened key."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    signing_cert = asn1_x509.Certificate.load(opened.certificate.public_bytes(der))
    signing_key = asn1_keys.PrivateKeyInfo.load(
        opened.key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    registry = SimpleCertificateStore.from_certs(
        [asn1_x509.Certificate.load(c.public_bytes(der)) for c in certificate_chain(opened)]
    )
    return signers.SimpleSigner(signing_cert=signing_cert, signing_key=signing_key, cert_registry=registry)


def certificate_chain(opened: OpenedKey) -> list[Any]:
    """The CA certificates above the signer's, to embed in the signature (leaf first, root last).

    Taken from the .p12 (a CA's PKCS#12 carries its chain) and completed from the trust list's
    CA certificates, so that a receiver can build the path to the root offline. A self-signed
    key has no chain. Certificates in the .p12 that are not on the path are kept too (pyHanko
    embeds them; harmless).
    """
    from desktop.services.minutes.trust import TrustError, load_trust_list

    pool = list(opened.extra_certificates)
    try:
        pool += load_trust_list().ca_certificates()
    except TrustError:
        pass  # a damaged trust list must not stop signing; the .p12's own chain is still embedded
    chain: list[Any] = []
    current = opened.certificate
    while current.issuer != current.subject and len(chain) < 8:
        issuer = next((c for c in pool if c.subject == current.issuer and c not in chain), None)
        if issuer is None:
            break
        chain.append(issuer)
        current = issuer
    return chain + [c for c in opened.extra_certificates if c not in chain]


def _signature_space(signer: Any) -> int:
    """Bytes to reserve for the CMS signature container.

    Without a number pyHanko builds a whole trial signature to measure it (a third of the signing
    time). The container holds the certificates, the signed attributes and the signature value:
    8 KiB covers the attributes and an RSA-4096 signature with room to spare, plus the certificates.
    """
    certificates = [signer.signing_cert, *list(signer.cert_registry)]
    space = 8192 + sum(len(cert.dump()) for cert in certificates)
    return space + space % 2  # pyHanko wants an even number


@functools.cache
def _clocked_signer_class() -> type:
    """pyHanko's PdfSigner, with the signing time taken from the program's clock.

    pyHanko reads the system clock itself and offers no parameter for it; the signature, the
    certificate's validity and the minutes must agree on the time, also when a test fixes it.
    """
    from pyhanko.sign import signers

    class ClockedPdfSigner(signers.PdfSigner):
        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = clock.now_utc()
            return session

    return ClockedPdfSigner


def sign_pdf(request: SignRequest, opened: OpenedKey | None = None) -> SignResult:
    """Embed the attachment and sign, in one incremental update; return the final bytes."""
    from pyhanko.sign import fields, signers

    opened = opened or open_key(request.key_path, request.passphrase)
    info = opened.info
    signer = pyhanko_signer(opened)
    writer = _prepare(request.pdf)
    if request.attachment is not None:
        embed_attachment(writer, request.attachment, request.attachment_description)
    stamp_style = None
    if request.slot is not None:
        field_spec = fields.SigFieldSpec(
            SIGNATURE_FIELD, on_page=request.slot.page_index, box=request.slot.box
        )
        stamp_style = _blank_appearance(request.slot)
    else:
        field_spec = fields.SigFieldSpec(SIGNATURE_FIELD, on_page=-1)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason or None,
        location=request.location or None,
        name=info.subject_name,
        signer_key_usage={"digital_signature"},
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    timestamper = configured_timestamper()
    pdf_signer = _clocked_signer_class()(
        meta, signer=signer, stamp_style=stamp_style, new_field_spec=field_spec, timestamper=timestamper
    )
    out = io.BytesIO()
    space = _signature_space(signer) + (TIMESTAMP_SPACE if timestamper is not None else 0)
    try:
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=space)
    except Exception as exc:
        if timestamper is None:
            raise
        raise SigningError(
            _("The timestamp service {url} did not answer, so nothing was signed. Try again, or clear "
              "the timestamp address in the settings.").format(url=getattr(timestamper, "url", ""))
        ) from exc  # fmt: skip
    data = out.getvalue()
    return SignResult(
        pdf=data,
        signer=info.subject_name,
        fingerprint_sha256=info.fingerprint_sha256,
        signed_at=clock.now(),
        sha256=hashlib.sha256(data).hexdigest(),
    )


#: Room for a timestamp token in the signature container (its own certificates included).
TIMESTAMP_SPACE = 16384
TIMESTAMP_TIMEOUT_SECONDS = 20


def configured_timestamper() -> Any:
    """The timestamp service for PAdES B-T, or None (the default: B-B, no network at all).

    Only an organisation that runs (or buys) an RFC 3161 timestamp service sets
    ``timestamp_url`` in the settings; then, and only then, signing sends the signature's hash
    (never the document) to that address.
    """
    from desktop.settings import load_settings

    url = load_settings().timestamp_url.strip()
    return _url_timestamper(url) if url else None


def _url_timestamper(url: str) -> Any:
    """An RFC 3161 client over the standard library's HTTP (pyHanko's own needs aiohttp, which
    this application keeps out of the process: ``offline_pyhanko``)."""
    import asyncio

    from pyhanko.sign.timestamps.api import TimeStamper

    class UrlTimeStamper(TimeStamper):
        def __init__(self, address: str) -> None:
            super().__init__()  # type: ignore[no-untyped-call]  # pyHanko leaves it unannotated
            self.url = address

        def _post(self, body: bytes) -> bytes:
            import urllib.request

            request = urllib.request.Request(
                self.url, data=body, headers={"Content-Type": "application/timestamp-query"}, method="POST"
            )
            with urllib.request.urlopen(request, timeout=TIMESTAMP_TIMEOUT_SECONDS) as response:  # noqa: S310
                return bytes(response.read())

        async def async_request_tsa_response(self, req: Any) -> Any:
            from asn1crypto import tsp
            from pyhanko.sign.general import SigningError as PyhankoSigningError

            try:
                raw = await asyncio.to_thread(self._post, req.dump())
            except OSError as exc:
                raise PyhankoSigningError("timestamp service unreachable") from exc
            return tsp.TimeStampResp.load(raw)

    return UrlTimeStamper(url)
