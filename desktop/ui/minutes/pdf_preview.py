"""The preview of the minutes: a QtPdf view fed from bytes in memory.

The PDF is loaded from memory (``QBuffer``), never from a temporary file: the minutes hold health
data.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.i18n import _


class PdfPreview(QWidget):
    """QtPdf view fed from bytes in memory."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName(_("Preview of the minutes"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_pdf(self, data: bytes) -> None:
        """Swap in a new document; the old one and its buffer go only after the view lets go."""
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(buffer)
        old_document, old_buffer = self.document, self._buffer
        self.view.setDocument(document)
        self.document, self._buffer = document, buffer
        old_document.deleteLater()
        if old_buffer is not None:
            old_buffer.deleteLater()

    def page_count(self) -> int:
        return self.document.pageCount()
