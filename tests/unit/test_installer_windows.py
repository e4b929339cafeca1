"""The Windows installers' sources, checked without Wine, wixl or makensis (the build does those)."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NS = {"w": "http://schemas.microsoft.com/wix/2006/wi"}


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "installer" / "windows" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    root = tmp_path / "ansvarsgruppe"
    files = [
        "ansvarsgruppe.exe",
        "ansvarsgruppe-cli.exe",
        "_internal/python313.dll",
        "_internal/PySide6/Qt6Core.dll",
        "_internal/PySide6/plugins/platforms/qwindows.dll",
        "_internal/resources/icons/ansvarsgruppe.ico",
        "_internal/resources/locale/nb/LC_MESSAGES/core.mo",
        "_internal/resources/locale/nn/LC_MESSAGES/core.mo",
    ]
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    (root / "_internal" / "empty").mkdir()
    return root


def _product(text: str) -> ET.Element:
    product = ET.fromstring(text).find("w:Product", NS)
    assert product is not None
    return product


def test_the_msi_is_per_user_without_elevation_and_upgrades(bundle: Path) -> None:
    msi = _module("msi")
    product = _product(msi.wxs(bundle, "0.1.0"))
    package = product.find("w:Package", NS)
    assert package is not None
    assert package.get("InstallScope") == "perUser" and package.get("InstallPrivileges") == "limited"
    assert product.get("Id") == "*" and product.get("UpgradeCode") == msi.UPGRADE_CODE
    assert product.find("w:MajorUpgrade", NS) is not None
    local = product.find(".//w:Directory[@Id='LocalAppDataFolder']/w:Directory[@Name='Programs']", NS)
    assert local is not None and local.find("w:Directory[@Id='INSTALLDIR']", NS) is not None
    shortcut = product.find(".//w:Shortcut", NS)
    assert shortcut is not None and shortcut.get("Target") == "[INSTALLDIR]ansvarsgruppe.exe"


def test_every_file_is_in_the_msi_once_with_short_unique_ids(bundle: Path) -> None:
    msi = _module("msi")
    product = _product(msi.wxs(bundle, "0.1.0"))
    # Relative to the bundle's parent folder, where the build runs wixl (it refuses absolute paths).
    sources = [f.get("Source", "") for f in product.iter(f"{{{NS['w']}}}File")]
    assert not any(Path(s).is_absolute() for s in sources)
    expected = sorted(p.relative_to(bundle.parent).as_posix() for p in bundle.rglob("*") if p.is_file())
    assert sorted(sources) == expected
    kinds = {f"{{{NS['w']}}}{kind}" for kind in ("Directory", "Component", "File", "RemoveFolder")}
    ids = [e.get("Id", "") for e in product.iter() if e.tag in kinds]
    assert len(ids) == len(set(ids))
    assert all(len(i) <= 72 and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", i) for i in ids)
    # Every component is kept by an HKCU value (a per-user component cannot use a file) and
    # removes its folder on uninstall; the feature installs all of them.
    components = list(product.iter(f"{{{NS['w']}}}Component"))
    for component in components:
        key = component.find("w:RegistryValue[@KeyPath='yes']", NS)
        assert key is not None and key.get("Root") == "HKCU"
    refs = {r.get("Id") for r in product.iter(f"{{{NS['w']}}}ComponentRef")}
    assert refs == {c.get("Id") for c in components}


def test_component_guids_stay_the_same_across_versions(bundle: Path) -> None:
    msi = _module("msi")

    def guids(version: str) -> dict[str, str]:
        product = _product(msi.wxs(bundle, version))
        return {c.get("Id", ""): c.get("Guid", "") for c in product.iter(f"{{{NS['w']}}}Component")}

    assert guids("0.1.0") == guids(msi.UPGRADE_PROBE_VERSION)
    assert msi.msi_version("0.1.0") == "0.1.0"
    assert msi.msi_version("1.2.3rc1") == "1.2.3"
    assert msi.msi_version("2") == "2.0.0"
    assert msi.msi_version(msi.UPGRADE_PROBE_VERSION) > msi.msi_version("0.1.0")


def test_the_wine_stand_ins_never_reach_the_bundle_or_the_installers() -> None:
    build = (ROOT / "installer" / "windows" / "build_on_linux.py").read_text(encoding="utf-8")
    assert 'system32 = self.prefix / "drive_c" / "windows" / "system32"' in build
    spec = (ROOT / "installer" / "ansvarsgruppe.spec").read_text(encoding="utf-8")
    assert "wine" not in spec.lower()
    for name in ("icuuc", "bcryptprimitives", "mscms"):
        assert (ROOT / "installer" / "windows" / "wine" / f"{name}.c").is_file()


def test_a_dll_from_outside_the_windows_python_and_the_wheels_fails_the_build(tmp_path: Path) -> None:
    build = _module("build_on_linux")
    python, bundle = tmp_path / "python", tmp_path / "bundle"
    for folder, name, data in [
        (python, "python313.dll", b"cpython"),
        (python / "Lib" / "site-packages" / "PySide6", "Qt6Core.dll", b"qt"),
        (bundle / "_internal", "python313.dll", b"cpython"),
        (bundle / "_internal" / "PySide6", "Qt6Core.dll", b"qt"),
    ]:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    assert build.check_dll_origins(python, bundle) == 2
    (bundle / "_internal" / "msvcp140.dll").write_bytes(b"from wine's system32")
    (bundle / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"patched")
    with pytest.raises(SystemExit) as failure:
        build.check_dll_origins(python, bundle)
    assert "2 DLLs" in str(failure.value) and "msvcp140.dll" in str(failure.value)


def test_the_uninstall_entries_are_read_from_wines_reg_output() -> None:
    import subprocess

    build = _module("build_on_linux")
    hklm = (
        "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\n\n"
        "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{ABC}\n"
        "    DisplayName    REG_SZ    Ansvarsgruppe\n"
        "    DisplayVersion    REG_SZ    0.1.99\n\n"
        "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Wine Mono\n"
        "    DisplayName    REG_SZ    Wine Mono Runtime\n"
    )

    class FakeWine:
        def run(self, cmd: list[str], **_kwargs: object) -> subprocess.CompletedProcess[str]:
            return subprocess.CompletedProcess(cmd, 0, hklm if cmd[2].startswith("HKLM") else "", "")

    entries = build.uninstall_entries(FakeWine())
    assert [(e["DisplayName"], e["DisplayVersion"]) for e in entries] == [("Ansvarsgruppe", "0.1.99")]
