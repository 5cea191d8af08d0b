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


def _points(country: worldmap.Country) -> list[tuple[float, float]]:
    return [point for ring in _subpaths(country) for point in ring]


def test_crimea_is_drawn_as_part_of_ukraine():
    lon0, lat0, lon1, lat1 = worldmap.CRIMEA_BOX
    (x0, y1), (x1, y0) = worldmap._to_svg(lon0, lat0), worldmap._to_svg(lon1, lat1)

    def crimea_pieces(country: worldmap.Country) -> int:
        return sum(
            all(x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1 for x, y in ring)
            for ring in _subpaths(country)
        )

    assert crimea_pieces(_country("804")) == 1
    assert crimea_pieces(_country("643")) == 0


def test_tuvalu_and_the_disputed_areas_are_drawn():
    tuvalu = _country("798")
    assert tuvalu.dot is not None and not tuvalu.inset_only
    for area in ("kosovo", "ncyprus", "somaliland"):
        assert _country(area).path and _country(area).disputed


def test_the_micro_states_of_europe_are_in_the_inset_only():
    inset_only = {c.name for c in worldmap.countries() if c.inset_only}
    assert {"San Marino", "Vatican", "Monaco", "Liechtenstein", "Andorra", "Malta"} <= inset_only
    assert {"470", "336", "380"} <= worldmap.inset_countries()  # Malta, Vatican, Italy
