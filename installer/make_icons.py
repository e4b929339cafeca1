# ruff: noqa: TID251, T201  (a build tool: Qt renders the SVG, and it reports what it wrote)
"""Render the application icon from its SVG sources into the PNG sizes and the Windows .ico.

    .venv/bin/python installer/make_icons.py      # QT_QPA_PLATFORM=offscreen is set for you

``resources/icons/ansvarsgruppe.svg`` is the icon; ``ansvarsgruppe-small.svg`` is a simplified
drawing for 16-32 px, where the six people and the sheet on the table would blur. The output
(``resources/icons/png/ansvarsgruppe-<size>.png`` and ``resources/icons/ansvarsgruppe.ico``) is
committed, so a build never needs this script; run it again after changing an SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL_UP_TO = 32  # sizes up to this use the simplified drawing
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_BMP_UP_TO = 48  # small .ico entries as classic DIBs (every Windows reads them); larger as PNG


def render(svg: Path, size: int):  # -> QImage
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image) -> bytes:
    """A 32-bit BGRA DIB as stored in .ico files: bottom-up rows, then a 1-bit AND mask."""
    from PySide6.QtGui import QImage

    size = image.width()
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = []
    for y in range(size):
        line = bytearray()
        for x in range(size):
            pixel = argb.pixel(x, y)  # 0xAARRGGBB
            line += struct.pack("<I", pixel)  # little-endian: B G R A
        rows.append(bytes(line))
    pixels = b"".join(reversed(rows))
    mask_row = ((size + 31) // 32) * 4
    mask = bytes(mask_row * size)  # all zero: the alpha channel decides
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + mask


def write_ico(path: Path, images: dict[int, object]) -> None:
    entries, blobs = [], []
    offset = 6 + 16 * len(images)
    for size, image in sorted(images.items()):
        blob = dib_bytes(image) if size <= ICO_BMP_UP_TO else png_bytes(image)
        dim = 0 if size >= 256 else size
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    path.write_bytes(struct.pack("<HHH", 0, 1, len(images)) + b"".join(entries) + b"".join(blobs))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    large, small = ICONS / "ansvarsgruppe.svg", ICONS / "ansvarsgruppe-small.svg"
    out = ICONS / "png"
    out.mkdir(exist_ok=True)
    images = {}
    for size in SIZES:
        image = render(small if size <= SMALL_UP_TO else large, size)
        images[size] = image
        image.save(str(out / f"ansvarsgruppe-{size}.png"), "PNG")
    write_ico(ICONS / "ansvarsgruppe.ico", {s: images[s] for s in ICO_SIZES})
    print(f"wrote {len(SIZES)} PNGs to {out.relative_to(ROOT)} and resources/icons/ansvarsgruppe.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
