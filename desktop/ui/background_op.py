"""Work off the UI thread for the meeting screens (STYLE.md §6).

``BackgroundOp`` runs one callable on a pool and reports back on the GUI thread. ``SerialWriter``
runs autosave writes one after another on a single worker, so a slow disk never freezes typing
and writes land in the order they were made; ``wait()`` drains it before closing or testing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._work, self._relay = work, relay

    def run(self) -> None:  # worker thread: no widgets, no shared Session
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class BackgroundOp[T]:
    """``BackgroundOp(owner, work).on_success(slot).on_failure(slot).run()``.

    ``slot`` for success receives what ``work`` returned; for failure, the exception it raised.
    """

    def __init__(self, owner: QObject, work: Callable[[], T]) -> None:
        self._relay, self._work = _Relay(owner), work

    def on_success(self, slot: Callable[[T], object]) -> BackgroundOp[T]:
        self._relay.succeeded.connect(slot)
        return self

    def on_failure(self, slot: Callable[[Exception], object]) -> BackgroundOp[T]:
        self._relay.failed.connect(slot)
        return self

    def run(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(_Job(self._work, self._relay))


class SerialWriter(QObject):
    """Writes in order on one worker thread; ``failed`` carries the exception to the GUI thread."""

    failed = Signal(object)
    written = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def submit(self, work: Callable[[], object]) -> None:
        relay = _Relay(self)
        relay.failed.connect(self.failed)
        relay.succeeded.connect(lambda _result: self.written.emit())
        relay.succeeded.connect(relay.deleteLater)
        relay.failed.connect(relay.deleteLater)
        self._pool.start(_Job(work, relay))

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)
