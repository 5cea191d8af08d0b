"""The rules document (see ``rules.document.vocabulary``) as form values, and back.

``rules_to_initial`` fills the fields from a stored document; ``rules_from_cleaned`` writes the
document the cleaned fields describe, without judging it: the engine's parser does that, and a
missing value goes to it as null so that its problem names the path (and so the field).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rules import Rules, RulesError

from .periods import STEP_SLOTS, step_field_names


def rules_to_initial(rules: dict[str, Any]) -> dict[str, Any]:
    """Form initial values for a rules document (canonical form; an empty one gives defaults)."""
    try:
        canonical = Rules.from_dict(rules).to_dict()
    except RulesError:
        # Stored rules the engine cannot read (or none yet): start from the form's defaults;
        # the raw JSON stays visible read-only so nothing is lost from sight.
        return {"eif_threshold": "count", "later_applies_after": "threshold"}
    eif, later = canonical["entry_into_force"], canonical["later_states"]
    wd = canonical["withdrawal"]
    threshold = eif["threshold"]
    initial: dict[str, Any] = {
        "eif_article": eif["article"] or "",
        "eif_threshold": "count" if "count" in threshold else "condition",
        "eif_count": threshold.get("count"),
        "eif_kinds": threshold.get("kinds", []),
        "eif_condition": threshold.get("condition") or "",
        "eif_condition_met_on": threshold.get("recorded_date"),
        "eif_organisations_not_additional": threshold.get("organisations_not_additional", False),
        "eif_not_before": eif["not_before"],
        "eif_on_date": eif["on_date"],
        "eif_not_before_parent": eif["not_before_parent"],
        "eif_recorded_date": eif["recorded_date"],
        "later_article": later["article"] or "",
        "later_applies_after": later["applies_after"],
        "later_not_before_eif": later["not_before_treaty_entry_into_force"],
        "later_not_before_parent": later["not_before_parent_for_state"],
        "wd_allowed": bool(wd["allowed"]),
        "wd_not_recorded": wd["allowed"] is None,
        "wd_article": wd["article"] or "",
        "wd_later_date": wd["later_date_may_be_specified"],
        "wd_armed_conflict": wd["armed_conflict"] or "",
        "wd_condition_text": wd["condition_text"] or "",
    }
    minimum = wd["minimum_membership"]
    if minimum:
        initial.update(
            wd_min_amount=minimum["amount"],
            wd_min_unit=minimum["unit"],
            wd_min_from=minimum["from"],
        )
    initial.update(_period_initial("eif", eif["period"]))
    initial.update(_period_initial("later", later["period"]))
    initial.update(_period_initial("wd", wd["period"]))
    return initial


def _period_initial(prefix: str, period: list[dict[str, Any]]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for slot, step in enumerate(period[:STEP_SLOTS], start=1):
        op, amount, text = step_field_names(prefix, slot)
        if "first_day_of_month" in step:
            initial[op] = "first_day_of_month"
            initial[amount] = step["first_day_of_month"]["months_after"]
        else:
            ((unit, value),) = step["add"].items()
            initial[op], initial[amount] = unit, value
        initial[text] = step.get("text") or ""
    return initial


def rules_from_cleaned(data: dict[str, Any]) -> dict[str, Any]:
    """The rules document the form's cleaned values describe (not yet validated)."""
    if data.get("eif_threshold") == "condition":
        threshold: dict[str, Any] = {
            "condition": _text(data.get("eif_condition")),
            "recorded_date": _iso(data.get("eif_condition_met_on")),
        }
    else:
        threshold = {
            "count": data.get("eif_count"),
            "kinds": list(data.get("eif_kinds") or []),
            "organisations_not_additional": bool(data.get("eif_organisations_not_additional")),
        }
    minimum = None
    if data.get("wd_min_amount") or data.get("wd_min_unit") or data.get("wd_min_from"):
        minimum = {
            "amount": data.get("wd_min_amount"),
            "unit": data.get("wd_min_unit") or None,
            "from": data.get("wd_min_from") or None,
        }
    return {
        "entry_into_force": {
            "article": _text(data.get("eif_article")),
            "threshold": threshold,
            "period": _period_from("eif", data),
            "not_before": _iso(data.get("eif_not_before")),
            "recorded_date": _iso(data.get("eif_recorded_date")),
            "on_date": _iso(data.get("eif_on_date")),
            "not_before_parent": bool(data.get("eif_not_before_parent")),
        },
        "later_states": {
            "article": _text(data.get("later_article")),
            "period": _period_from("later", data),
            "applies_after": data.get("later_applies_after") or "threshold",
            "not_before_treaty_entry_into_force": bool(data.get("later_not_before_eif")),
            "not_before_parent_for_state": bool(data.get("later_not_before_parent")),
        },
        "withdrawal": {
            "article": _text(data.get("wd_article")),
            "allowed": None if data.get("wd_not_recorded") else bool(data.get("wd_allowed")),
            "period": _period_from("wd", data),
            "later_date_may_be_specified": bool(data.get("wd_later_date")),
            "minimum_membership": minimum,
            "armed_conflict": data.get("wd_armed_conflict") or None,
            "condition_text": _text(data.get("wd_condition_text")),
        },
    }


#: Keys of the rules document the form has no fields for, kept from the stored document on save
#: (section, key): the states the entry into force waits for (the CTBT's Annex 2).
UNFORMED_KEYS = (("entry_into_force", "required_states"),)


def with_unformed_parts(document: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """``document`` (from the form) with what the stored rules hold under keys the form does
    not show, so that saving the form does not drop them."""
    for section, key in UNFORMED_KEYS:
        stored_section = stored.get(section) if isinstance(stored, dict) else None
        if isinstance(stored_section, dict) and key in stored_section:
            document[section][key] = stored_section[key]
    return document


def _period_from(prefix: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    period: list[dict[str, Any]] = []
    for slot in range(1, STEP_SLOTS + 1):
        op, amount, text = step_field_names(prefix, slot)
        if not data.get(op):
            continue
        # A missing amount goes to the engine as null so that its problem names the step.
        if data[op] == "first_day_of_month":
            step: dict[str, Any] = {"first_day_of_month": {"months_after": data.get(amount)}}
        else:
            step = {"add": {data[op]: data.get(amount)}}
        if _text(data.get(text)):
            step["text"] = _text(data.get(text))
        period.append(step)
    return period


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def same_rules(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """True if two rules documents say the same (compared in canonical form)."""
    try:
        return Rules.from_dict(first).to_dict() == Rules.from_dict(second).to_dict()
    except RulesError:
        return first == second
