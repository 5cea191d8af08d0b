"""Large CSV imports in the worker (issue 27, break 5: a 19 MB file checked and applied inside
the admin's request outlived gunicorn's timeout and answered 500).

The request stages the file as an :class:`~ingest.models.ImportJob` and queues
:func:`import_job_run`; the job page follows it. A job reads and checks every row, writing its
progress as it goes (outside any transaction, so the page sees it), then hands the rows to the
same all-or-nothing import as the admin's small files: in ``check`` mode that transaction is
always rolled back; in ``apply`` mode it commits only if every row was accepted. A refused file
leaves the job ``failed`` with its row-numbered errors and nothing written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from states.models import State
from treaties.models import Treaty

from .base import EventRow, ImportReport, apply_rows
from .interchange import parse_rows
from .models import ImportJob

#: The job's progress is written every this many rows read.
PROGRESS_EVERY = 5000


class _Counted:
    """The file's lines, writing the number read to the job every PROGRESS_EVERY lines."""

    def __init__(self, job_id: int, text: str) -> None:
        self.job_id = job_id
        self.lines = io.StringIO(text)
        self.read = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.lines:
            self.read += 1
            if self.read % PROGRESS_EVERY == 0:
                ImportJob.objects.filter(pk=self.job_id).update(
                    rows_read=self.read - 1, updated_at=timezone.now()
                )
            yield line


def import_job_create(
    *, user: AbstractBaseUser | AnonymousUser, name: str, content: str
) -> ImportJob:
    """Stage ``content`` as a job that checks it (nothing written); the caller queues it."""
    if user.pk is None:
        raise ValueError("only a signed-in user can start an import")
    # A file kept for a confirmation that never came is dropped after a week.
    ImportJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=7)).exclude(
        content=""
    ).update(content="")
    rows = max(0, content.count("\n") - 1 + (0 if content.endswith("\n") else 1))
    return ImportJob.objects.create(
        user_id=user.pk, name=name[:255], content=content, rows_total=rows
    )


def _update(job: ImportJob, **fields: object) -> None:
    for key, value in fields.items():
        setattr(job, key, value)
    job.save(update_fields=[*fields, "updated_at"])


def import_job_run(job_id: int) -> str:
    """Check (and in ``apply`` mode write) the job's file; return its final status."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return "gone" if job is None else job.status  # run twice: the first run's answer holds
    _update(job, status=ImportJob.Status.RUNNING, phase="reading and checking the rows",
            rows_read=0, finished_at=None)  # fmt: skip
    report = ImportReport(files=1)
    treaties = {t.slug: t for t in Treaty.objects.all()}
    states = {s.code: s for s in State.objects.all()}
    parsed = parse_rows(_Counted(job.pk, job.content), report, treaties=treaties, states=states)  # type: ignore[arg-type]
    by_treaty: dict[Treaty, list[EventRow]] = {}
    for treaty, row in parsed:
        by_treaty.setdefault(treaty, []).append(row)
    if not report.errors:
        writing = "checking the events against each treaty's rules"
        if job.mode == ImportJob.Mode.APPLY:
            writing += " and writing them (all or nothing)"
        _update(job, rows_read=job.rows_total, phase=writing)
        with transaction.atomic():
            for treaty, rows in sorted(by_treaty.items(), key=lambda item: item[0].pk):
                apply_rows(treaty=treaty, rows=rows, report=report)
            if report.errors or job.mode == ImportJob.Mode.CHECK:
                # Refused, or only a check: nothing is kept (on-commit tasks dropped too).
                transaction.set_rollback(True)
    done = not report.errors
    _update(
        job,
        status=ImportJob.Status.DONE if done else ImportJob.Status.FAILED,
        phase="",
        events_created=report.events_created if done else 0,
        events_updated=report.events_updated if done else 0,
        events_unchanged=report.events_unchanged if done else 0,
        summary=report.summary(),
        errors=report.error_text(),
        finished_at=timezone.now(),
        # Imported (or refused): the file is no longer needed.
        content="" if job.mode == ImportJob.Mode.APPLY or not done else job.content,
    )
    return job.status


def import_job_confirm(*, job: ImportJob) -> bool:
    """Turn a job whose check succeeded into one that writes; False if it cannot be."""
    updated = ImportJob.objects.filter(
        pk=job.pk, mode=ImportJob.Mode.CHECK, status=ImportJob.Status.DONE
    ).update(mode=ImportJob.Mode.APPLY, status=ImportJob.Status.QUEUED, finished_at=None,
             updated_at=timezone.now())  # fmt: skip
    return updated == 1


def import_job_abandon(job_id: int) -> None:
    """Mark a job that stopped on an unexpected error as failed (nothing was written)."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJob.Status.DONE).update(
        status=ImportJob.Status.FAILED,
        phase="",
        errors="The import stopped on an unexpected error (logged on the server); nothing was "
        "written. Try again, or ask an administrator to look at the worker's log.",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
