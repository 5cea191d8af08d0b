"""Search in the statements' text: the PostgreSQL full-text index is the one the query uses."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from statements.models import Statement, StatementKind
from statements.services import statement_record
from tests.factories import SOURCE, synthetic_states, treaty_from_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def said():
    treaty = treaty_from_catalogue("ccm", status_as_at=date(2026, 2, 3))
    first, second = synthetic_states(2)
    for n, (state, text) in enumerate(
        (
            (first, "The Government reserves its rights under article 9."),
            (second, "The Republic declares that it shall not be bound by article 20."),
        )
    ):
        statement_record(
            treaty=treaty,
            state=state,
            kind=StatementKind.DECLARATION,
            source_url=SOURCE,
            source_section=f"t #{n}",
            text=text,
        )
    return treaty


def test_every_word_must_be_in_the_text(said):
    assert Statement.objects.matching("shall NOT be").count() == 1
    assert Statement.objects.matching("article").count() == 2
    assert Statement.objects.matching("article reserved republic").count() == 0


def test_on_postgresql_the_search_is_stemmed_and_uses_the_gin_index(said, postgresql):
    # "reservation" and "reserves" share the stem "reserv".
    assert Statement.objects.matching("reservation").count() == 1
    assert Statement.objects.matching('"not be bound" or reservation').count() == 2
    sql, params = Statement.objects.matching("reservation").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the table is tiny: force the choice
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "statement_text_search_idx" in plan, plan
