"""Successions and the codes of the UN tables, on the real 2018 files.

A succession binds its state from the date of succession (states reference data) or from the
treaty's entry into force if that came later; the Part XI Agreement's "p" (simplified
procedure) is a consent; a code no column declares is kept as a consent of unknown kind and
reported.
"""

from __future__ import annotations

from datetime import date

import pytest

from events.models import Event, EventKind, StatusPeriod
from ingest.corpus_report import FROM_ENTRY, FROM_SUCCESSION, corpus_figures
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
    def run(*paths, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return untc_xml_import(
                [p if not isinstance(p, str) else corpus / f"{p}.en.xml" for p in paths],
                as_of=AS_OF,
                **options,
            )

    return run


def _succession(ref: str, code: str) -> Event:
    return Event.objects.get(treaty__un_reference=ref, state__code=code, kind=EventKind.SUCCESSION)


def _status(ref: str, code: str, on: date = AS_OF) -> str:
    period = StatusPeriod.objects.on(on).filter(treaty__un_reference=ref, state__code=code).first()
    return period.status if period else "not_joined"


@pytest.mark.parametrize(
    ("code", "deposited", "bound_from"),
    [
        ("CZE", date(1993, 2, 22), date(1993, 1, 1)),
        ("HRV", date(1992, 10, 12), date(1991, 10, 8)),
        ("MNE", date(2006, 10, 23), date(2006, 6, 3)),
        ("BIH", date(1992, 12, 29), date(1992, 3, 6)),
    ],
)
def test_genocide_convention_successions_bind_from_the_date_of_succession(
    imported, code, deposited, bound_from
):
    imported("IV-1")  # in force since 12 Jan 1951
    event = _succession("IV-1", code)
    assert event.date == deposited
    assert event.effective_date == bound_from
    assert event.effective_date_basis in ("computed", "inferred")
    assert any("bound from the date of succession" in s["text"] for s in event.explanation)
    assert _status("IV-1", code, bound_from) == "party"


def test_a_succession_to_a_treaty_in_force_later_binds_on_its_entry_into_force(imported):
    imported("XXIII-2")  # the Succession Convention itself: in force 6 Nov 1996
    treaty = Treaty.objects.get(un_reference="XXIII-2")
    assert treaty.entry_into_force_date == date(1996, 11, 6)
    for code in ("HRV", "SVN", "BIH"):  # notified 1992-1993, dates of succession 1991-1992
        event = _succession("XXIII-2", code)
        assert event.effective_date == date(1996, 11, 6), code
        assert _status("XXIII-2", code, date(1996, 11, 5)) == "consented", code
    figures = corpus_figures()
    assert figures.successions[FROM_ENTRY] >= 3
    assert figures.successions[FROM_SUCCESSION] >= 1  # Montenegro, 2006


def test_part_xi_agreement_simplified_procedure_rows_are_consents_not_signatures(imported):
    report = imported("XXI-6-a")
    assert report.unknown_codes == []
    bahamas = Event.objects.get(
        treaty__un_reference="XXI-6-a", state__code="BHS", date=date(1995, 7, 28)
    )
    assert bahamas.kind == EventKind.RATIFICATION
    assert "Simplified procedure (p)" in bahamas.note
    simplified = Event.objects.filter(
        treaty__un_reference="XXI-6-a", note__contains="Simplified procedure (p)"
    )
    assert simplified.count() == 16
    for event in simplified.select_related("state"):
        assert _status("XXI-6-a", event.state.code) != "signatory", event.state.code


def test_a_code_no_column_declares_is_kept_as_a_consent_of_unknown_kind_and_reported(
    corpus, imported, tmp_path
):
    text = (corpus / "XXI-6-a.en.xml").read_bytes()
    altered = tmp_path / "XXI-6-a.en.xml"
    altered.write_bytes(text.replace(b"28 Jul 1995 p", b"28 Jul 1995 x", 1))
    report = imported(altered)
    assert len(report.unknown_codes) == 1
    assert report.unknown_codes[0].startswith("XXI-6-a.en.xml ")
    assert report.unknown_codes[0].endswith("1995-07-28 'x'")
    assert "codes not known, kept as consents of unknown kind: 1" in report.summary()
    kept = Event.objects.get(treaty__un_reference="XXI-6-a", kind=EventKind.CONSENT_OF_UNKNOWN_KIND)
    assert kept.date == date(1995, 7, 28)
    assert kept.effective_date is None
    assert kept.effective_date_basis == "unknown"
    assert _status("XXI-6-a", kept.state.code) == "consented_unknown"
    assert len(corpus_figures().unknown_kind) == 1
