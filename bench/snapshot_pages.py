"""Save the HTML of a few pages and the API schema, to compare two versions of the code.

    .venv/bin/python bench/snapshot_pages.py OUT_DIR
    diff -r BEFORE_DIR AFTER_DIR

Loads the demo into a fresh SQLite database (a temporary file), then saves the treaty pages of
the CCM and the APMBC and Lithuania's state page at three dates, their API answers and the
OpenAPI schema. A refactoring that should change nothing is checked by running this on the
commit before and after it and diffing the two folders: only the intended fixes may differ.
Per-request values (CSP nonces, CSRF tokens) are blanked so that two runs of one commit are equal.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "/treaties/ccm/",
    "/treaties/apmbc/",
    "/states/LTU/",
    "/api/v1/treaties/ccm/participants/",
    "/api/v1/states/LTU/treaties/",
]
DATES = ["2011-09-01", "2025-03-05", "2026-06-01"]
VOLATILE = [
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
]


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/snapshot.sqlite3"
        os.environ.pop("CELERY_BROKER_URL", None)
        os.environ.pop("CACHE_URL", None)
        os.environ.setdefault("DEBUG", "true")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        client = Client()
        out.mkdir(parents=True, exist_ok=True)
        for page in PAGES:
            for day in DATES:
                key = "on" if not page.startswith("/api/") else "as_of"
                response = client.get(page, {key: day})
                body = response.content.decode()
                for pattern, blank in VOLATILE:
                    body = pattern.sub(blank, body)
                name = page.strip("/").replace("/", "_") + f"_{day}.txt"
                (out / name).write_text(f"{response.status_code}\n{body}")
        schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
        (out / "schema.yaml").write_text(f"{schema.status_code}\n{schema.content.decode()}")
    print(f"saved {len(PAGES) * len(DATES) + 1} answers in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
