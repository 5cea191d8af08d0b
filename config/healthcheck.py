"""``python -m config.healthcheck``: exit 0 if this container's gunicorn answers ``/healthz``
with a 2xx (the Dockerfile's HEALTHCHECK). Standard library only: the slim image has no curl.

The request names the first of ALLOWED_HOSTS, which Django requires of every request.
"""

from __future__ import annotations

import os
import sys
import urllib.request


def main() -> int:
    host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".")
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": host or "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if 200 <= response.status < 300 else 1
    except OSError as exc:
        print(f"healthz: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
