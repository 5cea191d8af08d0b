"""The statement admin: entry through the services, refusals as form errors, history kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statements.models import Statement
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:statements_statement_add")


def _form(treaty, state, **extra):
    return {
        "treaty": treaty.pk,
        "state": state.pk,
        "kind": "reservation",
        "text": "Lithuania does not consider itself bound by article 10.",
        "articles": "article 10",
        "source_url": SOURCE,
        "source_section": "manual 1",
        **extra,
    }


def test_an_editor_records_a_reservation_and_its_change_is_in_the_history(
    editor_client, ccm, lithuania
):
    response = editor_client.post(ADD_URL, _form(ccm, lithuania))
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get()
    url = reverse("admin:statements_statement_change", args=[statement.pk])
    response = editor_client.post(url, _form(ccm, lithuania, articles="article 11"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement.refresh_from_db()
    assert statement.articles == "article 11"
    assert statement.history.count() == 2
    history = editor_client.get(reverse("admin:statements_statement_history", args=[statement.pk]))
    assert history.status_code == 200


def test_an_objection_to_oneself_is_a_form_error_and_nothing_is_saved(
    editor_client, ccm, lithuania
):
    response = editor_client.post(
        ADD_URL, _form(ccm, lithuania, kind="objection", objects_to=lithuania.pk)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "A state does not object to itself." in errors["objects_to"]
    assert not Statement.objects.exists()


def test_the_list_shows_statements(superuser_client, ccm, lithuania):
    superuser_client.post(ADD_URL, _form(ccm, lithuania))
    page = superuser_client.get(reverse("admin:statements_statement_changelist"))
    assert page.status_code == 200 and b"Lithuania" in page.content
