"""The file choosers of the minutes dialogs, in one place so that tests can replace them.

Callers reach them through the module (``file_choosers.choose_save_path(...)``), so that one
``monkeypatch.setattr(file_choosers, ...)`` covers every dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.i18n import _


def choose_save_path(parent: QWidget, suggested: Path) -> Path | None:
    selected, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the minutes"), str(suggested), _("PDF files (*.pdf)")
    )
    return Path(selected) if selected else None


def choose_open_path(parent: QWidget, title: str, file_filter: str) -> Path | None:
    selected, _filter = QFileDialog.getOpenFileName(parent, title, str(Path.home()), file_filter)
    return Path(selected) if selected else None
