"""``manage.py corpus_report [FOLDER]``: import a corpus of MTDSG XML files into an empty
database and say what it became — by rules basis, how many recorded dates are shown and
reproduced, files without participants, and every contradiction with the depositary's record
(there must be none; the command fails if there is one).

Run it on a fresh database, e.g.::

    SQLITE_PATH=/tmp/corpus.sqlite3 .venv/bin/python manage.py migrate
    SQLITE_PATH=/tmp/corpus.sqlite3 .venv/bin/python manage.py corpus_report

(default folder: ``../shared/data/untc-mtdsg-xml-2018`` beside the project, status as at
15 January 2018). ``--no-import`` reports on the database as it is.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.services import treaty_recompute
from ingest.corpus_report import CorpusFigures, corpus_figures
from ingest.untc_xml import untc_xml_import
from treaties.models import Treaty

DEFAULT_FOLDER = Path(settings.BASE_DIR).parent / "shared" / "data" / "untc-mtdsg-xml-2018"


class Command(BaseCommand):
    help = "Import the MTDSG corpus into an empty database and report what it became."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER))
        parser.add_argument("--as-of", type=date.fromisoformat, default=date(2018, 1, 15))
        parser.add_argument("--no-import", action="store_true", help="Report on the database")
        parser.add_argument("--details", action="store_true", help="List every line")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_import"]:
            self._import(Path(options["folder"]), options["as_of"])
        figures = corpus_figures()
        self._print(figures, details=options["details"])
        if figures.contradictions:
            raise CommandError(f"{len(figures.contradictions)} contradiction(s) with the record")

    def _import(self, folder: Path, as_of: date) -> None:
        if Treaty.objects.exists():
            raise CommandError(
                "The report imports into an empty database; this one has treaties. Use a fresh"
                " one (e.g. SQLITE_PATH=/tmp/corpus.sqlite3 manage.py migrate) or --no-import."
            )
        paths = sorted(folder.glob("*.xml"))
        if not paths:
            raise CommandError(f"No XML files in {folder}")
        started = time.perf_counter()
        report = untc_xml_import(paths, as_of=as_of, keep_going=True)
        imported = time.perf_counter()
        # With a broker the recomputations were queued; the report needs them now.
        stale = list(Treaty.objects.stale().values_list("pk", flat=True))
        for pk in stale:
            treaty_recompute(treaty_id=pk)
        done = time.perf_counter()
        self.stdout.write(report.summary())
        for line in report.refused_files:
            self.stdout.write(f"  refused: {line}")
        if report.unmatched:
            self.stdout.write(f"  unknown participants: {', '.join(sorted(report.unmatched))}")
        self.stdout.write(
            f"time: import with computation {imported - started:.1f} s"
            f" (+ {done - imported:.1f} s for {len(stale)} treaties left to recompute)"
        )
        self.stdout.write(
            f"codes not known (kept as consents of unknown kind): {len(report.unknown_codes)}"
        )
        for line in report.unknown_codes:
            self.stdout.write(f"  {line}")
        not_imported = report.statements.not_imported
        self.stdout.write(f"statement entries not imported: {len(not_imported)}")
        for line in not_imported:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            f"endnotes: {report.note_acts_in_table} acts they tell are already in the tables;"
            " territorial statements read (evidence, not events): "
            + (", ".join(f"{k} {n}" for k, n in sorted(report.note_territories.items())) or "none")
        )
        self.stdout.write("files without participants (the depositary's header counts):")
        for listed in report.without_participants:
            self.stdout.write(f"  {listed}")

    def _print(self, f: CorpusFigures, *, details: bool) -> None:
        out = self.stdout.write
        out(f"treaties: {f.treaties} (still being recomputed: {f.stale})")
        out(
            "rules: "
            + ", ".join(f"{source} {n}" for source, n in sorted(f.by_rules_source.items()))
        )
        out(
            "entry into force shown as: "
            + ", ".join(f"{basis} {n}" for basis, n in sorted(f.by_entry_basis.items()))
        )
        out(f"recorded entry into force: {f.recorded} treaties; shown: {f.recorded_shown}")
        out(
            f"recorded as not yet in force (on the status date): {f.recorded_not_in_force}"
            " treaties; none shown in force by then, or it is a contradiction below"
        )
        out(f"parsed from the quoted article: {f.parsed_reproduce} of {f.parsed_total} reproduce")
        out(
            f"inferred: {f.inferred_reproduce} of {f.inferred_total} reproduce;"
            f" awaiting review: {f.review_pending}"
        )
        share = f.rest_inferred / f.rest_total if f.rest_total else 0
        deposited = f.rest_total - f.rest_nothing_before
        share_deposited = f.rest_inferred / deposited if deposited else 0
        out(
            f"the rest (a recorded date and participants, no catalogue rules, no article read):"
            f" {f.rest_total}; inferred: {f.rest_inferred} ({share:.0%}), of which"
            f" {f.rest_alternatives} with alternatives (dates only where they agree);"
            f" with a deposit by the recorded date: {deposited}, inferred {share_deposited:.0%}"
        )
        out(f"inferred with alternatives: {len(f.alternatives)}")
        for line in f.alternatives if details else []:
            out(f"  {line}")
        out(
            "how rules were sought: "
            + ", ".join(f"{what} {n}" for what, n in sorted(f.outcomes.items()))
        )
        out(f"rules read or inferred but not accepted: {len(f.not_accepted)}")
        for line in f.not_accepted if details else f.not_accepted[:20]:
            out(f"  {line}")
        if not details and len(f.not_accepted) > 20:
            out(f"  ... and {len(f.not_accepted) - 20} more (--details)")
        out(
            f"consents recorded by the depositary: {f.consents}; shown as "
            + ", ".join(f"{s} {n}" for s, n in sorted(f.consent_statuses.items()))
        )
        out(
            f"header's parties: {f.header_agrees} agree with the participants,"
            f" {len(f.header_differs)} differ"
        )
        for line in f.header_differs if details else []:
            out(f"  {line}")
        out(
            f"successions: {sum(f.successions.values())} by"
            f" {len(f.successions_by_state)} states; dated "
            + "; ".join(f"{how}: {n}" for how, n in f.successions.most_common())
        )
        out(
            "successions by state: "
            + ", ".join(f"{code} {n}" for code, n in f.successions_by_state.most_common())
        )
        out(f"consents of unknown kind (a code the importer does not know): {len(f.unknown_kind)}")
        for line in f.unknown_kind:
            out(f"  {line}")
        out(
            f"statements: {sum(f.statements_by_kind.values())}; "
            + ", ".join(f"{kind} {n}" for kind, n in sorted(f.statements_by_kind.items()))
        )
        out(
            f"statements not read entirely (flagged for review): {f.statements_flagged};"
            f" objections without a target: {f.objections_without_target};"
            f" withdrawn as a whole: {f.statements_withdrawn}"
        )
        for line in f.untargeted_lines if details else f.untargeted_lines[:20]:
            out(f"  objection without a target: {line}")
        if not details and len(f.untargeted_lines) > 20:
            out(f"  ... and {len(f.untargeted_lines) - 20} more (--details)")
        out(
            f"events read from endnotes: {sum(f.note_events.values())} ("
            + ", ".join(f"{kind} {n}" for kind, n in sorted(f.note_events.items()))
            + f"); undated histories quoted from notes: {f.noted_history}"
        )
        for line in f.note_event_lines if details else []:
            out(f"  {line}")
        out(f"contradictions with the depositary's record: {len(f.contradictions)}")
        for line in f.contradictions:
            out(f"  {line}")
