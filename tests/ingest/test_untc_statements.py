"""Reservations, declarations, objections and territorial applications from the UN's 2018 files:
every entry becomes a statement (or a line of the report saying why not), each quoted with its
source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction

from ingest.corpus_report import corpus_figures
from ingest.untc_xml import XmlImportReport, untc_xml_import
from statements.models import Statement, StatementKind
from statements.selectors import statements_on
from states.services import states_load

pytestmark = pytest.mark.django_db

FILES = ["III-2", "IV-1", "XXVI-5", "IV-3-a", "IV-11-c"]
#: An entry of a statement section, counted on the raw text (independent of the importer).
ENTRY = re.compile(r"<(Declaration|Objection|Notification|Application)>")


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker) -> Iterator[tuple[list[Path], XmlImportReport]]:
    """One import for the module, in a transaction rolled back at its end."""
    from tests.conftest import SHARED_DATA

    with django_db_blocker.unblock(), transaction.atomic():
        states_load()
        folder = SHARED_DATA / "untc-mtdsg-xml-2018"
        paths = [folder / f"{ref}.en.xml" for ref in FILES]
        yield paths, untc_xml_import(paths, as_of=date(2018, 1, 15))
        transaction.set_rollback(True)


def _entries(path: Path) -> int:
    return len(ENTRY.findall(path.read_bytes().decode("latin-1")))


def test_every_entry_of_each_file_is_a_statement_or_a_report_line(imported):
    paths, report = imported
    for path in paths:
        recorded = (
            Statement.objects.filter(source_section__startswith=f"{path.name} ")
            .exclude(source_section__contains=" endnote ")
            .count()
        )
        reported = [line for line in report.statements.not_imported if line.startswith(path.name)]
        assert recorded + len(reported) == _entries(path) > 0, path.name
    # Per section too: III-2 has 28 declarations, 1 objection, 2 territorial applications.
    iii2 = Statement.objects.filter(treaty__un_reference="III-2").exclude(
        source_section__contains=" endnote "
    )
    assert iii2.filter(source_section__contains=" Declarations #").count() == 28
    assert iii2.filter(kind=StatementKind.OBJECTION).count() == 1
    assert iii2.filter(kind=StatementKind.TERRITORIAL_APPLICATION).count() == 2
    assert report.statements.entries["III-2.en.xml Declarations"] == 28


def test_the_netherlands_objects_to_chinas_reservation(imported):
    objection = Statement.objects.get(
        treaty__un_reference="III-2", state__code="NLD", kind=StatementKind.OBJECTION
    )
    assert objection.objects_to is not None and objection.objects_to.code == "CHN"
    assert objection.made_on == date(1980, 1, 11)
    assert objection.text.startswith('"The Government of the Kingdom of the Netherlands')
    assert objection.source_section == "III-2.en.xml Objections #1"
    assert "mtdsg_no=III-2" in objection.source_url
    china = objection.objects_to
    assert list(statements_on(state=objection.state, objects_to=china)) == [objection]


def test_a_declaration_under_an_article_names_its_articles(imported):
    belgium = Statement.objects.get(
        treaty__un_reference="IV-3-a",
        state__code="BEL",
        kind=StatementKind.DECLARATION_UNDER_ARTICLE,
    )
    assert "articles 10 and 11" in belgium.articles
    assert belgium.text.startswith("The Kingdom of Belgium recognizes the competence")
    austria = Statement.objects.get(
        treaty__un_reference="XXVI-5",
        state__code="AUT",
        kind=StatementKind.DECLARATION_UNDER_ARTICLE,
    )
    assert austria.articles == "article 18 (1)"


def test_germanys_territorial_application_to_land_berlin(imported):
    berlin, saar = Statement.objects.filter(
        treaty__un_reference="III-2", kind=StatementKind.TERRITORIAL_APPLICATION
    ).order_by("source_section")
    assert (berlin.state.code, berlin.text, berlin.made_on) == (
        "DEU",
        "Land Berlin",
        date(1957, 10, 10),
    )
    # The continuation row names no participant: the row above's.
    assert (saar.state.code, saar.text) == ("DEU", "Saar")


def test_bulgarias_reservation_is_withdrawn_on_the_date_the_endnote_gives(imported):
    reservation = Statement.objects.get(
        source_section="III-2.en.xml Declarations #3", state__code="BGR"
    )
    assert reservation.withdrawn_on == date(1992, 6, 24)
    withdrawal = reservation.withdrawals.get()
    assert withdrawal.kind == StatementKind.WITHDRAWAL
    assert withdrawal.made_on == date(1992, 6, 24)
    assert withdrawal.text.startswith("On 24 June 1992, the Government of Bulgaria")
    treaty = reservation.treaty
    assert reservation in statements_on(treaty=treaty, on=date(1990, 1, 1))
    assert reservation not in statements_on(treaty=treaty, on=date(1992, 6, 24))


def test_a_withdrawal_of_part_of_a_reservation_leaves_the_rest_in_effect(imported):
    # Albania withdrew its reservation "regarding article IX"; its entry is about article XII.
    albania = Statement.objects.get(source_section="IV-1.en.xml Declarations #1")
    assert albania.state.code == "ALB" and albania.withdrawn_on is None
    partial = albania.withdrawals.get()
    assert partial.made_on == date(1999, 7, 19) and partial.articles == "article IX"


def test_a_statement_upon_accession_is_tied_to_the_accession(imported):
    bahrain = Statement.objects.get(source_section="III-2.en.xml Declarations #1")
    assert bahrain.state.code == "BHR" and bahrain.made_upon == "upon accession"
    assert bahrain.upon_event is not None
    assert bahrain.upon_event.kind == "accession"
    assert bahrain.made_on == bahrain.upon_event.date


def test_a_dated_entry_is_not_said_to_be_made_upon_the_sections_default(imported):
    # Côte d'Ivoire's entry is dated 28 December 1961, not its accession's date.
    ivory = Statement.objects.get(source_section="III-2.en.xml Declarations #5")
    assert ivory.made_on == date(1961, 12, 28)
    assert ivory.made_upon == "" and ivory.upon_event is None


def test_an_objection_naming_a_short_form_of_a_participant_finds_it(imported):
    # "the reservation made by the United States Government" (the table: "United States of
    # America").
    mexico = Statement.objects.get(source_section="IV-1.en.xml Objections #13")
    assert mexico.state.code == "MEX"
    assert mexico.objects_to is not None and mexico.objects_to.code == "USA"


def test_an_objection_to_several_states_is_flagged_not_guessed(imported):
    flagged = Statement.objects.get(source_section="IV-11-c.en.xml Objections #4")
    assert flagged.objects_to is None
    assert "several states" in flagged.needs_review


def test_reimporting_changes_no_statement(imported):
    paths, first = imported
    again = untc_xml_import(paths, as_of=date(2018, 1, 15))
    assert again.statements.created == again.statements.updated == 0
    assert again.statements.unchanged == first.statements.created


def test_objections_without_a_target_are_listed_for_review_never_dropped(imported, admin_client):
    """Each objection whose target the text does not give says why, is on the admin's review
    list and data-quality page, and is listed by corpus_report."""
    untargeted = Statement.objects.filter(kind=StatementKind.OBJECTION, objects_to__isnull=True)
    sections = set(untargeted.values_list("source_section", flat=True))
    assert "IV-11-c.en.xml Objections #4" in sections
    assert not untargeted.filter(needs_review="").exists()

    figures = corpus_figures()
    assert figures.objections_without_target == len(sections)
    assert {line.split(": ")[0] for line in figures.untargeted_lines} == sections

    changelist = admin_client.get("/admin/statements/statement/", {"review": "untargeted"})
    assert changelist.status_code == 200
    assert f"{len(sections)} statement" in changelist.content.decode()
    quality = admin_client.get("/admin/events/event/data-quality/").content.decode()
    assert f"Objections without a target ({len(sections)})" in quality
    assert "IV-11-c.en.xml Objections #4" in quality
