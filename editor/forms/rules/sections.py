"""The rules' sections as field groups: entry into force, later states, withdrawal.

Each group declares the fields of one section of the rules JSON (see
``rules.document.vocabulary``); the periods are in ``periods``, the mapping to and from the JSON
in ``document``. The groups are forms so that ``TreatyRulesForm`` inherits their fields as
declared fields (the admin validates its fieldsets against them).
"""

from __future__ import annotations

from django import forms

# The engine's consent kinds, in the order an editor reads them.
CONSENT_KIND_CHOICES = [
    ("ratification", "Ratification"),
    ("acceptance", "Acceptance"),
    ("approval", "Approval"),
    ("accession", "Accession"),
    ("succession", "Succession"),
    ("definitive_signature", "Definitive signature"),
]


class EntryIntoForceFields(forms.Form):
    """``entry_into_force``: the treaty's own entry into force (threshold, dates)."""

    eif_article = forms.CharField(required=False, label="Article")
    eif_threshold = forms.ChoiceField(
        label="Condition",
        choices=[
            ("count", "A number of instruments (counted from the events)"),
            ("condition", "Another condition (its date recorded as a fact)"),
        ],
        widget=forms.RadioSelect,
    )
    eif_count = forms.IntegerField(required=False, min_value=1, label="Number of instruments")
    eif_kinds = forms.MultipleChoiceField(
        required=False,
        choices=CONSENT_KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label="Instruments counted",
    )
    eif_condition = forms.CharField(
        required=False, label="Condition in words", help_text="e.g. 55 Parties / 55 %"
    )
    eif_condition_met_on = forms.DateField(
        required=False, label="Condition met on", help_text="Empty: not met yet"
    )
    eif_organisations_not_additional = forms.BooleanField(
        required=False,
        label="An organisation's instrument is not counted as additional to its members'",
    )
    eif_not_before = forms.DateField(required=False, label="Not before")
    eif_on_date = forms.DateField(
        required=False,
        label="Fixed date",
        help_text="In force on this date if the threshold is met by then; otherwise the period"
        " runs from the day it is met (e.g. the Montreal Protocol's 1 January 1989)",
    )
    eif_not_before_parent = forms.BooleanField(
        required=False, label="Not before the parent treaty's entry into force"
    )
    eif_recorded_date = forms.DateField(
        required=False,
        label="Recorded entry into force",
        help_text="Used only when the events do not reach the threshold (incomplete data)",
    )


class LaterStatesFields(forms.Form):
    """``later_states``: entry into force for a state whose instrument comes later."""

    later_article = forms.CharField(required=False, label="Article")
    later_applies_after = forms.ChoiceField(
        label="Covers instruments deposited after",
        choices=[
            ("threshold", "the threshold instrument"),
            ("entry_into_force", "the treaty's entry into force"),
        ],
    )
    later_not_before_eif = forms.BooleanField(
        required=False, initial=True, label="Never before the treaty's entry into force"
    )
    later_not_before_parent = forms.BooleanField(
        required=False,
        label="Nor before the parent treaty enters into force for the state",
    )


class WithdrawalFields(forms.Form):
    """``withdrawal``: whether and on what conditions a Party may withdraw."""

    wd_allowed = forms.BooleanField(required=False, initial=True, label="Allowed")
    wd_not_recorded = forms.BooleanField(
        required=False,
        label="The withdrawal clause is not recorded",
        help_text="A withdrawal then takes effect on the date the depositary published",
    )
    wd_article = forms.CharField(required=False, label="Article")
    wd_later_date = forms.BooleanField(
        required=False, label="The notification may specify a later date"
    )
    wd_min_amount = forms.IntegerField(
        required=False,
        min_value=1,
        label="Minimum membership before notice",
        help_text="Empty: none",
    )
    wd_min_unit = forms.ChoiceField(
        required=False,
        choices=[("", "—"), ("days", "days"), ("months", "months"), ("years", "years")],
        label="Unit",
    )
    wd_min_from = forms.ChoiceField(
        required=False,
        choices=[
            ("", "—"),
            ("party_entry_into_force", "from its entry into force for the Party"),
            ("treaty_entry_into_force", "from the treaty's entry into force"),
        ],
        label="Counted",
    )
    wd_armed_conflict = forms.ChoiceField(
        required=False,
        choices=[
            ("", "no clause"),
            ("suspends", "withdrawal waits for the end of an armed conflict"),
            ("remains_bound", "the state remains bound while in an armed conflict"),
        ],
        label="Armed conflict",
    )
    wd_condition_text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Condition as the depositary words it",
    )
