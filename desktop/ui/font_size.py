"""Font sizes in style sheets that follow the system font.

The layouts were drawn for Qt's default 10 pt; a coordinator who has set a larger system font (or
the screenshots' ``--font-size``) should get every heading and hint larger by the same factor,
not fixed 9 pt hints beside 17 pt text.
"""

from __future__ import annotations

DESIGN_POINT_SIZE = 10.0


def pt(size_at_10pt: float) -> str:
    """A CSS font size, ``size_at_10pt`` scaled by the application font (``"16.0pt"`` at 10 pt)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    base = app.font().pointSizeF() if isinstance(app, QApplication) else DESIGN_POINT_SIZE
    if base <= 0:
        base = DESIGN_POINT_SIZE
    return f"{size_at_10pt * base / DESIGN_POINT_SIZE:.1f}pt"
