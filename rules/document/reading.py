"""Reading a rules document: the primitives every section is read with, and period language.

``DocumentReader`` collects problems instead of stopping at the first, so editors see every
mistake at once, each with its path. The sections themselves (entry into force, later states,
withdrawal) are read in ``vocabulary``, which builds on this reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from rules.document.steps import ADD_UNITS, PeriodStep
from rules.errors import RuleProblem

__all__ = ["DocumentReader"]


class DocumentReader:
    """Collects problems instead of stopping at the first, so editors see everything at once."""

    def __init__(self) -> None:
        self.problems: list[RuleProblem] = []

    def error(self, path: str, message: str) -> None:
        self.problems.append(RuleProblem(path, message))

    # -- primitives ----------------------------------------------------------------------

    def obj(
        self, value: Any, path: str, required: set[str], optional: set[str]
    ) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.error(path, "must be an object")
            return None
        for key in sorted(required - value.keys()):
            self.error(f"{path}.{key}", "is required")
        for key in sorted(set(value.keys()) - required - optional, key=str):
            self.error(f"{path}.{key}", "is not a known key")
        return value

    def positive_int(self, value: Any, path: str) -> int | None:
        # bool is an int subclass; "true" as a count is always a mistake.
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.error(path, "must be a positive integer")
            return None
        return cast(int, value)  # an int, not a bool: mypy does not narrow Any here

    def boolean(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.error(path, "must be true or false")
            return None
        return value

    def text(self, value: Any, path: str, *, nullable: bool = True) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(path, "must be a non-empty string" + (" or null" if nullable else ""))
            return None
        return value

    def iso_date(self, value: Any, path: str) -> date | None:
        if value is None:
            return None
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(path, "must be a date written YYYY-MM-DD or null")
        return None

    def choice(self, value: Any, path: str, choices: tuple[str, ...], *, nullable: bool) -> Any:
        if value is None and nullable:
            return None
        if value not in choices:
            allowed = ", ".join(f'"{c}"' for c in choices) + (" or null" if nullable else "")
            self.error(path, f"must be one of {allowed}")
            return None
        return value

    # -- period language -------------------------------------------------------------------

    def period(self, value: Any, path: str) -> tuple[PeriodStep, ...]:
        if not isinstance(value, list):
            self.error(path, "must be a list of steps (empty = on the date of deposit)")
            return ()
        steps = [self.step(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return tuple(s for s in steps if s is not None)

    def step(self, value: Any, path: str) -> PeriodStep | None:
        if not isinstance(value, Mapping):
            self.error(path, 'must be an object such as {"add": {"days": 30}}')
            return None
        ops = [k for k in ("add", "first_day_of_month") if k in value]
        extra = sorted(set(value.keys()) - {"add", "first_day_of_month", "text"}, key=str)
        for key in extra:
            self.error(f"{path}.{key}", "is not a known key")
        if len(ops) != 1:
            self.error(path, 'must have exactly one of "add" or "first_day_of_month"')
            return None
        text = self.text(value.get("text"), f"{path}.text")
        op = ops[0]
        body = value[op]
        if op == "first_day_of_month":
            fields = self.obj(body, f"{path}.first_day_of_month", {"months_after"}, set())
            if fields is None or "months_after" not in fields:
                return None
            amount = self.positive_int(
                fields["months_after"], f"{path}.first_day_of_month.months_after"
            )
            if amount is None:
                return None
            return PeriodStep(op="first_day_of_month", amount=amount, text=text)
        if not isinstance(body, Mapping) or len(body) != 1:
            self.error(f"{path}.add", 'must name one unit, e.g. {"days": 60} or {"months": 6}')
            return None
        ((unit, raw),) = body.items()
        if unit not in ADD_UNITS:
            self.error(f"{path}.add.{unit}", 'is not a unit: use "days", "months" or "years"')
            return None
        amount = self.positive_int(raw, f"{path}.add.{unit}")
        if amount is None:
            return None
        return PeriodStep(op="add", amount=amount, unit=unit, text=text)
