"""The admin's lists in words: the depositary's date agreeing or not, the review queue in the
order that matters (most participants first) and filterable, the rules preview worded as the
form ("not recorded")."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from events.selectors.preview import rules_preview
from rules import CATALOGUE
from tests.factories import build_apmbc, build_ccm
from treaties.models import RulesReview, Treaty

pytestmark = pytest.mark.django_db


def test_the_event_list_says_in_words_whether_the_depositary_agrees(superuser_client):
    build_ccm(others=2)
    html = superuser_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Depositary&#x27;s date" in html or "Depositary's date" in html
    # No boolean icon column: Django's red ⊗ read as a fault on every agreeing row.
    assert "icon-no.svg" not in html.split('id="result_list"')[1].split("</table>")[0]


def test_the_review_queue_puts_the_most_participants_first_and_filters(superuser_client):
    build_ccm(others=2)  # 3 participants
    build_apmbc(states=5)
    Treaty.objects.update(rules_review=RulesReview.PENDING)
    url = reverse("admin:treaties_treaty_changelist")
    html = superuser_client.get(url, {"review": "pending"}).content.decode()
    assert html.index(">APMBC<") < html.index(">CCM<")
    disarmament = superuser_client.get(url, {"subject": "un-XXVI"}).content.decode()
    assert ">CCM<" in disarmament
    climate = superuser_client.get(url, {"subject": "topic-Climate"}).content.decode()
    assert ">CCM<" not in climate


def test_the_preview_says_not_recorded_where_the_form_does():
    rules = {**CATALOGUE["ccm"]["rules"]}
    rules["withdrawal"] = {**rules["withdrawal"], "allowed": None}
    lines = [line.sentence for line in rules_preview(rules=rules, treaty=None, on=date(2020, 1, 1))]
    assert any(text.startswith("Withdrawal: not recorded") for text in lines)
    assert not any("allows no withdrawal" in text for text in lines)
