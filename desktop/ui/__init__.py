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
