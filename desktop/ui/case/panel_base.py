"""What every part of the case view shares: the case being shown and how results are reported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from desktop.errors import UserError
from desktop.services.case.detail import CaseDetail


class CasePanel(QWidget):
    """A panel of the case view. After a save it emits ``changed`` so the view reloads the case.

    ``message`` carries a translated text and whether it is an error; the view shows it in its
    message bar, so nothing is lost when a save is refused.
    """

    changed = Signal()
    message = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: CaseDetail | None = None

    def set_detail(self, detail: CaseDetail) -> None:
        self.detail = detail

    def run(
        self, action: Callable[[], Any], done: str, before_reload: Callable[[Any], None] | None = None
    ) -> Any:
        """Call a service; report ``done`` or the UserError's message. Returns the result or None.

        ``before_reload`` gets the result before the view reloads (e.g. to select a new row).
        """
        try:
            result = action()
        except UserError as exc:
            self.message.emit(str(exc), True)
            return None
        if before_reload is not None:
            before_reload(result)
        self.message.emit(done, False)
        self.changed.emit()
        return result if result is not None else True


def select_data(combo: QComboBox, value: object) -> None:
    """Select the entry whose data is ``value`` (or the first entry)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def text_box(accessible_name: str, placeholder: str = "", height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    return box


class DirtyTracker:
    """Remembers whether the user changed a group of fields since they were filled or saved.

    A reload of the case (after a save in another tab) must not overwrite text still being
    written: panels refill a group only when its tracker is clean.
    """

    def __init__(self, *widgets: QWidget) -> None:
        self.dirty = False
        self._filling = False
        for widget in widgets:
            signal = _change_signal(widget)
            if signal is not None:
                signal.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self._filling:
            self.dirty = True

    def fill(self, action: Callable[[], None]) -> None:
        """Fill the fields from the store (not a user change); skipped while the user has edits."""
        if self.dirty:
            return
        self._filling = True
        try:
            action()
        finally:
            self._filling = False


def _change_signal(widget: QWidget) -> Any:
    from PySide6.QtWidgets import QCheckBox, QDateEdit, QLineEdit, QSpinBox

    from desktop.ui.date_field import OptionalDateEdit

    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QComboBox):
        return widget.activated
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, OptionalDateEdit):
        return widget.changed
    if isinstance(widget, QDateEdit):
        return widget.dateChanged
    return None
