"""Treaties with their events, built the way editors build them: through events.services.

Derived data (effective dates, status periods, memberships) comes from the real rule engine via
``treaty_recompute``, never written by hand.
"""

from __future__ import annotations

from datetime import date, timedelta

import pycountry
from django.db import transaction

from events.services import event_record, treaty_recompute
from states.models import State, StateAlias
from treaties.models import Treaty
from treaties.rules.catalogue import CATALOGUE

UN = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={ref}&chapter=26"
# Early ratifiers: real ISO countries, none of them Lithuania or Türkiye.
_FILLER = [
    c
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)
    if c.alpha_3 not in {"LTU", "TUR"}
]


def treaty_from_catalogue(slug: str) -> Treaty:
    """The treaty with its identity and rules exactly as the shared catalogue gives them."""
    entry = CATALOGUE[slug]
    treaty, _ = Treaty.objects.get_or_create(
        slug=slug,
        defaults={
            "short_name": entry["short_name"],
            "title": entry["title"],
            "un_reference": entry["un_reference"],
            "adopted_on": date.fromisoformat(entry["adopted_on"]) if entry["adopted_on"] else None,
            "adopted_at": entry["adopted_at"] or "",
            "depositary": entry["depositary"] or "",
            "source_url": entry["source_url"] or "",
            "rules": entry["rules"],
        },
    )
    return treaty


def state(code: str, name: str, numeric: str, alpha2: str = "", **extra) -> State:
    obj, _ = State.objects.get_or_create(
        code=code,
        defaults={"short_name": name, "numeric": numeric, "alpha2": alpha2, **extra},
    )
    return obj


def lithuania() -> State:
    return state("LTU", "Lithuania", "440", "LT", official_name="Republic of Lithuania")


def turkiye() -> State:
    obj = state("TUR", "Türkiye", "792", "TR", official_name="Republic of Türkiye")
    StateAlias.objects.get_or_create(state=obj, name="Turkey", defaults={"is_former_name": True})
    return obj


def filler_states(count: int) -> list[State]:
    return [state(c.alpha_3, c.name, c.numeric, c.alpha_2) for c in _FILLER[:count]]


def _ratify_all(treaty: Treaty, states: list[State], first: date, kind: str = "ratification"):
    source = UN.format(ref=treaty.un_reference)
    for offset, member in enumerate(states):
        day = first + timedelta(days=offset)
        event_record(treaty=treaty, state=member, kind="signature", date=day, source_url=source)
        event_record(
            treaty=treaty,
            state=member,
            kind=kind,
            date=day + timedelta(days=30),
            source_url=source,
        )


def build_ccm(*, others: int = 30) -> Treaty:
    """The CCM in force (``others`` early ratifications) with Lithuania's real history."""
    with transaction.atomic():
        ccm = treaty_from_catalogue("ccm")
        _ratify_all(ccm, filler_states(others), date(2008, 12, 3))
        ltu = lithuania()
        source = UN.format(ref="XXVI-6")
        event_record(
            treaty=ccm, state=ltu, kind="signature", date=date(2008, 12, 3), source_url=source
        )
        event_record(
            treaty=ccm, state=ltu, kind="ratification", date=date(2011, 3, 24), source_url=source
        )
        event_record(
            treaty=ccm,
            state=ltu,
            kind="withdrawal",
            date=date(2024, 9, 6),
            source_url=source,
            notification_ref="C.N.347.2024.TREATIES-XXVI-6",
            note="Lithuania notified its withdrawal; the depositary gives 6 March 2025.",
            published_effective_date=date(2025, 3, 6),
        )
    treaty_recompute(treaty_id=ccm.pk)
    ccm.refresh_from_db()
    return ccm


def build_apmbc(*, states: int = 45) -> Treaty:
    """The APMBC in force with ``states`` parties (40 are needed for entry into force)."""
    with transaction.atomic():
        apmbc = treaty_from_catalogue("apmbc")
        _ratify_all(apmbc, filler_states(states), date(1997, 12, 3))
    treaty_recompute(treaty_id=apmbc.pk)
    apmbc.refresh_from_db()
    return apmbc
