"""The OFL fonts shipped in lms/lib/pdf/noto/, registered once per process with ReportLab.

Two families, each a pair of faces: Noto Serif Bengali with Noto Serif (a certificate's display
text: title, name) and Noto Sans Bengali with Noto Sans (reading text, a fair pass). The Bengali
fonts carry no Latin letters, so every piece of text is split into script runs (see text.py)
and each run is drawn in the face of its script.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent / "noto"

Family = Literal["serif", "sans"]
Script = Literal["bengali", "latin"]


@dataclass(frozen=True, slots=True)
class Face:
    """The ReportLab font names that draw one family at one weight, by script."""

    bengali: str
    latin: str

    def font_for(self, script: Script) -> str:
        return self.bengali if script == "bengali" else self.latin


# ReportLab font name -> file in FONTS_DIR.
_FILES = {
    "UdyoktaSerifBengali": "NotoSerifBengali-Regular.ttf",
    "UdyoktaSerifBengali-Bold": "NotoSerifBengali-Bold.ttf",
    "UdyoktaSerif": "NotoSerif-Regular.ttf",
    "UdyoktaSerif-Bold": "NotoSerif-Bold.ttf",
    "UdyoktaSansBengali": "NotoSansBengali-Regular.ttf",
    "UdyoktaSansBengali-Bold": "NotoSansBengali-Bold.ttf",
    "UdyoktaSans": "NotoSans-Regular.ttf",
    "UdyoktaSans-Bold": "NotoSans-Bold.ttf",
}

_FACES: dict[tuple[Family, bool], Face] = {
    ("serif", False): Face("UdyoktaSerifBengali", "UdyoktaSerif"),
    ("serif", True): Face("UdyoktaSerifBengali-Bold", "UdyoktaSerif-Bold"),
    ("sans", False): Face("UdyoktaSansBengali", "UdyoktaSans"),
    ("sans", True): Face("UdyoktaSansBengali-Bold", "UdyoktaSans-Bold"),
}


@functools.cache
def register_fonts() -> None:
    """Load the shipped TTFs into ReportLab's (process-wide) font registry, once.

    shapable=True lets ReportLab's HarfBuzz bridge (ttfonts.shapeStr) shape text in them.
    """
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename), asciiReadable=False, shapable=True))


def face(family: Family = "sans", bold: bool = False) -> Face:
    register_fonts()
    return _FACES[(family, bold)]


def font_files() -> list[Path]:
    return [FONTS_DIR / filename for filename in _FILES.values()]


def covers(font_name: str, char: str) -> bool:
    """Whether a registered font has a glyph for char (through its cmap)."""
    register_fonts()
    return ord(char) in pdfmetrics.getFont(font_name).face.charToGlyph
