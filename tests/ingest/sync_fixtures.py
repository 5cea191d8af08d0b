"""A real local HTTP server process standing in for the depositary (``untc_server.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ingest.sync.client import DepositaryClient

SERVER = Path(__file__).with_name("untc_server.py")


@dataclass
class Mirror:
    base_url: str
    corpus: Path
    overlay: Path
    log: Path

    def original(self, reference: str) -> str:
        return (self.corpus / f"{reference}.en.xml").read_bytes().decode("latin-1")

    def publish(self, reference: str, text: str | bytes) -> None:
        """The depositary's file of ``reference`` becomes ``text`` (an overlay of the corpus)."""
        data = text.encode("latin-1") if isinstance(text, str) else text
        (self.overlay / f"{reference}.en.xml").write_bytes(data)

    def fault(self, reference: str, **behaviour: Any) -> None:
        path = self.overlay / "_faults.json"
        faults = json.loads(path.read_text()) if path.exists() else {}
        faults[reference] = behaviour
        path.write_text(json.dumps(faults))

    def requests(self) -> list[str]:
        """Each request the server answered, "<path> <status> <user agent>", and forget them."""
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        self.log.write_text("")
        return lines

    def client(self, **options: Any) -> DepositaryClient:
        values: dict[str, Any] = {"timeout": 1.0, "rate": 0, "retries": 1, "backoff": 0.01}
        return DepositaryClient(base_url=self.base_url, **{**values, **options})


def start_mirror(corpus: Path, folder: Path) -> Iterator[Mirror]:
    overlay = folder / "overlay"
    overlay.mkdir()
    log, portfile = folder / "requests.log", folder / "port"
    proc = subprocess.Popen(
        [sys.executable, str(SERVER), str(corpus), str(overlay), str(log), str(portfile)]
    )
    deadline = time.monotonic() + 10
    while not portfile.exists() or not portfile.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the stand-in depositary server did not start")
        time.sleep(0.05)
    try:
        yield Mirror(f"http://127.0.0.1:{portfile.read_text()}/", corpus, overlay, log)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
