"""An option the command line accepts does what it says, or is refused (issue 15, point 11).

``demo --db F --db-passphrase-env VAR`` wrote an unencrypted database; ``--db-passphrase-env``
given before the command name was dropped without a word; ``--self-test`` ignored ``--db``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database, is_encrypted, is_plain_sqlite
from desktop.errors import NotAnAnsvarsgruppeDatabaseError, WrongPassphraseError
from tests.sql import sql_rows

PASSPHRASE = "en lang nok frase"


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AG_DEMO_PASS", PASSPHRASE)
    return "AG_DEMO_PASS"


def assert_encrypted_with_the_passphrase(path: Path) -> None:
    assert not is_plain_sqlite(path) and is_encrypted(path)
    assert b"SQLite format 3" not in path.read_bytes()[:4096]
    assert b"Kari" not in path.read_bytes()  # no name of the demo data readable in the file
    with pytest.raises((WrongPassphraseError, NotAnAnsvarsgruppeDatabaseError)):
        Database.open(path, create=False)
    with pytest.raises(WrongPassphraseError):
        Database.open(path, create=False, passphrase="ikke den riktige")
    db = Database.open(path, create=False, passphrase=PASSPHRASE)
    try:
        assert sql_rows(db, 'SELECT count(*) FROM "case"')[0][0] > 0
    finally:
        db.dispose()


def test_demo_with_a_passphrase_writes_an_encrypted_database(
    tmp_path: Path, passphrase_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--db-passphrase-env", passphrase_env]) == 0
    assert_encrypted_with_the_passphrase(path)
    capsys.readouterr()
    assert main(["list-meetings", "--db", str(path), "--db-passphrase-env", passphrase_env, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_the_large_demo_is_encrypted_too(
    tmp_path: Path, passphrase_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.demo import large as demo_large

    real = demo_large.create_large_demo
    monkeypatch.setattr(  # the real generator, at a size a test can afford
        demo_large,
        "create_large_demo",
        lambda path, **kw: real(path, cases=3, meetings_per_case=2, tasks_per_case=4, **kw),
    )
    path = tmp_path / "stor.db"
    assert main(["demo", "--db", str(path), "--scale", "large", "--db-passphrase-env", passphrase_env]) == 0
    assert_encrypted_with_the_passphrase(path)


def test_demo_refuses_a_passphrase_too_short_to_protect_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AG_SHORT", "kort")
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--db-passphrase-env", "AG_SHORT"]) == 1
    assert "minst 8 tegn" in capsys.readouterr().err
    assert not path.exists()


def test_demo_refuses_a_passphrase_variable_that_is_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("AG_NOT_SET", raising=False)
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--db-passphrase-env", "AG_NOT_SET"]) == 1
    assert "AG_NOT_SET" in capsys.readouterr().err and not path.exists()


def test_a_passphrase_option_before_the_command_is_honoured(
    tmp_path: Path, passphrase_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--db-passphrase-env VAR list-meetings --db F``: the command's own default replaced it."""
    path = tmp_path / "demo.db"
    assert main(["--db-passphrase-env", passphrase_env, "demo", "--db", str(path)]) == 0
    assert_encrypted_with_the_passphrase(path)
    capsys.readouterr()
    assert main(["--db-passphrase-env", passphrase_env, "list-meetings", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "argv",
    [
        ["--self-test", "--db", "x.db"],
        ["--self-test", "--db-passphrase-env", "V"],
        ["--self-test", "check", "--db", "x.db"],
    ],
)
def test_the_self_test_refuses_options_it_would_ignore(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2 and "--self-test" in capsys.readouterr().err
