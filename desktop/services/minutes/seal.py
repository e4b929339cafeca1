"""The visible seal on signed minutes and extracts: a framed box at the end of the story.

The box records where it landed on the page, so that the signature field goes on top of it;
the seal's lines are drawn into it with the page's own fonts.
"""

from __future__ import annotations

import functools
from typing import Any

from desktop.services.minutes.signing import SignatureSlot
from desktop.services.minutes.style import FONT, FONT_BOLD, plain_text

SIGNATURE_BOX_PT = (300, 86)  # width, height of the visible seal (five lines)


@functools.cache
def seal_slot_class() -> type:
    from reportlab.platypus import Flowable

    class SlotFlowable(Flowable):  # type: ignore[misc]  # ReportLab ships no types: Flowable is Any
        """The box for the signature at the end of the story, with the seal drawn in it.

        Records where it landed: the signature field goes on top. Drawing the seal with the page
        (instead of as the field's own appearance) reuses the page's fonts and spares pyHanko
        parsing a second PDF.
        """

        def __init__(self, stamp_lines: tuple[str, ...]) -> None:
            super().__init__()
            self.width, self.height = SIGNATURE_BOX_PT
            self.spaceBefore = 8
            self.stamp_lines = stamp_lines
            self.slot: SignatureSlot | None = None

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            x, y = self.canv.absolutePosition(0, 0)
            page = self.canv.getPageNumber() - 1
            self.slot = SignatureSlot(page, (int(x), int(y), int(x + self.width), int(y + self.height)))
            if self.stamp_lines:
                draw_stamp(self.canv, self.stamp_lines)

    return SlotFlowable


def draw_stamp(c: Any, text_lines: tuple[str, ...]) -> None:
    """The seal: a framed box of ``SIGNATURE_BOX_PT`` with its lines, at the canvas' origin."""
    width, height = SIGNATURE_BOX_PT
    c.saveState()
    c.setFillColorRGB(0.93, 0.96, 0.98)
    c.setStrokeColorRGB(0.04, 0.24, 0.36)
    c.setLineWidth(1.5)
    c.rect(1, 1, width - 2, height - 2, fill=1, stroke=1)
    c.setFillColorRGB(0.04, 0.24, 0.36)
    y = height - 17
    for index, line in enumerate(text_lines):
        c.setFont(FONT_BOLD if index == 0 else FONT, 10.5 if index == 0 else 9)
        c.drawString(9, y, plain_text(line)[:70])
        y -= 14
    c.restoreState()
