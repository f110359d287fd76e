"""Certificate PDFs from a layout and one learner's values: pure functions, no models.

    pdf = render_certificate(layout, {"recipient_name": "মোছাঃ রাবেয়া খাতুন", ...}, language="bn")

What is a certificate's own is here: the page, its border and ornaments, the stack of title,
name and body, the footer with date, serial, signatories and the verification QR. The text
underneath (HarfBuzz-shaped Bangla in the shipped Noto fonts, extractable through /ActualText),
the fonts and the QR drawing are lms.lib.pdf's, shared with the fair's exhibitor pass.
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

__all__ = [
    "DATE",
    "LABELS",
    "MAX_SIGNATORIES",
    "RECIPIENT_NAME",
    "SERIAL",
    "VERIFY_URL",
    "CertificateLayout",
    "CertificateRenderError",
    "Labels",
    "Signatory",
    "fill",
    "render_certificate",
]
