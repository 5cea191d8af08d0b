"""The whole 2018 corpus once: every statement entry of every file becomes a statement or a
report line saying why not (slow: one import of 407 files)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from ingest.corpus_report import corpus_figures
from ingest.untc_xml import untc_xml_import
from statements.models import Statement
from states.services import states_load

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

ENTRY = re.compile(r"<(Declaration|Objection|Notification|Application)>")


def test_no_statement_entry_of_the_corpus_is_lost(shared_data):
    states_load()
    paths = sorted((shared_data / "untc-mtdsg-xml-2018").glob("*.xml"))
    report = untc_xml_import(paths, as_of=date(2018, 1, 15), keep_going=True)
    assert report.ok and not report.refused_files, report.error_text()
    published = Counter(
        {p.name: len(ENTRY.findall(p.read_bytes().decode("latin-1"))) for p in paths}
    )
    recorded = Counter(
        section.split(" ")[0]
        for section in Statement.objects.exclude(source_section__contains=" endnote ").values_list(
            "source_section", flat=True
        )
    )
    recorded.update(line.split(" ")[0] for line in report.statements.not_imported)
    assert +published == +recorded
    # 1,947 declarations (of which 38 under an article), 210 objections, 85 notifications,
    # 191 territorial applications.
    assert sum(published.values()) == 1947 + 210 + 85 + 191
    figures = corpus_figures()
    entries = sum(figures.statements_by_kind.values()) - figures.statements_by_kind["withdrawal"]
    entries -= figures.statements_by_kind["modification"]
    assert entries + len(report.statements.not_imported) == sum(published.values())
    # The one entry not imported: a participant name the states' data does not know.
    assert report.statements.not_imported == [
        "XII-1.en.xml Declarations #25: unknown participant 'Yugoslavia (former)'"
    ]
