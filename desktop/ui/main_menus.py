"""The main window's menu bar, built from the action registry (``actions.py``).

The Meeting menu holds a placeholder until the meeting workspace is first built; then it holds the
workspace's own actions (their shortcuts act inside the workspace only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from desktop.i18n import _
from desktop.ui.actions import ActionId


@dataclass(frozen=True)
class MainMenus:
    file: QMenu
    edit: QMenu
    view: QMenu
    meeting: QMenu
    minutes: QMenu
    help: QMenu


def build_main_menus(bar: QMenuBar, actions: Mapping[ActionId, QAction]) -> MainMenus:
    """File, Edit, View, Meeting, Minutes and Help, in that order on ``bar``."""
    file_menu = bar.addMenu(_("&File"))
    file_menu.addAction(actions[ActionId.NEW_CASE])
    file_menu.addSeparator()
    file_menu.addAction(actions[ActionId.OPEN_DATABASE])
    file_menu.addAction(actions[ActionId.OPEN_DEMO])
    file_menu.addSeparator()
    file_menu.addAction(actions[ActionId.SETTINGS])
    file_menu.addAction(actions[ActionId.PURGE_CASE])
    file_menu.addSeparator()
    file_menu.addAction(actions[ActionId.QUIT])
    edit_menu = bar.addMenu(_("&Edit"))
    edit_menu.addAction(actions[ActionId.FIND])
    view_menu = bar.addMenu(_("&View"))
    for action_id in (ActionId.SHOW_CASES, ActionId.SHOW_TASKS, ActionId.SHOW_MEETING):
        view_menu.addAction(actions[action_id])
    view_menu.addSeparator()
    view_menu.addAction(actions[ActionId.BACK])
    view_menu.addAction(actions[ActionId.REFRESH])
    meeting_menu = bar.addMenu(_("Meet&ing"))  # «&Edit» already has Alt+E
    minutes_menu = bar.addMenu(_("&Minutes"))
    minutes_menu.addAction(actions[ActionId.EXPORT_MINUTES])
    minutes_menu.addAction(actions[ActionId.VERIFY_MINUTES])
    minutes_menu.addAction(actions[ActionId.IMPORT_HANDOVER])
    help_menu = bar.addMenu(_("&Help"))
    help_menu.addAction(actions[ActionId.SHORTCUTS])
    help_menu.addAction(actions[ActionId.ABOUT])
    return MainMenus(file_menu, edit_menu, view_menu, meeting_menu, minutes_menu, help_menu)


def show_meeting_placeholder(menu: QMenu, open_workspace: Callable[[], object]) -> None:
    """The Meeting menu before the workspace exists: one entry that opens it."""
    menu.clear()
    placeholder = menu.addAction(_("Open the meeting workspace"))
    placeholder.triggered.connect(open_workspace)


def show_meeting_actions(menu: QMenu, actions: Iterable[QAction]) -> None:
    menu.clear()
    for action in actions:
        menu.addAction(action)
