"""The whole dataset: a page listing every download, and one ZIP with everything."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET

from serving.conditional import cached_page
from serving.version import data_version
from treaties.models import Treaty

from ..dataset import dataset_claim, dataset_file, dataset_key
from ..tasks import build_dataset

#: When a client told the dataset is being prepared should ask again.
RETRY_AFTER_SECONDS = 10


@require_GET
@cached_page
def downloads(request: HttpRequest) -> HttpResponse:
    """Every download the site offers, on one page."""
    treaties = list(Treaty.objects.order_by("short_name"))
    return render(
        request,
        "treaties/downloads.html",
        {"treaties": treaties, "today": timezone.localdate()},
    )


@require_GET
def dataset_zip(request: HttpRequest) -> HttpResponseBase:
    """Everything in one ZIP: the facts, the computed dates, today's participants.

    Served from the file built once per data version and day (``web.dataset``); while it is
    being built, a 202 that says when to come back.
    """
    today = timezone.localdate()
    _, version = data_version()
    key = dataset_key(version, today)
    etag = quote_etag(key)
    response: HttpResponseBase | None = get_conditional_response(request, etag=etag)
    if response is None:
        path = dataset_file(key)
        if not path.exists() and dataset_claim(key):
            build_dataset.delay(key, today.isoformat())  # in-process without a broker
        if path.exists():
            response = FileResponse(
                path.open("rb"),
                as_attachment=True,
                filename=f"treaty-tracker-{today.isoformat()}.zip",
                content_type="application/zip",
            )
        else:
            response = render(
                request,
                "treaties/dataset_preparing.html",
                {"retry_after": RETRY_AFTER_SECONDS},
                status=202,
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response["Cache-Control"] = "no-store"
            return response
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
