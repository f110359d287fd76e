"""A share preview (Open Graph image) of a certificate: its real PDF rasterised, not redrawn.

Redrawing the certificate with Pillow would need Bangla shaping that Pillow lacks here, and
would drift from what was issued; rasterising the stored PDF with PDFium shows exactly the
certificate people download. The page is fitted into a 1200 x 630 card (the size Facebook,
WhatsApp, LinkedIn and X show large) on a paper-coloured ground, landscape or portrait alike.
"""

from __future__ import annotations

import io
import threading

import pypdfium2
from PIL import Image

PREVIEW_SIZE = (1200, 630)
_MARGIN = 24  # pixels of ground round the page, so the card does not look cropped
_GROUND = (243, 239, 230)  # the off-white of the site's paper background
_COLOURS = 128  # a palette PNG: a fifth of the bytes of a full-colour one, no visible loss on a certificate

# PDFium is not thread-safe; gunicorn's threads or a thread pool must take turns.
_pdfium_lock = threading.Lock()


def preview_png(pdf: bytes) -> bytes:
    """A PREVIEW_SIZE PNG of the first page of pdf, scaled to fit and centred."""
    width, height = PREVIEW_SIZE
    with _pdfium_lock:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[0]
            page_width, page_height = page.get_size()
            scale = min((width - 2 * _MARGIN) / page_width, (height - 2 * _MARGIN) / page_height)
            page_image = page.render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil()
            page.close()
        finally:
            document.close()
    card = Image.new("RGB", PREVIEW_SIZE, _GROUND)
    card.paste(page_image.convert("RGB"), ((width - page_image.width) // 2, (height - page_image.height) // 2))
    out = io.BytesIO()
    card.quantize(colors=_COLOURS, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()
