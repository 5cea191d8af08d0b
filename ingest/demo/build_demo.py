"""Build the demo dataset (``events.csv``, ``treaties.csv`` in this folder) from the UN's data.

Rerunnable: ``.venv/bin/python ingest/demo/build_demo.py`` reads the UN status tables in
``../shared/data/untc-status-2026/`` (status as at 3 Feb 2026; Paris as at 13 Feb 2023) and
writes the project's own interchange format. The output is committed, so ``make run`` needs
no ``../shared``.

Facts only: participant, kind, date, the UN status page as source, depositary notification
numbers. The depositary's footnotes are summarised here in our own words (``SUMMARIES``);
withdrawal footnotes become withdrawal events with their dates and C.N. numbers. Facts not in
the 2026 tables (the US Paris history, Russia's CTBT revocation) are listed in ``EXTRA_EVENTS``,
each with the source it was read from.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import django

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHARED = ROOT.parent / "shared" / "data" / "untc-status-2026"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from ingest.interchange import COLUMNS  # noqa: E402
from ingest.untc_csv import read_status_csv, un_status_url  # noqa: E402
from states.services import StateMatcher  # noqa: E402

# file stem -> treaty slug in treaties.rules.catalogue
TREATIES = {
    "CCM_XXVI-6": "ccm",
    "APMBC_XXVI-5": "apmbc",
    "ATT_XXVI-8": "att",
    "TPNW_XXVI-9": "tpnw",
    "CTBT_XXVI-4": "ctbt",
    "CWC_XXVI-3": "cwc",
    "PARIS_XXVII-7-d": "paris-agreement",
}

# (treaty slug, footnote number) -> our summary of the depositary's footnote.
SUMMARIES: dict[tuple[str, str], str] = {
    ("apmbc", "5"): "Mauritius sent the depositary a communication about the Chagos "
    "Archipelago in January 2020 (C.N.52.2020).",
    ("apmbc", "6"): "Montenegro's participation follows from its separation from Serbia and "
    "Montenegro; the UN explains it in the historical notes of its volume.",
    ("apmbc", "7"): "Ratified for the European part of the Kingdom; extended in 2014 to "
    "Bonaire, Sint Eustatius and Saba.",
    ("apmbc", "9"): "Serbia continues the participation of Serbia and Montenegro; see the UN's "
    "historical notes.",
    ("apmbc", "10"): "Ukraine sent the depositary a communication in March 2016 (C.N.121.2016).",
    ("apmbc", "11"): "Ukraine sent the depositary a further communication in May 2018 "
    "(C.N.285.2018).",
    ("apmbc", "12"): "Extended by the United Kingdom in December 2001 to a list of its "
    "overseas territories.",
    ("att", "1"): "Denmark excludes the Faroe Islands and Greenland until further notice.",
    ("att", "2"): "New Zealand's ratification does not extend to Tokelau unless New Zealand "
    "later declares so after consulting Tokelau.",
    ("att", "3"): "In July 2019 the United States told the depositary it does not intend to "
    "become a party and has no legal obligations arising from its signature (not a "
    "withdrawal).",
    ("ccm", "1"): "Belize declared provisional application of article 1 pending entry into force.",
    ("ccm", "2"): "Denmark excludes the Faroe Islands until further notice.",
    ("ccm", "3"): "Lithuania declared provisional application of article 1; it later withdrew "
    "from the Convention (see its withdrawal event).",
    ("ccm", "4"): "Applies to the European part and to Bonaire, Sint Eustatius and Saba; "
    "extended to Curaçao in 2022 (C.N.286.2022).",
    ("ccm", "5"): "New Zealand's ratification does not extend to Tokelau unless New Zealand "
    "later declares so after consulting Tokelau.",
    ("ccm", "6"): "Norway declared provisional application of article 1 pending entry into "
    "force for it.",
    ("ccm", "7"): "Switzerland declared provisional application of article 1(1)(a) pending "
    "entry into force for it.",
    ("ccm", "8"): "In February 2014 the United Kingdom extended its ratification to the Isle "
    "of Man.",
    ("ctbt", "1"): "Montenegro's participation follows from its separation from Serbia and "
    "Montenegro; see the UN's historical notes.",
    ("ctbt", "2"): "Ratified for the Kingdom in Europe, the Netherlands Antilles and Aruba.",
    ("ctbt", "3"): "Israel sent the depositary a communication in January 1997 about a "
    "declaration made by Iran.",
    ("cwc", "1"): "Reference to the General Assembly records in which the Convention was "
    "published.",
    ("cwc", "2"): "Mauritius sent the depositary a communication about the Chagos "
    "Archipelago in January 2020 (C.N.49.2020).",
    ("cwc", "3"): "Montenegro's participation follows from its separation from Serbia and "
    "Montenegro; see the UN's historical notes.",
    ("cwc", "4"): "Ratified for the Kingdom in Europe; extended to the Netherlands Antilles "
    "and Aruba on 28 April 1997.",
    ("cwc", "5"): "Serbia continues the participation of Serbia and Montenegro; see the UN's "
    "historical notes.",
    ("cwc", "6"): "In October 2005 the United Kingdom extended its ratification to further "
    "territories.",
    ("tpnw", "1"): "Ratified with a territorial application to Tokelau.",
}

# Facts from the rules specification that the 2026 tables do not show.
PARIS = un_status_url("XXVII-7-d")
CTBT = un_status_url("XXVI-4")
EXTRA_EVENTS: list[dict[str, str]] = [
    {
        "treaty": "paris-agreement", "state": "USA", "kind": "acceptance",
        "date": "2016-09-03", "source_url": PARIS,
        "note": "First acceptance; the 2023 table shows only the re-acceptance of 2021.",
        "published_effective_date": "2016-11-04",
    },
    {
        "treaty": "paris-agreement", "state": "USA", "kind": "withdrawal",
        "date": "2019-11-04", "source_url": PARIS,
        "note": "Withdrawal notified on the first day article 28(1) allowed; the UN gave "
        "4 November 2020 as its date of effect.",
        "published_effective_date": "2020-11-04",
    },
    {
        "treaty": "paris-agreement", "state": "USA", "kind": "withdrawal",
        "date": "2025-01-27", "source_url": PARIS,
        "note": "Second withdrawal notification; the UN spokesperson gave 27 January 2026 as "
        "its date of effect.",
        "published_effective_date": "2026-01-27",
    },
    {
        "treaty": "ctbt", "state": "RUS", "kind": "ratification",
        "date": "2000-06-30", "source_url": CTBT,
        "note": "Ratification revoked in November 2023; the UN table no longer shows it.",
    },
    {
        "treaty": "ctbt", "state": "RUS", "kind": "consent_revoked",
        "date": "2023-11-02", "source_url": CTBT,
        "note": "Russia revoked its ratification of a treaty not yet in force (law in force "
        "2 November 2023); not a withdrawal under article IX.",
    },
]  # fmt: skip

# Events of the tables that the extra facts correct: (slug, code, kind, date) -> changes.
# Successions bind from the date of succession (states/data/states.csv), whatever a treaty
# body published: Montenegro's APMBC date as its implementation unit counted it is kept as a
# published date, beside ours, as a disagreement (shared docs/treaty-rules.md, edge case 6).
CORRECTIONS: dict[tuple[str, str, str, str], dict[str, str]] = {
    ("paris-agreement", "USA", "acceptance", "2021-01-20"): {
        "note": "Re-acceptance after the first withdrawal took effect.",
        "published_effective_date": "2021-02-19",
    },
    ("apmbc", "MNE", "succession", "2006-10-23"): {
        "note": SUMMARIES[("apmbc", "6")] + " Bound from 3 June 2006, its date of succession"
        " (depositary practice); the Convention's implementation support unit counted it a"
        " State Party from 1 April 2007, six months after the notification (art. 17(2)), as"
        " the Landmine Monitor reports (shared docs/treaty-rules.md, edge case 6).",
        "published_effective_date": "2007-04-01",
    },
    ("apmbc", "SSD", "succession", "2011-11-11"): {
        "note": "Bound from 9 July 2011, its independence: the UN Office of Legal Affairs"
        " treated the succession as effective from that date, as the Landmine Monitor reports"
        " (shared docs/treaty-rules.md, edge case 6).",
    },
}


def build() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Return (treaty rows, event rows) in the interchange format."""
    matcher = StateMatcher.from_reference_data()
    treaties: list[dict[str, str]] = []
    events: list[dict[str, str]] = []
    for stem, slug in TREATIES.items():
        path = next(SHARED.glob(f"{stem}_status*.csv"))
        records = read_status_csv(path)
        assert records[0].status_as_at is not None
        treaties.append(
            {"slug": slug, "status_as_at": records[0].status_as_at.isoformat(),
             "source_url": records[0].source_url}
        )  # fmt: skip
        for rec in records:
            code = matcher.match(rec.participant).code
            notes = [SUMMARIES[(slug, n)] for n in rec.footnotes if (slug, n) in SUMMARIES]
            consent = next(
                (e for e in rec.events if e["kind"] not in {"signature", "withdrawal",
                                                             "provisional_application"}),
                rec.events[0] if rec.events else None,
            )  # fmt: skip
            for ev in rec.events:
                row = dict.fromkeys(COLUMNS, "")
                row.update(
                    treaty=slug,
                    state=code,
                    kind=str(ev["kind"]),
                    date=ev["date"].isoformat(),
                    source_url=rec.source_url,
                    notification_ref=ev.get("notification_ref", ""),
                    note=ev.get("note", ""),
                    bracketed="yes" if ev.get("bracketed") else "",
                )
                if ev.get("published_effective_date"):
                    row["published_effective_date"] = ev["published_effective_date"].isoformat()
                if ev is consent and notes:
                    row["note"] = " ".join(notes)
                key = (slug, code, row["kind"], row["date"])
                row.update(CORRECTIONS.get(key, {}))
                events.append(row)
    for extra in EXTRA_EVENTS:
        row = dict.fromkeys(COLUMNS, "")
        row.update(extra)
        events.append(row)
    events.sort(key=lambda r: (r["treaty"], r["date"], r["state"], r["kind"]))
    return treaties, events


def main() -> None:
    treaties, events = build()
    with (HERE / "treaties.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["slug", "status_as_at", "source_url"],
                                lineterminator="\n")  # fmt: skip
        writer.writeheader()
        writer.writerows(treaties)
    with (HERE / "events.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(events)
    print(f"{len(treaties)} treaties, {len(events)} events written to {HERE}")


if __name__ == "__main__":
    main()
