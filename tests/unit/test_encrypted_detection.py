"""Only a file that could be an encrypted database is treated as one (finding 6)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from desktop.db import Database, encrypt_database, is_encrypted, probe_database
from desktop.errors import NotAnAnsvarsgruppeDatabaseError


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def zip_bytes(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", os.urandom(size))
    data = buffer.getvalue()
    return data + b"\0" * (-len(data) % 4096)  # a whole number of "pages": size alone decides nothing


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(("Referat fra møtet 🙂 áčđŋšŧž\n" * 400).encode()[:8192], id="utf8-text-page-sized"),
        pytest.param(b"%PDF-1.7\n" + os.urandom(4096 - 9), id="pdf"),
        pytest.param(zip_bytes(6000), id="docx-zip"),
        pytest.param(os.urandom(4000), id="random-not-whole-pages"),
        pytest.param(bytes(4096), id="zeros"),
        pytest.param(b"", id="empty"),
    ],
)
def test_things_that_are_not_encrypted_databases(tmp_path: Path, data: bytes) -> None:
    assert not is_encrypted(write(tmp_path / "t.db", data))


def test_random_whole_pages_could_be_encrypted(tmp_path: Path) -> None:
    assert is_encrypted(write(tmp_path / "x.db", os.urandom(4096 * 3)))


def test_a_real_encrypted_database_is_recognised(db: Database) -> None:
    path = db.path
    db.dispose()
    encrypt_database(path, "en lang og god passordfrase")
    assert is_encrypted(path)


def test_a_plain_database_is_not_encrypted(db: Database) -> None:
    assert not is_encrypted(db.path)


def test_a_text_file_is_called_not_a_database_without_talk_of_passphrases(tmp_path: Path) -> None:
    path = write(tmp_path / "t.txt", b"Hei, dette er et notat.\n" * 100)
    before = path.read_bytes()
    with pytest.raises(NotAnAnsvarsgruppeDatabaseError) as info:
        probe_database(path)
    assert "ikke en Ansvarsgruppe-database" in str(info.value)
    assert "passord" not in str(info.value)
    with pytest.raises(NotAnAnsvarsgruppeDatabaseError):  # a passphrase does not make text a database
        probe_database(path, passphrase="noe")
    assert path.read_bytes() == before
