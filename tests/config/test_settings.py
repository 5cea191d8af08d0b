"""The wiring: settings parse the environment strictly; the admin and the health check answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

pytestmark = pytest.mark.django_db


def test_the_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_admin_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("raw,expected", [("true", True), ("0", False), ("YES", True)])
def test_booleans_are_parsed_from_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_a_misspelt_boolean_stops_the_configuration(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_a_non_integer_stops_the_configuration(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "sixty")
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE"):
        env_int("CONN_MAX_AGE", 60)


def test_lists_drop_blank_items(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, ,b.example")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def _settings_show(expression: str, **environ: str | None) -> subprocess.CompletedProcess:
    """Print ``expression`` of the settings imported in a fresh interpreter with ``environ``
    added to the test's own (a value of None removes that variable)."""
    env = {**os.environ, "TESTING": "1"}
    for name, value in environ.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        env=env,
        cwd=Path(__file__).resolve().parent.parent.parent,
        capture_output=True,
        text=True,
    )


CACHE_BACKEND = "s.CACHES['default']['BACKEND']"


def test_a_cache_url_puts_the_cache_on_redis_failing_open():
    cache = "s.CACHES['default']['BACKEND'], s.CACHES['default']['OPTIONS']['IGNORE_EXCEPTIONS']"
    result = _settings_show(cache, CACHE_URL="redis://127.0.0.1:6379/14")
    assert result.stdout.strip() == "django_redis.cache.RedisCache True"


def test_a_cache_url_that_is_not_redis_stops_the_configuration():
    result = _settings_show(CACHE_BACKEND, CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a redis://" in result.stderr


def test_a_query_run_again_and_again_is_prepared_on_postgresql(postgresql):
    from django.db import connection

    from serving.version import data_version

    for _ in range(6):
        data_version()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("MAX(data_changed_at)" in statement for statement in prepared)


def test_prepared_statements_can_be_turned_off_for_a_connection_pooler():
    options = "sorted(s.DATABASES['default'].get('OPTIONS', {}).items())"
    url = "postgres://postgres@127.0.0.1:5432/x"
    on = _settings_show(options, DATABASE_URL=url, DB_PREPARED_STATEMENTS=None)
    off = _settings_show(options, DATABASE_URL=url, DB_PREPARED_STATEMENTS="false")
    assert "('prepare_threshold', 5)" in on.stdout
    assert "('server_side_binding', True)" in on.stdout
    assert "prepare_threshold" not in off.stdout and "server_side_binding" not in off.stdout


def test_a_web_request_waits_5_s_for_a_lock_and_25_s_for_a_statement_at_most():
    options = "s.DATABASES['default']['OPTIONS']['options']"
    url = "postgres://postgres@127.0.0.1:5432/x"
    default = _settings_show(options, DATABASE_URL=url)
    assert default.stdout.strip() == "-c lock_timeout=5000 -c statement_timeout=25000"
    tuned = _settings_show(
        options, DATABASE_URL=url, DB_LOCK_TIMEOUT_MS="800", DB_STATEMENT_TIMEOUT_MS="0"
    )
    assert tuned.stdout.strip() == "-c lock_timeout=800 -c statement_timeout=0"


def test_a_celery_worker_lifts_the_web_requests_database_limits(postgresql):
    from django.db import connections
    from django.db.backends.signals import connection_created

    from config import celery as celery_config

    celery_config._lift_web_limits_in_workers()  # what the worker_init signal runs
    worker_connection = connections.create_connection("default")
    try:
        with worker_connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')"
            )
            assert cursor.fetchone() == ("1min", "0")
    finally:
        worker_connection.close()
        connection_created.disconnect(celery_config._worker_database_settings)
    web_connection = connections.create_connection("default")
    try:
        with web_connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')"
            )
            assert cursor.fetchone() == ("5s", "25s")
    finally:
        web_connection.close()
