"""factory_boy factories for the domain models (facts only; derived fields come from services)."""

from __future__ import annotations

import datetime as dt

import factory

from events.models import Event, EventKind
from states.models import State
from treaties.models import Treaty


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: "X" + "".join(chr(65 + (n // 26**i) % 26) for i in range(3)))
    short_name = factory.Sequence(lambda n: f"State {n}")
    kind = State.Kind.STATE


class TreatyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treaty
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"treaty-{n}")
    short_name = factory.Sequence(lambda n: f"Treaty {n}")
    title = factory.LazyAttribute(lambda o: f"Convention {o.short_name}")
    adopted_on = dt.date(2000, 1, 1)
    rules = factory.LazyFunction(dict)


class EventFactory(factory.django.DjangoModelFactory):
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
