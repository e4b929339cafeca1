"""The Qt user interface. The only package that imports PySide6."""

import sys

if sys.version_info < (3, 12):  # pragma: no cover - depends on the interpreter
    # PySide6 6.12 on Python 3.11 returns None from every void method (setEnabled, setText, …)
    # without taking a reference, as if None were immortal (it is from 3.12 on). Each call then
    # costs None one reference, and after ~50 000 calls the interpreter aborts with
    # "none_dealloc: deallocating None". Give None the near-infinite count it has on 3.12.
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 48
    # The same for True and False: Signal.disconnect() (Qt's internals and pytest-qt call it, and
    # every main window built and dropped costs 13) loses a reference to True each time, and the
    # process aborted at exit with "bool_dealloc: deallocating True or False".
    for immortal in (True, False):
        ctypes.c_ssize_t.from_address(id(immortal)).value += 1 << 48


def _read_source_instead_of_inspecting() -> None:
    """Make PySide6's per-import check cheap without changing its answer.

    Once PySide6 is loaded it wraps ``__import__`` and asks, for every module imported afterwards,
    ``"PySide6" in inspect.getsource(module)`` (to support ``from __feature__ import …``, which we
    do not use). ``inspect.getsource`` tokenises through linecache: for the ~350 modules of
    SQLAlchemy and SQLModel that was 0.3–0.5 s of start-up. Reading the file gives the same answer
    (False where getsource fails: no ``.py`` file, as in a PyInstaller bundle) for a fraction.
    """
    import PySide6.QtCore  # noqa: F401 - loads shibokensupport.feature

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):  # another PySide6 version
        return

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return False
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return False

    feature._mod_uses_pyside = uses_pyside


_read_source_instead_of_inspecting()
