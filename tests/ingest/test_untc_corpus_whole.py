"""The whole 2018 corpus imported into an empty database, as the README says: what the depositary
records is what we show, every date says what it rests on, and nothing contradicts the record.

One import for the module (about a minute on 2 cores), in a transaction rolled back at its end;
the recomputation runs synchronously, as ``corpus_report`` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import transaction

from events.models import CONSENT_KINDS, Event
from events.services import treaty_recompute
from ingest.corpus_report import (
    FROM_ENTRY,
    FROM_SPECIFIED,
    FROM_SUCCESSION,
    PENDING,
    UNKNOWN_NO_DATE,
    UNKNOWN_OTHER,
    CorpusFigures,
    corpus_figures,
)
from ingest.untc_xml import untc_xml_import
from states.services import states_load
from treaties.models import Treaty

# The whole corpus: ``make test-slow`` (and CI) run it, ``make test`` leaves it out.
pytestmark = [pytest.mark.corpus, pytest.mark.django_db]

AS_OF = date(2018, 1, 15)


@pytest.fixture(scope="module")
def figures(django_db_setup, django_db_blocker, shared_data) -> Iterator[CorpusFigures]:
    with django_db_blocker.unblock(), transaction.atomic():
        states_load()
        paths = sorted((shared_data / "untc-mtdsg-xml-2018").glob("*.xml"))
        report = untc_xml_import(paths, as_of=AS_OF, keep_going=True)
        assert report.ok and not report.refused_files, report.error_text()
        for pk in Treaty.objects.stale().values_list("pk", flat=True):
            treaty_recompute(treaty_id=pk)
        yield corpus_figures()
        transaction.set_rollback(True)


def test_every_treaty_whose_file_states_a_dated_entry_into_force_shows_that_date(figures):
    assert figures.treaties == 407
    assert figures.recorded == 340
    assert figures.recorded_shown == figures.recorded


def test_a_treaty_the_depositary_records_as_not_yet_in_force_is_not_shown_in_force(figures):
    # 40 files say "Not yet in force"; a contradiction would be listed (asserted empty below),
    # and the consents to those treaties are "consented" (not yet in force) on the status date.
    assert figures.recorded_not_in_force == 40
    assert figures.consent_statuses["consented"] > 1000


def test_no_consent_the_depositary_records_is_shown_as_not_joined_or_only_signatory(figures):
    assert figures.consents > 17000
    assert figures.consent_statuses["not_joined"] == 0
    assert figures.consent_statuses["signatory"] == 0
    assert figures.contradictions == []


def test_successions_are_dated_from_the_date_of_succession_or_not_at_all(figures):
    # 2026-12-07: 516 from the date of succession, 5 from a later entry into force, 538
    # unknown (no date of succession on record for the state), 14 pending, 2 other unknown.
    assert figures.successions[FROM_SUCCESSION] > 400
    assert figures.successions[FROM_ENTRY] >= 3
    assert set(figures.successions) <= {
        FROM_SUCCESSION,
        FROM_ENTRY,
        FROM_SPECIFIED,
        PENDING,
        UNKNOWN_NO_DATE,
        UNKNOWN_OTHER,
    }
    # Every code of the 2018 tables is one a column declares.
    assert figures.unknown_kind == []


def test_every_rule_read_from_a_quoted_article_reproduces_the_recorded_date(figures):
    assert figures.parsed_total >= 20
    assert figures.parsed_reproduce == figures.parsed_total


def test_every_inferred_rule_reproduces_the_recorded_date_and_awaits_review(figures):
    assert figures.inferred_total >= 190
    assert figures.inferred_reproduce == figures.inferred_total
    assert figures.review_pending >= figures.inferred_total


def test_every_consents_date_of_effect_carries_its_basis(figures):
    bases = Counter(
        Event.objects.filter(kind__in=CONSENT_KINDS, superseded=False).values_list(
            "effective_date_basis", flat=True
        )
    )
    assert "" not in bases
    assert set(bases) <= {"computed", "inferred", "recorded", "unknown"}
    # A date is stated only with rules; otherwise it is "unknown", never a guess.
    assert not Event.objects.filter(
        kind__in=CONSENT_KINDS, effective_date__isnull=False, effective_date_basis="unknown"
    ).exists()


def test_inferred_rules_reach_nine_tenths_of_the_rest_that_has_deposits_to_infer_from(figures):
    # "The rest": a recorded date and participants, no catalogue rules, no readable article.
    # A League of Nations treaty's table lists only the acts since 1946: the instruments that
    # brought it into force are read from the League's own list in the file (11 treaties).
    # The five whose file has no such list with dates have nothing to infer from.
    assert figures.rest_total == 217
    assert figures.rest_nothing_before == 5
    assert figures.rest_inferred >= 203
    assert figures.rest_inferred >= 0.9 * figures.rest_total
