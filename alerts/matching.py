"""Which watches a notice is for, and the deliveries made for them (once per watch and notice).

A notice about treaty T and state S is for the live watches of T, of S, of the pair (T, S) and
of everything, that asked for its kind (a reminder: for its number of days). The candidate
watches of a batch of notices are read in one query and matched in memory.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from .models import Channel, Delivery, DeliveryStatus, Notice, NoticeKind, Watch

_Target = tuple[int | None, int | None]


def delivery_key(watch_id: int, notice_key: str) -> str:
    """The delivery's idempotency key: the same for every attempt, distinct per delivery."""
    return hashlib.sha256(f"{watch_id}:{notice_key}".encode()).hexdigest()[:40]


def _wants(watch: Watch, notice: Notice) -> bool:
    if notice.kind in (NoticeKind.ACT, NoticeKind.CORRECTION):
        return watch.on_acts
    if notice.kind == NoticeKind.EFFECT:
        return watch.on_effects
    if notice.kind == NoticeKind.STATEMENT:
        return watch.on_statements
    return watch.reminder_days is not None and watch.reminder_days == notice.reminder_days


def deliveries_create(notices: Iterable[Notice]) -> set[int]:
    """Make the deliveries of ``notices`` (those not made before); return the ids of the
    watches concerned, whose sending is to be run."""
    notices = list(notices)
    if not notices:
        return set()
    treaties = {n.treaty_id for n in notices}
    states = {n.state_id for n in notices if n.state_id is not None}
    candidates = Watch.objects.filter(
        Q(treaty__isnull=True) | Q(treaty__in=treaties),
        Q(state__isnull=True) | Q(state__in=states),
        active=True,
        confirmed_at__isnull=False,
    ).only(
        "pk",
        "treaty_id",
        "state_id",
        "channel",
        "digest",
        "on_acts",
        "on_effects",
        "on_statements",
        "reminder_days",
    )
    by_target: dict[_Target, list[Watch]] = defaultdict(list)
    for watch in candidates:
        by_target[(watch.treaty_id, watch.state_id)].append(watch)
    rows = []
    for notice in notices:
        targets: list[_Target] = [(None, None), (notice.treaty_id, None)]
        if notice.state_id is not None:
            targets += [(None, notice.state_id), (notice.treaty_id, notice.state_id)]
        for target in targets:
            for watch in by_target.get(target, ()):
                if not _wants(watch, notice):
                    continue
                digest = watch.channel == Channel.EMAIL and watch.digest
                rows.append(
                    Delivery(
                        watch_id=watch.pk,
                        notice_id=notice.pk,
                        key=delivery_key(watch.pk, notice.key),
                        status=DeliveryStatus.DIGEST if digest else DeliveryStatus.PENDING,
                    )
                )
    Delivery.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return {d.watch_id for d in rows if d.status == DeliveryStatus.PENDING}
