"""Certificate PDFs: extractable Bangla text, fitting on the page, size, metadata, pictures, QR.

The text, fonts and QR drawing underneath (shaping, script runs, fitting) are lms.lib.pdf's and
tested in tests/lms/lib/test_pdf.py. Plain tests: no database. They read the PDFs back with
poppler (pdftotext, pdfinfo, pdftoppm) and the QR code with zbarimg (Debian's zbar-tools; that
test is skipped where it is not installed). The last test writes sample certificates to
var/certificates-preview/ for a person to look at.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape

from certificates.render import (
    CertificateRenderError,
    Labels,
    Signatory,
    fill,
    render_certificate,
)
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


def text_lines_with_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    """(text, xMin, xMax) of every line poppler finds, from pdftotext -bbox-layout."""
    root = ET.fromstring(pdftotext(pdf, tmp_path, "-bbox-layout"))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    found = []
    for line in root.iterfind(".//x:line", ns):
        text = " ".join(word.text or "" for word in line.iterfind("x:word", ns))
        found.append((text, float(line.get("xMin")), float(line.get("xMax"))))
    return found


# Extractable text


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


# Fitting on the page


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


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbarimg: apt-get install zbar-tools")
def test_qr_on_the_certificate_decodes_to_the_verification_url(tmp_path):
    (tmp_path / "c.pdf").write_bytes(render_certificate(bn_layout(), bn_values(), language="bn"))
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(tmp_path / "c.pdf"), str(tmp_path / "c")], check=True)
    decoded = _run("zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("c*.png"))))
    assert decoded.strip() == VERIFY_URL


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
