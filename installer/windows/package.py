"""The two Windows installers from a built bundle: the MSI and the NSIS setup.exe.

Used by ``installer/build.py --package`` on Windows and by ``build_on_linux.py``. The MSI is
compiled by ``wixl`` (Linux: msitools) or, on Windows, WiX 3's ``candle`` and ``light``; the
setup.exe by ``makensis`` (NSIS 3, on Linux and Windows alike).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import msi  # noqa: E402

ICON = ROOT / "resources" / "icons" / "ansvarsgruppe.ico"


def _find(name: str, *windows_folders: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in windows_folders:
        candidate = Path(os.path.expandvars(folder)) / f"{name}.exe"
        if candidate.is_file():
            return str(candidate)
    return None


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    sys.stdout.write("[package] " + " ".join(cmd) + "\n")
    sys.stdout.flush()
    subprocess.run(cmd, check=True, cwd=cwd)


def make_msi(bundle: Path, version: str, out: Path) -> bool:
    """The per-user MSI; False when no WiX compiler is installed."""
    base = bundle.resolve().parent  # the source's file paths are relative to it
    source = base / f"{out.stem}.wxs"
    source.write_text(msi.wxs(bundle, version), encoding="utf-8")
    try:
        wixl = _find("wixl")
        if wixl:
            _run([wixl, "-a", "x64", "-o", str(out.resolve()), source.name], cwd=base)
            return True
        wix = (
            r"%WIX%\bin",
            r"%ProgramFiles(x86)%\WiX Toolset v3.14\bin",
            r"%ProgramFiles(x86)%\WiX Toolset v3.11\bin",
        )
        candle, light = _find("candle", *wix), _find("light", *wix)
        if candle and light:
            obj = base / f"{out.stem}.wixobj"
            _run([candle, "-nologo", "-arch", "x64", "-out", str(obj), source.name], cwd=base)
            _run([light, "-nologo", "-sval", "-out", str(out.resolve()), str(obj)], cwd=base)
            obj.unlink()
            return True
        return False
    finally:
        source.unlink(missing_ok=True)


def make_setup_exe(bundle: Path, version: str, out: Path) -> bool:
    """The NSIS setup.exe; False when makensis is not installed."""
    makensis = _find("makensis", r"%ProgramFiles(x86)%\NSIS", r"%ProgramFiles%\NSIS")
    if not makensis:
        return False
    flag = "/" if sys.platform == "win32" else "-"
    _run(
        [
            makensis,
            f"{flag}V2",
            f"{flag}INPUTCHARSET",
            "UTF8",
            f"{flag}DVERSION={version}",
            f"{flag}DBUNDLE={bundle.resolve()}",
            f"{flag}DOUTFILE={out.resolve()}",
            f"{flag}DICON={ICON}",
            str(HERE / "ansvarsgruppe.nsi"),
        ]
    )
    return True
