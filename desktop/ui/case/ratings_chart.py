"""The person's ratings of the life areas over time: a line per life area, a point per meeting.

A tab of the case view. Beside the chart, the same numbers as a table, for screen readers and
for anyone who reads numbers more easily than lines. Only life areas that have been rated appear.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.i18n import N_, _, format_date
from desktop.models.enums import LifeDomain, label
from desktop.services.case.detail import CaseDetail
from desktop.services.meeting.ratings import RATING_MAX, RATING_MIN, RatingPoint, RatingService, score_label
from desktop.ui.case.panel_base import CasePanel
from desktop.ui.palette import CHART_SERIES, muted_style

RATINGS_TAB_TITLE = N_("&Life areas over time")
#: One line colour per life area (see the palette).
COLOURS = CHART_SERIES


class RatingsChart(CasePanel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = RatingService(db)
        self.points: tuple[RatingPoint, ...] = ()
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.setBackgroundRoundness(0)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(_("Chart of the user's ratings of the life areas over time"))
        self.view.setMinimumHeight(260)
        self.table = QTableWidget()
        self.table.setAccessibleName(_("The user's ratings of the life areas, per meeting"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel(
            _(
                "No ratings yet. In a meeting, the user can rate each life area from 1 to {high} (Ctrl+5)."
            ).format(high=RATING_MAX)
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(muted_style())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)

    def set_detail(self, detail: CaseDetail) -> None:
        super().set_detail(detail)
        self.show_points(self._service.history(detail.id))

    def show_points(self, points: tuple[RatingPoint, ...]) -> None:
        self.points = points
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        meetings = sorted({(p.held_at, p.meeting_id) for p in points})
        column = {meeting_id: n for n, (_when, meeting_id) in enumerate(meetings)}
        dates = [format_date(when.date()) for when, _id in meetings]
        domains = [d for d in LifeDomain if any(p.domain == d.value for p in points)]
        self.empty_label.setVisible(not points)

        x_axis = QCategoryAxis()
        x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for n, text in enumerate(dates):  # category labels must be unique
            x_axis.append(text if dates.count(text) == 1 else f"{text} ({n + 1})", n)
        x_axis.setRange(-0.3, max(len(meetings) - 1, 1) + 0.3)
        x_axis.setTitleText(_("Meeting"))
        y_axis = QCategoryAxis()
        y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for score in range(RATING_MIN, RATING_MAX + 1):
            y_axis.append(f"{score} {score_label(score)}", score)
        y_axis.setRange(RATING_MIN - 0.3, RATING_MAX + 0.3)
        y_axis.setGridLineVisible(True)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for index, domain in enumerate(domains):
            series = QLineSeries()
            series.setName(label(domain))
            series.setPointsVisible(True)
            pen = QPen(QColor(COLOURS[index % len(COLOURS)]))
            pen.setWidthF(2.5)
            series.setPen(pen)
            for point in points:
                if point.domain == domain.value:
                    series.append(column[point.meeting_id], point.score)
            self.chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 8))
        self.chart.legend().setFont(font)
        self._fill_table(domains, meetings, column)

    def series_names(self) -> list[str]:
        return [series.name() for series in self.chart.series()]

    def _fill_table(
        self, domains: list[LifeDomain], meetings: list[tuple[datetime, int]], column: dict[int, int]
    ) -> None:
        self.table.clear()
        self.table.setRowCount(len(domains))
        self.table.setColumnCount(len(meetings))
        self.table.setHorizontalHeaderLabels([format_date(when.date()) for when, _id in meetings])
        self.table.setVerticalHeaderLabels([label(d) for d in domains])
        rows = {d.value: n for n, d in enumerate(domains)}
        for point in self.points:
            item = QTableWidgetItem(f"{point.score} {score_label(point.score)}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(rows[point.domain], column[point.meeting_id], item)
        self.table.resizeColumnsToContents()
        # As tall as its rows (the chart gets the rest of the tab).
        rows_height = sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        frame = 2 * self.table.frameWidth() + self.table.horizontalHeader().sizeHint().height()
        self.table.setMaximumHeight(rows_height + frame + 4)
