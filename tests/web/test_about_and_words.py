"""The "About the data" page, linked from every page, and no internal code shown to readers."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import build_ccm, treaty_from_catalogue
from treaties.models import Treaty
from web.templatetags.basis import rules_source_words, status_words

pytestmark = pytest.mark.django_db


def test_the_about_page_explains_dates_bases_and_sources_with_the_records_dates(client):
    ccm = treaty_from_catalogue("ccm")
    Treaty.objects.filter(pk=ccm.pk).update(status_as_at=date(2026, 2, 3))
    treaty_from_catalogue("apmbc")  # no record date: kept current
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "How dates are computed",
        "What each date rests on",
        "Where the data come from",
    ):
        assert heading in html
    for basis in ("Computed", "Inferred", "Recorded", "Unknown"):
        assert f"<dt>{basis}</dt>" in html
    assert "This database holds 2 treaties" in html
    assert '<time datetime="2026-02-03">3 Feb 2026</time>' in html
    assert "1 is kept current by editors" in html


def test_every_page_links_to_the_about_page(client):
    treaty_from_catalogue("ccm")
    for url in ("/", "/treaties/ccm/", "/states/"):
        assert '<a href="/about/">About the data</a>' in client.get(url).content.decode()


def test_internal_codes_are_said_in_words():
    assert status_words("consented_unknown") == "consented (date of effect not computed)"
    assert "shared specification" not in rules_source_words("catalogue")
    assert rules_source_words("inferred").startswith("inferred from the depositary")


def test_the_treaty_page_names_no_internal_source(client):
    build_ccm(others=3)
    html = client.get("/treaties/ccm/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html.split("<body")[1])  # what a reader sees
    assert "catalogue of the shared specification" not in text
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text.replace("participants_incomplete", "")), (
        re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    )
