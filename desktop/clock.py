"""The one place the program asks what time it is.

Services, the demo data and the UI read "today" and "now" from here instead of calling
``date.today()`` or ``datetime.now()`` themselves, so tests (and the demo) can fix the date: a test
that passes in November and fails in December is a defect. The production clock is the system
clock; :func:`use` replaces it for as long as a ``with`` block lasts.

``ANSVARSGRUPPE_FIXED_CLOCK`` (an ISO date-time) starts the program on a fixed clock that moves on
from that instant; the test suite sets it so that the commands it runs in a child process live on
the same date as the test, and a demonstration can be given on the date its screenshots show.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The local wall-clock time, naive (the database stores local times)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now()


class FixedClock:
    """Starts at ``start`` and, unless ``frozen``, moves on with real elapsed time.

    Moving on keeps "later" later: rows stamped one after another still sort in the order they
    were written, while the date stays the fixed one for the length of any test.
    """

    def __init__(self, start: datetime, *, frozen: bool = False) -> None:
        self._start = start
        self._frozen = frozen
        self._origin = time.monotonic()

    def now(self) -> datetime:
        if self._frozen:
            return self._start
        return self._start + timedelta(seconds=time.monotonic() - self._origin)


FIXED_CLOCK_ENV = "ANSVARSGRUPPE_FIXED_CLOCK"


def _from_environment() -> Clock:
    value = os.environ.get(FIXED_CLOCK_ENV, "")
    try:
        return FixedClock(datetime.fromisoformat(value)) if value else SystemClock()
    except ValueError:
        return SystemClock()  # a malformed value must never stop the program from starting


_current: Clock = _from_environment()


def now() -> datetime:
    """Local time to the second (what the database and the documents record)."""
    return _current.now().replace(microsecond=0)


def now_precise() -> datetime:
    """Local time with microseconds (file stamps that must not collide)."""
    return _current.now()


def now_utc() -> datetime:
    """An aware UTC time (certificates, signatures, calendar stamps)."""
    return _current.now().astimezone(UTC)


def today() -> date:
    return _current.now().date()


def set_clock(clock: Clock) -> Clock:
    """Replace the clock; returns the previous one (for tests and the demo)."""
    global _current
    previous, _current = _current, clock
    return previous


@contextmanager
def use(clock: Clock) -> Iterator[Clock]:
    previous = set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)
