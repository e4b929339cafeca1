"""Input checks shared by the plan, group and case-facts services.

Every failure is a translated :class:`UserError` whose message never quotes the user's text.
"""

from __future__ import annotations

from datetime import date

from desktop.errors import UserError
from desktop.i18n import _

#: Notes-like fields accept 100 000 characters and more; this only stops accidental pastes of books.
MAX_TEXT_CHARS = 200_000
MAX_LINE_CHARS = 200
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def clean_line(
    value: str, field_label: str, *, required: bool = False, max_chars: int = MAX_LINE_CHARS
) -> str:
    """One line of text: surrounding and repeated white space removed."""
    text = " ".join((value or "").split())
    if required and not text:
        raise UserError(_("Write something in «{field}».").format(field=field_label))
    if len(text) > max_chars:
        raise UserError(
            _("«{field}» can be at most {count} characters.").format(field=field_label, count=max_chars)
        )
    return text


def clean_text(value: str, field_label: str, *, required: bool = False) -> str:
    """Free text (notes, goals): line breaks kept, only the ends trimmed."""
    text = (value or "").strip()
    if required and not text:
        raise UserError(_("Write something in «{field}».").format(field=field_label))
    if len(text) > MAX_TEXT_CHARS:
        raise UserError(
            _("«{field}» can be at most {count} characters.").format(field=field_label, count=MAX_TEXT_CHARS)
        )
    return text


def check_date(value: date | None, field_label: str) -> date | None:
    if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise UserError(_("The date in «{field}» is not possible.").format(field=field_label))
    return value


def check_order(first: date | None, second: date | None, first_label: str, second_label: str) -> None:
    """``second`` may not come before ``first`` (an end before its start)."""
    if first is not None and second is not None and second < first:
        raise UserError(
            _("«{second}» cannot be before «{first}».").format(first=first_label, second=second_label)
        )
