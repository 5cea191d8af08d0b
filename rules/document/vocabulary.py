"""The vocabulary a treaty's entry-into-force and withdrawal rules are written in.

A treaty's rules are stored in the database as JSON and parsed here, strictly, into frozen
dataclasses. ``Rules.from_dict`` collects *every* problem before raising ``RulesError`` so an
editor fixing a rule in the admin sees all mistakes at once, each naming its path
("entry_into_force.threshold.count must be a positive integer"). ``Rules.to_dict`` writes the
canonical form (every key present), and ``Rules.from_dict(r.to_dict()) == r``.

JSON shape (dates are ISO ``YYYY-MM-DD`` strings; ``article`` is free text such as ``"17(1)"``)::

    {
      "entry_into_force": {
        "article": "17(1)",
        # Either the engine counts instruments ...
        "threshold": {"count": 30,
                      "kinds": ["ratification", "acceptance", "approval", "accession",
                                "succession"],
                      # "an instrument deposited by a regional economic integration
                      # organization shall not be counted as additional" (Stockholm art. 26(3))
                      "organisations_not_additional": false},
        # ... or the condition cannot be counted from the events (emissions shares, named
        # states) and the date it was met is recorded as a fact; null = not met (not in force):
        #   "threshold": {"condition": "55 Parties / 55 % of emissions",
        #                 "recorded_date": "2016-10-05"},
        "period": [STEP, ...],           # applied to the threshold date
        "not_before": "1995-01-13",      # or null (CWC: not earlier than two years after
                                         # opening for signature)
        "recorded_date": null,           # the treaty's EIF as a fact, used when the events do
                                         # not reach the threshold (incomplete data)
        "on_date": null,                 # or a fixed date: the treaty enters into force on it
                                         # if the threshold is met by then, else the period
                                         # after the threshold (Montreal Protocol art. 16(1))
        "not_before_parent": false,      # true: not before the parent treaty's entry into
                                         # force ("except that it shall not enter into force
                                         # before the entry into force of the Convention")
        "required_states": {             # optional: the states whose ratification the entry
          "provision": "Annex 2 (art. XIV(1))",  # into force waits for, as the treaty lists
          "source": "https://...",       # them (the CTBT's Annex 2); or null/absent. The
          "codes": ["DZA", "ARG", ...]   # pages say which had not deposited by a date; the
        }                                # engine does not count them (see "condition")
      },
      "later_states": {
        "article": "17(2)",
        "period": [STEP, ...],           # applied to the state's deposit date
        "applies_after": "threshold",    # or "entry_into_force": who the paragraph covers
        "not_before_treaty_entry_into_force": true,
        "not_before_parent_for_state": false   # true: "or the date the Convention enters into
                                         # force for it, whichever is later" (protocols)
      },
      "withdrawal": {
        "article": "20(3)",
        "allowed": true,                 # false: no withdrawal clause; null: the clause is
                                         # not recorded (a withdrawal takes effect on the date
                                         # the depositary published, else it is not computed)
        "period": [STEP, ...],           # applied to the date of receipt by the depositary
        "later_date_may_be_specified": false,
        "minimum_membership": {"amount": 3, "unit": "years",
                               "from": "party_entry_into_force"},   # or
                                         # "treaty_entry_into_force"; or null
        "armed_conflict": null,          # or "suspends" (CCM/APMBC) or "remains_bound" (TPNW)
        "condition_text": "..."          # or null: the condition as the depositary words it
      },
      "alternatives": [RULES, ...]       # optional: other rules that fit the facts as well
                                         # (an inference several delays satisfy); a date is
                                         # given only where every reading agrees
    }

``STEP`` is one of (an optional ``"text"`` overrides the generic wording so the explanation
reads like the treaty)::

    {"add": {"days": 60}}                         # "60 days after"
    {"add": {"months": 6}}                        # same calendar day, clamped to month end
    {"add": {"years": 1}}
    {"first_day_of_month": {"months_after": 6}}   # 1st of the 6th month after the anchor's month

An empty period means "on the date of deposit" (NPT, North Atlantic Treaty, ECHR).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final, Literal

from rules.dates import ordinal_number
from rules.document.kinds import ALL_KINDS, CONSENT_KINDS, CONSENT_OF_UNKNOWN_KIND, COUNTABLE_KINDS
from rules.document.reading import DocumentReader
from rules.document.steps import ADD_UNITS, AddUnit, PeriodStep, apply_period
from rules.errors import RuleProblem, RulesError

__all__ = [
    "ALL_KINDS",
    "CONSENT_KINDS",
    "CONSENT_OF_UNKNOWN_KIND",
    "EntryIntoForce",
    "LaterStates",
    "MinimumMembership",
    "PeriodStep",
    "RequiredStates",
    "RuleProblem",
    "Rules",
    "RulesError",
    "Threshold",
    "Withdrawal",
    "apply_period",
]

_APPLIES_AFTER: Final = ("threshold", "entry_into_force")
_MEMBERSHIP_FROM: Final = ("party_entry_into_force", "treaty_entry_into_force")
_ARMED_CONFLICT: Final = ("suspends", "remains_bound")


@dataclass(frozen=True)
class Threshold:
    """When a treaty's entry-into-force condition is met.

    Exactly one of ``count`` (the engine counts instruments of ``kinds``) or ``condition`` (a
    condition the events cannot show; ``recorded_date`` is when it was met, ``None`` = not yet).
    """

    count: int | None = None
    kinds: tuple[str, ...] = ()
    condition: str | None = None
    recorded_date: date | None = None
    #: An organisation's instrument (the EU's) does not add to the count of its members'.
    organisations_not_additional: bool = False

    def describe_count(self) -> str:
        """The counted instrument in words, e.g. "30th instrument"."""
        return f"{ordinal_number(self.count or 0)} instrument"

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form."""
        if self.count is not None:
            return {
                "count": self.count,
                "kinds": list(self.kinds),
                "organisations_not_additional": self.organisations_not_additional,
            }
        return {
            "condition": self.condition,
            "recorded_date": _iso(self.recorded_date),
        }


@dataclass(frozen=True)
class RequiredStates:
    """The states whose ratification the treaty's entry into force waits for, as the treaty
    names them (CTBT art. XIV(1): "all States listed in Annex 2"). Not counted by the engine
    (the threshold's ``condition`` and its recorded date say when it was met): read by the
    pages, which list those that had not deposited by a date."""

    provision: str
    codes: tuple[str, ...]
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form."""
        return {"provision": self.provision, "source": self.source, "codes": list(self.codes)}


@dataclass(frozen=True)
class EntryIntoForce:
    """The treaty's own entry into force (its first paragraph, usually)."""

    threshold: Threshold
    period: tuple[PeriodStep, ...] = ()
    article: str | None = None
    not_before: date | None = None
    recorded_date: date | None = None
    #: A fixed date: in force on it if the threshold is met by then, else ``period`` after.
    on_date: date | None = None
    #: Not before the parent treaty (the convention of a protocol) enters into force.
    not_before_parent: bool = False
    #: The states the entry into force waits for, where the treaty names them (optional).
    required_states: RequiredStates | None = None

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form (``required_states`` only when there are: documents written
        before the key existed keep their canonical form)."""
        document: dict[str, Any] = {
            "article": self.article,
            "threshold": self.threshold.to_dict(),
            "period": [s.to_dict() for s in self.period],
            "not_before": _iso(self.not_before),
            "recorded_date": _iso(self.recorded_date),
            "on_date": _iso(self.on_date),
            "not_before_parent": self.not_before_parent,
        }
        if self.required_states is not None:
            document["required_states"] = self.required_states.to_dict()
        return document


@dataclass(frozen=True)
class LaterStates:
    """Entry into force for a state whose instrument comes after the threshold or the EIF."""

    period: tuple[PeriodStep, ...] = ()
    article: str | None = None
    applies_after: Literal["threshold", "entry_into_force"] = "threshold"
    not_before_treaty_entry_into_force: bool = True
    #: Not before the parent treaty enters into force *for the same state* (protocols).
    not_before_parent_for_state: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form."""
        return {
            "article": self.article,
            "period": [s.to_dict() for s in self.period],
            "applies_after": self.applies_after,
            "not_before_treaty_entry_into_force": self.not_before_treaty_entry_into_force,
            "not_before_parent_for_state": self.not_before_parent_for_state,
        }


@dataclass(frozen=True)
class MinimumMembership:
    """How long a Party must wait before it may *notify* withdrawal (Paris art. 28(1))."""

    amount: int
    unit: AddUnit
    from_: Literal["party_entry_into_force", "treaty_entry_into_force"]

    def earliest_notice(self, anchor: date) -> date:
        """The first day a notification may be given, counted from ``anchor``."""
        return PeriodStep(op="add", amount=self.amount, unit=self.unit).apply(anchor)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form."""
        return {"amount": self.amount, "unit": self.unit, "from": self.from_}


@dataclass(frozen=True)
class Withdrawal:
    """Withdrawal or denunciation: when a notification takes effect, and its conditions.

    ``allowed=None``: the clause is not recorded (rules read from the depositary's words rarely
    quote it); a withdrawal then takes effect on the date the depositary published, if any.
    """

    allowed: bool | None = True
    period: tuple[PeriodStep, ...] = ()
    article: str | None = None
    later_date_may_be_specified: bool = False
    minimum_membership: MinimumMembership | None = None
    armed_conflict: Literal["suspends", "remains_bound"] | None = None
    condition_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form."""
        return {
            "article": self.article,
            "allowed": self.allowed,
            "period": [s.to_dict() for s in self.period],
            "later_date_may_be_specified": self.later_date_may_be_specified,
            "minimum_membership": (
                self.minimum_membership.to_dict() if self.minimum_membership else None
            ),
            "armed_conflict": self.armed_conflict,
            "condition_text": self.condition_text,
        }


#: The most alternatives one rules document may hold: the engine computes every reading, and an
#: inference yields at most 26 (13 plausible delays, two scopes of the later-states clause).
MAX_ALTERNATIVES: Final = 32


@dataclass(frozen=True)
class Rules:
    """A treaty's rules: its own entry into force, later states, and withdrawal.

    ``alternatives``: other rules that fit the facts as well as these (rules inferred from a
    recorded date that several delays reproduce). The engine then gives a date only where
    every one of them gives the same (``rules.alternatives``); the rest stay unknown.
    """

    entry_into_force: EntryIntoForce
    later_states: LaterStates
    withdrawal: Withdrawal
    alternatives: tuple[Rules, ...] = ()

    def with_recorded_date(self, day: date | None) -> Rules:
        """These rules (and each alternative) with ``day`` as the recorded entry into force
        where they record none: the date the events are compared with, and the fallback when
        they do not reach the threshold."""
        if day is None:
            return self
        eif = self.entry_into_force
        if eif.recorded_date is None:
            eif = replace(eif, recorded_date=day)
        alternatives = tuple(a.with_recorded_date(day) for a in self.alternatives)
        return replace(self, entry_into_force=eif, alternatives=alternatives)

    @property
    def every_reading(self) -> tuple[Rules, ...]:
        """These rules, then each alternative (each without alternatives of its own)."""
        if not self.alternatives:
            return (self,)
        return (replace(self, alternatives=()), *self.alternatives)

    @classmethod
    def from_dict(cls, data: Any) -> Rules:
        """Parse and validate a rules document; raise ``RulesError`` listing every problem."""
        parser = _Parser()
        rules = parser.rules(data)
        if parser.problems or rules is None:
            raise RulesError(parser.problems or [RuleProblem("rules", "could not be read")])
        return rules

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form (every key present; ``alternatives`` only when there are)."""
        document: dict[str, Any] = {
            "entry_into_force": self.entry_into_force.to_dict(),
            "later_states": self.later_states.to_dict(),
            "withdrawal": self.withdrawal.to_dict(),
        }
        if self.alternatives:
            document["alternatives"] = [a.to_dict() for a in self.alternatives]
        return document


def _is_state_code(value: Any) -> bool:
    """An alpha-3 code as the states' reference data writes them ("DZA")."""
    return isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class _Parser(DocumentReader):
    """The sections of a rules document, read with the primitives of ``DocumentReader``."""

    # -- sections --------------------------------------------------------------------------

    def rules(self, data: Any, path: str = "rules", *, nested: bool = False) -> Rules | None:
        optional = set() if nested else {"alternatives"}
        root = self.obj(data, path, {"entry_into_force", "later_states", "withdrawal"}, optional)
        if root is None:
            return None
        alternatives: list[Rules] = []
        if "alternatives" in root:
            if not isinstance(root["alternatives"], list):
                self.error(f"{path}.alternatives", "must be a list of rules")
            elif len(root["alternatives"]) > MAX_ALTERNATIVES:
                self.error(
                    f"{path}.alternatives",
                    f"may hold at most {MAX_ALTERNATIVES} readings (every one is computed)",
                )
            else:
                for i, item in enumerate(root["alternatives"]):
                    alternative = self.rules(item, f"{path}.alternatives[{i}]", nested=True)
                    if alternative is not None:
                        alternatives.append(alternative)
        # A missing section was reported by obj(); do not report it a second time.
        prefix = f"{path}." if nested else ""
        eif = later = withdrawal = None
        if "entry_into_force" in root:
            eif = self.entry_into_force(root["entry_into_force"], f"{prefix}entry_into_force")
        if "later_states" in root:
            later = self.later_states(root["later_states"], f"{prefix}later_states")
        if "withdrawal" in root:
            withdrawal = self.withdrawal(root["withdrawal"], f"{prefix}withdrawal")
        if eif is None or later is None or withdrawal is None:
            return None
        return Rules(
            entry_into_force=eif,
            later_states=later,
            withdrawal=withdrawal,
            alternatives=tuple(alternatives),
        )

    def threshold(self, value: Any, path: str) -> Threshold | None:
        fields = self.obj(
            value,
            path,
            set(),
            {"count", "kinds", "condition", "recorded_date", "organisations_not_additional"},
        )
        if fields is None:
            return None
        if ("count" in fields) == ("condition" in fields):
            self.error(path, 'must have either "count" (with "kinds") or "condition"')
            return None
        if "count" in fields:
            for key in ("condition", "recorded_date"):
                if key in fields:
                    self.error(f"{path}.{key}", 'cannot be combined with "count"')
            count = self.positive_int(fields["count"], f"{path}.count")
            kinds = self.kinds(fields.get("kinds"), f"{path}.kinds")
            organisations = self.boolean(
                fields.get("organisations_not_additional", False),
                f"{path}.organisations_not_additional",
            )
            if count is None or kinds is None or organisations is None:
                return None
            return Threshold(count=count, kinds=kinds, organisations_not_additional=organisations)
        for key in ("kinds", "organisations_not_additional"):
            if key in fields:
                self.error(f"{path}.{key}", 'only applies with "count"')
        condition = self.text(fields["condition"], f"{path}.condition", nullable=False)
        recorded = self.iso_date(fields.get("recorded_date"), f"{path}.recorded_date")
        if condition is None:
            return None
        return Threshold(condition=condition, recorded_date=recorded)

    def kinds(self, value: Any, path: str) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not value:
            self.error(path, "must be a non-empty list of consent kinds")
            return None
        ok = True
        for i, kind in enumerate(value):
            if not isinstance(kind, str) or kind not in COUNTABLE_KINDS:  # [] is unhashable
                self.error(
                    f"{path}[{i}]",
                    f"must be one of {', '.join(sorted(COUNTABLE_KINDS))} (got {kind!r})",
                )
                ok = False
        if ok and len(set(value)) != len(value):
            self.error(path, "must not repeat a kind")
            ok = False
        return tuple(value) if ok else None

    def entry_into_force(self, value: Any, path: str) -> EntryIntoForce | None:
        fields = self.obj(
            value,
            path,
            {"threshold", "period"},
            {
                "article",
                "not_before",
                "recorded_date",
                "on_date",
                "not_before_parent",
                "required_states",
            },
        )
        if fields is None:
            return None
        article = self.text(fields.get("article"), f"{path}.article")
        threshold = (
            self.threshold(fields["threshold"], f"{path}.threshold")
            if "threshold" in fields
            else None
        )
        period = self.period(fields.get("period", []), f"{path}.period")
        not_before = self.iso_date(fields.get("not_before"), f"{path}.not_before")
        recorded = self.iso_date(fields.get("recorded_date"), f"{path}.recorded_date")
        on_date = self.iso_date(fields.get("on_date"), f"{path}.on_date")
        parent = self.boolean(fields.get("not_before_parent", False), f"{path}.not_before_parent")
        required = self.required_states(fields.get("required_states"), f"{path}.required_states")
        if on_date is not None and not_before is not None:
            self.error(
                f"{path}.on_date",
                'cannot be combined with "not_before": a fixed date already says when',
            )
        if threshold is None or parent is None:
            return None
        return EntryIntoForce(
            threshold=threshold,
            period=period,
            article=article,
            not_before=not_before,
            recorded_date=recorded,
            on_date=on_date,
            not_before_parent=parent,
            required_states=required,
        )

    def required_states(self, value: Any, path: str) -> RequiredStates | None:
        if value is None:
            return None
        fields = self.obj(value, path, {"provision", "codes"}, {"source"})
        if fields is None:
            return None
        provision = self.text(fields.get("provision"), f"{path}.provision", nullable=False)
        source = self.text(fields.get("source"), f"{path}.source")
        codes = fields.get("codes")
        if (
            not isinstance(codes, list)
            or not codes
            or not all(
                isinstance(c, str) and len(c) == 3 and c.isalpha() and c.isupper() for c in codes
            )
        ):
            self.error(f"{path}.codes", 'must be a non-empty list of state codes such as "DZA"')
            return None
        if len(set(codes)) != len(codes):
            self.error(f"{path}.codes", "must name each state once")
            return None
        if provision is None:
            return None
        return RequiredStates(provision=provision, codes=tuple(codes), source=source)

    def later_states(self, value: Any, path: str) -> LaterStates | None:
        fields = self.obj(
            value,
            path,
            {"period"},
            {
                "article",
                "applies_after",
                "not_before_treaty_entry_into_force",
                "not_before_parent_for_state",
            },
        )
        if fields is None:
            return None
        article = self.text(fields.get("article"), f"{path}.article")
        period = self.period(fields.get("period", []), f"{path}.period")
        applies_after = self.choice(
            fields.get("applies_after", "threshold"),
            f"{path}.applies_after",
            _APPLIES_AFTER,
            nullable=False,
        )
        not_before = self.boolean(
            fields.get("not_before_treaty_entry_into_force", True),
            f"{path}.not_before_treaty_entry_into_force",
        )
        parent = self.boolean(
            fields.get("not_before_parent_for_state", False),
            f"{path}.not_before_parent_for_state",
        )
        if applies_after is None or not_before is None or parent is None:
            return None
        return LaterStates(
            period=period,
            article=article,
            applies_after=applies_after,
            not_before_treaty_entry_into_force=not_before,
            not_before_parent_for_state=parent,
        )

    def minimum_membership(self, value: Any, path: str) -> MinimumMembership | None:
        if value is None:
            return None
        fields = self.obj(value, path, {"amount", "unit", "from"}, set())
        if fields is None:
            return None
        amount = self.positive_int(fields.get("amount"), f"{path}.amount")
        unit = self.choice(fields.get("unit"), f"{path}.unit", ADD_UNITS, nullable=False)
        anchor = self.choice(fields.get("from"), f"{path}.from", _MEMBERSHIP_FROM, nullable=False)
        if amount is None or unit is None or anchor is None:
            return None
        return MinimumMembership(amount=amount, unit=unit, from_=anchor)

    def withdrawal(self, value: Any, path: str) -> Withdrawal | None:
        fields = self.obj(
            value,
            path,
            {"allowed"},
            {
                "article",
                "period",
                "later_date_may_be_specified",
                "minimum_membership",
                "armed_conflict",
                "condition_text",
            },
        )
        if fields is None:
            return None
        raw_allowed = fields.get("allowed")
        # null: the clause is not recorded (rules read from the depositary's words).
        allowed = None if raw_allowed is None else self.boolean(raw_allowed, f"{path}.allowed")
        allowed_problem = raw_allowed is not None and allowed is None
        if allowed and "period" not in fields:
            self.error(f"{path}.period", "is required when withdrawal is allowed")
        article = self.text(fields.get("article"), f"{path}.article")
        period = self.period(fields.get("period", []), f"{path}.period")
        later = self.boolean(
            fields.get("later_date_may_be_specified", False),
            f"{path}.later_date_may_be_specified",
        )
        membership_problems = len(self.problems)
        membership = self.minimum_membership(
            fields.get("minimum_membership"), f"{path}.minimum_membership"
        )
        conflict = self.choice(
            fields.get("armed_conflict"), f"{path}.armed_conflict", _ARMED_CONFLICT, nullable=True
        )
        condition = self.text(fields.get("condition_text"), f"{path}.condition_text")
        if allowed_problem or later is None or len(self.problems) > membership_problems:
            return None
        return Withdrawal(
            allowed=allowed,
            period=period,
            article=article,
            later_date_may_be_specified=later,
            minimum_membership=membership,
            armed_conflict=conflict,
            condition_text=condition,
        )
