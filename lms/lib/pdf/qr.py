"""QR codes drawn as vector rectangles: sharp at any print size, no image to encode or embed."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfgen.canvas import Canvas

# A fixed mask skips qrcode's trial of all eight masks (most of its time); any mask decodes.
MASK_PATTERN = 4
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_matrix(payload: str) -> list[list[bool]]:
    """The dark (True) and light modules of payload's QR code, without the quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=MASK_PATTERN)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float, *, color: object = "#000000") -> None:
    """Draw payload's QR code with its lower-left corner at (x, y), size points square.

    The quiet zone is inside size and painted white, so the code scans on a background image too.
    Each row's dark stretches are one rectangle, and all of them one filled path: no hairline
    seams between modules when a viewer anti-aliases.
    """
    matrix = qr_matrix(payload)
    unit = size / (len(matrix) + 2 * QUIET_ZONE)
    canvas.saveState()
    canvas.setFillColor("#FFFFFF")
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(color)
    # One module = one unit, rows counted downwards, so the path is small integers ("3 7 2 1 re"),
    # written directly: going through ReportLab's path object formats every number (10x slower).
    canvas.translate(x + QUIET_ZONE * unit, y + size - QUIET_ZONE * unit)
    canvas.scale(unit, -unit)
    rects = []
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if not cells[column]:
                column += 1
                continue
            start = column
            while column < len(cells) and cells[column]:
                column += 1
            rects.append(f"{start} {row} {column - start} 1 re")
    canvas.addLiteral("\n".join(rects) + "\nf")
    canvas.restoreState()
