"""Where things live on disk: the user's data folder and the shipped resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop import APP_ID, APP_NAME

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
if getattr(sys, "frozen", False):  # a PyInstaller bundle keeps its data files under sys._MEIPASS
    RESOURCES_DIR = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
LOCALE_DIR = RESOURCES_DIR / "locale"
FONTS_DIR = RESOURCES_DIR / "fonts"
DATA_DIR_ENV = "ANSVARSGRUPPE_DATA_DIR"


def data_dir() -> Path:
    """The per-user data folder; ``ANSVARSGRUPPE_DATA_DIR`` overrides it (tests, portable use)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir  # imported only when no override is set (start-up)

        path = Path(user_data_dir(APP_ID, APP_NAME, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """The embedded SQLite database used when no ``--db`` is given."""
    return data_dir() / "ansvarsgruppe.db"
