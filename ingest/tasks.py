"""Celery tasks of the importers: thin wrappers that call one function each."""

from __future__ import annotations

from celery import shared_task

from .jobs import import_job_abandon, import_job_run


@shared_task(  # type: ignore[untyped-decorator]  # celery has no types
    time_limit=60 * 60, soft_time_limit=55 * 60
)
def run_import_job(job_id: int) -> str:
    """Check, or check and write, the staged import ``job_id`` (``ingest.jobs``)."""
    try:
        return import_job_run(job_id)
    except Exception:
        # Its transaction was rolled back: say so on the job's page rather than leave it
        # "running" for ever (then let Celery log the error).
        import_job_abandon(job_id)
        raise
