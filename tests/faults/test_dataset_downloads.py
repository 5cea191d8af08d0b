"""Eight concurrent downloads of the whole dataset under gunicorn: none is a 5xx, each is served
within 120 s (told to come back while the one build runs in the worker), and a second wave is
served from the stored file.

Each request used to build the whole ZIP itself: eight at once outlived gunicorn's timeout and
took the site down.
"""

from __future__ import annotations

import threading
import time
import urllib.request

import pytest

from tests.factories import treaty_with_participants

from .conftest import Gunicorn, Stack, Worker

DOWNLOADS = 8


def _download(port: int) -> tuple[list[int], float, bytes]:
    """GET the ZIP, coming back as told while it is prepared: (statuses, seconds, body)."""
    started = time.monotonic()
    statuses = []
    while time.monotonic() - started < 120:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/data/treaty-tracker.zip", headers={"Accept": "*/*"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                statuses.append(response.status)
                body = response.read()
                if response.status == 200:
                    return statuses, time.monotonic() - started, body
                time.sleep(min(int(response.headers.get("Retry-After", "1")), 2))
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
            return statuses, time.monotonic() - started, b""
    return statuses, time.monotonic() - started, b""


def _wave(port: int) -> list[tuple[list[int], float, bytes]]:
    results: list[tuple[list[int], float, bytes]] = [([], 0.0, b"")] * DOWNLOADS

    def one(i: int) -> None:
        results[i] = _download(port)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(DOWNLOADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=150)
    return results


@pytest.mark.worker
def test_concurrent_downloads_of_the_dataset_are_served_and_built_once(stack: Stack, tmp_path):
    treaty_with_participants("apmbc", 60)
    shared = {"DATASET_DIR": str(tmp_path / "datasets")}
    with Worker(stack, env=shared) as worker, Gunicorn(stack, **shared) as web:
        first = _wave(web.port)
        second = _wave(web.port)
        log = worker.text()
    for statuses, seconds, body in first + second:
        assert statuses and statuses[-1] == 200, statuses
        assert all(status in (200, 202) for status in statuses), statuses
        assert seconds < 120 and body.startswith(b"PK")
    assert all(statuses == [200] for statuses, _, _ in second)  # the stored file
    assert len({body for _, _, body in first + second}) == 1
    assert log.count("Task web.tasks.build_dataset[") == 2  # received, succeeded: one build
