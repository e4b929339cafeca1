"""The Qt user interface. The only package that imports PySide6."""

import sys


def _read_source_instead_of_inspecting() -> None:
    """Make PySide6's per-import check cheap without changing its answer.

    Once PySide6 is loaded it wraps ``__import__`` and asks, for every module imported afterwards,
    ``"PySide6" in inspect.getsource(module)`` (to support ``from __feature__ import …``, which we
    do not use). ``inspect.getsource`` tokenises every module through linecache, which for the
    hundreds of modules of SQLAlchemy and SQLModel is a large part of start-up (figures in
    benchmarks/README.md). Reading the file gives the same answer (False where getsource fails: no
    ``.py`` file, as in a PyInstaller bundle) for a fraction.
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

    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]  # private, absent from the stubs


_read_source_instead_of_inspecting()
