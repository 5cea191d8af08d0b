"""Which watches a notice is for, and the deliveries made for them (once per watch and notice).

A notice about treaty T and state S is for the live (confirmed, active) watches of T, of S, of
the pair (T, S) and of everything, that asked for its kind (a reminder: for its number of
days). The matching is one ``INSERT ... SELECT`` per batch of notices, in the database: made
row by row through the ORM, 28,000 deliveries (10,000 watches, 50 notices) took 25 s of
Python (``bench/bench_alerts.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.utils import timezone

from .models import Channel, Delivery, DeliveryStatus, Notice, NoticeKind, Watch

_SQL = """
INSERT INTO {delivery} (watch_id, notice_id, key, status, attempts, last_error, created_at)
SELECT w.id, n.id, 'dlv_' || w.id || '_' || n.id,
       CASE WHEN w.channel = %(email)s AND w.digest = %(yes)s THEN %(digest)s ELSE %(pending)s END,
       0, '', %(now)s
FROM {notice} n
JOIN {watch} w
  ON (w.treaty_id IS NULL OR w.treaty_id = n.treaty_id)
 AND (w.state_id IS NULL OR w.state_id = n.state_id)
WHERE n.id IN ({ids})
  AND w.active = %(yes)s AND w.confirmed_at IS NOT NULL
  AND (   (n.kind IN (%(act)s, %(correction)s) AND w.on_acts = %(yes)s)
       OR (n.kind = %(effect)s AND w.on_effects = %(yes)s)
       OR (n.kind = %(statement)s AND w.on_statements = %(yes)s)
       OR (n.kind = %(sync)s AND w.on_sync = %(yes)s)
       OR (n.kind = %(reminder)s AND w.reminder_days = n.reminder_days))
ON CONFLICT DO NOTHING
RETURNING watch_id, status
"""


def deliveries_create(notices: Iterable[Notice]) -> set[int]:
    """Make the deliveries of ``notices`` not made before; return the ids of the watches with
    new deliveries to send now (not those waiting for a digest)."""
    ids = [n.pk for n in notices]
    if not ids:
        return set()
    params: dict[str, str | int | bool | datetime] = {
        "email": Channel.EMAIL.value,
        "yes": True,
        "digest": DeliveryStatus.DIGEST.value,
        "pending": DeliveryStatus.PENDING.value,
        "now": timezone.now(),
        "act": NoticeKind.ACT.value,
        "correction": NoticeKind.CORRECTION.value,
        "effect": NoticeKind.EFFECT.value,
        "statement": NoticeKind.STATEMENT.value,
        "sync": NoticeKind.SYNC.value,
        "reminder": NoticeKind.REMINDER.value,
    }
    watches: set[int] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = []
            for i, pk in enumerate(chunk):
                params[f"n{i}"] = pk
                marks.append(f"%(n{i})s")
            sql = _SQL.format(
                delivery=connection.ops.quote_name(Delivery._meta.db_table),
                notice=connection.ops.quote_name(Notice._meta.db_table),
                watch=connection.ops.quote_name(Watch._meta.db_table),
                ids=", ".join(marks),
            )
            cursor.execute(sql, params)
            watches.update(
                watch_id for watch_id, status in cursor.fetchall() if status == "pending"
            )
    return watches
