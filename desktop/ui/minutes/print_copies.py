"""Printing a recipient's copy: paper is how the minutes reach most users and next of kin (issue 18).

Each copy is one print job (so the pages of two people never mix in the tray), and its first page
carries a cover line naming the recipient, so that the coordinator can hand the stacks out before
people leave. The PDF pages are rendered with QtPdf (``QPdfDocument``) onto the ``QPrinter``: no
external viewer, no temporary files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.errors import UserError
from desktop.i18n import _

#: Pages are rendered at the printer's resolution, at most this (a sharp page, not a huge image).
MAX_RENDER_DPI = 200
COVER_BAND_FRACTION = 0.045  # of the page height, above the first page's content


def copy_printer(template: QPrinter, doc_name: str) -> QPrinter:
    """A new printer (one job) with the settings the coordinator chose in the print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(template.outputFormat())
    if template.outputFormat() == QPrinter.OutputFormat.NativeFormat:
        printer.setPrinterName(template.printerName())
    printer.setPageLayout(template.pageLayout())
    printer.setColorMode(template.colorMode())
    printer.setDuplex(template.duplex())
    printer.setCopyCount(template.copyCount())
    printer.setDocName(doc_name)  # the queue shows the file name, never a person's name
    return printer


def print_pdf(printer: QPrinter, pdf: Path, cover_line: str) -> int:
    """Print every page of ``pdf`` as one job on ``printer``; return the number of pages."""
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_ or document.pageCount() == 0:
        raise UserError(_("The copy {file} could not be read for printing.").format(file=pdf.name))
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("The printer could not be started."))
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        for index in range(pages):
            if index:
                printer.newPage()
            area = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
            area.moveTo(0, 0)
            if index == 0 and cover_line:
                band = area.height() * COVER_BAND_FRACTION
                font = QFont()
                font.setPixelSize(max(8, int(band * 0.55)))
                font.setBold(True)
                painter.setFont(font)
                painter.drawText(
                    QRectF(area.left() + area.width() * 0.04, area.top(), area.width() * 0.92, band),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    cover_line,
                )
                area.setTop(area.top() + band)
            points = document.pagePointSize(index)
            image = document.render(
                index, QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
            )
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            target = QRectF(area.left() + (area.width() - width) / 2, area.top(), width, height)
            painter.drawImage(target, image)
    finally:
        painter.end()
        document.close()
    return pages


def cover_line(name: str, party: str) -> str:
    """The line on the first page of a printed copy: who the stack is for."""
    return _("For: {name} ({party})").format(name=name, party=party)
