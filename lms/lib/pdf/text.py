"""Bangla and mixed-script text for ReportLab: script runs, shaping, fitting, drawing.

Three things ReportLab does not do for us:

* The Noto Bengali fonts have no Latin letters, so a line such as "Python-এর কোর্স, UDY-2026-000123"
  is split into runs by script and each run is shaped and drawn in its own font.
* Shaped output copies out scrambled: conjuncts become glyphs that ReportLab maps to private-use
  code points, and pre-base vowel signs (ি, ে, ৈ) come out in visual order. Every drawn line is
  therefore wrapped in marked content carrying /ActualText (PDF 32000-1, 14.9.4), which readers
  use instead of the glyphs for copy, search and extraction (tested with poppler's pdftotext).
* Long text is shrunk to a box, down to a minimum size, and wrapped below that, never cut.

Shaping is HarfBuzz through ReportLab's own bridge (ttfonts.shapeStr), which returns glyph runs
whose positions are in thousandths of an em; widths therefore scale linearly with the font size,
and a line is shaped once and measured at every size from that one result.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from .fonts import Face, Script, register_fonts

Align = Literal["left", "center", "right"]

# Punctuation and spaces the shipped Noto Bengali fonts draw themselves (checked against their
# cmap by a test). Inside Bangla text these stay in the Bengali run so the run is not cut up at
# every comma; everything else that is not Bengali goes to the Latin font.
BENGALI_FONT_NEUTRALS = frozenset(
    " !\"#%'()*+,-./:;<=>?[\\]^_{|}~\u00a0\u00ad\u00d7\u00f7"
    "\u200b\u200c\u200d\u2010\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2212\u25cc"
)
_VIRAMA = "\u09cd"
_JOINERS = "\u200c\u200d"
# Whitespace a line may break at: all of it except the no-break spaces, which hold "মোঃ রফিকুল" together.
_BREAKABLE_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def squash_spaces(text: str) -> str:
    """Text with each run of breakable whitespace (newlines too) made one space, and none at the ends."""
    return " ".join(word for word in _BREAKABLE_SPACE.split(text) if word)


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text drawn in one script's font."""

    text: str
    script: Script


def _strong_script(char: str) -> Script | None:
    code = ord(char)
    if 0x0980 <= code <= 0x09FF or code in (0x0964, 0x0965):  # Bengali block, dandas
        return "bengali"
    if unicodedata.category(char)[0] in "LN":  # letters and digits of any other script
        return "latin"
    return None


def script_runs(text: str, *, default: Script = "latin") -> list[Run]:
    """Split text into maximal runs of one script.

    Bengali letters, signs and digits (০-৯) and the dandas are Bengali; other letters and digits,
    ASCII digits included, are Latin. Spaces, punctuation and combining marks take the script of
    the preceding letter (opening brackets and quotes that of the following one), provided the
    Bengali font has them; text with no letters at all is `default`.
    """
    strong = [_strong_script(c) for c in text]
    scripts: list[Script] = []
    previous: Script | None = None
    for i, char in enumerate(text):
        script = strong[i]
        if script is None:
            following = next((s for s in strong[i + 1 :] if s), None)
            if unicodedata.category(char) in ("Ps", "Pi"):
                script = following or previous or default
            else:
                script = previous or following or default
            if script == "bengali" and char not in BENGALI_FONT_NEUTRALS:
                script = "latin"
        else:
            previous = script
        scripts.append(script)

    runs: list[Run] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or scripts[i] != scripts[start]:
            runs.append(Run(text[start:i], scripts[start]))
            start = i
    return runs


@functools.lru_cache(maxsize=16384)
def _shape(text: str, font_name: str) -> tuple[str, float]:
    """HarfBuzz-shaped glyphs for text in one font, and their width at a font size of 1 point."""
    register_fonts()
    shaped = shapeStr(text, font_name, 10)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:  # HarfBuzz changed nothing: plain text, measured the plain way
        return shaped, pdfmetrics.stringWidth(text, font_name, 1)
    return shaped, sum(d.x_advance for d in data) / 1000


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    font_name: str
    glyphs: str  # a ReportLab ShapedStr when shaping changed anything
    em_width: float


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text, shaped, ready to draw at any size."""

    text: str
    segments: tuple[Segment, ...]
    em_width: float

    def width(self, size: float) -> float:
        return self.em_width * size


@functools.lru_cache(maxsize=4096)
def shape_line(text: str, face: Face) -> Line:
    segments = []
    for run in script_runs(text):
        font_name = face.font_for(run.script)
        glyphs, em_width = _shape(run.text, font_name)
        segments.append(Segment(run.text, font_name, glyphs, em_width))
    return Line(text, tuple(segments), sum(s.em_width for s in segments))


def text_width(text: str, face: Face, size: float) -> float:
    """The shaped width of text on one line, in points."""
    return shape_line(text, face).width(size)


def _space_em(face: Face) -> float:
    return max(_shape(" ", face.bengali)[1], _shape(" ", face.latin)[1])


def _can_break_before(word: str, i: int) -> bool:
    """A break inside a word only between grapheme clusters: never before a sign or after a virama."""
    char, before = word[i], word[i - 1]
    return unicodedata.category(char)[0] != "M" and char not in _JOINERS and before not in _VIRAMA + _JOINERS


def _break_word(word: str, face: Face, max_em: float) -> list[str]:
    """Pieces of a word too long for a line, each as long as fits (at least one cluster)."""
    pieces = []
    while word:
        cut = None
        for i in range(1, len(word) + 1):
            if i < len(word) and not _can_break_before(word, i):
                continue
            if cut is not None and shape_line(word[:i], face).em_width > max_em:
                break
            cut = i
        pieces.append(word[:cut])
        word = word[cut:]
    return pieces


def wrap(text: str, face: Face, max_width: float, size: float) -> list[str]:
    """Greedy line breaks at spaces (and newlines) for text set at size in max_width points."""
    max_em = max_width / size
    space = _space_em(face)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        current_em = 0.0
        for word in squash_spaces(paragraph).split(" "):
            if not word:
                continue
            word_em = shape_line(word, face).em_width
            pieces = [word] if word_em <= max_em else _break_word(word, face, max_em)
            for piece in pieces:
                piece_em = word_em if len(pieces) == 1 else shape_line(piece, face).em_width
                if current and current_em + space + piece_em > max_em:
                    lines.append(" ".join(current))
                    current, current_em = [], 0.0
                current_em += (space if current else 0.0) + piece_em
                current.append(piece)
        lines.append(" ".join(current))
    return lines


@dataclass(frozen=True, slots=True)
class FittedText:
    """Text broken into lines at the size chosen for its box."""

    lines: tuple[Line, ...]
    size: float
    leading: float  # line advance as a multiple of size

    @property
    def line_height(self) -> float:
        return self.size * self.leading

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height

    @property
    def width(self) -> float:
        return max((line.width(self.size) for line in self.lines), default=0.0)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _sizes(max_size: float, min_size: float, step: float) -> list[float]:
    count = max(0, math.floor((max_size - min_size) / step + 1e-9))
    sizes = [round(max_size - k * step, 3) for k in range(count + 1)]
    if sizes[-1] > min_size:
        sizes.append(min_size)
    return sizes


def fit_font_size(text: str, width: float, face: Face, *, max_size: float, min_size: float, step: float = 0.5) -> float:
    """The largest size (max_size, max_size - step, ..., min_size) at which text fits width on one line.

    Returns min_size when even that is too wide: the caller then wraps (see fit_text).
    """
    em = shape_line(squash_spaces(text), face).em_width
    for size in _sizes(max_size, min_size, step):
        if em * size <= width:
            return size
    return min_size


def fit_text(
    text: str,
    width: float,
    face: Face,
    *,
    max_size: float,
    min_size: float,
    max_lines: int = 1,
    height: float | None = None,
    wrap_below: float | None = None,
    leading: float = 1.3,
    step: float = 0.5,
) -> FittedText:
    """Choose a size and line breaks for text in a box width wide (and at most height high).

    The text gets the largest size, from max_size down to min_size in steps, at which it fits on
    at most max_lines lines. With wrap_below, fewer lines win over a bigger size: the text first
    shrinks on one line down to wrap_below, then on two, and so on (a title on one line at 30 points
    rather than on two at 38). When nothing fits, the text is set at min_size on as many lines as it
    takes: longer than its box, but whole.
    """
    text = "\n".join(squash_spaces(part) for part in text.strip().split("\n"))
    sizes = _sizes(max_size, min_size, step)
    for allowed in range(1, max_lines + 1) if wrap_below is not None else [max_lines]:
        # Below max_lines only when wrap_below is given (the loop's range says so).
        floor = min_size if allowed == max_lines or wrap_below is None else max(wrap_below, min_size)
        for size in sizes:
            if size < floor:
                break
            lines = [shape_line(line, face) for line in wrap(text, face, width, size)]
            fits = len(lines) <= allowed and (height is None or len(lines) * size * leading <= height + 1e-6)
            if fits and all(line.width(size) <= width + 1e-6 for line in lines):
                return FittedText(tuple(lines), size, leading)
    lines = [shape_line(line, face) for line in wrap(text, face, width, min_size)]
    return FittedText(tuple(lines), min_size, leading)


def actual_text(text: str) -> str:
    """A PDF hex string in UTF-16BE with its byte-order mark, as /ActualText wants it."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw_line(canvas: Canvas, line: Line, x: float, baseline: float, size: float, align: Align = "center") -> None:
    """Draw one shaped line whose extracted text is exactly line.text."""
    width = line.width(size)
    left = {"left": x, "center": x - width / 2, "right": x - width}[align]
    canvas.addLiteral(f"/Span <</ActualText {actual_text(line.text)}>> BDC")
    for segment in line.segments:
        text_object = canvas.beginText(left, baseline)
        text_object.setFont(segment.font_name, size)
        text_object.textOut(segment.glyphs)
        canvas.drawText(text_object)
        left += segment.em_width * size
    canvas.addLiteral("EMC")


def draw_text(canvas: Canvas, fitted: FittedText, x: float, top: float, align: Align = "center") -> float:
    """Draw fitted lines downwards from top; returns the bottom of the block.

    Each line sits in a box of line_height with the middle of the Bengali letters (about 0.3 em
    above the baseline, below the headline) at the box's middle.
    """
    for i, line in enumerate(fitted.lines):
        if line.text:
            baseline = top - (i + 0.5) * fitted.line_height - 0.3 * fitted.size
            draw_line(canvas, line, x, baseline, fitted.size, align)
    return top - fitted.height
