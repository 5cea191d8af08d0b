"""One run of the synchronisation: which files, fetched how, applied how, recorded where."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from states.services import StateMatcher
from treaties.models import Treaty

from ..models import SyncChange, SyncRun, SyncSource
from ..signals import sync_finished
from ..untc_xml import XmlImportReport, derive_protocols, untc_xml_import
from ..untc_xml.treaties import link_parents
from .changes import Planned, Reconciler, treaty_changes, treaty_snapshot
from .client import REFERENCE, DepositaryClient, Fetched, FetchError, chapter_of, file_path
from .lock import sync_lock

logger = logging.getLogger(__name__)

Kind = SyncChange.Kind
Status = SyncChange.Status

#: The index of references the mirror or the depositary may publish: at the base (every
#: chapter) and in each chapter's folder. Plain text, one UN reference a line; blank lines
#: and lines starting with "#" are skipped.
INDEX_NAME = "index.txt"

#: ``progress(done, total, counts)``: called after each file.
Progress = Callable[[int, int, dict[str, int]], None]


def client_from_settings() -> DepositaryClient:
    return DepositaryClient(
        base_url=settings.UNTC_BASE_URL,
        timeout=settings.UNTC_SYNC_TIMEOUT,
        rate=settings.UNTC_SYNC_RATE,
        max_bytes=settings.UNTC_SYNC_MAX_BYTES,
        retries=settings.UNTC_SYNC_RETRIES,
        backoff=settings.UNTC_SYNC_BACKOFF,
        user_agent=settings.UNTC_SYNC_USER_AGENT,
    )


def sync_untc(
    *,
    references: Iterable[str] = (),
    chapters: Iterable[str] = (),
    trigger: str = "command",
    client: DepositaryClient | None = None,
    progress: Progress | None = None,
) -> SyncRun:
    """Sync the given references, else the given chapters, else every known treaty (and those
    the indexes name). Raises ``SyncBusy`` while another sync runs; returns the run."""
    client = client or client_from_settings()
    references, chapters = list(references), list(chapters)
    bad = [r for r in references if not REFERENCE.match(r)]
    bad += [c for c in chapters if not re.fullmatch(r"[IVXL]+", c)]
    if bad:  # never part of an address
        raise ValueError(f"not UN references or chapters: {', '.join(bad)}")
    with sync_lock():
        # Under the lock, a run still "running" is one whose process ended mid-run.
        SyncRun.objects.filter(outcome=SyncRun.Outcome.RUNNING).update(
            outcome=SyncRun.Outcome.INTERRUPTED
        )
        scope = (
            "references " + ", ".join(references)
            if references
            else "chapters " + ", ".join(chapters)
            if chapters
            else "all known treaties"
        )
        run = SyncRun.objects.create(base_url=client.base_url, scope=scope[:500], trigger=trigger)
        state = _Run(run=run, client=client)
        try:
            with client, tempfile.TemporaryDirectory(prefix="untc-sync-") as folder:
                targets = state.targets(references, chapters)
                for done, reference in enumerate(targets, 1):
                    state.one(reference, Path(folder))
                    if progress is not None:
                        progress(done, len(targets), state.counts())
                state.finish()
        except Exception as exc:
            logger.exception("The sync from %s failed", client.base_url)
            state.messages.append(f"the run stopped: {type(exc).__name__}: {exc}")
            run.outcome = SyncRun.Outcome.FAILED
        else:
            failed_all = run.files_failed and run.files_failed == run.files_checked
            run.outcome = (
                SyncRun.Outcome.FAILED
                if failed_all
                else SyncRun.Outcome.PARTIAL
                if run.files_failed
                else SyncRun.Outcome.SUCCEEDED
            )
        run.finished_at = timezone.now()
        run.requests, run.bytes_fetched = client.requests, client.bytes_fetched
        run.message = "\n".join(state.messages)
        run.save()
    # Outside the lock and after the run's rows are saved (each file committed on its own).
    sync_finished.send(sender=SyncRun, run_id=run.pk)
    return run


@dataclass
class _Run:
    run: SyncRun
    client: DepositaryClient
    messages: list[str] = field(default_factory=list)
    applied: list[Treaty] = field(default_factory=list)
    derived: dict[int, Any] = field(default_factory=dict)
    #: Read once a run: the validators of the files applied before, and the states' names.
    sources: dict[str, SyncSource] = field(default_factory=dict)
    matcher: StateMatcher | None = None

    def __post_init__(self) -> None:
        self.sources = {s.un_reference: s for s in SyncSource.objects.all()}

    def counts(self) -> dict[str, int]:
        r = self.run
        return {
            "changed": r.files_changed,
            "unchanged": r.files_unchanged,
            "failed": r.files_failed,
            "review": r.changes_for_review,
        }

    # --- Which files ----------------------------------------------------------------------

    def targets(self, references: list[str], chapters: list[str]) -> list[str]:
        if references:
            return list(dict.fromkeys(references))
        known = {
            r
            for r in Treaty.objects.exclude(un_reference=None).values_list(
                "un_reference", flat=True
            )
            if r and REFERENCE.match(r)
        }
        if chapters:
            wanted = set(chapters)
            found = {r for r in known if chapter_of(r) in wanted}
            for chapter in chapters:
                found |= self.index(f"Chapter {chapter}/{INDEX_NAME}", chapter)
        else:
            found = known | self.index(INDEX_NAME, None)
        return sorted(found)

    def index(self, path: str, chapter: str | None) -> set[str]:
        """The references an index names (none if there is no index: noted in the run)."""
        try:
            fetched = self.client.fetch(path)
        except FetchError as exc:
            self.messages.append(f"index not read, no new treaties discovered: {exc}")
            return set()
        if fetched.status != "changed":
            self.messages.append(f"no index at {fetched.url}: no new treaties discovered")
            return set()
        found = set()
        for line in fetched.content.decode("utf-8", "replace").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not REFERENCE.match(line) or (chapter and chapter_of(line) != chapter):
                self.messages.append(f"{fetched.url}: skipped {line[:60]!r}, not a reference")
                continue
            found.add(line)
        return found

    # --- One file -------------------------------------------------------------------------

    def one(self, reference: str, folder: Path) -> None:
        run = self.run
        run.files_checked += 1
        source = self.sources.get(reference)
        path = file_path(reference)
        try:
            fetched = self.client.fetch(
                path,
                etag=source.etag if source else "",
                last_modified=source.last_modified if source else "",
            )
        except FetchError as exc:
            self.fail(reference, self.client.url(path), str(exc))
            return
        if fetched.status == "missing":
            self.fail(reference, fetched.url, "no file at the depositary's address (404)")
            return
        if fetched.status == "unchanged" or (source and source.sha256 == fetched.sha256):
            run.files_unchanged += 1
            return
        try:
            self.apply(reference, fetched, folder)
        except _Refused as exc:
            self.fail(reference, fetched.url, str(exc), sha256=fetched.sha256)
        except Exception as exc:  # a bug, not the file's fault: the rest of the files go on
            logger.exception("The sync of %s failed", reference)
            self.fail(reference, fetched.url, f"{type(exc).__name__}: {exc}", fetched.sha256)

    def fail(self, reference: str, url: str, message: str, sha256: str = "") -> None:
        self.run.files_failed += 1
        SyncChange.objects.create(
            run=self.run,
            un_reference=reference,
            treaty=Treaty.objects.filter(un_reference=reference).first(),
            kind=Kind.FAILED,
            status=Status.REPORTED,
            message=message[:5000],
            source_url=url[:500],
            file_sha256=sha256,
        )

    def apply(self, reference: str, fetched: Fetched, folder: Path) -> None:
        """The file through the importer, in its own transaction: all of it or nothing."""
        target = folder / f"{reference}.en.xml"
        target.write_bytes(fetched.content)
        reconciler = Reconciler()
        with transaction.atomic():
            existing = Treaty.objects.filter(un_reference=reference).first()
            before = treaty_snapshot(existing)
            if self.matcher is None:
                self.matcher = StateMatcher.from_db()
            report = untc_xml_import(
                [target], keep_going=True, review=reconciler, matcher=self.matcher
            )
            if report.refused_files or not report.treaties:
                raise _Refused(_why(report))
            treaty = report.treaties[0]
            treaty.refresh_from_db()
            _keep_record_date(existing, treaty)
            planned = reconciler.planned
            if report.treaties_created:
                added = sum(1 for p in planned if p.kind == Kind.ACT_ADDED)
                planned = [p for p in planned if p.kind != Kind.ACT_ADDED]
                planned.insert(
                    0, Planned(Kind.TREATY_CREATED, Status.APPLIED, after={"acts": added})
                )
            else:
                planned += treaty_changes(before, treaty_snapshot(treaty))
            self.record(reference, treaty, fetched, planned)
            SyncSource.objects.update_or_create(
                un_reference=reference,
                defaults={
                    "url": fetched.url[:500],
                    "etag": fetched.etag,
                    "last_modified": fetched.last_modified,
                    "sha256": fetched.sha256,
                    "applied_at": timezone.now(),
                },
            )
        self.run.files_changed += 1
        self.run.treaties_created += len(report.treaties_created)
        self.applied.append(treaty)
        self.derived.update(report.derived)
        target.unlink()

    def record(
        self, reference: str, treaty: Treaty, fetched: Fetched, planned: list[Planned]
    ) -> None:
        rows = []
        for p in planned:
            if (
                p.status == Status.REVIEW
                and SyncChange.objects.filter(
                    status=Status.REVIEW, event=p.event, kind=p.kind, after=p.after
                ).exists()
            ):
                continue  # the same question already waits for an editor
            rows.append(
                SyncChange(
                    run=self.run,
                    un_reference=reference,
                    treaty=treaty,
                    kind=p.kind,
                    status=p.status,
                    event=p.event if p.event is not None and p.event.pk else None,
                    before=p.before,
                    after=p.after,
                    message=p.message,
                    source_url=fetched.url[:500],
                    file_sha256=fetched.sha256,
                    record_date=treaty.status_as_at,
                )
            )
        SyncChange.objects.bulk_create(rows)
        self.run.changes_applied += sum(1 for r in rows if r.status == Status.APPLIED)
        self.run.changes_for_review += sum(1 for r in rows if r.status == Status.REVIEW)
        if any(r.status == Status.REVIEW for r in rows):
            self.messages.append(f"{reference}: changes wait for review")

    def finish(self) -> None:
        """Protocols applied before their convention: linked, and their rules derived."""
        if self.applied:
            with transaction.atomic():
                link_parents(self.applied)
                derive_protocols(self.applied, self.derived)


class _Refused(Exception):
    pass


def _why(report: XmlImportReport) -> str:
    text = report.error_text(limit=20)
    return f"the file was refused, nothing of it applied:\n{text}" if text else "refused"


def _keep_record_date(earlier: Treaty | None, treaty: Treaty) -> None:
    """The record's date never moves backwards. A file says no date of its own: the sync dates
    it by its latest act (the record is at least that recent). An earlier reading dated later
    (an import's ``--as-of``: the day the depositary's record was read) stays true — the record
    now applied is that one or a later one — so it is kept, with the "not yet in force" day."""
    if earlier is None or earlier.status_as_at is None or treaty.status_as_at is None:
        return
    if earlier.status_as_at <= treaty.status_as_at:
        return
    updates: dict[str, object] = {
        "status_as_at": earlier.status_as_at,
        "record_basis": earlier.record_basis,
    }
    nif_before, nif_now = earlier.recorded_not_in_force_on, treaty.recorded_not_in_force_on
    if nif_before is not None and nif_now is not None and nif_before > nif_now:
        updates["recorded_not_in_force_on"] = nif_before
    Treaty.objects.filter(pk=treaty.pk).update(**updates)
    treaty.refresh_from_db()
