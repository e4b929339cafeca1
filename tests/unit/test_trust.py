"""Who signed: the trust list, verify's three answers and exit codes, import's refusal, the seal.

Every PDF here is really signed with a real key (self-signed, or issued by a test CA made with
``cryptography``) and really validated; the trust list is the real file in the test's data folder.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database
from desktop.services.minutes import signing, signing_keys, trust
from desktop.services.minutes.verify import verify_bytes
from tests.conftest import TODAY
from tests.unit import minutes_fixtures
from tests.unit.trust_fixtures import (
    PASSPHRASE,
    handover_pdf,
    issue_key,
    make_ca,
    self_signed_key,
    signed_pdf,
    write_pem,
)

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "verify", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _status(path: Path, *extra: str) -> dict[str, object]:
    import contextlib

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        main(["verify", "--json", str(path), *extra])
    return json.loads(buffer.getvalue())


# -- verify: trusted, known, unknown --------------------------------------------------------------


def test_own_key_is_trusted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)  # in the key folder: this installation's
    pdf = signed_pdf(own.path, tmp_path / "own.pdf")
    code, out, _err = _verify(capsys, str(pdf))
    assert code == 0
    assert "Trusted: signed with this installation's own key (Ingrid Solberg)." in out
    status = _status(pdf)
    assert (status["signer_status"], status["trusted_via"]) == ("trusted", "own")


def test_unknown_signer_exits_3_with_the_fingerprint_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forger = self_signed_key("Ingrid Solberg", tmp_path / "forger.p12")  # same name, other key
    signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)  # the real one is in the key folder
    pdf = signed_pdf(forger.path, tmp_path / "forged.pdf")
    code, out, _err = _verify(capsys, str(pdf))
    assert code == 3
    assert "Unknown signer" in out
    assert trust.group_fingerprint(forger.fingerprint) in out
    assert f"trust add --fingerprint {forger.fingerprint}" in out
    assert _status(pdf)["signer_status"] == "unknown"


def test_pinned_colleague_by_fingerprint_and_by_certificate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    colleague = self_signed_key("Per Hansen", tmp_path / "per.p12")
    pdf = signed_pdf(colleague.path, tmp_path / "per.pdf")
    assert _verify(capsys, str(pdf))[0] == 3

    grouped = trust.group_fingerprint(colleague.fingerprint).upper()  # as read out on the phone
    assert main(["trust", "add", "--fingerprint", grouped, "--name", "Per Hansen, NAV"]) == 0
    code, out, _err = _verify(capsys, str(pdf))
    assert code == 0 and "Trusted: Per Hansen, NAV, whose key is in your trust list." in out

    assert main(["trust", "remove", colleague.fingerprint]) == 0
    assert _verify(capsys, str(pdf))[0] == 3

    pem = write_pem(colleague.certificate, tmp_path / "per.pem")
    assert main(["trust", "add", str(pem)]) == 0
    status = _status(pdf)
    assert (status["signer_status"], status["trusted_via"], status["trusted_name"]) == (
        "trusted",
        "pinned",
        "Per Hansen",
    )


def test_ca_issued_key_is_trusted_through_the_ca(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ca = make_ca("Test CA Virksomhet")
    issued = issue_key(ca, "Kari Nordmann", tmp_path / "kari.p12")
    pdf = signed_pdf(issued.path, tmp_path / "kari.pdf")
    assert _verify(capsys, str(pdf))[0] == 3  # the CA is not trusted yet

    assert main(["trust", "add", str(write_pem(ca[1], tmp_path / "ca.pem"))]) == 0
    listed = json.loads(_run_json(capsys, "trust", "list", "--json"))
    assert [(e["kind"], e["name"]) for e in listed] == [("ca", "Test CA Virksomhet")]
    code, out, _err = _verify(capsys, str(pdf))
    assert code == 0
    assert "Kari Nordmann, with a certificate from Test CA Virksomhet" in out
    status = _status(pdf)
    assert (status["trusted_via"], status["issuer"]) == ("ca", "Test CA Virksomhet")

    # Same name, another CA: the listed CA does not vouch for it.
    other = issue_key(make_ca("Test CA Virksomhet"), "Kari Nordmann", tmp_path / "fake.p12")
    assert _verify(capsys, str(signed_pdf(other.path, tmp_path / "fake.pdf")))[0] == 3


def test_the_chain_is_embedded_in_the_signature(tmp_path: Path) -> None:
    """A .p12 without its chain still signs with it when the CA is in the trust list."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    ca = make_ca("Test CA")
    trust.add_certificate_file(write_pem(ca[1], tmp_path / "ca.pem"))
    bare = issue_key(ca, "Kari Nordmann", tmp_path / "bare.p12", with_chain=False)
    pdf = signed_pdf(bare.path, tmp_path / "k.pdf").read_bytes()
    (sig,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    embedded = {cert.chosen.subject.native["common_name"] for cert in sig.signed_data["certificates"]}
    assert embedded == {"Kari Nordmann", "Test CA"}


def test_known_signer_of_the_case_needs_the_database(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The key that signed earlier minutes of this case here is "known" (with --db), not unknown."""
    from desktop.services.minutes.versions import MinutesService, SigningKey

    colleague = self_signed_key("Ingrid Solberg", tmp_path / "ingrid.p12")  # not in the key folder
    meeting = minutes_fixtures.held_meeting_ids(demo_db)[0]
    MinutesService(demo_db).export(meeting, key=SigningKey(colleague.path, PASSPHRASE), today=TODAY)
    copy = handover_pdf(demo_db, meeting, colleague.path, tmp_path / "overføring.pdf")
    stranger = self_signed_key("Ingrid Solberg", tmp_path / "stranger.p12")
    forged = handover_pdf(demo_db, meeting, stranger.path, tmp_path / "forged.pdf")
    demo_db.dispose()

    assert _verify(capsys, str(copy))[0] == 3
    code, out, _err = _verify(capsys, str(copy), "--db", str(demo_db.path))
    assert code == 0 and "Known: the same key (Ingrid Solberg) signed earlier minutes of this case" in out
    assert _verify(capsys, str(forged), "--db", str(demo_db.path))[0] == 3  # same name, other key
    empty = tmp_path / "empty.db"
    Database.open(empty).dispose()
    assert _verify(capsys, str(copy), "--db", str(empty))[0] == 3


def test_exit_1_for_tampered_unsigned_and_garbage_and_2_for_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    good = signed_pdf(own.path, tmp_path / "good.pdf").read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0x01
    (tmp_path / "flipped.pdf").write_bytes(bytes(flipped))
    (tmp_path / "appended.pdf").write_bytes(good + b"\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    (tmp_path / "garbage.pdf").write_bytes(b"hello")
    for name in ("flipped.pdf", "appended.pdf", "garbage.pdf", "missing.pdf"):
        code, _out, err = _verify(capsys, str(tmp_path / name))
        assert code == 1, name
        assert err.strip()
    code, out, _err = _verify(capsys, str(tmp_path / "flipped.pdf"))
    # The old contradiction: "Intact: no" next to "Modified after signing: no".
    assert "Intact: no" in out and "Modified after signing: yes" in out
    with pytest.raises(SystemExit) as usage:
        main(["verify"])
    assert usage.value.code == 2


def test_verify_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", "verify", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "0 unchanged and the signer trusted or known; 3 unchanged but the signer unknown; 1" in text


# -- the trust list file ------------------------------------------------------------------------


def _run_json(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_trust_file_is_private_and_lists_own_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    trust.add_fingerprint("ab" * 32, "Per Hansen")
    mode = stat.S_IMODE(os.stat(trust.trust_path()).st_mode)
    assert mode == 0o600
    assert not list(trust.trust_path().parent.glob("*.part"))
    listed = json.loads(_run_json(capsys, "trust", "list", "--json"))
    assert [(e["kind"], e["fingerprint_sha256"]) for e in listed] == [
        ("own", own.fingerprint_sha256),
        ("pinned", "ab" * 32),
    ]
    # An own key cannot be removed from the list (delete the key instead), nor added twice.
    assert main(["trust", "remove", own.fingerprint_sha256]) == 1
    assert trust.add_fingerprint(own.fingerprint_sha256, "Meg") is None
    assert "own" not in trust.trust_path().read_text()


def test_pkcs12_with_passphrase_pins_only_its_own_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ca = make_ca("Test CA")
    issued = issue_key(ca, "Kari Nordmann", tmp_path / "kari.p12")
    assert main(["trust", "add", str(issued.path)]) == 1  # no passphrase: a clear refusal
    assert "Traceback" not in capsys.readouterr().err
    monkeypatch.setenv("P12_PW", PASSPHRASE)
    assert main(["trust", "add", str(issued.path), "--passphrase-env", "P12_PW"]) == 0
    entries = trust.load_trust_list().entries
    assert [(e.kind, e.fingerprint_sha256) for e in entries] == [("pinned", issued.fingerprint)]


def test_bad_input_is_refused_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trust", "add", "--fingerprint", "abc", "--name", "X"]) == 1
    assert main(["trust", "add", "--fingerprint", "ab" * 32]) == 1  # no name
    assert main(["trust", "remove", "cd" * 32]) == 1
    (tmp_path / "junk.pem").write_text("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
    assert main(["trust", "add", str(tmp_path / "junk.pem")]) == 1
    trust.trust_path().write_text("{not json")
    assert main(["trust", "list"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "trust.json" in err


# -- import: refusal and confirmation -------------------------------------------------------------


def test_import_refuses_an_unknown_signer_until_the_fingerprint_is_confirmed(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    colleague = self_signed_key("Per Hansen", tmp_path / "per.p12")
    meeting = minutes_fixtures.held_meeting_ids(demo_db)[0]
    copy = handover_pdf(demo_db, meeting, colleague.path, tmp_path / "overføring.pdf")
    target = tmp_path / "new.db"
    capsys.readouterr()

    assert main(["--lang", "en", "import", str(copy), "--db", str(target)]) == 3
    err = capsys.readouterr().err
    assert "not in your trust list" in err and f"--trust-fingerprint {colleague.fingerprint}" in err
    assert not target.exists()  # refused before any database was made

    wrong = "0" * 64
    assert main(["--lang", "en", "import", str(copy), "--db", str(target), "--trust-fingerprint", wrong]) == 3
    assert "not the signer's" in capsys.readouterr().err and not target.exists()

    code = main(["--lang", "en", "import", str(copy), "--db", str(target), "--trust-fingerprint",
                 colleague.fingerprint])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "Imported case" in out
    assert f"trust add --fingerprint {colleague.fingerprint}" in out  # says how to trust the key
    assert trust.load_trust_list().find(colleague.fingerprint) is None

    code = main(["import", str(copy), "--db", str(target), "--trust-fingerprint", colleague.fingerprint,
                 "--add-to-trust-list"])  # fmt: skip
    assert code == 0
    entry = trust.load_trust_list().find(colleague.fingerprint)
    assert entry is not None and entry.name == "Per Hansen" and entry.certificate_pem
    assert main(["import", str(copy), "--db", str(target)]) == 0  # trusted now: no fingerprint needed
    # --add-to-trust-list without the fingerprint it vouches for is refused.
    assert main(["import", str(copy), "--db", str(target), "--add-to-trust-list"]) == 1


def test_import_accepts_own_and_ca_issued_signers(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = minutes_fixtures.held_meeting_ids(demo_db)[0]
    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    assert main(["import", str(handover_pdf(demo_db, meeting, own.path, tmp_path / "a.pdf")),
                 "--db", str(tmp_path / "a.db")]) == 0  # fmt: skip
    ca = make_ca("Test CA")
    trust.add_certificate_file(write_pem(ca[1], tmp_path / "ca.pem"))
    issued = issue_key(ca, "Kari Nordmann", tmp_path / "kari.p12")
    assert main(["import", str(handover_pdf(demo_db, meeting, issued.path, tmp_path / "b.pdf")),
                 "--db", str(tmp_path / "b.db")]) == 0  # fmt: skip
    assert "Traceback" not in capsys.readouterr().err


# -- the seal itself ----------------------------------------------------------------------------


def test_seal_is_a_docmdp_certification_with_consistent_version_and_title(tmp_path: Path) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    pdf = signed_pdf(own.path, tmp_path / "s.pdf", title="Referat · sak AG-1").read_bytes()
    assert pdf.startswith(b"%PDF-2.0")
    reader = PdfFileReader(io.BytesIO(pdf))
    assert str(reader.root.get("/Version", "/2.0")) == "/2.0"
    assert bool(reader.root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    xmp = reader.root["/Metadata"].get_object().data.decode("utf-8")
    assert "<dc:title" in xmp and "Referat · sak AG-1" in xmp
    (sig,) = reader.embedded_signatures
    reference = sig.sig_object["/Reference"][0].get_object()
    assert reference["/TransformMethod"] == "/DocMDP" and reference["/TransformParams"]["/P"] == 1
    assert "/DocMDP" in reader.root["/Perms"]
    result = verify_bytes(pdf, trust=trust.load_trust_list())
    assert result.is_valid and result.is_certified and result.is_accepted and not result.has_timestamp


def test_an_annotation_added_after_certifying_is_refused(tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    pdf = signed_pdf(own.path, tmp_path / "s.pdf").read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Text"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (10, 10, 30, 30)]),
        generic.NameObject("/Contents"): generic.TextStringObject("endret"),
    })  # fmt: skip
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    result = verify_bytes(out.getvalue(), trust=trust.load_trust_list())
    assert not result.is_valid and result.modified_after_signing


def _test_tsa(tmp_path: Path) -> object:
    """pyHanko's in-process test TSA, with a certificate issued by a test CA (no socket)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    ca = make_ca("Test TSA CA")
    tsa = issue_key(ca, "Test TSA", tmp_path / "tsa.p12", timestamping=True)
    tsa_key, tsa_cert, _extra = pkcs12.load_key_and_certificates(tsa.path.read_bytes(), PASSPHRASE.encode())
    der = serialization.Encoding.DER
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_cert.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        certs_to_embed=[asn1_x509.Certificate.load(ca[1].public_bytes(der))],
    )


def test_timestamps_are_off_by_default_and_work_when_a_service_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B-B by default (no network); with a timestamp service the signature carries a token (B-T)."""
    assert signing.configured_timestamper() is None
    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    assert not verify_bytes(signed_pdf(own.path, tmp_path / "bb.pdf").read_bytes()).has_timestamp
    monkeypatch.setattr(signing, "configured_timestamper", lambda: _test_tsa(tmp_path))
    pdf = signed_pdf(own.path, tmp_path / "bt.pdf").read_bytes()
    result = verify_bytes(pdf, trust=trust.load_trust_list())
    assert result.is_valid and result.has_timestamp and result.signer_status == "trusted"


def test_the_timestamp_url_is_asked_over_http_only_when_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The configured URL gets an RFC 3161 request (the hash only) and its answer is embedded.

    ``urlopen`` is replaced by the in-process TSA: the request is real, no socket is opened.
    """
    import urllib.request

    from asn1crypto import tsp

    from desktop.settings import update_settings

    tsa = _test_tsa(tmp_path)
    seen: list[tuple[str, str | None]] = []

    class Reply:
        def __init__(self, body: bytes) -> None:
            self.body = body

        def __enter__(self) -> Reply:
            return self

        def __exit__(self, *_exc: object) -> None:
            return None

        def read(self) -> bytes:
            return self.body

    def fake_urlopen(request: urllib.request.Request, timeout: float) -> Reply:
        seen.append((request.full_url, request.get_header("Content-type")))
        answer = tsa.request_tsa_response(tsp.TimeStampReq.load(request.data))  # type: ignore[attr-defined]
        return Reply(answer.dump())

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    signed_pdf(own.path, tmp_path / "off.pdf")
    assert seen == []  # the default: never asked
    update_settings(timestamp_url="https://tsa.example.invalid/tsr")
    pdf = signed_pdf(own.path, tmp_path / "bt.pdf").read_bytes()
    assert seen and seen[0] == ("https://tsa.example.invalid/tsr", "application/timestamp-query")
    assert verify_bytes(pdf).has_timestamp

    def unreachable(_request: object, timeout: float) -> Reply:
        raise OSError("no route")

    monkeypatch.setattr(urllib.request, "urlopen", unreachable)
    with pytest.raises(signing_keys.SigningError, match="tsa.example.invalid"):
        signed_pdf(own.path, tmp_path / "failed.pdf")
    assert not (tmp_path / "failed.pdf").exists()
    update_settings(timestamp_url="")
    assert signing.configured_timestamper() is None
