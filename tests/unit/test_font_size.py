"""Style-sheet font sizes follow the application font (a large system font makes headings larger too)."""

from __future__ import annotations

from PySide6.QtGui import QFont

from desktop.ui.font_size import pt


def test_sizes_scale_with_the_application_font(qapp) -> None:  # noqa: ANN001
    original = QFont(qapp.font())
    try:
        qapp.setFont(QFont(original.family(), 10))
        assert pt(16) == "16.0pt"
        qapp.setFont(QFont(original.family(), 17))
        assert pt(16) == "27.2pt"
        assert pt(9) == "15.3pt"
    finally:
        qapp.setFont(original)
