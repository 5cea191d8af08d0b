"""The treaty a parsed file describes: created or updated with the depositary's facts.

A treaty the catalogue knows by its UN reference gets the catalogue's slug, short name and
rules at creation (and its rules later, if it has none yet). Rules an editor entered, or
inferred rules an editor rejected, are never replaced by an import.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from events.services.treaties import treaty_create, treaty_update
from rules import CATALOGUE
from rules.basis import SOURCE_CATALOGUE
from treaties.models import RulesReview, Treaty

from ..base import ImportReport
from ..untc_csv import un_status_url
from .document import ParsedTreaty

__all__ = ["DEPOSITARY", "catalogue_entry", "link_parents", "parent_of", "treaty_for"]

#: Every MTDSG file is, by its title, a treaty deposited with the Secretary-General.
DEPOSITARY = "Secretary-General of the United Nations"


def catalogue_entry(un_reference: str) -> dict[str, Any] | None:
    """The catalogue's entry for a UN reference, if the catalogue has one."""
    return next((e for e in CATALOGUE.values() if e.get("un_reference") == un_reference), None)


def _values(parsed: ParsedTreaty, as_of: date | None) -> dict[str, Any]:
    recorded = parsed.recorded
    values: dict[str, Any] = {
        "title": parsed.title[:500],
        "adopted_at": parsed.adopted_at[:200],
        "adopted_on": parsed.adopted_on,
        "entry_into_force_text": parsed.entry_into_force_text,
        "source_url": un_status_url(parsed.un_reference),
        "recorded_entry_into_force": recorded.date,
        "recorded_entry_into_force_article": recorded.article[:300],
        "recorded_entry_into_force_provisional": recorded.provisional,
        "recorded_not_in_force_on": _not_in_force_on(parsed, as_of),
        "depositary_signatories": parsed.header_signatories,
        "depositary_parties": parsed.header_parties,
        # Dates readable or not: the count is of the list's instruments.
        "league_instruments": len(parsed.league_deposits) + parsed.league_unreadable,
        "league_list": [
            {"who": d.who, "kind": d.kind, "date": d.date.isoformat()}
            for d in parsed.league_deposits
        ],
    }
    values.update(_record(parsed, as_of))
    return values


def _record(parsed: ParsedTreaty, as_of: date | None) -> dict[str, Any]:
    """The record's date and where it comes from, when it was read, and whether it has a
    participants table. The file states no status date: the import's ``--as-of``, else the
    latest act the file records (the file is at least that recent), said as such."""
    latest = _latest_act(parsed)
    day, basis = (as_of, "as_of") if as_of else (latest, "latest_act" if latest else "")
    return {
        "status_as_at": day,
        "record_basis": basis,
        "record_read_at": timezone.now(),
        "has_participant_data": parsed.has_participants_table,
    }


def _latest_act(parsed: ParsedTreaty) -> date | None:
    acts = [e["date"] for _, _, acts in parsed.participants for e in acts]
    acts += [w[1] for w in parsed.withdrawals]
    return max(acts, default=None)


def _not_in_force_on(parsed: ParsedTreaty, as_of: date | None) -> date | None:
    """The day the file's "Not yet in force" holds for: the status date of the import, else the
    latest act the file records (the file is at least that recent); None if it says nothing."""
    if not parsed.not_yet_in_force or parsed.recorded.date is not None:
        return None
    latest = max((e["date"] for _, _, acts in parsed.participants for e in acts), default=None)
    return as_of or latest


def treaty_for(parsed: ParsedTreaty, as_of: date | None, report: ImportReport) -> Treaty:
    """The treaty of ``parsed``, created or brought up to date; marked changed if it was."""
    values = _values(parsed, as_of)
    known = catalogue_entry(parsed.un_reference)
    treaty = Treaty.objects.filter(un_reference=parsed.un_reference).first()
    if treaty is None:
        treaty = Treaty(
            slug=known["slug"] if known else f"untc-{parsed.un_reference.lower()}",
            un_reference=parsed.un_reference,
            short_name=(known or {}).get("short_name") or parsed.short_name,
            depositary=DEPOSITARY,
            rules=known["rules"] if known else {},
            rules_source=SOURCE_CATALOGUE if known else "",
            **values,
        )
        treaty_create(treaty=treaty)
        report.treaties_created.append(treaty.slug)
        return treaty
    if treaty.short_name == treaty.un_reference:
        # Imported before titles were read: the reference stood in for a name.
        values["short_name"] = (known or {}).get("short_name") or parsed.short_name
    if not treaty.depositary:
        values["depositary"] = DEPOSITARY
    if known and not treaty.rules and treaty.rules_review != RulesReview.REJECTED:
        values.update(rules=known["rules"], rules_source=SOURCE_CATALOGUE)
    # Read again is no change of the record: only the other facts are reported. The time of
    # reading alone is written after the import commits, in a statement of its own, so that a
    # re-import that changes nothing holds no treaty's lock while it runs (issue 27).
    read_at = values.pop("record_read_at")
    changed = treaty_update(treaty=treaty, values=values)
    if changed:
        Treaty.objects.filter(pk=treaty.pk).update(record_read_at=read_at)
    else:
        pk = treaty.pk
        transaction.on_commit(lambda: Treaty.objects.filter(pk=pk).update(record_read_at=read_at))
    treaty.record_read_at = read_at
    if changed:
        report.treaties_updated.append(treaty.slug)
        report.changes.append(f"{treaty.slug}: {', '.join(changed)} changed")
    return treaty


def link_parents(treaties: list[Treaty]) -> None:
    """Link each protocol or amendment to the treaty it belongs to (``parent_of``), among the
    treaties with a UN reference, read once."""
    known = list(
        Treaty.objects.exclude(un_reference=None).only(
            "un_reference", "title", "parent_id", "recorded_entry_into_force"
        )
    )
    by_pk = {t.pk: t for t in known}
    for treaty in treaties:
        parent = parent_of(treaty, known)
        if parent is not None and treaty.parent_id != parent.pk:
            Treaty.objects.filter(pk=treaty.pk).update(parent=parent)
            treaty.parent = parent
            if treaty.pk in by_pk:  # what the next treaties' checks see
                by_pk[treaty.pk].parent_id = parent.pk


def parent_of(treaty: Treaty, candidates: list[Treaty]) -> Treaty | None:
    """The treaty among ``candidates`` that ``treaty`` is a protocol or an amendment to, if its
    reference or title says.

    Within its chapter and number ("XXVII-2-f" beside "XXVII-2-a"): the treaty with the longest
    title its own contains ("Amendment to the Montreal Protocol ..."), else the one without a
    sub-number (the convention). Elsewhere in its chapter: only a treaty its title names after
    "to" ("Optional Protocol to the Vienna Convention on Diplomatic Relations" is III-4; the
    Convention is III-3). A treaty with the same title (the Montreal Protocol's amendments are
    all called "Amendment to the Montreal Protocol ...") is a sibling, not a parent, and a
    treaty whose parent is ``treaty`` is never its parent.
    """
    reference = treaty.un_reference or ""
    chapter = reference.split("-")[0]
    if not chapter or not treaty.title:
        return None
    others = [(t.un_reference or "", t) for t in candidates if t.pk != treaty.pk]
    base, _, sub = reference.rpartition("-")
    if base and sub.isalpha():  # "XXVII-2-a": a protocol; "III-2-12a": an annex
        family = [t for ref, t in others if ref == base or ref.startswith(base + "-")]
        named = _named_in(treaty, family, after_to_only=False)
        if named is not None:
            return named
        convention = next((t for t in family if t.un_reference == base), None)
        if convention is not None and convention.parent_id != treaty.pk:
            return convention
    same_chapter = [t for ref, t in others if ref.startswith(f"{chapter}-")]
    return _named_in(treaty, same_chapter, after_to_only=True)


def _named_in(treaty: Treaty, candidates: list[Treaty], *, after_to_only: bool) -> Treaty | None:
    """The candidate with the longest title that ``treaty``'s title contains, whatever the case
    ("Convention on special missions"; ``after_to_only``: only where it follows "to")."""
    best = (0, 0)
    chosen = None
    own = treaty.title.casefold()
    for candidate in candidates:
        title = candidate.title.casefold()
        if not title or title == own or candidate.parent_id == treaty.pk:
            continue
        at = own.find(title)
        if at < 0:
            continue
        if after_to_only and not own[:at].rstrip().endswith((" to the", " to")):
            continue
        key = (len(title), -len(candidate.un_reference or ""))  # same title: the convention
        if key > best:
            best, chosen = key, candidate
    return chosen
