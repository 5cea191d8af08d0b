"""Admin fixtures: the CCM with its catalogue rules, Lithuania, and the three kinds of user.

The CCM's entry into force (1 Aug 2010) is recorded in its rules rather than reached by 30
recorded ratifications, so a test needs only the events it is about.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from states.models import State, StateAlias
from tests.factories import (
    PASSWORD,
    UN_CCM,
    make_user,
    rules_with_recorded_entry_into_force,
    treaty_from_catalogue,
)
from treaties.models import Treaty

__all__ = ["PASSWORD", "UN_CCM"]


def ccm_rules() -> dict:
    """The catalogue's CCM rules with the treaty's entry into force recorded as a fact."""
    return rules_with_recorded_entry_into_force("ccm", "2010-08-01")


@pytest.fixture
def ccm(db) -> Treaty:
    return treaty_from_catalogue("ccm", rules=ccm_rules())


@pytest.fixture
def lithuania(db) -> State:
    state = State.objects.create(code="LTU", alpha2="LT", short_name="Lithuania")
    StateAlias.objects.create(state=state, name="Republic of Lithuania")
    return state


@pytest.fixture
def narnia(db) -> State:
    """A state that never joined anything."""
    return State.objects.create(code="XNA", short_name="Narnia")


@pytest.fixture
def editor(db) -> User:
    return make_user("alice-editor", "editor")


@pytest.fixture
def reviewer(db) -> User:
    return make_user("bob-reviewer", "reviewer")


@pytest.fixture
def superuser(db) -> User:
    return make_user("carol-admin", is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client
