"""The individual plan, edited in place: the user's overall goal, goals per life domain, measures.

The overall goal saves itself shortly after typing stops; goals and measures are edited in a form
beside the tree (``plan_forms.py``, ``plan_tree.py``) and saved with the form's button (or Enter on
it).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.services.case.detail import CaseDetail
from desktop.services.case.plan import GoalInput, MeasureInput, PlanService
from desktop.ui.case.panel_base import CasePanel, text_box
from desktop.ui.case.plan_forms import GoalForm, MeasureForm
from desktop.ui.case.plan_tree import ID_ROLE, KIND_ROLE, PlanTree
from desktop.ui.date_field import OptionalDateEdit
from desktop.ui.pages import size_to_current_page

AUTOSAVE_MS = 700


class PlanEditor(CasePanel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan = PlanService(db)
        self._editing: tuple[str, int | None, int | None] = ("none", None, None)  # kind, id, goal id
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_overall_goal)
        top = self._plan_texts()
        left = self._tree_column()
        self._build_forms()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.forms)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _plan_texts(self) -> QHBoxLayout:
        """The overall goal and the resources (saved shortly after typing stops), the next evaluation."""
        self.overall_edit = text_box(
            _("What matters to you?"), _("The user's own words, as they said them"), 54
        )
        self.overall_edit.setObjectName("overallGoal")
        self.overall_edit.setMaximumHeight(80)
        self.overall_edit.textChanged.connect(self._autosave.start)
        overall_box = QGroupBox(_("«What matters to you?» — the user's overall goal"))
        overall_layout = QVBoxLayout(overall_box)
        overall_layout.addWidget(self.overall_edit)
        self.resources_edit = text_box(
            _("Resources"), _("What the user is good at, and who supports them"), 54
        )
        self.resources_edit.setObjectName("planResources")
        self.resources_edit.setMaximumHeight(80)
        self.resources_edit.textChanged.connect(self._autosave.start)
        self.next_evaluation_edit = OptionalDateEdit(_("Next evaluation of the plan"))
        self.next_evaluation_edit.changed.connect(self.save_next_evaluation)
        resources_box = QGroupBox(_("The user's resources"))
        resources_layout = QVBoxLayout(resources_box)
        resources_layout.addWidget(self.resources_edit)
        evaluation_row = QHBoxLayout()
        evaluation_row.addWidget(QLabel(_("Next evaluation of the plan:")))
        evaluation_row.addWidget(self.next_evaluation_edit, 1)
        top = QHBoxLayout()
        top.addWidget(overall_box, 3)
        resources_column = QVBoxLayout()
        resources_column.addWidget(resources_box)
        resources_column.addLayout(evaluation_row)
        top.addLayout(resources_column, 2)
        return top

    def _tree_column(self) -> QWidget:
        """The plan tree and the buttons that add, remove and move its goals and measures."""
        self.tree = PlanTree()
        self.tree.currentItemChanged.connect(self._item_changed)
        self.tree.itemActivated.connect(lambda *_a: self._focus_form())
        self.add_goal_button = QPushButton(_("A&dd goal"))
        self.add_measure_button = QPushButton(_("Add meas&ure"))
        self.remove_button = QPushButton(_("Remove"))
        self.up_button = QPushButton("↑")
        self.up_button.setAccessibleName(_("Move goal up"))
        self.up_button.setToolTip(_("Move goal up"))
        self.down_button = QPushButton("↓")
        self.down_button.setAccessibleName(_("Move goal down"))
        self.down_button.setToolTip(_("Move goal down"))
        for button in (self.up_button, self.down_button):
            button.setMaximumWidth(36)
        self.add_goal_button.clicked.connect(self.start_new_goal)
        self.add_measure_button.clicked.connect(self.start_new_measure)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        tree_buttons = QHBoxLayout()
        for button in (self.add_goal_button, self.add_measure_button, self.remove_button):
            tree_buttons.addWidget(button)
        tree_buttons.addStretch()
        tree_buttons.addWidget(self.up_button)
        tree_buttons.addWidget(self.down_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(tree_buttons)
        return left

    def _build_forms(self) -> None:
        self.goal_form = GoalForm()
        self.measure_form = MeasureForm()
        self.empty_form = QLabel(_("Choose a goal or a measure, or add a new one."))
        self.empty_form.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_form.setWordWrap(True)
        self.forms = QStackedWidget()
        for widget in (self.empty_form, self.goal_form, self.measure_form):
            self.forms.addWidget(widget)
        size_to_current_page(self.forms)  # the taller measure form must not make the goal's page scroll
        self.forms.setMinimumWidth(440)
        self.goal_form.save_button.clicked.connect(self.save_goal)
        self.measure_form.save_button.clicked.connect(self.save_measure)

    # -- showing ---------------------------------------------------------------------------------

    def set_detail(self, detail: CaseDetail) -> None:
        super().set_detail(detail)
        if not self._autosave.isActive():
            for edit, stored in (
                (self.overall_edit, detail.plan.overall_goal),
                (self.resources_edit, detail.plan.resources),
            ):
                if edit.toPlainText() != stored:
                    edit.blockSignals(True)
                    edit.setPlainText(stored)
                    edit.blockSignals(False)
        self.next_evaluation_edit.blockSignals(True)
        self.next_evaluation_edit.set_value(detail.plan.next_evaluation)
        self.next_evaluation_edit.blockSignals(False)
        self.measure_form.set_members(detail)
        kind, item_id, _goal_id = self._editing
        selected = self.tree.fill(detail, kind, item_id)
        if selected is not None:
            self.tree.setCurrentItem(selected)
            self._item_changed(selected, None)
        elif kind in ("new_goal", "new_measure"):
            pass  # keep the half-written form
        elif (first := self.tree.topLevelItem(0)) is not None:
            self.tree.setCurrentItem(first)
            self._item_changed(first, None)
        else:
            self._editing = ("none", None, None)
            self.forms.setCurrentWidget(self.empty_form)
        self._update_buttons()

    def _item_changed(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        """Show the chosen goal or measure; what was typed in the form is saved first, never dropped."""
        self._update_buttons()
        if current is None or self.detail is None:
            return
        kind, item_id = current.data(0, KIND_ROLE), current.data(0, ID_ROLE)
        if self.is_form_dirty():
            if (kind, item_id) == self._editing[:2]:
                return  # the same item after a reload: keep the text being written
            if not self.commit_form():
                self.tree.blockSignals(True)
                if previous is not None:
                    self.tree.setCurrentItem(previous)
                else:
                    self.tree.setCurrentIndex(QModelIndex())  # no current item, as before
                self.tree.blockSignals(False)
                self._update_buttons()
                return
            QTimer.singleShot(0, self.changed.emit)  # show the saved text in the tree
        if kind == "goal" and (goal := self.detail.goal(item_id)) is not None:
            self._editing = ("goal", goal.id, goal.id)
            self.goal_form.show_goal(goal)
            self.forms.setCurrentWidget(self.goal_form)
        elif kind == "measure" and (measure := self.detail.measure(item_id)) is not None:
            self._editing = ("measure", measure.id, measure.goal_id)
            self.measure_form.show_measure(measure)
            self.forms.setCurrentWidget(self.measure_form)

    def is_form_dirty(self) -> bool:
        """Whether the goal or measure form holds text that is not stored."""
        kind, item_id, _goal_id = self._editing
        if self.detail is None:
            return False
        if kind == "new_goal":
            return bool(self.goal_form.text_edit.toPlainText().strip())
        if kind == "new_measure":
            return bool(self.measure_form.text_edit.toPlainText().strip())
        if kind == "goal" and (goal := self.detail.goal(item_id or 0)) is not None:
            stored = GoalInput(goal.domain, goal.text, goal.professional_text, goal.status)
            return self.goal_form.value() != stored
        if kind == "measure" and (measure := self.detail.measure(item_id or 0)) is not None:
            stored_measure = MeasureInput(
                text=measure.text,
                party=measure.party,
                responsible_member_id=measure.responsible_member_id,
                responsible_person=measure.responsible_person,
                start_date=measure.start_date,
                end_date=measure.end_date,
                evaluation_date=measure.evaluation_date,
                status=measure.status,
            )
            return self.measure_form.value() != stored_measure
        return False

    def commit_form(self) -> bool:
        """Save the form without reloading; False (with the reason shown) when it is refused."""
        kind, item_id, goal_id = self._editing
        if self.detail is None:
            return True
        try:
            if kind == "goal" and item_id is not None:
                self._plan.update_goal(item_id, self.goal_form.value())
            elif kind == "new_goal":
                self._plan.add_goal(self.detail.id, self.goal_form.value())
            elif kind == "measure" and item_id is not None:
                self._plan.update_measure(item_id, self.measure_form.value())
            elif kind == "new_measure" and goal_id is not None:
                self._plan.add_measure(goal_id, self.measure_form.value())
        except UserError as exc:
            self.message.emit(str(exc), True)
            return False
        self.message.emit(_("Your changes are saved."), False)
        return True

    def _save_before_leaving(self) -> bool:
        if not self.is_form_dirty():
            return True
        if not self.commit_form():
            return False
        QTimer.singleShot(0, self.changed.emit)
        return True

    def _update_buttons(self) -> None:
        current = self.tree.currentItem()
        is_goal = current is not None and current.data(0, KIND_ROLE) == "goal"
        self.add_measure_button.setEnabled(current is not None)
        self.remove_button.setEnabled(current is not None)
        self.up_button.setEnabled(is_goal)
        self.down_button.setEnabled(is_goal)

    def _focus_form(self) -> None:
        if self.forms.currentWidget() is self.goal_form:
            self.goal_form.text_edit.setFocus()
        elif self.forms.currentWidget() is self.measure_form:
            self.measure_form.text_edit.setFocus()

    def flush_pending(self) -> None:
        """Save what is typed but not yet stored (overall goal, resources, the goal or measure form)
        before the view shows another case or the window closes."""
        if self._autosave.isActive():
            self.save_overall_goal()
        if self.is_form_dirty():
            self.commit_form()

    def save_overall_goal(self) -> None:
        self._autosave.stop()
        if self.detail is None:
            return
        text = self.overall_edit.toPlainText()
        try:
            if text != self.detail.plan.overall_goal:
                self._plan.set_overall_goal(self.detail.id, text)
            if self.resources_edit.toPlainText() != self.detail.plan.resources:
                self._plan.set_resources(self.detail.id, self.resources_edit.toPlainText())
        except UserError as exc:
            self.message.emit(str(exc), True)
            return
        self.message.emit(_("Your changes are saved."), False)

    def save_next_evaluation(self) -> None:
        if self.detail is None:
            return
        case_id, when = self.detail.id, self.next_evaluation_edit.value()
        self.run(
            lambda: self._plan.set_next_evaluation(case_id, when), _("Date of the next evaluation saved.")
        )

    def start_new_goal(self) -> None:
        if not self._save_before_leaving():
            return
        self._editing = ("new_goal", None, None)
        self.tree.clearSelection()
        self.goal_form.show_goal(None)
        self.forms.setCurrentWidget(self.goal_form)
        self.goal_form.domain_combo.setFocus()

    def start_new_measure(self) -> None:
        if not self._save_before_leaving():
            return
        goal_id = self.tree.current_goal_id()
        if goal_id is None:
            self.message.emit(_("Choose the goal the measure belongs to first."), True)
            return
        self._editing = ("new_measure", None, goal_id)
        self.measure_form.show_measure(None)
        self.forms.setCurrentWidget(self.measure_form)
        self.measure_form.text_edit.setFocus()

    def _remember(self, kind: str, goal_id: int | None = None):  # noqa: ANN202
        def keep(new_id: object) -> None:
            if isinstance(new_id, int):
                self._editing = (kind, new_id, goal_id if goal_id is not None else new_id)

        return keep

    def save_goal(self) -> None:
        if self.detail is None:
            return
        kind, item_id, _goal_id = self._editing
        value = self.goal_form.value()
        if kind == "goal" and item_id is not None:
            goal_id = item_id
            self.run(lambda: self._plan.update_goal(goal_id, value), _("Goal saved."))
        else:
            case_id = self.detail.id
            self.run(lambda: self._plan.add_goal(case_id, value), _("Goal added."), self._remember("goal"))

    def save_measure(self) -> None:
        kind, item_id, goal_id = self._editing
        value = self.measure_form.value()
        if kind == "measure" and item_id is not None:
            measure_id = item_id
            self.run(lambda: self._plan.update_measure(measure_id, value), _("Measure saved."))
        elif goal_id is not None:
            target = goal_id
            self.run(
                lambda: self._plan.add_measure(target, value),
                _("Measure added."),
                self._remember("measure", target),
            )

    def remove_current(self) -> None:
        current = self.tree.currentItem()
        if current is None:
            return
        from PySide6.QtWidgets import QMessageBox

        kind, item_id = current.data(0, KIND_ROLE), int(current.data(0, ID_ROLE))
        question = (
            _("Remove this goal and all its measures?") if kind == "goal" else _("Remove this measure?")
        )
        answer = QMessageBox.question(self, _("Remove"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._editing = ("none", None, None)
        if kind == "goal":
            self.run(lambda: self._plan.remove_goal(item_id), _("Goal removed."))
        else:
            self.run(lambda: self._plan.remove_measure(item_id), _("Measure removed."))

    def _move(self, offset: int) -> None:
        goal_id = self.tree.current_goal_id()
        if goal_id is not None:
            self._editing = ("goal", goal_id, goal_id)
            self.run(lambda: self._plan.move_goal(goal_id, offset), _("Goal moved."))
