"""Admin fixtures: the CCM with its catalogue rules, Lithuania, and the three kinds of user.

The CCM's entry into force (1 Aug 2010) is recorded in its rules rather than reached by 30
recorded ratifications, so a test needs only the events it is about.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.contrib.auth.models import Group, User

from states.models import State, StateAlias
from treaties.models import Treaty
from treaties.rules import CATALOGUE

UN_CCM = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26"
PASSWORD = "a-long-test-password-1"


def ccm_rules() -> dict:
    """The catalogue's CCM rules with the treaty's entry into force recorded as a fact."""
    rules = copy.deepcopy(CATALOGUE["ccm"]["rules"])
    rules["entry_into_force"]["recorded_date"] = "2010-08-01"
    return rules


@pytest.fixture
def ccm(db) -> Treaty:
    entry = CATALOGUE["ccm"]
    return Treaty.objects.create(
        slug="ccm",
        short_name=entry["short_name"],
        title=entry["title"],
        un_reference=entry["un_reference"],
        adopted_on=dt.date(2008, 5, 30),
        depositary=entry["depositary"],
        source_url=entry["source_url"],
        rules=ccm_rules(),
    )


@pytest.fixture
def lithuania(db) -> State:
    state = State.objects.create(code="LTU", alpha2="LT", short_name="Lithuania")
    StateAlias.objects.create(state=state, name="Republic of Lithuania")
    return state


@pytest.fixture
def narnia(db) -> State:
    """A state that never joined anything."""
    return State.objects.create(code="XNA", short_name="Narnia")


def make_user(username: str, group: str | None = None, **extra) -> User:
    """A staff user in ``group``; the groups are recreated if a transactional test flushed
    the ones the data migration made."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, **extra)
    if group:
        if not Group.objects.filter(name=group).exists():
            from django.apps import apps

            from events.management.commands.setup_roles import sync_roles

            sync_roles(apps)
        user.groups.add(Group.objects.get(name=group))
    return user


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
