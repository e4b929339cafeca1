"""Start-up stays fast: the main window and the light commands never import PDF or signing code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded(code: str) -> str:
    probe = code + "; import sys; print(','.join(m for m in ('reportlab', 'pyhanko', 'alembic') if m in sys.modules))"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60).stdout.strip()


def test_main_window_imports_no_pdf_or_signing_code() -> None:
    loaded = _loaded("import desktop.ui.main_window")
    assert "reportlab" not in loaded and "pyhanko" not in loaded


def test_cli_parser_imports_nothing_heavy() -> None:
    assert _loaded("from desktop.cli import build_parser; build_parser()") == ""


def test_opening_an_up_to_date_database_does_not_load_alembic(tmp_path: Path) -> None:
    from desktop.db import Database

    path = tmp_path / "a.db"
    Database.open(path).dispose()
    loaded = _loaded(f"from desktop.db import Database; Database.open(__import__('pathlib').Path({str(path)!r})).dispose()")
    assert "alembic" not in loaded
