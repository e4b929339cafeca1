"""``python -m desktop screenshots``: PNGs of the main views, rendered from a copy of the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtGui import QImage

from desktop.db import Database


def test_screenshots_of_the_main_views_leave_the_database_unchanged(
    qtbot,
    demo_db: Database,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    from desktop.ui.screenshots import render_screenshots

    demo_db.dispose()
    before = hashlib.sha256(demo_db.path.read_bytes()).hexdigest()
    out = tmp_path / "shots"
    written = render_screenshots(demo_db.path, out, language="nb", sizes=[(1280, 650)])
    names = {p.stem for p in written}
    assert {
        "01-case-list",
        "02-case-plan",
        "04-consent-matrix",
        "07-case-timeline",
        "09-meeting-runner",
        "11-task-board",
        "12-ratings-chart",
        "13-room-view-restricted",
        "14-room-view-full",
        "15-confirmation",
    } <= names
    image = QImage(str(out / "1280x650" / "02-case-plan.png"))
    assert (image.width(), image.height()) == (1280, 650)
    assert hashlib.sha256(demo_db.path.read_bytes()).hexdigest() == before
