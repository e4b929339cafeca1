"""The minutes as a PDF (ReportLab platypus), written for someone reading on a phone.

Page one answers "what did we agree, who does what by when, when do we meet next" in plain
language (DOMAIN.md §5.5, §10). The rest follows the meeting. Everything is one column of
paragraphs (no tables): it reflows on a small screen, and a 100 000-character note or 200 tasks
split across pages without a "flowable too large" error.

Noto Sans from ``resources/fonts`` is embedded and subset; ReportLab's canvas would otherwise
start every page in a non-embedded Helvetica, so ``canvas_basefontname`` and the canvas's
``initialFontName`` are set too. Characters the font lacks (emoji, arrows) come from fallback
fonts or are written as their Unicode name (``minutes_style``), never as a box. The header and
footer carry the case reference, never the name, plus "page x of y" and the version. ReportLab
is imported lazily (start-up time). The story itself is :mod:`.pdf_story`;
the seal :mod:`.seal`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from desktop.i18n import _, current_language, format_long_date, install
from desktop.services.minutes.data import MinutesData
from desktop.services.minutes.page_canvas import numbered_canvas
from desktop.services.minutes.pdf_story import MinutesStory, VersionInfo
from desktop.services.minutes.signing import SignatureSlot
from desktop.services.minutes.style import FONT, plain_text, register_fonts


@dataclass(frozen=True)
class RenderedMinutes:
    pdf: bytes
    page_count: int
    signature_slot: SignatureSlot | None


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Render in ``lang`` and switch back afterwards, whatever happens."""
    previous = current_language()
    try:
        yield install(lang)
    finally:
        install(previous)


def render_minutes(
    data: MinutesData, *, lang: str = "nb", version: VersionInfo | None = None
) -> RenderedMinutes:
    """Render the minutes in ``lang`` (nb, nn, en) and return the PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    from desktop.services.minutes.page_one import PAGE_MARGIN_CM

    register_fonts()
    version = version or VersionInfo()
    with language(lang):
        builder = MinutesStory(data, version)
        story = builder.build()
        header_left = _("Minutes · case {reference}").format(reference=data.facts.case_reference)
        header_right = _("Version {n}").format(n=version.version)
        if not version.will_be_signed:
            header_right = _("Version {n} · not signed").format(n=version.version)
        page_text = _("Page {page} of {pages}")
        date_text = _("Meeting of {date}").format(date=format_long_date(data.facts.start.date()))
        title = _("Minutes · case {reference}").format(reference=data.facts.case_reference)
        page_counter: list[int] = []

        def decorate(canvas: Any, total: int) -> None:
            """Header and footer, drawn once the number of pages is known ("page x of y")."""
            width, height = A4
            canvas.saveState()
            canvas.setFont(FONT, 9)
            canvas.setFillColorRGB(0.25, 0.25, 0.25)
            canvas.drawString(2 * cm, height - 1.2 * cm, plain_text(header_left))
            canvas.drawRightString(width - 2 * cm, height - 1.2 * cm, header_right)
            canvas.drawString(2 * cm, 1.1 * cm, date_text)
            canvas.drawRightString(
                width - 2 * cm, 1.1 * cm, page_text.format(page=canvas.getPageNumber(), pages=total)
            )
            canvas.restoreState()

        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=PAGE_MARGIN_CM * cm,
            rightMargin=PAGE_MARGIN_CM * cm,
            topMargin=PAGE_MARGIN_CM * cm,
            bottomMargin=PAGE_MARGIN_CM * cm,
            title=title,
            author="Ansvarsgruppe",
            creator="Ansvarsgruppe",
            lang={"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}.get(lang, "nb-NO"),
            invariant=0,
        )
        doc.build(
            story,
            canvasmaker=numbered_canvas(decorate, initial_font=FONT, on_page_count=page_counter.append),
        )
    slot = builder.slot_flowable.slot if builder.slot_flowable is not None else None
    return RenderedMinutes(pdf=buffer.getvalue(), page_count=page_counter[-1] if page_counter else 0,
                           signature_slot=slot)  # fmt: skip
