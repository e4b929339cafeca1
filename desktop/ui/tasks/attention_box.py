"""The task board's «Needs attention»: what keeps the plan from going stale (issue 10).

Minutes waiting for the person's confirmation (with a way to record it), measures past their
evaluation date, and plans not evaluated within ``plan_stale_months`` (``services/tasks/follow_up.py``).
The list is a reminder, not a report: the first ``WARNINGS_SHOWN``, oldest first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, babel_locale, format_date, format_datetime, ngettext
from desktop.models.enums import LifeDomain, label
from desktop.services.tasks.follow_up import FollowUpWarnings
from desktop.ui.palette import BG_ATTENTION_STRONG, BG_NOTE, BORDER_NOTE, TEXT_STRONG

WARNING_CASE_ROLE = Qt.ItemDataRole.UserRole + 1
WARNING_MEETING_ROLE = Qt.ItemDataRole.UserRole + 2  # set for «waiting for confirmation» rows
WARNING_KIND_ROLE = Qt.ItemDataRole.UserRole + 3
WARNINGS_SHOWN = 40  # the list is a reminder, not a report: the first ones, oldest first

#: (kind: "awaiting", "measure" or "plan"; the text; the case id; the meeting id of "awaiting")
WarningRow = tuple[str, str, int, int | None]


def number(value: int) -> str:
    """A count as the user's language writes it (a space between thousands in Norwegian)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def short_text(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def warning_rows(warnings: FollowUpWarnings) -> list[WarningRow]:
    """Waiting for confirmation first, then measures, then plans."""
    rows: list[WarningRow] = []
    for waiting in warnings.awaiting:
        rows.append((
            "awaiting",
            _("Case {reference}: the minutes of {date} wait for {name}'s confirmation").format(
                reference=waiting.case_reference, date=format_datetime(waiting.start), name=waiting.user_name
            ),
            waiting.case_id,
            waiting.meeting_id,
        ))  # fmt: skip
    for measure in warnings.overdue_measures:
        rows.append((
            "measure",
            ngettext(
                "Case {reference}: the measure «{measure}» ({area}) was to be evaluated {date}, {n} day ago",
                "Case {reference}: the measure «{measure}» ({area}) was to be evaluated {date}, {n} days ago",
                measure.days_overdue,
            ).format(
                reference=measure.case_reference, measure=short_text(measure.text),
                area=label(LifeDomain(measure.goal_domain)), date=format_date(measure.evaluation_date),
                n=measure.days_overdue,
            ),
            measure.case_id,
            None,
        ))  # fmt: skip
    for plan in warnings.stale_plans:
        if plan.evaluation_due is not None:
            text = _("Case {reference}: the plan was to be evaluated {date}").format(
                reference=plan.case_reference, date=format_date(plan.evaluation_due)
            )
        else:
            text = (
                _("Case {reference}: the plan was last evaluated {date}, more than {months} months ago")
                if plan.last_evaluated
                else _("Case {reference}: the plan has not been evaluated in a meeting since {date}")
            ).format(reference=plan.case_reference, date=format_date(plan.since), months=plan.months)
        rows.append(("plan", text, plan.case_id, None))
    return rows


class AttentionBox(QWidget):
    """The warnings, with a way to open a warning's case and to record a confirmation.

    ``case_requested(case_id)`` and ``confirmation_requested()`` are the board's to act on; the
    box is hidden while there is nothing to say.
    """

    case_requested = Signal(int)
    confirmation_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.warnings_title = QLabel(_("Needs &attention"))
        self.warnings_title.setStyleSheet("font-weight: 600;")
        self.warnings_list = QListWidget()
        self.warnings_list.setObjectName("followUpWarnings")
        self.warnings_list.setAccessibleName(_("Needs attention"))
        self.warnings_list.setWordWrap(True)
        self.warnings_list.setStyleSheet(
            f"QListWidget {{ background: {BG_NOTE}; border: 1px solid {BORDER_NOTE}; border-radius: 4px; }}"
            f" QListWidget::item {{ padding: 3px 6px; color: {TEXT_STRONG}; }}"
            f" QListWidget::item:selected {{ background: {BG_ATTENTION_STRONG}; color: {TEXT_STRONG}; }}"
        )
        self.warnings_title.setBuddy(self.warnings_list)
        self.record_confirmation_button = QPushButton(_("&Record confirmation…"))
        self.record_confirmation_button.setAccessibleName(_("Record a confirmation given later"))
        self.record_confirmation_button.setEnabled(False)
        self.warning_case_button = QPushButton(_("Open case of the &warning"))
        self.warning_case_button.setAccessibleName(_("Open the case of the selected warning"))
        self.warning_case_button.setEnabled(False)
        head = QHBoxLayout()
        head.addWidget(self.warnings_title)
        head.addStretch(1)
        head.addWidget(self.warning_case_button)
        head.addWidget(self.record_confirmation_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addLayout(head)
        layout.addWidget(self.warnings_list)
        self.hide()
        self.warnings_list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.warnings_list.itemActivated.connect(lambda _item: self.open_warning_case())
        self.warning_case_button.clicked.connect(self.open_warning_case)
        self.record_confirmation_button.clicked.connect(self.confirmation_requested)

    def show_warnings(self, warnings: FollowUpWarnings) -> None:
        """Fill the list (keeping the selected warning selected) and show the box if it has any."""
        current = self.warnings_list.currentItem()
        keep = (current.data(WARNING_KIND_ROLE), current.data(WARNING_CASE_ROLE)) if current else None
        self.warnings_list.clear()
        rows = warning_rows(warnings)
        for kind, text, case_id, meeting_id in rows[:WARNINGS_SHOWN]:
            # Standard icons, not «⏳»/«⚠» characters: the shipped fonts have no hourglass glyph.
            icon = (
                QStyle.StandardPixmap.SP_MessageBoxInformation
                if kind == "awaiting"
                else (QStyle.StandardPixmap.SP_MessageBoxWarning)
            )
            item = QListWidgetItem(self.style().standardIcon(icon), text)
            item.setData(WARNING_KIND_ROLE, kind)
            item.setData(WARNING_CASE_ROLE, case_id)
            item.setData(WARNING_MEETING_ROLE, meeting_id or 0)
            item.setToolTip(text)
            self.warnings_list.addItem(item)
            if keep == (kind, case_id):
                self.warnings_list.setCurrentItem(item)
        hidden = len(rows) - WARNINGS_SHOWN
        if hidden > 0:
            more = QListWidgetItem(
                ngettext("… and {n} more warning", "… and {n} more warnings", hidden).format(n=number(hidden))
            )
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.warnings_list.addItem(more)
        total = len(rows)
        self.warnings_title.setText(
            ngettext("Needs &attention ({n})", "Needs &attention ({n})", total).format(n=number(total))
        )
        self.setVisible(total > 0)
        if self.warnings_list.count():  # as tall as its rows, at most a handful: the tasks stay in view
            rows_height = sum(
                self.warnings_list.sizeHintForRow(i) + 4 for i in range(min(5, self.warnings_list.count()))
            )
            self.warnings_list.setFixedHeight(rows_height + 2 * self.warnings_list.frameWidth() + 4)
        self._update_buttons()

    def selected_warning(self) -> tuple[str, int, int] | None:
        """(kind, case id, meeting id or 0) of the selected warning."""
        item = self.warnings_list.currentItem()
        if item is None or item.data(WARNING_KIND_ROLE) is None:
            return None
        return (
            str(item.data(WARNING_KIND_ROLE)),
            int(item.data(WARNING_CASE_ROLE)),
            int(item.data(WARNING_MEETING_ROLE) or 0),
        )

    def _update_buttons(self) -> None:
        warning = self.selected_warning()
        self.warning_case_button.setEnabled(warning is not None)
        self.record_confirmation_button.setEnabled(warning is not None and warning[0] == "awaiting")

    def open_warning_case(self) -> None:
        warning = self.selected_warning()
        if warning is not None:
            self.case_requested.emit(warning[1])
