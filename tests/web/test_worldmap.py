"""The server-drawn world map: shapes that cross the antimeridian are cut, not smeared."""

from __future__ import annotations

import re

from web import worldmap

SUBPATH = re.compile(r"M([^Z]*)Z")


def _point(text: str) -> tuple[float, float]:
    x, y = text.split(",")
    return float(x), float(y)


def _subpaths(country: worldmap.Country) -> list[list[tuple[float, float]]]:
    return [[_point(point) for point in body.split("L")] for body in SUBPATH.findall(country.path)]


def _country(numeric: str) -> worldmap.Country:
    return next(c for c in worldmap.countries() if c.numeric == numeric)


def test_no_shape_has_an_edge_across_half_the_map():
    # A ring stored with a jump from +180° to -180° used to draw a line across the whole map.
    long_edges = [
        (country.name, start, end)
        for country in worldmap.countries()
        if country.path
        for ring in _subpaths(country)
        for start, end in zip(ring, ring[1:] + ring[:1], strict=True)
        if abs(start[0] - end[0]) > worldmap.WIDTH / 2
    ]
    assert long_edges == []


def test_fiji_is_drawn_on_both_edges_of_the_map():
    xs = [x for ring in _subpaths(_country("242")) for x, _ in ring]
    assert min(xs) < 10
    assert max(xs) > worldmap.WIDTH - 10


def test_a_ring_across_the_antimeridian_is_cut_into_one_piece_each_side():
    # A square from 179°E to 179°W, stored the way the atlas stores it: with the jump.
    ring = [(179.0, 10.0), (-179.0, 10.0), (-179.0, 20.0), (179.0, 20.0), (179.0, 10.0)]
    east, west = worldmap._split_at_antimeridian(ring)
    assert {lon for lon, _ in east} == {179.0, 180.0}
    assert {lon for lon, _ in west} == {-180.0, -179.0}
    assert {lat for _, lat in east} == {lat for _, lat in west} == {10.0, 20.0}


def test_a_ring_that_does_not_cross_is_left_alone():
    ring = [(10.0, 10.0), (20.0, 10.0), (20.0, 20.0), (10.0, 10.0)]
    assert worldmap._split_at_antimeridian(ring) == [ring]
