"""The certificate benchmark's rendering measurement runs and reports sensible figures (not the targets)."""

import io
import re
import shutil
import subprocess

import pytest

from tests.bench import pdfs


def test_rendering_measurement_reports_rates_ratio_and_size():
    figures = pdfs.measure_rendering(0.3, rounds=1)
    assert figures["project_per_s"] > 0 and figures["floor_per_s"] > 0
    assert figures["ratio"] == pytest.approx(figures["project_per_s"] / figures["floor_per_s"], rel=0.01)
    assert 0 < figures["pdf_kb_without_background"] < figures["pdf_kb"] < 300


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_project_and_floor_draw_the_same_certificate():
    texts = []
    for render in (pdfs.project_certificate, pdfs.floor_certificate):
        pdf = render(7)
        assert pdf.startswith(b"%PDF")
        done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
        assert re.search(rb"^Pages: +1$", done.stdout, re.M)
        texts.append(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout)
    # The project's Bangla copies out exactly (ActualText); plain ReportLab's shaped text does not.
    assert pdfs.strings(7).name.encode() in texts[0]
    assert pdfs.strings(7).serial.encode() in texts[0]


def test_the_border_picture_is_a_full_page_png():
    from PIL import Image

    image = Image.open(io.BytesIO(pdfs.border_png()))
    assert image.format == "PNG" and image.size == (1754, 1240)
