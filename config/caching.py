"""The data version, and cached, conditional public pages keyed on it.

Every page and API response is a function of the stored data, the URL and (where a date
defaults to today) the day. :func:`data_version` reads, in one query, a version that changes
whenever the data does; responses are tagged and stored under that version, so a stored
rendering is never stale and nothing has to be invalidated: a change makes new keys, and old
entries age out of the cache.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

CACHE_SECONDS = 24 * 3600


@functools.cache
def _data_version_sql() -> str:
    # Built once: ``Model.history`` builds a new manager class on every access (~0.3 ms).
    from events.models import ArmedConflict
    from states.models import State
    from treaties.models import Treaty

    treaty = Treaty._meta.db_table
    histories = [m.history.model._meta.db_table for m in (State, Treaty, ArmedConflict)]
    return (
        f"SELECT (SELECT MAX(data_changed_at) FROM {treaty}),"
        f" (SELECT MAX(derived_at) FROM {treaty}),"
        f" (SELECT COUNT(*) FROM {treaty}),"
        + ",".join(f" (SELECT MAX(history_date) FROM {table})" for table in histories)
    )


def data_version() -> tuple[datetime | None, str]:
    """The time of the data's last change and an opaque version string, in one query.

    Every write of events or rules bumps ``Treaty.data_changed_at`` and every recomputation
    sets ``derived_at``; edits of states (with their aliases, saved through the state's
    admin), of a treaty's key facts and of armed conflicts are recorded by
    django-simple-history, whose newest entry is part of the version. The treaty count
    catches deletions. Writes that bypass both (raw ``update()`` calls) are not seen.
    """
    with connection.cursor() as cursor:
        cursor.execute(_data_version_sql())
        row = cursor.fetchone()
    stamps = [_aware(s) for s in (row[0], row[1], *row[3:]) if s is not None]
    last = max(stamps) if stamps else None
    return last, "|".join(str(value) for value in row)


def _aware(value: Any) -> datetime:
    # SQLite hands back strings from raw SQL; PostgreSQL aware datetimes.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def representation_tag(version: str, *parts: str) -> str:
    """A quoted ETag for one representation: the data version plus what else it depends on.

    Today's date is always part of it: where a date defaults to today, the same URL shows
    other data tomorrow.
    """
    key = "|".join((version, *parts, timezone.localdate().isoformat()))
    return quote_etag(hashlib.blake2b(key.encode(), digest_size=12).hexdigest())


def validators(request: HttpRequest, *parts: str) -> tuple[dict[str, str], int | None]:
    """``ETag`` (and ``Last-Modified``) headers of the representation at ``request``'s URL,
    and the last change as a timestamp for ``get_conditional_response``."""
    last, version = data_version()
    headers = {"ETag": representation_tag(version, request.get_full_path(), *parts)}
    if last is None:
        return headers, None
    headers["Last-Modified"] = http_date(last.timestamp())
    return headers, int(last.timestamp())


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public GET page conditionally (304) and from the cache when the data has not
    changed since it was rendered.

    Only for pages that depend on nothing but the data, the URL and the day: nothing of the
    user, the session or a form token. Error pages (400s for a bad date) are not stored.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        headers, last_modified = validators(request)
        not_modified = get_conditional_response(
            request, etag=headers["ETag"], last_modified=last_modified
        )
        if not_modified is not None:
            response = not_modified
        else:
            key = "page:" + headers["ETag"]
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                response = HttpResponse(content, content_type=content_type)
            else:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        for name, value in headers.items():
            response[name] = value
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    return wrapper
