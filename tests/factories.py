"""Test (and benchmark) data, in one place.

* factory_boy factories for the domain models (facts only; derived fields come from services);
* catalogue treaties with their real rules, and states (real ISO ones and synthetic ones);
* treaties with their events, built the way editors and importers build them, recomputed by
  the real service, so that every derived date comes from the rule engine, never the test;
* users with the editor and reviewer roles.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import string
from datetime import date, timedelta
from typing import Any

import factory
import pycountry
from django.contrib.auth.models import Group, User
from django.db import transaction

from events.models import Event, EventKind
from events.services import event_record, treaty_recompute
from rules.catalogue import CATALOGUE
from states.models import State, StateAlias
from treaties.models import Treaty

SOURCE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=test"
UN = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={ref}&chapter=26"
UN_CCM = UN.format(ref="XXVI-6")
PASSWORD = "a-long-test-password-1"


class StateFactory(factory.django.DjangoModelFactory[State]):
    class Meta:
        model = State
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: "X" + "".join(chr(65 + (n // 26**i) % 26) for i in range(3)))
    short_name = factory.Sequence(lambda n: f"State {n}")
    kind = State.Kind.STATE


class TreatyFactory(factory.django.DjangoModelFactory[Treaty]):
    class Meta:
        model = Treaty
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"treaty-{n}")
    short_name = factory.Sequence(lambda n: f"Treaty {n}")
    title = factory.LazyAttribute(lambda o: f"Convention {o.short_name}")
    adopted_on = dt.date(2000, 1, 1)
    rules = factory.LazyFunction(dict)


class EventFactory(factory.django.DjangoModelFactory[Event]):
    """Writes an Event row directly — for tests of the database itself. Everything else
    records events through ``events.services.event_record``."""

    class Meta:
        model = Event

    treaty = factory.SubFactory(TreatyFactory)
    state = factory.SubFactory(StateFactory)
    kind = EventKind.RATIFICATION
    date = dt.date(2011, 3, 24)
    source_url = (
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26"
    )


# --- Treaties from the catalogue ---------------------------------------------------------------


def treaty_from_catalogue(slug: str, **overrides: Any) -> Treaty:
    """The treaty with its identity and rules exactly as the shared catalogue gives them
    (``overrides`` for the fields a test needs otherwise)."""
    entry = CATALOGUE[slug]
    defaults = {
        "short_name": entry["short_name"],
        "title": entry["title"],
        "un_reference": entry["un_reference"],
        "adopted_on": date.fromisoformat(entry["adopted_on"]) if entry["adopted_on"] else None,
        "adopted_at": entry["adopted_at"] or "",
        "depositary": entry["depositary"] or "",
        "source_url": entry["source_url"] or "",
        "rules": entry["rules"],
        "rules_source": "catalogue",
        **overrides,
    }
    treaty, _ = Treaty.objects.get_or_create(slug=slug, defaults=defaults)
    return treaty


def rules_with_recorded_entry_into_force(slug: str, day: str) -> dict:
    """The catalogue's rules with the treaty's entry into force recorded as a fact, so that a
    test needs only the events it is about."""
    rules = copy.deepcopy(CATALOGUE[slug]["rules"])
    rules["entry_into_force"]["recorded_date"] = day
    return rules


# --- States -----------------------------------------------------------------------------------

# Early ratifiers: real ISO countries, none of them Lithuania or Türkiye.
_FILLER = [
    c
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)
    if c.alpha_3 not in {"LTU", "TUR"}
]


def state(code: str, name: str, numeric: str, alpha2: str = "", **extra: Any) -> State:
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


def synthetic_states(n: int) -> list[State]:
    """``n`` states with codes QAA, QAB, ... (created once, reused across treaties)."""
    codes = ["Q" + "".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2)][:n]
    State.objects.bulk_create(
        [State(code=code, short_name=f"Testland {code}") for code in codes],
        ignore_conflicts=True,
    )
    by_code = State.objects.in_bulk(codes, field_name="code")
    return [by_code[code] for code in codes]


# --- Treaties with their events -----------------------------------------------------------------


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
    """The CCM in force (``others`` early ratifications) with Lithuania's real history,
    recorded through the services."""
    with transaction.atomic():
        ccm = treaty_from_catalogue("ccm")
        _ratify_all(ccm, filler_states(others), date(2008, 12, 3))
        ltu = lithuania()
        event_record(
            treaty=ccm, state=ltu, kind="signature", date=date(2008, 12, 3), source_url=UN_CCM
        )
        event_record(
            treaty=ccm, state=ltu, kind="ratification", date=date(2011, 3, 24), source_url=UN_CCM
        )
        event_record(
            treaty=ccm,
            state=ltu,
            kind="withdrawal",
            date=date(2024, 9, 6),
            source_url=UN_CCM,
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


def treaty_with_participants(
    slug: str, n: int, *, withdrawals: int = 0, recompute: bool = True
) -> Treaty:
    """A catalogue treaty signed and ratified by ``n`` synthetic states, written in bulk as an
    importer would (fast enough for benchmarks of thousands of states).

    State ``i`` signs ``i`` days after the first signature date and ratifies 200 + 3i days
    after that; the first ``withdrawals`` states notify a withdrawal on 6 September 2024.
    """
    treaty = treaty_from_catalogue(slug, status_as_at=date(2026, 2, 3))
    assert treaty.adopted_on is not None
    opened = treaty.adopted_on + timedelta(days=30)
    events: list[Event] = []
    for i, member in enumerate(synthetic_states(n)):
        signed = opened + timedelta(days=i)
        events.append(
            Event(treaty=treaty, state=member, kind=EventKind.SIGNATURE, date=signed,
                  source_url=SOURCE)
        )  # fmt: skip
        events.append(
            Event(treaty=treaty, state=member, kind=EventKind.RATIFICATION,
                  date=signed + timedelta(days=200 + 3 * i), source_url=SOURCE)
        )  # fmt: skip
        if i < withdrawals:
            events.append(
                Event(treaty=treaty, state=member, kind=EventKind.WITHDRAWAL,
                      date=date(2024, 9, 6), source_url=SOURCE, notification_ref="C.N.1.2024")
            )  # fmt: skip
    Event.objects.bulk_create(events)
    if recompute:
        treaty_recompute(treaty_id=treaty.pk)
    treaty.refresh_from_db()
    return treaty


# --- People -----------------------------------------------------------------------------------


def make_user(username: str, group: str | None = None, **extra: Any) -> User:
    """A staff user in ``group``; the groups are recreated if a transactional test flushed
    the ones the data migration made."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, **extra)
    if group:
        if not Group.objects.filter(name=group).exists():
            from django.apps import apps

            from editor.management.commands.setup_roles import sync_roles

            sync_roles(apps)
        user.groups.add(Group.objects.get(name=group))
    return user


def build_paris_with_the_united_states() -> Treaty:
    """The Paris Agreement with the United States' real history: accepted 2016, withdrew
    2020, accepted again 2021, notified a second withdrawal in 2025 (recorded as facts)."""
    source = UN.format(ref="XXVII-7-d")
    with transaction.atomic():
        paris = treaty_from_catalogue("paris-agreement")
        usa = state("USA", "United States of America", "840", "US")
        for kind, day, note in (
            ("signature", date(2016, 4, 22), ""),
            ("acceptance", date(2016, 9, 3), "First acceptance."),
            ("withdrawal", date(2019, 11, 4), ""),
            ("acceptance", date(2021, 1, 20), "Re-acceptance after the first withdrawal."),
            ("withdrawal", date(2025, 1, 27), ""),
        ):
            event_record(treaty=paris, state=usa, kind=kind, date=day, source_url=source, note=note)
    treaty_recompute(treaty_id=paris.pk)
    paris.refresh_from_db()
    return paris
