"""The UN's own formats: MTDSG XML (2018) and the 2026 status tables."""

from __future__ import annotations

from datetime import date

import pytest

from events.models import Event
from ingest.untc_xml import column_codes, repair, untc_xml_import
from states.services import states_load
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

SAMPLE = ["XXVI-6", "XXVII-7-a", "I-1", "IV-4"]


@pytest.fixture
def sample(shared_data):
    states_load()
    folder = shared_data / "untc-mtdsg-xml-2018"
    return [folder / f"{ref}.en.xml" for ref in SAMPLE]


def test_a_sample_of_the_2018_corpus_imports_with_no_unknown_names(sample):
    report = untc_xml_import(sample, as_of=date(2018, 1, 15))
    assert report.ok and not report.unmatched
    assert len(report.treaties_created) == 4
    ccm = Treaty.objects.get(un_reference="XXVI-6")
    assert ccm.slug == "ccm" and ccm.rules  # the catalogue knows it by its UN reference
    assert ccm.adopted_on == date(2008, 5, 30) and ccm.adopted_at == "Dublin"
    andorra = Event.objects.get(treaty=ccm, state__code="AND")
    assert (andorra.kind, andorra.date) == ("accession", date(2013, 4, 9))
    belize = Event.objects.filter(treaty=ccm, state__code="BLZ").values_list("kind", "date")
    assert set(belize) == {
        ("provisional_application", date(2014, 9, 2)),
        ("accession", date(2014, 9, 2)),
    }


def test_kyoto_keeps_canadas_bracketed_ratification_and_adds_its_withdrawal(sample):
    untc_xml_import(sample)
    kyoto = Treaty.objects.get(un_reference="XXVII-7-a")
    canada = {e.kind: e for e in Event.objects.filter(treaty=kyoto, state__code="CAN")}
    assert canada["ratification"].bracketed is True
    assert canada["ratification"].date == date(2002, 12, 17)
    assert canada["withdrawal"].date == date(2011, 12, 15)
    assert canada["withdrawal"].published_effective_date == date(2012, 12, 15)


def test_reimporting_the_same_files_changes_nothing(sample):
    untc_xml_import(sample)
    report = untc_xml_import(sample)
    assert not report.changed
    assert report.events_unchanged == Event.objects.count()


def test_control_characters_and_bare_ampersands_are_repaired_and_reported():
    text, fixes = repair("<a>\x1cquoted\x1d & more\x02</a>")
    assert text == '<a>"quoted" &amp; more</a>'
    assert fixes == ["3 control character(s)", "1 bare '&'"]


def test_action_codes_come_from_the_column_header():
    codes = column_codes("Approval(AA), Acceptance(A), Accession(a), Ratification")
    assert codes == {"AA": "approval", "A": "acceptance", "a": "accession", "": "ratification"}
    assert column_codes("Signature, Succession to signature(d)") == {
        "": "signature",
        "d": "signature",
    }
