"""Country outlines: Natural Earth's, from the vendored npm package world-atlas, as projected paths.

``csto_kg/maps/world-atlas/countries-50m.json`` (copied from the pinned package by
``scripts/vendor_npm.py``; never fetched at run time) is TopoJSON: every border is an arc,
shared by the two countries it separates, stored as quantized integer steps in longitude
and latitude; a country is a list of rings of arc indexes (a negative index ``~i``: arc
``i`` reversed) and carries its ISO 3166-1 numeric code as id. :func:`atlas` decodes the
arcs, projects them with an Albers equal-area conic fitted to Europe and Central Asia,
drops the points closer than :data:`TOLERANCE` to the previous one (per arc, so that two
neighbours keep one border), clips each ring to the frame, and gives one :class:`Outline`
per country, with its ISO 3166-1 alpha-3 code from ``iso3166.json`` (a table generated from
pycountry at vendoring time). Decoding takes about 0.25 s; it is done once per process.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "world-atlas"
TOPOLOGY = FOLDER / "countries-50m.json"
ISO_TABLE = FOLDER / "iso3166.json"
FRAME = (-12.0, 100.0, 30.0, 72.0)  # longitude west, east; latitude south, north (degrees)
WIDTH = 960.0  # width of the frame in SVG user units (pixels)
TOLERANCE = 2.0  # points closer than this (|dx| + |dy|, pixels) to the previous kept point are dropped
MIN_AREA = 1.5  # rings smaller than this (square pixels) are dropped, except a country's largest
_MARGIN = 30.0  # rings are clipped this far outside the frame, so no clipping edge is ever seen

# Albers equal-area conic: standard parallels 40°N and 62°N, origin 50°N 57°E
_PHI1, _PHI2, _PHI0, _LAM0 = (math.radians(d) for d in (40.0, 62.0, 50.0, 57.0))
_N = (math.sin(_PHI1) + math.sin(_PHI2)) / 2
_C = math.cos(_PHI1) ** 2 + 2 * _N * math.sin(_PHI1)
_RHO0 = math.sqrt(_C - 2 * _N * math.sin(_PHI0)) / _N


def project(lon: float, lat: float) -> tuple[float, float]:
    """Albers coordinates (unit sphere, y up) of a longitude and latitude in degrees.

    >>> x, y = project(57.0, 50.0)
    >>> round(x, 9), round(y, 9)
    (0.0, 0.0)
    """
    theta = _N * ((math.radians(lon) - _LAM0 + math.pi) % (2 * math.pi) - math.pi)
    rho = math.sqrt(max(_C - 2 * _N * math.sin(math.radians(lat)), 0.0)) / _N
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


@dataclass(frozen=True)
class Frame:
    """The projected frame: Albers coordinates to pixels (y down), width and height in pixels."""

    x0: float
    y1: float
    scale: float
    width: float
    height: float

    @classmethod
    def fit(cls, box=FRAME, width: float = WIDTH) -> "Frame":
        west, east, south, north = box
        edge = ([(west + (east - west) * i / 60, lat) for i in range(61) for lat in (south, north)]
                + [(lon, south + (north - south) * i / 30) for i in range(31) for lon in (west, east)])
        points = [project(lon, lat) for lon, lat in edge]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        scale = width / (max(xs) - min(xs))
        return cls(min(xs), max(ys), scale, width, (max(ys) - min(ys)) * scale)

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a longitude/latitude falls in the frame, in pixels from its top left corner.

        >>> frame = Frame.fit()
        >>> x, y = frame.pixel(44.5, 40.2)  # Yerevan
        >>> 0 < x < frame.width and 0 < y < frame.height
        True
        """
        x, y = project(lon, lat)
        return (x - self.x0) * self.scale, (self.y1 - y) * self.scale


@dataclass(frozen=True)
class Outline:
    """One country: ISO codes, Natural Earth's name and its rings in frame pixels."""

    numeric: str
    alpha3: str | None
    name: str
    rings: tuple

    @property
    def path(self) -> str:
        """SVG path data (relative moves, a tenth of a pixel)."""
        parts = []
        for ring in self.rings:
            points = [(round(x * 10), round(y * 10)) for x, y in ring]
            steps = " ".join(f"{_tenths(b[0] - a[0])},{_tenths(b[1] - a[1])}" for a, b in zip(points, points[1:]))
            parts.append(f"M{_tenths(points[0][0])},{_tenths(points[0][1])}l{steps}z")
        return "".join(parts)


def _tenths(value: int) -> str:
    whole, tenth = divmod(abs(value), 10)
    return ("-" if value < 0 else "") + (f"{whole}.{tenth}" if tenth else f"{whole}")


@dataclass(frozen=True)
class Atlas:
    """The outlines that fall in the frame, and what they come from."""

    frame: Frame
    outlines: tuple  # the countries in the frame, drawn
    version: str
    iso_source: str
    elsewhere: tuple = ()  # the countries outside the frame (no rings), so a state there is told apart

    @property
    def in_frame(self) -> set:
        return {o.alpha3 for o in self.outlines}

    @functools.cached_property
    def _by_name(self) -> dict:
        index = {}
        names = _iso_names()
        for outline in self.outlines + self.elsewhere:
            for name in [outline.name, *names.get(outline.numeric, ())]:
                index.setdefault(name.casefold(), outline)
        return index

    def find(self, *names: str) -> Outline | None:
        """The outline of a country given by any of its names (Natural Earth's or ISO 3166's), or None.

        >>> atlas().find("Moldova").alpha3, atlas().find("Russian Federation").alpha3, atlas().find("Cuba").rings
        ('MDA', 'RUS', ())
        >>> atlas().find("Soviet Union") is None
        True
        """
        for name in names:
            outline = self._by_name.get(name.casefold())
            if outline is not None:
                return outline
        return None


@functools.lru_cache(maxsize=1)
def _iso_table() -> dict:
    return json.loads(ISO_TABLE.read_text(encoding="utf-8"))


def _iso_names() -> dict:
    return {numeric: entry["names"] for numeric, entry in _iso_table()["countries"].items()}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs of a quantized TopoJSON topology as lists of (longitude, latitude).

    >>> decode_arcs({"transform": {"scale": [0.5, 0.25], "translate": [10, 20]}, "arcs": [[[0, 0], [2, 4], [-1, 0]]]})
    [[(10.0, 20.0), (11.0, 21.0), (10.5, 21.0)]]
    """
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def clip_ring(ring: list, left: float, top: float, right: float, bottom: float) -> list:
    """A ring clipped to a rectangle (Sutherland-Hodgman: the clip window is convex).

    >>> clip_ring([(-5, -5), (5, -5), (5, 5), (-5, 5)], 0, 0, 10, 10)
    [(0.0, 0), (5.0, 0), (5, 5), (0, 5.0)]
    """
    def cut(points, inside, cross):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    for inside, cross in ((lambda p: p[0] >= left, at_x(left)), (lambda p: p[0] <= right, at_x(right)),
                          (lambda p: p[1] >= top, at_y(top)), (lambda p: p[1] <= bottom, at_y(bottom))):
        ring = cut(ring, inside, cross)
        if not ring:
            return []
    return ring


def _area(ring) -> float:
    return abs(sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring)))) / 2


@functools.lru_cache(maxsize=1)
def atlas() -> Atlas:
    """The countries that fall in the frame (Europe and Central Asia), decoded once per process; the others by name.

    >>> a = atlas()
    >>> a.find("Armenia").alpha3, a.find("Armenia").numeric, len(a.outlines) > 80
    ('ARM', '051', True)
    """
    topology = json.loads(TOPOLOGY.read_text(encoding="utf-8"))
    frame = Frame.fit()
    arcs = decode_arcs(topology)
    projected: dict[int, list] = {}

    def arc(index: int) -> list:
        if index not in projected:
            points = [frame.pixel(lon, lat) for lon, lat in arcs[index]]
            kept = [points[0]]
            for point in points[1:-1]:
                if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= TOLERANCE:
                    kept.append(point)
            kept.append(points[-1])
            projected[index] = kept
        return projected[index]

    table = _iso_table()["countries"]
    grouped: dict[str, list] = {}
    names: dict[str, tuple] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(geometry["type"])
        if not polygons:
            continue
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                ring: list = []
                for i in indexes:
                    points = arc(i) if i >= 0 else arc(~i)[::-1]
                    ring.extend(points if not ring else points[1:])
                ring = clip_ring(ring, -_MARGIN, -_MARGIN, frame.width + _MARGIN, frame.height + _MARGIN)
                if len(ring) >= 3:
                    rings.append(ring)
        numeric = geometry.get("id") or ""
        alpha3 = table.get(numeric, {}).get("alpha3")
        key = alpha3 or "name:" + geometry["properties"]["name"]
        grouped.setdefault(key, []).extend(rings)  # one outline per country (Australia's two ids: one)
        names.setdefault(key, (numeric, alpha3, geometry["properties"]["name"]))
    outlines = []
    for key, rings in grouped.items():
        largest = max(rings, key=_area) if rings else None
        kept = tuple(tuple(r) for r in rings if r is largest or _area(r) >= MIN_AREA)
        numeric, alpha3, name = names[key]
        outlines.append(Outline(numeric, alpha3, name, kept))
    outlines.sort(key=lambda o: o.name)
    version = (FOLDER / "VERSION").read_text(encoding="utf-8").strip()
    return Atlas(frame, tuple(o for o in outlines if o.rings), version, _iso_table()["generator"],
                 tuple(o for o in outlines if not o.rings))
