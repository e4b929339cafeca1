"""Reading a PDF back as text (pypdf), the one way every test does it."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader


def page_texts(pdf: bytes | Path) -> list[str]:
    """The text of each page, in order."""
    source = pdf if isinstance(pdf, Path) else io.BytesIO(pdf)
    return [page.extract_text() or "" for page in PdfReader(source).pages]


def pdf_text(pdf: bytes | Path) -> str:
    """All pages, one after another (a newline between pages)."""
    return "\n".join(page_texts(pdf))


def flat_text(pdf: bytes | Path) -> str:
    """All pages with every run of whitespace made one space: for phrases a line break may split."""
    return " ".join(pdf_text(pdf).split())
