"""Certificates per second in one process, against floors: `python -m tests.certificates.bench_render`.

Floors: a ReportLab page with one Helvetica string (nothing embedded), and one with a shaped Bangla
string in an embedded Noto subset (the least a Bangla PDF costs). Each figure is the best of five
rounds of 50 renders; names and serial numbers differ in every render, so the shaping cache only
helps with the text every certificate shares, as in a bulk run.
"""

from __future__ import annotations

import dataclasses
import io
import time
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from certificates.render import render_certificate
from lms.lib.pdf import draw_line, face, shape_line
from tests.certificates.conftest import bn_layout, bn_values, logo_png, signature_png

RENDERS = 50
ROUNDS = 5


def helvetica_floor(i: int) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, f"Certificate {i}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bangla_floor(i: int) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    draw_line(canvas, shape_line(f"মোছাঃ রাবেয়া খাতুন {i}", face("serif", True)), 300, 700, 30)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def certificate(layout) -> Callable[[int], bytes]:
    def render(i: int) -> bytes:
        values = bn_values(
            recipient_name=f"মোছাঃ রাবেয়া খাতুন {i}",
            serial=f"UDY-2026-{i:06d}",
            verify_url=f"https://udyokta.org.bd/c/UDY-2026-{i:06d}",
        )
        return render_certificate(layout, values, language="bn")

    return render


def per_second(render: Callable[[int], bytes]) -> tuple[float, int]:
    render(-1)  # fonts registered, caches warm
    best = 0.0
    for round_ in range(ROUNDS):
        start = time.perf_counter()
        for i in range(RENDERS):
            size = len(render(round_ * RENDERS + i))
        best = max(best, RENDERS / (time.perf_counter() - start))
    return best, size


def main() -> None:
    plain = bn_layout()
    signatures = (signature_png(seed) for seed in (1, 3, 5))
    signed = dataclasses.replace(
        plain,
        logo=logo_png(),
        signatories=tuple(dataclasses.replace(s, signature=png) for s, png in zip(plain.signatories, signatures)),
    )
    cases = {
        "floor: one Helvetica string": helvetica_floor,
        "floor: one shaped Bangla string, embedded font": bangla_floor,
        "certificate bn, QR, no pictures": certificate(plain),
        "certificate bn, QR, logo + 3 signatures": certificate(signed),
    }
    floor = None
    for name, render in cases.items():
        rate, size = per_second(render)
        floor = floor or rate
        print(f"{name:50} {rate:8.1f}/s  {size / 1024:6.1f} KiB  {rate / floor:6.3f} x floor")


if __name__ == "__main__":
    main()
