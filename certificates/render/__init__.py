"""Certificate PDFs from a layout and one learner's values: pure functions, no models.

    pdf = render_certificate(layout, {"recipient_name": "মোছাঃ রাবেয়া খাতুন", ...}, language="bn")

Text is shaped with HarfBuzz (Bangla conjuncts, vowel signs, reph, ya-phala), split into Bengali
and Latin runs drawn in the shipped Noto fonts (certificates/fonts/, SIL OFL 1.1), and tagged with
/ActualText so that copying, searching and pdftotext give back the real Unicode text.
"""

from .certificate import (
    DATE,
    LABELS,
    MAX_SIGNATORIES,
    RECIPIENT_NAME,
    SERIAL,
    VERIFY_URL,
    CertificateLayout,
    CertificateRenderError,
    Labels,
    Signatory,
    fill,
    render_certificate,
)
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
    "DATE",
    "LABELS",
    "MAX_SIGNATORIES",
    "RECIPIENT_NAME",
    "SERIAL",
    "VERIFY_URL",
    "CertificateLayout",
    "CertificateRenderError",
    "Face",
    "FittedText",
    "Labels",
    "Line",
    "Run",
    "Signatory",
    "draw_line",
    "draw_qr",
    "draw_text",
    "face",
    "fill",
    "fit_font_size",
    "fit_text",
    "qr_matrix",
    "render_certificate",
    "script_runs",
    "shape_line",
    "squash_spaces",
    "text_width",
    "wrap",
]
