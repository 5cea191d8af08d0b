"""WSGI entry point used only by ``bench/bench_api.py``: the project plus one trivial view.

``/bench/trivial/`` returns, with ``JsonResponse``, the object stored in the JSON file named
by ``BENCH_PAYLOAD`` (the participants payload the benchmark fetched first), so the baseline
pays the same serialisation and transfer cost as the real endpoint and nothing else.
``/bench/stats/`` tells which worker answered, its resident memory and what its cache holds.
With ``BENCH_NO_STORE=1`` nothing is stored (every request renders: the cold path).
Nothing in ``config/`` knows about it: gunicorn loads ``trivial_view:application`` with
``--pythonpath bench``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production settings (DEBUG off) need a key; a benchmark signs nothing that matters.
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")

import django
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

django.setup()

PAYLOAD = json.loads(Path(os.environ["BENCH_PAYLOAD"]).read_text())


def trivial(request: HttpRequest) -> JsonResponse:
    """The baseline: no query, one ``json.dumps`` of a payload of the same size."""
    return JsonResponse(PAYLOAD, json_dumps_params={"separators": (",", ":")})


def stats(request: HttpRequest) -> JsonResponse:
    """This worker's pid, resident memory (MB) and cache entries (all, and stored answers)."""
    from django.core.cache import cache

    rss_kb = next(
        int(line.split()[1])
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmRSS:")
    )
    keys = list(getattr(cache, "_cache", {}))  # LocMemCache; Redis is counted by the caller
    return JsonResponse(
        {
            "pid": os.getpid(),
            "rss_mb": rss_kb / 1024,
            "entries": len(keys),
            "answers": sum(":answer:" in key for key in keys),
        }
    )


if os.environ.get("BENCH_NO_STORE"):
    from django.core.cache.backends.dummy import DummyCache

    import serving.conditional

    # Renderings are neither found nor kept: every request pays the whole rendering.
    serving.conditional.cache = DummyCache("bench-no-store", {})

urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/stats/", stats),
    path("", include("config.urls")),
]

# Mount this module's routes (the project's, plus the trivial view) for this process only.
settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
