"""The WiX source of the per-user MSI, generated from the built bundle (compiled with ``wixl``).

    python3 installer/windows/msi.py dist/windows/ansvarsgruppe 0.1.0 > dist/windows/ansvarsgruppe.wxs
    cd dist/windows && wixl -a x64 -o Ansvarsgruppe-0.1.0-x64.msi ansvarsgruppe.wxs

- per user, no elevation (``InstallScope="perUser"``, ``InstallPrivileges="limited"``), into
  ``%LOCALAPPDATA%\\Programs\\Ansvarsgruppe``, with a Start-menu shortcut;
- a major upgrade: every version has a new ProductCode and the same UpgradeCode, so installing a
  newer MSI removes the older one first; a downgrade is refused;
- one component per folder, kept by a value under ``HKCU\\Software\\Ansvarsgruppe\\Installer``
  (a per-user component cannot have a file as its key path), with ``RemoveFolder`` so that an
  uninstall leaves no empty folders;
- the user's data (``%LOCALAPPDATA%\\Ansvarsgruppe``) is never part of the package, so neither an
  uninstall nor an upgrade touches it.

Silent install and uninstall: ``msiexec /i Ansvarsgruppe-<version>-x64.msi /qn`` and
``msiexec /x Ansvarsgruppe-<version>-x64.msi /qn`` (or ``/x {ProductCode}``).
"""

from __future__ import annotations

import hashlib
import re
import sys
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

UPGRADE_CODE = "{6C1E3A0B-5D47-4A8B-9E1F-3B2D7C4A9E51}"
MANUFACTURER = "Ansvarsgruppe"
NAME = "Ansvarsgruppe"
#: The version the build gives a second MSI to prove that a major upgrade replaces the first.
UPGRADE_PROBE_VERSION = "0.1.99"
_NAMESPACE = uuid.UUID("2f9a54c2-8d0c-4f5e-b3a4-6a1de0f1c8b7")


def _id(kind: str, relative: str) -> str:
    """A stable MSI identifier (letters, digits, dots, underscores; at most 72 characters)."""
    return f"{kind}_{hashlib.sha1(relative.encode('utf-8')).hexdigest()[:32]}"


def _guid(relative: str) -> str:
    """A component GUID that stays the same for the same folder across versions."""
    return "{" + str(uuid.uuid5(_NAMESPACE, relative)).upper() + "}"


def msi_version(version: str) -> str:
    """MSI's ProductVersion: three numbers (the fourth is ignored by upgrades)."""
    numbers = [int(re.match(r"\d*", part).group() or 0) for part in version.split(".")[:3]]  # type: ignore[union-attr]
    return ".".join(str(n) for n in (numbers + [0, 0, 0])[:3])


def wxs(bundle: Path, version: str) -> str:
    """The WiX source; file paths are relative to the bundle's parent folder (wixl accepts no
    absolute ones), so compile it with that folder as the working directory."""
    bundle = bundle.resolve()
    base = bundle.parent

    def source(path: Path) -> str:
        return path.relative_to(base).as_posix() if sys.platform != "win32" else str(path.relative_to(base))

    if not (bundle / "ansvarsgruppe.exe").is_file():
        raise SystemExit(f"no ansvarsgruppe.exe in {bundle}")
    folders: dict[str, list[Path]] = {}
    for path in sorted(bundle.rglob("*")):
        if path.is_dir():
            folders.setdefault(path.relative_to(bundle).as_posix(), [])
        elif path.is_file():
            folders.setdefault(path.parent.relative_to(bundle).as_posix(), []).append(path)
    folders.setdefault(".", [])

    lines: list[str] = []
    refs: list[str] = []

    def directory(relative: str, indent: str) -> None:
        dir_id = "INSTALLDIR" if relative == "." else _id("d", relative)
        name = "Ansvarsgruppe" if relative == "." else relative.rsplit("/", 1)[-1]
        lines.append(f"{indent}<Directory Id={quoteattr(dir_id)} Name={quoteattr(name)}>")
        comp_id = _id("c", relative)
        refs.append(comp_id)
        lines.append(f'{indent}  <Component Id="{comp_id}" Guid="{_guid(relative)}">')
        lines.append(
            f'{indent}    <RegistryValue Root="HKCU" Key="Software\\Ansvarsgruppe\\Installer\\Folders" '
            f'Name="{comp_id}" Type="integer" Value="1" KeyPath="yes"/>'
        )
        lines.append(f'{indent}    <RemoveFolder Id="{_id("r", relative)}" On="uninstall"/>')
        for path in folders[relative]:
            rel = path.relative_to(bundle).as_posix()
            lines.append(
                f"{indent}    <File Id={quoteattr(_id('f', rel))} Name={quoteattr(path.name)} "
                f"Source={quoteattr(source(path))}/>"
            )
        lines.append(f"{indent}  </Component>")
        prefix = "" if relative == "." else relative + "/"
        children = sorted(
            r for r in folders if r != "." and r.startswith(prefix) and "/" not in r[len(prefix) :]
        )
        for child in children:
            directory(child, indent + "  ")
        lines.append(f"{indent}</Directory>")

    directory(".", "          ")
    tree = "\n".join(lines)
    refs_xml = "\n".join(f'      <ComponentRef Id="{ref}"/>' for ref in refs)
    icon = (bundle / "_internal" / "resources" / "icons" / "ansvarsgruppe.ico").resolve()
    icon_xml = (
        f'    <Icon Id="ansvarsgruppe.ico" SourceFile={quoteattr(source(icon))}/>' if icon.is_file() else ""
    )
    arp_icon = '    <Property Id="ARPPRODUCTICON" Value="ansvarsgruppe.ico"/>' if icon.is_file() else ""
    shortcut_icon = ' Icon="ansvarsgruppe.ico"' if icon.is_file() else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by installer/windows/msi.py from {bundle.name}/: do not edit. -->
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="{NAME}" Language="1033" Version="{msi_version(version)}"
           Manufacturer="{MANUFACTURER}" UpgradeCode="{UPGRADE_CODE}">
    <Package InstallerVersion="500" Compressed="yes" InstallScope="perUser" InstallPrivileges="limited"
             Description="{NAME} {version}" Comments="Per-user installation, no administrator rights."/>
    <Media Id="1" Cabinet="ansvarsgruppe.cab" EmbedCab="yes"/>
    <MajorUpgrade DowngradeErrorMessage="A newer version of {NAME} is already installed."/>
    <Property Id="ARPNOMODIFY" Value="1"/>
{icon_xml}
{arp_icon}
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="LocalAppDataFolder">
        <Directory Id="PROGRAMS" Name="Programs">
{tree}
        </Directory>
      </Directory>
      <Directory Id="ProgramMenuFolder"/>
    </Directory>
    <DirectoryRef Id="ProgramMenuFolder">
      <Component Id="StartMenuShortcut" Guid="{_guid("start-menu shortcut")}">
        <Shortcut Id="StartMenuShortcut" Name="{NAME}" Description="{NAME}"
                  Target="[INSTALLDIR]ansvarsgruppe.exe" WorkingDirectory="INSTALLDIR"{shortcut_icon}/>
        <RegistryValue Root="HKCU" Key="Software\\Ansvarsgruppe\\Installer" Name="StartMenuShortcut"
                       Type="integer" Value="1" KeyPath="yes"/>
      </Component>
    </DirectoryRef>
    <Feature Id="Main" Title="{NAME}" Level="1">
{refs_xml}
      <ComponentRef Id="StartMenuShortcut"/>
    </Feature>
  </Product>
</Wix>
"""


if __name__ == "__main__":
    sys.stdout.write(wxs(Path(sys.argv[1]), sys.argv[2]))
