"""Admin forms for treaties: the rules edited as fields, not as raw JSON.

``TreatyRulesForm`` maps the rules document (see ``rules.vocabulary``) to plain form
fields and back; the engine's own parser (``Rules.from_dict``) is the only judge of validity,
and its messages are shown next to the field they name. ``rules_preview`` runs the engine on the
treaty's events plus a hypothetical deposit and withdrawal, so an editor sees what a change does
("a deposit on 24 Mar 2011 would take effect on 1 Sep 2011") before saving it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone

from events.selectors.preview import PreviewLine, rules_preview
from rules import Rules, RulesError
from treaties.models import Treaty

#: A treaty's key facts, as editors enter them (the rules are edited as fields below).
KEY_FACTS = (
    "slug",
    "short_name",
    "title",
    "adopted_on",
    "adopted_at",
    "depositary",
    "un_reference",
    "source_url",
    "entry_into_force_text",
    "status_as_at",
)

# The engine's consent kinds, in the order an editor reads them.
CONSENT_KIND_CHOICES = [
    ("ratification", "Ratification"),
    ("acceptance", "Acceptance"),
    ("approval", "Approval"),
    ("accession", "Accession"),
    ("succession", "Succession"),
    ("definitive_signature", "Definitive signature"),
]
STEP_OPS = [
    ("", "—"),
    ("days", "add days"),
    ("months", "add months (same calendar day)"),
    ("years", "add years"),
    ("first_day_of_month", "first day of the Nth month after"),
]
# Real treaties use at most two steps (Rome: 60th day, then first day of the next month).
STEP_SLOTS = 3
PERIODS = {
    "eif": ("entry_into_force", "Treaty's entry into force: period after the threshold date"),
    "later": ("later_states", "Later states: period after the state's deposit"),
    "wd": ("withdrawal", "Withdrawal: period after receipt of the notification"),
}

# Rules paths (as the engine names them in its messages) → form field, longest first.
_PATH_FIELDS = [
    ("entry_into_force.threshold.count", "eif_count"),
    ("entry_into_force.threshold.kinds", "eif_kinds"),
    ("entry_into_force.threshold.condition", "eif_condition"),
    ("entry_into_force.threshold.recorded_date", "eif_condition_met_on"),
    ("entry_into_force.threshold", "eif_threshold"),
    ("entry_into_force.article", "eif_article"),
    ("entry_into_force.not_before", "eif_not_before"),
    ("entry_into_force.recorded_date", "eif_recorded_date"),
    ("later_states.article", "later_article"),
    ("later_states.applies_after", "later_applies_after"),
    ("later_states.not_before_treaty_entry_into_force", "later_not_before_eif"),
    ("withdrawal.minimum_membership.amount", "wd_min_amount"),
    ("withdrawal.minimum_membership.unit", "wd_min_unit"),
    ("withdrawal.minimum_membership.from", "wd_min_from"),
    ("withdrawal.minimum_membership", "wd_min_amount"),
    ("withdrawal.allowed", "wd_allowed"),
    ("withdrawal.article", "wd_article"),
    ("withdrawal.later_date_may_be_specified", "wd_later_date"),
    ("withdrawal.armed_conflict", "wd_armed_conflict"),
    ("withdrawal.condition_text", "wd_condition_text"),
]
for _prefix, (_section, _label) in PERIODS.items():
    for _i in range(STEP_SLOTS):
        _PATH_FIELDS.insert(0, (f"{_section}.period[{_i}]", f"{_prefix}_step{_i + 1}"))
    _PATH_FIELDS.append((f"{_section}.period", f"{_prefix}_step1"))
_PATH_FIELDS.sort(key=lambda pair: -len(pair[0]))


def step_field_names(prefix: str, slot: int) -> tuple[str, str, str]:
    """The (operation, amount, wording) field names of one step slot, counted from 1."""
    base = f"{prefix}_step{slot}"
    return f"{base}_op", f"{base}_amount", f"{base}_text"


def _rules_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {
        "eif_article": forms.CharField(required=False, label="Article"),
        "eif_threshold": forms.ChoiceField(
            label="Condition",
            choices=[
                ("count", "A number of instruments (counted from the events)"),
                ("condition", "Another condition (its date recorded as a fact)"),
            ],
            widget=forms.RadioSelect,
        ),
        "eif_count": forms.IntegerField(required=False, min_value=1, label="Number of instruments"),
        "eif_kinds": forms.MultipleChoiceField(
            required=False,
            choices=CONSENT_KIND_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            label="Instruments counted",
        ),
        "eif_condition": forms.CharField(
            required=False, label="Condition in words", help_text="e.g. 55 Parties / 55 %"
        ),
        "eif_condition_met_on": forms.DateField(
            required=False, label="Condition met on", help_text="Empty: not met yet"
        ),
        "eif_not_before": forms.DateField(required=False, label="Not before"),
        "eif_recorded_date": forms.DateField(
            required=False,
            label="Recorded entry into force",
            help_text="Used only when the events do not reach the threshold (incomplete data)",
        ),
        "later_article": forms.CharField(required=False, label="Article"),
        "later_applies_after": forms.ChoiceField(
            label="Covers instruments deposited after",
            choices=[
                ("threshold", "the threshold instrument"),
                ("entry_into_force", "the treaty's entry into force"),
            ],
        ),
        "later_not_before_eif": forms.BooleanField(
            required=False, initial=True, label="Never before the treaty's entry into force"
        ),
        "wd_allowed": forms.BooleanField(required=False, initial=True, label="Allowed"),
        "wd_article": forms.CharField(required=False, label="Article"),
        "wd_later_date": forms.BooleanField(
            required=False, label="The notification may specify a later date"
        ),
        "wd_min_amount": forms.IntegerField(
            required=False,
            min_value=1,
            label="Minimum membership before notice",
            help_text="Empty: none",
        ),
        "wd_min_unit": forms.ChoiceField(
            required=False,
            choices=[("", "—"), ("days", "days"), ("months", "months"), ("years", "years")],
            label="Unit",
        ),
        "wd_min_from": forms.ChoiceField(
            required=False,
            choices=[
                ("", "—"),
                ("party_entry_into_force", "from its entry into force for the Party"),
                ("treaty_entry_into_force", "from the treaty's entry into force"),
            ],
            label="Counted",
        ),
        "wd_armed_conflict": forms.ChoiceField(
            required=False,
            choices=[
                ("", "no clause"),
                ("suspends", "withdrawal waits for the end of an armed conflict"),
                ("remains_bound", "the state remains bound while in an armed conflict"),
            ],
            label="Armed conflict",
        ),
        "wd_condition_text": forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            label="Condition as the depositary words it",
        ),
        "preview_on": forms.DateField(
            required=False,
            label="Preview a deposit / notification on",
            help_text="Empty: today",
        ),
    }
    for prefix in PERIODS:
        for slot in range(1, STEP_SLOTS + 1):
            op, amount, text = step_field_names(prefix, slot)
            fields[op] = forms.ChoiceField(required=False, choices=STEP_OPS, label=f"Step {slot}")
            fields[amount] = forms.IntegerField(required=False, min_value=1, label="N")
            fields[text] = forms.CharField(
                required=False,
                label="Wording",
                help_text="Optional, as the treaty says it",
                widget=forms.TextInput(attrs={"size": 60}),
            )
    return fields


RULES_FIELD_NAMES = tuple(_rules_fields())


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
        "eif_not_before": eif["not_before"],
        "eif_recorded_date": eif["recorded_date"],
        "later_article": later["article"] or "",
        "later_applies_after": later["applies_after"],
        "later_not_before_eif": later["not_before_treaty_entry_into_force"],
        "wd_allowed": wd["allowed"],
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


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _period_from(prefix: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    period: list[dict[str, Any]] = []
    for slot in range(1, STEP_SLOTS + 1):
        op, amount, text = step_field_names(prefix, slot)
        if not data.get(op):
            continue
        # A missing amount goes to the engine as null so that its message names the step.
        if data[op] == "first_day_of_month":
            step: dict[str, Any] = {"first_day_of_month": {"months_after": data.get(amount)}}
        else:
            step = {"add": {data[op]: data.get(amount)}}
        if _text(data.get(text)):
            step["text"] = _text(data.get(text))
        period.append(step)
    return period


def rules_from_cleaned(data: dict[str, Any]) -> dict[str, Any]:
    """The rules document the form's cleaned values describe (not yet validated)."""
    if data.get("eif_threshold") == "condition":
        threshold: dict[str, Any] = {
            "condition": _text(data.get("eif_condition")),
            "recorded_date": _iso(data.get("eif_condition_met_on")),
        }
    else:
        threshold = {"count": data.get("eif_count"), "kinds": list(data.get("eif_kinds") or [])}
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
        },
        "later_states": {
            "article": _text(data.get("later_article")),
            "period": _period_from("later", data),
            "applies_after": data.get("later_applies_after") or "threshold",
            "not_before_treaty_entry_into_force": bool(data.get("later_not_before_eif")),
        },
        "withdrawal": {
            "article": _text(data.get("wd_article")),
            "allowed": bool(data.get("wd_allowed")),
            "period": _period_from("wd", data),
            "later_date_may_be_specified": bool(data.get("wd_later_date")),
            "minimum_membership": minimum,
            "armed_conflict": data.get("wd_armed_conflict") or None,
            "condition_text": _text(data.get("wd_condition_text")),
        },
    }


def rules_errors(messages: list[str], known_fields: set[str]) -> dict[str, list[str]]:
    """Place each of the engine's messages ("withdrawal.period[0].add.months must be ...")
    on the field it names, worded without the JSON path."""
    placed: dict[str, list[str]] = {}
    for message in messages:
        target, text = NON_FIELD_ERRORS, message
        for path, field in _PATH_FIELDS:
            if message.startswith(path) and field in known_fields:
                target = field
                rest = message[len(path) :].lstrip(". ")
                # Keep the sub-path when it says which part is wrong ("add.days ...").
                text = rest[:1].upper() + rest[1:] if rest else message
                break
            if field.endswith(("_step1", "_step2", "_step3")) and message.startswith(path):
                target = f"{field}_op"
                rest = message[len(path) :].lstrip(". ")
                text = rest[:1].upper() + rest[1:] if rest else message
                break
        placed.setdefault(target, []).append(text)
    return placed


def same_rules(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """True if two rules documents say the same (compared in canonical form)."""
    try:
        return Rules.from_dict(first).to_dict() == Rules.from_dict(second).to_dict()
    except RulesError:
        return first == second


def _https_urls(db_field: Any, **kwargs: Any) -> Any:
    """Form fields as the model defines them; URLs without a scheme mean https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class TreatyFactsForm(forms.ModelForm):
    """Key facts only: for users who may not change the rules."""

    class Meta:
        model = Treaty
        formfield_callback = _https_urls
        fields = KEY_FACTS


class _TreatyRulesFormBase(forms.ModelForm):
    """Key facts plus the rules as fields; see ``TreatyRulesForm``."""

    preview_requested = False

    class Meta:
        model = Treaty
        formfield_callback = _https_urls
        fields = KEY_FACTS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(rules_to_initial(self.instance.rules or {}))
        self.rules_document: dict[str, Any] | None = None
        self.preview: list[PreviewLine] = []

    def clean(self) -> dict[str, Any]:
        """Build the rules document and let the engine judge it."""
        cleaned = super().clean()
        document = rules_from_cleaned(cleaned)
        try:
            Rules.from_dict(document)
        except RulesError as exc:
            raise ValidationError(rules_errors(exc.messages, set(self.fields))) from exc
        self.rules_document = document
        self.preview = rules_preview(
            rules=document,
            treaty=self.instance,
            on=cleaned.get("preview_on") or timezone.localdate(),
        )
        if self.preview_requested:
            # Blocks the save: the admin shows the form again, with the preview above it.
            raise ValidationError(
                "Preview only — nothing was saved. Press Save to keep these rules.",
                code="preview",
            )
        return cleaned

    def save(self, commit: bool = True) -> Treaty:
        """Put the rules document on the instance; the admin saves it through the service."""
        if self.rules_document is not None:
            self.instance.rules = self.rules_document
        return super().save(commit=commit)


# Built with type() so the many generated fields are declared fields of the class (the admin
# validates a fieldset's names against the form's declared fields).
TreatyRulesForm = type(
    "TreatyRulesForm",
    (_TreatyRulesFormBase,),
    {**_rules_fields(), "__module__": __name__, "__doc__": _TreatyRulesFormBase.__doc__},
)
