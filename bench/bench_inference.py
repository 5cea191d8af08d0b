"""How often inferred rules are right: inference checked against treaties whose rules are known.

Run: ``.venv/bin/python bench/bench_inference.py`` (imports the 2018 corpus into a throwaway
SQLite file first), or ``SQLITE_PATH=/tmp/corpus.sqlite3 .venv/bin/python
bench/bench_inference.py --skip-import`` on a database ``corpus_report`` already filled.

For every treaty whose rules are known — the catalogue's, or read from the quoted article and
reproducing the depositary's recorded entry into force — and that has a recorded date and
deposits, the script forgets the rules, infers them from the recorded date as an import would
(``rules.depositary.inference.infer_rules``, alternatives included), computes every consent's
date of effect under the inferred rules, and compares each with the date the known rules give.

Prints, per outcome of the inference, how many dates of effect the inferred rules state, how
many of those equal the known rules' (right), differ (wrong) and how many they leave unknown.
A wrong date under inferred rules is shown as "inferred, not confirmed", but it is still a
wrong date: this is the figure to keep at zero. Figures are recorded in ``docs/corpus.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL") and not os.environ.get("SQLITE_PATH"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "corpus.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402

from config.celery import app  # noqa: E402
from events.models import Event  # noqa: E402
from events.services.checks import event_in  # noqa: E402
from rules import CONSENT_KINDS, Rules, compute  # noqa: E402
from rules.basis import SOURCE_CATALOGUE, SOURCE_PARSED  # noqa: E402
from rules.depositary.inference import infer_rules  # noqa: E402
from states.models import State  # noqa: E402
from treaties.models import Treaty  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-import", action="store_true", help="use the database as it is")
    parser.add_argument("--details", action="store_true", help="one line per treaty")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    app.conf.task_always_eager = True
    if not args.skip_import:
        call_command("migrate", verbosity=0)
        call_command("corpus_report", stdout=open(os.devnull, "w"))  # noqa: SIM115
    outcomes: Counter[str] = Counter()
    dates: Counter[tuple[str, str]] = Counter()
    wrong: list[str] = []
    known = Treaty.objects.filter(
        rules_source__in=(SOURCE_CATALOGUE, SOURCE_PARSED),
        recorded_entry_into_force__isnull=False,
    ).order_by("un_reference")
    for treaty in known:
        events = list(Event.objects.filter(treaty=treaty).select_related("state"))
        if not events:
            continue
        engine_events = [event_in(e) for e in events]
        organisations = {e.state.code for e in events if e.state.kind == State.Kind.ORGANISATION}
        inference = infer_rules(
            engine_events, treaty.recorded_entry_into_force, organisations=organisations
        )
        outcomes[inference.outcome] += 1
        if inference.rules is None:
            continue
        inferred = compute(
            Rules.from_dict(inference.rules).with_recorded_date(treaty.recorded_entry_into_force),
            engine_events,
            organisations=organisations,
        )
        tally: Counter[str] = Counter()
        for event in events:
            if event.kind not in CONSENT_KINDS or event.effective_date is None:
                continue
            effect = inferred.effects.get(event.pk)
            got = effect.effective_date if effect else None
            verdict = (
                "unknown" if got is None else "right" if got == event.effective_date else "wrong"
            )
            tally[verdict] += 1
            dates[(inference.outcome, verdict)] += 1
            if verdict == "wrong":
                wrong.append(
                    f"{treaty.un_reference} {event.state.code} {event.kind} {event.date}:"
                    f" inferred {got}, known rules {event.effective_date}"
                )
        if args.details:
            print(f"  {treaty.un_reference} ({treaty.rules_source}): {inference.outcome}, "
                  + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))  # fmt: skip
    print(
        "treaties with known rules, a recorded date and deposits: "
        + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    )
    for outcome in ("inferred", "ambiguous"):
        row = {v: dates[(outcome, v)] for v in ("right", "wrong", "unknown")}
        print(
            f"dates of effect under {outcome} rules: "
            + ", ".join(f"{k} {v}" for k, v in row.items())
        )
    by_treaty = Counter(line.split()[0] for line in wrong)
    print(
        f"wrong dates: {len(wrong)} (" + ", ".join(f"{t} {n}" for t, n in by_treaty.items()) + ")"
    )
    for line in wrong[:40]:
        print(f"  {line}")


if __name__ == "__main__":
    main()
