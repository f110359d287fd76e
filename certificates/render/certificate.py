"""One certificate page from a layout (what every certificate of a kind says) and values (one learner's)."""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import io
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfgen.canvas import Canvas

from lms.lib.pdf import Face, FittedText, draw_qr, draw_text, face, fit_text, squash_spaces

Orientation = Literal["landscape", "portrait"]
ImageSource = str | Path | bytes

# The values render_certificate reads itself; templates may use these and any other key.
RECIPIENT_NAME = "recipient_name"
DATE = "date"
SERIAL = "serial"
VERIFY_URL = "verify_url"

MAX_SIGNATORIES = 3
CREATOR = "Udyokta"  # the PDF's creator application; ReportLab's default reads "anonymous"

# 88 pt (31 mm) square with its quiet zone: a cheap phone camera reads it from a printed A4 held
# at arm's length. Below ~80 pt such cameras need the page brought close before they focus.
QR_SIZE = 88

INK = HexColor("#231F20")
MUTED = HexColor("#5B5550")


class CertificateRenderError(ValueError):
    """The layout or values cannot make a certificate; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    title: str = ""
    signature: ImageSource | None = None  # a PNG with transparency looks best


@dataclass(frozen=True, slots=True)
class Labels:
    date: str
    serial: str
    verify: str


LABELS: dict[str, Labels] = {
    "bn": Labels(date="তারিখ", serial="সনদ নম্বর", verify="যাচাই করতে স্ক্যান করুন"),
    "en": Labels(date="Date", serial="Certificate no.", verify="Scan to verify"),
}


@dataclass(frozen=True, slots=True)
class CertificateLayout:
    """What every certificate of one kind says and shows.

    title, subtitle, body and subject are templates: "{course_title}" is replaced by
    values["course_title"], "{{" and "}}" stand for literal braces. The recipient's name, date,
    serial number and QR payload come from values (see render_certificate).
    """

    title: str
    body: str
    organisation: str  # shown above the title and stored as the PDF's author
    subtitle: str = ""  # the line above the name: "This is to certify that"
    subject: str = ""  # the PDF's subject; the title when empty
    orientation: Orientation = "landscape"
    logo: ImageSource | None = None
    background: ImageSource | None = None  # a full-page image drawn instead of the default border
    signatories: tuple[Signatory, ...] = ()
    labels: Labels | None = None  # "Date", "Certificate no.", "Scan to verify"; LABELS[language] when None
    accent: str = "#7A1F2B"  # madder red: title, border
    gold: str = "#B08D3C"  # turmeric gold: rules, ornaments

    def __post_init__(self) -> None:
        if len(self.signatories) > MAX_SIGNATORIES:
            raise CertificateRenderError(
                f"A certificate has room for {MAX_SIGNATORIES} signatories, not {len(self.signatories)}."
            )


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace {key} by values[key]. Only plain names: no attribute or index lookups as in str.format."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)[0]
        key = match.group(1)
        if key not in values:
            raise CertificateRenderError(f"The certificate text uses {{{key}}}, but no value was given for it.")
        return str(values[key])

    return _PLACEHOLDER.sub(replace, template)


def _image(source: ImageSource) -> ImageReader:
    return ImageReader(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def _image_key(source: ImageSource) -> str:
    """The picture's identity: its content's hash, or a file's path, time and size."""
    if isinstance(source, bytes):
        return hashlib.blake2b(source, digest_size=16).hexdigest()
    path = Path(source)
    stat = path.stat()
    return hashlib.blake2b(f"{path.resolve()}:{stat.st_mtime_ns}:{stat.st_size}".encode(), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=32)
def _prepared_image(key: str, source: ImageSource) -> tuple[str, PDFImageXObject]:
    """A picture decoded and compressed into a PDF image object, once per process.

    ReportLab's drawImage decodes the PNG, digests the pixels and deflates them again on every
    page: for the same border, logo and signatures on a thousand certificates that was two thirds
    of each render. Only the per-document bookkeeping is left to do per page (_draw_prepared).
    """
    name = f"img{key}"
    return name, PDFImageXObject(name, _image(source), mask="auto")


def _draw_image(canvas: Canvas, source: ImageSource, x: float, y: float, width: float, height: float) -> None:
    """canvas.drawImage(source, x, y, width, height, mask="auto"), from _prepared_image's cache.

    Registers the cached object in this document the way Canvas.drawImage does (ReportLab 5.1's
    bookkeeping: the XObject, its soft mask for transparency, the page's list of forms in use).
    """
    name, prepared = _prepared_image(_image_key(source), source)
    doc = canvas._doc
    registered = doc.getXObjectName(name)
    if registered not in doc.idToObject:
        image = copy.copy(prepared)
        smask = image.__dict__.pop("_smask", None)
        canvas._setXObjects(image)
        doc.Reference(image, registered)
        doc.addForm(name, image)
        if smask is not None:
            mask_name = doc.getXObjectName(smask.name)
            smask = copy.copy(smask)
            canvas._setXObjects(smask)
            image.smask = doc.Reference(smask, mask_name)
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)


def _image_size(source: ImageSource) -> tuple[int, int]:
    _name, prepared = _prepared_image(_image_key(source), source)
    return prepared.width, prepared.height


def _draw_image_in_box(
    canvas: Canvas, source: ImageSource, cx: float, bottom: float, width: float, height: float
) -> None:
    """Draw an image as large as fits width x height, centred on cx, standing on bottom."""
    image_width, image_height = _image_size(source)
    scale = min(width / image_width, height / image_height)
    w, h = image_width * scale, image_height * scale
    _draw_image(canvas, source, cx - w / 2, bottom, w, h)


@functools.lru_cache(maxsize=16)
def _border_operators(width: float, height: float, accent: str, gold: str) -> str:
    """The default border as PDF operators, drawn once per page size and colours and then reused.

    Its curves are a fifth of a certificate's drawing time when formatted afresh on every page.
    """
    scratch = Canvas(io.BytesIO(), pagesize=(width, height))
    _draw_border(scratch, width, height, HexColor(accent), HexColor(gold))
    return scratch.getCurrentPageContent()


def _draw_border(canvas: Canvas, width: float, height: float, accent: HexColor, gold: HexColor) -> None:
    """A double frame with a running-stitch line inside it, after the kantha the members sew."""
    canvas.saveState()
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(2.4)
    canvas.rect(22, 22, width - 44, height - 44)
    canvas.setStrokeColor(gold)
    canvas.setLineWidth(0.8)
    canvas.rect(29, 29, width - 58, height - 58)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(1)
    canvas.setDash(5, 3.5)
    canvas.rect(35, 35, width - 70, height - 70)
    canvas.setDash()
    for x, y in ((29, 29), (width - 29, 29), (29, height - 29), (width - 29, height - 29)):
        _draw_corner_flower(canvas, x, y, accent, gold)
    canvas.restoreState()


def _draw_corner_flower(canvas: Canvas, x: float, y: float, accent: HexColor, gold: HexColor) -> None:
    """Four petals round a gold centre, covering where the frames meet."""
    canvas.setFillColor(HexColor("#FFFFFF"))
    canvas.setStrokeColor(gold)
    canvas.setLineWidth(0.8)
    canvas.circle(x, y, 11, stroke=1, fill=1)
    canvas.setFillColor(accent)
    for dx, dy in ((1, 0), (0, 1), (-1, 0), (0, -1)):
        path = canvas.beginPath()
        path.moveTo(x + dx * 2, y + dy * 2)
        path.curveTo(
            x + dx * 4 - dy * 4, y + dy * 4 + dx * 4, x + dx * 8 - dy * 3, y + dy * 8 + dx * 3, x + dx * 9, y + dy * 9
        )
        path.curveTo(
            x + dx * 8 + dy * 3, y + dy * 8 - dx * 3, x + dx * 4 + dy * 4, y + dy * 4 - dx * 4, x + dx * 2, y + dy * 2
        )
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(gold)
    canvas.circle(x, y, 2.2, stroke=0, fill=1)


def _draw_ornamental_rule(canvas: Canvas, cx: float, y: float, half_width: float, gold: HexColor) -> None:
    """A gold rule with a small diamond in the middle, under the recipient's name."""
    canvas.saveState()
    canvas.setStrokeColor(gold)
    canvas.setFillColor(gold)
    canvas.setLineWidth(0.8)
    canvas.line(cx - half_width, y, cx - 7, y)
    canvas.line(cx + 7, y, cx + half_width, y)
    path = canvas.beginPath()
    path.moveTo(cx - 5, y)
    path.lineTo(cx, y + 3.5)
    path.lineTo(cx + 5, y)
    path.lineTo(cx, y - 3.5)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@dataclass(frozen=True, slots=True)
class _Geometry:
    width: float
    height: float
    side: float  # left and right margin of the content
    top: float  # top of the content
    footer_top: float  # the content stack stays above this
    signature_line: float  # y of the signatories' lines
    bottom: float  # lowest baseline area of the footer
    qr_size: float
    footer_columns: bool  # date and QR beside the signatories (landscape) or below them (portrait)


def _geometry(orientation: Orientation) -> _Geometry:
    if orientation == "landscape":
        width, height = landscape(A4)
        return _Geometry(
            width,
            height,
            side=66,
            top=height - 58,
            footer_top=156,
            signature_line=98,
            bottom=56,
            qr_size=QR_SIZE,
            footer_columns=True,
        )
    if orientation == "portrait":
        width, height = A4
        return _Geometry(
            width,
            height,
            side=60,
            top=height - 66,
            footer_top=262,
            signature_line=200,
            bottom=60,
            qr_size=QR_SIZE,
            footer_columns=False,
        )
    raise CertificateRenderError(f"Orientation must be 'landscape' or 'portrait', not {orientation!r}.")


_rl_config_lock = threading.Lock()


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Render without ReportLab's default ASCII85 layer over compressed streams.

    ASCII85 keeps a PDF 7-bit clean, which nothing here needs; it makes every stream a quarter
    bigger and, in ReportLab's pure-Python encoder, costs milliseconds per picture. ReportLab
    reads the switch (rl_config.useA85, process-wide) while drawing pictures and while saving, so
    it is flipped for the whole render, under a lock: renders in threads take turns, which costs
    little since they would mostly wait for the GIL anyway.
    """
    with _rl_config_lock:
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = previous


def render_certificate(layout: CertificateLayout, values: Mapping[str, str], *, language: str) -> bytes:
    """A one-page A4 PDF certificate.

    values must hold "recipient_name"; "date", "serial" and "verify_url" (the QR code's payload)
    are drawn when present; the layout's templates may use any key. language ("bn" or "en")
    picks the labels ("তারিখ" / "Date") and the PDF's /Lang. The output is byte-for-byte the same
    for the same input (ReportLab's invariant mode), so a certificate can be re-rendered and hashed.
    """
    if language not in LABELS:
        raise CertificateRenderError(f"Language must be one of {', '.join(LABELS)}, not {language!r}.")
    recipient = squash_spaces(values.get(RECIPIENT_NAME, ""))
    if not recipient:
        raise CertificateRenderError("A certificate needs the recipient's name (values['recipient_name']).")
    with _binary_streams():
        return _render(layout, values, layout.labels or LABELS[language], recipient=recipient, language=language)


def _render(
    layout: CertificateLayout, values: Mapping[str, str], labels: Labels, *, recipient: str, language: str
) -> bytes:
    geometry = _geometry(layout.orientation)
    title = fill(layout.title, values)
    subtitle = fill(layout.subtitle, values)
    body = fill(layout.body, values)

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(geometry.width, geometry.height), pageCompression=1, invariant=1, lang=language)
    canvas.setTitle(f"{title} — {recipient}")
    canvas.setAuthor(layout.organisation)
    canvas.setCreator(CREATOR)
    canvas.setSubject(fill(layout.subject, values) if layout.subject else title)
    if values.get(SERIAL):
        canvas.setKeywords(values[SERIAL])

    if layout.background is not None:
        _draw_image(canvas, layout.background, 0, 0, geometry.width, geometry.height)
    else:
        canvas.addLiteral(_border_operators(geometry.width, geometry.height, layout.accent, layout.gold))

    _draw_content(canvas, layout, geometry, title=title, subtitle=subtitle, recipient=recipient, body=body)
    _draw_footer(canvas, layout, geometry, values, labels)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# Two faces per script, whatever the text: the PDF then embeds at most four font subsets.
def _display() -> Face:
    """Title, names, the footer's values."""
    return face("serif", bold=True)


def _text() -> Face:
    """Subtitle, body, labels."""
    return face("sans")


def _draw_content(
    canvas: Canvas, layout: CertificateLayout, g: _Geometry, *, title: str, subtitle: str, recipient: str, body: str
) -> None:
    """Logo, organisation, title, subtitle, name and body as one stack in the space above the footer.

    Spare height first opens up the gaps between the blocks (up to a limit), and the rest is split
    above and below, so a short certificate is neither crammed to the top nor lost in white. Text
    that cannot fit the page even at its smallest sizes is an error, not an overlap with the footer.
    """
    cx = g.width / 2
    width = g.width - 2 * g.side
    accent, gold = HexColor(layout.accent), HexColor(layout.gold)
    logo_height = 56 if layout.logo is not None else 0
    name = fit_text(recipient, width * 0.88, _display(), max_size=44, min_size=22, leading=1.25)
    # (text, colour, space below)
    blocks: list[tuple[FittedText, HexColor, float]] = [
        (
            fit_text(layout.organisation, width, _display(), max_size=15, min_size=10, max_lines=2, wrap_below=12),
            accent,
            14,
        ),
        (fit_text(title, width * 0.9, _display(), max_size=38, min_size=22, max_lines=2, wrap_below=28), accent, 12),
    ]
    if subtitle:
        blocks.append((fit_text(subtitle, width * 0.8, _text(), max_size=14, min_size=10, max_lines=2), MUTED, 8))
    blocks.append((name, INK, 26))  # room for the ornamental rule under the name

    # The body takes the height left over, shrinking (and at worst running long) to fit it.
    available = g.top - g.footer_top
    logo_space = logo_height + 14 if logo_height else 0
    used = logo_space + sum(block.height + gap for block, _, gap in blocks)
    body_text = fit_text(
        body, width * 0.84, _text(), max_size=15, min_size=9, max_lines=5, height=available - used, leading=1.5
    )
    blocks.append((body_text, INK, 0))
    if used + body_text.height > available + 0.5:
        raise CertificateRenderError(
            f"The text is {used + body_text.height - available:.0f} points too tall for the certificate, even at "
            "its smallest size: shorten the body text, the title or the name."
        )

    spare = available - used - body_text.height
    gaps = len(blocks) - 1 + (1 if logo_height else 0)
    extra = min(spare * 0.6 / gaps, 22.0)
    y = g.top - (spare - extra * gaps) / 2
    canvas.saveState()
    if layout.logo is not None:
        _draw_image_in_box(canvas, layout.logo, cx, y - logo_height, 200, logo_height)
        y -= logo_space + extra
    for block, color, gap in blocks:
        canvas.setFillColor(color)
        y = draw_text(canvas, block, cx, y)
        if block is name:
            _draw_ornamental_rule(
                canvas, cx, y - 10 - extra / 3, min(max(name.width / 2 + 24, 100), width * 0.42), gold
            )
        y -= gap + extra
    canvas.restoreState()


def _draw_footer(
    canvas: Canvas, layout: CertificateLayout, g: _Geometry, values: Mapping[str, str], labels: Labels
) -> None:
    """Date and serial number at the left, the QR code at the right, signatories between or above them."""
    left, right = g.side, g.width - g.side
    canvas.saveState()

    # Date over serial number, each a small label over its value, standing on g.bottom.
    y = g.bottom
    for label, key in ((labels.serial, SERIAL), (labels.date, DATE)):
        if not values.get(key):
            continue
        value = fit_text(values[key], 140, _display(), max_size=11, min_size=8, leading=1.25)
        caption = fit_text(label, 140, _text(), max_size=8.5, min_size=7, leading=1.25)
        canvas.setFillColor(INK)
        y = draw_text(canvas, value, left, y + value.height, align="left") + value.height
        canvas.setFillColor(MUTED)
        y = draw_text(canvas, caption, left, y + caption.height, align="left") + caption.height + 6

    if values.get(VERIFY_URL):
        qr_x, qr_y = right - g.qr_size, g.bottom - 6
        draw_qr(canvas, values[VERIFY_URL], qr_x, qr_y, g.qr_size, color=INK)
        caption = fit_text(labels.verify, g.qr_size + 40, _text(), max_size=7.5, min_size=6, leading=1.2)
        canvas.setFillColor(MUTED)
        draw_text(canvas, caption, qr_x + g.qr_size / 2, qr_y + g.qr_size + caption.height)

    if layout.signatories:
        count = len(layout.signatories)
        span_left, span_right = (left + 150, right - g.qr_size - 20) if g.footer_columns else (left, right)
        slot = min((span_right - span_left) / count, (right - left) / 3)
        first = (span_left + span_right - slot * count) / 2
        for i, signatory in enumerate(layout.signatories):
            _draw_signatory(canvas, signatory, first + slot * (i + 0.5), g.signature_line, slot - 16, layout.gold)
    canvas.restoreState()


def _draw_signatory(canvas: Canvas, signatory: Signatory, cx: float, line_y: float, width: float, gold: str) -> None:
    """Signature image standing on a short rule, the name and title under it."""
    half = min(width, 150) / 2
    if signatory.signature is not None:
        _draw_image_in_box(canvas, signatory.signature, cx, line_y + 2, 2 * half, 36)
    canvas.setStrokeColor(HexColor(gold))
    canvas.setLineWidth(0.7)
    canvas.line(cx - half, line_y, cx + half, line_y)
    name = fit_text(signatory.name, width, _display(), max_size=10.5, min_size=8, leading=1.3)
    canvas.setFillColor(INK)
    y = draw_text(canvas, name, cx, line_y - 3)
    if signatory.title:
        title = fit_text(signatory.title, width, _text(), max_size=9, min_size=7, max_lines=2, leading=1.3)
        canvas.setFillColor(MUTED)
        draw_text(canvas, title, cx, y)
