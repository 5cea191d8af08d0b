"""What a corpus of depositary files became: figures, and every place where what we show
contradicts what the depositary records (there must be none).

Read by ``manage.py corpus_report`` after an import. A fixed number of queries whatever the
size of the corpus (treaties, the consents, the status periods on each treaty's date).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from events.models import Event, EventKind, NotedHistory, StatusPeriod
from rules import CONSENT_KINDS, NOT_JOINED, SIGNATORY
from rules.basis import SOURCE_CATALOGUE, SOURCE_INFERRED, SOURCE_PARSED, UNKNOWN
from statements.models import Statement, StatementKind
from treaties.models import RulesReview, Treaty

__all__ = ["CorpusFigures", "corpus_figures"]


@dataclass
class CorpusFigures:
    """The corpus report's figures; the lists say which treaty (and state) each line is."""

    treaties: int = 0
    by_rules_source: Counter[str] = field(default_factory=Counter)
    by_entry_basis: Counter[str] = field(default_factory=Counter)
    #: Treaties whose file states a dated entry into force, and how many show that date.
    recorded: int = 0
    recorded_shown: int = 0
    #: Parsed / inferred rules whose computed entry into force equals the recorded one.
    parsed_reproduce: int = 0
    parsed_total: int = 0
    inferred_reproduce: int = 0
    inferred_total: int = 0
    #: How each treaty's rules were sought ("parsed: accepted", "inference: ambiguous", ...).
    outcomes: Counter[str] = field(default_factory=Counter)
    #: Rules read from a quoted article, or inference, that were not accepted, and why.
    not_accepted: list[str] = field(default_factory=list)
    #: Treaties with a recorded entry into force and participants but no catalogue rules and
    #: no rules read from a quoted article ("the rest"), and how many got inferred rules.
    rest_total: int = 0
    rest_inferred: int = 0
    #: ... of which several delays fit: rules with alternatives (dates where they agree).
    rest_alternatives: int = 0
    #: ... of which no instrument was deposited by the recorded date (nothing to infer from).
    rest_nothing_before: int = 0
    #: Treaties whose inferred rules have alternatives, with their number of readings.
    alternatives: list[str] = field(default_factory=list)
    review_pending: int = 0
    #: Consents the depositary records (not bracketed) and how they are shown.
    consents: int = 0
    consent_statuses: Counter[str] = field(default_factory=Counter)
    #: Depositary header's parties vs the participants with a recorded consent.
    header_agrees: int = 0
    header_differs: list[str] = field(default_factory=list)
    #: Treaties the depositary records as "Not yet in force" (on their status date).
    recorded_not_in_force: int = 0
    contradictions: list[str] = field(default_factory=list)
    stale: int = 0
    #: Notifications of succession, by how their date of effect was reached, and by state.
    successions: Counter[str] = field(default_factory=Counter)
    successions_by_state: Counter[str] = field(default_factory=Counter)
    #: Consents recorded under a code the importer does not know ("treaty: state, date, note").
    unknown_kind: list[str] = field(default_factory=list)
    #: Statements (reservations, declarations, objections...) by kind; those the importer
    #: could not read entirely (flagged for review), objections whose target is not read,
    #: statements withdrawn as a whole.
    statements_by_kind: Counter[str] = field(default_factory=Counter)
    statements_flagged: int = 0
    objections_without_target: int = 0
    #: Each of them, "section: state: why" (the review list; also the admin's "Review" filter).
    untargeted_lines: list[str] = field(default_factory=list)
    statements_withdrawn: int = 0
    #: Events read from the depositary's endnotes (``from_note``), by kind, and one line each
    #: ("file, state, kind, date"); (treaty, state) pairs whose notes are quoted undated.
    note_events: Counter[str] = field(default_factory=Counter)
    note_event_lines: list[str] = field(default_factory=list)
    noted_history: int = 0


def corpus_figures(*, treaties: list[Treaty] | None = None) -> CorpusFigures:
    """The figures for ``treaties`` (default: every treaty), each read on its own status date
    (``status_as_at``, else today's record is not comparable and the treaty is skipped for
    the consent check)."""
    chosen = treaties if treaties is not None else list(Treaty.objects.order_by("un_reference"))
    figures = CorpusFigures(treaties=len(chosen))
    by_id = {t.pk: t for t in chosen}
    with_events = set(
        Event.objects.filter(treaty_id__in=list(by_id))
        .values_list("treaty_id", flat=True)
        .distinct()
        .order_by()
    )
    for treaty in chosen:
        _treaty_figures(treaty, figures, has_events=treaty.pk in with_events)
    consents = _recorded_consents(by_id)
    statuses = _statuses_on_record_date(by_id)
    for (treaty_id, state_id), label in consents.items():
        treaty = by_id[treaty_id]
        status = statuses.get((treaty_id, state_id), NOT_JOINED)
        figures.consents += 1
        figures.consent_statuses[status] += 1
        if status in (NOT_JOINED, SIGNATORY):
            figures.contradictions.append(
                f"{treaty.un_reference}: {label}'s consent is recorded by the depositary but"
                f" shown as {status}"
            )
    _header_counts(chosen, consents, figures)
    _successions(by_id, figures)
    _statement_figures(list(by_id), figures)
    _note_figures(by_id, figures)
    return figures


#: How a succession was dated, as the report words it.
FROM_SUCCESSION = "from the date of succession"
FROM_ENTRY = "from the treaty's entry into force (later than the date of succession)"
FROM_SPECIFIED = "from the date the notification specifies"
PENDING = "pending (the treaty is not in force)"
UNKNOWN_NO_DATE = "unknown: no date of succession on record for the state"
UNKNOWN_OTHER = "unknown: the treaty's entry into force is not known, or the state is bound"


def _successions(by_id: dict[int, Treaty], figures: CorpusFigures) -> None:
    """Every succession, by how its date was reached; every consent of unknown kind."""
    for treaty_id, code, kind, day, note, effective, basis, specified, succeeded in (
        Event.objects.filter(
            treaty_id__in=list(by_id),
            kind__in=[EventKind.SUCCESSION, EventKind.CONSENT_OF_UNKNOWN_KIND],
        )
        .values_list(
            "treaty_id",
            "state__code",
            "kind",
            "date",
            "note",
            "effective_date",
            "effective_date_basis",
            "specified_effective_date",
            "state__succession_date",
        )
        .order_by("treaty__un_reference", "state__code", "date")
    ):
        treaty = by_id[treaty_id]
        if kind == EventKind.CONSENT_OF_UNKNOWN_KIND:
            figures.unknown_kind.append(
                f"{treaty.un_reference}: {code} {day.isoformat()} ({note[:120]})"
            )
            continue
        figures.successions_by_state[code] += 1
        if effective is None:
            how = (
                PENDING
                if basis != UNKNOWN
                else (UNKNOWN_NO_DATE if succeeded is None else UNKNOWN_OTHER)
            )
        elif specified is not None:
            how = FROM_SPECIFIED
        elif effective == succeeded:
            how = FROM_SUCCESSION
        elif effective == treaty.entry_into_force_date:
            how = FROM_ENTRY
        else:
            how = "from another date (a parent treaty's for the state)"
        figures.successions[how] += 1


def _statement_figures(treaty_ids: list[int], figures: CorpusFigures) -> None:
    """Statements by kind and what is left to read by hand (two queries)."""
    rows = (
        Statement.objects.filter(treaty_id__in=treaty_ids)
        .values("kind")
        .annotate(
            n=Count("pk"),
            flagged=Count("pk", filter=~Q(needs_review="")),
            untargeted=Count("pk", filter=Q(kind=StatementKind.OBJECTION, objects_to__isnull=True)),
            withdrawn=Count("pk", filter=Q(withdrawn_on__isnull=False)),
        )
        .order_by()
    )
    for row in rows:
        figures.statements_by_kind[row["kind"]] = row["n"]
        figures.statements_flagged += row["flagged"]
        figures.objections_without_target += row["untargeted"]
        figures.statements_withdrawn += row["withdrawn"]
    untargeted = Statement.objects.filter(
        treaty_id__in=treaty_ids, kind=StatementKind.OBJECTION, objects_to__isnull=True
    ).order_by("source_section")
    figures.untargeted_lines = [
        f"{section}: {name}: {why or 'no reason recorded'}"
        for section, name, why in untargeted.values_list(
            "source_section", "state__short_name", "needs_review"
        )
    ]


def _note_figures(by_id: dict[int, Treaty], figures: CorpusFigures) -> None:
    """The events read from endnotes and the undated histories quoted (two queries)."""
    for reference, name, kind, day in (
        Event.objects.filter(treaty_id__in=list(by_id), from_note=True)
        .order_by("treaty__un_reference", "state__short_name", "date")
        .values_list("treaty__un_reference", "state__short_name", "kind", "date")
    ):
        figures.note_events[kind] += 1
        figures.note_event_lines.append(f"{reference}.en.xml, {name}, {kind}, {day.isoformat()}")
    figures.noted_history = NotedHistory.objects.filter(treaty_id__in=list(by_id)).count()


def _treaty_figures(treaty: Treaty, figures: CorpusFigures, *, has_events: bool) -> None:
    source = treaty.rules_source if treaty.rules else ""
    figures.by_rules_source[source or "none"] += 1
    figures.by_entry_basis[treaty.entry_into_force_basis or "-"] += 1
    figures.stale += treaty.is_stale
    figures.review_pending += treaty.rules_review == RulesReview.PENDING
    recorded = treaty.recorded_entry_into_force
    if recorded is not None:
        figures.recorded += 1
        shown = treaty.entry_into_force_date
        if shown == recorded:
            figures.recorded_shown += 1
        else:
            figures.contradictions.append(
                f"{treaty.un_reference}: the depositary records entry into force on"
                f" {recorded.isoformat()}, we show {shown.isoformat() if shown else 'none'}"
            )
        if source == SOURCE_PARSED:
            figures.parsed_total += 1
            figures.parsed_reproduce += shown == recorded
        elif source == SOURCE_INFERRED:
            figures.inferred_total += 1
            figures.inferred_reproduce += shown == recorded
    not_yet = treaty.recorded_not_in_force_on
    if not_yet is not None:
        figures.recorded_not_in_force += 1
        shown = treaty.entry_into_force_date
        if shown is not None and shown <= not_yet:
            figures.contradictions.append(
                f"{treaty.un_reference}: the depositary records it as not yet in force on"
                f" {not_yet.isoformat()}, we show it in force from {shown.isoformat()}"
            )
    evidence = treaty.rules_evidence or {}
    method, outcome = evidence.get("method"), evidence.get("outcome")
    if method:
        figures.outcomes[f"{method}: {outcome}"] += 1
    if outcome == "alternatives":
        figures.alternatives.append(
            f"{treaty.un_reference}: {evidence.get('reason', '')}".rstrip(": ")
        )
    elif method in ("parsed", "inference") and outcome != "accepted":
        figures.not_accepted.append(
            f"{treaty.un_reference}: {method} {outcome}: {evidence.get('reason', '')}".rstrip(": ")
        )
    parsed = method == "parsed" and outcome == "accepted"
    if recorded is not None and has_events and source != SOURCE_CATALOGUE and not parsed:
        figures.rest_total += 1
        figures.rest_inferred += method == "inference" and outcome in ("accepted", "alternatives")
        figures.rest_alternatives += method == "inference" and outcome == "alternatives"
        figures.rest_nothing_before += method == "inference" and outcome == "not_possible"


def _recorded_consents(by_id: dict[int, Treaty]) -> dict[tuple[int, int], str]:
    """(treaty, state) → state name, for every consent the depositary records as standing
    (not bracketed, not withdrawn before the record's date) in its tables: the events read
    from its endnotes are not the record this checks against."""
    withdrawn: set[tuple[int, int]] = set()
    consents: dict[tuple[int, int], str] = {}
    for treaty_id, state_id, name, kind, bracketed, day, effective in (
        Event.objects.filter(treaty_id__in=list(by_id), from_note=False)
        .values_list(
            "treaty_id",
            "state_id",
            "state__short_name",
            "kind",
            "bracketed",
            "date",
            "published_effective_date",
        )
        .order_by()
    ):
        on = by_id[treaty_id].status_as_at
        if on is None or day > on:
            continue
        key = (treaty_id, state_id)
        if kind == "withdrawal" and effective is not None and effective <= on:
            withdrawn.add(key)
        elif kind in CONSENT_KINDS and not bracketed:
            consents[key] = name
    return {key: name for key, name in consents.items() if key not in withdrawn}


def _statuses_on_record_date(by_id: dict[int, Treaty]) -> dict[tuple[int, int], str]:
    """(treaty, state) → status on the treaty's ``status_as_at`` (one query)."""
    days = {t.status_as_at for t in by_id.values() if t.status_as_at}
    statuses: dict[tuple[int, int], str] = {}
    if not days:
        return statuses
    earliest = min(days)
    for treaty_id, state_id, status, start, until in (
        StatusPeriod.objects.filter(treaty_id__in=list(by_id), valid_from__lte=max(days))
        .exclude(valid_until__lte=earliest)
        .values_list("treaty_id", "state_id", "status", "valid_from", "valid_until")
        .order_by()
    ):
        on = by_id[treaty_id].status_as_at
        if on is not None and start <= on and (until is None or on < until):
            statuses[(treaty_id, state_id)] = status
    return statuses


def _header_counts(
    chosen: list[Treaty], consents: dict[tuple[int, int], str], figures: CorpusFigures
) -> None:
    """The depositary's header count of parties against the participants with a standing
    consent (the README warns the two can differ; each difference is listed)."""
    ours: dict[int, int] = defaultdict(int)
    for treaty_id, _ in consents:
        ours[treaty_id] += 1
    for treaty in chosen:
        if treaty.depositary_parties is None or treaty.pk not in ours:
            continue
        if ours[treaty.pk] == treaty.depositary_parties:
            figures.header_agrees += 1
        else:
            figures.header_differs.append(
                f"{treaty.un_reference}: header {treaty.depositary_parties} parties,"
                f" {ours[treaty.pk]} participants with a standing consent"
            )
