"""Purging a closed case after its retention period: what will be destroyed is said first (issue 19).

A case with signed minutes is never deleted by accident (the database refuses); this is the one
explicit way, and it asks with the counts of what goes and what stays, «Cancel» being the default.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _


def purge_case(parent: QWidget | None, db: Database, case_id: int) -> bool:
    """Show what purging ``case_id`` destroys, refuse when it may not be purged yet, else ask.

    Returns True when the case was purged.
    """
    from desktop.services.case.records import RecordsService, describe_plan

    service = RecordsService(db)
    lines: list[str] = []
    try:
        plan = service.plan_purge(case_id)
        lines = describe_plan(plan)
        service.check_purgeable(plan)
    except UserError as exc:  # not closed, kept until a later date, already purged
        box = QMessageBox(
            QMessageBox.Icon.Information, _("Purge case"), str(exc), QMessageBox.StandardButton.Ok, parent
        )
        box.setInformativeText("\n".join(lines))
        box.exec()
        return False
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Purge case"),
        _("Destroy the content of case {reference} for good? This cannot be undone.").format(
            reference=plan.reference
        ),
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText("\n".join(lines))
    purge_button = box.addButton(_("&Purge the case"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is not purge_button:
        return False
    try:
        service.purge(case_id, expected=plan)
    except UserError as exc:
        QMessageBox.warning(parent, _("Purge case"), str(exc))
        return False
    QMessageBox.information(
        parent, _("Purge case"), _("Case {reference} was purged.").format(reference=plan.reference)
    )
    return True
