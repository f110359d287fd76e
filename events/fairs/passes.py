"""The exhibitor's pass: an A6 PDF with her business, name, stall and a QR the check-in page reads.

Drawn with lms.lib.pdf, as certificates are (HarfBuzz-shaped Bangla in the shipped Noto fonts, the
same QR drawing), so a name like "মোছাঃ রাবেয়া খাতুন" prints with its conjuncts and vowel signs
right.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen.canvas import Canvas

from events.fairs.models import Application
from lms.lib.bangla import localise_digits
from lms.lib.pdf import draw_qr, draw_text, face, fit_text

MARGIN = 18
QR_SIZE = 120
ACCENT = "#8A1538"


def check_in_url(application: Application) -> str:
    return settings.SITE_URL + reverse("fairs:scan", kwargs={"code": application.pass_code})


def render_pass(application: Application, fair_title: str, language: str) -> bytes:
    width, height = A6
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A6, pageCompression=1)
    canvas.setTitle(f"{fair_title} — {application.business_name}")
    inner = width - 2 * MARGIN
    with translation.override(language):
        fair = application.fair
        days = localise_digits(date_format(fair.starts_on, "j F Y"), language)
        exhibitor = _("Exhibitor")
        stall = _("Stall %(stall)s") % {"stall": application.stall} if application.stall else ""
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - 8, width, 8, stroke=0, fill=1)
    canvas.setFillColor("#000000")
    top = height - MARGIN - 4
    top = draw_text(
        canvas, fit_text(fair_title, inner, face("sans", True), max_size=14, min_size=9, max_lines=2), width / 2, top
    )
    top = draw_text(
        canvas,
        fit_text(f"{days} · {fair.venue}", inner, face("sans"), max_size=9, min_size=7, max_lines=2),
        width / 2,
        top - 2,
    )
    canvas.setFillColor(ACCENT)
    top = draw_text(canvas, fit_text(exhibitor, inner, face("sans"), max_size=10, min_size=8), width / 2, top - 8)
    canvas.setFillColor("#000000")
    top = draw_text(
        canvas,
        fit_text(application.business_name, inner, face("sans", True), max_size=18, min_size=10, max_lines=2),
        width / 2,
        top,
    )
    name = application.applicant.display_name(language)
    top = draw_text(canvas, fit_text(name, inner, face("sans"), max_size=12, min_size=8), width / 2, top)
    if stall:
        top = draw_text(
            canvas, fit_text(stall, inner, face("sans", True), max_size=22, min_size=12), width / 2, top - 4
        )
    draw_qr(canvas, check_in_url(application), (width - QR_SIZE) / 2, MARGIN, QR_SIZE)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
