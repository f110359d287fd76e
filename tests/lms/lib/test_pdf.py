"""lms.lib.pdf: Bangla shaping, script runs, fonts, extractable text, fitting and QR drawing.

Plain tests: no database. They read the PDFs back with poppler (pdftotext, pdftoppm). Whole
certificates drawn with these are tested in tests/certificates/test_render.py, the fair pass in
tests/events/fairs/test_passes.py.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from lms.lib.pdf import (
    Run,
    draw_line,
    draw_qr,
    face,
    fit_font_size,
    fit_text,
    qr_matrix,
    script_runs,
    shape_line,
    text_width,
    wrap,
)
from lms.lib.pdf.fonts import covers, font_files
from lms.lib.pdf.text import BENGALI_FONT_NEUTRALS

RABEYA_BN = "মোছাঃ রাবেয়া খাতুন"
COURSE_BN = "নকশিকাঁথা: ক্ষুদ্র উদ্যোক্তার জন্য Python-এর প্রাথমিক পাঠ"
VERIFY_URL = "https://udyokta.org.bd/c/UDY-2026-000123"

# The examples: conjuncts, vowel signs before and around their consonant, reph, ya-phala.
HARD_BANGLA = [
    "মোছাঃ রাবেয়া খাতুন",
    "নকশিকাঁথা",
    "ক্ষুদ্র উদ্যোক্তা",
    "স্বেচ্ছাসেবী প্রশিক্ষক",
    "কর্মশালা, বন্দর, স্ত্রী, কৈশোর, পৌষ, র‍্যাব",
]
MIXED = [
    "Python-এর প্রাথমিক পাঠ",
    "সনদ নম্বর: UDY-2026-000123",
    "Mst. Rabeya Khatun (মোছাঃ রাবেয়া খাতুন)",
    "১৫ মার্চ ২০২৬, 15 March 2026",
    "৳ ৫০০ / Tk 500 & 20% ছাড় @ Dhaka",
]


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdftotext(pdf: bytes, tmp_path: Path, *options: str) -> str:
    path = tmp_path / f"extract-{len(list(tmp_path.iterdir()))}.pdf"
    path.write_bytes(pdf)
    return _run("pdftotext", *options, str(path), "-")


def words(text: str) -> str:
    return " ".join(text.split())


def line_pdf(text: str, *, family: str = "sans", size: float = 20) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(700, 80))
    draw_line(canvas, shape_line(text, face(family)), 350, 30, size)
    canvas.save()
    return buffer.getvalue()


def glyph_ids(text: str, family: str = "sans", bold: bool = False) -> list[int]:
    """The glyphs HarfBuzz chose for text, across its script runs (0 is .notdef, the empty box)."""
    ids = []
    for segment in shape_line(text, face(family, bold)).segments:
        cmap = pdfmetrics.getFont(segment.font_name).face.charToGlyph
        ids += [cmap.get(ord(char), 0) for char in segment.glyphs]
    return ids


# Script runs


def test_script_runs_put_latin_and_bangla_of_one_word_in_separate_runs():
    assert script_runs("Python-এর") == [Run("Python-", "latin"), Run("এর", "bengali")]


def test_script_runs_keep_a_serial_number_in_one_latin_run():
    assert script_runs("UDY-2026-000123") == [Run("UDY-2026-000123", "latin")]


def test_script_runs_give_bangla_digits_and_danda_to_the_bengali_font():
    assert script_runs("১৫ মার্চ ২০২৬।") == [Run("১৫ মার্চ ২০২৬।", "bengali")]


def test_script_runs_give_ascii_digits_to_the_latin_font():
    assert script_runs("মোট 24 ঘণ্টা") == [Run("মোট ", "bengali"), Run("24 ", "latin"), Run("ঘণ্টা", "bengali")]


def test_script_runs_open_brackets_with_the_text_they_enclose():
    assert script_runs("রাবেয়া (Rabeya) খাতুন") == [
        Run("রাবেয়া ", "bengali"),
        Run("(Rabeya) ", "latin"),
        Run("খাতুন", "bengali"),
    ]


def test_script_runs_send_punctuation_the_bengali_font_lacks_to_the_latin_font():
    assert script_runs("ছাড় @ ঢাকা") == [Run("ছাড় ", "bengali"), Run("@", "latin"), Run(" ঢাকা", "bengali")]


def test_script_runs_keep_zero_width_joiners_inside_bangla():
    assert script_runs("র\u200d্যাব") == [Run("র\u200d্যাব", "bengali")]


def test_bengali_fonts_have_every_neutral_character_script_runs_gives_them():
    for name in ("UdyoktaSansBengali", "UdyoktaSansBengali-Bold", "UdyoktaSerifBengali", "UdyoktaSerifBengali-Bold"):
        missing = [char for char in BENGALI_FONT_NEUTRALS if not covers(name, char)]
        assert missing == [], name


@pytest.mark.parametrize("text", HARD_BANGLA + MIXED)
@pytest.mark.parametrize(("family", "bold"), [("sans", False), ("serif", True)])
def test_no_character_is_drawn_as_an_empty_box(text, family, bold):
    assert 0 not in glyph_ids(text, family, bold)


def test_bengali_fonts_have_no_latin_letters_which_is_why_runs_are_needed():
    assert not covers("UdyoktaSansBengali", "P")
    assert covers("UdyoktaSans", "P")


# Shaping and extractable text


def test_shaping_changes_bangla_glyphs_and_positions():
    """HarfBuzz ran: ক্ষ is one glyph, and ি moved in front of its consonant."""
    assert len(glyph_ids("ক্ষ")) == 1
    ki = glyph_ids("কি")
    assert len(ki) == 2 and ki[0] == glyph_ids("ি")[0]


@pytest.mark.parametrize("text", HARD_BANGLA + MIXED)
def test_pdftotext_returns_each_drawn_line_exactly(text, tmp_path):
    assert pdftotext(line_pdf(text), tmp_path).strip() == text


def test_without_actual_text_pdftotext_returns_scrambled_bangla(tmp_path):
    """The control for the test above: shaped glyphs alone do not copy out as the text."""
    text = "স্বেচ্ছাসেবী প্রশিক্ষক"
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(700, 80))
    for segment in shape_line(text, face("sans")).segments:
        text_object = canvas.beginText(20, 30)
        text_object.setFont(segment.font_name, 20)
        text_object.textOut(segment.glyphs)
        canvas.drawText(text_object)
    canvas.save()
    assert pdftotext(buffer.getvalue(), tmp_path).strip() != text


# Fitting


def test_fit_font_size_keeps_the_largest_size_when_text_fits():
    display = face("serif", True)
    assert fit_font_size(RABEYA_BN, 800, display, max_size=44, min_size=22) == 44


def test_fit_font_size_shrinks_to_the_largest_size_that_fits():
    display = face("serif", True)
    width = text_width(RABEYA_BN, display, 44) * 0.7
    size = fit_font_size(RABEYA_BN, width, display, max_size=44, min_size=22)
    assert 22 < size < 44
    assert text_width(RABEYA_BN, display, size) <= width
    assert text_width(RABEYA_BN, display, size + 0.5) > width


def test_fit_font_size_stops_at_the_minimum():
    display = face("serif", True)
    assert fit_font_size(RABEYA_BN * 5, 300, display, max_size=44, min_size=22) == 22


def test_shaped_width_scales_with_the_size():
    sans = face("sans")
    assert text_width(COURSE_BN, sans, 30) == pytest.approx(3 * text_width(COURSE_BN, sans, 10))


def test_long_name_shrinks_onto_one_line():
    name = "মোছাম্মৎ উম্মে কুলসুম রাবেয়া খাতুন চৌধুরী"
    display = face("serif", True)
    fitted = fit_text(name, 600, display, max_size=44, min_size=22)
    assert [line.text for line in fitted.lines] == [name]
    assert 22 <= fitted.size < 44
    assert fitted.width <= 600


def test_name_too_long_for_the_minimum_size_wraps_whole():
    name = "মোছাম্মৎ উম্মে কুলসুম রাবেয়া খাতুন চৌধুরী সিদ্দিকা বেগম ও Fatema-Tuz-Zohra Akhter Khanam"
    display = face("serif", True)
    fitted = fit_text(name, 400, display, max_size=44, min_size=22)
    assert fitted.size == 22
    assert len(fitted.lines) > 1
    assert all(line.width(22) <= 400 for line in fitted.lines)
    assert words(" ".join(line.text for line in fitted.lines)) == name


def test_a_word_longer_than_the_line_breaks_between_letters_never_inside_a_conjunct():
    word = "স্বেচ্ছাসেবীপ্রশিক্ষকক্ষুদ্রউদ্যোক্তা"
    fitted = fit_text(word, 120, face("sans"), max_size=20, min_size=20)
    pieces = [line.text for line in fitted.lines]
    assert len(pieces) > 1 and "".join(pieces) == word
    for piece in pieces[1:]:
        assert piece[0] not in "ািীুূৃেৈোৌ্ংঃঁ়"  # no sign without its consonant
    for piece in pieces[:-1]:
        assert piece[-1] != "্"  # no virama cut from the consonant it joins


def test_no_break_space_keeps_words_together():
    sans = face("sans")
    name = "মোঃ\u00a0রফিকুল ইসলাম"
    narrow = text_width("মোঃ রফিকুল", sans, 20) + 1
    assert wrap(name, sans, narrow, 20) == ["মোঃ\u00a0রফিকুল", "ইসলাম"]
    widest_word = max(text_width(word, sans, 20) for word in ("মোঃ", "রফিকুল", "ইসলাম"))
    assert wrap("মোঃ রফিকুল ইসলাম", sans, widest_word + 1, 20) == ["মোঃ", "রফিকুল", "ইসলাম"]


def test_title_prefers_one_smaller_line_to_two_big_ones():
    display = face("serif", True)
    width = text_width("Certificate of Completion", display, 38) * 0.85
    fitted = fit_text("Certificate of Completion", width, display, max_size=38, min_size=22, max_lines=2, wrap_below=28)
    assert len(fitted.lines) == 1 and 28 <= fitted.size < 38


# QR code


def _qr_page(payload: str, modules_px: int) -> tuple[bytes, int]:
    """A page with only payload's QR code, sized so that one module is modules_px pixels at 72 dpi."""
    side = (len(qr_matrix(payload)) + 8) * modules_px
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(side, side))
    draw_qr(canvas, payload, 0, 0, side)
    canvas.save()
    return buffer.getvalue(), side


def test_qr_drawing_matches_the_matrix_module_for_module(tmp_path):
    pdf, side = _qr_page(VERIFY_URL, 8)
    (tmp_path / "qr.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(tmp_path / "qr.pdf"), str(tmp_path / "qr")], check=True)
    image = Image.open(next(tmp_path.glob("qr*.png"))).convert("L")
    assert image.size == (side, side)
    matrix = qr_matrix(VERIFY_URL)
    # The colour at the middle of each module, counted from the quiet zone's 4 modules.
    drawn = [
        [image.getpixel(((4 + c) * 8 + 4, (4 + r) * 8 + 4)) < 128 for c in range(len(row))]
        for r, row in enumerate(matrix)
    ]
    assert drawn == matrix
    assert image.getpixel((2, 2)) > 128  # quiet zone


# Fonts


def test_shipped_fonts_have_their_licence_and_stay_modest():
    assert (font_files()[0].parent / "OFL.txt").read_text().startswith("Noto Sans Bengali: Copyright")
    assert sum(path.stat().st_size for path in font_files()) < 1_000_000
