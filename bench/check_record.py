"""Check, on the whole 2018 corpus, that no surface turns a gap into zero or an old record into
today (docs/basis.md, "The record's date", "Gaps").

Run: ``.venv/bin/python bench/check_record.py`` (a throwaway SQLite file; the corpus is
imported as of 15 Jan 2018, as ``corpus_report`` does). Prints the figures; exits 1 when a
treaty without a participants table reports 0 parties or signatories on the API's list or on
the home page, or when an answer for a date past a treaty's record does not say so.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL") and not os.environ.get("SQLITE_PATH"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "record.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DEBUG", "true")  # no HTTPS redirect for the test client
os.environ.setdefault("API_ANON_RATE", "1000000/minute")  # one client, many questions
os.environ.setdefault("PAGE_ANON_RATE", "1000000/minute")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402
from datetime import date  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from config.celery import app  # noqa: E402

CORPUS = Path(os.environ.get("CORPUS", "/work/shared/data/untc-mtdsg-xml-2018"))
AS_OF = date(2018, 1, 15)
PAST = "2026-12-07"


def main() -> int:
    logging.disable(logging.INFO)
    app.conf.task_always_eager = True
    if not os.environ.get("NO_IMPORT"):  # NO_IMPORT=1 SQLITE_PATH=...: a corpus imported before
        call_command("migrate", verbosity=0)
        call_command("import_untc", str(CORPUS), "--as-of", AS_OF.isoformat(), "--keep-going",
                     verbosity=0)  # fmt: skip
    from treaties.models import Treaty

    client = Client()
    treaties = list(Treaty.objects.order_by("short_name"))
    without = {t.slug for t in treaties if not t.has_participant_data}
    problems: list[str] = []

    listed: dict[str, dict[str, object]] = {}
    url = f"/api/v1/treaties/?as_of={PAST}&limit=100"
    while url:
        body = client.get(url).json()
        listed |= {t["slug"]: t for t in body["results"]}
        url = body.get("next") and body["next"].replace("http://testserver", "")
    zero_api = [s for s in without if 0 in (listed[s]["parties"], listed[s]["signatories"])]
    problems += [f"API list: {s} gives 0" for s in zero_api]
    not_said = [s for s, t in listed.items() if t["record_as_of"] and not t["past_record"]]
    problems += [f"API list: {s} past its record without saying so" for s in not_said]

    home = unescape(client.get("/").content.decode())
    zero_home = []
    for treaty in treaties:
        if treaty.slug not in without:
            continue
        start = home.index(f'href="/treaties/{treaty.slug}/"')
        cell = home[start : home.index("</tr>", start)]
        if re.search(r'<td class="num">\s*0\s*(<|$)', cell) or "no data" not in cell:
            zero_home.append(treaty.slug)
    problems += [f"home: {s} without 'no data'" for s in zero_home]

    pages = api = 0
    for treaty in treaties:
        if treaty.status_as_at is None:
            continue
        page = unescape(client.get(f"/treaties/{treaty.slug}/?on={PAST}").content.decode())
        pages += 1
        if "You asked for 7 Dec 2026" not in page or "not in this database" not in page:
            problems.append(f"page: {treaty.slug} past its record without saying so")
        if treaty.slug in without and re.search(r"<strong>0</strong> states? bound", page):
            problems.append(f"page: {treaty.slug} says 0 states bound")
        for path in ("", "participants/"):
            body = client.get(f"/api/v1/treaties/{treaty.slug}/{path}?as_of={PAST}").json()
            api += 1
            if body["past_record"] is not True or body["record_as_of"] is None:
                problems.append(f"API {path or 'detail'}: {treaty.slug} does not say so")
            if treaty.slug in without and 0 in (body.get("parties"), body.get("count")):
                problems.append(f"API {path or 'detail'}: {treaty.slug} gives 0")

    print(f"treaties: {len(treaties)}; without a participants table: {len(without)}")
    print(f"API list: {len(listed)} treaties; without a table reporting 0: {len(zero_api)}")
    print(f"home page: without a table not shown as 'no data': {len(zero_home)}")
    print(f"dated past the record ({PAST}): {pages} treaty pages, {api} API answers checked")
    print(f"problems: {len(problems)}")
    for problem in problems[:40]:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
