"""Loading the data layer (SQLAlchemy, SQLModel, the tables) off the GUI thread at start-up.

The main window shows before the data layer has been imported: the frame comes at once with
«Loading cases …», the data layer loads on a thread (:func:`start_warm_up`), and the case list is
filled when it has arrived (:class:`DataLayerRelay` brings the news to the GUI thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.db import data_layer_loaded

log = logging.getLogger(__name__)

_imports_started = threading.Event()
_imports_done = threading.Event()
#: The name of the thread that loads the data layer (tests slow it down by name).
WARM_UP_THREAD = "warm-up"


def _import_data_layer() -> None:
    """Every module the case list and :meth:`Database.warm_up` need (measured: then nothing more)."""
    import sqlalchemy.dialects.sqlite  # noqa: F401 - the dialect make_engine asks for
    import sqlalchemy.orm  # noqa: F401
    import sqlalchemy.pool  # noqa: F401
    import sqlmodel  # noqa: F401

    import desktop.services.case.listing  # noqa: F401
    from desktop.models import load_all

    load_all()


def load_data_layer() -> None:
    """Import SQLAlchemy, SQLModel, the tables and the case list's service (any thread; idempotent).

    Two threads must never import SQLAlchemy at the same time: its packages import each other,
    and the second thread gets «cannot import name … from partially initialized module» (issue
    15: the meeting screen opened right after start was «not available» in 2 of 6 runs). So the
    imports are made holding Python's own import lock, the one every import takes first
    (``_imp.acquire_lock``, re-entrant for its owner): meanwhile an import in any other thread
    waits instead of starting, and then finds the modules loaded. Modules already loaded need no
    lock, so the window stays responsive (its pauses are far shorter than the same imports on
    the UI thread: benchmarks/README.md). The mappers are configured after the lock is released.
    """
    import _imp

    if not _imports_done.is_set():
        _imp.acquire_lock()
        try:
            _import_data_layer()
        finally:
            _imp.release_lock()
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    _imports_done.set()


def start_warm_up(db: Any, then: Callable[[], None]) -> threading.Thread:
    """Load the data layer and warm ``db`` up (engine, first connection) on a thread; ``then``
    runs on that thread when it is done (or has failed: the GUI thread then meets the error).

    Call it from the event loop, not from inside an import: it returns once the thread holds the
    import lock, so no import the caller starts next can slip in first.
    """
    import _imp

    holding = threading.Event()

    def warm_up() -> None:
        try:
            _imp.acquire_lock()
        except BaseException:
            holding.set()
            raise
        try:
            holding.set()
            load_data_layer()  # re-enters the lock this thread holds: the imports are made under it
        except Exception:  # noqa: BLE001 - the GUI thread meets the same error and shows it
            log.exception("loading the data layer failed")
        finally:
            _imp.release_lock()
        try:
            db.warm_up()
        except Exception:  # noqa: BLE001
            log.exception("warming the database up failed")
        then()

    _imports_started.set()
    thread = threading.Thread(target=warm_up, name=WARM_UP_THREAD, daemon=True)
    thread.start()
    holding.wait()
    return thread


def data_layer_ready() -> bool:
    """Whether the case list can be filled now, without waiting for imports on this thread."""
    return _imports_done.is_set() or (not _imports_started.is_set() and data_layer_loaded())


class DataLayerRelay(QObject):
    """Brings "the data layer has loaded" from the loading thread to the GUI thread (a queued signal)."""

    loaded = Signal()
