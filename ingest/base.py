"""What every importer shares: the report of an import, and the hand-over to the services.

Importers parse their format into ``EventRow`` values and hand them, treaty by treaty, to
:func:`apply_rows`, which calls the one batch writer ``events.services.events_apply`` (the
same checks as a single event, over the whole batch at once, and one recomputation per treaty
after commit) and adds what it did to the :class:`ImportReport`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from events.models import EventOrigin
from events.services.events import EventRow, events_apply
from treaties.models import Treaty

__all__ = ["EventRow", "ImportFailed", "ImportReport", "RowError", "apply_rows"]


class ImportFailed(Exception):
    """The input was refused as a whole; ``report`` says why, row by row."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(report.error_text())


@dataclass
class RowError:
    line: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


@dataclass
class ImportReport:
    """What an import did, or would have done, and what it refused."""

    files: int = 0
    treaties_created: list[str] = field(default_factory=list)
    treaties_updated: list[str] = field(default_factory=list)
    events_created: int = 0
    events_updated: int = 0
    events_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Unknown participant names: name -> closest known "Name (CODE)" strings.
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    # Rule violations in the depositary's own data, recorded anyway (see untc importers).
    inconsistencies: list[RowError] = field(default_factory=list)
    # Input the importer repaired deliberately (control characters, bare ampersands...).
    repairs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Dated instruments under a code the importer does not know ("file participant: date
    # 'code'"): kept as consents of unknown kind, whose date of effect is unknown.
    unknown_codes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    treaty_ids: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unmatched

    @property
    def changed(self) -> bool:
        return bool(
            self.treaties_created
            or self.treaties_updated
            or self.events_created
            or self.events_updated
        )

    def error(self, line: str, message: str) -> None:
        self.errors.append(RowError(line, message))

    def error_text(self, limit: int = 200) -> str:
        lines = [str(e) for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"... and {len(self.errors) - limit} more errors")
        for name, closest in sorted(self.unmatched.items()):
            lines.append(f"Unknown participant {name!r}; closest: {', '.join(closest) or 'none'}")
        return "\n".join(lines)

    def summary(self) -> str:
        parts = [
            f"files: {self.files}" if self.files else "",
            f"treaties: {len(self.treaties_created)} created, {len(self.treaties_updated)} updated",
            f"events: {self.events_created} created, {self.events_updated} updated, "
            f"{self.events_unchanged} unchanged",
            f"errors: {len(self.errors)}",
            f"unmatched names: {len(self.unmatched)}",
        ]
        if self.inconsistencies:
            parts.append(
                f"depositary inconsistencies recorded as published: {len(self.inconsistencies)}"
            )
        if self.repairs:
            parts.append(f"repaired inputs: {len(self.repairs)}")
        if self.unknown_codes:
            parts.append(
                f"codes not known, kept as consents of unknown kind: {len(self.unknown_codes)}"
            )
        return "; ".join(p for p in parts if p)


def apply_rows(
    *,
    treaty: Treaty,
    rows: Sequence[EventRow],
    report: ImportReport,
    today: date | None = None,
    strict: bool = True,
    origin: str = EventOrigin.EDITOR,
) -> None:
    """Write ``rows`` to ``treaty`` through the batch service; record the outcome in ``report``.

    Must run inside a transaction the caller rolls back when ``report`` has errors. ``origin``:
    the depositary's own files pass ``EventOrigin.DEPOSITARY``; an editor's file keeps the default.
    """
    result = events_apply(treaty=treaty, rows=rows, today=today, strict=strict, origin=origin)
    report.errors.extend(RowError(line, message) for line, message in result.errors)
    report.inconsistencies.extend(RowError(line, msg) for line, msg in result.inconsistencies)
    if result.errors:
        return
    report.events_created += result.created
    report.events_updated += result.updated
    report.events_unchanged += result.unchanged
    if result.created or result.updated:
        report.treaty_ids.add(treaty.pk)
