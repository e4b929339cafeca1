"""The platform files of the installer: icon sizes, the Linux desktop entry, the NSIS script."""

from __future__ import annotations

import configparser
import re
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
NSI = ROOT / "installer" / "windows" / "ansvarsgruppe.nsi"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256])
def test_every_icon_size_is_there(size: int) -> None:
    assert _png_size(ICONS / "png" / f"ansvarsgruppe-{size}.png") == (size, size)


def test_the_ico_holds_the_windows_sizes() -> None:
    data = (ICONS / "ansvarsgruppe.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        width, _height, _colours, _res, _planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert bits == 32 and offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes


def test_the_svg_icon_is_a_real_svg() -> None:
    text = (ICONS / "ansvarsgruppe.svg").read_text(encoding="utf-8")
    assert "<svg" in text and 'viewBox="0 0 256 256"' in text


def test_the_desktop_entry_starts_the_program_with_its_icon() -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(ROOT / "installer" / "linux" / "ansvarsgruppe.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].startswith("ansvarsgruppe")
    assert entry["Icon"] == "ansvarsgruppe"
    assert entry["Terminal"] == "false"
    assert entry["Name"] == "Ansvarsgruppe"
    assert "Comment[nb]" in entry and "Comment[nn]" in entry


def test_the_tarball_recipe_installs_the_icon_sizes_in_the_freedesktop_layout() -> None:
    recipe = (ROOT / "installer" / "linux" / "make-tarball.sh").read_text(encoding="utf-8")
    assert "share/icons/hicolor/${size}x${size}/apps" in recipe
    assert "scalable/apps/ansvarsgruppe.svg" in recipe


def _nsis() -> str:
    return NSI.read_text(encoding="utf-8")


def test_the_setup_exe_installs_per_user_without_admin_rights_in_64_bit() -> None:
    text = _nsis()
    assert re.search(r"^RequestExecutionLevel user$", text, re.MULTILINE)
    assert re.search(r"^Target amd64-unicode$", text, re.MULTILINE), "the 32-bit stub needs 32-bit Wine"
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP}"' in text
    assert 'CreateShortcut "$SMPROGRAMS\\${APP}.lnk"' in text, "no Start-menu entry"
    assert 'HKCU "${UNINSTALL_KEY}"' in text and "HKLM" not in text


def test_the_setup_exe_speaks_bokmal_and_english_everywhere() -> None:
    text = _nsis()
    assert '!insertmacro MUI_LANGUAGE "Norwegian"' in text
    assert '!insertmacro MUI_LANGUAGE "English"' in text
    names = set(re.findall(r"^LangString (\w+) \$\{LANG_", text, re.MULTILINE))
    assert names
    for name in names:
        for lang in ("ENGLISH", "NORWEGIAN"):
            assert f"LangString {name} ${{LANG_{lang}}} " in text, f"{name} has no {lang} text"
    used = set(re.findall(r"\$\((\w+)\)", text)) - {"^UninstallBtn"}
    assert used <= names, f"used but not defined: {used - names}"


def test_the_uninstaller_keeps_the_data_unless_asked() -> None:
    text = _nsis()
    uninstall = text.split('Section "Uninstall"', 1)[1]
    assert "StrCpy $DeleteData 0" in text
    assert "${NSD_CreateCheckbox}" in text and "${NSD_Check}" not in text, "the box starts unticked"
    assert '${GetOptions} $R0 "/DELETEMYDATA" $R1' in text
    # The data folder and the settings are deleted in one place only, behind the choice.
    assert text.count('RMDir /r "$LOCALAPPDATA\\${APP}"') == 1
    guarded = uninstall.split("${If} $DeleteData == 1", 1)[1].split("${EndIf}", 1)[0]
    assert 'RMDir /r "$LOCALAPPDATA\\${APP}"' in guarded
    assert 'DeleteRegKey HKCU "Software\\${APP}"' in guarded
    # The program folder is removed file by file, never recursively as a whole.
    assert 'RMDir /r "$INSTDIR"' not in text


def test_inno_setup_is_gone() -> None:
    assert not (ROOT / "installer" / "windows" / "ansvarsgruppe.iss").exists()


def test_the_docs_tell_it_how_to_install_silently_and_where_the_data_lives() -> None:
    docs = (ROOT / "docs" / "installing.md").read_text(encoding="utf-8")
    for needed in ("msiexec /i", "/qn", "msiexec /x", "setup.exe /S", "/DELETEMYDATA", "1703"):
        assert needed in docs
    assert r"%LOCALAPPDATA%\Ansvarsgruppe\ansvarsgruppe" in docs
    assert "bash installer/check-installers.sh" in docs
    assert "MEASUREMENTS" not in docs, "the sizes and times are not filled in"
