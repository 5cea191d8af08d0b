"""The JSON renderer writes, with orjson, the bytes DRF's own renderer writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework import renderers, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from api.renderers import JSONRenderer

SERIALIZER: serializers.Serializer = serializers.Serializer()
PAYLOAD = {
    "treaty": "apmbc",
    "as_of": dt.date(2026, 1, 1),
    "count": 2,
    "none": None,
    "flags": [True, False],
    "names": ["Côte d'Ivoire", "Türkiye", "日本", "emoji 🕊", 'quote " and \\ backslash'],
    "controls": "tab\tnewline\nnul-free \x01 \x1f",
    "separators": "line\u2028paragraph\u2029end",
    "nested": ReturnDict(
        {"list": ReturnList([{"from": dt.date(1999, 3, 1), "until": None}], serializer=SERIALIZER)},
        serializer=SERIALIZER,
    ),
    "tuple": (1, 2),
    "error": ErrorDetail("Unknown query parameter 'x'.", code="unknown_parameter"),
    "lazy": gettext_lazy("Not found."),
    "decimal": Decimal("1.50"),
    "big": 2**53 + 1,
}


def test_the_json_is_byte_for_byte_what_drf_writes():
    assert JSONRenderer().render(PAYLOAD) == renderers.JSONRenderer().render(PAYLOAD)


def test_an_indented_rendering_is_left_to_drf():
    media = "application/json; indent=2"
    assert JSONRenderer().render(PAYLOAD, media, {}) == renderers.JSONRenderer().render(
        PAYLOAD, media, {}
    )


def test_nothing_renders_as_an_empty_body():
    assert JSONRenderer().render(None) == b""


def test_the_api_answers_with_it(client, db):
    response = client.get("/api/v1/states/")
    assert isinstance(response.accepted_renderer, JSONRenderer)
