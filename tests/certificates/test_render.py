"""Certificate PDFs: Bangla shaping, script runs, extractable text, fitting, size, metadata, QR.

Plain tests: no database. They read the PDFs back with poppler (pdftotext, pdfinfo, pdftoppm) and
the QR code with zbarimg (Debian's zbar-tools; that test is skipped where it is not installed).
The last test writes sample certificates to var/certificates-preview/ for a person to look at.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from certificates.render import (
    CertificateRenderError,
    Labels,
    Run,
    Signatory,
    draw_line,
    draw_qr,
    face,
    fill,
    fit_font_size,
    fit_text,
    qr_matrix,
    render_certificate,
    script_runs,
    shape_line,
    text_width,
    wrap,
)
from certificates.render.fonts import covers, font_files
from certificates.render.text import BENGALI_FONT_NEUTRALS
from tests.certificates.conftest import (
    COURSE_BN,
    COURSE_EN,
    RABEYA_BN,
    RABEYA_EN,
    SERIAL,
    VERIFY_URL,
    bn_layout,
    bn_values,
    en_layout,
    en_values,
)

ROOT = Path(__file__).resolve().parents[2]
PREVIEW_DIR = ROOT / "var" / "certificates-preview"
LANDSCAPE_WIDTH = landscape(A4)[0]

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


def pdfinfo(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = {}
    for line in _run("pdfinfo", str(path)).splitlines():
        key, _, value = line.partition(":")
        info[key] = value.strip()
    return info


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


def text_lines_with_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    """(text, xMin, xMax) of every line poppler finds, from pdftotext -bbox-layout."""
    root = ET.fromstring(pdftotext(pdf, tmp_path, "-bbox-layout"))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    found = []
    for line in root.iterfind(".//x:line", ns):
        text = " ".join(word.text or "" for word in line.iterfind("x:word", ns))
        found.append((text, float(line.get("xMin")), float(line.get("xMax"))))
    return found


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


def test_pdftotext_of_a_bangla_certificate_returns_name_and_course_title_exactly(tmp_path):
    pdf = render_certificate(bn_layout(), bn_values(), language="bn")
    text = pdftotext(pdf, tmp_path)
    assert RABEYA_BN in text.splitlines()
    assert f"“{COURSE_BN}”" in words(text)
    assert SERIAL in text.splitlines()
    assert "১৫ মার্চ ২০২৬" in text.splitlines()
    assert "স্বেচ্ছাসেবী প্রশিক্ষক" in text.splitlines()


def test_pdftotext_of_an_english_certificate_with_a_bangla_name(tmp_path):
    name = f"{RABEYA_EN} ({RABEYA_BN})"
    pdf = render_certificate(en_layout(), en_values(recipient_name=name), language="en")
    text = pdftotext(pdf, tmp_path)
    assert name in text.splitlines()
    assert f"“{COURSE_EN}”" in words(text)


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


def test_long_name_on_a_certificate_stays_inside_the_border_and_whole(tmp_path):
    name = "মোছাম্মৎ উম্মে কুলসুম রাবেয়া খাতুন চৌধুরী সিদ্দিকা বেগম ও Fatema-Tuz-Zohra Akhter Khanam"
    pdf = render_certificate(bn_layout(), bn_values(recipient_name=name), language="bn")
    lines = text_lines_with_boxes(pdf, tmp_path)
    name_lines = [(text, x0, x1) for text, x0, x1 in lines if text and text in name]
    assert len(name_lines) > 1
    assert words(" ".join(text for text, _, _ in name_lines)) == name
    for _, x0, x1 in name_lines:
        assert 40 < x0 and x1 < LANDSCAPE_WIDTH - 40


# Layout, metadata, size, determinism


def test_metadata_names_the_certificate_and_the_organisation(tmp_path):
    info = pdfinfo(render_certificate(bn_layout(), bn_values(), language="bn"), tmp_path)
    assert info["Title"] == f"প্রশিক্ষণ সনদপত্র — {RABEYA_BN}"
    assert info["Author"] == "বাংলাদেশ হস্তশিল্প প্রস্তুতকারক ও রপ্তানিকারক সমিতি"
    assert info["Subject"] == COURSE_BN
    assert info["Keywords"] == SERIAL
    assert info["Page size"].startswith("841.89 x 595.276 pts (A4)")


def test_portrait_is_a4_portrait(tmp_path):
    pdf = render_certificate(bn_layout(orientation="portrait"), bn_values(), language="bn")
    assert pdfinfo(pdf, tmp_path)["Page size"].startswith("595.276 x 841.89 pts (A4)")


def test_certificate_with_bangla_english_and_qr_is_small():
    pdf = render_certificate(bn_layout(), bn_values(), language="bn")
    assert len(pdf) <= 300_000  # the hard limit
    assert len(pdf) <= 30_000  # what subset fonts give today (about 24 KB); more means subsetting broke


def test_rendering_is_deterministic():
    first = render_certificate(bn_layout(), bn_values(), language="bn")
    assert render_certificate(bn_layout(), bn_values(), language="bn") == first


def test_templates_are_filled_from_values():
    assert fill("“{course_title}” {{x}}", {"course_title": "নকশিকাঁথা"}) == "“নকশিকাঁথা” {x}"


def test_a_missing_value_is_an_error_that_names_it():
    with pytest.raises(CertificateRenderError, match=r"\{hours\}"):
        render_certificate(bn_layout(), {"recipient_name": RABEYA_BN, "course_title": COURSE_BN}, language="bn")


def test_templates_do_not_look_up_attributes():
    assert fill("{course_title.__class__}", {"course_title": "x"}) == "{course_title.__class__}"


def test_a_certificate_needs_a_name():
    with pytest.raises(CertificateRenderError, match="recipient"):
        render_certificate(bn_layout(), bn_values(recipient_name="  "), language="bn")


def test_at_most_three_signatories():
    with pytest.raises(CertificateRenderError, match="3 signatories"):
        bn_layout(signatories=tuple(Signatory(f"নাম {i}") for i in range(4)))


def test_text_too_long_for_the_page_is_an_error_not_an_overlap():
    body = "উদ্যোক্তা আয়োজিত কোর্সটি তিনি সফলভাবে সম্পন্ন করেছেন। " * 40
    with pytest.raises(CertificateRenderError, match="shorten the body"):
        render_certificate(bn_layout(body=body), bn_values(), language="bn")


def test_labels_can_come_from_the_caller(tmp_path):
    labels = Labels(date="প্রদানের তারিখ", serial="ক্রমিক নং", verify="স্ক্যান করে যাচাই করুন")
    text = pdftotext(render_certificate(bn_layout(labels=labels), bn_values(), language="bn"), tmp_path)
    assert {"প্রদানের তারিখ", "ক্রমিক নং", "স্ক্যান করে যাচাই করুন"} <= set(text.splitlines())


def test_unknown_language_is_refused():
    with pytest.raises(CertificateRenderError, match="Language"):
        render_certificate(bn_layout(), bn_values(), language="fr")


def test_pictures_may_be_files(tmp_path, logo, signatures):
    (tmp_path / "logo.png").write_bytes(logo)
    (tmp_path / "signature.png").write_bytes(signatures[0])
    layout = bn_layout(
        logo=tmp_path / "logo.png", signatories=(Signatory("শাহানা পারভীন", "", str(tmp_path / "signature.png")),)
    )
    pdf = render_certificate(layout, bn_values(), language="bn")
    assert pdf.count(b"/Subtype /Image") == 4  # two pictures, each with its transparency mask


def test_a_background_picture_replaces_the_border(logo):
    plain = render_certificate(bn_layout(), bn_values(), language="bn")
    pictured = render_certificate(bn_layout(background=logo), bn_values(), language="bn")
    assert b"/Subtype /Image" in pictured and b"/Subtype /Image" not in plain


def test_date_serial_and_qr_are_optional(tmp_path):
    values = {"recipient_name": RABEYA_BN, "course_title": COURSE_BN, "hours": "২৪"}
    text = pdftotext(render_certificate(bn_layout(signatories=()), values, language="bn"), tmp_path)
    assert RABEYA_BN in text.splitlines()
    assert "তারিখ" not in text and "যাচাই" not in text


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


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbarimg: apt-get install zbar-tools")
def test_qr_on_the_certificate_decodes_to_the_verification_url(tmp_path):
    (tmp_path / "c.pdf").write_bytes(render_certificate(bn_layout(), bn_values(), language="bn"))
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(tmp_path / "c.pdf"), str(tmp_path / "c")], check=True)
    decoded = _run("zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("c*.png"))))
    assert decoded.strip() == VERIFY_URL


# Fonts


def test_shipped_fonts_have_their_licence_and_stay_modest():
    assert (font_files()[0].parent / "OFL.txt").read_text().startswith("Noto Sans Bengali: Copyright")
    assert sum(path.stat().st_size for path in font_files()) < 1_000_000


# Previews for a person


def test_render_previews_for_review(logo, signatures):
    """bn and en, landscape and portrait, with and without pictures, and a name too long for one line.

    Look at var/certificates-preview/*.png after changing the layout.
    """
    PREVIEW_DIR.mkdir(parents=True, exist_ok=True)
    signed = tuple(
        dataclasses.replace(signatory, signature=signature)
        for signatory, signature in zip(bn_layout().signatories, signatures, strict=True)
    )
    signed_en = tuple(
        dataclasses.replace(signatory, signature=signature)
        for signatory, signature in zip(en_layout().signatories, signatures, strict=True)
    )
    long_name = "মোছাম্মৎ উম্মে কুলসুম রাবেয়া খাতুন চৌধুরী সিদ্দিকা বেগম ও Fatema-Tuz-Zohra Akhter Khanam"
    samples = {
        "bn-landscape": (bn_layout(), bn_values(), "bn"),
        "bn-landscape-logo-signatures": (bn_layout(logo=logo, signatories=signed), bn_values(), "bn"),
        "bn-portrait-logo-signatures": (
            bn_layout(logo=logo, signatories=signed, orientation="portrait"),
            bn_values(),
            "bn",
        ),
        "bn-landscape-long-name": (bn_layout(signatories=signed[:2]), bn_values(recipient_name=long_name), "bn"),
        "en-landscape-logo-signatures": (en_layout(logo=logo, signatories=signed_en), en_values(), "en"),
        "en-portrait": (en_layout(orientation="portrait", signatories=signed_en[:1]), en_values(), "en"),
    }
    for name, (layout, values, language) in samples.items():
        pdf_path = PREVIEW_DIR / f"{name}.pdf"
        pdf_path.write_bytes(render_certificate(layout, values, language=language))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf_path), str(PREVIEW_DIR / name)], check=True
        )
        assert (PREVIEW_DIR / f"{name}.png").stat().st_size > 10_000
