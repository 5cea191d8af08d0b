"""The UN's MTDSG XML status files ("Multilateral Treaties Deposited with the Secretary-General").

Split by subject: ``document`` reads one file into plain values (repairs, the header with its
recorded entry into force, participants, endnotes), ``treaties`` creates or updates the treaty,
``rows`` turns participants into event rows; this module runs an import of many files.

Each file is imported in its own savepoint. A file that cannot be read, whose content names a
different treaty than its file name, or whose rows are refused is an error of that file: by
default the whole import is then refused (nothing is written); with ``keep_going`` the other
files are imported and the report lists the refused ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from events.models import EventOrigin
from events.services.derivation import treaty_rules_derive
from events.services.notes import noted_history_replace
from rules.depositary.notes import NotedDeposit, read_predecessor_deposits
from states.services import StateMatcher
from treaties.models import Treaty

from ..base import EventRow, ImportFailed, ImportReport, apply_rows
from .document import ParsedTreaty, column_codes, parse_file, repair
from .endnotes import note_rows
from .rows import event_rows
from .statements import StatementsReport, statements_import
from .treaties import link_parents, treaty_for

__all__ = [
    "FileWithoutParticipants",
    "ParsedTreaty",
    "Review",
    "column_codes",
    "derive_protocols",
    "parse_file",
    "repair",
    "untc_xml_import",
]


#: A look at a file's rows before they are written (``ingest.sync``): it gets the treaty and
#: the rows, may change what is recorded (in the file's savepoint) and returns the rows to write.
Review = Callable[[Treaty, list[EventRow]], list[EventRow]]


@dataclass(frozen=True)
class FileWithoutParticipants:
    """A file with no participants table, and the counts its header gives instead."""

    un_reference: str
    signatories: int | None
    parties: int | None

    def __str__(self) -> str:
        counts = ", ".join(
            f"{label} {n}"
            for label, n in (("signatories", self.signatories), ("parties", self.parties))
            if n is not None
        )
        return f"{self.un_reference}: no participants table ({counts or 'no header counts'})"


@dataclass
class XmlImportReport(ImportReport):
    """An import report with what only the MTDSG files tell."""

    without_participants: list[FileWithoutParticipants] = field(default_factory=list)
    refused_files: list[str] = field(default_factory=list)
    treaties: list[Treaty] = field(default_factory=list)
    statements: StatementsReport = field(default_factory=StatementsReport)
    #: What the endnotes on participants added (``endnotes``): one line per event read from a
    #: note, the acts they tell that the table already has, the undated histories kept, and
    #: the territorial exclusions and applications read (by kind; evidence, not events).
    note_events: list[str] = field(default_factory=list)
    note_acts_in_table: int = 0
    noted_history: int = 0
    note_territories: Counter[str] = field(default_factory=Counter)
    #: What each imported treaty's rules were derived from (``derive_protocols``).
    derived: dict[int, _Derived] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [super().summary()]
        if sum(self.statements.entries.values()):
            parts.append(self.statements.summary())
        if self.without_participants:
            parts.append(f"files without participants: {len(self.without_participants)}")
        if self.refused_files:
            parts.append(f"files refused: {len(self.refused_files)}")
        if self.note_events or self.noted_history:
            parts.append(
                f"events read from endnotes: {len(self.note_events)}; undated histories quoted:"
                f" {self.noted_history}"
            )
        return "; ".join(parts)


def untc_xml_import(
    paths: list[Path],
    *,
    as_of: date | None = None,
    today: date | None = None,
    keep_going: bool = False,
    review: Review | None = None,
    matcher: StateMatcher | None = None,
) -> XmlImportReport:
    """Import MTDSG XML files: treaties created or updated, events added.

    The depositary's data is recorded as published: rule violations in it (for treaties whose
    rules we know) and acts dated outside a state's existence are listed in
    ``report.inconsistencies`` rather than refused. Without ``keep_going`` it is all or
    nothing; with it, each file is all or nothing. ``review`` sees each file's rows before they
    are written (``Review``). ``matcher``: the states' names, read once by a caller that
    imports file by file.
    """
    report = XmlImportReport()
    matcher = matcher or StateMatcher.from_db()
    derived = report.derived
    with transaction.atomic():
        for path in paths:
            report.files += 1
            _import_file(
                path, as_of, today, matcher, report, derived, keep_going=keep_going, review=review
            )
        link_parents(report.treaties)
        derive_protocols(report.treaties, derived)
        if not keep_going and not report.ok:
            transaction.set_rollback(True)
    if not keep_going and not report.ok:
        raise ImportFailed(report)
    return report


def _import_file(
    path: Path,
    as_of: date | None,
    today: date | None,
    matcher: StateMatcher,
    report: XmlImportReport,
    derived: dict[int, _Derived],
    *,
    keep_going: bool,
    review: Review | None = None,
) -> None:
    """One file, in a savepoint rolled back if the file is refused. ``derived``: what each
    treaty's rules were derived from (the file is complete; the status notes)."""
    errors_before = len(report.errors)
    try:
        parsed = parse_file(path)
    except (OSError, ValueError) as exc:
        report.error(path.name, str(exc))
        report.refused_files.append(path.name)
        return
    named = path.name.split(".")[0]
    if named != parsed.un_reference:
        report.error(
            path.name,
            f"the file is named {named} but its content is treaty {parsed.un_reference}"
            f" ({parsed.title[:80]}): nothing of it was imported",
        )
        report.refused_files.append(path.name)
        return
    with transaction.atomic():
        if parsed.repairs:
            report.repairs.append(f"{path.name}: {', '.join(parsed.repairs)}")
        for header in parsed.skipped_columns:
            report.notes.append(f"{path.name}: column {header!r} not imported")
        for cell in parsed.unknown_codes:
            report.unknown_codes.append(f"{path.name} {cell}")
        treaty = treaty_for(parsed, as_of, report)
        rows = event_rows(parsed, matcher, report)
        notes = note_rows(parsed, matcher, rows)
        rows += notes.rows
        if review is not None:
            rows = review(treaty, rows)
        apply_rows(
            treaty=treaty,
            rows=rows,
            report=report,
            today=today,
            strict=False,
            origin=EventOrigin.DEPOSITARY,
        )
        if len(report.errors) == errors_before:
            noted_history_replace(treaty=treaty, entries=notes.noted)
            report.note_events += notes.lines
            report.note_acts_in_table += notes.already_in_table
            report.noted_history += len(notes.noted)
            report.note_territories.update(notes.territories)
            # What states said when they joined, after the events it may be tied to.
            for line, message in statements_import(
                path=path, parsed=parsed, treaty=treaty, matcher=matcher, report=report.statements
            ):
                report.error(line, message)
        if len(report.errors) == errors_before:
            derived[treaty.pk] = _Derived(
                complete=parsed.has_participants_table,
                notes=[parsed.footnotes.get(n, "") for n in parsed.status_notes],
                noted=_noted(parsed, report, path.name),
            )
            treaty_rules_derive(treaty=treaty, **vars(derived[treaty.pk]))
        if len(report.errors) > errors_before:
            report.refused_files.append(path.name)
            if keep_going:
                transaction.set_rollback(True)
                for listed in (report.treaties_created, report.treaties_updated):
                    if treaty.slug in listed:
                        listed.remove(treaty.slug)
            return
    report.treaties.append(treaty)
    if not parsed.has_participants_table:
        report.without_participants.append(
            FileWithoutParticipants(
                parsed.un_reference, parsed.header_signatories, parsed.header_parties
            )
        )


def _noted(parsed: ParsedTreaty, report: XmlImportReport, name: str) -> list[NotedDeposit]:
    """The instruments the file records outside its participants table: predecessor states'
    in its endnotes, and the League of Nations' list for a treaty the League held."""
    noted = [
        deposit
        for index, text in parsed.footnotes.items()
        for deposit in read_predecessor_deposits(text, parsed.title, index=index)
    ]
    if parsed.league_unreadable:
        report.notes.append(
            f"{name}: {parsed.league_unreadable} date(s) of the League of Nations' list of"
            " ratifications and accessions cannot be read (garbled in the scan); the others are"
            " evidence"
        )
    return noted + parsed.league_deposits


@dataclass
class _Derived:
    """What a treaty's rules are derived from, besides its events (``treaty_rules_derive``)."""

    complete: bool
    notes: list[str]
    noted: list[NotedDeposit]


def derive_protocols(treaties: list[Treaty], derived: dict[int, _Derived]) -> None:
    """Derive again the rules of the protocols that got none before their parent was linked:
    one in force on its parent's recorded date is inferred from it
    (``rules.depositary.inference``)."""
    for treaty in treaties:
        if treaty.parent_id is None or treaty.rules or treaty.pk not in derived:
            continue
        treaty_rules_derive(treaty=treaty, **vars(derived[treaty.pk]))
