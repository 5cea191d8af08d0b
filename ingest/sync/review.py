"""An editor's decision on a change a sync queued for review (``SyncChange.Status.REVIEW``).

Accepting applies the depositary's version through the events' services (the same checks as
any editor's write: a removal that would leave a withdrawal without its consent is refused);
keeping leaves the recorded act as it is. Either way the decision is recorded with who and when.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from events.models import Event
from events.services import event_delete, event_update
from events.services.events import ROW_FACTS

from ..models import SyncChange

Kind, Status = SyncChange.Kind, SyncChange.Status

DATE_FACTS = {"date", "specified_effective_date", "published_effective_date"}


class ReviewRefused(Exception):
    """The depositary's version cannot be applied; the message says why."""


def _facts(after: dict[str, Any]) -> dict[str, Any]:
    """The event's facts as the file gives them (a fact the file leaves out is its default)."""
    fields = {f.name: f for f in Event._meta.concrete_fields}
    facts: dict[str, Any] = {n: fields[n].get_default() for n in ROW_FACTS}
    facts["date"] = after["date"]
    facts.update({k: v for k, v in after.items() if k in ROW_FACTS})
    return {k: date.fromisoformat(v) if k in DATE_FACTS and v else v for k, v in facts.items()}


@transaction.atomic
def change_accept(*, change: SyncChange, user: AbstractBaseUser | None) -> None:
    """Apply the depositary's version of a queued change. Raises ``ReviewRefused``."""
    change = SyncChange.objects.select_for_update().get(pk=change.pk)
    if change.status != Status.REVIEW:
        raise ReviewRefused(f"already decided ({change.get_status_display()})")
    if change.event is None:
        raise ReviewRefused("the recorded act was deleted meanwhile")
    try:
        if change.kind == Kind.ACT_REMOVED:
            event_delete(event=change.event)
        elif change.kind in (Kind.ACT_CORRECTED, Kind.ACT_UPDATED):
            event_update(event=change.event, **_facts(change.after))
        else:
            raise ReviewRefused(f"a {change.get_kind_display()} has no version to apply")
    except ReviewRefused:
        raise
    except Exception as exc:  # the services' refusal (EventRejected), said as it is
        messages = getattr(exc, "messages", None) or [str(exc)]
        raise ReviewRefused("; ".join(messages)) from exc
    _decide(change, Status.ACCEPTED, user)


def change_keep(*, change: SyncChange, user: AbstractBaseUser | None) -> None:
    """Keep the recorded act as it is."""
    if change.status != Status.REVIEW:
        raise ReviewRefused(f"already decided ({change.get_status_display()})")
    _decide(change, Status.KEPT, user)


def _decide(change: SyncChange, status: str, user: AbstractBaseUser | None) -> None:
    change.status = status
    change.decided_by_id = user.pk if user is not None else None
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
