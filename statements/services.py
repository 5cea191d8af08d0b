"""Writes of statements: one at a time (the admin) or a batch per treaty (the importer).

Each call is one transaction and checks everything before it writes: the model's fields and
constraints, and what ties a statement to others (the consent it was made upon and the
statement it withdraws belong to the same state and treaty; a state does not object to
itself). With any error nothing is written. History is kept by django-simple-history, also
for the batch (``bulk_create_with_history``), so the data version sees every change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from events.models import Event
from states.models import State
from treaties.models import Treaty

from .models import ACTING_ON_KINDS, Statement

__all__ = [
    "StatementRejected",
    "StatementRow",
    "StatementsResult",
    "statement_delete",
    "statement_record",
    "statement_update",
    "statements_apply",
]

#: The facts of a statement, as people and importers give them.
FACT_FIELDS = (
    "kind",
    "made_on",
    "made_upon",
    "upon_event",
    "text",
    "articles",
    "objects_to",
    "withdrawn_on",
    "source_url",
    "notification",
    "note",
    "needs_review",
)


class StatementRejected(ValidationError):
    """A statement that cannot be written, with editor-facing messages."""


def _tie_errors(statement: Statement) -> dict[str, list[str]]:
    """What the model's constraints cannot check: the statements and events it points at."""
    errors: dict[str, list[str]] = {}
    event: Event | None = statement.upon_event
    if event is not None and (
        event.treaty_id != statement.treaty_id or event.state_id != statement.state_id
    ):
        errors.setdefault("upon_event", []).append(
            "The instrument it was made upon must be this state's, for this treaty."
        )
    target: Statement | None = statement.withdraws
    if target is not None and statement.kind not in ACTING_ON_KINDS:
        errors.setdefault("withdraws", []).append(
            "Only a withdrawal or a modification acts on another statement."
        )
    if target is not None and (
        target.treaty_id != statement.treaty_id or target.state_id != statement.state_id
    ):
        errors.setdefault("withdraws", []).append(
            "A state withdraws or modifies only its own statements on the same treaty."
        )
    if statement.objects_to_id is not None and statement.objects_to_id == statement.state_id:
        errors.setdefault("objects_to", []).append("A state does not object to itself.")
    return errors


def _check(statement: Statement, *, exclude: list[str] | None = None) -> None:
    errors: dict[str, list[str]] = {}
    try:
        statement.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors.update({k: [str(m) for m in v] for k, v in exc.message_dict.items()})
    for name, messages in _tie_errors(statement).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise StatementRejected(errors)


@transaction.atomic
def statement_record(
    *,
    treaty: Treaty,
    state: State,
    kind: str,
    source_url: str,
    source_section: str,
    text: str = "",
    made_on: date | None = None,
    made_upon: str = "",
    upon_event: Event | None = None,
    articles: str = "",
    objects_to: State | None = None,
    withdraws: Statement | None = None,
    withdrawn_on: date | None = None,
    notification: str = "",
    note: str = "",
    needs_review: str = "",
) -> Statement:
    """Record one statement; raises ``StatementRejected`` and writes nothing if it is wrong."""
    statement = Statement(
        treaty=treaty,
        state=state,
        kind=kind,
        source_url=source_url,
        source_section=source_section,
        text=text,
        made_on=made_on,
        made_upon=made_upon,
        upon_event=upon_event,
        articles=articles,
        objects_to=objects_to,
        withdraws=withdraws,
        withdrawn_on=withdrawn_on,
        notification=notification,
        note=note,
        needs_review=needs_review,
    )
    _check(statement)
    statement.save()
    return statement


@transaction.atomic
def statement_update(*, statement: Statement, **changes: Any) -> Statement:
    """Change the given fields of a stored statement, with the same checks as a new one."""
    unknown = set(changes) - {*FACT_FIELDS, "state", "treaty", "source_section", "withdraws"}
    if unknown:
        raise TypeError(f"not fields of a statement: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(statement, name, value)
    _check(statement)
    statement.save()
    return statement


@dataclass(frozen=True)
class StatementRow:
    """One statement of a batch. ``source_section`` identifies it within the treaty and state
    (a re-import updates it); ``withdraws_section`` names the statement it acts on by its own
    section, in the batch or already stored."""

    line: str
    state: State
    kind: str
    source_url: str
    source_section: str
    text: str = ""
    made_on: date | None = None
    made_upon: str = ""
    upon_event: Event | None = None
    articles: str = ""
    objects_to: State | None = None
    withdraws_section: str = ""
    withdrawn_on: date | None = None
    notification: str = ""
    note: str = ""
    needs_review: str = ""

    @property
    def key(self) -> tuple[int, str]:
        return (self.state.pk, self.source_section)

    def facts(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FACT_FIELDS}


@dataclass
class StatementsResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def _same(stored: Statement, facts: dict[str, Any]) -> bool:
    for name, value in facts.items():
        if name in ("upon_event", "objects_to"):
            if getattr(stored, f"{name}_id") != (value.pk if value is not None else None):
                return False
        elif getattr(stored, name) != value:
            return False
    return True


@transaction.atomic
def statements_apply(*, treaty: Treaty, rows: Sequence[StatementRow]) -> StatementsResult:
    """Create or update ``treaty``'s statements from ``rows`` (keyed by state and section).

    Every row is checked before anything is written; with any error nothing is (the result
    lists the errors by row, and the caller's transaction decides what else to roll back).
    Rows equal to the stored statement change nothing.
    """
    result = StatementsResult()
    existing = {(s.state_id, s.source_section): s for s in Statement.objects.filter(treaty=treaty)}
    seen: dict[tuple[int, str], str] = {}
    to_create: list[Statement] = []
    to_update: list[Statement] = []
    links: list[tuple[Statement, StatementRow]] = []
    for row in rows:
        if row.key in seen:
            result.errors.append(
                (row.line, f"{row.source_section} of {row.state.code} appears twice")
            )
            continue
        seen[row.key] = row.line
        statement = existing.get(row.key)
        if statement is None:
            statement = Statement(
                treaty=treaty, state=row.state, source_section=row.source_section, **row.facts()
            )
            to_create.append(statement)
        elif not _same(statement, row.facts()):
            for name, value in row.facts().items():
                setattr(statement, name, value)
            to_update.append(statement)
        else:
            result.unchanged += 1
        links.append((statement, row))
    by_key = {**existing, **{(s.state.pk, s.source_section): s for s in to_create}}
    for statement, row in links:
        if row.withdraws_section:
            target = by_key.get((row.state.pk, row.withdraws_section))
            if target is None:
                result.errors.append(
                    (row.line, f"the statement it withdraws ({row.withdraws_section}) is unknown")
                )
                continue
            same = (
                statement.withdraws_id == target.pk
                if target.pk is not None
                else statement.withdraws is target
            )
            if not same:
                statement.withdraws = target
                if statement.pk is not None and statement not in to_update:
                    to_update.append(statement)
                    result.unchanged -= 1
    for statement in [*to_create, *to_update]:
        try:
            _check(statement, exclude=["withdraws"] if statement.withdraws_id is None else None)
        except ValidationError as exc:
            line = next(r.line for s, r in links if s is statement)
            result.errors.extend((line, m) for m in exc.messages)
    if result.errors:
        return result
    # Statements pointed at by others first, so that the pointers have their keys.
    first = [s for s in to_create if s.withdraws is None]
    then = [s for s in to_create if s.withdraws is not None]
    for batch in (first, then):
        for statement in batch:
            if statement.withdraws is not None:
                statement.withdraws_id = statement.withdraws.pk
        if batch:
            bulk_create_with_history(batch, Statement, batch_size=500)
    if to_update:
        bulk_update_with_history(
            to_update,
            Statement,
            [*FACT_FIELDS, "withdraws"],
            batch_size=500,
        )
    result.created = len(to_create)
    result.updated = len(to_update)
    return result


@transaction.atomic
def statement_delete(*, statement: Statement) -> None:
    """Delete a statement; refused while a withdrawal or modification points at it."""
    if statement.withdrawals.exists():
        raise StatementRejected(
            {"withdraws": ["A withdrawal or modification points at it: delete that first."]}
        )
    statement.delete()
