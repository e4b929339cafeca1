"""Key names in shortcuts (Ctrl, Enter, Left arrow …) in the user's language.

Qt shows a shortcut with ``QKeySequence.toString(NativeText)``, which asks the translators for
the context «QShortcut». Qt ships no Bokmål catalog, so this translator answers from ours.

The names follow the key caps of a Norwegian keyboard: a key whose cap carries an English word
(Ctrl, Alt, Shift, Esc, Tab, Home, Insert, Delete, Page Up, Page Down) keeps it, so the help reads
what the user sees on the key; a key with only a symbol gets its Norwegian name (Pil venstre,
Rettetast, Mellomrom). «End» is not listed: its msgid is the meeting's «Slutt», and Qt already
writes the key as «End».
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.i18n import N_, _

#: Key names Qt shows in shortcuts (context «QShortcut»); Qt ships no Bokmål catalog for them.
KEY_NAMES = {
    "Ctrl": N_("Ctrl"),
    "Shift": N_("Shift"),
    "Alt": N_("Alt"),
    "Return": N_("Enter"),
    "Enter": N_("Enter"),
    "Left": N_("Left arrow"),
    "Right": N_("Right arrow"),
    "Up": N_("Up arrow"),
    "Down": N_("Down arrow"),
    "PgUp": N_("Page Up"),
    "PgDown": N_("Page Down"),
    "Del": N_("Delete"),
    "Ins": N_("Insert"),
    "Home": N_("Home"),
    "Esc": N_("Esc"),
    "Backspace": N_("Backspace"),
    "Space": N_("Space"),
    "Tab": N_("Tab"),
}


class KeyNameTranslator(QTranslator):
    """Translates Qt's key names (Ctrl, Return, Left …) from our catalogs, in menus and help."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context == "QShortcut" and source in KEY_NAMES:
            return _(KEY_NAMES[source])
        return None  # a null string: «not translated here», so Qt asks the next translator

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_key_name_translator(app: QCoreApplication) -> None:
    """Install (once) the translator for key names; the language follows ``desktop.i18n``."""
    if app.findChild(KeyNameTranslator) is None:
        app.installTranslator(KeyNameTranslator(app))
