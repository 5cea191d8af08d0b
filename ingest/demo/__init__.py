"""The demo dataset (``ingest/demo/``): seven real treaties with their rules and events."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from events.services.recompute import treaty_recompute
from events.services.treaties import treaty_create, treaty_update
from ingest.base import ImportReport
from ingest.interchange import events_csv_import
from rules import CATALOGUE
from rules.basis import SOURCE_CATALOGUE
from states.services import StatesLoadReport, states_load
from treaties.models import Treaty

DEMO_DIR = Path(__file__).resolve().parent
TREATY_FIELDS = (
    "short_name",
    "title",
    "un_reference",
    "adopted_on",
    "adopted_at",
    "depositary",
    "source_url",
    "rules",
    "status_as_at",
)


@dataclass
class DemoLoadReport:
    states: StatesLoadReport
    treaties_created: list[str] = field(default_factory=list)
    treaties_updated: list[str] = field(default_factory=list)
    events: ImportReport | None = None
    recomputed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return "\n".join(
            [
                self.states.summary(),
                f"treaties: {len(self.treaties_created)} created, "
                f"{len(self.treaties_updated)} updated",
                self.events.summary() if self.events else "events: none",
                f"recomputed: {', '.join(self.recomputed) or 'none (all up to date)'}",
            ]
        )


def _treaty_values(slug: str, status_as_at: str, source_url: str) -> dict[str, Any]:
    entry = CATALOGUE[slug]
    values = {name: entry.get(name) for name in TREATY_FIELDS}
    values["adopted_on"] = date.fromisoformat(entry["adopted_on"]) if entry["adopted_on"] else None
    values["adopted_at"] = entry.get("adopted_at") or ""
    values["depositary"] = entry.get("depositary") or ""
    values["source_url"] = entry.get("source_url") or source_url
    values["status_as_at"] = date.fromisoformat(status_as_at) if status_as_at else None
    # The demo's table states its status date ("status as at"): the record's date.
    values["record_basis"] = "depositary" if status_as_at else ""
    values["rules_source"] = SOURCE_CATALOGUE
    return values


def demo_treaties_load(report: DemoLoadReport, *, demo_dir: Path = DEMO_DIR) -> None:
    """Create or update the demo treaties from the rules catalogue (only what changed)."""
    with (demo_dir / "treaties.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        values = _treaty_values(row["slug"], row["status_as_at"], row["source_url"])
        treaty = Treaty.objects.filter(slug=row["slug"]).first()
        if treaty is None:
            treaty_create(treaty=Treaty(slug=row["slug"], **values))
            report.treaties_created.append(row["slug"])
        elif treaty_update(treaty=treaty, values=values):
            report.treaties_updated.append(treaty.slug)


def demo_load(*, demo_dir: Path = DEMO_DIR, today: date | None = None) -> DemoLoadReport:
    """Load states, the demo treaties and their events; then recompute stale treaties.

    Idempotent: a second run writes nothing. The recomputation runs here, synchronously, so
    the pages show computed dates at once even without a Celery worker.
    """
    with transaction.atomic():
        report = DemoLoadReport(states=states_load())
        demo_treaties_load(report, demo_dir=demo_dir)
        with (demo_dir / "events.csv").open(encoding="utf-8", newline="") as fh:
            report.events = events_csv_import(fh, today=today)
    for treaty in Treaty.objects.stale().order_by("slug"):
        treaty_recompute(treaty_id=treaty.pk)
        report.recomputed.append(treaty.slug)
    return report
