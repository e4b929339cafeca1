"""A ReportLab canvas that draws each page's header and footer once the page count is known.

The minutes and the meeting notice both say «page x of y»: the canvas keeps every page's
state until :meth:`save`, then draws the decoration on each with the total. ReportLab is
imported when the class is made (start-up time).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Draws one page's header and footer on the canvas, given the number of pages.
PageDecoration = Callable[[Any, int], None]


def numbered_canvas(
    decorate: PageDecoration,
    *,
    initial_font: str | None = None,
    on_page_count: Callable[[int], None] | None = None,
) -> type:
    """A canvas class for ``doc.build(..., canvasmaker=…)`` that calls ``decorate(canvas, total)``.

    ``initial_font`` starts every page in that font (so no Helvetica appears in the file);
    ``on_page_count`` is told the number of pages when the document is saved.
    """
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no types: Canvas is Any
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if initial_font is not None:
                kwargs["initialFontName"] = initial_font
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab API)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            if on_page_count is not None:
                on_page_count(total)
            for state in self._saved_pages:
                self.__dict__.update(state)
                decorate(self, total)
                super().showPage()
            super().save()

    return NumberedCanvas
