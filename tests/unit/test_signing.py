"""Keys and PAdES signatures: generate/import keys, sign, validate with pyHanko, detect tampering."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.db import Database
from desktop.services.minutes import signing_keys
from desktop.services.minutes.verify import verify_bytes
from desktop.services.minutes.versions import MinutesService, SigningKey
from tests.conftest import TODAY
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
held_meeting = minutes_fixtures.held_meeting
signing_key = minutes_fixtures.signing_key


@pytest.fixture(scope="module")
def signed_pdf(
    tmp_path_factory: pytest.TempPathFactory, signing_key: SessionKey, demo_template: Path
) -> bytes:
    """One signed export shared by the read-only checks below (demo data is slow to build)."""
    from desktop.db import online_backup

    copy = tmp_path_factory.mktemp("signed") / "demo.db"
    online_backup(demo_template, copy)
    db = Database.open(copy)
    try:
        meeting_id = minutes_fixtures.held_meeting_ids(db)[0]
        key = SigningKey(signing_key.path, signing_key.passphrase)
        return MinutesService(db).export(meeting_id, key=key, today=TODAY).pdf
    finally:
        db.dispose()


def test_signature_is_pades_and_valid_over_the_whole_file(signed_pdf: bytes) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import ValidationContext, validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    reader = PdfFileReader(io.BytesIO(signed_pdf))
    (sig,) = reader.embedded_signatures
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
    assert status.intact and status.valid
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert sig.signer_cert.subject.native["common_name"] == "Ingrid Solberg"
    # Ordinary minutes carry no handover data (issue 18): only the handover copy does.
    assert "/Names" not in reader.root or "/EmbeddedFiles" not in str(
        reader.root["/Names"].get_object().keys()
    )
    result = verify_bytes(signed_pdf)
    assert result.is_valid and result.signer == "Ingrid Solberg" and not result.modified_after_signing


def test_visible_stamp_is_on_the_last_page(signed_pdf: bytes) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(signed_pdf))
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    assert any(w.get("/FT") == "/Sig" and w.get("/Rect")[2] > w.get("/Rect")[0] for w in widgets)
    for page in reader.pages[:-1]:
        assert not page.get("/Annots")
    # The seal is drawn with the page, under the field: honest about what it is.
    text = " ".join(last.extract_text().split())
    assert "Elektronisk segl: ikke BankID" in text and "på vegne av Ingrid Solberg" in text
    assert "Elektronisk segl" not in " ".join(p.extract_text() for p in reader.pages[:-1])


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_poppler_agrees(signed_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_pdf)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid" in out and "Total document signed" in out


def test_a_flipped_byte_fails(signed_pdf: bytes) -> None:
    for offset in (len(signed_pdf) // 3, len(signed_pdf) - 200):
        tampered = bytearray(signed_pdf)
        tampered[offset] ^= 0x01
        result = verify_bytes(bytes(tampered))
        assert not result.is_valid
        assert result.message


def test_an_incremental_update_after_signing_fails(signed_pdf: bytes) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else generic.DictionaryObject()
    info[generic.NameObject("/Title")] = generic.TextStringObject("Endret etterpå")
    writer.set_info(info) if hasattr(writer, "set_info") else None
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    result = verify_bytes(out.getvalue())
    assert not result.is_valid
    assert result.modified_after_signing
    assert result.is_intact  # the signed bytes themselves are untouched


def test_unsigned_and_garbage_input_fail_cleanly(demo_db: Database, held_meeting: int) -> None:
    unsigned = MinutesService(demo_db).export(held_meeting, today=TODAY).pdf
    assert not verify_bytes(unsigned).is_valid
    assert not verify_bytes(b"not a pdf").is_valid
    assert not verify_bytes(unsigned[:3000]).is_valid


def test_generated_key_lives_encrypted_in_the_data_folder() -> None:
    info = signing_keys.generate_key("Hanne Moe", "et langt passord")
    assert info.path.parent == signing_keys.keys_dir()
    assert "Hanne" not in info.path.name and info.path.suffix == ".p12"
    assert b"Hanne Moe" not in info.path.read_bytes()  # encrypted, not even the name in clear
    assert [k.fingerprint_sha256 for k in signing_keys.list_keys()] == [info.fingerprint_sha256]
    with pytest.raises(signing_keys.SigningError):
        signing_keys.read_key(info.path, "feil passord")
    assert signing_keys.read_key(info.path, "et langt passord").subject_name == "Hanne Moe"


def test_short_passphrase_and_empty_name_are_refused() -> None:
    with pytest.raises(signing_keys.SigningError):
        signing_keys.generate_key("Hanne Moe", "kort")
    with pytest.raises(signing_keys.SigningError):
        signing_keys.generate_key("   ", "et langt passord")


def test_import_pkcs12_checks_the_passphrase(signing_key: SessionKey) -> None:
    with pytest.raises(signing_keys.SigningError):
        signing_keys.import_pkcs12(signing_key.path, "feil")
    info = signing_keys.import_pkcs12(signing_key.path, signing_key.passphrase)
    assert info.path.parent == signing_keys.keys_dir()
    assert info.subject_name == "Ingrid Solberg"


def test_wrong_passphrase_signs_nothing(
    demo_db: Database, held_meeting: int, signing_key: SessionKey
) -> None:
    service = MinutesService(demo_db)
    with pytest.raises(signing_keys.SigningError):
        service.export(held_meeting, key=SigningKey(signing_key.path, "feil passord"), today=TODAY)
    assert service.versions(held_meeting) == []


def test_sami_letters_in_name_and_passphrase(demo_db: Database, held_meeting: int, tmp_path: Path) -> None:
    path = tmp_path / "sami.p12"
    info = signing_keys.generate_key("Áile Somby áčđŋšŧž", "passord-áčđŋšŧž", out=path)
    result = MinutesService(demo_db).export(
        held_meeting, key=SigningKey(info.path, "passord-áčđŋšŧž"), today=TODAY
    )
    verified = verify_bytes(result.pdf)
    assert verified.is_valid and verified.signer == "Áile Somby áčđŋšŧž"
