"""Rules for a treaty that has none confirmed: read from the article the depositary quotes, or
inferred from the date it records — each kept with its evidence, or none, and why.

Order: rules from the catalogue or an editor are never touched; inferred rules an editor
rejected stay rejected. Otherwise the quoted article is read (``rules.depositary.articles``) and
accepted only if the rules reproduce the recorded entry into force from the deposits on record
(``rules.depositary.inference.check_against_record``; "not possible" for a condition the events
cannot show). Failing that, the rule that reproduces the recorded date is inferred
(``rules.depositary.inference.infer_rules``); an ambiguous inference keeps every delay that fits
as a reading (``Rules.alternatives``: a date only where they agree), and an impossible one
leaves no rules, so the dates stay unknown. Rules that assume something (inferred, or read
without a clause for later states) await an editor's review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from rules import Rules
from rules.basis import SOURCE_CATALOGUE, SOURCE_EDITOR, SOURCE_INFERRED, SOURCE_PARSED
from rules.depositary.articles import later_clause_after_entry_into_force, rules_from_article
from rules.depositary.inference import check_against_record, infer_rules
from rules.depositary.notes import NotedDeposit, read_entry_into_force_label
from states.models import State
from treaties.models import RulesReview, Treaty

from ..models import Event
from .checks import event_in
from .scheduling import treaty_mark_changed

__all__ = ["Derivation", "treaty_rules_derive"]

#: The evidence's outcome for an inference that gave rules: one rule, or several readings
#: (``Rules.alternatives``: a date only where they agree).
_OUTCOMES = {"inferred": "accepted", "ambiguous": "alternatives"}

#: The depositary's words for the organisations clause (MTDSG endnotes on the status).
_NOT_ADDITIONAL = "not be counted as additional"


@dataclass(frozen=True)
class Derivation:
    """What was decided: ``source`` of the rules now stored ("" for none) and the outcome."""

    source: str
    outcome: str
    changed: bool


def treaty_rules_derive(
    *,
    treaty: Treaty,
    complete: bool,
    notes: Sequence[str] = (),
    noted: Sequence[NotedDeposit] = (),
) -> Derivation:
    """Derive and store ``treaty``'s rules from the depositary's words or record.

    ``complete``: the treaty's events are the depositary's whole participants table.
    ``notes``: the depositary's notes on the treaty's status (the organisations clause is
    often there, not in the article). ``noted``: instruments of states that no longer exist,
    read in its endnotes (``rules.depositary.notes.read_predecessor_deposits``). Idempotent: the
    same facts store nothing new.
    """
    if treaty.rules and treaty.rules_source in (SOURCE_CATALOGUE, SOURCE_EDITOR):
        return Derivation(treaty.rules_source, "kept", False)
    if treaty.rules_review == RulesReview.REJECTED:
        return Derivation("", "rejected by an editor", False)
    with transaction.atomic():
        rules, source, evidence = _derive(treaty, complete=complete, notes=notes, noted=noted)
        review = RulesReview.PENDING if source == SOURCE_INFERRED else RulesReview.NONE
        if treaty.rules_review == RulesReview.CONFIRMED and rules == treaty.rules:
            review = RulesReview.CONFIRMED
        values = {
            "rules": rules,
            "rules_source": source,
            "rules_evidence": evidence,
            "rules_review": review,
        }
        changed = [name for name, value in values.items() if getattr(treaty, name) != value]
        if changed:
            for name in changed:
                setattr(treaty, name, values[name])
            treaty.save(update_fields=changed)
            if "rules" in changed or "rules_source" in changed:
                treaty_mark_changed(treaty_id=treaty.pk)
    return Derivation(source, evidence["outcome"], bool(changed))


def _derive(
    treaty: Treaty, *, complete: bool, notes: Sequence[str], noted: Sequence[NotedDeposit]
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    events = list(Event.objects.filter(treaty=treaty).select_related("state"))
    engine_events = [event_in(e) for e in events]
    organisations = {e.state.code for e in events if e.state.kind == State.Kind.ORGANISATION}
    not_additional = any(_NOT_ADDITIONAL in note for note in notes)
    recorded = treaty.recorded_entry_into_force
    label = read_entry_into_force_label(treaty.entry_into_force_text)
    evidence: dict[str, Any] = {}
    if label.quoted:
        reading = rules_from_article(label.quoted, article=label.article)
        evidence = {
            "method": "parsed",
            "quoted": label.quoted[:4000],
            "notes": reading.notes,
        }
        if reading.rules is None:
            evidence.update(outcome="unreadable", reason="; ".join(reading.problems))
        else:
            document = reading.rules
            if not_additional and "count" in document["entry_into_force"]["threshold"]:
                document["entry_into_force"]["threshold"]["organisations_not_additional"] = True
            check = check_against_record(
                Rules.from_dict(document),
                engine_events,
                recorded=recorded,
                complete=complete,
                organisations=organisations,
            )
            evidence["check"] = {"outcome": check.outcome, "reason": check.reason}
            if check.outcome != "differs":
                assumed = reading.later_states_assumed
                evidence.update(
                    outcome="accepted",
                    reason=(
                        "later states given the treaty's own delay (not quoted)"
                        if assumed
                        else check.reason or "reproduces the recorded entry into force"
                    ),
                )
                return document, SOURCE_INFERRED if assumed else SOURCE_PARSED, evidence
            evidence.update(outcome="does not reproduce the record", reason=check.reason)
    if recorded is None or not engine_events:
        if not evidence:
            evidence = {"method": "none", "outcome": "none", "reason": _why_none(recorded)}
        return {}, "", evidence
    parent = treaty.parent
    inference = infer_rules(
        engine_events,
        recorded,
        article=label.article.removeprefix("article ") or None,
        organisations=organisations,
        organisations_not_additional=not_additional,
        parent_recorded=parent.recorded_entry_into_force if parent else None,
        noted=noted,
        later_clause=later_clause_after_entry_into_force(label.quoted) if label.quoted else None,
    )
    inferred: dict[str, Any] = {
        "method": "inference",
        "outcome": _OUTCOMES.get(inference.outcome, "") if inference.rules else inference.outcome,
        "reason": inference.reason,
        "fits": [fit.to_dict() for fit in inference.fits[:40]],
    }
    if any(fit.with_parent for fit in inference.fits) and parent is not None:
        inferred["parent"] = {
            "un_reference": parent.un_reference,
            "recorded_entry_into_force": recorded.isoformat(),
        }
    if evidence:
        inferred["article"] = evidence  # what reading the quoted article gave first
    if inference.rules is None:
        return {}, "", inferred
    return inference.rules, SOURCE_INFERRED, inferred


def _why_none(recorded: object) -> str:
    if recorded is None:
        return "no article quoted and no recorded entry into force"
    return "no deposits on record to infer from"
