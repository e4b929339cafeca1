"""What goes into the PyInstaller bundle, as plain data: read by ``ansvarsgruppe.spec`` and the tests.

Kept apart from the spec so that a test can check the list without running PyInstaller. Paths
are relative to the project root; destinations are folders inside the bundle (``sys._MEIPASS``),
laid out exactly as in the source tree, so ``desktop/paths.py`` and ``desktop/db/`` find them.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAME_FOLDER = "{same folder}"  # destination: the source file's own folder, relative to the root

# Files the application opens by path at run time (not imported, so PyInstaller cannot see them).
DATA_PATTERNS: tuple[tuple[str, str], ...] = (
    # Alembic reads env.py, the template and every revision as files from script_location.
    ("desktop/migrations/env.py", "desktop/migrations"),
    ("desktop/migrations/script.py.mako", "desktop/migrations"),
    ("desktop/migrations/versions/*.py", "desktop/migrations/versions"),
    # Fonts embedded in every PDF and used by the UI, with their licence.
    ("resources/fonts/*.ttf", "resources/fonts"),
    ("resources/fonts/*.txt", "resources/fonts"),
    # The window icon (SVG) and the platform sizes.
    ("resources/icons/*.svg", "resources/icons"),
    ("resources/icons/*.ico", "resources/icons"),
    ("resources/icons/png/*.png", "resources/icons/png"),
    # Compiled catalogs only: with no .po beside them the app never tries to compile in place.
    ("resources/locale/*/LC_MESSAGES/*.mo", SAME_FOLDER),
    # Our own Qt translations (e.g. qtbase_nb.qm, which Qt does not ship), wherever they sit.
    ("resources/locale/**/*.qm", SAME_FOLDER),
    # The JSON Schema every imported handover is checked against (desktop/services/minutes/handover.py).
    ("docs/handover-schema.json", "docs"),
)

# Imported only by files PyInstaller does not analyse (the migrations), by name, or lazily
# through entry points.
HIDDEN_IMPORTS: tuple[str, ...] = (
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlmodel",
    "sqlmodel.sql.sqltypes",
    "alembic",
    "alembic.op",
    "alembic.context",
    "alembic.runtime.migration",
    "alembic.script",
    "alembic.ddl.sqlite",
    "alembic.operations.toimpl",
    "alembic.operations.batch",
    "babel.numbers",
    "babel.dates",
    "babel.messages.mofile",
    "babel.messages.pofile",
    "reportlab.graphics.barcode.code128",
    "_rl_accel",  # imported by reportlab.lib.rl_accel inside a try: PyInstaller would not see it
    "pyhanko.sign.signers",
    "pyhanko.sign.validation",
    "pyhanko.sign.fields",
    "pyhanko.pdf_utils.incremental_writer",
    "pyhanko_certvalidator",
    # The .ics invitation: zoneinfo reads the time zones from the tzdata package where the system
    # has none (Windows).
    "icalendar",
    "zoneinfo",
    "tzdata",
)

# Packages collected whole (submodules found by name at run time: our commands, pyHanko's
# optional parts, Babel's locale data).
COLLECT_SUBMODULES: tuple[str, ...] = ("desktop",)
COLLECT_DATA: tuple[str, ...] = (
    "babel",
    "reportlab",
    "pyhanko",
    "pyhanko_certvalidator",
    "certifi",
    "tzdata",
    "jsonschema_specifications",  # jsonschema loads its meta-schemas from files when imported
)
COPY_METADATA: tuple[str, ...] = ("pyhanko", "pyhanko-certvalidator", "alembic", "sqlmodel", "reportlab")

# Large parts of Qt (and Python) the application does not use. The app uses QtCore, QtGui,
# QtWidgets, QtSvg (the icon), QtPdf/QtPdfWidgets (the minutes preview), QtPrintSupport and QtCharts
# (the life-area ratings over time in the case view).
EXCLUDES: tuple[str, ...] = (
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtWebSockets",
    "PySide6.QtWebView",
    "PySide6.QtHttpServer",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    "PySide6.Qt3DInput",
    "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation",
    "PySide6.Qt3DExtras",
    "PySide6.QtQuick",
    "PySide6.QtQuick3D",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtQml",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtSpatialAudio",
    "PySide6.QtTextToSpeech",
    "PySide6.QtDataVisualization",
    "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets",
    "PySide6.QtBluetooth",
    "PySide6.QtNfc",
    "PySide6.QtPositioning",
    "PySide6.QtLocation",
    "PySide6.QtSensors",
    "PySide6.QtSerialPort",
    "PySide6.QtSerialBus",
    "PySide6.QtRemoteObjects",
    "PySide6.QtScxml",
    "PySide6.QtStateMachine",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtConcurrent",
    "PySide6.QtNetworkAuth",
    "PySide6.QtAxContainer",
    "tkinter",
    "_tkinter",
    "pytest",
    "pytest_qt",
    "hypothesis",
    "IPython",
    "matplotlib",
    "numpy",
    "pydoc_data",
    # Pillow: ReportLab needs PNG/JPEG, not AVIF (a 5 MB codec) or the Tk/Qt bridges.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
)

# Shared libraries dropped after analysis, as a second guard (plugins and codecs drag them in).
EXCLUDED_LIBRARIES: tuple[str, ...] = (
    "Qt6WebEngine",
    "Qt6Quick",
    "Qt6Qml",
    "Qt63D",
    "Qt6Multimedia",
    "Qt6DataVisualization",
    "Qt6Graphs",
    "Qt6Designer",
    "Qt6PdfQuick",
    "Qt6VirtualKeyboard",
    "Qt6EglFSDeviceIntegration",
    "Qt6EglFsKmsSupport",
    "libavif",
)


# Linux: what Qt's xcb platform plugin needs beyond a desktop's common base libraries (libc, X11,
# libxcb, GL/EGL, fontconfig, freetype, xkbcommon, glib, dbus), which many desktops lack (Ubuntu
# 22.04 has no libxcb-cursor0). PyInstaller bundles them when the build machine has them
# (installer/build.sh installs them); installer/build.py fails when one is not in the bundle, and
# installer/linux/test-minimal-debian.sh proves the tarball on a root with only the base libraries.
LINUX_XCB_LIBRARIES: tuple[str, ...] = (
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-keysyms.so.1",
    "libxcb-image.so.0",
    "libxcb-render-util.so.0",
    "libxkbcommon-x11.so.0",
)


# Languages whose Qt and Babel data the bundle keeps: the app's (nb, nn, en), their CLDR parents
# (no, en_001, root) and the Sami languages (names and places in the plans).
KEPT_LANGUAGES: frozenset[str] = frozenset({"nb", "nn", "no", "en", "se", "smj", "sma", "smn", "sms", "root"})

# Qt plugins the app cannot use: it never opens a network connection, and it runs on a desktop
# (X11 or Wayland), not on a framebuffer, a VNC server or a virtual keyboard.
DROPPED_QT_PLUGINS: tuple[str, ...] = (
    "plugins/networkinformation/",
    "plugins/tls/",
    "plugins/platforminputcontexts/libqtvirtualkeyboardplugin",
    "plugins/platforms/libqvnc",
    "plugins/platforms/libqlinuxfb",
    "plugins/platforms/libqeglfs",
    "plugins/platforms/libqminimalegl",
    "plugins/platforms/libqvkkhrdisplay",
    "plugins/egldeviceintegrations/",
    "plugins/generic/",
)


def keep_in_bundle(destination: str) -> bool:
    """False for files PyInstaller's hooks collect but the app never uses (see the lists above)."""
    dest = destination.replace("\\", "/")
    name = dest.rsplit("/", 1)[-1]
    if any(part in name for part in EXCLUDED_LIBRARIES):
        return False
    if any(part in dest for part in DROPPED_QT_PLUGINS):
        return False
    if "/Qt/translations/" in dest or dest.startswith("PySide6/translations/"):
        stem = name.rsplit(".", 1)[0]
        if not stem.startswith(("qt_", "qtbase_")) or stem.startswith("qt_help_"):
            return False
        return stem.split("_", 1)[1].split("_")[0] in KEPT_LANGUAGES
    if dest.startswith("babel/locale-data/") and name.endswith(".dat"):
        return name.split(".")[0].split("_")[0] in KEPT_LANGUAGES
    return True


def datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for every data file, expanded from the patterns."""
    pairs: list[tuple[str, str]] = []
    for pattern, destination in DATA_PATTERNS:
        for source in sorted(root.glob(pattern)):
            target = source.parent.relative_to(root).as_posix() if destination == SAME_FOLDER else destination
            pairs.append((str(source), target))
    return pairs


def missing_required(root: Path = ROOT) -> list[str]:
    """Data the bundle cannot work without and that is not there (e.g. catalogs not compiled)."""
    found = {Path(dest) / Path(src).name for src, dest in datas(root)}
    required = [
        Path("desktop/migrations/env.py"),
        Path("desktop/migrations/script.py.mako"),
        Path("resources/fonts/NotoSans-Regular.ttf"),
        Path("resources/icons/ansvarsgruppe.svg"),
        Path("resources/icons/ansvarsgruppe.ico"),
        Path("docs/handover-schema.json"),
    ]
    required += [Path(f"resources/locale/{lang}/LC_MESSAGES/core.mo") for lang in ("nb", "nn", "en")]
    missing = [str(p) for p in required if p not in found]
    if not any(Path(dest) == Path("desktop/migrations/versions") for _src, dest in datas(root)):
        missing.append("desktop/migrations/versions/*.py")
    return missing
