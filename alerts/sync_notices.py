"""A sync's changes as notices: one per treaty whose depositary file changed the record or left
something for an editor to review.

The acts a sync adds or corrects are also told one by one, as any act is (``notices``: the
recomputation that follows them); this notice says what the *sync* found, including what it did
not apply: a difference with an editor's act waits for review, and until an editor decides, the
recorded version stands — the notice says so rather than telling the depositary's version as
the record. A file the sync could not read is the operators' business (the admin and
``/healthz`` report it), not news of the treaty, and is not told.

A sync notice is about a treaty, not a state: it goes to the watches of that treaty and of
everything that asked for a sync's changes (``Watch.on_sync``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ingest.models import SyncChange, SyncRun
from rules.dates import format_date
from states.models import State
from treaties.models import Treaty

from .models import Notice, NoticeKind
from .notices import base_payload, notices_store

Kind, Status = SyncChange.Kind, SyncChange.Status

#: How each kind of change reads in a notice: (one, several).
_WORDS: dict[str, tuple[str, str]] = {
    Kind.TREATY_CREATED: ("treaty added from the depositary's record", "treaties added"),
    Kind.ACT_ADDED: ("new act", "new acts"),
    Kind.ACT_UPDATED: ("act's details changed", "acts' details changed"),
    Kind.ACT_CORRECTED: ("act's date corrected", "acts' dates corrected"),
    Kind.ACT_REMOVED: (
        "act no longer in the depositary's record",
        "acts no longer in the depositary's record",
    ),
    Kind.ENTRY_INTO_FORCE: ("entry-into-force line changed", "entry-into-force lines changed"),
    Kind.TREATY_UPDATED: ("treaty's details changed", "treaty's details changed"),
    Kind.STATEMENTS: ("statements changed", "statements changed"),
}


def _state_code(change: SyncChange) -> str:
    facts = change.after or change.before or {}
    code = facts.get("state")
    return code if isinstance(code, str) else ""


def _phrase(changes: list[SyncChange], names: dict[str, str]) -> str:
    """'2 new acts (Angola, Chile); 1 act's date corrected (Albania)'."""
    by_kind: dict[str, list[SyncChange]] = defaultdict(list)
    for change in changes:
        by_kind[change.kind].append(change)
    parts = []
    for kind, (one, several) in _WORDS.items():
        found = by_kind.get(kind)
        if not found:
            continue
        if kind == Kind.TREATY_CREATED:
            acts = found[0].after.get("acts", 0)
            parts.append(f"{one}, with {acts} act{'s' if acts != 1 else ''}")
            continue
        who = [names.get(c, c) for c in (_state_code(x) for x in found) if c]
        label = one if len(found) == 1 else several
        text = f"{len(found)} {label}"
        if who:
            shown = ", ".join(who[:8]) + (f" and {len(who) - 8} more" if len(who) > 8 else "")
            text += f" ({shown})"
        parts.append(text)
    return "; ".join(parts)


def _change_json(change: SyncChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "status": change.status,
        "state": _state_code(change) or None,
        "before": change.before or None,
        "after": change.after or None,
    }


def _sync_notice(
    run: SyncRun, treaty: Treaty, changes: list[SyncChange], names: dict[str, str]
) -> Notice:
    applied = [c for c in changes if c.status == Status.APPLIED]
    review = [c for c in changes if c.status == Status.REVIEW]
    when = f" on {format_date(run.finished_at.date())}" if run.finished_at else ""
    title = f"The depositary's record of the {treaty.short_name} changed"
    if not applied:
        title = f"The depositary's record of the {treaty.short_name} differs from ours"
    lines = [f"A sync with the depositary{when} read the file of the {treaty.short_name}."]
    if applied:
        lines.append(f"Applied: {_phrase(applied, names)}.")
    if review:
        lines.append(
            f"Waiting for an editor's review: {_phrase(review, names)}. These differ from "
            "acts an editor recorded; until reviewed, the recorded version stands."
        )
    record_dates = [c.record_date for c in changes if c.record_date]
    if record_dates:
        lines.append(f"The record is dated {format_date(max(record_dates))}.")
    sources = sorted({c.source_url for c in changes if c.source_url})
    if sources:
        lines.append(f"Source: {sources[0]}")
    text = " ".join(lines)
    payload = base_payload(NoticeKind.SYNC, treaty, None) | {
        "title": title,
        "text": text,
        "sync": {
            "run": run.pk,
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "record_date": max(record_dates).isoformat() if record_dates else None,
            "source_url": sources[0] if sources else None,
            "applied": len(applied),
            "for_review": len(review),
            "changes": [_change_json(c) for c in changes],
        },
    }
    return Notice(
        kind=NoticeKind.SYNC,
        key=f"sync:{run.pk}:{treaty.pk}",
        treaty=treaty,
        state=None,
        title=title,
        text=text,
        payload=payload,
    )


def sync_notices(run_id: int) -> list[Notice]:
    """The notices of a finished sync run: one per treaty it changed or left for review."""
    run = SyncRun.objects.filter(pk=run_id).first()
    if run is None:
        return []
    changes = list(
        SyncChange.objects.filter(run=run, treaty__isnull=False)
        .filter(status__in=[Status.APPLIED, Status.REVIEW])
        .exclude(kind=Kind.FAILED)
        .select_related("treaty")
        .order_by("treaty_id", "kind", "id")
    )
    by_treaty: dict[int, list[SyncChange]] = defaultdict(list)
    for change in changes:
        by_treaty[change.treaty_id].append(change)  # type: ignore[index]
    codes = {_state_code(c) for c in changes} - {""}
    names = dict(State.objects.filter(code__in=codes).values_list("code", "short_name"))
    notices = [
        _sync_notice(run, found[0].treaty, found, names)  # type: ignore[arg-type]
        for found in by_treaty.values()
    ]
    return notices_store(notices)
