"""WCAG 2.1 AA contrast for every text colour the user interface sets (success criterion 1.4.3).

Every colour written in a string in ``desktop/ui/*.py`` (stylesheets, ``QColor("#…")``, constants)
must be listed below, either as a text colour with the background(s) it is drawn on, or as a
background / border / chart line. A new colour without an entry fails ``test_every_colour_is_listed``,
so the table cannot silently fall behind the code; an entry whose colour left the file fails too.

Text needs 4.5:1, large text (18 pt, or 14 pt bold) 3:1. Where a colour has no background of its
own it is drawn on Qt's palette: the window (#efefef in Fusion; Windows uses #f0f0f0, which is
lighter) for labels, the base (#ffffff) and alternate base (#f7f7f7) for table rows. The palette's
selection colour and placeholder text are set in ``desktop/ui/app.py`` and checked here too.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

UI_DIR = Path(__file__).resolve().parents[2] / "desktop" / "ui"

WINDOW, BASE, ALTERNATE = "#efefef", "#ffffff", "#f7f7f7"
ROWS = (BASE, ALTERNATE)
NORMAL, LARGE = 4.5, 3.0

# (file, text colour, backgrounds it is drawn on, minimum ratio)
TEXT_PAIRS: list[tuple[str, str, tuple[str, ...], float]] = [
    ("agenda_table_model.py", "#9a3412", (*ROWS, "#dbeafe"), NORMAL),  # overrun, also on the current row
    ("agenda_table_model.py", "#475569", (*ROWS, "#dbeafe"), NORMAL),  # a finished item
    ("attendance_panel.py", "#166534", ROWS, NORMAL),
    ("attendance_panel.py", "#1d4ed8", ROWS, NORMAL),
    ("attendance_panel.py", "#92400e", ROWS, NORMAL),
    ("attendance_panel.py", "#6b7280", ROWS, NORMAL),  # excused
    ("attendance_panel.py", "#991b1b", ROWS, NORMAL),
    ("attendance_panel.py", "#475569", (*ROWS, WINDOW), NORMAL),
    ("case_facts_panel.py", "#555555", (WINDOW,), NORMAL),
    ("case_table_model.py", "#a4262c", ROWS, NORMAL),
    ("case_timeline.py", "#555555", (WINDOW,), NORMAL),
    ("case_timeline.py", "#1f4e79", ROWS, NORMAL),
    ("case_timeline.py", "#a4262c", ROWS, NORMAL),
    ("case_view.py", "#444444", (WINDOW,), NORMAL),
    ("case_view.py", "#a4262c", (WINDOW,), NORMAL),
    ("case_view.py", "#2e6b30", (WINDOW,), NORMAL),
    ("confirmation_dialog.py", "#0f172a", ("#f8fafc", BASE), NORMAL),
    ("confirmation_dialog.py", "#334155", ("#f8fafc",), NORMAL),
    ("confirmation_dialog.py", "#8a1c1c", ("#f8fafc",), NORMAL),
    ("confirmation_dialog.py", "#ffffff", ("#166534", "#9a3412"), NORMAL),  # the two big answer buttons
    ("consent_matrix_model.py", "#555555", ROWS, NORMAL),
    ("consent_matrix_model.py", "#666666", ROWS, NORMAL),  # not asked yet
    ("consent_panel.py", "#555555", (WINDOW,), NORMAL),
    ("idle_lock.py", "#a61b1b", ("#eef1f4",), NORMAL),
    ("main_window.py", "#000000", ("#eef1f4",), NORMAL),  # navigation: palette text on its background
    ("main_window.py", "#10324f", ("#d5e3f0",), NORMAL),  # the chosen navigation entry
    ("meeting_planner.py", "#475569", (WINDOW,), NORMAL),
    ("meeting_planner.py", "#9a3412", (WINDOW,), NORMAL),
    ("meeting_review.py", "#475569", (WINDOW,), NORMAL),
    ("meeting_review.py", "#7c2d12", ("#fef3c7",), NORMAL),
    ("meeting_review.py", "#166534", (WINDOW,), NORMAL),
    ("meeting_review.py", "#a4262c", (WINDOW,), NORMAL),
    ("meeting_runner.py", "#000000", ("#e2e8f0", "#fffbeb", "#f8fafc"), NORMAL),  # palette text
    ("meeting_runner.py", "#166534", (WINDOW,), NORMAL),
    ("meeting_runner.py", "#92400e", (WINDOW,), NORMAL),
    ("meeting_runner.py", "#7c2d12", ("#fde68a",), NORMAL),
    ("meeting_runner.py", "#0f172a", (WINDOW, "#f8fafc"), NORMAL),
    ("meeting_runner.py", "#9a3412", (WINDOW,), NORMAL),
    ("meeting_runner.py", "#475569", (WINDOW, "#f8fafc"), NORMAL),
    ("meeting_runner.py", "#595f69", (WINDOW,), NORMAL),  # «saved» in 9 pt
    ("meeting_runner.py", "#a4262c", (WINDOW,), NORMAL),  # «not saved» in 9 pt bold
    ("meeting_workspace.py", "#a4262c", (WINDOW,), NORMAL),
    ("meeting_workspace.py", "#166534", (WINDOW,), NORMAL),
    ("meeting_workspace.py", "#475569", (WINDOW,), NORMAL),
    ("member_table_model.py", "#666666", ROWS, NORMAL),  # no longer in the group
    ("minutes_dialogs.py", "#a00000", (WINDOW,), NORMAL),
    ("minutes_dialogs.py", "#0a6b2d", (WINDOW,), NORMAL),
    ("new_case_dialog.py", "#a4262c", (WINDOW,), NORMAL),
    ("new_meeting_dialog.py", "#a4262c", (WINDOW,), NORMAL),
    ("new_meeting_dialog.py", "#7c2d12", ("#fef3c7",), NORMAL),
    ("ratings_chart.py", "#475569", (WINDOW,), NORMAL),
    ("ratings_panel.py", "#334155", (WINDOW,), NORMAL),
    ("ratings_panel.py", "#475569", (WINDOW,), NORMAL),
    ("room_view.py", "#161616", ("#f7f5f0", "#fff4dc"), NORMAL),
    ("room_view.py", "#4a4a4a", ("#f7f5f0", "#fff4dc"), NORMAL),
    ("room_view.py", "#1d3a5c", ("#f7f5f0",), NORMAL),
    ("search_dialog.py", "#555555", (WINDOW,), NORMAL),
    ("security_menu.py", "#a61b1b", (WINDOW,), NORMAL),
    ("task_board.py", "#422006", ("#fffbeb",), NORMAL),
    ("task_board.py", "#1c1917", ("#fde68a",), NORMAL),
    ("task_board.py", "#555555", (WINDOW,), NORMAL),
    ("task_outcome_dialog.py", "#8a1c1c", (WINDOW,), NORMAL),
    ("task_table_model.py", "#8a1c1c", ("#fbeeee",), NORMAL),
    ("consent_matrix_model.py", "#000000", ("#dff0d8", "#fcf3cf", "#f8d7da", "#f3d9e6"), NORMAL),
    ("app.py", "#ffffff", ("#1f6fb2",), NORMAL),  # selected rows: highlighted text on highlight
    ("app.py", "#666666", ROWS, NORMAL),  # placeholder text
]

# Colours that are not text: backgrounds (checked above as such), borders, rules and chart lines.
NOT_TEXT: dict[str, set[str]] = {
    "agenda_table_model.py": {"#dbeafe"},
    "confirmation_dialog.py": {"#f8fafc", "#166534", "#9a3412"},
    "consent_matrix_model.py": {"#dff0d8", "#fcf3cf", "#f8d7da", "#f3d9e6"},
    "idle_lock.py": {"#eef1f4"},
    "main_window.py": {"#eef1f4", "#d5e3f0"},
    "meeting_review.py": {"#fef3c7"},
    "meeting_runner.py": {"#e2e8f0", "#fde68a", "#f8fafc", "#fffbeb"},
    "new_meeting_dialog.py": {"#fef3c7"},
    "room_view.py": {"#f7f5f0", "#fff4dc", "#9a5b00", "#c9c4b8"},  # rule and border lines
    "task_board.py": {"#fffbeb", "#f59e0b", "#fde68a"},  # a border, two backgrounds
    "task_table_model.py": {"#fbeeee"},
    "app.py": {"#1f6fb2"},
    # chart lines (non-text; the Okabe–Ito palette, told apart by colour and by marker)
    "ratings_chart.py": {
        "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#b8860b", "#00838f",
        "#000000", "#8c564b", "#7f7f7f", "#2ca02c", "#9467bd",
    },
}  # fmt: skip

# Text colours that are the palette's own (not written in the file) but are listed for their pair.
PALETTE_TEXT = {
    ("main_window.py", "#000000"),
    ("meeting_runner.py", "#000000"),
    ("consent_matrix_model.py", "#000000"),
}

_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_NAMED = re.compile(r"(?:color|background)\s*:\s*(white|black)\b")
_NAMES = {"white": "#ffffff", "black": "#000000"}


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


def colours_in(path: Path) -> set[str]:
    """Colours in the string literals of a module (comments and docstrings' prose included only
    when they are strings; a colour in a comment is not a colour the UI uses)."""
    found: set[str] = set()
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        if token.type in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)):
            found |= {normalise(c) for c in _HEX.findall(token.string)}
            found |= {_NAMES[n] for n in _NAMED.findall(token.string)}
    return found


def test_the_formula_matches_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey
    assert contrast("#ffffff", "#308cc6") < NORMAL  # Fusion's own selection colour fails


@pytest.mark.parametrize(
    ("module", "text", "backgrounds", "minimum"), TEXT_PAIRS, ids=[f"{m}:{t}" for m, t, _b, _n in TEXT_PAIRS]
)
def test_text_colour_has_enough_contrast(
    module: str, text: str, backgrounds: tuple[str, ...], minimum: float
) -> None:
    low = {bg: round(contrast(text, bg), 2) for bg in backgrounds if contrast(text, bg) < minimum}
    assert not low, f"{module}: {text} on {low} is below {minimum}:1"


def test_chart_lines_stand_out_from_the_plot() -> None:
    """WCAG 1.4.11 (non-text contrast): each line of the ratings chart at least 3:1 on white."""
    from desktop.ui.ratings_chart import COLOURS

    low = {colour: round(contrast(colour, "#ffffff"), 2) for colour in COLOURS if contrast(colour, "#ffffff") < 3.0}
    assert not low, f"chart lines below 3:1 on white: {low}"


def test_every_colour_is_listed() -> None:
    listed: dict[str, set[str]] = {}
    for module, text, _backgrounds, _minimum in TEXT_PAIRS:
        if (module, text) not in PALETTE_TEXT:
            listed.setdefault(module, set()).add(text)
    for module, colours in NOT_TEXT.items():
        listed.setdefault(module, set()).update(colours)
    unlisted = {}
    for path in sorted(UI_DIR.glob("*.py")):
        missing = colours_in(path) - listed.get(path.name, set())
        if missing:
            unlisted[path.name] = sorted(missing)
    assert not unlisted, f"colours without a contrast entry in this test: {unlisted}"


def test_no_entry_is_stale() -> None:
    """A listed colour that no longer appears in its file is a sign the table is out of date."""
    stale = []
    for module, text, _backgrounds, _minimum in TEXT_PAIRS:
        if (module, text) not in PALETTE_TEXT and (UI_DIR / module).exists():
            if text not in colours_in(UI_DIR / module):
                stale.append((module, text))
    for module, colours in NOT_TEXT.items():
        if (UI_DIR / module).exists():
            stale.extend((module, c) for c in colours - colours_in(UI_DIR / module))
    assert not stale, f"entries whose colour is no longer in the file: {stale}"
