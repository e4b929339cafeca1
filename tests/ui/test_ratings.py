"""The person rates the life areas in the runner with the keyboard; the case view charts them over time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton
from sqlmodel import select

from desktop.db import Database
from desktop.models import LifeAreaRating, Meeting
from desktop.models.enums import LifeDomain
from desktop.services.meeting.ratings import RatingService
from desktop.ui.case.view import CaseView
from desktop.ui.meeting.workspace import MeetingWorkspace
from tests.meeting_helpers import start_new_meeting

CASE_ID = 1


def _start(qtbot, workspace: MeetingWorkspace, db: Database) -> int:
    return start_new_meeting(qtbot, workspace, db, CASE_ID)


def _stored(db: Database, meeting_id: int) -> dict[str, tuple[int, str]]:
    with db.session() as s:
        rows = s.exec(select(LifeAreaRating).where(LifeAreaRating.meeting_id == meeting_id)).all()
        return {r.domain.value: (r.score, r.comment) for r in rows}


def test_rate_life_areas_with_the_keyboard(qtbot, workspace: MeetingWorkspace, demo_db: Database) -> None:
    meeting_id = _start(qtbot, workspace, demo_db)
    runner = workspace.runner
    panel = runner.ratings
    assert "Kari" in panel.intro.text()

    # Ctrl+5 opens the tab and puts the focus on the first life area (housing), at «not set».
    qtbot.keyClick(runner.notes_pane.notes_edit, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert runner.side_tabs.currentWidget() is panel
    focused = panel.focusWidget()
    assert isinstance(focused, QRadioButton) and focused is panel.groups[LifeDomain.HOUSING].button(0)
    assert not panel.comments[LifeDomain.HOUSING].isEnabled()  # a line needs a rating first

    # The arrow keys choose the score (each step is saved); Tab goes on to the person's own line.
    for _step in range(4):
        qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Right)
    assert panel.groups[LifeDomain.HOUSING].checkedId() == 4
    assert _stored(demo_db, meeting_id) == {"housing": (4, "")}
    qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Tab)
    comment = panel.comments[LifeDomain.HOUSING]
    assert comment.hasFocus()
    qtbot.keyClicks(comment, "Endelig ")
    comment.insert("nøkkel – æøå")  # QTest types ASCII only
    qtbot.keyClick(comment, Qt.Key.Key_Tab)  # leaving the line saves it
    assert _stored(demo_db, meeting_id) == {"housing": (4, "Endelig nøkkel – æøå")}

    # Tab reaches the next life area (economy); Right, Right sets 2.
    assert panel.focusWidget() is panel.groups[LifeDomain.ECONOMY].button(0)
    qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Right)
    assert _stored(demo_db, meeting_id)["economy"] == (2, "")

    # The digit keys choose directly: 5 on economy, then back with the arrow to 4 … and 2 again.
    qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_5)
    assert _stored(demo_db, meeting_id)["economy"] == (5, "")
    assert panel.focusWidget() is panel.groups[LifeDomain.ECONOMY].button(5)
    qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_2)
    assert _stored(demo_db, meeting_id)["economy"] == (2, "")

    # Undo (Ctrl+Z) takes back the last step; «not set» removes a rating.
    workspace.undo()
    assert _stored(demo_db, meeting_id)["economy"] == (5, "")
    assert panel.groups[LifeDomain.ECONOMY].checkedId() == 5
    panel.groups[LifeDomain.ECONOMY].button(0).click()
    assert "economy" not in _stored(demo_db, meeting_id)
    assert not panel.comments[LifeDomain.ECONOMY].isEnabled()

    # «Ta med i referatet» is stored on the meeting.
    assert not panel.in_minutes.isChecked()
    panel.in_minutes.click()
    with demo_db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None and meeting.ratings_in_minutes
    workspace.undo()
    assert not RatingService(demo_db).in_minutes(meeting_id)

    # Reopening the meeting shows what is stored.
    workspace.open_meeting(meeting_id)
    assert panel.groups[LifeDomain.HOUSING].checkedId() == 4
    assert panel.comments[LifeDomain.HOUSING].text() == "Endelig nøkkel – æøå"
    assert panel.groups[LifeDomain.LEGAL].checkedId() == 0


def test_every_rating_control_has_an_accessible_name(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    _start(qtbot, workspace, demo_db)
    panel = workspace.runner.ratings
    for domain, group in panel.groups.items():
        for button in group.buttons():
            assert button.accessibleName().strip(), domain
        assert panel.comments[domain].accessibleName().strip()
    assert panel.groups[LifeDomain.HOUSING].button(5).accessibleName() == "Bolig: Svært bra"
    assert panel.in_minutes.accessibleName()


def test_the_case_view_charts_the_ratings_over_time(qtbot, demo_db: Database) -> None:
    view = CaseView(demo_db)
    qtbot.addWidget(view)
    view.resize(1366, 740)
    view.load(CASE_ID)
    chart = view.ratings_chart
    assert view.tabs.indexOf(chart) >= 0
    assert view.tabs.tabText(view.tabs.indexOf(chart)) == "&Livsområder over tid"
    assert chart.series_names() == ["Bolig", "Økonomi", "Psykisk helse", "Rus", "Nettverk og fritid"]
    housing = next(s for s in chart.chart.series() if s.name() == "Bolig")
    assert housing.count() == 3  # one point per held meeting
    assert [p.y() for p in housing.points()] == [
        p.score for p in RatingService(demo_db).history(CASE_ID) if p.domain == "housing"
    ]
    assert chart.table.rowCount() == 5 and chart.table.columnCount() == 3
    assert not chart.empty_label.isVisibleTo(chart)

    # A new rating shows up when the case is shown again; a case without ratings says so.
    with demo_db.session() as s:
        meeting_id = s.exec(
            select(Meeting.id).where(Meeting.case_id == CASE_ID, Meeting.status == "planned")
        ).first()
    assert meeting_id is not None
    RatingService(demo_db).set_rating(meeting_id, LifeDomain.LEGAL, 3)
    view.reload()
    assert "Juridiske forhold" in chart.series_names()
    assert chart.table.columnCount() == 4
    chart.show_points(())
    assert chart.series_names() == [] and chart.empty_label.isVisibleTo(chart)
