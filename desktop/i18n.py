"""Translation and locale-aware formatting (Babel + gettext), shared by the GUI, CLI and PDFs.

Messages are English msgids with named ``{placeholders}``. Every string of the application is in
one catalog per language, ``resources/locale/<lang>/LC_MESSAGES/core.po`` (nineteen catalogs named
after work rounds left a contributor guessing where a new string goes). Should another catalog
appear beside it, every compiled catalog of a language is merged into one translation object.
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from datetime import date, datetime
from pathlib import Path

from desktop.paths import LOCALE_DIR

LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
LANGUAGE_ENV = "ANSVARSGRUPPE_LANG"
#: A development-only language: every msgid stretched with accents and brackets (never offered
#: in the settings dialog). Clipped labels and strings that bypass ``_()`` stand out.
PSEUDO_LANGUAGE = "pseudo"
_BABEL_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB", PSEUDO_LANGUAGE: "en_GB"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _compile_if_needed(lang_dir: Path) -> None:
    """Compile ``.po`` files whose ``.mo`` is missing or older (a fresh checkout has none).

    Babel is imported only when there is something to compile: importing it would slow every start.
    """
    sources = list(lang_dir.glob("*.po"))
    if sources:  # a checkout: a catalog whose .po is gone (merged away) must not be loaded any more
        for orphan in lang_dir.glob("*.mo"):
            if not orphan.with_suffix(".po").exists():
                orphan.unlink(missing_ok=True)
    for po in sources:
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as src:
            catalog = read_po(src)
        # Write beside and rename: another process reading the catalog never sees half a file.
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        try:
            with partial.open("wb") as dst:
                write_mo(dst, catalog)
            os.replace(partial, mo)
        except OSError:  # read-only install: fall back to the bundled .mo or English
            partial.unlink(missing_ok=True)
            continue


def resolve_language(cli_language: str | None = None) -> str:
    """The language to start in: ``--lang`` > ``ANSVARSGRUPPE_LANG`` > the saved setting > Bokmål.

    An unknown value at one level falls through to the next, so a typo never starts the
    application in a language nobody chose. The pseudo-locale is accepted from ``--lang`` and the
    environment only (a development tool, never saved).
    """
    for candidate in (cli_language, os.environ.get(LANGUAGE_ENV)):
        if candidate in LANGUAGES or candidate == PSEUDO_LANGUAGE:
            return candidate
    from desktop.settings import load_settings

    saved = load_settings().language
    return saved if saved in LANGUAGES else DEFAULT_LANGUAGE


class PseudoTranslations(gettext.NullTranslations):
    """The pseudo-locale, made from the English msgids at run time (no catalog to maintain)."""

    def gettext(self, message: str) -> str:
        return pseudo_translate(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_translate(msgid1 if n == 1 else msgid2)


_PSEUDO_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķľɱñöþǫŕšŧûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĽṀÑÖÞǪŔŠŦÛṼŴẊÝŽ",
)
# Kept as they are: {placeholders} (incl. {{ }}), printf-style %(name)s / %s (argparse),
# HTML/rich-text tags and entities, and the letter after a mnemonic «&».
_PSEUDO_KEEP = re.compile(
    r"\{\{|\}\}|\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sd%]|<[^<>]*>|&[a-z]+;|&#\d+;|&.", re.IGNORECASE
)
PSEUDO_STRETCH = 0.4


def pseudo_translate(message: str) -> str:
    """``Save {name}`` → ``[Šåṽé {name}·····]``: 40 % longer, accented, bracketed, same placeholders."""
    if not message.strip():
        return message
    lead = message[: len(message) - len(message.lstrip())]
    if lead:  # «   Until:» (indented labels) and « days» (spin-box suffixes) keep their spaces outside
        return lead + pseudo_translate(message[len(lead) :])
    parts: list[str] = []
    position = 0
    for match in _PSEUDO_KEEP.finditer(message):
        parts.append(message[position : match.start()].translate(_PSEUDO_LETTERS))
        parts.append(match.group(0))
        position = match.end()
    parts.append(message[position:].translate(_PSEUDO_LETTERS))
    text = "".join(parts)
    visible = len(_PSEUDO_KEEP.sub("", message)) or 1
    padding = "·" * max(1, round(visible * PSEUDO_STRETCH))
    # Padding goes before a trailing «:» or «…» so that label punctuation stays at the end.
    stripped = text.rstrip(":…\n ")
    return f"[{stripped}{padding}{text[len(stripped) :]}]"


def install(language: str = DEFAULT_LANGUAGE, locale_dir: Path = LOCALE_DIR) -> str:
    """Activate ``language`` for every later call of ``_()``; return the language in use."""
    global _translation, _language
    if language == PSEUDO_LANGUAGE:
        _translation, _language = PseudoTranslations(), PSEUDO_LANGUAGE
        return PSEUDO_LANGUAGE
    lang = language if language in LANGUAGES else DEFAULT_LANGUAGE
    lang_dir = locale_dir / lang / "LC_MESSAGES"
    if lang_dir.is_dir():
        _compile_if_needed(lang_dir)
    mo_files = sorted(lang_dir.glob("*.mo")) if lang_dir.is_dir() else []
    # The minutes switch language for every export and parsing the catalogs each time would add
    # up, so the chain is kept per language and rebuilt only when a catalog file changed.
    key = (lang, tuple((mo, mo.stat().st_mtime_ns) for mo in mo_files))
    chain = _CHAINS.get(key)
    if chain is None:
        chain = _merged(mo_files)
        _CHAINS[key] = chain
    _translation, _language = chain, lang
    return lang


_CHAINS: dict[tuple[str, tuple[tuple[Path, int], ...]], gettext.NullTranslations] = {}


def _merged(mo_files: list[Path]) -> gettext.NullTranslations:
    """One translation object holding every catalog of the language (a later file wins a clash).

    Merged rather than chained (``add_fallback``): a chain walks one dictionary per catalog for
    every lookup, and the minutes alone look up well over a thousand strings.
    """
    merged: gettext.NullTranslations = gettext.NullTranslations()
    for mo in mo_files:
        with mo.open("rb") as fp:
            domain = gettext.GNUTranslations(fp)
        if isinstance(merged, gettext.GNUTranslations):
            merged._catalog.update(domain._catalog)  # type: ignore[attr-defined]  # noqa: SLF001 (gettext keeps it private)
        else:
            merged = domain
    return merged


def current_language() -> str:
    return _language


def babel_locale(language: str | None = None) -> str:
    return _BABEL_LOCALES.get(language or _language, "nb_NO")


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it with ``_()`` when it is shown."""
    return message


def format_date(value: date | None, fmt: str = "medium") -> str:
    """A date in the active language, e.g. ``14. jan. 2026``; empty for ``None``."""
    if value is None:
        return ""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=fmt, locale=babel_locale())


def date_edit_format() -> str:
    """The display format of date fields (Qt's notation) from Babel's short date of the language:
    ``dd.MM.yyyy`` in Norwegian, ``dd/MM/yyyy`` in British English. Always four-digit years."""
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=babel_locale()).pattern
    return re.sub(r"y+", "yyyy", pattern)


def format_long_date(value: date) -> str:
    """Weekday and day in full words, e.g. ``tirsdag 14. januar 2026`` (DOMAIN.md §10)."""
    return _long_date(value, babel_locale())


@functools.lru_cache(maxsize=2048)
def _long_date(value: date, locale: str) -> str:
    """Cached: the minutes print the same few dates dozens of times, each built from locale data."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="full", locale=locale)


def format_datetime(value: datetime | None) -> str:
    """Date and time, e.g. ``tirsdag 14. januar 2026 kl. 10:00``."""
    if value is None:
        return ""
    return _("{date} at {time}").format(date=format_long_date(value.date()), time=format_clock(value))


def format_clock(value: datetime) -> str:
    """The time of day: «10.00» in Norwegian (Språkrådet's recommendation), Babel's form otherwise."""
    if _language in ("nb", "nn"):
        return value.strftime("%H.%M")
    from babel.dates import format_time

    return format_time(value, format="short", locale=babel_locale())
