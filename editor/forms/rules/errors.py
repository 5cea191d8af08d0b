"""The engine's problems with a rules document, placed on the fields they are about.

``Rules.from_dict`` names each problem's path in the rules JSON ("withdrawal.period[0].add.months")
apart from its message ("must be a positive integer"). ``RULE_PATH_FIELDS`` says which field
shows a path; a problem goes to the field of the nearest path that has one, worded without that
path ("Add.months must be a positive integer" on the withdrawal's first step), and a problem
with no such field goes above the form with its whole path.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Final

from django.core.exceptions import NON_FIELD_ERRORS

from rules import RuleProblem

from .periods import PERIODS, STEP_SLOTS, step_field_names


def _period_paths() -> dict[str, str]:
    """A period's step on the operation field of its slot; the period as a whole on slot 1's."""
    paths: dict[str, str] = {}
    for prefix, (section, _title) in PERIODS.items():
        paths[f"{section}.period"] = step_field_names(prefix, 1)[0]
        for slot in range(1, STEP_SLOTS + 1):
            paths[f"{section}.period[{slot - 1}]"] = step_field_names(prefix, slot)[0]
    return paths


#: Path in the rules JSON → the form field that shows its problems.
RULE_PATH_FIELDS: Final[dict[str, str]] = {
    "entry_into_force.article": "eif_article",
    "entry_into_force.threshold": "eif_threshold",
    "entry_into_force.threshold.count": "eif_count",
    "entry_into_force.threshold.kinds": "eif_kinds",
    "entry_into_force.threshold.condition": "eif_condition",
    "entry_into_force.threshold.recorded_date": "eif_condition_met_on",
    "entry_into_force.not_before": "eif_not_before",
    "entry_into_force.recorded_date": "eif_recorded_date",
    "later_states.article": "later_article",
    "later_states.applies_after": "later_applies_after",
    "later_states.not_before_treaty_entry_into_force": "later_not_before_eif",
    "withdrawal.allowed": "wd_allowed",
    "withdrawal.article": "wd_article",
    "withdrawal.later_date_may_be_specified": "wd_later_date",
    "withdrawal.minimum_membership": "wd_min_amount",
    "withdrawal.minimum_membership.amount": "wd_min_amount",
    "withdrawal.minimum_membership.unit": "wd_min_unit",
    "withdrawal.minimum_membership.from": "wd_min_from",
    "withdrawal.armed_conflict": "wd_armed_conflict",
    "withdrawal.condition_text": "wd_condition_text",
    **_period_paths(),
}


def _enclosing_paths(path: str) -> Iterator[str]:
    """``path``, then each path that contains it: "a.b[0].c", "a.b[0]", "a.b", "a"."""
    while path:
        yield path
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""


def rules_errors(
    problems: Iterable[RuleProblem], known_fields: Collection[str]
) -> dict[str, list[str]]:
    """Each problem's message under the field of its path (among ``known_fields``), or under
    ``NON_FIELD_ERRORS``; a part of the path below the field's is kept ("Add.months ...")."""
    placed: dict[str, list[str]] = {}
    for problem in problems:
        target: str = NON_FIELD_ERRORS
        text = str(problem)
        for path in _enclosing_paths(problem.path):
            field = RULE_PATH_FIELDS.get(path)
            if field is not None and field in known_fields:
                below = problem.path[len(path) :].lstrip(".")
                text = f"{below} {problem.message}" if below else problem.message
                text = text[:1].upper() + text[1:]
                target = field
                break
        placed.setdefault(target, []).append(text)
    return placed
