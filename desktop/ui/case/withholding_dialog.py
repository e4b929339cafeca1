"""«Hold tilbake»: record what the person withholds from a member or a party (issue 18).

A limited consent ("not details of substance use to NAV") is free text the program cannot apply.
Here the coordinator records it so that it can: a whole life area, or one note, decision or task
of this meeting, withheld from one member or from everyone of one party. The next distribution
leaves it out of their copy and says that something was left out at the person's wish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.enums import LifeDomain, PartyType, label

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.services.case.withholding import WithholdingRow

ROW_ID = Qt.ItemDataRole.UserRole + 1
# Combo data are "kind:value" strings ("member:12", "party:nav", "life_area:housing", "note:40").
MAX_SHOWN_CHARS = 70


def _short(text: str) -> str:
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


class WithholdingDialog(QDialog):
    """Add and remove what is withheld from whom, for one case (items from one meeting)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None, db: Database, case_id: int, meeting_id: int) -> None:
        from desktop.services.case.consent import is_user, members_and_consents
        from desktop.services.case.withholding import WithholdingService

        super().__init__(parent)
        self.db, self.case_id, self.meeting_id = db, case_id, meeting_id
        self.service = WithholdingService(db)
        self.setWindowTitle(_("What the person withholds"))
        self.resize(760, 480)
        with db.session() as session:
            members, _consents = members_and_consents(session, case_id)
        self.members = {m.id: m for m in members if m.id is not None and not is_user(m)}

        self._build_from_combo()
        self._build_what_combo()
        self.add_button = QPushButton(_("&Withhold"))
        self.add_button.clicked.connect(self.add)
        self.rows_list = QListWidget()
        self.rows_list.setAccessibleName(_("What is withheld now"))
        form = QFormLayout()
        from_label = QLabel(_("&From:"))
        from_label.setBuddy(self.from_combo)
        what_label = QLabel(_("W&hat:"))
        what_label.setBuddy(self.what_combo)
        form.addRow(from_label, self.from_combo)
        form.addRow(what_label, self.what_combo)
        add_row = QHBoxLayout()
        add_row.addStretch()
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(add_row)
        layout.addWidget(self.rows_list, 1)
        layout.addLayout(self._build_bottom_row())
        self.reload()

    def _build_from_combo(self) -> None:
        """Each member other than the user, then each of their parties as a whole."""
        self.from_combo = QComboBox()
        self.from_combo.setAccessibleName(_("Withheld from"))
        parties: list[PartyType] = []
        for member in self.members.values():
            self.from_combo.addItem(
                _("{name} ({party})").format(name=member.name, party=label(member.party)),
                f"member:{member.id}",
            )
            if member.party not in parties:
                parties.append(member.party)
        for party in parties:
            self.from_combo.addItem(
                _("Everyone from {party}").format(party=label(party)), f"party:{party.value}"
            )

    def _build_what_combo(self) -> None:
        """Each life area, then the meeting's notes, agreements and tasks (shortened)."""
        from desktop.services.case.withholding import withholdable_items

        self.what_combo = QComboBox()
        self.what_combo.setAccessibleName(_("What is withheld"))
        for domain in LifeDomain:
            self.what_combo.addItem(
                _("Life area: {area}").format(area=label(domain)), f"life_area:{domain.value}"
            )
        kinds = {"note": _("Note: {text}"), "decision": _("Agreed: {text}"), "task": _("Task: {text}")}
        for item in withholdable_items(self.db, self.meeting_id):
            self.what_combo.addItem(
                kinds[item.subject].format(text=_short(item.text)), f"{item.subject}:{item.item_id}"
            )

    def _build_bottom_row(self) -> QHBoxLayout:
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.status_label = QLabel(
            _(
                "Their copy leaves this out and says that something was left out at the person's wish, "
                "never what."
            )
        )
        self.status_label.setWordWrap(True)
        close_button = QPushButton(_("C&lose"))
        close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.remove_button)
        bottom.addWidget(close_button)
        return bottom

    def describe(self, row: WithholdingRow) -> str:
        from desktop.services.case.withholding import item_text

        if row.subject == "life_area" and row.life_area:
            what = _("Life area: {area}").format(area=label(LifeDomain(row.life_area)))
        else:
            kinds = {"note": _("Note: {text}"), "decision": _("Agreed: {text}"), "task": _("Task: {text}")}
            what = kinds.get(row.subject, "{text}").format(
                text=_short(item_text(self.db, row.subject, row.item_id or 0)) or "…"
            )
        if row.member_id is not None and row.member_id in self.members:
            member = self.members[row.member_id]
            who = _("{name} ({party})").format(name=member.name, party=label(member.party))
        else:
            who = _("Everyone from {party}").format(party=label(PartyType(row.party or "other")))
        return _("{what} — withheld from {who}").format(what=what, who=who)

    def reload(self) -> None:
        self.rows_list.clear()
        for row in self.service.of_case(self.case_id).rows:
            item = QListWidgetItem(self.describe(row))
            item.setData(ROW_ID, row.id)
            self.rows_list.addItem(item)
        has_rows = self.rows_list.count() > 0
        if not has_rows:  # an empty white box says nothing; say that nothing is withheld
            empty = QListWidgetItem(
                _("Nothing is withheld yet: everyone who gets the minutes gets all of them.")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.rows_list.addItem(empty)
        self.remove_button.setEnabled(has_rows)

    def add(self) -> None:
        from desktop.models.withholding import WithheldSubject

        who_kind, _sep, who = str(self.from_combo.currentData()).partition(":")
        subject, _sep, value = str(self.what_combo.currentData()).partition(":")
        member_id = int(who) if who_kind == "member" else None
        party = PartyType(who) if who_kind == "party" else None
        try:
            if subject == "life_area":
                self.service.withhold_life_area(
                    self.case_id, LifeDomain(value), member_id=member_id, party=party
                )
            else:
                self.service.withhold_item(
                    self.case_id, WithheldSubject(subject), int(value), member_id=member_id, party=party
                )
        except UserError as exc:
            self.status_label.setText(str(exc))
            return
        self.reload()
        self.changed.emit()

    def remove_selected(self) -> None:
        item = self.rows_list.currentItem()
        if item is None or item.data(ROW_ID) is None:  # nothing, or the «nothing withheld» line
            return
        self.service.remove(int(item.data(ROW_ID)))
        self.reload()
        self.changed.emit()
