"""Output shapes of the treaty endpoints.

The serializers are the one description of every shape: drf-spectacular generates the OpenAPI
schema from them, and the answers go through them (the builders below gather the values; the
serializer decides which fields go out and how). Two lists, the heaviest answers, are built
directly as plain data: a treaty's participants (:func:`participant_json`) and a state's
treaties (``position_json``): a serializer would cost ~13 ms of CPU per 166 rows, more than
their queries. ``tests/api/test_schema_strict.py`` checks every answer, those two included,
against the generated schema, with no property more or less.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rest_framework import serializers

from events.models import Status
from events.selectors.participants import ParticipantRow
from events.selectors.record import record_day, whole_parties
from events.selectors.treaties import Change
from rules import NOT_JOINED, rules_in_words
from rules.basis import BASES, COMPUTED, INFERRED, SOURCE_EDITOR, SOURCE_INFERRED, UNKNOWN
from treaties.models import Treaty

from .common import IntervalSerializer, StateRefSerializer, StepSerializer

#: Every status a participant row can have.
STATUS_CHOICES = [*Status.values, NOT_JOINED]
#: What a date rests on (docs/basis.md).
BASIS_CHOICES = list(BASES)
RULES_SOURCE_CHOICES = ["catalogue", "editor", "parsed", "inferred", "none"]


RECORD_BASES = ["", "as_of", "depositary", "latest_act", "editor"]


def record_as_of_field() -> serializers.DateField:
    return serializers.DateField(
        allow_null=True,
        help_text="The date of the depositary's record this database holds for the treaty: "
        "nothing after it is known here, and a later date is answered with the status on it. "
        "Null: the treaty is kept current by an editor",
    )


def past_record_field() -> serializers.BooleanField:
    return serializers.BooleanField(
        help_text="The date asked for is after record_as_of: what is given is the status on "
        "record_as_of; later changes are not in this database"
    )


def basis_field(what: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=BASIS_CHOICES,
        allow_null=True,
        help_text=f"What {what} rests on: computed from confirmed rules, inferred (rules "
        "inferred from the depositary's recorded date, not confirmed), recorded by the "
        "depositary, or unknown (not computed); null where there is no such date",
    )


class StatusCountsSerializer(serializers.Serializer[dict[str, Any]]):
    signatory = serializers.IntegerField()
    consented = serializers.IntegerField()
    consented_unknown = serializers.IntegerField(
        help_text="States whose consent is recorded but whose date of effect is not computed"
    )
    party = serializers.IntegerField()
    withdrawal_pending = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class TreatySerializer(serializers.Serializer[dict[str, Any]]):
    """A treaty with its counts on ``as_of``."""

    slug = serializers.SlugField()
    short_name = serializers.CharField()
    title = serializers.CharField()
    un_reference = serializers.CharField(allow_null=True)
    entry_into_force_date = serializers.DateField(allow_null=True)
    entry_into_force_basis = basis_field("the entry into force")
    recorded_entry_into_force = serializers.DateField(
        allow_null=True, help_text="The entry into force as the depositary records it"
    )
    recorded_entry_into_force_article = serializers.CharField(
        help_text='What the depositary cites for it, e.g. "article 36(1)" ("" if nothing)'
    )
    recorded_not_in_force_on = serializers.DateField(
        allow_null=True,
        help_text="The day on which the depositary's status says 'Not yet in force' (no date "
        "recorded); up to that day in_force is false, after it unknown when there are no rules",
    )
    rules_source = serializers.ChoiceField(
        choices=RULES_SOURCE_CHOICES,
        help_text="Where the treaty's rules come from: the catalogue of the specification, an "
        "editor, the article the depositary quotes, inferred from its recorded date (not "
        "confirmed), or none (dates of effect not computed)",
    )
    rules_basis = serializers.ChoiceField(
        choices=[COMPUTED, INFERRED, UNKNOWN],
        help_text="computed (confirmed rules), inferred (not confirmed) or unknown (no rules)",
    )
    in_force = serializers.BooleanField(
        allow_null=True, help_text="In force on as_of; null when its entry into force is unknown"
    )
    as_of = serializers.DateField(help_text="The date asked for")
    status_on = serializers.DateField(
        help_text="The date the counts and in_force are given for: as_of, or record_as_of "
        "when as_of is past it (past_record)"
    )
    signatories = serializers.IntegerField(
        allow_null=True,
        help_text="States that had signed by status_on (whether or not they later consented); "
        "null when the record has no participants table (has_participant_data)",
    )
    parties = serializers.IntegerField(
        allow_null=True,
        help_text="States bound on status_on (parties, including those whose withdrawal is "
        "pending); null, never 0, when that is not known: the record has no participants "
        "table (has_participant_data), some consents' dates of effect are not computed "
        "(status_counts.consented_unknown), or instruments of the League of Nations are "
        "not imported (league_instruments)",
    )
    league_instruments = serializers.IntegerField(
        help_text="Ratifications and accessions the League of Nations received before 1946, "
        "which the depositary lists apart from its participants table and which are not "
        "imported: when not 0, a state without a row may be bound, and status_counts cover "
        "only the acts since the Secretary-General became depositary",
    )
    status_counts = StatusCountsSerializer(
        allow_null=True,
        help_text="States in each status on status_on; null when the record has no "
        "participants table",
    )
    status_as_at = serializers.DateField(
        allow_null=True, help_text="The record's date (the same as record_as_of)"
    )
    record_as_of = record_as_of_field()
    record_basis = serializers.ChoiceField(
        choices=RECORD_BASES,
        help_text="Where record_as_of comes from: as_of (the status date given at import), "
        "depositary (the status date the depositary's record states), latest_act (the latest "
        "act the file records: the file states no date and is at least that recent), editor "
        "(set by an editor); '' when not stated",
    )
    record_read_at = serializers.DateTimeField(
        allow_null=True, help_text="When the depositary's record was read (imported)"
    )
    past_record = past_record_field()
    has_participant_data = serializers.BooleanField(
        help_text="The depositary's record has a participants table. When false, nothing is "
        "known of who acted: signatories, parties and status_counts are null, and only the "
        "depositary's own header counts (depositary_parties, depositary_signatories) are given"
    )
    depositary_parties = serializers.IntegerField(
        allow_null=True,
        help_text="Parties as the depositary's header counts them, in its record of "
        "record_as_of (the depositary's count, not ours)",
    )
    depositary_signatories = serializers.IntegerField(
        allow_null=True, help_text="Signatories as the depositary's header counts them"
    )
    derived_up_to_date = serializers.BooleanField(
        help_text="False while the computed dates lag behind the latest change of the data"
    )


class RulesTextSerializer(serializers.Serializer[dict[str, Any]]):
    entry_into_force = serializers.CharField(allow_null=True)
    later_states = serializers.CharField(allow_null=True)
    withdrawal = serializers.CharField(allow_null=True)


class SourceSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.URLField()
    kind = serializers.ChoiceField(choices=["treaty", "event"])


class TreatyDetailSerializer(TreatySerializer):
    """A treaty with its rules (structured and in words) and its sources."""

    adopted_on = serializers.DateField(allow_null=True)
    adopted_at = serializers.CharField()
    depositary = serializers.CharField()
    entry_into_force_explanation = StepSerializer(many=True)
    rules = serializers.JSONField(help_text="Structured rules read by the rule engine")
    rules_text = RulesTextSerializer()
    sources = SourceSerializer(many=True)


def _in_force(treaty: Treaty, on: date, eif: date | None, basis: str | None) -> bool | None:
    """In force on ``on``; None when that is not known (the depositary's "Not yet in force"
    answers up to its day)."""
    if eif is None and basis == UNKNOWN:
        known_not = treaty.recorded_not_in_force_on
        return False if known_not is not None and on <= known_not else None
    return bool(eif and eif <= on)


def record_json(treaty: Treaty, on: date) -> dict[str, Any]:
    """The record's date and whether ``on`` is past it (every treaty and participant answer)."""
    record = record_day(treaty, on)
    return {"record_as_of": record.record_as_of, "past_record": record.past_record}


def treaty_json(
    treaty: Treaty, *, on: date, counts: dict[str, int], signatories: int
) -> dict[str, Any]:
    """The list shape of one treaty. ``on`` is the date asked for; ``counts`` and
    ``signatories`` are those on the date its record answers it with
    (``events.selectors.record.record_day``)."""
    record = record_day(treaty, on)
    table = treaty.has_participant_data
    parties = whole_parties(treaty, counts)
    counts = {s: counts.get(s, 0) for s in Status.values}
    eif, basis = treaty.entry_into_force_date, treaty.entry_into_force_basis or None
    # Rules stored without a source were entered before sources were recorded: an editor's.
    source = (treaty.rules_source or SOURCE_EDITOR) if treaty.rules else ""
    return {
        "slug": treaty.slug,
        "short_name": treaty.short_name,
        "title": treaty.title,
        "un_reference": treaty.un_reference,
        "entry_into_force_date": eif,
        "entry_into_force_basis": basis,
        "recorded_entry_into_force": treaty.recorded_entry_into_force,
        "recorded_entry_into_force_article": treaty.recorded_entry_into_force_article,
        "recorded_not_in_force_on": treaty.recorded_not_in_force_on,
        "rules_source": source or "none",
        "rules_basis": (
            UNKNOWN if not source else INFERRED if source == SOURCE_INFERRED else COMPUTED
        ),
        "in_force": _in_force(treaty, record.day, eif, basis),
        "as_of": on,
        "status_on": record.day,
        "signatories": signatories if table else None,
        "parties": parties,
        "league_instruments": treaty.league_instruments,
        "status_counts": counts if table else None,
        "status_as_at": treaty.status_as_at,
        **record_json(treaty, on),
        "record_basis": treaty.record_basis,
        "record_read_at": treaty.record_read_at,
        "has_participant_data": table,
        "depositary_parties": treaty.depositary_parties,
        "depositary_signatories": treaty.depositary_signatories,
        "derived_up_to_date": not treaty.is_stale,
    }


def treaty_detail_json(
    treaty: Treaty,
    *,
    on: date,
    counts: dict[str, int],
    signatories: int,
    event_sources: list[str],
) -> dict[str, Any]:
    """The detail shape of one treaty."""
    sources = [{"url": treaty.source_url, "kind": "treaty"}] if treaty.source_url else []
    sources += [{"url": url, "kind": "event"} for url in event_sources]
    return {
        **treaty_json(treaty, on=on, counts=counts, signatories=signatories),
        "adopted_on": treaty.adopted_on,
        "adopted_at": treaty.adopted_at,
        "depositary": treaty.depositary,
        "entry_into_force_explanation": treaty.entry_into_force_explanation or [],
        "rules": treaty.rules,
        "rules_text": rules_in_words(treaty.rules),
        "sources": sources,
    }


class ParticipantSerializer(serializers.Serializer[dict[str, Any]]):
    """One state's position on the treaty on ``as_of``. The field names are a contract."""

    state = StateRefSerializer()
    status = serializers.ChoiceField(
        choices=STATUS_CHOICES,
        help_text="Status on as_of; not_joined while none of its acts has taken effect",
    )
    signature_date = serializers.DateField(allow_null=True)
    consent_kind = serializers.CharField(
        allow_null=True, help_text="ratification, acceptance, approval, accession, succession..."
    )
    consent_date = serializers.DateField(allow_null=True, help_text="Date of deposit")
    entry_into_force_date = serializers.DateField(
        allow_null=True, help_text="Entry into force for this state (see its basis)"
    )
    entry_into_force_basis = basis_field("the state's entry into force")
    entry_into_force_explanation = StepSerializer(many=True)
    withdrawal_notified_on = serializers.DateField(allow_null=True)
    withdrawal_effective_on = serializers.DateField(allow_null=True, help_text="See its basis")
    withdrawal_effective_basis = basis_field("the withdrawal's date of effect")
    withdrawal_explanation = StepSerializer(many=True)
    withdrawal_condition = serializers.CharField(
        allow_null=True, help_text="A condition attached to the withdrawal's effect"
    )
    disagrees_with_depositary = serializers.BooleanField(
        help_text="A computed date differs from one the depositary published"
    )
    intervals = IntervalSerializer(many=True, help_text="Periods during which it was bound")


class ParticipantListSerializer(serializers.Serializer[dict[str, Any]]):
    treaty = serializers.SlugField()
    as_of = serializers.DateField(help_text="The date asked for")
    status_on = serializers.DateField(
        help_text="The date the statuses are given for: as_of, or record_as_of when as_of is "
        "past it (past_record)"
    )
    status_as_at = serializers.DateField(allow_null=True, help_text="The record's date")
    record_as_of = record_as_of_field()
    past_record = past_record_field()
    has_participant_data = serializers.BooleanField(
        help_text="The depositary's record has a participants table; when false, results is "
        "empty because nothing is known, and count is null"
    )
    derived_up_to_date = serializers.BooleanField()
    count = serializers.IntegerField(
        allow_null=True, help_text="Number of results; null when there is no participants table"
    )
    results = ParticipantSerializer(many=True)


def participant_json(row: ParticipantRow) -> dict[str, Any]:
    """One participant row (see :class:`ParticipantSerializer`)."""
    return {
        "state": {"code": row.state.code, "name": row.state.short_name},
        "status": row.status,
        **row_dates_json(row),
    }


def row_dates_json(row: ParticipantRow) -> dict[str, Any]:
    """The acts and dates of one row, each computed date with its basis: the fields a
    participant of a treaty and a state's position on a treaty share."""
    consent, withdrawal = row.consent, row.withdrawal
    return {
        "signature_date": row.signature_date,
        "consent_kind": row.consent_kind,
        "consent_date": row.consent_date,
        "entry_into_force_date": row.entry_into_force_date,
        "entry_into_force_basis": (consent.effective_date_basis or None) if consent else None,
        "entry_into_force_explanation": consent.explanation if consent else [],
        "withdrawal_notified_on": row.withdrawal_notified_on,
        "withdrawal_effective_on": row.withdrawal_effective_on,
        "withdrawal_effective_basis": (
            (withdrawal.effective_date_basis or None) if withdrawal else None
        ),
        "withdrawal_explanation": withdrawal.explanation if withdrawal else [],
        "withdrawal_condition": (withdrawal.condition or None) if withdrawal else None,
        "disagrees_with_depositary": bool(
            (consent and consent.disagrees_with_depositary)
            or (withdrawal and withdrawal.disagrees_with_depositary)
        ),
        "intervals": [{"from": start, "until": end} for start, end in row.intervals],
    }


class ChangeSerializer(serializers.Serializer[dict[str, Any]]):
    state = StateRefSerializer()
    status = serializers.ChoiceField(choices=Status.values, help_text="The new status")
    change = serializers.ChoiceField(
        choices=[
            "signed",
            "consented",
            "became_party",
            "withdrawal_notified",
            "ceased_to_be_party",
        ]
    )
    effective_date = serializers.DateField()


CHANGE_WORDS: dict[str, str] = {
    Status.SIGNATORY: "signed",
    Status.CONSENTED: "consented",
    Status.CONSENTED_UNKNOWN: "consented",
    Status.PARTY: "became_party",
    Status.WITHDRAWAL_PENDING: "withdrawal_notified",
    Status.WITHDRAWN: "ceased_to_be_party",
}


def change_json(change: Change) -> dict[str, Any]:
    """One status change."""
    return {
        "state": {"code": change.state.code, "name": change.state.short_name},
        "status": change.status,
        "change": CHANGE_WORDS[change.status],
        "effective_date": change.on,
    }


class ChangeListSerializer(serializers.Serializer[dict[str, Any]]):
    treaty = serializers.SlugField()
    # "from" is a keyword; added in get_fields.
    to = serializers.DateField()
    count = serializers.IntegerField()
    results = ChangeSerializer(many=True)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        return {"from": serializers.DateField(), **fields}


class TimelinePointSerializer(serializers.Serializer[dict[str, Any]]):
    date = serializers.DateField()
    parties = serializers.IntegerField(help_text="Number of parties from this date on")


class TimelineSerializer(serializers.Serializer[dict[str, Any]]):
    treaty = serializers.SlugField()
    count = serializers.IntegerField()
    results = TimelinePointSerializer(many=True)
