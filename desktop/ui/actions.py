"""Every user command is a QAction keyed by an ActionId; menus, toolbars and tests fetch them here.

Shortcuts use Qt's standard keys where Qt has one; custom keys stay out of the translation
catalog so that a translation can never create a clash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.i18n import N_, _


class ActionId(Enum):
    NEW_CASE = auto()
    OPEN_DATABASE = auto()
    OPEN_DEMO = auto()
    QUIT = auto()
    FIND = auto()
    ABOUT = auto()
    SHORTCUTS = auto()
    SHOW_CASES = auto()
    SHOW_TASKS = auto()
    SHOW_MEETING = auto()
    BACK = auto()
    REFRESH = auto()
    EXPORT_MINUTES = auto()
    VERIFY_MINUTES = auto()
    IMPORT_HANDOVER = auto()
    SETTINGS = auto()
    PURGE_CASE = auto()


SPECS: dict[ActionId, tuple[str, QKeySequence.StandardKey | str | None]] = {
    ActionId.NEW_CASE: (N_("&New case…"), QKeySequence.StandardKey.New),
    ActionId.OPEN_DATABASE: (N_("&Open database…"), QKeySequence.StandardKey.Open),
    ActionId.OPEN_DEMO: (N_("Open &demo data"), None),
    ActionId.QUIT: (N_("&Quit"), QKeySequence.StandardKey.Quit),
    ActionId.FIND: (N_("&Find case"), QKeySequence.StandardKey.Find),
    ActionId.ABOUT: (N_("&About Ansvarsgruppe"), None),
    ActionId.SHORTCUTS: (N_("&Keyboard shortcuts"), "F1"),
    ActionId.SHOW_CASES: (N_("&Cases"), "Alt+1"),
    ActionId.SHOW_TASKS: (N_("&Tasks"), "Alt+2"),
    ActionId.SHOW_MEETING: (N_("&Meeting"), "Alt+3"),
    ActionId.BACK: (N_("&Back to the case list"), "Alt+Left"),
    ActionId.REFRESH: (N_("Re&fresh"), None),  # F5 starts a meeting in the workspace
    ActionId.EXPORT_MINUTES: (N_("&Export minutes of the chosen meeting…"), None),
    ActionId.VERIFY_MINUTES: (N_("&Verify received minutes (PDF)…"), None),
    ActionId.IMPORT_HANDOVER: (N_("&Import coordination handover (PDF)…"), None),
    ActionId.SETTINGS: (N_("&Settings…"), "Ctrl+,"),
    ActionId.PURGE_CASE: (N_("&Purge closed case after its retention period…"), None),
}


#: Keys for standard actions that some platforms leave without a binding.
FALLBACK_KEYS: dict[QKeySequence.StandardKey, str] = {QKeySequence.StandardKey.Quit: "Ctrl+Q"}


def create_actions(
    parent: QWidget,
    handlers: Mapping[ActionId, Callable[[], object]],
    specs: Mapping[ActionId, tuple[str, QKeySequence.StandardKey | str | None]] = SPECS,
) -> dict[ActionId, QAction]:
    actions: dict[ActionId, QAction] = {}
    for action_id, (text, shortcut) in specs.items():
        action = actions[action_id] = QAction(_(text), parent)
        action.setObjectName(f"action_{action_id.name.lower()}")
        if shortcut is not None:
            sequence = QKeySequence(shortcut)
            if sequence.isEmpty() and isinstance(shortcut, QKeySequence.StandardKey):
                sequence = QKeySequence(FALLBACK_KEYS.get(shortcut, ""))  # e.g. Quit has none on Windows
            action.setShortcut(sequence)
        if (handler := handlers.get(action_id)) is not None:
            action.triggered.connect(handler)
        action.setEnabled(handler is not None)
    return actions
