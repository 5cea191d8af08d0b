"""Writes of states and the matching of participant names to states.

Every importer resolves the depositary's participant names through :func:`state_match` (or a
:class:`StateMatcher` built once per import), so one name means one state everywhere and an
unknown name fails loudly with the closest known names.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .models import State, StateAlias
from .names import normalize_name

DATA_DIR = Path(__file__).resolve().parent / "data"

# Byte sequences that betray UTF-8 text decoded as Latin-1/cp1252 (the 2018 XML's Cote d'Ivoire).
_MOJIBAKE_MARKERS = ("Ã", "Â", "â€")


class UnknownStateName(LookupError):
    """A participant name matches no state or alias; carries the closest known names."""

    def __init__(self, name: str, suggestions: list[tuple[str, str]]):
        self.name = name
        self.suggestions = suggestions
        hint = "; ".join(f"{label} ({code})" for label, code in suggestions) or "none"
        super().__init__(f"Unknown state or participant {name!r}. Closest known names: {hint}")


def repair_mojibake(name: str) -> str:
    """Undo one round of UTF-8-read-as-Latin-1 damage ("C\u00c3\u00b4te" -> "Côte").

    Only text that carries the tell-tale markers is touched, and only if re-decoding succeeds,
    so a genuine "Ã" in a name is never mangled.
    """
    if not any(marker in name for marker in _MOJIBAKE_MARKERS):
        return name
    for codec in ("cp1252", "latin-1"):
        try:
            return name.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return name


class StateMatcher:
    """All known names of all states in memory: one query, then dictionary look-ups.

    Importers build one per run; matching 27,000 participant cells then costs no queries.
    """

    def __init__(self, states: list[State], aliases: list[tuple[str, int]]):
        self.by_id = {s.pk: s for s in states}
        self.by_code = {s.code: s for s in states}
        self.by_key: dict[str, State] = {}
        self.labels: dict[str, str] = {}  # normalised key -> a displayable name
        for s in states:
            for name in (s.short_name, s.official_name):
                if name:
                    self.by_key.setdefault(normalize_name(name), s)
                    self.labels.setdefault(normalize_name(name), name)
        for alias_name, state_id in aliases:
            key = normalize_name(alias_name)
            # An alias is unique in the database; it wins over another state's official name.
            self.by_key[key] = self.by_id[state_id]
            self.labels.setdefault(key, alias_name)

    @classmethod
    def from_db(cls) -> StateMatcher:
        """Load every state and alias (two queries)."""
        return cls(
            list(State.objects.all()),
            list(StateAlias.objects.values_list("name", "state_id")),
        )

    @classmethod
    def from_reference_data(cls, data_dir: Path = DATA_DIR) -> StateMatcher:
        """Build from the reference files alone (no database), for build scripts."""
        states = [
            State(
                pk=i, code=r["code"], short_name=r["short_name"], official_name=r["official_name"]
            )
            for i, r in enumerate(_read_csv(data_dir / "states.csv"), start=1)
        ]
        ids = {s.code: s.pk for s in states}
        aliases = [(r["name"], ids[r["code"]]) for r in _read_csv(data_dir / "aliases.csv")]
        return cls(states, aliases)

    def find(self, name: str) -> State | None:
        """The state called ``name`` (code, short/official name or alias), or None."""
        text = name.strip()
        if text.upper() in self.by_code:
            return self.by_code[text.upper()]
        state = self.by_key.get(normalize_name(text))
        if state is None:
            repaired = repair_mojibake(text)
            if repaired != text:
                state = self.by_key.get(normalize_name(repaired))
        return state

    def match(self, name: str) -> State:
        """Like :meth:`find` but raises :class:`UnknownStateName` with the closest names."""
        state = self.find(name)
        if state is None:
            raise UnknownStateName(name, self.closest(name))
        return state

    def closest(self, name: str, n: int = 5) -> list[tuple[str, str]]:
        """Up to ``n`` (name, code) pairs that look most like ``name``."""
        key = normalize_name(repair_mojibake(name))
        keys = difflib.get_close_matches(key, list(self.by_key), n=n, cutoff=0.5)
        return [(self.labels[k], self.by_key[k].code) for k in keys]


def state_match(name: str, *, matcher: StateMatcher | None = None) -> State:
    """Resolve a participant name (or code) to its state.

    Raises :class:`UnknownStateName` whose message lists the closest known names. Pass a
    ``matcher`` when matching many names.
    """
    return (matcher or StateMatcher.from_db()).match(name)


@dataclass
class StatesLoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    aliases_created: int = 0
    aliases_moved: int = 0
    links_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.aliases_created
            or self.aliases_moved
            or self.links_added
        )

    def summary(self) -> str:
        return (
            f"states: {len(self.created)} created, {len(self.updated)} updated; "
            f"aliases: {self.aliases_created} created, {self.aliases_moved} moved; "
            f"predecessor links: {self.links_added} added"
        )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _parse_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@transaction.atomic
def states_load(*, data_dir: Path = DATA_DIR) -> StatesLoadReport:
    """Create or update states, aliases and predecessor links from the reference files.

    Idempotent: a second run changes nothing (and writes no history rows). Aliases and links
    added by hand are kept; an alias that the reference data gives to another state is moved.
    New rows are written in bulk, with their history rows: a first load is a few queries, not
    one per row (every row is still validated field by field; the code's uniqueness and the
    table's check constraints are the database's, so a bad file writes nothing).
    """
    report = StatesLoadReport()
    rows = _read_csv(data_dir / "states.csv")
    existing = {s.code: s for s in State.objects.all()}
    fields = ("alpha2", "numeric", "short_name", "official_name", "kind", "succession_source")
    new_states: list[State] = []
    for row in rows:
        values: dict[str, str | date | None] = {f: row[f] for f in fields}
        values["exists_from"] = _parse_date(row["exists_from"])
        values["exists_until"] = _parse_date(row["exists_until"])
        values["succession_date"] = _parse_date(row["succession_date"])
        state = existing.get(row["code"])
        if state is None:
            state = State(code=row["code"], **values)
            state.full_clean(validate_unique=False, validate_constraints=False)
            new_states.append(state)
            existing[state.code] = state
            report.created.append(state.code)
            continue
        if state.pk is None:
            raise ValidationError({"code": f"{row['code']} is twice in {data_dir / 'states.csv'}"})
        if any(getattr(state, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(state, k, v)
            state.full_clean()
            state.save()
            report.updated.append(state.code)
    bulk_create_with_history(new_states, State)

    links = set(State.predecessors.through.objects.values_list("from_state_id", "to_state_id"))
    new_links = []
    for row in rows:
        for pred in row["predecessors"].split():
            pair = (existing[row["code"]].pk, existing[pred].pk)
            if pair not in links:
                new_links.append(
                    State.predecessors.through(from_state_id=pair[0], to_state_id=pair[1])
                )
    State.predecessors.through.objects.bulk_create(new_links)
    report.links_added = len(new_links)

    aliases = {a.normalized: a for a in StateAlias.objects.all()}
    new_aliases: dict[str, StateAlias] = {}
    for row in _read_csv(data_dir / "aliases.csv"):
        state = existing[row["code"]]
        former = row["is_former_name"] == "yes"
        normalized = normalize_name(row["name"])
        alias = aliases.get(normalized)
        if alias is None:
            # bulk_create skips StateAlias.save(), which derives ``normalized``.
            alias = StateAlias(
                state=state, name=row["name"], normalized=normalized, is_former_name=former
            )
            alias.full_clean(exclude=["normalized", "state"], validate_unique=False)
            aliases[normalized] = new_aliases[normalized] = alias
            report.aliases_created += 1
        elif alias.state_id != state.pk:
            alias.state = state
            if alias.pk is not None:  # one written earlier; a new one is written below
                alias.save()
            report.aliases_moved += 1
    bulk_create_with_history(list(new_aliases.values()), StateAlias)
    return report
