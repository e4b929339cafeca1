"""The pseudo-locale: every msgid stretched and accented at run time, placeholders intact."""

from __future__ import annotations

import re
import string
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from desktop.i18n import (
    PSEUDO_LANGUAGE,
    _,
    babel_locale,
    current_language,
    format_date,
    format_datetime,
    install,
    ngettext,
    pseudo_translate,
    resolve_language,
)

LOCALE_DIR = Path(__file__).resolve().parents[2] / "resources" / "locale"


def fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def every_msgid() -> list[str]:
    ids: set[str] = set()
    for po in (LOCALE_DIR / "en" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if message.id:
                    ids.update(message.id if isinstance(message.id, tuple) else (message.id,))
    return sorted(ids)


def test_every_msgid_keeps_its_placeholders_and_formats() -> None:
    msgids = every_msgid()
    assert len(msgids) > 500  # all catalogs were read
    broken = []
    for msgid in msgids:
        pseudo = pseudo_translate(msgid)
        if fields(pseudo) != fields(msgid):
            broken.append(msgid)
            continue
        values = {name: "x" for name in fields(msgid) if name}
        try:
            pseudo.format(**values)
        except (KeyError, IndexError, ValueError):
            broken.append(msgid)
    assert not broken, broken[:10]


def test_text_is_stretched_accented_and_bracketed() -> None:
    msgid = "Save the minutes"
    pseudo = pseudo_translate(msgid)
    assert pseudo.startswith("[") and pseudo.endswith("]")
    assert len(pseudo) >= len(msgid) * 1.4
    assert not re.search(r"[A-Za-z]", pseudo)  # no letter left unaccented: a string that bypassed _()
    assert pseudo.count("·") >= round(len(msgid) * 0.4)


def test_mnemonics_printf_fields_and_markup_survive() -> None:
    assert "&O" in pseudo_translate("&Open database…")
    assert pseudo_translate("&Open database…").endswith("…]")  # the ellipsis stays last
    assert "%(prog)s" in pseudo_translate("usage: %(prog)s")
    assert pseudo_translate("Passphrase:").endswith(":]")
    assert pseudo_translate(" days").startswith(" [")  # a spin box's suffix keeps its space
    rich = pseudo_translate("<b>{name}</b> &amp; more")
    assert "<b>{name}</b>" in rich and "&amp;" in rich


def test_installing_the_pseudo_locale() -> None:
    assert install(PSEUDO_LANGUAGE) == PSEUDO_LANGUAGE
    try:
        assert current_language() == PSEUDO_LANGUAGE
        assert _("Cases") == pseudo_translate("Cases")
        assert ngettext("{n} case", "{n} cases", 2) == pseudo_translate("{n} cases")
        # dates are Babel's, in the English locale, inside the stretched message
        assert babel_locale() == "en_GB"
        assert format_date(date(2026, 1, 14)) == "14 Jan 2026"
        assert "Wednesday, 14 January 2026" in format_datetime(datetime(2026, 1, 14, 10, 0))
    finally:
        install("nb")


@pytest.mark.parametrize("source", ["--lang", "env"])
def test_the_pseudo_locale_comes_from_the_command_line_or_environment(source: str, monkeypatch) -> None:
    monkeypatch.delenv("ANSVARSGRUPPE_LANG", raising=False)
    if source == "env":
        monkeypatch.setenv("ANSVARSGRUPPE_LANG", PSEUDO_LANGUAGE)
        assert resolve_language() == PSEUDO_LANGUAGE
    else:
        assert resolve_language(PSEUDO_LANGUAGE) == PSEUDO_LANGUAGE


def test_not_offered_in_the_settings_dialog() -> None:
    source = (Path(__file__).resolve().parents[2] / "desktop" / "ui" / "settings_dialog.py").read_text()
    assert "pseudo" not in source.lower()


@pytest.mark.parametrize(
    ("language", "expected"), [("nb", "dd.MM.yyyy"), ("nn", "dd.MM.yyyy"), ("en", "dd/MM/yyyy")]
)
def test_date_fields_follow_the_language(language: str, expected: str) -> None:
    from desktop.i18n import date_edit_format

    install(language)
    try:
        assert date_edit_format() == expected
    finally:
        install("nb")
