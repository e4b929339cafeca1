"""Logging to ``logs/ansvarsgruppe.log`` in the data folder, rotated, with no case content.

Rules that keep health data out of the log:

* code logs only ids, counts, action codes and reasons (``log.info("backup created (reason=%s)")``);
* exceptions are logged with their type and stack, **never their message**: a database error's
  text may quote what was being saved (SQLAlchemy is also told ``hide_parameters``);
* uncaught exceptions (GUI or CLI) go through the same formatter, so a crash report is safe too;
* no file names of the user's choosing: paths are logged only as ``<path>``.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

LOG_FILE_NAME = "ansvarsgruppe.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: logging.Handler | None = None


def _safe_traceback(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> str:
    """The stack and the exception *types* of a chain, without any exception message."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    current_type: type[BaseException] = exc_type
    current_tb = tb
    chain: list[tuple[type[BaseException], TracebackType | None]] = []
    while True:
        chain.append((current_type, current_tb))
        if current is None or id(current) in seen:
            break
        seen.add(id(current))
        nxt = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        if nxt is None:
            break
        current, current_type, current_tb = nxt, type(nxt), nxt.__traceback__
    for i, (etype, etb) in enumerate(reversed(chain)):
        if i:
            lines.append("During handling, another exception occurred:")
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(etb):
            lines.append(f'  File "{Path(frame.filename).name}", line {frame.lineno}, in {frame.name}')
        lines.append(f"{etype.__module__}.{etype.__qualname__} (message withheld)")
    return "\n".join(lines)


class ContentFreeFormatter(logging.Formatter):
    """A formatter whose tracebacks carry no exception messages and no source lines."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the full traceback (with messages) on the record.
        saved = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = saved

    def formatException(  # noqa: N802 - logging API
        self, ei: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> str:
        exc_type, exc, tb = ei
        if exc_type is None:
            return ""
        return _safe_traceback(exc_type, exc, tb)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging API
        return ""


def log_dir(data_folder: Path | None = None) -> Path:
    from desktop.paths import data_dir

    folder = (data_folder or data_dir()) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def setup_logging(data_folder: Path | None = None, *, level: int = logging.INFO) -> Path | None:
    """Log to the rotating file in the data folder; install the safe crash hook. Idempotent.

    Returns the log file, or None when the data folder cannot be written (logging then stays off;
    the application works without it).
    """
    global _handler
    root = logging.getLogger()
    try:
        path = log_dir(data_folder) / LOG_FILE_NAME
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(ContentFreeFormatter(LOG_FORMAT))
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = handler
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    install_excepthook()
    return path


def install_excepthook() -> None:
    """Uncaught exceptions are logged without their message; the user sees a plain notice."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("desktop.crash").error("uncaught exception", exc_info=(exc_type, exc, tb))
        if previous is not sys.__excepthook__ and previous is not hook:
            previous(exc_type, exc, tb)
            return
        print(f"{exc_type.__qualname__}: see the log file in the data folder", file=sys.stderr)  # noqa: T201

    hook._ansvarsgruppe = True  # type: ignore[attr-defined]  # a marker on the function object
    if not getattr(sys.excepthook, "_ansvarsgruppe", False):
        sys.excepthook = hook

    def thread_hook(args: threading.ExceptHookArgs) -> None:  # worker threads (backups, BackgroundOp)
        if args.exc_type is SystemExit:
            return
        logging.getLogger("desktop.crash").error(
            "uncaught exception in a worker thread",
            exc_info=args.exc_value,  # carries its traceback
        )

    thread_hook._ansvarsgruppe = True  # type: ignore[attr-defined]  # a marker on the function object
    if not getattr(threading.excepthook, "_ansvarsgruppe", False):
        threading.excepthook = thread_hook


def shutdown_logging() -> None:
    """Close the file handler (tests, and before the data folder is removed)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def command_finished(command: str, code: int, *, error: BaseException | None = None) -> int:
    """Log a command's name and exit code (and the error's type, never its text); return ``code``."""
    log = logging.getLogger("desktop.cli")
    if error is None:
        log.info("command %s finished (exit %s)", command, code)
    else:
        log.info("command %s failed (exit %s, %s)", command, code, type(error).__name__)
    return code
