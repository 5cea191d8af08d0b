"""Our own CSV format: all-or-nothing import, export, and an exact round trip."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from ingest.base import ImportFailed
from ingest.interchange import COLUMNS, events_csv_export, events_csv_import, events_csv_text
from rules import CATALOGUE
from states.services import states_load
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

URL = (
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26&clang=_en"
)
TODAY = date(2026, 11, 28)
HEADER = ",".join(COLUMNS)


@pytest.fixture
def ccm():
    states_load()
    entry = CATALOGUE["ccm"]
    return Treaty.objects.create(
        slug="ccm",
        short_name=entry["short_name"],
        title=entry["title"],
        adopted_on=date.fromisoformat(entry["adopted_on"]),
        rules=entry["rules"],
    )


def _csv(*rows: str) -> io.StringIO:
    return io.StringIO("\n".join([HEADER, *rows]) + "\n")


GOOD = [
    f"ccm,LTU,signature,2008-12-03,{URL},,,,,",
    f"ccm,LTU,ratification,2011-03-24,{URL},,Provisional application declared,yes,,",
    f"ccm,LTU,withdrawal,2024-09-06,{URL},C.N.347.2024.TREATIES-XXVI-6,,,,2025-03-06",
    f"ccm,NOR,ratification,2008-12-03,{URL},,,,,",
]


def test_a_valid_file_creates_one_event_per_row(ccm):
    report = events_csv_import(_csv(*GOOD), today=TODAY)
    assert report.events_created == 4
    withdrawal = Event.objects.get(state__code="LTU", kind="withdrawal")
    assert withdrawal.notification_ref == "C.N.347.2024.TREATIES-XXVI-6"
    assert withdrawal.published_effective_date == date(2025, 3, 6)
    assert Event.objects.get(state__code="LTU", kind="ratification").bracketed is True


def test_importing_the_same_file_again_changes_nothing(ccm):
    events_csv_import(_csv(*GOOD), today=TODAY)
    before = list(Event.objects.values_list("pk", "updated_at"))
    report = events_csv_import(_csv(*GOOD), today=TODAY)
    assert (report.events_created, report.events_updated, report.events_unchanged) == (0, 0, 4)
    assert list(Event.objects.values_list("pk", "updated_at")) == before


def test_a_changed_note_updates_the_stored_event(ccm):
    events_csv_import(_csv(*GOOD), today=TODAY)
    changed = [*GOOD[:3], f"ccm,NOR,ratification,2008-12-03,{URL},,Corrected note,,,"]
    report = events_csv_import(_csv(*changed), today=TODAY)
    assert report.events_updated == 1
    assert Event.objects.get(state__code="NOR").note == "Corrected note"


def test_bad_rows_are_reported_by_row_number_and_nothing_is_written(ccm):
    rows = [
        *GOOD,
        f"ccm,XYZ,ratification,2011-03-24,{URL},,,,,",  # row 6
        f"ccm,FRA,ratification,24/03/2011,{URL},,,,,",  # row 7
        f"nope,FRA,ratification,2011-03-24,{URL},,,,,",  # row 8
        "ccm,FRA,ratification,2011-03-24,,,,,,",  # row 9
        f"ccm,FRA,ratify,2011-03-24,{URL},,,,,",  # row 10
    ]
    with pytest.raises(ImportFailed) as exc:
        events_csv_import(_csv(*rows), today=TODAY)
    text = exc.value.report.error_text()
    assert "row 6: state: no state with code 'XYZ'" in text
    assert "row 7: date: '24/03/2011' is not an ISO date" in text
    assert "row 8: treaty: no treaty with slug 'nope'" in text
    assert "row 9: source_url" in text
    assert "row 10: kind: 'ratify'" in text
    assert not Event.objects.exists()


def test_a_rule_violation_rejects_the_whole_file(ccm):
    rows = [*GOOD, f"ccm,FRA,withdrawal,2020-01-01,{URL},,,,,"]  # row 6: France not bound
    with pytest.raises(ImportFailed) as exc:
        events_csv_import(_csv(*rows), today=TODAY)
    assert [e.line for e in exc.value.report.errors] == ["row 6"]
    assert "FRA cannot withdraw" in exc.value.report.errors[0].message
    assert not Event.objects.exists()


def test_a_duplicate_row_is_an_error(ccm):
    with pytest.raises(ImportFailed) as exc:
        events_csv_import(_csv(*GOOD, GOOD[3]), today=TODAY)
    assert "row 6: NOR ratification of 2008-12-03 appears twice (also row 5)" in str(exc.value)


def test_a_wrong_header_is_refused(ccm):
    with pytest.raises(ImportFailed, match="missing columns: state"):
        events_csv_import(io.StringIO("treaty,country,kind,date,source_url\n"), today=TODAY)


def test_export_then_import_into_an_empty_database_reproduces_every_event(ccm):
    events_csv_import(_csv(*GOOD), today=TODAY)
    fields = ["treaty__slug", "state__code", "kind", "date", *COLUMNS[4:]]
    before = sorted(Event.objects.values_list(*fields))
    first = io.StringIO()
    assert events_csv_export(first) == 4
    Event.history.all().delete()
    Event.objects.all().delete()
    events_csv_import(io.StringIO(first.getvalue()), today=TODAY)
    assert sorted(Event.objects.values_list(*fields)) == before
    second = io.StringIO()
    events_csv_export(second)
    assert second.getvalue() == first.getvalue()


def test_export_costs_one_query_whatever_the_number_of_events(ccm, django_assert_num_queries):
    events_csv_import(_csv(*GOOD), today=TODAY)
    with django_assert_num_queries(1):
        events_csv_export(io.StringIO())


def test_the_import_checks_a_whole_treaty_in_a_bounded_number_of_queries(
    ccm, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        events_csv_import(_csv(*GOOD), today=TODAY)


def test_the_commands_export_one_treaty_and_refuse_a_bad_file(ccm, tmp_path):
    events_csv_import(_csv(*GOOD), today=TODAY)
    out = tmp_path / "ccm.csv"
    call_command("export_events", "--treaty", "ccm", "-o", str(out), stderr=io.StringIO())
    assert out.read_text().count("\n") == 5
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"\nccm,LTU,withdrawal,2030-01-01,{URL},,,,,\n")
    with pytest.raises(CommandError, match="Nothing was imported: 2 error"):
        call_command("import_events", str(bad))
    with pytest.raises(CommandError, match="No treaty with slug"):
        call_command("export_events", "--treaty", "nope")


def test_a_file_that_is_not_utf8_is_refused_with_a_message_not_a_traceback(tmp_path, db):
    latin1 = tmp_path / "events.csv"
    latin1.write_bytes("treaty,state\nccm,Türkiye\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r"is not UTF-8 text \(byte 0xfc at position 18\)"):
        call_command("import_events", str(latin1), stdout=io.StringIO())


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1", "-1", "@A1", "'=kept", "'tis"]


@pytest.mark.parametrize("note", FORMULAS)
def test_a_note_a_spreadsheet_would_run_is_exported_behind_an_apostrophe_and_reimported_exactly(
    ccm, note
):
    events_csv_import(_csv(*GOOD), today=TODAY)
    Event.objects.filter(state__code="NOR").update(note=note)
    exported = io.StringIO()
    events_csv_export(exported)
    Event.history.all().delete()
    Event.objects.all().delete()

    events_csv_import(io.StringIO(exported.getvalue()), today=TODAY)

    cells = next(r for r in csv.reader(io.StringIO(exported.getvalue())) if r[1] == "NOR")
    assert not cells[COLUMNS.index("note")].startswith(("=", "+", "-", "@"))
    assert Event.objects.get(state__code="NOR").note == note


def test_an_event_read_from_a_note_keeps_its_mark_through_export_and_import(ccm):
    rows = [*GOOD[:2], f"ccm,LTU,withdrawal,2024-09-06,{URL},,Read from UN endnote 3,,,,yes"]
    events_csv_import(_csv(*rows), today=TODAY)
    assert Event.objects.get(kind="withdrawal").from_note is True
    assert Event.objects.get(kind="ratification").from_note is False
    exported = events_csv_text()
    assert exported.splitlines()[0].endswith(",from_note")
    Event.objects.all().delete()
    events_csv_import(io.StringIO(exported), today=TODAY)
    assert list(Event.objects.filter(from_note=True).values_list("kind", flat=True)) == [
        "withdrawal"
    ]


def test_a_file_without_the_from_note_column_still_imports(ccm):
    header = ",".join(c for c in COLUMNS if c != "from_note")
    report = events_csv_import(io.StringIO("\n".join([header, *GOOD]) + "\n"), today=TODAY)
    assert report.events_created == 4 and not Event.objects.filter(from_note=True).exists()
