"""Writes of a treaty's rules: an editor's, the catalogue's, and the review of inferred ones.

They live with the events because a change of rules moves every derived date of the treaty,
exactly as a change of its events does: the same staleness flag and the same recomputation.
Every write records where the rules came from (``Treaty.rules_source``): what an editor saves
or confirms is the editor's; an inferred rule an editor rejects is gone for good (an import
does not bring it back).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from rules.basis import SOURCE_CATALOGUE, SOURCE_EDITOR, SOURCE_INFERRED, SOURCE_PARSED
from rules.catalogue import CATALOGUE
from treaties.models import RulesReview, Treaty

from ..exceptions import RulesRejected
from .locking import treaty_lock, write_transaction
from .scheduling import treaty_mark_changed

#: Written by the recomputation only; a save of the rules keeps what is stored.
DERIVED_FIELDS = (
    "entry_into_force_date",
    "entry_into_force_basis",
    "entry_into_force_explanation",
    "data_changed_at",
    "derived_at",
    "derived_error",
)

__all__ = [
    "catalogue_rules_apply",
    "treaty_rules_confirm",
    "treaty_rules_reject",
    "treaty_rules_update",
]


@write_transaction
def treaty_rules_update(
    *, treaty: Treaty, rules: dict[str, Any], source: str = SOURCE_EDITOR
) -> Treaty:
    """Replace a treaty's rules (validated by the engine) and recompute its dates.

    Rules an editor saves are the editor's; saving inferred rules (edited or not) confirms
    them. The caller's instance may carry other edits of the treaty's key facts, saved with
    it; its derived fields are taken from the locked row, so a recomputation that finished
    since the caller read the treaty is not undone.
    """
    if treaty.pk is not None:
        locked = treaty_lock(treaty.pk)
        for name in DERIVED_FIELDS:
            setattr(treaty, name, getattr(locked, name))
    treaty.rules = rules
    treaty.rules_source = source if rules else ""
    if source == SOURCE_EDITOR and treaty.rules_review == RulesReview.PENDING:
        treaty.rules_review = RulesReview.CONFIRMED
    try:
        treaty.full_clean()
    except ValidationError as exc:
        raise RulesRejected(exc.message_dict) from exc
    treaty.save()
    treaty_mark_changed(treaty_id=treaty.pk)
    return treaty


@write_transaction
def treaty_rules_confirm(*, treaty: Treaty) -> Treaty:
    """An editor confirms rules that were inferred (or read with an assumption): from now on
    they are the editor's, and the dates they give are computed, not inferred."""
    treaty_lock(treaty.pk)
    if treaty.rules_source not in (SOURCE_INFERRED, SOURCE_PARSED) or not treaty.rules:
        raise RulesRejected({"rules": ["Only inferred or parsed rules can be confirmed."]})
    treaty.rules_source = SOURCE_EDITOR
    treaty.rules_review = RulesReview.CONFIRMED
    treaty.save(update_fields=["rules_source", "rules_review"])
    treaty_mark_changed(treaty_id=treaty.pk)
    return treaty


@write_transaction
def treaty_rules_reject(*, treaty: Treaty) -> Treaty:
    """An editor rejects inferred rules: the treaty has none (its dates are unknown again), and
    no later import infers them again."""
    treaty_lock(treaty.pk)
    if treaty.rules_source != SOURCE_INFERRED:
        raise RulesRejected({"rules": ["Only inferred rules can be rejected."]})
    evidence = dict(treaty.rules_evidence or {})
    evidence["rejected_rules"] = treaty.rules
    treaty.rules = {}
    treaty.rules_source = ""
    treaty.rules_review = RulesReview.REJECTED
    treaty.rules_evidence = evidence
    treaty.save(update_fields=["rules", "rules_source", "rules_review", "rules_evidence"])
    treaty_mark_changed(treaty_id=treaty.pk)
    return treaty


def catalogue_rules_apply(*, treaties: list[Treaty] | None = None) -> list[Treaty]:
    """Give every treaty the catalogue knows by its UN reference (or slug) the catalogue's
    rules again — unless an editor's rules are there; returns the treaties changed."""
    by_reference = {e["un_reference"]: e for e in CATALOGUE.values() if e.get("un_reference")}
    chosen = treaties if treaties is not None else list(Treaty.objects.all())
    changed = []
    for treaty in chosen:
        entry = by_reference.get(treaty.un_reference or "") or CATALOGUE.get(treaty.slug)
        if entry is None or treaty.rules_source == SOURCE_EDITOR:
            continue
        if treaty.rules == entry["rules"] and treaty.rules_source == SOURCE_CATALOGUE:
            continue
        treaty.rules_review = ""
        changed.append(
            treaty_rules_update(treaty=treaty, rules=entry["rules"], source=SOURCE_CATALOGUE)
        )
    return changed
