"""World map geometry, drawn once on the server from the vendored Natural Earth TopoJSON.

The shapes go into one SVG "sprite" (``/map/world.svg``) that browsers cache; a treaty page
only carries one small ``<use>`` element per country, coloured by status, so the geometry is
not resent with every date the reader picks. Shapes come from world-atlas' 110m file (keyed by
ISO 3166 numeric code, zero-padded); the states too small for that scale (Malta, Singapore,
Andorra...) are markers at the centre of their 50m outline, and Tuvalu, which neither file
has, a marker at its capital. The micro-states of Europe are drawn in an inset only, at a
scale where they do not cover their neighbours.

Three areas Natural Earth draws apart and gives no ISO code (Kosovo, Northern Cyprus,
Somaliland) are drawn as areas of their own, not left as holes that look like sea: they are
no participant of these treaties. Crimea, which Natural Earth draws within Russia, is drawn as
part of Ukraine, the position of the UN General Assembly (resolution 68/262).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings

ATLAS_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "world-atlas"
WIDTH = 1000.0
# Antarctica is nobody's participant and would take a fifth of the height.
SKIPPED = {"010"}

# Equal Earth projection (Šavrič, Patterson, Jenny 2018): equal-area and easy on the eye.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


# Extent of the projected world (x at the equator's ends, y at the poles' limit of the data).
_XMAX = _equal_earth(180, 0)[0]
_YMAX = _equal_earth(0, 84)[1]
_YMIN = _equal_earth(0, -60)[1]
SCALE = WIDTH / (2 * _XMAX)
HEIGHT = round((_YMAX - _YMIN) * SCALE, 1)


def _to_svg(lon: float, lat: float) -> tuple[float, float]:
    x, y = _equal_earth(lon, lat)
    return (x + _XMAX) * SCALE, (_YMAX - y) * SCALE


@dataclass(frozen=True)
class Country:
    """One drawable country: ``numeric`` is the zero-padded ISO 3166 numeric code (or, for an
    area without one, a word such as ``kosovo``)."""

    numeric: str
    name: str
    path: str = ""  # SVG path data, or empty for a marker
    dot: tuple[float, float] | None = None
    #: A micro-state of Europe: a marker in the inset only (on the world map it would cover
    #: central Italy).
    inset_only: bool = False

    @property
    def disputed(self) -> bool:
        return not self.numeric.isdigit()


#: Natural Earth's areas without an ISO code: the id they get here.
UNCODED = {"Kosovo": "kosovo", "N. Cyprus": "ncyprus", "Somaliland": "somaliland"}
#: Crimea's polygon in Russia's 110m geometry (its bounding box), moved to Ukraine.
RUSSIA, UKRAINE = "643", "804"
CRIMEA_BOX = (32.0, 44.0, 37.0, 46.5)  # lon min, lat min, lon max, lat max
#: States that no vendored file draws: a marker at the capital (lon, lat).
MARKERS = {"798": ("Tuvalu", (179.19, -8.52))}  # Funafuti
#: The inset: western and central Europe with the Mediterranean (lon/lat bounds).
INSET_BOUNDS = (-11.0, 35.0, 31.0, 60.0)


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON arcs are quantised and delta-encoded)."""
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


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        # A negative index ~i means arc i walked backwards.
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _clip(
    ring: list[tuple[float, float]], bound: float, keep_below: bool
) -> list[tuple[float, float]]:
    """The part of a closed ring on one side of the meridian ``bound`` (Sutherland-Hodgman).

    Edges crossing the bound are cut where they cross it, and the cut ends are joined along
    the bound itself, so the piece stays a closed ring that fills correctly.
    """

    def inside(point: tuple[float, float]) -> bool:
        return point[0] <= bound if keep_below else point[0] >= bound

    out: list[tuple[float, float]] = []
    for start, end in zip(ring, ring[1:] + ring[:1], strict=True):
        if inside(end):
            if not inside(start):
                out.append(_crossing(start, end, bound))
            out.append(end)
        elif inside(start):
            out.append(_crossing(start, end, bound))
    return out


def _crossing(
    start: tuple[float, float], end: tuple[float, float], lon: float
) -> tuple[float, float]:
    t = (lon - start[0]) / (end[0] - start[0])
    return lon, start[1] + t * (end[1] - start[1])


def _split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses 180° (Fiji, Russia's Chukotka) as one piece on each side of it.

    The atlas stores such a ring with a jump from +180 to -180; drawn as is, that jump becomes
    a line across the whole map. The ring is first made continuous (longitudes past 180), then
    cut at 180 and the far part moved back by 360°.
    """
    continuous = [ring[0]]
    offset = 0.0
    for (previous, _), (lon, lat) in itertools.pairwise(ring):
        if lon - previous > 180:
            offset -= 360
        elif lon - previous < -180:
            offset += 360
        continuous.append((lon + offset, lat))
    if offset or not any(abs(lon) > 180 for lon, _ in continuous):
        # Nothing crosses, or the ring goes round a pole (Antarctica, which is not drawn).
        return [ring]
    side = 180.0 if max(lon for lon, _ in continuous) > 180 else -180.0
    shift = -360.0 if side > 0 else 360.0
    near = _clip(continuous, side, keep_below=side > 0)
    far = [(lon + shift, lat) for lon, lat in _clip(continuous, side, keep_below=side < 0)]
    return [piece for piece in (near, far) if len(piece) >= 3]


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return cast(list[list[list[int]]], geometry["arcs"])
    return []


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        projected = [_to_svg(lon, lat) for lon, lat in ring]
        # One decimal is below a pixel at any sensible size and keeps the sprite small.
        coords = []
        previous = None
        for x, y in projected:
            point = f"{x:.1f},{y:.1f}"
            if point != previous:
                coords.append(point)
            previous = point
        if len(coords) >= 3:
            parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def _load(name: str) -> dict[str, Any]:
    with (ATLAS_DIR / name).open(encoding="utf-8") as handle:
        return cast(dict[str, Any], json.load(handle))


def _centre(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Centre of the bounding box of the largest ring (good enough to place a dot)."""
    ring = max(rings, key=len)
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return _to_svg((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)


def _in_box(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> bool:
    return all(box[0] <= lon <= box[2] and box[1] <= lat <= box[3] for lon, lat in ring)


def _inset_box() -> tuple[float, float, float, float]:
    """The inset's bounds in map coordinates: x, y, width, height."""
    lon0, lat0, lon1, lat1 = INSET_BOUNDS
    corners = [_to_svg(lon, lat) for lon in (lon0, lon1) for lat in (lat0, lat1)]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


INSET_BOX = _inset_box()


def _inside_inset(point: tuple[float, float]) -> bool:
    x, y, w, h = INSET_BOX
    return x <= point[0] <= x + w and y <= point[1] <= y + h


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country the map draws, shapes first then markers (computed once per process)."""
    coarse = _load("countries-110m.json")
    arcs = _decode_arcs(coarse)
    rings_of: dict[str, list[list[tuple[float, float]]]] = {}
    names: dict[str, str] = {}
    for geometry in coarse["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        numeric = geometry.get("id") or UNCODED.get(name)
        if not numeric or numeric in SKIPPED:
            continue
        names[numeric] = name
        for polygon in _polygons(geometry):
            target = numeric
            if numeric == RUSSIA and _in_box(_ring(arcs, polygon[0]), CRIMEA_BOX):
                target = UKRAINE
            rings_of.setdefault(target, []).extend(
                piece for ring in polygon for piece in _split_at_antimeridian(_ring(arcs, ring))
            )
    drawn = {n: Country(n, names[n], path=_path(rings)) for n, rings in rings_of.items()}

    fine = _load("countries-50m.json")
    fine_arcs = _decode_arcs(fine)
    dots: list[Country] = []
    for geometry in fine["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if not numeric or numeric in drawn or numeric in SKIPPED:
            continue
        rings = [_ring(fine_arcs, polygon[0]) for polygon in _polygons(geometry)]
        if rings:
            centre = _centre(rings)
            dots.append(
                Country(
                    numeric,
                    geometry["properties"]["name"],
                    dot=centre,
                    inset_only=_inside_inset(centre),
                )
            )
    for numeric, (name, (lon, lat)) in MARKERS.items():
        if numeric not in drawn and all(d.numeric != numeric for d in dots):
            dots.append(Country(numeric, name, dot=_to_svg(lon, lat)))
    return (*drawn.values(), *sorted(dots, key=lambda c: c.numeric))


@lru_cache(maxsize=1)
def inset_countries() -> frozenset[str]:
    """The countries drawn in the inset: those with a point inside it."""
    found = set()
    for country in countries():
        if country.dot is not None:
            if _inside_inset(country.dot):
                found.add(country.numeric)
            continue
        for body in country.path[1:].split("M"):
            points = (p.split(",") for p in body.rstrip("Z").split("L"))
            if any(_inside_inset((float(px), float(py))) for px, py in points):
                found.add(country.numeric)
                break
    return frozenset(found)


@lru_cache(maxsize=1)
def sprite_svg() -> str:
    """The cacheable SVG holding every country's shape as a ``<symbol>``-free ``<defs>`` entry.

    Shapes carry no fill of their own so the ``fill`` set on each referencing ``<use>``
    (inherited into the use's shadow tree) colours them.
    """
    items = []
    for country in countries():
        if country.dot is not None:
            x, y = country.dot
            # A marker of the inset is drawn 4 times smaller: the inset is magnified.
            r = 1.1 if country.inset_only else 3.5
            items.append(f'<circle id="n{country.numeric}" cx="{x:.1f}" cy="{y:.1f}" r="{r}"/>')
        else:
            items.append(f'<path id="n{country.numeric}" d="{country.path}"/>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH:.0f} {HEIGHT}"><defs>' + "".join(items) + "</defs></svg>"
    )


@lru_cache(maxsize=1)
def sprite_version() -> str:
    """A short digest of the sprite: its URL changes with the shapes, so a browser's day-long
    copy of an older sprite is never asked for a shape it lacks."""
    return hashlib.blake2b(sprite_svg().encode(), digest_size=6).hexdigest()


def zero_padded(numeric: str) -> str:
    """State.numeric as the atlas keys it ("40" → "040"); empty stays empty."""
    return numeric.strip().zfill(3) if numeric and numeric.strip() else ""
