"""Statements written through the services and read through the selector."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError

from statements.models import Statement, StatementKind
from statements.selectors import statements_on
from statements.services import (
    StatementRejected,
    StatementRow,
    statement_record,
    statement_update,
    statements_apply,
)
from tests.factories import SOURCE, EventFactory, StateFactory, TreatyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def treaty():
    return TreatyFactory.create()


def _record(treaty, state, **extra):
    fields = {
        "kind": StatementKind.RESERVATION,
        "source_url": SOURCE,
        "source_section": f"test Declarations #{Statement.objects.count() + 1}",
        "text": "The State does not consider itself bound by article IX.",
    }
    return statement_record(treaty=treaty, state=state, **{**fields, **extra})


def test_in_effect_means_made_by_the_day_and_not_yet_withdrawn(treaty):
    state = StateFactory.create()
    made = _record(
        treaty, state, made_on=date(1990, 1, 1), withdrawn_on=date(2000, 1, 1), articles="IX"
    )
    undated = _record(treaty, state, kind=StatementKind.DECLARATION)
    assert list(statements_on(treaty=treaty, on=date(1989, 12, 31))) == [undated]
    assert set(statements_on(treaty=treaty, on=date(1995, 1, 1))) == {made, undated}
    # Withdrawn on that day: no longer in effect.
    assert list(statements_on(treaty=treaty, on=date(2000, 1, 1))) == [undated]
    assert set(statements_on(state=state)) == {made, undated}


def test_kind_article_and_target_filter(treaty):
    state, other = StateFactory.create(), StateFactory.create()
    ix = _record(treaty, state, articles="article IX")
    _record(treaty, state, articles="article XIX")
    objection = _record(treaty, other, kind=StatementKind.OBJECTION, objects_to=state)
    assert list(statements_on(treaty=treaty, article="IX")) == [ix]
    assert list(statements_on(treaty=treaty, kind="objection")) == [objection]
    assert list(statements_on(treaty=treaty, objects_to=state)) == [objection]
    with pytest.raises(ValueError):
        statements_on()


def test_a_statement_without_source_or_with_a_wrong_tie_is_refused_and_not_written(treaty):
    state, other = StateFactory.create(), StateFactory.create()
    with pytest.raises(StatementRejected) as refused:
        _record(treaty, state, source_url="")
    assert "source_url" in refused.value.message_dict
    with pytest.raises(StatementRejected) as refused:
        _record(treaty, state, kind=StatementKind.OBJECTION, objects_to=state)
    assert "objects_to" in refused.value.message_dict
    with pytest.raises(StatementRejected):
        _record(treaty, state, objects_to=other)  # only an objection names a target
    with pytest.raises(StatementRejected) as refused:
        _record(treaty, state, upon_event=EventFactory.create(treaty=treaty, state=other))
    assert "upon_event" in refused.value.message_dict
    with pytest.raises(StatementRejected):
        _record(treaty, state, made_on=date(2000, 1, 1), withdrawn_on=date(1999, 1, 1))
    assert not Statement.objects.exists()


def test_the_database_refuses_an_objection_target_on_a_reservation(treaty):
    state, other = StateFactory.create(), StateFactory.create()
    statement = _record(treaty, state)
    with pytest.raises(IntegrityError):
        Statement.objects.filter(pk=statement.pk).update(objects_to=other)


def test_update_checks_again_and_keeps_history(treaty):
    statement = _record(treaty, StateFactory.create())
    statement_update(statement=statement, articles="IX")
    assert statement.history.count() == 2
    with pytest.raises(StatementRejected):
        statement_update(statement=statement, kind="nonsense")


def test_a_batch_links_a_withdrawal_and_is_all_or_nothing(treaty):
    state = StateFactory.create()
    rows = [
        StatementRow("a", state, StatementKind.RESERVATION, SOURCE, "f Declarations #1"),
        StatementRow(
            "b",
            state,
            StatementKind.WITHDRAWAL,
            SOURCE,
            "f endnote 3",
            made_on=date(2001, 2, 3),
            withdraws_section="f Declarations #1",
        ),
    ]
    result = statements_apply(treaty=treaty, rows=rows)
    assert (result.created, result.errors) == (2, [])
    withdrawal = Statement.objects.get(kind="withdrawal")
    assert withdrawal.withdraws == Statement.objects.get(kind="reservation")
    again = statements_apply(treaty=treaty, rows=rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    bad = [*rows, StatementRow("c", state, "nonsense", SOURCE, "f Declarations #2")]
    refused = statements_apply(treaty=treaty, rows=bad)
    assert [line for line, _ in refused.errors] == ["c"]
    assert Statement.objects.count() == 2
