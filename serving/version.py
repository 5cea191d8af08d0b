"""The data version: one query that changes whenever the data does.

Every page and API response is a function of the stored data, the URL and (where a date
defaults to today) the day. Responses are tagged and stored under the version, so a stored
rendering is never stale and nothing has to be invalidated: a change makes new keys, and old
entries age out of the cache.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any, cast

from django.db import connection
from django.utils import timezone

from events.models import ArmedConflict
from statements.models import Statement
from states.models import State, StateAlias
from treaties.models import Treaty


@functools.cache
def _data_version_sql(vendor: str) -> str:
    # Built once per database vendor: ``Model.history`` builds a new manager class on every
    # access (~0.3 ms).
    treaty = Treaty._meta.db_table
    recorded = (State, StateAlias, Treaty, ArmedConflict, Statement)
    histories = [m.history.model._meta.db_table for m in recorded]
    # Sums of every treaty's times, not their maxima: a time only ever moves forward, so any
    # committed change moves the sum, even one whose time is older than another transaction's
    # that committed first (a maximum would stand still then, and stale answers be served for
    # good). Exact on PostgreSQL (numeric epoch with microseconds); on SQLite, whose writers
    # never overlap, Julian days.
    epoch = "EXTRACT(EPOCH FROM {})" if vendor == "postgresql" else "julianday({})"
    return (
        f"SELECT (SELECT MAX(data_changed_at) FROM {treaty}),"
        f" (SELECT MAX(derived_at) FROM {treaty}),"
        f" (SELECT COUNT(*) FROM {treaty}),"
        f" (SELECT SUM({epoch.format('data_changed_at')}) FROM {treaty}),"
        f" (SELECT SUM({epoch.format('derived_at')}) FROM {treaty}),"
        # History rows are only ever added: their number moves with every committed edit.
        + ",".join(f" (SELECT COUNT(*) FROM {table})" for table in histories)
        + ","
        + ",".join(f" (SELECT MAX(history_date) FROM {table})" for table in histories)
    )


def data_version() -> tuple[datetime | None, str]:
    """The time of the data's last change and an opaque version string, in one query.

    Every write of events, armed conflicts or rules bumps ``Treaty.data_changed_at`` and every
    recomputation sets ``derived_at``; edits of states, their aliases, a treaty's key facts,
    armed conflicts and statements (reservations, objections...) are recorded by
    django-simple-history. The version holds the sums of the treaties' times and the number of
    history entries, which move with every committed change whatever order transactions commit
    in; the treaty count catches deletions. Writes that bypass both (raw ``update()`` calls) are
    not seen.
    """
    with connection.cursor() as cursor:
        cursor.execute(_data_version_sql(connection.vendor))
        row = cursor.fetchone()
    histories = (len(row) - 5) // 2
    stamps = [_aware(s) for s in (row[0], row[1], *row[5 + histories :]) if s is not None]
    last = max(stamps) if stamps else None
    return last, "|".join(str(value) for value in row[2 : 5 + histories])


def _aware(value: Any) -> datetime:
    # SQLite hands back strings from raw SQL; PostgreSQL aware datetimes.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return cast(datetime, value)
