"""What a file is, from its first bytes: plain SQLite, plausibly encrypted, or something else.

Nothing here opens the file as a database; these checks run before anything may write to it.
"""

from __future__ import annotations

from pathlib import Path

from desktop.db.messages import _not_a_database, _not_ours

SQLITE_HEADER = b"SQLite format 3\x00"
#: ``PRAGMA application_id`` of our files ("AGRP"), written first into every file this program
#: creates: an SQLite file with no tables is ours (a first start cut short) only when it has it.
APPLICATION_ID = 0x41475250

#: Openings of files that are certainly not an encrypted database (4+ bytes, so that the random
#: salt at the start of an SQLCipher file practically never matches one by chance).
FOREIGN_MAGIC = (
    b"%PDF",  # PDF
    b"PK\x03\x04",  # ZIP, Word/Excel (.docx/.xlsx), ODF
    b"PK\x05\x06",  # empty ZIP
    b"\xd0\xcf\x11\xe0",  # old Office (.doc/.xls)
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff\xe0",  # JPEG
    b"\xff\xd8\xff\xe1",
    b"\xff\xd8\xff\xdb",
    b"{\\rtf",
    b"\x7fELF",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xfd7zXZ",
    b"OggS",
    b"RIFF",
    b"ID3\x03",  # MP3
    b"ID3\x04",
)
#: SQLCipher pages are a power of two from 1024 to 65536 bytes; the file is a whole number of pages.
MIN_PAGE_SIZE = 1024
#: Bits per byte over the first 1024 bytes: encrypted ones ~7.8, text ~4-5 (UTF-16 text lower).
MIN_ENCRYPTED_ENTROPY = 7.2


def is_plain_sqlite(path: Path) -> bool:
    """True for a plain SQLite file; an SQLCipher file starts with random bytes."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _entropy(data: bytes) -> float:
    import math
    from collections import Counter

    total = len(data)
    return -sum(n / total * math.log2(n / total) for n in Counter(data).values()) if total else 0.0


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut at the end of the sample is still text
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
    return True


def is_encrypted(path: Path) -> bool:
    """True when ``path`` could plausibly be an SQLCipher (encrypted) database.

    An encrypted file cannot be told from random bytes, so this asks: not plain SQLite, a whole
    number of pages (1024..65536 bytes), not text, no known file-type opening (PDF, ZIP/Office,
    images …), and a first page that looks random. Anything else is simply not a database.
    """
    try:
        size = path.stat().st_size
        if size == 0 or size % MIN_PAGE_SIZE:
            return False
        with path.open("rb") as fh:
            first_page = fh.read(MIN_PAGE_SIZE)
    except OSError:
        return False
    if first_page.startswith(SQLITE_HEADER) or first_page.startswith(FOREIGN_MAGIC):
        return False
    if _is_text(first_page):
        return False
    return _entropy(first_page) >= MIN_ENCRYPTED_ENTROPY


def _ensure_sqlite_file(db_path: Path) -> None:
    """Refuse anything that is not an SQLite file before touching it (a PDF, a Word file, …)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    if not is_plain_sqlite(db_path):
        raise _not_ours(db_path) if is_encrypted(db_path) else _not_a_database(db_path)
