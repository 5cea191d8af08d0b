"""The 2018 MTDSG corpus told truthfully: the depositary's facts, the catalogue's rules, and
"not computed" where nothing more is known — never "not joined", never a guess."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from events.models import Event, Status, StatusPeriod
from ingest.base import ImportFailed
from ingest.untc_xml import untc_xml_import
from states.services import states_load
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

AS_OF = date(2018, 1, 15)


@pytest.fixture
def corpus(shared_data):
    states_load()
    return shared_data / "untc-mtdsg-xml-2018"


@pytest.fixture
def imported(corpus, django_capture_on_commit_callbacks):
    """Import files as a user would: committed, then recomputed (in-process, as without a
    broker); returns the report."""

    def run(*refs: str, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return untc_xml_import(
                [corpus / f"{ref}.en.xml" for ref in refs], as_of=AS_OF, **options
            )

    return run


def _status(treaty: Treaty, code: str, on: date = AS_OF) -> str:
    period = StatusPeriod.objects.on(on).filter(treaty=treaty, state__code=code).first()
    return period.status if period else "not_joined"


def test_kyoto_is_titled_from_its_subtitle_and_computed_from_its_catalogue_rules(imported):
    imported("XXVII-7-a")
    kyoto = Treaty.objects.get(un_reference="XXVII-7-a")
    assert kyoto.slug == "kyoto-protocol" and kyoto.rules_source == "catalogue"
    assert kyoto.title == (
        "Kyoto Protocol to the United Nations Framework Convention on Climate Change"
    )
    assert kyoto.recorded_entry_into_force == date(2005, 2, 16)
    # Computed from art. 25(1) (condition met 18 Nov 2004, + 90 days), and it agrees.
    assert (kyoto.entry_into_force_date, kyoto.entry_into_force_basis) == (
        date(2005, 2, 16),
        "computed",
    )
    withdrawal = Event.objects.get(treaty=kyoto, state__code="CAN", kind="withdrawal")
    assert (withdrawal.effective_date, withdrawal.effective_date_basis) == (
        date(2012, 12, 15),
        "computed",
    )
    assert not withdrawal.disagrees_with_depositary
    assert _status(kyoto, "CAN") == Status.WITHDRAWN


def test_a_search_for_climate_finds_kyoto(corpus):
    from treaties.selectors import treaty_search

    untc_xml_import([corpus / "XXVII-7-a.en.xml"], as_of=AS_OF)
    assert [t.un_reference for t in treaty_search("climate")] == ["XXVII-7-a"]


def test_rome_has_no_participants_table_and_is_reported_with_its_header_counts(imported):
    report = imported("XVIII-10")
    assert [str(f) for f in report.without_participants] == [
        "XVIII-10: no participants table (signatories 138, parties 123)"
    ]
    rome = Treaty.objects.get(un_reference="XVIII-10")
    assert (rome.depositary_signatories, rome.depositary_parties) == (138, 123)
    assert rome.slug == "rome-statute" and rome.rules_source == "catalogue"
    assert not Event.objects.filter(treaty=rome).exists()
    # No event reaches the 60th instrument: the depositary's date stands, as recorded.
    assert (rome.entry_into_force_date, rome.entry_into_force_basis) == (
        date(2002, 7, 1),
        "recorded",
    )
    assert rome.recorded_entry_into_force_article == "article 126"


def test_a_file_whose_content_is_another_treaty_is_refused_and_changes_nothing(corpus, tmp_path):
    untc_xml_import([corpus / "XXVI-5.en.xml"], as_of=AS_OF)
    apmbc = Treaty.objects.get(un_reference="XXVI-5")
    events = Event.objects.filter(treaty=apmbc).count()
    misnamed = tmp_path / "XXVI-5.en.xml"
    shutil.copy(corpus / "XXVI-6.en.xml", misnamed)  # the CCM's file under the APMBC's name
    with pytest.raises(ImportFailed) as refused:
        untc_xml_import([misnamed], as_of=AS_OF)
    assert "its content is treaty XXVI-6" in refused.value.report.error_text()
    apmbc.refresh_from_db()
    assert apmbc.title.startswith("Convention on the Prohibition of the Use, Stockpiling")
    assert Event.objects.filter(treaty=apmbc).count() == events
    assert not Treaty.objects.filter(un_reference="XXVI-6").exists()


def test_with_keep_going_a_refused_file_is_listed_and_the_others_are_imported(corpus, tmp_path):
    misnamed = tmp_path / "XXVI-5.en.xml"
    shutil.copy(corpus / "XXVI-6.en.xml", misnamed)
    report = untc_xml_import([misnamed, corpus / "XXVI-9.en.xml"], keep_going=True)
    assert report.refused_files == ["XXVI-5.en.xml"]
    assert list(Treaty.objects.values_list("un_reference", flat=True)) == ["XXVI-9"]


def test_a_file_declaring_entities_is_refused_before_it_is_parsed(tmp_path):
    bomb = tmp_path / "I-1.en.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><Document>&a;</Document>'
    )
    with pytest.raises(ImportFailed, match="declares a DTD or entities"):
        untc_xml_import([bomb])


def test_a_file_without_a_treaty_header_is_refused(tmp_path):
    empty = tmp_path / "I-1.en.xml"
    empty.write_text('<?xml version="1.0"?><Document><Treaty/></Document>')
    with pytest.raises(ImportFailed, match="has no treaty header"):
        untc_xml_import([empty])


def test_every_imported_treaty_is_computed_at_once_without_a_broker(imported):
    # Tests run tasks in-process, as the embedded mode (no CELERY_BROKER_URL) does; a treaty
    # without events (Rome, I-2) used to stay "being recomputed" forever.
    imported("XVIII-10", "XXVII-8", "I-2", "XXVI-9")
    assert Treaty.objects.count() == 4
    assert not Treaty.objects.stale().exists()


def _event(treaty: Treaty, code: str, kind: str) -> Event:
    return Event.objects.get(treaty=treaty, state__code=code, kind=kind)


def test_stockholm_is_computed_from_the_article_the_depositary_quotes(imported):
    imported("XXVII-15")
    stockholm = Treaty.objects.get(un_reference="XXVII-15")
    assert (stockholm.rules_source, stockholm.rules_review) == ("parsed", "")
    eif = stockholm.rules["entry_into_force"]
    # "on the ninetieth day after the date of deposit of the fiftieth instrument ...";
    # art. 26(3): an organisation's instrument is not counted as additional.
    assert eif["threshold"]["count"] == 50
    assert eif["threshold"]["organisations_not_additional"] is True
    assert eif["period"] == [{"add": {"days": 90}}]
    assert stockholm.rules["later_states"]["period"] == [{"add": {"days": 90}}]
    assert stockholm.rules_evidence["check"]["outcome"] == "reproduces"
    assert (stockholm.entry_into_force_date, stockholm.entry_into_force_basis) == (
        date(2004, 5, 17),
        "computed",
    )
    # A later party: the Republic of Korea ratified on 25 Jan 2007 → 90 days → 25 Apr 2007.
    korea = _event(stockholm, "KOR", "ratification")
    assert (korea.effective_date, korea.effective_date_basis) == (date(2007, 4, 25), "computed")
    # The EU's approval (16 Nov 2004) takes effect for it but was never counted.
    assert _status(stockholm, "KOR") == Status.PARTY


def test_the_biodiversity_convention_is_inferred_as_90_days_after_the_30th_instrument(imported):
    imported("XXVII-8")
    cbd = Treaty.objects.get(un_reference="XXVII-8")
    assert (cbd.rules_source, cbd.rules_review) == ("inferred", "pending")
    assert cbd.rules["entry_into_force"]["threshold"]["count"] == 30
    assert cbd.rules["entry_into_force"]["period"] == [{"add": {"days": 90}}]
    [fit] = cbd.rules_evidence["fits"]
    assert fit["threshold_date"] == "1993-09-30"
    # The treaty's own date is the depositary's, which the inferred rule reproduces.
    assert (cbd.entry_into_force_date, cbd.entry_into_force_basis) == (
        date(1993, 12, 29),
        "recorded",
    )
    assert cbd.recorded_entry_into_force_article == "article 36(1)"
    # A later joiner: France ratified on 1 Jul 1994 → 90 days after → 29 Sep 1994, inferred.
    france = _event(cbd, "FRA", "ratification")
    assert (france.effective_date, france.effective_date_basis) == (
        date(1994, 9, 29),
        "inferred",
    )
    assert _status(cbd, "FRA") == Status.PARTY


def test_the_montreal_protocol_keeps_its_fixed_date_and_no_guess_for_its_states(imported):
    imported("XXVII-2-a")
    montreal = Treaty.objects.get(un_reference="XXVII-2-a")
    assert (montreal.entry_into_force_date, montreal.entry_into_force_basis) == (
        date(1989, 1, 1),
        "recorded",
    )
    assert montreal.recorded_entry_into_force_article == "article 16(1)"
    # Art. 16(1) is not quoted, and several delays after 1988 deposits land on 1 January
    # 1989: each is kept as one reading of inferred rules, and a state gets a date only where
    # every reading gives the same.
    assert (montreal.rules_source, montreal.rules_review) == ("inferred", "pending")
    assert montreal.rules_evidence["outcome"] == "alternatives"
    assert len(montreal.rules["alternatives"]) >= 1
    # Mexico accepted on 31 Mar 1988, before any reading's threshold: 1 Jan 1989 under each.
    mexico = _event(montreal, "MEX", "acceptance")
    assert (mexico.effective_date, mexico.effective_date_basis) == (date(1989, 1, 1), "inferred")
    assert _status(montreal, "MEX") == Status.PARTY
    # France approved on 28 Dec 1988: 1 Jan 1989 if the threshold came in December, later if
    # it came earlier. The readings disagree, so its date is unknown, never a guess.
    france = _event(montreal, "FRA", "approval")
    assert (france.effective_date, france.effective_date_basis) == (None, "unknown")
    assert "1 Jan 1989" in str(france.explanation)
    assert _status(montreal, "FRA", date(1989, 2, 1)) == Status.CONSENTED_UNKNOWN
    # Once every reading has it bound, it is a party whatever the rule.
    assert _status(montreal, "FRA") == Status.PARTY
