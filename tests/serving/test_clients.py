"""The client's address is read one way, trusting only the configured proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from serving.clients import client_address


def _request(forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@override_settings(NUM_PROXIES=0)
def test_without_proxies_the_forwarded_for_header_is_ignored():
    assert client_address(_request("198.51.100.7")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the left part is the client's
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies: the leftmost
        (1, "", "10.0.0.1"),  # no header: the connection's address
    ],
)
def test_behind_n_proxies_the_client_is_the_nth_address_from_the_right(proxies, forwarded, client):
    with override_settings(NUM_PROXIES=proxies):
        assert client_address(_request(forwarded)) == client
