"""The wiring: settings parse the environment strictly; the admin and the health check answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from config.env import env_bool, env_int, env_list

pytestmark = pytest.mark.django_db


def test_the_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # With a broker and no worker the node is "degraded" (tests/faults/test_no_worker.py).
    assert response.json()["database"] == "ok"
    assert response.json()["status"] in ("ok", "degraded")


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
    env = dict(os.environ)
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


ROOT = Path(__file__).resolve().parent.parent.parent
STRONG_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"


def test_without_a_secret_key_the_settings_refuse_to_start():
    result = _settings_show("s.SECRET_KEY", SECRET_KEY=None, DEBUG=None, DATABASE_URL=None)

    assert result.returncode != 0
    assert "SECRET_KEY is required unless DEBUG is on" in result.stderr


def test_a_short_secret_key_is_refused_outside_debug():
    result = _settings_show("s.SECRET_KEY", SECRET_KEY="change-me", DEBUG=None)

    assert result.returncode != 0
    assert "SECRET_KEY is too short" in result.stderr


def test_with_debug_on_a_developers_machine_gets_a_throwaway_key_and_plain_http():
    result = _settings_show(
        "s.SECRET_KEY, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE",
        SECRET_KEY=None,
        DEBUG="true",
    )

    assert result.stdout.strip() == "insecure-debug-only-key False False"


def test_production_is_the_default_https_everywhere_and_hashed_static_files():
    result = _settings_show(
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.STORAGES['staticfiles']['BACKEND']",
        SECRET_KEY=STRONG_KEY,
        DEBUG=None,
    )

    assert result.stdout.strip() == (
        "True 31536000 True whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_the_proxys_https_header_is_trusted_only_when_there_is_a_proxy():
    none = _settings_show("s.SECURE_PROXY_SSL_HEADER", NUM_PROXIES=None)
    one = _settings_show("s.SECURE_PROXY_SSL_HEADER", NUM_PROXIES="1")

    assert none.stdout.strip() == "None"
    assert one.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


def _env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip().strip('"')
    return values


def test_env_example_can_be_sourced_by_a_shell():
    # bin/serve's documentation and .ci/run read it with `set -a; . ./.env.example`.
    done = subprocess.run(
        ["bash", "-c", "set -a; . ./.env.example"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stderr, done.stderr


def test_the_documented_production_settings_pass_check_deploy_without_a_warning():
    env = {
        "PATH": os.environ["PATH"],
        **_env_example(),
        "SECRET_KEY": STRONG_KEY,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_every_variable_the_settings_read_is_documented_in_env_example():
    import re

    read = set()
    for module in ("config/settings.py", "config/gunicorn.conf.py"):
        read |= set(re.findall(r"env_\w+\(\s*\"([A-Z_]+)\"", (ROOT / module).read_text()))
        read |= set(re.findall(r"environ\.get\(\"([A-Z_]+)\"", (ROOT / module).read_text()))

    assert read - set(_env_example()) == set()


def test_a_response_carries_a_request_id_and_keeps_a_proxys(client, db):
    given = "0f8fad5b-d9cb-469f-a165-70867728950e"

    made = client.get("/healthz")["X-Request-ID"]
    kept = client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nlevel=ERROR")["X-Request-ID"]

    assert len(made) == 32
    assert kept == given
    assert "\n" not in forged and len(forged) == 32  # not a UUID: replaced


def test_log_lines_are_json_with_the_request_id(capsys):
    import json
    import logging
    import logging.config

    from django.conf import settings
    from django_guid import set_guid

    logging.config.dictConfig(settings.LOGGING)
    set_guid("abc123")
    logging.getLogger("treaty.test").warning("hello")

    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["message"] == "hello"
    assert record["request_id"] == "abc123"
    assert record["level"] == "WARNING"


def test_every_page_has_a_content_security_policy_of_its_own_origin(client, db):
    policy = client.get("/")["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_except_the_health_check(client, db):
    assert client.get("/").status_code == 301
    assert client.get("/").headers["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200


@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_behind_the_proxy_a_request_it_received_over_https_is_served(client, db):
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
