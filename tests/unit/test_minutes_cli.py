"""The command-line contract: export-minutes, verify, import, create-key; exit codes, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey, held_meeting_ids, planned_meeting_id

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key


@pytest.fixture
def demo_path(demo_db: Database) -> Path:
    return demo_db.path


def test_export_sign_verify_import(
    demo_path: Path, demo_db: Database, signing_key: SessionKey, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("MINUTES_PW", signing_key.passphrase)
    out = tmp_path / "referat.pdf"
    meeting = held_meeting_ids(demo_db)[0]
    code = main(["export-minutes", "--db", str(demo_path), "--meeting", str(meeting), "--out", str(out),
                 "--lang", "nn", "--sign-with", str(signing_key.path), "--passphrase-env", "MINUTES_PW"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert out.read_bytes().startswith(b"%PDF-")
    assert signing_key.passphrase not in captured.out + captured.err
    # A key made with create-key --out is not in the trust list: intact, but an unknown signer (3);
    # with the database that stored these minutes, the signer is known (0).
    assert main(["verify", str(out)]) == 3
    printed = capsys.readouterr().out
    assert "Ingrid Solberg" in printed
    assert main(["verify", str(out), "--db", str(demo_path)]) == 0
    capsys.readouterr()
    # Ordinary minutes carry no handover data; the handover copy (issue 18) does, and imports.
    from desktop.services.minutes.signing_keys import read_key

    fingerprint = read_key(signing_key.path, signing_key.passphrase).fingerprint_sha256
    second = tmp_path / "second.db"
    assert main(["import", str(out), "--db", str(second), "--trust-fingerprint", fingerprint]) == 1
    refused = capsys.readouterr().err
    assert "Traceback" not in refused
    assert "Vanlige referater har aldri" in refused and "overføringskopi" in refused
    handover = tmp_path / "overforing.pdf"
    assert main(["export-handover", "--db", str(demo_path), "--case", "1", "--out", str(handover),
                 "--sign-with", str(signing_key.path), "--passphrase-env", "MINUTES_PW"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["import", str(handover), "--db", str(second), "--trust-fingerprint", fingerprint]) == 0
    assert "AG-" in capsys.readouterr().out


def test_verify_fails_for_tampered_unsigned_and_garbage(
    demo_path: Path, demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    signing_key: SessionKey, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("MINUTES_PW", signing_key.passphrase)
    meeting = held_meeting_ids(demo_db)[0]
    unsigned = tmp_path / "u.pdf"
    assert (
        main(["export-minutes", "--db", str(demo_path), "--meeting", str(meeting), "--out", str(unsigned)])
        == 0
    )
    signed = tmp_path / "s.pdf"
    assert main(["export-minutes", "--db", str(demo_path), "--meeting", str(meeting), "--out", str(signed),
                 "--sign-with", str(signing_key.path), "--passphrase-env", "MINUTES_PW"]) == 0  # fmt: skip
    data = bytearray(signed.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(bytes(data))
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(signed.read_bytes() + b"\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"hello")
    capsys.readouterr()
    for path in (unsigned, flipped, appended, garbage, tmp_path / "missing.pdf"):
        assert main(["verify", str(path)]) == 1, path
        err = capsys.readouterr().err
        assert err.strip() and "Traceback" not in err
    assert main(["import", str(unsigned), "--db", str(tmp_path / "x.db")]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_export_refuses_planned_meetings_and_bad_options(
    demo_path: Path, demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    signing_key: SessionKey, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    out = tmp_path / "r.pdf"
    planned = planned_meeting_id(demo_db)
    assert main(["export-minutes", "--db", str(demo_path), "--meeting", str(planned), "--out", str(out)]) == 1
    assert "holdt" in capsys.readouterr().err and not out.exists()
    assert main(["export-minutes", "--db", str(demo_path), "--meeting", "99999", "--out", str(out)]) == 1
    meeting = str(held_meeting_ids(demo_db)[0])
    monkeypatch.delenv("NOT_SET_PW", raising=False)
    assert main(["export-minutes", "--db", str(demo_path), "--meeting", meeting, "--out", str(out),
                 "--sign-with", str(signing_key.path), "--passphrase-env", "NOT_SET_PW"]) == 1  # fmt: skip
    monkeypatch.setenv("WRONG_PW", "feil passord")
    assert main(["export-minutes", "--db", str(demo_path), "--meeting", meeting, "--out", str(out),
                 "--sign-with", str(signing_key.path), "--passphrase-env", "WRONG_PW"]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "Traceback" not in err and "feil passord" not in err
    assert not out.exists()


def test_create_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEW_PW", "et langt passord")
    key = tmp_path / "k.p12"
    assert main(["create-key", "--name", "Áile Somby", "--out", str(key), "--passphrase-env", "NEW_PW"]) == 0
    assert key.exists()
    assert main(["create-key", "--name", "Áile Somby", "--out", str(key), "--passphrase-env", "NEW_PW"]) == 1
