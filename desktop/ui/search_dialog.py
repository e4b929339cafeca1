"""Find a word in every note, agreement («Avtalt») and task of every case (SQLite FTS5).

Type, and the hits appear (newest first) after a short pause; Enter or double-click opens the
case. The search runs off the UI thread; a newer query makes older results void.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.i18n import _, ngettext
from desktop.services.search import SearchHit, SearchService, fts_query
from desktop.ui.background_op import BackgroundOp
from desktop.ui.palette import muted_style
from desktop.ui.search_result_model import (
    CASE_ROLE,
    COL_CASE,
    COL_DATE,
    COL_KIND,
    COL_TEXT,
    HTML_ROLE,
    SearchResultModel,
)

SEARCH_DELAY_MS = 200
MAX_HITS = 200


class _HtmlDelegate(QStyledItemDelegate):
    """Draws the snippet with the matched words in bold."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view

    def paint(
        self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        html = index.data(HTML_ROLE)
        if html is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        self._view.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self._view)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(role).name()
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(2)
        doc.setHtml(f'<span style="color:{color}">{html}</span>')
        rect = opt.rect
        painter.save()
        painter.setClipRect(rect)
        painter.translate(rect.left() + 2, rect.top() + max(0.0, (rect.height() - doc.size().height()) / 2))
        doc.drawContents(painter)
        painter.restore()


class SearchDialog(QDialog):
    case_requested = Signal(int)
    searched = Signal()  # results (or an error) shown; tests wait for it

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._service = SearchService(db)
        self._generation = 0
        self.setWindowTitle(_("Search notes, agreements and tasks"))
        self.resize(980, 560)
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(_("Words to find, for example: bolig NAV"))
        self.query_edit.setAccessibleName(_("Search words"))
        self.query_edit.setClearButtonEnabled(True)
        self.model = SearchResultModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Search results"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COL_TEXT, _HtmlDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        head = self.table.horizontalHeader()
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        head.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_DATE, 120), (COL_CASE, 105), (COL_KIND, 90)):
            self.table.setColumnWidth(column, width)
        self.status_label = QLabel(_("Every word must occur; the start of a word is enough."))
        self.status_label.setStyleSheet(muted_style())
        self.open_button = QPushButton(_("Open &case"))
        self.open_button.setEnabled(False)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.query_edit.textChanged.connect(lambda _t: self._timer.start())
        self.query_edit.returnPressed.connect(self._return_in_query)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.open_button.setEnabled(self.table.selectionModel().hasSelection())
        )
        self.open_button.clicked.connect(self._open_selected)
        self.query_edit.setFocus()

    def search_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        text = self.query_edit.text()
        if fts_query(text) is None:
            self.model.set_hits([])
            self.status_label.setText(
                _("Type a word to search.") if not text.strip() else _("Type letters or digits to search.")
            )
            self.searched.emit()
            return
        service = self._service
        self.status_label.setText(_("Searching…"))
        BackgroundOp(self, lambda: service.search(text, MAX_HITS)).on_success(
            lambda hits: self._show(generation, hits)
        ).on_failure(lambda _exc: self._show_error(generation)).run(self._pool)

    def _show(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        self.model.set_hits(hits)
        if hits:
            text = ngettext("{count} hit, newest first", "{count} hits, newest first", len(hits)).format(
                count=len(hits)
            )
            if len(hits) >= MAX_HITS:
                text = _("The {count} newest hits. Add a word to narrow the search.").format(count=MAX_HITS)
            self.status_label.setText(text)
        else:
            self.status_label.setText(_("Nothing found. Try fewer words, or the start of a word."))
        self.searched.emit()

    def _show_error(self, generation: int) -> None:
        if generation != self._generation:
            return
        self.model.set_hits([])
        self.status_label.setText(_("The search could not be run."))
        self.searched.emit()

    def _return_in_query(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
        else:
            self.search_now()

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.data(index, CASE_ROLE)
        if case_id is not None:
            self.case_requested.emit(int(case_id))

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._activated(rows[0])
