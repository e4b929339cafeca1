"""Input checks shared by the services that store what people write.

Every failure is a translated :class:`UserError` whose message never quotes the user's text.

Every service entry point that stores free text passes it through :func:`clean_chars` (directly,
or through :func:`clean_text` / :func:`clean_line`). Typing cannot produce the characters it
removes, but imported data, pasted text and command-line arguments can: a lone UTF-16 surrogate
(``\\ud800``, from a JSON ``\\ud800`` escape or undecodable bytes in ``argv``) cannot be stored
at all (SQLite text is UTF-8), and control characters show as boxes in the minutes. They are
*replaced*, not refused: an import of a whole case should not fail on one bad character in a
note, and U+FFFD («�») shows the reader that something was lost there. Valid text is never
changed: emoji, Sami letters (Áilu Ŋ ŧ đ č š ž), combining marks and direction marks stay.
"""

from __future__ import annotations

import re
from datetime import date

from desktop.errors import UserError
from desktop.i18n import _

#: Notes-like fields accept 100 000 characters and more; this only stops accidental pastes of books.
MAX_TEXT_CHARS = 200_000
MAX_LINE_CHARS = 200
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


#: What :func:`clean_chars` changes: UTF-16 surrogates (lone ones cannot be stored), C0 controls
#: other than tab and line feed, DEL and C1 controls, and carriage returns.
_UNCLEAN = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Line breaks of other systems and programs become ``\n``: CR LF and CR (Windows, old Mac),
#: vertical tab (a manual line break in text copied from Word), form feed and NEL.
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x85]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def clean_chars(value: str | None) -> str:
    """``value`` as text that can be stored, printed in the minutes and read back; never raises.

    - A lone surrogate becomes U+FFFD (REPLACEMENT CHARACTER); a high and low surrogate written
      as two halves («\\ud83d\\ude00», as some JSON writers do) become the one character they
      encode.
    - Line breaks become ``\\n`` (see ``_LINE_BREAK``); tab stays.
    - Other control characters (NUL, ESC, DEL, C1 …) are removed.

    Everything else, including white space at the ends, is left exactly as it was; for text
    without such characters (nearly all) the same string is returned after one regular-expression
    scan, cheap enough for every autosave of the longest notes.
    """
    text = value or ""
    if not _UNCLEAN.search(text):
        return text
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def clean_line(
    value: str, field_label: str, *, required: bool = False, max_chars: int = MAX_LINE_CHARS
) -> str:
    """One line of text: surrounding and repeated white space removed (see :func:`clean_chars`)."""
    text = " ".join(clean_chars(value).split())
    if required and not text:
        raise UserError(_("Write something in «{field}».").format(field=field_label))
    if len(text) > max_chars:
        raise UserError(
            _("«{field}» can be at most {count} characters.").format(field=field_label, count=max_chars)
        )
    return text


def clean_text(value: str, field_label: str, *, required: bool = False) -> str:
    """Free text (notes, goals): line breaks kept, only the ends trimmed (see :func:`clean_chars`)."""
    text = clean_chars(value).strip()
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
