"""One palette, at WCAG 2.1 AA contrast (success criterion 1.4.3).

``desktop/ui/palette.py`` is the one place the user interface writes a colour. Every text colour
there is listed in its ``TEXT_ON`` with the backgrounds it is drawn on, and each pair must reach
4.5:1. Any other module under ``desktop/ui/`` that writes a colour itself (a hex literal in a
string, ``color: white`` in a style sheet, ``Qt.GlobalColor.darkRed``, ``QColor("red")``) fails
``test_no_colour_outside_the_palette``, so no table can fall behind the code and nobody brings an
inline colour back.

Where a colour has no background of its own it is drawn on Qt's palette: the window (#efefef in
Fusion; Windows uses #f0f0f0, which is lighter) for labels, the base (#ffffff) and alternate base
(#f7f7f7) for table rows; the palette module declares these as ``QT_*``.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from desktop.ui import palette

UI_DIR = Path(__file__).resolve().parents[2] / "desktop" / "ui"
PALETTE_FILE = UI_DIR / "palette.py"
NORMAL = 4.5
NON_TEXT = 3.0  # WCAG 1.4.11: chart lines against the plot

_HEX = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")
_HEX_ONLY = re.compile(r"#[0-9a-f]{6}")
_CSS_NAMED = re.compile(
    r"(?:color|background|background-color|border(?:-\w+)*)\s*:[^;{}]*?\b"
    r"(white|black|red|green|blue|gr[ae]y|orange|yellow|darkred|darkgreen)\b",
    re.IGNORECASE,
)
_CSS_FUNCTION = re.compile(r"\brgba?\(|\bhsla?\(", re.IGNORECASE)
_QT_COLOUR = re.compile(
    r"Qt\.(?:GlobalColor\.)?(?:white|black|red|darkRed|green|darkGreen|blue|darkBlue|cyan|darkCyan|"
    r"magenta|darkMagenta|yellow|darkYellow|gray|darkGray|lightGray)\b"
)


def normalise(colour: str) -> str:
    colour = colour.lower()
    if len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour


def relative_luminance(colour: str) -> float:
    colour = normalise(colour)

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def palette_colours() -> dict[str, str]:
    """The palette's named colours (upper-case string constants)."""
    return {name: value for name, value in vars(palette).items() if name.isupper() and isinstance(value, str)}


def text_colours() -> dict[str, str]:
    return {name: value for name, value in palette_colours().items() if name.startswith(("TEXT_", "QT_TEXT"))}


def inline_colours(path: Path) -> list[str]:
    """Colours a module writes itself: in its string literals (a colour in a comment is not one the
    UI uses) and in code (Qt's named colours, ``QColor("red")``)."""
    found: list[str] = []
    code: dict[int, str] = {}
    previous: list[str] = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        line = token.start[0]
        if token.type in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)):
            found += [f"{line}: {c}" for c in _HEX.findall(token.string)]
            found += [f"{line}: {m.group(0)}" for m in _CSS_NAMED.finditer(token.string)]
            found += [f"{line}: {m.group(0)}" for m in _CSS_FUNCTION.finditer(token.string)]
            if previous[-2:] == ["QColor", "("] and re.match(r"['\"][a-zA-Z]", token.string):
                found.append(f"{line}: QColor({token.string})")
        elif token.type in (tokenize.NAME, tokenize.OP):
            code[line] = code.get(line, "") + token.string
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous.append(token.string)
    found += [f"{line}: {m.group(0)}" for line, text in code.items() for m in _QT_COLOUR.finditer(text)]
    return found


def test_the_formula_matches_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey
    assert contrast("#ffffff", "#308cc6") < NORMAL  # Fusion's own selection colour fails


def test_palette_colours_are_plain_hex() -> None:
    """Lower-case #rrggbb, so that style sheets, QColor and this test all read them alike."""
    odd = {name: value for name, value in palette_colours().items() if not _HEX_ONLY.fullmatch(value)}
    odd.update(
        {f"CHART_SERIES[{i}]": c for i, c in enumerate(palette.CHART_SERIES) if not _HEX_ONLY.fullmatch(c)}
    )
    assert not odd, f"palette colours not written as #rrggbb: {odd}"


def test_every_text_colour_says_where_it_is_drawn() -> None:
    missing = sorted(name for name, value in text_colours().items() if value not in palette.TEXT_ON)
    assert not missing, f"text colours without backgrounds in palette.TEXT_ON: {missing}"
    values = set(palette_colours().values())
    strays = {bg for backgrounds in palette.TEXT_ON.values() for bg in backgrounds} - values
    assert not strays, f"TEXT_ON names backgrounds that are not palette colours: {sorted(strays)}"


@pytest.mark.parametrize(
    ("text", "backgrounds"),
    list(palette.TEXT_ON.items()),
    ids=[
        next(n for n, v in text_colours().items() if v == colour)
        if colour in text_colours().values()
        else colour
        for colour in palette.TEXT_ON
    ],
)
def test_text_colour_has_enough_contrast(text: str, backgrounds: tuple[str, ...]) -> None:
    names = {value: name for name, value in palette_colours().items()}
    low = {
        names.get(bg, bg): round(contrast(text, bg), 2) for bg in backgrounds if contrast(text, bg) < NORMAL
    }
    assert not low, f"{names.get(text, text)} ({text}) on {low} is below {NORMAL}:1"


def test_chart_lines_stand_out_from_the_plot() -> None:
    """WCAG 1.4.11 (non-text contrast): each line of the ratings chart at least 3:1 on the plot."""
    plot = palette.CHART_BACKGROUND
    low = {c: round(contrast(c, plot), 2) for c in palette.CHART_SERIES if contrast(c, plot) < NON_TEXT}
    assert not low, f"chart lines below {NON_TEXT}:1 on {plot}: {low}"
    assert len(set(palette.CHART_SERIES)) == len(palette.CHART_SERIES), "two life areas share a line colour"


def test_no_colour_outside_the_palette() -> None:
    inline = {}
    for path in sorted(UI_DIR.rglob("*.py")):
        if path != PALETTE_FILE and (found := inline_colours(path)):
            inline[str(path.relative_to(UI_DIR))] = found
    assert not inline, f"colours written outside desktop/ui/palette.py (name them there): {inline}"


def test_the_check_sees_inline_colours(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = "color: #a00000;"\n'
        'b = f"background: white; padding: {n}px"\n'
        "item.setForeground(Qt.GlobalColor.darkRed)\n"
        'c = QColor("red")\n'
        "# a comment may mention #a4262c\n",
        encoding="utf-8",
    )
    assert len(inline_colours(sample)) == 4


def test_every_palette_colour_is_used() -> None:
    """A colour nobody draws is a sign the palette is out of date (Qt's own are only declared)."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in UI_DIR.rglob("*.py") if p != PALETTE_FILE)
    declared_only = {"CHART_BACKGROUND"}
    unused = sorted(
        name
        for name in palette_colours()
        if not name.startswith("QT_") and name not in declared_only and not re.search(rf"\b{name}\b", sources)
    )
    assert not unused, f"palette colours no module uses: {unused}"
