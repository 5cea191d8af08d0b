"""The event admin: entry through the services, errors as form errors, computed dates shown."""

from __future__ import annotations

import datetime as dt

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services
from events.models import Event
from tests.factories import UN_CCM, EventFactory, StateFactory

ADD_URL = reverse("admin:events_event_add")
LIST_URL = reverse("admin:events_event_changelist")


def event_form(treaty, state, **overrides) -> dict:
    data = {
        "treaty": treaty.pk,
        "state": state.pk,
        "kind": "withdrawal",
        "date": "2024-09-06",
        "source_url": UN_CCM,
        "notification_ref": "C.N.347.2024.TREATIES-XXVI-6",
        "note": "",
        "specified_effective_date": "",
        "published_effective_date": "",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def record_ratification(treaty, state, on=dt.date(2011, 3, 24)) -> Event:
    return services.event_record(
        treaty=treaty, state=state, kind="ratification", date=on, source_url=UN_CCM
    )


@pytest.mark.django_db(transaction=True)
def test_an_editor_records_lithuanias_withdrawal_and_sees_the_computed_date(
    editor_client, ccm, lithuania
):
    record_ratification(ccm, lithuania)

    response = editor_client.post(ADD_URL, event_form(ccm, lithuania), follow=True)

    withdrawal = Event.objects.get(kind="withdrawal")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:events_event_change", args=[withdrawal.pk]
    )
    assert withdrawal.effective_date == dt.date(2025, 3, 6)
    page = response.content.decode()
    assert "6 Mar 2025" in page
    assert "six months after receipt" in page
    assert "Being computed" not in page


def test_a_withdrawal_by_a_state_that_never_joined_is_a_form_error_and_nothing_is_saved(
    editor_client, ccm, narnia
):
    changed_at = ccm.data_changed_at

    response = editor_client.post(ADD_URL, event_form(ccm, narnia))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors, "the form should carry the service's refusal"
    assert any(
        m.startswith("Narnia (XNA) cannot withdraw on 6 Sep 2024") and "no instrument" in m
        for m in errors["kind"]
    )
    assert not Event.objects.exists()
    ccm.refresh_from_db()
    assert ccm.data_changed_at == changed_at


def test_a_duplicate_event_is_reported_once_and_not_saved(editor_client, ccm, lithuania):
    record_ratification(ccm, lithuania)

    response = editor_client.post(
        ADD_URL, event_form(ccm, lithuania, kind="ratification", date="2011-03-24")
    )

    form = response.context["adminform"].form
    messages = [m for field_errors in form.errors.values() for m in field_errors]
    assert any("already has an event of this kind" in m for m in messages)
    assert len(messages) == len(set(messages))
    assert Event.objects.count() == 1


def test_a_specified_date_on_a_ratification_is_refused_with_the_models_message(
    editor_client, ccm, lithuania
):
    response = editor_client.post(
        ADD_URL,
        event_form(
            ccm, lithuania, kind="ratification", date="2011-03-24",
            specified_effective_date="2011-04-01",
        ),
    )  # fmt: skip

    assert "Only a withdrawal or a succession can specify" in response.content.decode()
    assert not Event.objects.exists()


def test_an_event_just_saved_shows_that_it_is_being_computed(superuser_client, ccm, lithuania):
    # A plain db test: the on-commit recomputation never runs, as when the worker is busy.
    event = record_ratification(ccm, lithuania)

    page = superuser_client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert "Being computed" in page.content.decode()


def test_changing_an_event_keeps_the_previous_value_in_its_history(
    editor_client, editor, ccm, lithuania
):
    event = record_ratification(ccm, lithuania, on=dt.date(2011, 3, 25))
    url = reverse("admin:events_event_change", args=[event.pk])

    response = editor_client.post(
        url, event_form(ccm, lithuania, kind="ratification", date="2011-03-24")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.date == dt.date(2011, 3, 24)
    newest, previous = event.history.order_by("-history_id")[:2]
    assert previous.date == dt.date(2011, 3, 25)
    assert newest.date == dt.date(2011, 3, 24)
    assert newest.history_user == editor
    history = editor_client.get(reverse("admin:events_event_history", args=[event.pk]))
    assert history.status_code == 200
    page = history.content.decode()
    assert "alice-editor" in page
    assert "25 Mar 2011" in page and "24 Mar 2011" in page  # "date: 25 Mar → 24 Mar"


def test_reverting_an_event_from_its_history_goes_through_the_service(
    editor_client, ccm, lithuania
):
    event = record_ratification(ccm, lithuania, on=dt.date(2011, 3, 25))
    services.event_update(event=event, date=dt.date(2011, 3, 24))
    first = event.history.earliest("history_id")
    url = reverse("admin:events_event_simple_history", args=[event.pk, first.history_id])

    response = editor_client.post(url, event_form(ccm, lithuania, kind="ratification",
                                                  date="2011-03-25"))  # fmt: skip

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.date == dt.date(2011, 3, 25)
    assert event.history.count() == 3
    ccm.refresh_from_db()
    assert ccm.is_stale  # marked changed by the service, so it will be recomputed


def test_deleting_a_ratification_a_withdrawal_depends_on_is_refused(
    superuser_client, ccm, lithuania
):
    ratification = record_ratification(ccm, lithuania)
    services.event_record(
        treaty=ccm, state=lithuania, kind="withdrawal", date=dt.date(2024, 9, 6),
        source_url=UN_CCM,
    )  # fmt: skip

    response = superuser_client.post(
        reverse("admin:events_event_delete", args=[ratification.pk]), {"post": "yes"}, follow=True
    )

    assert Event.objects.filter(pk=ratification.pk).exists()
    assert "Refused, not deleted" in response.content.decode()


def test_deleting_an_event_goes_through_the_service(superuser_client, ccm, lithuania):
    ratification = record_ratification(ccm, lithuania)

    superuser_client.post(
        reverse("admin:events_event_delete", args=[ratification.pk]), {"post": "yes"}
    )

    assert not Event.objects.exists()
    assert ratification.history.filter(history_type="-").exists()


# Each event gets its own state, as in a real treaty's list.
factory_state = factory.SubFactory(StateFactory)


def _list_queries(client, treaty) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST_URL, {"treaty__id__exact": treaty.pk})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_event_list_of_a_large_treaty_takes_as_many_queries_as_a_small_one(
    superuser_client, ccm
):
    EventFactory.create_batch(10, treaty=ccm, state=factory_state)
    small = _list_queries(superuser_client, ccm)
    EventFactory.create_batch(190, treaty=ccm, state=factory_state)

    large = _list_queries(superuser_client, ccm)

    assert Event.objects.filter(treaty=ccm).count() == 200
    assert large == small
    assert small <= 12


def test_the_computation_filter_finds_events_waiting_for_the_engine(
    superuser_client, ccm, lithuania, narnia
):
    pending = record_ratification(ccm, lithuania)
    services.treaty_recompute(treaty_id=ccm.pk)
    computed_id = pending.pk
    waiting = record_ratification(ccm, narnia, on=dt.date(2012, 1, 5))

    response = superuser_client.get(LIST_URL, {"computation": "pending"})

    shown = {e.pk for e in response.context["cl"].result_list}
    assert shown == {waiting.pk}
    response = superuser_client.get(LIST_URL, {"computation": "computed"})
    assert {e.pk for e in response.context["cl"].result_list} == {computed_id}


@pytest.mark.parametrize("term", ["Lithuania", "lithu", "LTU", "LT", "Republic of Lithuania"])
def test_the_state_autocomplete_finds_a_state_by_any_name_or_code(
    editor_client, lithuania, narnia, term
):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "state", "term": term},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Lithuania"]


def test_the_state_search_ignores_accents(editor_client, db):
    turkey = StateFactory.create(code="TUR", short_name="Türkiye")
    from states.models import StateAlias

    StateAlias.objects.create(state=turkey, name="Türkiye")

    response = editor_client.get(reverse("admin:states_state_changelist"), {"q": "Turkiye"})

    assert [s.code for s in response.context["cl"].result_list] == ["TUR"]


def test_the_event_search_finds_events_by_state_alias(superuser_client, ccm, lithuania):
    record_ratification(ccm, lithuania)

    response = superuser_client.get(LIST_URL, {"q": "Republic of Lithuania"})

    assert [e.state.code for e in response.context["cl"].result_list] == ["LTU"]
