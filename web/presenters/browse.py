"""Browsing the treaty list: filters (subject, in force, year, depositary, participants data),
families (a treaty with its protocols and amendments) and the names shown for each treaty.

Everything works on the treaties already read for the list (no query of its own), so a filter
costs the same whatever the data's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.http import HttpRequest

from treaties.catalogue import TOPICS, UN_CHAPTERS, chapter_of, subject_choices, subjects_of
from treaties.models import Treaty

#: The query parameters of the filters (the home page accepts them).
FILTER_PARAMS = ("subject", "in_force", "from", "to", "depositary", "data")

IN_FORCE_CHOICES = (
    ("yes", "in force"),
    ("no", "not in force"),
    ("unknown", "not known"),
)


@dataclass
class Filters:
    subject: str = ""
    in_force: str = ""
    year_from: int | None = None
    year_to: int | None = None
    depositary: str = ""
    with_data: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(
            self.subject
            or self.in_force
            or self.year_from
            or self.year_to
            or self.depositary
            or self.with_data
        )


def _year(request: HttpRequest, name: str, label: str, errors: list[str]) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if raw.isdigit() and 1800 <= int(raw) <= 2200:
        return int(raw)
    errors.append(f"“{raw[:20]}” is not a year for “{label}”; use four digits, e.g. 1989.")
    return None


def parse_filters(request: HttpRequest, depositaries: Iterable[str]) -> Filters:
    """The filters of the request; an unknown value is dropped with a message saying so."""
    errors: list[str] = []
    subject = request.GET.get("subject", "").strip()
    if subject and subject not in dict(subject_choices()):
        errors.append(f"Unknown subject “{subject[:40]}”; showing every subject.")
        subject = ""
    in_force = request.GET.get("in_force", "").strip()
    if in_force and in_force not in dict(IN_FORCE_CHOICES):
        errors.append(f"“{in_force[:20]}” is not a choice for “in force”; showing all.")
        in_force = ""
    year_from = _year(request, "from", "adopted from", errors)
    year_to = _year(request, "to", "adopted to", errors)
    if year_from and year_to and year_from > year_to:
        errors.append(
            f"The years are reversed (from {year_from} to {year_to}): the first year must not "
            "be after the second. Showing every year."
        )
        year_from = year_to = None
    depositary = request.GET.get("depositary", "").strip()
    if depositary and depositary not in set(depositaries):
        errors.append(f"No treaty has the depositary “{depositary[:60]}”; showing all.")
        depositary = ""
    with_data = request.GET.get("data", "").strip() == "yes"
    return Filters(subject, in_force, year_from, year_to, depositary, with_data, errors)


def in_force_on(treaty: Treaty, today: date) -> str:
    """ "yes", "no" or "unknown": whether the treaty is in force today as far as known."""
    if treaty.entry_into_force_date:
        return "yes" if treaty.entry_into_force_date <= today else "no"
    if treaty.entry_into_force_basis in ("", "unknown"):
        return "unknown"
    return "no"


def _in_subject(treaty: Treaty, subject: str) -> bool:
    if subject.startswith("un-"):
        return chapter_of(treaty.un_reference) == subject[3:]
    return (
        subject[len("topic-") :] in subjects_of(treaty.un_reference)
        and subject[len("topic-") :] in TOPICS
    )


def matches(treaty: Treaty, filters: Filters, today: date) -> bool:
    adopted = treaty.adopted_on.year if treaty.adopted_on else None
    return not (
        (filters.subject and not _in_subject(treaty, filters.subject))
        or (filters.in_force and in_force_on(treaty, today) != filters.in_force)
        or (filters.year_from and (adopted is None or adopted < filters.year_from))
        or (filters.year_to and (adopted is None or adopted > filters.year_to))
        or (filters.depositary and treaty.depositary != filters.depositary)
        or (filters.with_data and not treaty.has_participant_data)
    )


def shown_titles(treaties: Iterable[Treaty]) -> dict[int, str]:
    """The title shown for each treaty: with its year of adoption where another treaty has the
    same title ("Agreement concerning the Suppression of Opium Smoking (1925)" and "(1931)")."""
    treaties = list(treaties)
    same: dict[str, int] = defaultdict(int)
    for t in treaties:
        same[t.title.strip().casefold()] += 1
    titles = {}
    for t in treaties:
        title = t.title.strip()
        if same[title.casefold()] > 1 and t.adopted_on:
            title = f"{title} ({t.adopted_on.year})"
        titles[t.pk] = title
    return titles


@dataclass
class Row:
    """One treaty of the list: its counts, the title shown, and its place in its family."""

    treaty: Treaty
    parties: object
    record: object
    title: str
    member: bool = False
    members: int = 0
    family_of: Treaty | None = None


def families(rows: list[Row]) -> list[Row]:
    """The rows in families: each treaty followed by its protocols and amendments that are in
    ``rows`` (oldest first), marked ``member``; a protocol whose convention is not in ``rows``
    stands alone, with ``family_of`` naming its convention."""
    by_pk = {row.treaty.pk: row for row in rows}
    children: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        parent = row.treaty.parent_id
        if parent in by_pk and parent != row.treaty.pk:
            children[parent].append(row)
    ordered: list[Row] = []
    for row in rows:
        if row.treaty.parent_id in by_pk:
            continue
        row.members = len(children[row.treaty.pk])
        row.family_of = row.treaty.parent if row.treaty.parent_id else None
        ordered.append(row)
        for member in sorted(
            children[row.treaty.pk],
            key=lambda r: (r.treaty.adopted_on or date.max, r.title),
        ):
            member.member = True
            ordered.append(member)
    return ordered


def chapter_title(treaty: Treaty) -> str:
    return UN_CHAPTERS.get(chapter_of(treaty.un_reference), "")
