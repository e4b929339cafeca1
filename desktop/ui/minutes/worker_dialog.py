"""The base of the minutes dialogs: background work on the dialog's own pool, and its errors.

Rendering, signing, verifying and importing run on a worker thread (``BackgroundOp``), one at a
time and in order; the dialog waits for them before it closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QWidget

from desktop.i18n import _
from desktop.ui.background_op import BackgroundOp


def error_text(exc: object) -> str:
    """What the user is told when background work fails: a ``UserError`` says why itself."""
    from desktop.errors import UserError

    if isinstance(exc, UserError):
        return str(exc)
    return _("Something went wrong. Nothing was saved. Please try again.")


class WorkerDialog(QDialog):
    """A dialog whose background work runs on its own pool and is finished before it closes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one render/sign/import at a time, in order

    def run_in_background[T](
        self,
        work: Callable[[], T],
        on_success: Callable[[T], object],
        on_failure: Callable[[Exception], object] | None = None,
    ) -> None:
        op = BackgroundOp(self, work).on_success(on_success)
        if on_failure is not None:
            op.on_failure(on_failure)
        op.run(self.pool)

    def wait_for_background(self, msecs: int = 60_000) -> bool:
        return self.pool.waitForDone(msecs)

    def done(self, result: int) -> None:
        self.wait_for_background()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.wait_for_background()
        super().closeEvent(event)
