"""Test (and benchmark) data: a catalogue treaty with synthetic participants.

Events are written as rows and the treaty is recomputed by the real service, so the derived
dates come from the rule engine, not from the test.
"""

from __future__ import annotations

import itertools
import string
from datetime import date, timedelta

from events.models import Event, EventKind
from events.services import treaty_recompute
from states.models import State
from treaties.models import Treaty
from treaties.rules.catalogue import CATALOGUE

SOURCE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=test"


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def synthetic_states(n: int) -> list[State]:
    """``n`` states with codes QAA, QAB, ... (created once, reused across treaties)."""
    codes = ["Q" + "".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2)][:n]
    State.objects.bulk_create(
        [State(code=code, short_name=f"Testland {code}") for code in codes],
        ignore_conflicts=True,
    )
    by_code = State.objects.in_bulk(codes, field_name="code")
    return [by_code[code] for code in codes]


def catalogue_treaty(slug: str) -> Treaty:
    """The treaty ``slug`` of the catalogue, with its real rules and no events."""
    meta = CATALOGUE[slug]
    return Treaty.objects.create(
        slug=meta["slug"],
        short_name=meta["short_name"],
        title=meta["title"],
        un_reference=meta.get("un_reference"),
        adopted_on=_as_date(meta.get("adopted_on")),
        adopted_at=meta.get("adopted_at") or "",
        depositary=meta.get("depositary") or "",
        source_url=meta.get("source_url") or "",
        rules=meta["rules"],
        status_as_at=date(2026, 2, 3),
    )


def treaty_with_participants(
    slug: str, n: int, *, withdrawals: int = 0, recompute: bool = True
) -> Treaty:
    """A catalogue treaty signed and ratified by ``n`` synthetic states.

    State ``i`` signs ``i`` days after the first signature date and ratifies 200 + 3i days
    after that; the first ``withdrawals`` states notify a withdrawal on 6 September 2024.
    """
    treaty = catalogue_treaty(slug)
    assert treaty.adopted_on is not None
    opened = treaty.adopted_on + timedelta(days=30)
    events: list[Event] = []
    for i, state in enumerate(synthetic_states(n)):
        signed = opened + timedelta(days=i)
        events.append(
            Event(treaty=treaty, state=state, kind=EventKind.SIGNATURE, date=signed,
                  source_url=SOURCE)
        )  # fmt: skip
        events.append(
            Event(treaty=treaty, state=state, kind=EventKind.RATIFICATION,
                  date=signed + timedelta(days=200 + 3 * i), source_url=SOURCE)
        )  # fmt: skip
        if i < withdrawals:
            events.append(
                Event(treaty=treaty, state=state, kind=EventKind.WITHDRAWAL,
                      date=date(2024, 9, 6), source_url=SOURCE, notification_ref="C.N.1.2024")
            )  # fmt: skip
    Event.objects.bulk_create(events)
    if recompute:
        treaty_recompute(treaty_id=treaty.pk)
    treaty.refresh_from_db()
    return treaty
