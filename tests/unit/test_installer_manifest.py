"""The PyInstaller spec's data list, checked without running PyInstaller (that takes minutes)."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "ansvarsgruppe.spec"


def _manifest():
    spec = importlib.util.spec_from_file_location(
        "bundle_manifest", ROOT / "installer" / "bundle_manifest.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundled() -> set[str]:
    """Every data file the spec puts in the bundle, as its path inside the bundle."""
    subprocess.run([sys.executable, "scripts/i18n.py", "compile"], cwd=ROOT, check=True)
    return {f"{dest}/{Path(src).name}" for src, dest in _manifest().datas(ROOT)}


def test_the_spec_is_python_and_takes_its_lists_from_the_manifest() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "manifest"
    }
    assert {"datas", "HIDDEN_IMPORTS", "EXCLUDES", "keep_in_bundle", "missing_required"} <= used
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= calls


def test_every_migration_is_bundled_as_a_file(bundled: set[str]) -> None:
    revisions = sorted((ROOT / "desktop" / "migrations" / "versions").glob("*.py"))
    assert revisions, "no migrations found"
    for revision in revisions:
        assert f"desktop/migrations/versions/{revision.name}" in bundled
    assert "desktop/migrations/env.py" in bundled
    assert "desktop/migrations/script.py.mako" in bundled


def test_fonts_icons_and_compiled_catalogs_are_bundled(bundled: set[str]) -> None:
    for font in (ROOT / "resources" / "fonts").glob("*.ttf"):
        assert f"resources/fonts/{font.name}" in bundled
    assert "resources/icons/ansvarsgruppe.svg" in bundled
    assert "resources/icons/ansvarsgruppe.ico" in bundled
    for po in (ROOT / "resources" / "locale").glob("*/LC_MESSAGES/*.po"):
        lang = po.parts[-3]
        assert f"resources/locale/{lang}/LC_MESSAGES/{po.stem}.mo" in bundled
        assert f"resources/locale/{lang}/LC_MESSAGES/{po.name}" not in bundled, "ship .mo only"
    assert _manifest().missing_required(ROOT) == []


def test_unused_qt_parts_and_foreign_locales_are_left_out() -> None:
    keep = _manifest().keep_in_bundle
    assert keep("PySide6/Qt/lib/libQt6Widgets.so.6")
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert keep("PySide6/Qt/translations/qtbase_nn.qm")
    assert keep("babel/locale-data/nb_NO.dat")
    assert keep("babel/locale-data/root.dat")
    assert not keep("PySide6/Qt/lib/libQt6WebEngineCore.so.6")
    assert not keep("PySide6/Qt/lib/libQt6Quick.so.6")
    assert not keep("PySide6/Qt/plugins/tls/libqopensslbackend.so")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/Qt/translations/qt_help_nn.qm")
    assert not keep("babel/locale-data/de_DE.dat")
    assert not keep("PySide6\\Qt\\translations\\qtbase_fr.qm")
    excludes = _manifest().EXCLUDES
    assert "PySide6.QtWebEngineCore" in excludes and "PySide6.QtQml" in excludes
    assert not any(name in excludes for name in ("PySide6.QtPdf", "PySide6.QtSvg", "PySide6.QtPrintSupport"))


def test_catalogs_and_qt_translations_keep_their_folders(tmp_path: Path) -> None:
    for rel in (
        "resources/locale/nb/LC_MESSAGES/core.mo",
        "resources/locale/nb/LC_MESSAGES/core.po",
        "resources/locale/qtbase_nb.qm",
        "resources/locale/qt/qtbase_se.qm",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    pairs = {(Path(src).name, dest) for src, dest in _manifest().datas(tmp_path)}
    assert ("core.mo", "resources/locale/nb/LC_MESSAGES") in pairs
    assert ("qtbase_nb.qm", "resources/locale") in pairs
    assert ("qtbase_se.qm", "resources/locale/qt") in pairs
    assert not any(name == "core.po" for name, _dest in pairs)
    assert "resources/fonts/NotoSans-Regular.ttf" in _manifest().missing_required(tmp_path)


def test_no_qt_module_the_app_imports_is_left_out_of_the_bundle() -> None:
    used = set()
    for source in (ROOT / "desktop").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    excluded = {name.split(".", 1)[1] for name in _manifest().EXCLUDES if name.startswith("PySide6.")}
    assert used, "no Qt imports found"
    assert not used & excluded, f"used by the app but excluded from the bundle: {sorted(used & excluded)}"


def test_the_xcb_libraries_a_base_desktop_lacks_are_required_in_the_linux_bundle() -> None:
    manifest = _manifest()
    libraries = manifest.LINUX_XCB_LIBRARIES
    for stem in ("libxcb-cursor", "libxcb-icccm", "libxcb-keysyms", "libxcb-image", "libxcb-render-util"):
        assert any(lib.startswith(stem + ".so.") for lib in libraries), stem
    assert "libxkbcommon-x11.so.0" in libraries
    # What a desktop is assumed to have is not in the list (PyInstaller leaves libxcb itself out).
    assert not any(lib.startswith(("libxcb.so", "libX11", "libGL", "libEGL")) for lib in libraries)
    assert all(manifest.keep_in_bundle(lib) for lib in libraries)
    build = (ROOT / "installer" / "build.py").read_text(encoding="utf-8")
    assert "bundle_manifest.LINUX_XCB_LIBRARIES" in build


def test_the_handover_schema_is_shipped_and_required() -> None:
    manifest = _manifest()
    assert ("docs/handover-schema.json", "docs") in manifest.DATA_PATTERNS
    assert "docs/handover-schema.json" in manifest.missing_required(Path("/nonexistent"))
