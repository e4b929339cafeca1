"""Start-up stays fast: the main window and the light commands never import PDF or signing code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.sql import sql_rows

ROOT = Path(__file__).resolve().parents[2]


def _loaded(code: str) -> str:
    probe = (
        code
        + "; import sys; print(','.join(m for m in ('reportlab', 'pyhanko', 'alembic') if m in sys.modules))"
    )
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    ).stdout.strip()


def test_main_window_imports_no_pdf_or_signing_code() -> None:
    loaded = _loaded("import desktop.ui.main_window")
    assert "reportlab" not in loaded and "pyhanko" not in loaded


def test_cli_parser_imports_nothing_heavy() -> None:
    assert _loaded("from desktop.cli import build_parser; build_parser()") == ""


def test_opening_an_up_to_date_database_does_not_load_alembic(tmp_path: Path) -> None:
    from desktop.db import Database

    path = tmp_path / "a.db"
    Database.open(path).dispose()
    loaded = _loaded(
        f"from desktop.db import Database; Database.open(__import__('pathlib').Path({str(path)!r})).dispose()"
    )
    assert "alembic" not in loaded


def test_the_window_shows_loading_and_then_fills_the_case_list(demo_db) -> None:  # noqa: ANN001
    """A fresh process shows the frame with «Laster saker …» before the data layer has loaded, then
    fills the case list through the ordinary service once it has (the data layer loads on a thread)."""
    path = demo_db.path
    demo_db.dispose()
    code = (
        "import os, sys, time; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from pathlib import Path\n"
        "from desktop.ui.app import create_application, show_main_window\n"
        "app = create_application('nb')\n"
        "from desktop.db import Database\n"
        "from desktop.ui.main_window import MainWindow\n"
        f"db = Database.open(Path({str(path)!r}))\n"
        "window = show_main_window(MainWindow(db))\n"
        "shown = (window.stack.currentWidget() is window.loading, window.loading.label.text(),\n"
        "         window.statusBar().currentMessage(), window.case_list.model.rowCount())\n"
        "deadline = time.monotonic() + 60\n"
        "while window.is_loading_cases and time.monotonic() < deadline:\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "app.processEvents()\n"
        "filled = (window.stack.currentWidget() is window.case_list, window.case_list.model.rowCount(),\n"
        "          window.statusBar().currentMessage())\n"
        "window.show_case(window.case_list.model.row_at(0).id)\n"
        "print(repr((shown, filled, window.case_view.detail is not None)))\n"
        "window.close(); db.dispose()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    shown, filled, opened = eval(out.stdout.strip().splitlines()[-1])  # noqa: S307 - our own repr
    assert shown == (True, "Laster saker …", "Laster saker …", 0)
    assert filled == (True, 7, "7 saker")
    assert opened


def test_signing_and_verifying_load_no_network_client() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import desktop.services.minutes.signing, desktop.services.minutes.verify, sys;"
            "from pyhanko.sign import fields, signers;"
            "from pyhanko.sign.validation import validate_pdf_signature;"
            "print(','.join(m for m in ('aiohttp', 'yarl', 'requests') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert loaded.stdout.strip() == ""


def test_export_minutes_signs_as_a_cold_process_without_alembic(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    """``export-minutes --sign-with`` in a fresh process: signed, stored, and Alembic never imported
    (an up-to-date database needs no migration)."""
    import os

    from desktop.services.minutes.signing_keys import generate_key
    from desktop.services.minutes.versions import MinutesService

    path = demo_db.path
    meeting_id = sql_rows(demo_db, "SELECT id FROM meeting WHERE status = 'held' ORDER BY id LIMIT 1")[0][0]
    demo_db.dispose()
    key = generate_key("Kari Koordinator", "et passord som holder", out=tmp_path / "k.p12")
    code = (
        "import sys\n"
        "from desktop.cli import main\n"
        f"rc = main(['export-minutes', '--db', {str(path)!r}, '--meeting', '{meeting_id}', '--out', "
        f"{str(tmp_path / 'r.pdf')!r}, '--sign-with', {str(key.path)!r}, '--passphrase-env', 'KEY_PASS'])\n"
        "print(rc, 'alembic' in sys.modules)\n"
    )
    env = dict(os.environ, KEY_PASS="et passord som holder")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert out.stdout.split()[-2:] == ["0", "False"], out.stderr[-2000:]
    from desktop.db import Database

    db = Database.open(path)
    try:
        versions = MinutesService(db).versions(meeting_id)
        assert versions[-1].is_signed and MinutesService(db).verify_chain(versions[-1].case_id)
        status = sql_rows(db, "SELECT status FROM meeting WHERE id = ?", (meeting_id,))[0][0]
        assert status == "signed"
    finally:
        db.dispose()


def test_pyside_import_check_reads_the_file_instead_of_inspecting_it() -> None:
    """desktop/ui replaces PySide6's per-import ``inspect.getsource`` check (0.3-0.5 s of start-up
    for SQLAlchemy's modules); a PySide6 upgrade that renames the hook must fail here, not silently
    make every start slower."""
    probe = (
        "import desktop.ui, sys; feature = sys.modules['shibokensupport.feature']; "
        "check = feature._mod_uses_pyside; import desktop.ui.main_window as w, json; "
        "print(check.__module__, check(w), check(json))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.split() == ["desktop.ui", "True", "False"], out.stderr[-2000:]
