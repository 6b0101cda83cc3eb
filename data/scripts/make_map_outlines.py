"""Derive data/map_outlines.csv (land and national borders for notebook 02's route map) from Natural Earth.

Run once, when the outline should change (the course never runs it; it needs the original file):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python data/scripts/make_map_outlines.py package/countries-10m.json

Input: ``countries-10m.json`` of the npm package world-atlas 2.0.2 (ISC licence), Mike Bostock's
TopoJSON redistribution of Natural Earth 4.1.0 "Admin 0 - Countries" at 1:10m (public domain). Country
ids are ISO 3166-1 numeric codes.

What it does, in this order:
1. decodes the TopoJSON arcs (quantized, delta-encoded) to longitude/latitude;
2. simplifies every arc once with Douglas-Peucker (tolerance ``TOLERANCE`` degrees, the arc's ends kept),
   so a border shared by two countries stays the same line on both sides;
3. assembles the polygons of the five countries of the region (China, North Korea, South Korea,
   Russia, Japan) and clips every ring to the box ``BOX`` (Sutherland-Hodgman against the rectangle);
4. drops rings smaller than ``MIN_AREA`` square degrees and writes one row per vertex.

Output columns: country, ring (a number, unique in the file; the rows of a ring are in drawing order
and the ring is closed implicitly), lon, lat (degrees, 4 decimals, about 10 m), source_id.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

COUNTRIES = {"156": "China", "408": "North Korea", "410": "South Korea", "643": "Russia", "392": "Japan"}
BOX = (121.5, 35.5, 132.5, 44.0)  # lon min, lat min, lon max, lat max: a margin around the map's frame
TOLERANCE = 0.006  # degrees, about 600 m: under one pixel of the map at projector size
MIN_AREA = 0.0004  # square degrees, about 4 km2: smaller islands are left out
SOURCE_ID = "natural_earth_10m"
OUT = Path(__file__).resolve().parents[1] / "map_outlines.csv"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (lon, lat), undoing the quantization and delta encoding."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification keeping both ends (iterative, so long arcs do not recurse deeply)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (x0, y0), (x1, y1) = points[i], points[j]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        best, where = -1.0, -1
        for k in range(i + 1, j):
            px, py = points[k]
            d = abs(dy * (px - x0) - dx * (py - y0)) / norm if norm else ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5
            if d > best:
                best, where = d, k
        if where > 0 and best > tol:
            keep[where] = True
            stack += [(i, where), (where, j)]
    return [p for p, k in zip(points, keep) if k]


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join a ring's arcs (index ~i means arc i reversed), dropping each joint's repeated point."""
    out: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(arc if not out else arc[1:])
    return out


def clip(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clip of a closed ring to an axis-aligned box."""
    x0, y0, x1, y1 = box
    edges = [(lambda p: p[0] >= x0, 0, x0), (lambda p: p[0] <= x1, 0, x1),
             (lambda p: p[1] >= y0, 1, y0), (lambda p: p[1] <= y1, 1, y1)]
    pts = list(ring)
    for inside, axis, value in edges:
        if not pts:
            break
        result = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    result.append(_cross(prev, cur, axis, value))
                result.append(cur)
            elif inside(prev):
                result.append(_cross(prev, cur, axis, value))
            prev = cur
        pts = result
    return pts


def _cross(a, b, axis, value):
    t = (value - a[axis]) / (b[axis] - a[axis])
    x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    return (value, y) if axis == 0 else (x, value)


def area(ring: list[tuple[float, float]]) -> float:
    """Absolute shoelace area in square degrees."""
    s = 0.0
    for (xa, ya), (xb, yb) in zip(ring, ring[1:] + ring[:1]):
        s += xa * yb - xb * ya
    return abs(s) / 2


def main(path: str) -> None:
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = [simplify(a, TOLERANCE) for a in decode_arcs(topo)]
    rows = []
    ring_id = 0
    for geom in topo["objects"]["countries"]["geometries"]:
        country = COUNTRIES.get(str(geom.get("id")))
        if country is None:
            continue
        polygons = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
        for polygon in polygons:
            for ring in polygon:
                pts = ring_points(ring, arcs)
                if pts and pts[0] == pts[-1]:
                    pts = pts[:-1]
                pts = clip(pts, BOX)
                # consecutive duplicates appear where the clip runs along the box
                pts = [p for k, p in enumerate(pts) if k == 0 or (round(p[0], 4), round(p[1], 4)) != (round(pts[k - 1][0], 4), round(pts[k - 1][1], 4))]
                if len(pts) < 3 or area(pts) < MIN_AREA:
                    continue
                ring_id += 1
                rows += [(country, ring_id, f"{x:.4f}", f"{y:.4f}", SOURCE_ID) for x, y in pts]
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country", "ring", "lon", "lat", "source_id"])
        w.writerows(rows)
    print(f"wrote {len(rows)} vertices in {ring_id} rings to {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
