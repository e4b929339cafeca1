"""Sealing the minutes: the key opened once, the seal's words, and the signature over the file.

A stored version (``versions.py``), each recipient's copy (``copies.py``) and the handover copy
(``handover_copy.py``) are sealed alike: the same stamp on the last page, the same reason in the
signature. The stamp is honest about what it is: a seal of this installation, not BankID.
Without a key a document is rendered the same way, unsealed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from desktop import clock
from desktop.i18n import _
from desktop.services.minutes.data import MinutesData

if TYPE_CHECKING:
    from desktop.services.minutes.pdf_story import VersionInfo
    from desktop.services.minutes.signing import SignatureSlot
    from desktop.services.minutes.signing_keys import OpenedKey
    from desktop.services.minutes.versions import SigningKey


@dataclass(frozen=True)
class SealTexts:
    """The words that go into the PDF besides the minutes themselves, in the minutes' language."""

    attachment_description: str
    reason: str
    stamp_lines: tuple[str, ...]


def seal_texts(data: MinutesData, signer: str, moment: datetime, lang: str) -> SealTexts:
    """One language switch for all of them. The stamp is honest about what it is: a seal of this
    installation, not BankID."""
    from desktop.services.minutes.pdf import language
    from desktop.services.minutes.sentences import format_when

    with language(lang):
        return SealTexts(
            attachment_description=_(
                "Meeting and plan data for a new coordinator (Ansvarsgruppe handover, JSON)"
            ),
            reason=_("Minutes of a responsibility group meeting"),
            stamp_lines=(
                _("Electronic seal: not BankID"),
                _("Sealed by this Ansvarsgruppe installation"),
                _("on behalf of {name}").format(name=signer or data.facts.facilitator),
                _("Signed {time}").format(time=format_when(moment)),
                _("Case {reference}").format(reference=data.facts.case_reference),
            ),
        )


def open_signing_key(key: SigningKey | None, opened: OpenedKey | None) -> OpenedKey | None:
    """``key`` opened, unless the caller (a batch) opened it already; None without a key.

    A wrong passphrase stops here, before anything is rendered or written.
    """
    if key is None:
        return None
    if opened is None:
        from desktop.services.minutes.signing_keys import open_key

        return open_key(key.path, key.passphrase)
    return opened


@dataclass(frozen=True)
class Sealer:
    """The key a document is sealed with, already opened; without one nothing is sealed."""

    key: SigningKey | None
    opened: OpenedKey | None

    @property
    def name(self) -> str:
        """Whom the key was issued to: printed on the stamp and stored with the version."""
        return self.opened.info.subject_name if self.opened is not None else ""

    def texts(self, data: MinutesData, lang: str) -> SealTexts:
        """The seal's words for ``data`` now. The stamp says when the document was signed: the
        moment before rendering, so a little earlier than the signature's own time."""
        return seal_texts(data, self.name, clock.now(), lang)

    def describe(self, info: VersionInfo, texts: SealTexts) -> VersionInfo:
        """``info`` with what the page says about the seal: whether it will be sealed, by whom,
        and the stamp's lines."""
        return dataclasses.replace(
            info,
            will_be_signed=self.opened is not None,
            signer_name=self.name,
            stamp_lines=texts.stamp_lines if self.opened is not None else (),
        )

    def seal(
        self,
        pdf: bytes,
        slot: SignatureSlot | None,
        texts: SealTexts,
        place: str,
        *,
        attachment: bytes | None = None,
    ) -> tuple[bytes, datetime | None]:
        """``pdf`` signed (``attachment`` embedded in the same update), and when it was signed.

        Without a key the PDF stays unsigned (None): only an attachment is embedded, if any.
        """
        if self.key is None or self.opened is None:
            if attachment is None:
                return pdf, None
            from desktop.services.minutes.signing import add_attachment_unsigned

            return add_attachment_unsigned(pdf, attachment, texts.attachment_description), None
        from desktop.services.minutes.signing import SignRequest, sign_pdf

        result = sign_pdf(
            SignRequest(
                pdf=pdf,
                key_path=self.key.path,
                passphrase=self.key.passphrase,
                slot=slot,
                attachment=attachment,
                attachment_description=texts.attachment_description,
                reason=texts.reason,
                location=place[:120],
            ),
            self.opened,
        )
        return result.pdf, result.signed_at


@dataclass(frozen=True)
class SealedMinutes:
    """The final PDF bytes, its pages, when it was signed (None: not signed) and by whom."""

    pdf: bytes
    page_count: int
    signed_at: datetime | None
    signer_name: str


def render_and_seal(
    data: MinutesData,
    lang: str,
    info: VersionInfo,
    sealer: Sealer,
    *,
    attachment: bytes | None = None,
) -> SealedMinutes:
    """Render the minutes as ``info`` describes them, then seal them with ``sealer``.

    Only the handover copy passes an ``attachment`` (the data for a new coordinator).
    """
    from desktop.services.minutes.pdf import render_minutes

    texts = sealer.texts(data, lang)
    rendered = render_minutes(data, lang=lang, version=sealer.describe(info, texts))
    pdf, signed_at = sealer.seal(
        rendered.pdf, rendered.signature_slot, texts, data.facts.place, attachment=attachment
    )
    return SealedMinutes(pdf, rendered.page_count, signed_at, sealer.name if signed_at is not None else "")
