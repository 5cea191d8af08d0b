"""The treaty admin: rules as fields, validated by the engine, previewed, and guarded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import Client
from django.urls import reverse

from editor.forms.rules import (
    RULE_PATH_FIELDS,
    RULES_FIELD_NAMES,
    TreatyRulesForm,
    rules_errors,
    rules_from_cleaned,
    rules_to_initial,
)
from rules import CATALOGUE, RuleProblem, Rules
from tests.factories import treaty_from_catalogue
from treaties.models import Treaty

FACTS = ("slug", "short_name", "title", "adopted_on", "adopted_at", "depositary",
         "un_reference", "source_url", "entry_into_force_text", "recorded_entry_into_force",
         "recorded_entry_into_force_article", "recorded_entry_into_force_provisional",
         "status_as_at")  # fmt: skip


def _as_post(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def treaty_post(treaty: Treaty, *, with_rules: bool, **overrides) -> dict:
    """The change form as a browser would submit it, unchanged unless overridden."""
    data = {name: _as_post(getattr(treaty, name)) for name in FACTS}
    if with_rules:
        for name, value in rules_to_initial(treaty.rules).items():
            data[name] = _as_post(value)
    data.update({"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0", "_save": "Save"})
    data.update(overrides)
    # Unchecked boxes are absent from a real submission.
    return {k: v for k, v in data.items() if v != ""}


def change_url(treaty: Treaty) -> str:
    return reverse("admin:treaties_treaty_change", args=[treaty.pk])


@pytest.mark.parametrize("slug", sorted(CATALOGUE))
def test_the_rules_fields_round_trip_every_catalogue_treaty(slug, db):
    rules = CATALOGUE[slug]["rules"]
    data = {"slug": slug, "short_name": "T", "title": "T"}
    data.update({k: v for k, v in rules_to_initial(rules).items() if v not in (None, "")})

    form = TreatyRulesForm(data=data, instance=Treaty(rules=rules))

    assert form.is_valid(), form.errors
    assert form.rules_document == Rules.from_dict(rules).to_dict()
    # The fields describe the whole document but the keys the form does not show (the CTBT's
    # Annex 2), which the form keeps from the stored rules.
    shown = Rules.from_dict(rules).to_dict()
    shown["entry_into_force"].pop("required_states", None)
    assert rules_from_cleaned(form.cleaned_data) == shown


def test_saving_the_rules_form_keeps_the_states_the_entry_into_force_waits_for(
    superuser_client, django_capture_on_commit_callbacks
):
    ctbt = treaty_from_catalogue("ctbt")
    annex_2 = ctbt.rules["entry_into_force"]["required_states"]
    assert len(annex_2["codes"]) == 44
    data = treaty_post(ctbt, with_rules=True, wd_step1_amount=7)

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(change_url(ctbt), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    ctbt.refresh_from_db()
    assert ctbt.rules["withdrawal"]["period"][0]["add"] == {"months": 7}  # the edit: saved
    assert ctbt.rules["entry_into_force"]["required_states"] == annex_2  # the rest: kept


def test_an_editor_sees_no_rules_fields_and_cannot_change_the_rules(editor_client, ccm):
    before = dict(ccm.rules)
    data = treaty_post(ccm, with_rules=True, depositary="Someone else", wd_step1_amount=12)

    response = editor_client.post(change_url(ccm), data)

    assert response.status_code == 302
    ccm.refresh_from_db()
    assert ccm.depositary == "Someone else"  # key facts: yes
    assert ccm.rules == before  # rules: ignored
    page = editor_client.get(change_url(ccm)).content.decode()
    assert 'name="wd_step1_amount"' not in page
    assert "changing them needs the rules permission" in page


def test_a_superuser_changes_the_withdrawal_period_through_the_service(superuser_client, ccm):
    changed_at = ccm.data_changed_at
    data = treaty_post(ccm, with_rules=True, wd_step1_amount=12)

    response = superuser_client.post(change_url(ccm), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    ccm.refresh_from_db()
    assert ccm.rules["withdrawal"]["period"][0]["add"] == {"months": 12}
    assert ccm.data_changed_at > changed_at  # marked for recomputation by the service
    previous = ccm.history.order_by("-history_id")[1]
    assert previous.rules["withdrawal"]["period"][0]["add"] == {"months": 6}


def test_rules_the_engine_refuses_are_shown_on_their_field_and_not_saved(superuser_client, ccm):
    before = dict(ccm.rules)
    data = treaty_post(ccm, with_rules=True, wd_min_amount=3)  # no unit, no anchor

    response = superuser_client.post(change_url(ccm), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "wd_min_unit" in errors and "wd_min_from" in errors
    ccm.refresh_from_db()
    assert ccm.rules == before


def test_every_rules_path_names_a_field_of_the_form():
    assert set(RULE_PATH_FIELDS.values()) - set(TreatyRulesForm.base_fields) == set()


@pytest.mark.parametrize(
    ("path", "field", "shown"),
    [
        ("entry_into_force.threshold.count", "eif_count", "Must be X"),
        ("entry_into_force.threshold.kinds[1]", "eif_kinds", "[1] must be X"),
        ("entry_into_force.threshold", "eif_threshold", "Must be X"),
        ("entry_into_force.period", "eif_step1_op", "Must be X"),
        ("later_states.period[2].first_day_of_month.months_after", "later_step3_op",
         "First_day_of_month.months_after must be X"),
        ("withdrawal.period[0].add.months", "wd_step1_op", "Add.months must be X"),
        ("withdrawal.period[1]", "wd_step2_op", "Must be X"),
        ("withdrawal.minimum_membership", "wd_min_amount", "Must be X"),
        ("withdrawal.minimum_membership.from", "wd_min_from", "Must be X"),
        # A path no field shows is shown above the form, whole.
        ("rules", NON_FIELD_ERRORS, "rules must be X"),
        ("withdrawal.unknown", NON_FIELD_ERRORS, "withdrawal.unknown must be X"),
    ],
)  # fmt: skip
def test_an_engine_problem_is_shown_on_the_field_of_its_path(path, field, shown):
    placed = rules_errors([RuleProblem(path, "must be X")], set(TreatyRulesForm.base_fields))

    assert placed == {field: [shown]}


def test_a_step_without_its_number_is_refused_on_that_step(db):
    rules = CATALOGUE["ccm"]["rules"]
    data = {"slug": "t", "short_name": "T", "title": "T"}
    data.update({k: v for k, v in rules_to_initial(rules).items() if v not in (None, "")})
    data["wd_step2_op"] = "months"  # no wd_step2_amount

    form = TreatyRulesForm(data=data)

    assert not form.is_valid()
    assert form.errors == {"wd_step2_op": ["Add.months must be a positive integer"]}


def test_a_count_threshold_without_kinds_is_refused(superuser_client, ccm):
    data = treaty_post(ccm, with_rules=True)
    data.pop("eif_kinds")

    response = superuser_client.post(change_url(ccm), data)

    assert "non-empty list of consent kinds" in str(response.context["adminform"].form.errors)


def test_the_preview_says_when_a_deposit_would_take_effect_and_saves_nothing(superuser_client, ccm):
    data = treaty_post(ccm, with_rules=True, preview_on="2011-03-24", wd_step1_amount=12)
    data.pop("_save")
    data["_preview"] = "Preview"

    response = superuser_client.post(change_url(ccm), data)

    page = response.content.decode()
    assert "A deposit on 24 Mar 2011 would take effect on 1 Sep 2011." in page
    assert "would take effect on 24 Mar 2012" in page  # the 12-month withdrawal being tried
    assert "nothing was saved" in page
    ccm.refresh_from_db()
    assert ccm.rules["withdrawal"]["period"][0]["add"] == {"months": 6}


def test_the_treaty_page_lists_its_events_read_only(superuser_client, ccm, lithuania):
    from events import services
    from tests.factories import UN_CCM

    services.event_record(treaty=ccm, state=lithuania, kind="ratification",
                          date=dt.date(2011, 3, 24), source_url=UN_CCM)  # fmt: skip

    page = superuser_client.get(change_url(ccm)).content.decode()

    assert "Lithuania" in page
    assert 'name="events-0-date"' not in page  # shown, not editable
    assert reverse("admin:events_event_add") + f"?treaty={ccm.pk}" in page


def test_every_rules_field_is_placed_in_the_superusers_form(superuser_client, ccm):
    page = superuser_client.get(change_url(ccm)).content.decode()

    missing = [name for name in RULES_FIELD_NAMES if f'name="{name}"' not in page]
    assert missing == []


def _history_url(treaty: Treaty, record) -> str:
    return reverse("admin:treaties_treaty_simple_history", args=[treaty.pk, record.history_id])


def test_reverting_the_rules_from_history_restores_them_through_the_service(superuser_client, ccm):
    superuser_client.post(change_url(ccm), treaty_post(ccm, with_rules=True, wd_step1_amount=12))
    ccm.refresh_from_db()
    first = ccm.history.earliest("history_id")
    changed_at = ccm.data_changed_at
    revert_form = superuser_client.get(_history_url(ccm, first)).context["adminform"].form
    data = treaty_post(first.instance, with_rules=True)
    assert revert_form.initial["wd_step1_amount"] == 6

    response = superuser_client.post(_history_url(ccm, first), data)

    assert response.status_code == 302
    ccm.refresh_from_db()
    assert ccm.rules["withdrawal"]["period"][0]["add"] == {"months": 6}
    assert ccm.data_changed_at > changed_at


def test_an_editor_reverting_a_treaty_brings_back_its_facts_but_not_its_rules(
    superuser, editor_client, ccm
):
    superuser_client = Client()  # editor_client is pytest-django's one ``client``
    superuser_client.force_login(superuser)
    superuser_client.post(
        change_url(ccm),
        treaty_post(ccm, with_rules=True, wd_step1_amount=12, depositary="Changed"),
    )
    first = ccm.history.earliest("history_id")

    data = treaty_post(first.instance, with_rules=False)

    response = editor_client.post(_history_url(ccm, first), data)

    assert response.status_code == 302
    ccm.refresh_from_db()
    assert ccm.depositary == first.depositary
    assert ccm.rules["withdrawal"]["period"][0]["add"] == {"months": 12}


def test_a_treaty_added_in_the_admin_is_computed_at_once(
    editor_client, django_capture_on_commit_callbacks
):
    # An editor adds a treaty without rules: its facts alone are computed, at once.
    data = {
        "slug": "new-one", "short_name": "New", "title": "A new convention",
        "recorded_entry_into_force": "2001-05-01", "recorded_entry_into_force_article":
        "article 9", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0", "_save": "Save",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:treaties_treaty_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    treaty = Treaty.objects.get(slug="new-one")
    assert not treaty.is_stale
    assert (treaty.entry_into_force_date, treaty.entry_into_force_basis) == (
        dt.date(2001, 5, 1),
        "recorded",
    )


def _new_treaty_without_rules(editor_client, django_capture_on_commit_callbacks) -> Treaty:
    data = {
        "slug": "new-one", "short_name": "New", "title": "A new convention",
        "recorded_entry_into_force": "2001-05-01", "recorded_entry_into_force_article":
        "article 9", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0", "_save": "Save",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:treaties_treaty_add"), data)
    return Treaty.objects.get(slug="new-one")


# Each key fact, a new value for it, and what the treaty page then says.
KEY_FACT_CHANGES = [
    ("recorded_entry_into_force", dt.date(2003, 7, 1), "1 Jul 2003"),
    ("recorded_entry_into_force_article", "article 12", "article 12"),
    # Not shown on the page of a treaty without participants; read by the computation.
    ("status_as_at", dt.date(2018, 1, 15), None),
    ("short_name", "Newer", "Newer"),
    ("title", "A newer convention", "A newer convention"),
    ("adopted_on", dt.date(1999, 3, 4), "4 Mar 1999"),
    ("adopted_at", "Geneva", "Geneva"),
    ("depositary", "Secretary-General of the United Nations", "Secretary-General"),
    ("un_reference", "XXVI-99", "XXVI-99"),
    ("source_url", "https://treaties.un.org/new", "https://treaties.un.org/new"),
    ("entry_into_force_text", "In force on its own terms.", None),
    ("recorded_entry_into_force_provisional", True, None),
]


def test_the_list_of_key_fact_changes_covers_every_key_fact():
    assert {name for name, _, _ in KEY_FACT_CHANGES} | {"slug"} == set(FACTS)


@pytest.mark.parametrize(("name", "value", "shown"), KEY_FACT_CHANGES)
def test_a_key_fact_changed_in_the_admin_is_saved_recomputed_and_served(
    name, value, shown, editor_client, django_capture_on_commit_callbacks
):
    from serving.version import data_version

    treaty = _new_treaty_without_rules(editor_client, django_capture_on_commit_callbacks)
    assert (treaty.entry_into_force_date, treaty.is_stale) == (dt.date(2001, 5, 1), False)
    page_url = reverse("web:treaty", args=[treaty.slug])
    before_page = editor_client.get(page_url).content.decode()
    before_version = data_version()
    before_changed_at = treaty.data_changed_at

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            change_url(treaty), treaty_post(treaty, with_rules=False, **{name: _as_post(value)})
        )
    assert response.status_code == 302, response.content.decode()[:3000]

    treaty.refresh_from_db()
    assert getattr(treaty, name) == value
    assert not treaty.is_stale  # recomputed after the commit
    assert data_version() != before_version
    if name.startswith("recorded_") or name == "status_as_at":
        assert treaty.data_changed_at > before_changed_at
    if name == "recorded_entry_into_force":
        # The bug this guards: the derived date followed only on a new treaty.
        assert treaty.entry_into_force_date == dt.date(2003, 7, 1)
    page = editor_client.get(page_url).content.decode()
    if shown is not None:
        assert shown in page and shown not in before_page
