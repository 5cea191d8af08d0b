"""Request guards of every path."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_a_query_is_refused_with_a_message(client):
    response = client.get("/api/v1/states/", {"search": "Lith\x00uania"})
    assert response.status_code == 400
    assert "NUL" in response.json()["errors"][0]["message"]


def test_a_nul_character_in_a_page_query_is_refused(client):
    response = client.get("/search/", {"q": "Ott\x00awa"})
    assert response.status_code == 400
