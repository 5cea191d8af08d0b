"""Browsing the treaty list: filters, families, look-alike titles and abbreviations."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import treaty_from_catalogue
from treaties.catalogue import ABBREVIATIONS, UN_CHAPTERS, subjects_of
from treaties.models import Treaty
from treaties.selectors import treaty_search

pytestmark = pytest.mark.django_db


def _treaty(slug: str, title: str, ref: str, adopted: date | None, **extra: object) -> Treaty:
    return Treaty.objects.create(
        slug=slug,
        short_name=title[:30] + "…" if len(title) > 30 else title,
        title=title,
        un_reference=ref,
        adopted_on=adopted,
        depositary="Secretary-General of the United Nations",
        **extra,
    )


@pytest.fixture
def corpus_like():
    """Imported-looking treaties: two look-alike titles, a convention with two amendments."""
    crc = _treaty(
        "untc-iv-11", "Convention on the Rights of the Child", "IV-11", date(1989, 11, 20)
    )
    _treaty("untc-vi-8", "Agreement concerning the Suppression of Opium Smoking", "VI-8",
            date(1931, 11, 27), has_participant_data=False)  # fmt: skip
    _treaty("untc-vi-2", "Agreement concerning the Suppression of Opium Smoking", "VI-2",
            date(1925, 2, 11))  # fmt: skip
    montreal = _treaty("untc-xxvii-2-a", "Montreal Protocol on Substances that Deplete the Ozone "
                       "Layer", "XXVII-2-a", date(1987, 9, 16))  # fmt: skip
    for ref, year in (("XXVII-2-b", 1990), ("XXVII-2-c", 1992)):
        _treaty(f"untc-{ref.lower()}", "Amendment to the Montreal Protocol on Substances that "
                "Deplete the Ozone Layer", ref, date(year, 6, 29), parent=montreal)  # fmt: skip
    return crc


def _names(html: str) -> list[str]:
    rows = re.findall(r'<th scope="row">(.*?)</th>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", r).replace("\n", " ").strip() for r in rows]


def test_look_alike_titles_carry_their_year_and_families_are_grouped(client, corpus_like):
    html = client.get("/").content.decode()
    names = _names(html)
    assert "Agreement concerning the Suppression of Opium Smoking (1925)" in names
    assert "Agreement concerning the Suppression of Opium Smoking (1931)" in names
    montreal = next(i for i, n in enumerate(names) if n.startswith("Montreal Protocol"))
    # The two amendments straight after their protocol, oldest first, each with its year.
    assert names[montreal + 1].endswith("Deplete the Ozone Layer (1990)")
    assert names[montreal + 2].endswith("Deplete the Ozone Layer (1992)")
    assert "with 2 protocols or amendments below" in names[montreal]
    # The imported CRC: its abbreviation, then its title once (no truncated title repeated).
    crc = next(n for n in names if n.startswith("CRC"))
    assert crc.count("Convention on the Rights of the Child") == 1
    assert "…" not in html.split('id="treaties-h"')[1].split("</table>")[0]


def test_filters_by_subject_year_and_participants_data(client, corpus_like):
    def shown(**params: str) -> list[str]:
        response = client.get("/", params)
        assert response.status_code == 200
        return _names(response.content.decode())

    human_rights = shown(subject="un-IV")
    assert len(human_rights) == 1 and human_rights[0].startswith("CRC")
    assert len(shown(subject="topic-Ozone layer")) == 3
    assert [n[-6:] for n in shown(**{"from": "1920", "to": "1930"})] == ["(1925)"]
    no_data = [n for n in _names(client.get("/").content.decode()) if "(1931)" in n]
    assert no_data and not [n for n in shown(data="yes") if "(1931)" in n]
    # An amendment shown without its protocol names the family it belongs to.
    alone = shown(**{"from": "1990", "to": "1990"})
    assert len(alone) == 1 and "Belongs to the Montreal Protocol" in alone[0]


def test_in_force_filter_says_not_known_apart_from_not_in_force(client):
    treaty_from_catalogue("ccm")  # not derived yet: whether it is in force is not known
    assert "1 of 1" in client.get("/", {"in_force": "unknown"}).content.decode()
    assert "0 of 1" in client.get("/", {"in_force": "no"}).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2010", "to": "2000"}, "The years are reversed (from 2010 to 2000)"),
        ({"from": "19x"}, "“19x” is not a year"),
        ({"subject": "astrology"}, "Unknown subject “astrology”"),
        ({"depositary": "Nobody"}, "No treaty has the depositary “Nobody”"),
    ],
)
def test_bad_filters_are_refused_with_a_message(client, corpus_like, params, message):
    response = client.get("/", params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert len(_names(response.content.decode())) == 6  # every treaty, not a guess


def test_every_subject_is_a_un_chapter_or_one_of_our_topics():
    assert subjects_of("IV-11") == ["Human rights"]
    assert subjects_of("XXVII-7-a") == ["Environment", "Climate"]
    assert subjects_of("XXVI-6")[0] == UN_CHAPTERS["XXVI"] == "Disarmament"
    assert subjects_of(None) == []


@pytest.mark.parametrize("abbreviation", ["CRC", "crc", "VCLT", "UNCLOS", "ICCPR", "CEDAW"])
def test_common_abbreviations_find_imported_treaties(client, abbreviation):
    ref = next(r for r, a in ABBREVIATIONS.items() if a.lower() == abbreviation.lower())
    _treaty(f"untc-{ref.lower()}", f"The treaty {ref}", ref, None)
    _treaty("untc-other", "Another treaty", "XXIX-1", None)
    assert [t.un_reference for t in treaty_search(abbreviation)] == [ref]
    assert (
        client.get("/search/", {"q": abbreviation})["Location"] == f"/treaties/untc-{ref.lower()}/"
    )


def test_home_queries_do_not_grow_with_the_treaties(client, corpus_like):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        cache.clear()  # a fresh rendering, not the stored one
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/", {"subject": "topic-Ozone layer"}).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for n in range(10):  # ten more treaties, two of them more ozone amendments
        _treaty(f"extra-{n}", f"Extra treaty {n}", f"XXVII-2-{'xy'[n % 2]}{n}", date(2000, 1, 1))
    assert queries() == before


def test_a_treaty_named_as_its_title_shows_it_once_on_home(client):
    treaty_from_catalogue("paris-agreement")
    html = client.get("/").content.decode()
    row = _names(html)[0]
    assert row.count("Paris Agreement") == 1
