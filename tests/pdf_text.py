"""Reading a PDF back (pypdf): its text and its fonts, the one way every test does it."""

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


def page_fonts(pdf: bytes | Path) -> list[tuple[str, bool]]:
    """Every font the pages use, as (base font name, embedded?)."""
    source = pdf if isinstance(pdf, Path) else io.BytesIO(pdf)
    fonts: list[tuple[str, bool]] = []
    for page in PdfReader(source).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts.append((str(font.get("/BaseFont")), embedded))
    return fonts
