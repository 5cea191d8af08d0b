"""Fixtures of the API tests: clients for the three personas and a small CCM."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from tests.factories import treaty_with_participants


@pytest.fixture
def anon() -> APIClient:
    """Anonymous visitor."""
    return APIClient()


@pytest.fixture
def reader(db) -> APIClient:
    """Rita: logged in, no model permissions."""
    client = APIClient()
    client.force_authenticate(User.objects.create_user("rita", password="x" * 12))
    return client


@pytest.fixture
def editor_user(db) -> User:
    """Ed: may add, change and delete events."""
    user = User.objects.create_user("ed", password="x" * 12)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events",
            codename__in=["add_event", "change_event", "delete_event"],
        )
    )
    return user


@pytest.fixture
def editor(editor_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor_user)
    return client


@pytest.fixture
def ccm(db):
    """The CCM with its real rules, 40 synthetic states and one withdrawal (2024-09-06)."""
    return treaty_with_participants("ccm", 40, withdrawals=1)
