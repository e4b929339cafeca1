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


def _run(cmd: list[str]) -> None:
    sys.stdout.write("[package] " + " ".join(cmd) + "\n")
    sys.stdout.flush()
    subprocess.run(cmd, check=True)


def make_msi(bundle: Path, version: str, out: Path, work: Path) -> bool:
    """The per-user MSI; False when no WiX compiler is installed."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"{out.stem}.wxs"
    source.write_text(msi.wxs(bundle, version), encoding="utf-8")
    wixl = _find("wixl")
    if wixl:
        _run([wixl, "-a", "x64", "-o", str(out), str(source)])
        return True
    wix = (
        r"%WIX%\bin",
        r"%ProgramFiles(x86)%\WiX Toolset v3.14\bin",
        r"%ProgramFiles(x86)%\WiX Toolset v3.11\bin",
    )
    candle, light = _find("candle", *wix), _find("light", *wix)
    if candle and light:
        obj = work / f"{out.stem}.wixobj"
        _run([candle, "-nologo", "-arch", "x64", "-out", str(obj), str(source)])
        _run([light, "-nologo", "-sval", "-out", str(out), str(obj)])
        return True
    return False


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
