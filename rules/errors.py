"""What is wrong with a rules document: each problem with the path it is about.

``Rules.from_dict`` collects every problem before raising ``RulesError``. A problem keeps its
path ("withdrawal.period[0].add.months") apart from its message ("must be a positive integer") so
that a caller can place it by path (the admin puts it next to the field for that path) without
reading the message; ``RulesError.messages`` and ``str()`` give both joined, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["RuleProblem", "RulesError"]


@dataclass(frozen=True)
class RuleProblem:
    """One problem: ``path`` in the rules JSON ("entry_into_force.threshold.count", "rules" for
    the document itself) and ``message`` without the path ("must be a positive integer")."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path} {self.message}"


class RulesError(ValueError):
    """A rules document is not valid.

    ``problems`` lists every problem; ``messages`` the same as "path message" strings.
    """

    def __init__(self, problems: Iterable[RuleProblem]) -> None:
        self.problems: tuple[RuleProblem, ...] = tuple(problems)
        self.messages: list[str] = [str(problem) for problem in self.problems]
        super().__init__("; ".join(self.messages))
