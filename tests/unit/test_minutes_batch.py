"""``export-minutes`` with several meetings: one process, one key opening, a folder of PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select

from desktop.cli import main
from desktop.db import Database
from desktop.models import Case, Meeting, MinutesVersion
from desktop.services.minutes.verify import verify_bytes
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey, held_meeting_ids, planned_meeting_id

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key


def _export(db: Database, *options: str) -> int:
    return main(["export-minutes", "--db", str(db.path), *options])


def _signed(key: SessionKey) -> list[str]:
    return ["--sign-with", str(key.path), "--passphrase-env", "MINUTES_PW"]


def _expected_name(db: Database, meeting_id: int, version: int = 1) -> str:
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        case = session.get(Case, meeting.case_id)
        assert case is not None
        reference = case.reference.replace("/", "-")
        return f"referat-{reference}-{meeting.start.date().isoformat()}-v{version}.pdf"


def _stored(db: Database) -> int:
    with db.session() as session:
        return len(session.exec(select(MinutesVersion.id)).all())


@pytest.fixture(autouse=True)
def _passphrase(signing_key: SessionKey, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTES_PW", signing_key.passphrase)


def test_several_meetings_into_a_new_folder_signed(
    demo_db: Database, signing_key: SessionKey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meetings = held_meeting_ids(demo_db)[:3]
    folder = tmp_path / "ut" / "referater"  # neither exists yet
    options = [item for m in meetings for item in ("--meeting", str(m))]
    code = _export(demo_db, *options, "--out", str(folder), *_signed(signing_key))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == sorted(_expected_name(demo_db, m) for m in meetings)
    for file in files:
        result = verify_bytes(file.read_bytes())
        assert result.is_valid, file
        assert "Ingrid Solberg" not in file.name and "Kari" not in file.name
    lines = captured.out.strip().splitlines()
    assert len(lines) == len(meetings) + 1
    for meeting, line in zip(meetings, lines, strict=False):
        assert line.startswith(f"Møte {meeting}: Skrev "), line
    assert lines[-1] == f"3 av 3 møter eksportert til {folder}."
    assert signing_key.passphrase not in captured.out + captured.err
    with demo_db.session() as session:
        statuses = {m.status for m in session.exec(select(Meeting).where(col(Meeting.id).in_(meetings)))}
    assert statuses == {"signed"}


def test_all_closed_since_a_date(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_db.session() as session:
        held = session.exec(
            select(Meeting).where(Meeting.status == "held").order_by(col(Meeting.start))
        ).all()
        starts = sorted({m.start.date() for m in held})
        since = starts[len(starts) // 2]
        expected = {m.id for m in held if m.start.date() >= since}
    assert expected and len(expected) < len(held)
    folder = tmp_path / "out"
    assert _export(demo_db, "--all-closed", "--since", since.isoformat(), "--out", str(folder)) == 0
    out = capsys.readouterr().out
    assert len(list(folder.glob("*.pdf"))) == len(expected)
    assert {int(line.split(":")[0].removeprefix("Møte ")) for line in out.splitlines()[:-1]} == expected
    assert out.strip().endswith(f"{len(expected)} av {len(expected)} møter eksportert til {folder}.")
    for file in folder.glob("*.pdf"):  # unsigned: a PDF, but no signature to verify
        assert file.read_bytes().startswith(b"%PDF-")
        assert not verify_bytes(file.read_bytes()).is_valid


def test_all_closed_rejects_an_impossible_date_and_a_missing_since(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    assert _export(demo_db, "--all-closed", "--since", "2026-02-30", "--out", str(folder)) == 1
    err = capsys.readouterr().err
    assert "2026-02-30 er ikke en dato" in err and "Traceback" not in err
    assert _export(demo_db, "--all-closed", "--out", str(folder)) == 1
    assert "--since" in capsys.readouterr().err
    assert _export(demo_db, "--meeting", "1", "--since", "2026-01-01", "--out", str(folder)) == 1
    assert not folder.exists() and _stored(demo_db) == 0


def test_one_bad_id_among_good_ones(
    demo_db: Database, signing_key: SessionKey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = held_meeting_ids(demo_db)[:2]
    planned = planned_meeting_id(demo_db)
    folder = tmp_path / "out"
    code = _export(
        demo_db, "--meeting", str(good[0]), "--meeting", str(planned), "--meeting", "99999",
        "--meeting", str(good[1]), "--out", str(folder), *_signed(signing_key),
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert len(list(folder.glob("*.pdf"))) == 2
    assert all(verify_bytes(f.read_bytes()).is_valid for f in folder.glob("*.pdf"))
    assert (
        f"Møte {planned}: ikke eksportert. Referat kan bare lages for et møte som er holdt." in captured.err
    )
    assert "Møte 99999: ikke eksportert. Det finnes ikke noe møte med id 99999." in captured.err
    assert "Traceback" not in captured.err
    assert captured.out.strip().splitlines()[-1] == f"2 av 4 møter eksportert til {folder}."
    assert _stored(demo_db) == 2


def test_a_wrong_passphrase_writes_nothing(
    demo_db: Database, signing_key: SessionKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("MINUTES_PW", "feil passord")
    meetings = held_meeting_ids(demo_db)[:3]
    folder = tmp_path / "out"
    options = [item for m in meetings for item in ("--meeting", str(m))]
    assert _export(demo_db, *options, "--out", str(folder), *_signed(signing_key)) == 1
    assert (
        _export(demo_db, "--all-closed", "--since", "2000-01-01", "--out", str(folder), *_signed(signing_key))
        == 1
    )
    captured = capsys.readouterr()
    assert "feil passord" not in captured.err and "Traceback" not in captured.err
    assert captured.out == ""
    assert not folder.exists()
    assert _stored(demo_db) == 0


def test_a_file_is_not_a_folder(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meetings = held_meeting_ids(demo_db)[:2]
    existing = tmp_path / "referat.pdf"
    existing.write_bytes(b"%PDF-1.7 earlier export")
    assert (
        _export(demo_db, "--meeting", str(meetings[0]), "--meeting", str(meetings[1]), "--out", str(existing))
        == 1
    )
    assert "mappe" in capsys.readouterr().err
    assert existing.read_bytes() == b"%PDF-1.7 earlier export" and _stored(demo_db) == 0


def test_single_meeting_writes_the_named_file_as_before(
    demo_db: Database, signing_key: SessionKey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = held_meeting_ids(demo_db)[0]
    out = tmp_path / "mitt-referat.pdf"
    assert _export(demo_db, "--meeting", str(meeting), "--out", str(out), *_signed(signing_key)) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"Skrev {out}: versjon 1, ") and captured.out.count("\n") == 1
    assert captured.out.endswith(" sider, signert av Ingrid Solberg.\n")
    assert list(tmp_path.glob("*.pdf")) == [out]
    assert verify_bytes(out.read_bytes()).is_valid
    # The same meeting twice is one meeting: exported once, into the folder.
    folder = tmp_path / "again"
    assert _export(demo_db, "--meeting", str(meeting), "--meeting", str(meeting), "--out", str(folder)) == 0
    assert [f.name for f in folder.iterdir()] == [_expected_name(demo_db, meeting, version=2)]
    assert capsys.readouterr().out.strip().endswith(f"1 av 1 møte eksportert til {folder}.")
