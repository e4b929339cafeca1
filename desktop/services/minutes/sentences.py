"""The sentences the minutes are made of: dates, quotes, and tasks as who-does-what sentences.

Page one is read by people with poor memory and concentration (DOMAIN.md §10), so a task is one
whole sentence with its subject and its deadline, ending with a full stop. Tasks, agreements and
notes are written by the group in Norwegian: only a Norwegian sentence can take a task's verb as
it stands («Kari skal ringe boligkontoret»). In other languages the text is quoted after a
complete frame («Kari will do this by …: Ringe boligkontoret.»), and the copy says that notes
stay in the language they were written in.
"""

from __future__ import annotations

from datetime import date, datetime

from desktop.i18n import N_, _, babel_locale, current_language, format_long_date
from desktop.models.enums import PartyType, label
from desktop.services.minutes.data import ReviewLine, TaskLine

NBSP = "\u00a0"
#: Page one's heading for the specialist health service's tasks, in words the user knows.
PLAIN_SPECIALIST = N_("The treatment place (hospital or clinic)")


def long_date(value: date) -> str:
    """«fredag 11. desember 2026» that never breaks across lines (a date split over two lines is
    hard to read, most of all on a phone)."""
    return format_long_date(value).replace(" ", NBSP)


def format_when(value: datetime) -> str:
    """Day and time in words: «onsdag 25. november 2026 kl. 16.27» (DOMAIN.md §10: «kl. 10.00»)."""
    if current_language() in ("nb", "nn"):
        time_text = f"{value.hour:02d}.{value.minute:02d}"
    else:
        from babel.dates import format_time

        time_text = format_time(value, format="short", locale=babel_locale())
    text = _("{date} at {time}").format(date=long_date(value.date()), time=time_text)
    head, _space, time_part = text.rpartition(" ")  # «kl. 16.27» stays on one line too
    return f"{head}{NBSP}{time_part}" if head else text


OPENING_QUOTES = "«\"“„‘'‹"
CLOSING_QUOTES = "»\"”“’'›"


def quoted(words: str) -> str:
    """The user's words in «guillemets», without doubling quotes the user already typed."""
    text = words.strip()
    starts = bool(text) and text[0] in OPENING_QUOTES
    ends = bool(text) and text[-1] in CLOSING_QUOTES
    if starts and ends and len(text) >= 2:
        return "«" + text[1:-1].strip() + "»"
    if starts or ends:
        return text  # already marked by the user; adding more would double them
    return "«" + text + "»"


# Verbs a task usually starts with ("Ringe boligkontoret …"). Only these (and verbs in -ere such as
# "informere") are read as the start of an infinitive phrase; anything else ("Oppgave …", "Time hos
# fastlegen") is not bent into a sentence but written as "X har ansvaret for dette: …".
_TASK_VERBS = frozenset(
    """
    avklare avlyse avtale be bestille besøke betale bli booke bruke dele delta finne flytte fylle få
    følge forberede forklare gi gjøre gå ha hente hjelpe holde kartlegge kjøpe komme kontakte lage
    legge lese levere lære melde møte ordne ringe se sende si sjekke skaffe skrive snakke spørre starte
    stille svare søke sørge ta tilby treffe undersøke utarbeide varsle vise øve overføre oppdatere
    """.split()
)


def _is_infinitive_phrase(text: str) -> bool:
    """A careful check that a task is written as "Ringe boligkontoret …" (infinitive first)."""
    words = text.split(maxsplit=1)
    first = words[0].lower().strip(",.:;") if words else ""
    if not first.isalpha():
        return False
    return first in _TASK_VERBS or (len(first) > 5 and first.endswith("ere"))


def _subject(party: str, person: str, user_first_name: str) -> str:
    if party == PartyType.USER.value and user_first_name:
        return user_first_name  # the user is addressed by first name (DOMAIN.md §10)
    return person or label(PartyType(party))


def _as_written(text: str) -> str:
    return " ".join(text.split()).rstrip(" .")


def _lower_first(text: str) -> str:
    """«Ringe …» → «ringe …», but «NAV-møte …» keeps its capitals."""
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def writes_in_norwegian() -> bool:
    return current_language() in ("nb", "nn")


def task_sentence(line: TaskLine, user_first_name: str = "") -> str:
    """One task as a full sentence: «Kari skal ringe boligkontoret innen tirsdag 15. desember.»"""
    who = _subject(line.party, line.person, user_first_name)
    text = _as_written(line.text)
    due = long_date(line.due) if line.due is not None else ""
    names = {n for n in (who, line.person, user_first_name) if n}
    if writes_in_norwegian() and any(text.startswith(n + " ") for n in names):
        # Already a sentence with its subject ("Kari ringer boligkontoret").
        sentence = _("{task} by {date}.") if due else _("{task}. No deadline is set.")
        result = sentence.format(task=text, date=due)
    elif writes_in_norwegian() and _is_infinitive_phrase(text):
        # Tasks are written in Norwegian; only a Norwegian sentence can take the verb as it stands.
        sentence = _("{who} will {task} by {date}.") if due else _("{who} will {task}. No deadline is set.")
        result = sentence.format(who=who, task=_lower_first(text), date=due)
    else:
        # A whole sentence first, then the task as it was written (in English: quoted Norwegian).
        sentence = (
            _("{who} will do this by {date}: {task}.")
            if due
            else _("{who} will do this, with no deadline set: {task}.")
        )
        result = sentence.format(who=who, task=text, date=due)
    if not line.is_new:
        # Short words on purpose: page one aims at LIX 35 (``readability``).
        result = _("{sentence} (This was agreed before, too.)").format(sentence=result)
    return result


def ends_as_sentence(text: str) -> str:
    """Staff-typed text with a full stop at the end when it has none (bullets without one read
    as fragments and count as one long sentence)."""
    text = " ".join(text.split())
    if not text or text[-1] in '.!?…»"”)':
        return text
    return text.rstrip(":;,") + "."


def done_sentence(review: ReviewLine, user_first_name: str = "") -> str:
    """A follow-up marked done, as one sentence, with its outcome when there is one:
    «Lars Vik er ferdig med å søke om kommunal bolig. Søknaden er innvilget.»"""
    who = _subject(review.party, review.person, user_first_name)
    text = _as_written(review.text)
    if writes_in_norwegian() and _is_infinitive_phrase(text):
        result = _("{who} has finished the task to {task}.").format(who=who, task=_lower_first(text))
    else:
        result = _("{who} has done this: {task}.").format(who=who, task=text)
    outcome = ends_as_sentence(review.outcome)
    return f"{result} {outcome}" if outcome else result
