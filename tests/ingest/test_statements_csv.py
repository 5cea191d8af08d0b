"""The statements CSV: export -> import reproduces every statement; a bad file writes nothing
and says which row is wrong and why."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command

from ingest.base import ImportFailed
from ingest.statements_csv import STATEMENT_COLUMNS, statements_csv_export, statements_csv_import
from statements.models import Statement, StatementKind
from statements.services import statement_record
from states.models import State
from tests.factories import SOURCE, build_ccm

pytestmark = pytest.mark.django_db

FIELDS = (
    "treaty__slug", "state__code", "kind", "made_on", "made_upon", "upon_event_id", "text",
    "articles", "objects_to__code", "withdraws__source_section", "withdrawn_on", "source_url",
    "source_section", "notification", "note", "needs_review",
)  # fmt: skip


@pytest.fixture
def said():
    treaty = build_ccm()
    lithuania = State.objects.get(code="LTU")
    ratification = treaty.events.get(state=lithuania, kind="ratification")
    reservation = statement_record(
        treaty=treaty, state=lithuania, kind="reservation", made_on=date(2011, 3, 24),
        made_upon="upon ratification", upon_event=ratification, articles="article 10",
        text='Not bound by article 10, "as written".\nSecond paragraph, with a comma.',
        withdrawn_on=date(2019, 5, 1), source_url=SOURCE, source_section="test Declarations #1",
        notification="C.N.12.2011", note="=SUM(A1)",  # a formula-like cell survives the trip
    )  # fmt: skip
    statement_record(
        treaty=treaty, state=lithuania, kind="withdrawal", made_on=date(2019, 5, 1),
        withdraws=reservation, text="Withdrawn.", source_url=SOURCE,
        source_section="test Declarations #1 note 2",
    )  # fmt: skip
    other = State.objects.filter(events__treaty=treaty).exclude(pk=lithuania.pk).first()
    assert other is not None
    statement_record(
        treaty=treaty, state=other, kind="objection", objects_to=lithuania, text="We object.",
        source_url=SOURCE, source_section="test Objections #1",
        needs_review="the date could not be read",
    )  # fmt: skip
    return treaty


def _facts() -> list[tuple]:
    return sorted(Statement.objects.values_list(*FIELDS), key=str)


def _export() -> str:
    out = io.StringIO()
    statements_csv_export(out)
    return out.getvalue()


def test_export_then_import_into_an_emptied_table_reproduces_every_statement(said):
    before, text = _facts(), _export()
    assert text.splitlines()[0] == ",".join(STATEMENT_COLUMNS)
    assert "'=SUM(A1)" in text  # neutralised for spreadsheets
    Statement.objects.filter(withdraws__isnull=False).delete()
    Statement.objects.all().delete()

    assert statements_csv_import(io.StringIO(text)) == (3, 0, 0)
    assert _facts() == before
    # Importing the same file again changes nothing.
    assert statements_csv_import(io.StringIO(text)) == (0, 0, 3)


def test_the_commands_round_trip_through_a_file(said, tmp_path):
    path = tmp_path / "statements.csv"
    call_command("export_statements", "-o", str(path))
    before = _facts()
    Statement.objects.filter(withdraws__isnull=False).delete()
    Statement.objects.all().delete()
    out = io.StringIO()
    call_command("import_statements", str(path), stdout=out)
    assert out.getvalue().strip() == "statements: 3 created, 0 updated, 0 unchanged"
    assert _facts() == before


def _edited(text: str, which: str, /, **cells: str) -> str:
    """``text`` with the cells of the row of the kind ``which`` replaced."""
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["kind"] == which:
            row.update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=STATEMENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_a_bad_row_writes_nothing_and_is_reported_with_its_number(said):
    text = _export()
    Statement.objects.filter(withdraws__isnull=False).delete()
    Statement.objects.all().delete()
    rows = list(csv.DictReader(io.StringIO(text)))
    number = 2 + next(i for i, r in enumerate(rows) if r["kind"] == "reservation")
    with pytest.raises(ImportFailed) as failed:
        statements_csv_import(io.StringIO(_edited(text, "reservation", kind="rant")))
    assert [str(e) for e in failed.value.report.errors] == [
        f"row {number}: kind: 'rant' is not one of {', '.join(StatementKind.values)}",
        # The withdrawal of that reservation has nothing to point at.
        f"row {number + 1}: the statement it withdraws (test Declarations #1) is unknown",
    ]
    assert not Statement.objects.exists()
    with pytest.raises(ImportFailed) as failed:
        statements_csv_import(io.StringIO(_edited(text, "objection", objects_to="ZZZ")))
    assert "objects_to: no state with code 'ZZZ'" in str(failed.value)
    with pytest.raises(ImportFailed) as failed:
        statements_csv_import(io.StringIO(_edited(text, "withdrawal", withdraws_section="nope")))
    assert "the statement it withdraws (nope) is unknown" in str(failed.value)
    with pytest.raises(ImportFailed) as failed:
        statements_csv_import(io.StringIO("treaty,state,colour\nccm,LTU,red\n"))
    assert "unknown columns: colour" in str(failed.value)
    assert not Statement.objects.exists()


def test_a_statement_made_upon_an_instrument_not_recorded_is_refused(said):
    text = _edited(_export(), "reservation", upon_event_kind="accession")
    with pytest.raises(ImportFailed) as failed:
        statements_csv_import(io.StringIO(text))
    assert "upon_event: LTU has no accession of" in str(failed.value)
