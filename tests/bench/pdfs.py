"""Certificate PDFs for `make bench`: rendering speed against a plain-ReportLab floor, bulk issuing
with real Celery workers, and the size of one certificate. `python -m tests.bench.pdfs` prints them.

The certificate is a realistic Bangla course certificate: an organiser's border picture as the
page background, the logo, three signatories with signature pictures, the recipient's name, the
course, the date and serial in Bangla digits, and the QR code carrying the verification URL with
its signed offline token. Names and serials differ in every render, as in a bulk run.

The floor draws the same page (same border, logo and signature pictures, same strings in the same
shipped fonts, a QR code of the same payload) with nothing but ReportLab: Paragraphs with
shaping=1, reportlab's own QR widget, drawImage. It is what a careful developer would write
without the project's code; the ratio shows what the project's features (script runs, ActualText,
shrink-to-fit, layout) cost on top of it, or save.

The bulk run issues 1,000 certificates through the project's bulk service (certificates/bulk.py:
a job cut into chunks) with two Celery worker processes on Redis and PostgreSQL, in the bench's
environment (tests/bench/servers.bench_env()); per-core figures divide by the two workers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageDraw

from certificates.render import CertificateLayout, Signatory, render_certificate
from certificates.signing import SigningKey, qr_content, sign_payload
from lms.lib.pdf.fonts import FONTS_DIR

BASE_DIR = Path(__file__).resolve().parents[2]
WORKERS = 2
BULK_BATCH_NAME = "bench certificates"
BULK_TEMPLATE_NAME = "Bench course certificate (border, logo, three signatories)"
# The bulk run's own learners, +88015 8 …: apart from the bench dataset's (+8801[3-9]9…),
# seed_demo's (+88017000…) and the test factories' (+880171…), so no rebuild touches them.
BULK_PHONE_PREFIX = "+880158"

TARGET_PER_CORE = 20.0  # certificates per second per core
TARGET_FLOOR_SHARE = 0.8  # of the floor's rate per core
TARGET_BULK_SECONDS = 20.0  # for 1,000 with two workers
TARGET_KB = 25.0  # one certificate, background picture excluded

NAMES = (
    "মোছাঃ রাবেয়া খাতুন",
    "শাহনাজ পারভীন",
    "মোসাম্মৎ ফাতেমা-তুজ-জোহরা",
    "রোকেয়া সুলতানা",
    "নাসরিন আক্তার",
    "মোছাঃ কুলসুম বেগম",
    "তাসলিমা ইসলাম",
    "সৈয়দা আঞ্জুমান আরা",
)
BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
ORGANISATION = "বাংলাদেশ হস্তশিল্প প্রস্তুতকারক ও রপ্তানিকারক সমিতি"
TITLE = "সমাপনী সনদ"
SUBTITLE = "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে"
COURSE = "নকশিকাঁথা: ক্ষুদ্র উদ্যোক্তার জন্য অনলাইন বিপণন"
BODY = "উদ্যোক্তা আয়োজিত “{course}” কোর্সটি তিনি সফলভাবে সম্পন্ন করেছেন। আমরা তাঁর সাফল্য কামনা করি।"
SIGNATORIES = (
    ("শাহানা পারভীন", "স্বেচ্ছাসেবী প্রশিক্ষক"),
    ("রোকসানা বেগম", "প্রোগ্রাম সমন্বয়কারী"),
    ("মোঃ রফিকুল ইসলাম", "সভাপতি"),
)
DATE_BN = "১৫ মার্চ ২০২৬"


# --- the pictures: drawn with Pillow (shapes only), once per process ------------------------------


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@functools.cache
def border_png() -> bytes:
    """An organiser's border picture: a kantha-stitch frame with corner motifs, A4 landscape at 150 dpi."""
    width, height = 1754, 1240
    image = Image.new("RGB", (width, height), (255, 253, 248))
    draw = ImageDraw.Draw(image)
    madder, gold = (122, 31, 43), (176, 141, 60)
    draw.rectangle((40, 40, width - 41, height - 41), outline=madder, width=8)
    draw.rectangle((62, 62, width - 63, height - 63), outline=gold, width=3)
    for x in range(80, width - 80, 22):  # running stitch, top and bottom
        draw.line((x, 78, x + 12, 78), fill=madder, width=3)
        draw.line((x, height - 79, x + 12, height - 79), fill=madder, width=3)
    for y in range(80, height - 80, 22):
        draw.line((78, y, 78, y + 12), fill=madder, width=3)
        draw.line((width - 79, y, width - 79, y + 12), fill=madder, width=3)
    for cx, cy in ((62, 62), (width - 63, 62), (62, height - 63), (width - 63, height - 63)):
        draw.ellipse((cx - 30, cy - 30, cx + 30, cy + 30), fill=(255, 255, 255), outline=gold, width=3)
        for k in range(8):
            angle = k * math.pi / 4
            px, py = cx + 17 * math.cos(angle), cy + 17 * math.sin(angle)
            draw.ellipse((px - 7, py - 7, px + 7, py + 7), fill=madder)
        draw.ellipse((cx - 6, cy - 6, cx + 6, cy + 6), fill=gold)
    return _png(image)


@functools.cache
def logo_png() -> bytes:
    from tests.certificates.conftest import logo_png as emblem

    return emblem()


@functools.cache
def signature_pngs() -> tuple[bytes, ...]:
    from tests.certificates.conftest import signature_png

    return tuple(signature_png(seed) for seed in (1, 3, 5))


# --- one certificate's strings --------------------------------------------------------------------


@functools.cache
def _signing_key() -> SigningKey:
    return SigningKey("bench", Ed25519PrivateKey.generate())


@dataclasses.dataclass(frozen=True)
class Strings:
    name: str
    serial: str
    qr: str


def strings(i: int) -> Strings:
    """Certificate i's name, serial and QR payload (verification URL and signed token), as issued."""
    name = f"{NAMES[i % len(NAMES)]} {str(i).translate(BN_DIGITS)}"
    serial = f"UDY-2026-{i % 1_000_000:06d}"
    token = sign_payload(
        {"serial": serial, "name": name, "kind": "course", "date": dt.date(2026, 3, 15)}, key=_signing_key()
    )
    code = f"{i:022d}"  # a public code's length; the digits do not matter to the renderer
    return Strings(name, serial, qr_content(f"https://udyokta.org.bd/verify/{code}/", token))


@functools.cache
def layout(background: bool = True) -> CertificateLayout:
    return CertificateLayout(
        title=TITLE,
        subtitle=SUBTITLE,
        body=BODY,
        organisation=ORGANISATION,
        orientation="landscape",
        logo=logo_png(),
        background=border_png() if background else None,
        signatories=tuple(
            Signatory(name, title, signature)
            for (name, title), signature in zip(SIGNATORIES, signature_pngs(), strict=True)
        ),
    )


def project_certificate(i: int, *, background: bool = True) -> bytes:
    """Certificate i by the project's renderer."""
    s = strings(i)
    values = {
        "recipient_name": s.name,
        "course": COURSE,
        "date": DATE_BN,
        "serial": s.serial,
        "verify_url": s.qr,
    }
    return render_certificate(layout(background), values, language="bn")


# --- the floor: the same page in plain ReportLab ----------------------------------------------------


@functools.cache
def _floor_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in (
        ("FloorSerifBengali-Bold", "NotoSerifBengali-Bold.ttf"),
        ("FloorSansBengali", "NotoSansBengali-Regular.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename), shapable=True))
    return "FloorSerifBengali-Bold", "FloorSansBengali"


@functools.cache
def _floor_styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    display, text = _floor_fonts()

    def style(name: str, font: str, size: float, color: str = "#231F20") -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * 1.3, alignment=TA_CENTER, textColor=color, shaping=1
        )

    return {
        "organisation": style("organisation", display, 15, "#7A1F2B"),
        "title": style("title", display, 36, "#7A1F2B"),
        "subtitle": style("subtitle", text, 14, "#5B5550"),
        "name": style("name", display, 40),
        "body": style("body", text, 14),
        "signatory": style("signatory", display, 10.5),
        "signatory_title": style("signatory_title", text, 9, "#5B5550"),
        "small": style("small", text, 9, "#5B5550"),
    }


def floor_certificate(i: int, *, background: bool = True) -> bytes:
    """Certificate i as plain ReportLab would draw it: no project code at all."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    s = strings(i)
    styles = _floor_styles()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(f"{TITLE} — {s.name}")
    canvas.setAuthor(ORGANISATION)
    if background:
        canvas.drawImage(ImageReader(io.BytesIO(border_png())), 0, 0, width, height)
    canvas.drawImage(ImageReader(io.BytesIO(logo_png())), width / 2 - 28, height - 120, 56, 56, mask="auto")

    def centred(text: str, style: str, top: float, box: float = width - 160) -> float:
        paragraph = Paragraph(text, styles[style])
        _, used = paragraph.wrap(box, height)
        paragraph.drawOn(canvas, (width - box) / 2, top - used)
        return top - used

    y = centred(ORGANISATION, "organisation", height - 130) - 12
    y = centred(TITLE, "title", y) - 8
    y = centred(SUBTITLE, "subtitle", y) - 6
    y = centred(s.name, "name", y) - 20
    centred(BODY.replace("{course}", COURSE), "body", y, box=width * 0.7)
    for k, ((name, title), signature) in enumerate(zip(SIGNATORIES, signature_pngs(), strict=True)):
        cx = 290 + k * 160
        canvas.drawImage(ImageReader(io.BytesIO(signature)), cx - 60, 100, 120, 36, mask="auto")
        canvas.line(cx - 70, 98, cx + 70, 98)
        for text, style, top in ((name, "signatory", 95), (title, "signatory_title", 81)):
            paragraph = Paragraph(text, styles[style])
            paragraph.wrap(150, 30)
            paragraph.drawOn(canvas, cx - 75, top - paragraph.height)
    for text, top in ((f"তারিখ {DATE_BN}", 90), (f"সনদ নম্বর {s.serial}", 74)):
        paragraph = Paragraph(text, styles["small"])
        paragraph.wrap(140, 30)
        paragraph.drawOn(canvas, 60, top - paragraph.height)
    qr = QrCodeWidget(s.qr, barLevel="M")
    x0, y0, x1, y1 = qr.getBounds()
    drawing = Drawing(88, 88, transform=[88 / (x1 - x0), 0, 0, 88 / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, canvas, width - 154, 50)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- rendering: certificates per second in this process ----------------------------------------------


def _rate(render: Callable[[int], bytes], start: int, seconds: float) -> tuple[float, int]:
    """Renders per second over at least `seconds` (and at least 3 renders), and how many were made."""
    count, began = 0, time.perf_counter()
    while True:
        render(start + count)
        count += 1
        elapsed = time.perf_counter() - began
        if elapsed >= seconds and count >= 3:
            return count / elapsed, count


def measure_rendering(seconds: float = 10.0, rounds: int = 5) -> dict[str, Any]:
    """Certificates per second by the project's renderer and by the floor, interleaved in rounds.

    Each round gives each `seconds / rounds`; the figures are the medians, with the range.
    """
    project_certificate(-1)  # fonts registered, pictures drawn, caches warm
    floor_certificate(-1)
    share = max(seconds / rounds, 0.01)
    project, floor = [], []
    for round_ in range(rounds):
        project.append(_rate(project_certificate, 10_000 * round_, share)[0])
        floor.append(_rate(floor_certificate, 10_000 * round_, share)[0])
    sizes = certificate_size()
    project_rate, floor_rate = statistics.median(project), statistics.median(floor)
    return {
        "project_per_s": round(project_rate, 1),
        "project_range": [round(min(project), 1), round(max(project), 1)],
        "floor_per_s": round(floor_rate, 1),
        "floor_range": [round(min(floor), 1), round(max(floor), 1)],
        "ratio": round(project_rate / floor_rate, 3),
        "target_per_core": TARGET_PER_CORE,
        "target_floor_share": TARGET_FLOOR_SHARE,
        "meets_target": project_rate >= TARGET_PER_CORE and project_rate / floor_rate >= TARGET_FLOOR_SHARE,
        **sizes,
    }


def certificate_size() -> dict[str, Any]:
    """One certificate's size in KB, with and without its background picture, and the floor's."""
    with_background = len(project_certificate(123))
    without = len(project_certificate(123, background=False))
    return {
        "pdf_kb": round(with_background / 1024, 1),
        "pdf_kb_without_background": round(without / 1024, 1),
        "floor_pdf_kb": round(len(floor_certificate(123)) / 1024, 1),
        "target_kb": TARGET_KB,
        "size_ok": without / 1024 <= TARGET_KB,
    }


# --- bulk: 1,000 through the bulk service with two Celery workers -------------------------------------


SETUP_SNIPPET = """
import json
from certificates.models import Certificate, CertificateTemplate, TemplateSignatory
from courses.models import Batch, CoursePage, Enrolment
from lms.jobs.models import Job
from lms.people.models import User
from tests.bench import pdfs

count = {count}
batch = Batch.objects.filter(name=pdfs.BULK_BATCH_NAME).first()
if batch is None:
    course = CoursePage.objects.exclude(slug__startswith="bench-").order_by("pk").first() or CoursePage.objects.first()
    batch = Batch.objects.create(
        course=course, name=pdfs.BULK_BATCH_NAME, first_date="2026-01-10", status=Batch.Status.FINISHED, capacity=count
    )
phones = [f"{{pdfs.BULK_PHONE_PREFIX}}{{n:07d}}" for n in range(count)]
have = set(User.objects.filter(phone__in=phones).values_list("phone", flat=True))
User.objects.bulk_create(
    [User(phone=p, full_name=pdfs.strings(n).name, language="bn") for n, p in enumerate(phones) if p not in have]
)
people = list(User.objects.filter(phone__in=phones).order_by("phone"))
# Exactly `count` completed enrolments in the batch, so every run issues the same number.
Enrolment.objects.filter(batch=batch).exclude(user__in=people).delete()
enrolled = set(Enrolment.objects.filter(batch=batch).values_list("user_id", flat=True))
Enrolment.objects.bulk_create(
    [Enrolment(user=p, batch=batch, status=Enrolment.Status.COMPLETED) for p in people if p.pk not in enrolled]
)
Enrolment.objects.filter(batch=batch).update(status=Enrolment.Status.COMPLETED)
keys = [f"enrolment:{{pk}}" for pk in Enrolment.objects.filter(batch=batch).values_list("pk", flat=True)]
# A fresh run: the previous run's certificates, their files and jobs go.
old = Certificate.objects.filter(source_key__in=keys)
for certificate in old.only("pdf", "preview"):
    certificate.pdf.delete(save=False)
old.delete()
Job.objects.filter(kind="certificates.batch", params__batch_id=batch.pk).delete()
# The course template as an organiser sets it up: the border picture, logo, three signatories;
# the default for the run (the previous defaults are put back afterwards, RESTORE_SNIPPET).
import io
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

Image = get_image_model()


def picture(title, png):
    found = Image.objects.filter(title=title).first()
    name = title.replace(" ", "-") + ".png"
    return found or Image.objects.create(title=title, file=ImageFile(io.BytesIO(png), name=name))


template = CertificateTemplate.objects.filter(name=pdfs.BULK_TEMPLATE_NAME).first()
if template is None:
    template = CertificateTemplate.objects.create(
        name=pdfs.BULK_TEMPLATE_NAME, kind="course", language="bn", orientation="landscape",
        title_bn=pdfs.TITLE, title_en="Certificate of Completion", subtitle_bn=pdfs.SUBTITLE,
        body_bn=pdfs.BODY, body_en="completed “{{course}}”.",
        background=picture("bench certificate border", pdfs.border_png()),
        logo=picture("bench certificate logo", pdfs.logo_png()),
    )
    for n, ((name, title), png) in enumerate(zip(pdfs.SIGNATORIES, pdfs.signature_pngs())):
        TemplateSignatory.objects.create(
            template=template, sort_order=n, name=name, title=title, signature=picture(f"bench signature {{n}}", png)
        )
others = CertificateTemplate.objects.filter(kind="course", is_default=True).exclude(pk=template.pk)
defaults = list(others.values_list("pk", flat=True))
CertificateTemplate.objects.filter(pk__in=defaults).update(is_default=False)
CertificateTemplate.objects.filter(pk=template.pk).update(is_default=True)
print(json.dumps({{"batch_id": batch.pk, "template_id": template.pk, "defaults": defaults}}))
"""

RESTORE_SNIPPET = """
from certificates.models import CertificateTemplate
CertificateTemplate.objects.filter(pk={template_id}).update(is_default=False)
CertificateTemplate.objects.filter(pk__in={defaults!r}).update(is_default=True)
print("restored")
"""


def _manage_shell(env: Mapping[str, str], code: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=BASE_DIR,
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py shell failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def _start_worker(env: Mapping[str, str], number: int, log_dir: Path) -> subprocess.Popen[bytes]:
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / f"celery-certificates-{number}.log").open("wb") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "--pool",
                "solo",  # one process = one core; two of them are the two workers
                "--hostname",
                f"bench-certificates-{number}@%h",
                "--loglevel",
                "WARNING",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop_worker(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


START_SNIPPET = """
import json, time
from courses.models import Batch
from certificates.bulk import start_for_batch
from django.db import transaction
with transaction.atomic():
    job = start_for_batch(Batch.objects.get(pk={batch_id}))
print(json.dumps({{"job_id": str(job.pk), "queued_at": time.time()}}))
"""


def measure_bulk(env: Mapping[str, str], count: int = 1000, timeout: float = 600.0) -> dict[str, Any]:
    """Issue `count` certificates as one bulk job with WORKERS Celery workers; wall time and rates.

    env: the bench environment (PostgreSQL, Redis, production settings). The workers write the
    PDFs under var/bench/media, not the project's media folder. Wall time runs from queuing the
    job (workers already idle and waiting) to the job's ZIP being stored.
    """
    import redis

    env = {**env, "MEDIA_ROOT": str(BASE_DIR / "var" / "bench" / "media")}
    redis.Redis.from_url(env["REDIS_URL"]).delete("celery")  # nothing left queued by an earlier run
    setup = json.loads(_manage_shell(env, SETUP_SNIPPET.format(count=count)))
    workers = []
    try:
        workers = [_start_worker(env, n, BASE_DIR / "var" / "bench" / "logs") for n in range(WORKERS)]
        _wait_for_workers(env, len(workers))
        started = time.time()
        job_id = json.loads(_manage_shell(env, START_SNIPPET.format(batch_id=setup["batch_id"])))["job_id"]
        state = _poll(env, job_id, started + timeout)
        wall = time.time() - started
    finally:
        for worker in workers:
            _stop_worker(worker)
        _manage_shell(env, RESTORE_SNIPPET.format(template_id=setup["template_id"], defaults=setup["defaults"]))
    if state["status"] != "finished" or state["done"] != count:
        raise RuntimeError(f"bulk job ended {state} after {wall:.1f} s, expected {count} done")
    per_s = count / wall
    return {
        "count": count,
        "workers": WORKERS,
        "wall_s": round(wall, 2),
        "per_s": round(per_s, 1),
        "per_core_per_s": round(per_s / WORKERS, 1),
        "target_wall_s": TARGET_BULK_SECONDS,
        "meets_wall_target": wall <= TARGET_BULK_SECONDS * count / 1000,
    }


POLL_SNIPPET = """
import json, time
from lms.jobs.models import Job
deadline = {deadline}
while True:
    job = Job.objects.get(pk={job_id!r})
    if job.finished or time.time() > deadline:
        break
    time.sleep(0.05)
print(json.dumps({{"status": job.status, "done": job.done, "failed": job.failed, "total": job.total}}))
"""


def _poll(env: Mapping[str, str], job_id: str, deadline: float) -> dict[str, Any]:
    # In a child with the bench settings: this process need not be a configured Django.
    return json.loads(_manage_shell(env, POLL_SNIPPET.format(job_id=job_id, deadline=deadline)))


def _wait_for_workers(env: Mapping[str, str], count: int, timeout: float = 60.0) -> None:
    """Until `count` workers answer a ping: timing must not include their start-up."""
    from celery import Celery

    app = Celery(broker=env["REDIS_URL"])
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0) or []
            if len(replies) >= count:
                return
        raise RuntimeError(f"only {len(replies)} of {count} Celery workers answered within {timeout:.0f} s")
    finally:
        app.close()


def with_floor(rendering: Mapping[str, Any], bulk: Mapping[str, Any]) -> dict[str, Any]:
    """The bulk run's per-core rate against the floor's single-process rate."""
    share = bulk["per_core_per_s"] / rendering["floor_per_s"]
    return {
        **bulk,
        "floor_ratio_per_core": round(share, 3),
        "meets_target": bulk["per_core_per_s"] >= TARGET_PER_CORE and share >= TARGET_FLOOR_SHARE,
    }


RESULT_MARKER = "PDF_RESULT"


def main() -> int:
    """Print the rendering figures; with BENCH_PDF_BULK=0 skip the bulk run (it needs the bench DB)."""
    seconds = float(os.environ.get("BENCH_PDF_SECONDS") or 10)
    rendering = measure_rendering(seconds)
    print(json.dumps({"rendering": rendering}, ensure_ascii=False, indent=2))
    result: dict[str, Any] = {"rendering": rendering, "bulk": None}
    if os.environ.get("BENCH_PDF_BULK", "1") != "0":
        from tests.bench import servers

        env = servers.bench_env()
        if os.environ.get("BENCH_PDF_PREPARED") != "1":  # make bench has done this already
            servers.prepare_services()
            servers.manage(env, "migrate", "--noinput", "-v0")
        bulk = with_floor(rendering, measure_bulk(env, int(os.environ.get("BENCH_PDF_COUNT") or 1000)))
        print(json.dumps({"bulk": bulk}, ensure_ascii=False, indent=2))
        result["bulk"] = bulk
    # One line for the harness (tests/bench/run.py) to read.
    print(f"{RESULT_MARKER} {json.dumps(result, ensure_ascii=False)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
