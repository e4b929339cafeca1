"""File › Settings: the interface language and the meeting settings, kept in ``settings.json``.

A new language applies at once: the main window is built again in it (see
:func:`desktop.ui.app.rebuild_main_window`). While a meeting is being run, or when ``--lang`` or
``ANSVARSGRUPPE_LANG`` decide the language, the choice is saved and the user is told when it
takes effect instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.i18n import LANGUAGE_ENV, _, current_language, ngettext
from desktop.settings import _LIMITS, Settings, load_settings, update_settings

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

#: Each language named in itself, as language pickers do: a user who cannot read the current
#: language still finds their own. Deliberately not translated.
LANGUAGE_NAMES: tuple[tuple[str, str], ...] = (
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
)


def _spin_box(field: str, value: int, unit: Callable[[int], str], accessible_name: str) -> QSpinBox:
    """A spin box within the limits of :mod:`desktop.settings`, its unit in singular or plural."""
    box = QSpinBox()
    low, high = _LIMITS[field]
    box.setRange(low, high)
    box.valueChanged.connect(lambda n: box.setSuffix(unit(n)))
    box.setValue(value)
    box.setSuffix(unit(value))
    box.setAccessibleName(accessible_name)
    return box


def _weeks(n: int) -> str:
    return ngettext(" week", " weeks", n)


def _months(n: int) -> str:
    return ngettext(" month", " months", n)


class SettingsDialog(QDialog):
    """Language and meeting settings; OK saves them (validated by :mod:`desktop.settings`)."""

    def __init__(self, parent: QWidget | None = None, *, language_forced: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        saved = load_settings()
        self.saved = saved
        language_form = self._build_language_form(saved)
        self.forced_label = QLabel(
            _(
                "The program was started with --lang or {variable}. That choice wins over this setting."
            ).format(variable=LANGUAGE_ENV)
        )
        self.forced_label.setWordWrap(True)
        self.forced_label.setVisible(language_forced)
        meeting_form = self._build_meeting_form(saved)
        for form in (language_form, meeting_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out(language_form, meeting_form)
        self.setMinimumWidth(520)

    def _build_language_form(self, saved: Settings) -> QFormLayout:
        """The language chosen before, or else the one the program runs in now."""
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language"))
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        shown = saved.language or current_language()
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(shown)))
        language_form = QFormLayout()
        language_form.addRow(_("L&anguage:"), self.language_combo)
        return language_form

    def _build_meeting_form(self, saved: Settings) -> QFormLayout:
        self.weeks_spin = _spin_box(
            "next_meeting_default_weeks",
            saved.next_meeting_default_weeks,
            _weeks,
            _("Weeks from one meeting to the next"),
        )
        self.max_months_spin = _spin_box(
            "next_meeting_max_months",
            saved.next_meeting_max_months,
            _months,
            _("The next meeting at most this many months later"),
        )
        self.stale_spin = _spin_box(
            "plan_stale_months",
            saved.plan_stale_months,
            _months,
            _("Warn when the plan has not been evaluated for this many months"),
        )
        meeting_form = QFormLayout()
        meeting_form.addRow(_("&Next meeting after:"), self.weeks_spin)
        meeting_form.addRow(_("Next meeting at &most:"), self.max_months_spin)
        meeting_form.addRow(_("&Evaluate the plan after:"), self.stale_spin)
        return meeting_form

    def _lay_out(self, language_form: QFormLayout, meeting_form: QFormLayout) -> None:
        """Language on top; below a heading the meeting settings with a hint on what they do."""
        meeting_title = QLabel(_("Meetings"))
        meeting_title.setStyleSheet("font-weight: 600;")
        hint = QLabel(
            _(
                "When a meeting is closed, the next one is proposed this many weeks later. "
                "The task board warns about plans that have not been evaluated for a long time."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(language_form)
        layout.addWidget(self.forced_label)
        layout.addSpacing(8)
        layout.addWidget(meeting_title)
        layout.addLayout(meeting_form)
        layout.addWidget(hint)
        layout.addStretch()
        layout.addWidget(self.buttons)

    def chosen_language(self) -> str:
        return str(self.language_combo.currentData())

    def save(self) -> Settings:
        return update_settings(
            language=self.chosen_language(),
            next_meeting_default_weeks=self.weeks_spin.value(),
            next_meeting_max_months=self.max_months_spin.value(),
            plan_stale_months=self.stale_spin.value(),
        )


def language_forced_at_start() -> bool:
    """True when ``ANSVARSGRUPPE_LANG`` or ``--lang`` picked the language (they win over settings)."""
    import sys

    if os.environ.get(LANGUAGE_ENV):
        return True
    return any(arg == "--lang" or arg.startswith("--lang=") for arg in sys.argv[1:])


def run_dialog(dialog: QDialog) -> int:
    """Show a modal dialog (tests replace this to press a button instead)."""
    return dialog.exec()


def tell(parent: QWidget, text: str) -> None:
    """A short message to the user (tests replace this)."""
    QMessageBox.information(parent, APP_NAME, text)


def open_settings(window: MainWindow) -> MainWindow | None:
    """Show the dialog from ``window``; save on OK and apply a new language.

    Returns the main window now on screen: a new one after a live language switch, else ``window``
    (None when the dialog was cancelled).
    """
    from desktop.ui.app import apply_language, rebuild_main_window

    forced = language_forced_at_start()
    dialog = SettingsDialog(window, language_forced=forced)
    if run_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    settings = dialog.save()
    if settings.language == current_language():
        return window
    if forced:
        text = _(
            "The language is saved. It is used when the program is started without {variable} or --lang."
        )
        tell(window, text.format(variable=LANGUAGE_ENV))
        return window
    previous = current_language()
    apply_language(settings.language)
    new = rebuild_main_window(window)
    if new is None:
        apply_language(previous)  # the running meeting keeps one language on its screen
        tell(
            window,
            _(
                "The language is saved. A meeting is running, so the new language is used the next time you start the program."
            ),
        )
        return window
    return new
