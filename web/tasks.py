"""Celery tasks of the public site: thin wrappers that call one function each."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from .dataset import dataset_build as dataset_build  # patched by tests
from .dataset import dataset_release


@shared_task(  # type: ignore[untyped-decorator]  # celery has no types
    time_limit=30 * 60, soft_time_limit=25 * 60
)
def build_dataset(key: str, day: str) -> str:
    """Build the whole-dataset ZIP ``key`` of ``day`` (its build was claimed by the request
    that queued this), then release the claim, built or not."""
    try:
        return str(dataset_build(key=key, day=date.fromisoformat(day)))
    finally:
        dataset_release(key)
