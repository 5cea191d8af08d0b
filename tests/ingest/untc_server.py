"""A stand-in for the depositary's server, run as its own process by the sync tests.

``python untc_server.py CORPUS OVERLAY LOG PORTFILE`` serves, on 127.0.0.1 and a free port
(written to PORTFILE), the UN's layout: ``/Chapter <chapter>/<reference>.en.xml`` from OVERLAY
when the test wrote a file there, else from CORPUS; ``/index.txt`` and
``/Chapter <chapter>/index.txt`` list the references. Answers carry an ETag (a hash of the
content) and a 304 answers a matching If-None-Match. ``OVERLAY/index.txt``, if the test
wrote one, is the index at the base. ``OVERLAY/_faults.json`` (read on each
request) makes a reference misbehave: ``{"XXVI-6": {"status": 500}}``, ``{"sleep": 5}``,
``{"redirect": "http://elsewhere.example/x"}``. Every request is appended to LOG as
"<path> <status> <user agent>".
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

CORPUS, OVERLAY, LOG, PORTFILE = (Path(a) for a in sys.argv[1:5])


def references() -> list[str]:
    names = {p.name for p in CORPUS.glob("*.en.xml")} | {p.name for p in OVERLAY.glob("*.en.xml")}
    return sorted(n.removesuffix(".en.xml") for n in names)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = unquote(self.path)
        faults = {}
        if (OVERLAY / "_faults.json").exists():
            faults = json.loads((OVERLAY / "_faults.json").read_text())
        parts = path.strip("/").split("/")
        body: bytes | None = None
        if parts == ["index.txt"] and (OVERLAY / "index.txt").exists():
            body = (OVERLAY / "index.txt").read_bytes()
        elif parts == ["index.txt"]:
            body = "\n".join(["# every reference", *references()]).encode()
        elif len(parts) == 2 and parts[0].startswith("Chapter "):
            chapter = parts[0].removeprefix("Chapter ")
            if parts[1] == "index.txt":
                refs = [r for r in references() if r.split("-")[0] == chapter]
                body = "\n".join(refs).encode()
            elif parts[1].endswith(".en.xml"):
                reference = parts[1].removesuffix(".en.xml")
                fault = faults.get(reference, {})
                if "sleep" in fault:
                    time.sleep(fault["sleep"])
                if "status" in fault:
                    return self.answer(fault["status"], b"failure")
                if "redirect" in fault:
                    return self.answer(302, b"", {"Location": fault["redirect"]})
                for folder in (OVERLAY, CORPUS):
                    if (folder / parts[1]).exists() and reference.split("-")[0] == chapter:
                        body = (folder / parts[1]).read_bytes()
                        break
        if body is None:
            return self.answer(404, b"not found")
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self.answer(304, b"", {"ETag": etag})
        return self.answer(200, body, {"ETag": etag, "Content-Type": "application/xml"})

    def answer(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if code != 304:
            self.wfile.write(body)
        with LOG.open("a") as log:
            log.write(f"{unquote(self.path)} {code} {self.headers.get('User-Agent')}\n")

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    PORTFILE.write_text(str(server.server_address[1]))
    server.serve_forever()
