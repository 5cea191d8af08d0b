"""Period language: one step of a period ("60 days after", "the first day of the sixth month
after"), and a period (a list of steps) applied to a date.

Part of the rules vocabulary (``rules.vocabulary`` re-exports it); its own module so that the
document reader (``reading``) and the records can use it without the whole vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from rules.dates import add_days, add_months, add_years, first_day_of_month_after, ordinal_word

__all__ = ["ADD_UNITS", "AddUnit", "PeriodStep", "apply_period"]

AddUnit = Literal["days", "months", "years"]
ADD_UNITS: Final = ("days", "months", "years")


@dataclass(frozen=True)
class PeriodStep:
    """One step of period language, applied to a date.

    ``op`` is ``"add"`` (with ``unit`` days/months/years) or ``"first_day_of_month"`` (with
    ``amount`` = months after the anchor's month). ``text`` overrides the generic wording.
    """

    op: Literal["add", "first_day_of_month"]
    amount: int
    unit: AddUnit | None = None
    text: str | None = None

    def apply(self, anchor: date) -> date:
        """Return the date this step produces from ``anchor``."""
        if self.op == "first_day_of_month":
            return first_day_of_month_after(anchor, self.amount)
        if self.unit == "days":
            return add_days(anchor, self.amount)
        if self.unit == "months":
            return add_months(anchor, self.amount)
        return add_years(anchor, self.amount)

    def describe(self) -> str:
        """The step in words, e.g. "first day of the sixth month after" or "6 months after"."""
        if self.text:
            return self.text
        if self.op == "first_day_of_month":
            if self.amount == 1:
                return "first day of the month after"
            return f"first day of the {ordinal_word(self.amount)} month after"
        unit = self.unit or "days"
        singular = unit[:-1]
        if self.amount == 1:
            return f"1 {singular} after"
        return f"{self.amount} {unit} after"

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form of this step."""
        body: dict[str, Any]
        if self.op == "first_day_of_month":
            body = {"first_day_of_month": {"months_after": self.amount}}
        else:
            body = {"add": {self.unit: self.amount}}
        if self.text is not None:
            body["text"] = self.text
        return body


def apply_period(period: tuple[PeriodStep, ...], anchor: date) -> date:
    """Apply every step of ``period`` in order (an empty period returns ``anchor``)."""
    for step in period:
        anchor = step.apply(anchor)
    return anchor
