"""The user interface's colours, named by what they mean, and small style-sheet helpers.

This is the one module under ``desktop/ui/`` that writes a colour: every other module takes its
colours from here (``tests/unit/test_contrast.py`` fails on a hex colour anywhere else), so an
error is the same red everywhere and a hint the same grey.

Every text colour is listed in ``TEXT_ON`` with the backgrounds it is drawn on; the test checks
each pair for WCAG 2.1 AA contrast (4.5:1, success criterion 1.4.3). A text colour drawn on a new
background belongs in its entry, and a new text colour needs an entry of its own.
"""

from __future__ import annotations

from desktop.ui.font_size import pt

# --- Qt's own backgrounds and text (not set by us; declared for the contrast pairs) ---------------
#: The window (Fusion's #efefef; Windows uses #f0f0f0, which is lighter), behind labels.
QT_WINDOW = "#efefef"
#: Table rows and line edits (base) and every other table row (alternate base).
QT_BASE = "#ffffff"
QT_ALTERNATE_BASE = "#f7f7f7"
#: The palette's text colour, drawn on the backgrounds below that set no text colour of their own.
QT_TEXT = "#000000"
ROWS = (QT_BASE, QT_ALTERNATE_BASE)

# --- Text ---------------------------------------------------------------------------------------
#: Headings and body text where the palette's black is too harsh (confirmation, notes, room view).
TEXT_STRONG = "#0f172a"
#: Hints, explanations, secondary facts, «saved» and empty-state messages.
TEXT_MUTED = "#475569"
#: Greyed-out entries that still must be read: former members, consent not asked, excused,
#: placeholder text (Qt draws the palette's own placeholder at half opacity, too light).
TEXT_DIMMED = "#666666"
#: Errors, overdue items, «not saved», absence.
TEXT_ERROR = "#a4262c"
#: Success and «done»: saved, valid, present.
TEXT_SUCCESS = "#166534"
#: Needs attention but is not an error: running over time, a clash, a plan longer than the meeting.
TEXT_WARNING = "#9a3412"
#: Something under way or partly so: saving…, partial attendance.
TEXT_PENDING = "#92400e"
#: Neutral information told apart by colour (remote attendance).
TEXT_INFO = "#1d4ed8"
#: Navigation and section headings, future dates: the application's dark blue.
TEXT_ACCENT = "#1f4e79"
#: Text on the strong backgrounds (selection, the confirmation's answer buttons).
TEXT_ON_STRONG = "#ffffff"

# --- Backgrounds, borders -----------------------------------------------------------------------
#: The selection (Fusion's #308cc6 gives white text only 3.7:1).
BG_SELECTION = "#1f6fb2"
#: The agenda item being discussed now.
BG_CURRENT = "#dbeafe"
#: Side panels: the navigation list, the lock screen.
BG_PANEL = "#eef1f4"
#: The chosen entry in a side panel.
BG_PANEL_SELECTED = "#d5e3f0"
#: A calm, light surface (the confirmation dialog, the meeting's context frame).
BG_CALM = "#f8fafc"
#: White paper on a calm surface (the text to confirm, the comment field).
BG_PAPER = "#ffffff"
#: A neutral chip (the meeting clock while on time).
BG_CHIP = "#e2e8f0"
#: A notice to look at (clash, items left open).
BG_ATTENTION = "#fef3c7"
#: A stronger amber: the clock running over, the chosen note.
BG_ATTENTION_STRONG = "#fde68a"
#: Warm paper for notes and the participant's own words.
BG_NOTE = "#fffbeb"
BORDER_NOTE = "#f59e0b"
#: A row that is overdue.
BG_ERROR_SOFT = "#fbeeee"
#: The confirmation's two answer buttons: agree (green) and ask for a change (orange).
BG_AGREE = TEXT_SUCCESS
BG_CHANGE = TEXT_WARNING

#: Consent matrix cells, one per status (text is the palette's black).
BG_CONSENT_GIVEN = "#dff0d8"
BG_CONSENT_LIMITED = "#fcf3cf"
BG_CONSENT_REFUSED = "#f8d7da"
BG_CONSENT_WITHDRAWN = "#f3d9e6"

#: The room view (the screen the meeting sees): warm paper, the words box and a thin rule.
BG_ROOM = "#f7f5f0"
BG_ROOM_WORDS = "#fff4dc"
BORDER_ROOM_WORDS = "#9a5b00"
RULE_ROOM = "#c9c4b8"

# --- Chart --------------------------------------------------------------------------------------
#: Distinct, colour-blind-friendly line colours (Okabe–Ito, then darker shades), one per life area;
#: each at least 3:1 against the white plot (WCAG 1.4.11): Okabe–Ito's orange and sky blue are
#: replaced by dark goldenrod and dark cyan.
CHART_BACKGROUND = "#ffffff"
CHART_SERIES = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#b8860b",
    "#00838f",
    "#000000",
    "#8c564b",
    "#7f7f7f",
    "#2ca02c",
    "#9467bd",
)

# --- Where each text colour is drawn (checked by tests/unit/test_contrast.py) --------------------
TEXT_ON: dict[str, tuple[str, ...]] = {
    QT_TEXT: (
        QT_WINDOW, *ROWS, BG_PANEL, BG_CHIP, BG_CALM, BG_NOTE,
        BG_CONSENT_GIVEN, BG_CONSENT_LIMITED, BG_CONSENT_REFUSED, BG_CONSENT_WITHDRAWN,
    ),
    TEXT_STRONG: (QT_WINDOW, BG_CALM, BG_PAPER, BG_NOTE, BG_ATTENTION_STRONG, BG_ROOM, BG_ROOM_WORDS),
    TEXT_MUTED: (QT_WINDOW, *ROWS, BG_CURRENT, BG_CALM, BG_ROOM, BG_ROOM_WORDS),
    TEXT_DIMMED: ROWS,
    TEXT_ERROR: (QT_WINDOW, *ROWS, BG_CALM, BG_PANEL, BG_ERROR_SOFT),
    TEXT_SUCCESS: (QT_WINDOW, *ROWS),
    TEXT_WARNING: (QT_WINDOW, *ROWS, BG_CURRENT, BG_ATTENTION, BG_ATTENTION_STRONG),
    TEXT_PENDING: (QT_WINDOW, *ROWS),
    TEXT_INFO: ROWS,
    TEXT_ACCENT: (*ROWS, BG_PANEL_SELECTED, BG_ROOM),
    TEXT_ON_STRONG: (BG_SELECTION, BG_AGREE, BG_CHANGE),
}  # fmt: skip


# --- Style-sheet helpers ------------------------------------------------------------------------
def label_style(color: str, *, bold: bool = False, size: float | None = None) -> str:
    """A label's style sheet: ``color``, optionally semi-bold, optionally ``size`` pt at the 10 pt
    design size (scaled by the application font, see :func:`desktop.ui.font_size.pt`)."""
    parts = [f"color: {color};"]
    if bold:
        parts.append("font-weight: 600;")
    if size is not None:
        parts.append(f"font-size: {pt(size)};")
    return " ".join(parts)


def error_style(*, bold: bool = False, size: float | None = None) -> str:
    return label_style(TEXT_ERROR, bold=bold, size=size)


def success_style(*, bold: bool = False, size: float | None = None) -> str:
    return label_style(TEXT_SUCCESS, bold=bold, size=size)


def warning_style(*, bold: bool = False, size: float | None = None) -> str:
    return label_style(TEXT_WARNING, bold=bold, size=size)


def muted_style(*, bold: bool = False, size: float | None = None) -> str:
    return label_style(TEXT_MUTED, bold=bold, size=size)


def notice_style() -> str:
    """A boxed notice: warning text on the attention background."""
    return f"color: {TEXT_WARNING}; background: {BG_ATTENTION}; border-radius: 4px; padding: 4px 8px;"
