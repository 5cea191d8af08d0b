"""The UN's 2026 status tables imported into the database, all or nothing."""

from __future__ import annotations

import csv
import shutil
from datetime import date

import pytest

from events.models import Event
from events.selectors.participants import status_counts
from events.services import treaty_recompute
from ingest.base import ImportFailed
from ingest.untc_csv import untc_csv_import
from states.services import states_load
from tests.factories import treaty_from_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccm_table(shared_data):
    states_load()
    return shared_data / "untc-status-2026" / "CCM_XXVI-6_status.csv"


def _with_lithuanias_row_changed(tmp_path, table, **changes):
    """The table (and its footnotes) copied to ``tmp_path`` with Lithuania's row changed."""
    shutil.copy(table.with_name("CCM_XXVI-6_footnotes.csv"), tmp_path)
    target = tmp_path / table.name
    with table.open(newline="", encoding="utf-8") as src, target.open("w", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        for row in reader:
            writer.writerow({**row, **changes} if row["participant"] == "Lithuania" else row)
    return target


def test_the_ccm_table_gives_lithuanias_withdrawal_and_the_uns_112_parties(ccm_table):
    ccm = treaty_from_catalogue("ccm")
    report = untc_csv_import([ccm_table])
    assert report.ok and not report.unmatched
    treaty_recompute(treaty_id=ccm.pk)

    ccm.refresh_from_db()
    assert ccm.status_as_at == date(2026, 2, 3)
    assert ccm.entry_into_force_date == date(2010, 8, 1)
    withdrawal = Event.objects.get(treaty=ccm, state__code="LTU", kind="withdrawal")
    assert withdrawal.date == date(2024, 9, 6)
    assert withdrawal.published_effective_date == withdrawal.effective_date == date(2025, 3, 6)
    assert all(e.source_url.startswith("https://treaties.un.org/") for e in ccm.events.all())
    # The UN counts 112 parties on 3 Feb 2026: those bound, and Vanuatu, whose accession of
    # 5 Sep 2025 takes effect on 1 Mar 2026 (art. 17(2)).
    counts = status_counts(treaty_ids=[ccm.pk], on=date(2026, 2, 3))[ccm.pk]
    assert (counts["party"], counts["consented"], counts["withdrawn"]) == (111, 1, 1)
    vanuatu = Event.objects.get(treaty=ccm, state__code="VUT", kind="accession")
    assert (vanuatu.date, vanuatu.effective_date) == (date(2025, 9, 5), date(2026, 3, 1))


def test_importing_the_same_table_again_changes_nothing(ccm_table):
    ccm = treaty_from_catalogue("ccm")
    untc_csv_import([ccm_table])
    again = untc_csv_import([ccm_table])
    assert not again.changed
    assert again.events_unchanged == ccm.events.count()


def test_an_unknown_participant_stops_the_whole_import_and_names_close_matches(ccm_table, tmp_path):
    treaty_from_catalogue("ccm")
    renamed = _with_lithuanias_row_changed(tmp_path, ccm_table, participant="Lithuanai")
    with pytest.raises(ImportFailed) as failure:
        untc_csv_import([renamed])
    assert "Lithuanai" in failure.value.report.unmatched
    assert any("Lithuania" in name for name in failure.value.report.unmatched["Lithuanai"])
    assert not Event.objects.exists()


def test_a_file_that_is_not_a_status_table_is_refused_with_the_missing_column(tmp_path):
    other = tmp_path / "notes_status.csv"
    other.write_text("name,when\nLithuania,2011-03-24\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        untc_csv_import([other])
    assert failure.value.report.error_text() == (
        "notes_status.csv: not a UN status table: no column 'treaty'"
    )


def test_a_table_of_a_treaty_we_do_not_have_is_refused_with_its_reference(ccm_table):
    with pytest.raises(ImportFailed) as failure:
        untc_csv_import([ccm_table])
    assert "no treaty with UN reference XXVI-6" in failure.value.report.error_text()
    assert not Event.objects.exists()


def test_an_impossible_date_in_the_table_is_refused_and_nothing_is_written(ccm_table, tmp_path):
    treaty_from_catalogue("ccm")
    broken = _with_lithuanias_row_changed(tmp_path, ccm_table, action_date="2011-02-30")
    with pytest.raises(ImportFailed) as failure:
        untc_csv_import([broken])
    assert failure.value.report.error_text() == (
        "CCM_XXVI-6_status.csv: row 68 (Lithuania): action_date '2011-02-30' is not a real date"
        " in the form YYYY-MM-DD"
    )
    assert not Event.objects.exists()


def test_a_table_that_is_not_utf8_is_refused_with_the_offending_byte(tmp_path, db):
    latin1 = tmp_path / "CCM_XXVI-6_status.csv"
    latin1.write_bytes("treaty,participant\nCCM (XXVI-6),Türkiye\n".encode("latin-1"))
    with pytest.raises(ImportFailed) as failure:
        untc_csv_import([latin1])
    assert failure.value.report.error_text() == (
        "CCM_XXVI-6_status.csv: not UTF-8 text (byte 0xfc at position 33)"
    )
