"""Fonts, paragraph styles and safe text for the minutes PDF (ReportLab, imported lazily).

Noto Sans is the body font, embedded and subset. Characters it lacks are drawn from fallback fonts
shipped beside it (``resources/fonts``): Noto Emoji (monochrome, with glyf outlines that ReportLab
can embed; the colour emoji fonts are bitmaps it cannot use), Noto Sans Symbols 2 (ticks, stars,
dingbats) and Noto Sans Math (arrows, ≤). A character none of them has is written as its Unicode
name («[CJK UNIFIED IDEOGRAPH-4E2D]»): the reader learns what was typed, and never sees a box or
«�». Invisible joiners and selectors that only shape emoji are left out.
"""

from __future__ import annotations

import functools
import html
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.paths import FONTS_DIR

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
FONT_ITALIC = "NotoSans-Italic"
FONT_BOLD_ITALIC = "NotoSans-BoldItalic"
#: Fallback fonts, tried in this order for a character Noto Sans lacks (one face each: emoji and
#: symbols have no bold or italic, so every style maps to the same face).
FALLBACK_FONTS: tuple[tuple[str, str], ...] = (
    ("NotoEmoji", "NotoEmoji-Regular.ttf"),
    ("NotoSansSymbols2", "NotoSansSymbols2-Regular.ttf"),
    ("NotoSansMath", "NotoSansMath-Regular.ttf"),
)
BODY_SIZE_PT = 12
MAX_PARAGRAPH_CHARS = 4000  # longer paragraphs are cut at word boundaries (fast, clean splits)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 (a surrogate pair).

    ReportLab 4 writes «<1F600>» for 😀, an odd-length hex string that PDF readers reject: the
    emoji is drawn but copy, search and screen readers lose it. Same CMap otherwise.
    """

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{utf16(code)}>" for index, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def escape(text: str) -> str:
    """Text for ReportLab's paragraph markup: ``&``, ``<`` and ``>`` as entities.

    The same as ``xml.sax.saxutils.escape``, which would import ``urllib.request`` (and with it
    ``http.client`` and ``email``) into every process that writes a PDF.
    """
    return html.escape(text, quote=False)


@functools.cache
def register_fonts() -> frozenset[int]:
    """Register Noto Sans (four faces) and the fallbacks once; return the code points Noto Sans draws."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see _to_unicode_cmap (looked up when a PDF is saved)
    faces = {
        FONT: "NotoSans-Regular.ttf",
        FONT_BOLD: "NotoSans-Bold.ttf",
        FONT_ITALIC: "NotoSans-Italic.ttf",
        FONT_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
    }
    regular = None
    for name, file_name in faces.items():
        font = TTFont(name, str(FONTS_DIR / file_name))
        pdfmetrics.registerFont(font)
        if name == FONT:
            regular = font
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)
    rl_config.canvas_basefontname = FONT
    assert regular is not None
    return frozenset(regular.face.charToGlyph)


@functools.cache
def _fallback_faces() -> tuple[tuple[str, frozenset[str]], ...]:
    """The fallback fonts that are installed, registered, with the characters each can draw."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    register_fonts()
    faces: list[tuple[str, frozenset[str]]] = []
    for name, file_name in FALLBACK_FONTS:
        path = FONTS_DIR / file_name
        if not path.is_file():
            continue  # a trimmed installation: such characters are named instead
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)  # <b> or <i> around an emoji must not fail
        faces.append((name, frozenset(chr(code) for code in font.face.charToGlyph)))
    return tuple(faces)


@functools.cache
def _drawable_characters() -> frozenset[str]:
    return frozenset(chr(code) for code in register_fonts()) | {"\n", "\t"}


def _is_invisible(ch: str) -> bool:
    """Joiners, variation selectors, tags and control characters: nothing to draw, nothing lost."""
    return (
        unicodedata.category(ch) in ("Cf", "Cc")
        or "\ufe00" <= ch <= "\ufe0f"
        or "\U000e0100" <= ch <= "\U000e01ef"
    )


def character_name(ch: str) -> str:
    """«[RIGHTWARDS ARROW]»: what a character is, for one no font here can draw."""
    name = unicodedata.name(ch, "")
    return f"[{name}]" if name else f"[U+{ord(ch):04X}]"


def _convert(text: str, fallback_run: Callable[[str, str], str] | None) -> str:
    """Escape ``text``; hand runs of fallback characters to ``fallback_run`` (or name them)."""
    drawable = _drawable_characters()
    faces = _fallback_faces() if fallback_run is not None else ()
    parts: list[str] = []
    run_font, run = "", list[str]()

    def flush() -> None:
        if run and fallback_run is not None:
            parts.append(fallback_run(run_font, "".join(run)))
        run.clear()

    for ch in text:
        if ch in drawable:
            flush()
            parts.append(escape(ch))
            continue
        font = next((name for name, chars in faces if ch in chars), "")
        if font:
            if font != run_font:
                flush()
                run_font = font
            run.append(ch)
        elif _is_invisible(ch):
            continue  # e.g. the variation selector after ❤ or the joiner inside 👨‍👩‍👧
        else:
            flush()
            parts.append(escape(character_name(ch)))
    flush()
    return "".join(parts)


def safe_text(text: str) -> str:
    """Escape for Paragraph markup; draw what Noto Sans lacks with a fallback font, or name it."""
    text = text.replace("\r\n", "\n")
    if _drawable_characters().issuperset(text):  # most texts: no per-character work
        return escape(text)
    return _convert(text, lambda font, run: f'<font name="{font}">{escape(run)}</font>')


def plain_text(text: str) -> str:
    """For canvas lines drawn in Noto Sans only (the seal, headers): name what it cannot draw.

    Unlike :func:`safe_text`, the result is not escaped: ``drawString`` takes text, not markup.
    """
    if _drawable_characters().issuperset(text):
        return text
    return html.unescape(_convert(text, None))


def chunks(text: str) -> list[str]:
    """Split long text into paragraphs: on line breaks, then at word boundaries every few thousand chars."""
    out: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n"):
        block = block.rstrip()
        while len(block) > MAX_PARAGRAPH_CHARS:
            cut = block.rfind(" ", 0, MAX_PARAGRAPH_CHARS)
            cut = cut if cut > MAX_PARAGRAPH_CHARS // 2 else MAX_PARAGRAPH_CHARS
            out.append(block[:cut])
            block = block[cut:].lstrip()
        out.append(block)
    # Collapse runs of empty lines into one paragraph gap.
    result: list[str] = []
    for chunk in out:
        if chunk or (result and result[-1]):
            result.append(chunk)
    while result and not result[-1]:
        result.pop()
    return result


@dataclass
class Styles:
    title: Any
    subtitle: Any
    h1: Any
    h2: Any
    h3: Any
    body: Any
    bullet: Any
    small: Any
    quote: Any
    task: Any
    small_bullet: Any = None


def make_styles() -> Styles:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle(
        "body", fontName=FONT, fontSize=BODY_SIZE_PT, leading=BODY_SIZE_PT * 1.4, spaceAfter=5,
        splitLongWords=1, bulletFontName=FONT, bulletFontSize=BODY_SIZE_PT,
    )  # fmt: skip
    return Styles(
        title=ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=20, leading=25, spaceAfter=4),
        subtitle=ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18, spaceAfter=14,
                                textColor=colors.HexColor("#333333")),
        h1=ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=18, leading=23, spaceBefore=10,
                          spaceAfter=8, textColor=colors.HexColor("#0b3d5c"), keepWithNext=1),
        h2=ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=15, leading=20, spaceBefore=12,
                          spaceAfter=6, textColor=colors.HexColor("#0b3d5c"), keepWithNext=1),
        h3=ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=13, leading=18, spaceBefore=8,
                          spaceAfter=3, keepWithNext=1),
        body=base,
        bullet=ParagraphStyle("bullet", parent=base, leftIndent=16, bulletIndent=2, spaceAfter=6),
        small=ParagraphStyle("small", parent=base, fontSize=10, leading=13.5, textColor=colors.HexColor("#333333")),
        quote=ParagraphStyle("quote", parent=base, fontName=FONT_ITALIC, leftIndent=14, borderPadding=(4, 6, 4, 8),
                             borderColor=colors.HexColor("#7aa6c2"), borderWidth=0, backColor=colors.HexColor("#eef4f8"),
                             spaceBefore=4, spaceAfter=8),
        task=ParagraphStyle("task", parent=base, leftIndent=16, bulletIndent=2, spaceAfter=7),
        small_bullet=ParagraphStyle(
            "small_bullet", parent=base, fontSize=10, leading=13.5, leftIndent=16, bulletIndent=2,
            bulletFontSize=10, spaceAfter=2, textColor=colors.HexColor("#333333"),
        ),
    )  # fmt: skip


def paragraphs(text: str, style: Any) -> list[Flowable]:
    from reportlab.platypus import Paragraph, Spacer

    flow: list[Flowable] = []
    for chunk in chunks(text):
        flow.append(Paragraph(safe_text(chunk), style) if chunk else Spacer(1, 4))
    return flow
