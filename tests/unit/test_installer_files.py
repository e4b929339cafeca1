"""The platform files of the installer: icon sizes, the Linux desktop entry, the Inno Setup script."""

from __future__ import annotations

import configparser
import re
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
ISS = ROOT / "installer" / "windows" / "ansvarsgruppe.iss"


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


def _iss_setup() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    section = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    return dict(
        line.split("=", 1) for line in section.splitlines() if "=" in line and not line.startswith(";")
    )


def test_windows_installer_needs_no_admin_rights_and_has_an_icon() -> None:
    setup = _iss_setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert setup["SetupIconFile"].endswith("ansvarsgruppe.ico")
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"', text, re.MULTILINE), "no Start-menu entry"


def test_windows_uninstaller_keeps_the_data_unless_asked() -> None:
    code = ISS.read_text(encoding="utf-8").split("[Code]", 1)[1]
    assert "DeleteUserData := False;" in code
    assert "Box.Checked := False;" in code
    assert "if UninstallSilent() then" in code
    # The data folder is deleted in exactly one place, and only behind the user's choice.
    assert code.count("DelTree(") == 1
    assert "and DeleteUserData then" in code
    # It is the folder the application uses (platformdirs: %LOCALAPPDATA%\<author>\<app>).
    assert r"{localappdata}\Ansvarsgruppe\ansvarsgruppe" in code
