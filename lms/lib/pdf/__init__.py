"""Bangla and mixed-script text, fonts and QR codes on a ReportLab canvas: pure helpers, no models.

    from lms.lib.pdf import draw_qr, draw_text, face, fit_text

    fitted = fit_text("মোছাঃ রাবেয়া খাতুন", 250, face("sans", bold=True), max_size=18, min_size=10)
    bottom = draw_text(canvas, fitted, x=150, top=400)

Text is shaped with HarfBuzz (Bangla conjuncts, vowel signs, reph, ya-phala) through ReportLab's
shapeStr, split into Bengali and Latin runs drawn in the shipped Noto fonts (noto/, SIL OFL 1.1),
and tagged with /ActualText so that copying, searching and pdftotext give back the real Unicode
text. Certificates (certificates/render/) and the fair's exhibitor pass (events/fairs/passes.py)
draw with these.
"""

from .fonts import Face, face
from .qr import draw_qr, qr_matrix
from .text import (
    FittedText,
    Line,
    Run,
    draw_line,
    draw_text,
    fit_font_size,
    fit_text,
    script_runs,
    shape_line,
    squash_spaces,
    text_width,
    wrap,
)

__all__ = [
    "Face",
    "FittedText",
    "Line",
    "Run",
    "draw_line",
    "draw_qr",
    "draw_text",
    "face",
    "fit_font_size",
    "fit_text",
    "qr_matrix",
    "script_runs",
    "shape_line",
    "squash_spaces",
    "text_width",
    "wrap",
]
