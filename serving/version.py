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
from states.models import State, StateAlias
from treaties.models import Treaty


@functools.cache
def _data_version_sql() -> str:
    # Built once: ``Model.history`` builds a new manager class on every access (~0.3 ms).
    treaty = Treaty._meta.db_table
    histories = [m.history.model._meta.db_table for m in (State, StateAlias, Treaty, ArmedConflict)]
    return (
        f"SELECT (SELECT MAX(data_changed_at) FROM {treaty}),"
        f" (SELECT MAX(derived_at) FROM {treaty}),"
        f" (SELECT COUNT(*) FROM {treaty}),"
        + ",".join(f" (SELECT MAX(history_date) FROM {table})" for table in histories)
    )


def data_version() -> tuple[datetime | None, str]:
    """The time of the data's last change and an opaque version string, in one query.

    Every write of events, armed conflicts or rules bumps ``Treaty.data_changed_at`` and every
    recomputation sets ``derived_at``; edits of states, their aliases, a treaty's key facts and
    armed conflicts are recorded by django-simple-history, whose newest entry is part of the
    version. The treaty count catches deletions. Writes that bypass both (raw ``update()``
    calls) are not seen.
    """
    with connection.cursor() as cursor:
        cursor.execute(_data_version_sql())
        row = cursor.fetchone()
    stamps = [_aware(s) for s in (row[0], row[1], *row[3:]) if s is not None]
    last = max(stamps) if stamps else None
    return last, "|".join(str(value) for value in row)


def _aware(value: Any) -> datetime:
    # SQLite hands back strings from raw SQL; PostgreSQL aware datetimes.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return cast(datetime, value)
