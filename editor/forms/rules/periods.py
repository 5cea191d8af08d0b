"""The period step slots: up to three steps for each period of the rules, as fields.

A period ("60 days after", then "first day of the month after") is a list of steps in the rules
JSON. Each slot is three fields, named by ``step_field_names``: the operation, its number and
the treaty's own wording. Real treaties use at most two steps (Rome: the 60th day, then the
first day of the next month), so three slots are enough.
"""

from __future__ import annotations

from typing import Final

from django import forms

#: Form field prefix → (rules section, fieldset title) for each period of the rules.
PERIODS: Final[dict[str, tuple[str, str]]] = {
    "eif": ("entry_into_force", "Treaty's entry into force: period after the threshold date"),
    "later": ("later_states", "Later states: period after the state's deposit"),
    "wd": ("withdrawal", "Withdrawal: period after receipt of the notification"),
}
STEP_SLOTS: Final = 3

STEP_OPS = [
    ("", "—"),
    ("days", "add days"),
    ("months", "add months (same calendar day)"),
    ("years", "add years"),
    ("first_day_of_month", "first day of the Nth month after"),
]


def step_field_names(prefix: str, slot: int) -> tuple[str, str, str]:
    """The (operation, amount, wording) field names of one step slot, counted from 1."""
    base = f"{prefix}_step{slot}"
    return f"{base}_op", f"{base}_amount", f"{base}_text"


def _op(slot: int) -> forms.ChoiceField:
    return forms.ChoiceField(required=False, choices=STEP_OPS, label=f"Step {slot}")


def _amount() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, label="N")


def _wording() -> forms.CharField:
    return forms.CharField(
        required=False,
        label="Wording",
        help_text="Optional, as the treaty says it",
        widget=forms.TextInput(attrs={"size": 60}),
    )


class EntryIntoForcePeriodFields(forms.Form):
    """``entry_into_force.period``: applied to the threshold date."""

    eif_step1_op = _op(1)
    eif_step1_amount = _amount()
    eif_step1_text = _wording()
    eif_step2_op = _op(2)
    eif_step2_amount = _amount()
    eif_step2_text = _wording()
    eif_step3_op = _op(3)
    eif_step3_amount = _amount()
    eif_step3_text = _wording()


class LaterStatesPeriodFields(forms.Form):
    """``later_states.period``: applied to the state's deposit date."""

    later_step1_op = _op(1)
    later_step1_amount = _amount()
    later_step1_text = _wording()
    later_step2_op = _op(2)
    later_step2_amount = _amount()
    later_step2_text = _wording()
    later_step3_op = _op(3)
    later_step3_amount = _amount()
    later_step3_text = _wording()


class WithdrawalPeriodFields(forms.Form):
    """``withdrawal.period``: applied to the date the depositary receives the notification."""

    wd_step1_op = _op(1)
    wd_step1_amount = _amount()
    wd_step1_text = _wording()
    wd_step2_op = _op(2)
    wd_step2_amount = _amount()
    wd_step2_text = _wording()
    wd_step3_op = _op(3)
    wd_step3_amount = _amount()
    wd_step3_text = _wording()
