"""A webhook receiver, run as its own process by the tests: ``python receiver.py PORT DIR``.

For each POST it reads the webhook's secret from ``DIR/secret_<path>`` (else
``DIR/secret``), checks the signature
(HMAC-SHA256 over "<t>." + body, as ``alerts.webhooks`` documents), and appends one JSON line
to ``DIR/log.jsonl``: path, Idempotency-Key, whether the signature matched, whether the key was
seen before, the body, the status answered. What it answers comes from ``DIR/mode``:
``ok``; ``fail N`` (500 to the first N requests, then 200); ``fail`` (always 500);
``redirect URL`` (302 to URL); ``slow SECONDS`` (answers after a pause).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DIR = Path(sys.argv[2])
COUNT = [0]
KEYS: set[str] = set()


def _verify(secret: str, header: str, body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if "t" not in parts or "v1" not in parts:
        return False
    mac = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(mac.hexdigest(), parts["v1"])


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        secret_file = DIR / ("secret" + self.path.replace("/", "_"))
        if not secret_file.exists():
            secret_file = DIR / "secret"
        secret = secret_file.read_text().strip() if secret_file.exists() else ""
        mode = (DIR / "mode").read_text().split() if (DIR / "mode").exists() else ["ok"]
        COUNT[0] += 1
        key = self.headers.get("Idempotency-Key", "")
        duplicate = key in KEYS
        status, location = 200, ""
        if mode[0] == "fail" and (len(mode) == 1 or COUNT[0] <= int(mode[1])):
            status = 500
        elif mode[0] == "redirect":
            status, location = 302, mode[1]
        elif mode[0] == "slow":
            time.sleep(float(mode[1]))
        if status == 200:
            KEYS.add(key)
        entry = {
            "path": self.path,
            "key": key,
            "event": self.headers.get("X-Treaty-Tracker-Event", ""),
            "host": self.headers.get("Host", ""),
            "signature_ok": _verify(
                secret, self.headers.get("X-Treaty-Tracker-Signature", ""), body
            ),
            "duplicate": duplicate,
            "status": status,
            "at": time.time(),
            "body": json.loads(body or b"null"),
        }
        with (DIR / "log.jsonl").open("a") as log:
            log.write(json.dumps(entry) + "\n")
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    (DIR / "ready").write_text("ready")
    server.serve_forever()
