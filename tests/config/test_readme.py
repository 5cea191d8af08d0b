"""The README's commands, run as written on a fresh clone, so the README cannot rot.

Every ``sh`` block of README.md is read and its commands run in order, in a ``git clone`` of
this repository placed beside the shared data (``../shared/data`` as the README says), with no
environment variable of the full stack set: the bare machine the README describes. What the
test changes, and why (nothing else):

- ``make install`` is not run from the network: the clone's ``.venv`` is a virtualenv that sees
  the packages of the interpreter running the tests (CI installs them with ``make install``
  itself, its first step); ``README_TEST_INSTALL=1`` makes the test run the real install.
- ``make run`` serves until stopped: it is started, must answer ``/`` with the demo, and is
  stopped at the end; ``PORT`` points it to a free port (the curl commands follow it).
- ``make test`` runs the suite this test is part of; it is run with ``--collect-only`` (the
  target, its install and every test module importing on the clone), not the suite again.
- ``make superuser`` asks for a name and a password: they come from
  ``DJANGO_SUPERUSER_USERNAME``/``DJANGO_SUPERUSER_PASSWORD`` (the name the README's curl
  example uses, "alice"), and the password replaces the "…" the README leaves to the reader;
  ``$TOKEN`` is the token the first curl printed.

Commands that need the internet are in ``console`` blocks, not ``sh`` ones, and are not run
here (no test reaches the internet): the sync from the UN's own site (``make sync``; the same
command against a local copy, ``make sync-mirror``, is run) and the registration of a webhook,
which must be on a public address (tested against local receivers in ``tests/alerts``).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED_DATA

pytestmark = pytest.mark.slow

PASSWORD = "readme-test-Pa55word"
#: Variables of the full stack a bare machine does not have.
STACK_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "SQLITE_PATH",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "PYTEST_ARGS",
    "CI",
)


def readme_commands(text: str) -> list[str]:
    """The commands of the README's ``sh`` blocks in order; a command continues over lines
    ending in a backslash or inside an open quotation."""
    commands: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M):
        pending = ""
        for line in block.splitlines():
            pending = f"{pending}\n{line}" if pending else line
            if pending.rstrip().endswith("\\"):
                continue
            try:
                words = shlex.split(pending, comments=True)
            except ValueError:  # an open quotation: the command goes on
                continue
            if words:  # not a comment line
                commands.append(pending.strip())
            pending = ""
        assert not pending, f"unfinished command in the README: {pending!r}"
    return commands


def test_the_commands_are_read_from_the_readme() -> None:
    commands = readme_commands((ROOT / "README.md").read_text())
    first_words = [shlex.split(c, comments=True)[:2] for c in commands]
    assert first_words[:2] == [["make", "run"], ["make", "test"]]
    assert ["make", "superuser"] in first_words and ["make", "corpus"] in first_words
    assert ["make", "sync-mirror"] in first_words
    # No command needs a variable the reader must know to set (the previous README's fault).
    assert not [c for c in commands if "DEBUG=" in c or "SQLITE_PATH=" in c]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def _clone(tmp_path: Path) -> Path:
    # Beside the shared data, as the README expects it: <parent>/shared/data.
    (tmp_path / "shared").symlink_to(SHARED_DATA.resolve().parent, target_is_directory=True)
    clone = tmp_path / "treaty-tracker"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    if not os.environ.get("README_TEST_INSTALL"):
        subprocess.run(
            [sys.executable, "-m", "venv", "--without-pip", ".venv"], cwd=clone, check=True
        )
        site = next((clone / ".venv" / "lib").glob("python3*/site-packages"))
        (site / "test_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
        # Newer than the clone's pyproject.toml and constraints: make install has nothing to do.
        (clone / ".venv" / ".installed").touch()
        earlier = time.time() - 60
        for name in ("pyproject.toml", "constraints.txt"):
            os.utime(clone / name, (earlier, earlier))
    return clone


def test_readme_commands_work_as_written_on_a_fresh_clone(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in STACK_VARIABLES}
    env.update(
        PORT=str(port),
        DJANGO_SUPERUSER_USERNAME="alice",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        DJANGO_SUPERUSER_EMAIL="alice@example.org",
    )
    server: subprocess.Popen[bytes] | None = None
    ran: list[str] = []
    try:
        for command in readme_commands((clone / "README.md").read_text()):
            words = shlex.split(command, comments=True)
            if words == ["make", "run"]:
                server = subprocess.Popen(
                    words, cwd=clone, env=env, start_new_session=True,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                page = _answers(f"http://127.0.0.1:{port}/", timeout=240).decode()
                assert "Convention on Cluster Munitions" in page
                ran.append(command)
                continue
            if words == ["make", "test"]:
                words = [*words, "PYTEST_ARGS=--collect-only -q"]
            script = command.replace("…", PASSWORD).replace("127.0.0.1:8000", f"127.0.0.1:{port}")
            if words[:2] != ["make", "test"]:
                words = ["bash", "-c", script]
            done = subprocess.run(
                words, cwd=clone, env=env, capture_output=True, text=True, timeout=3600
            )
            assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            if words[0] == "bash" and script.startswith("curl"):
                _check_api_answer(command, done.stdout, env)
            ran.append(command)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    assert len(ran) == len(readme_commands((ROOT / "README.md").read_text()))
    # The corpus went to its own database, whole.
    count = subprocess.run(
        [".venv/bin/python", "manage.py", "shell", "-c",
         "from treaties.models import Treaty; print(Treaty.objects.count())"],
        cwd=clone, env={**env, "DEBUG": "true", "SQLITE_PATH": "corpus.sqlite3"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert count.stdout.strip().splitlines()[-1] == "407"


def _check_api_answer(command: str, output: str, env: dict[str, str]) -> None:
    """The API's answer to each curl: a token, then the event recorded, then the token revoked
    (an empty answer)."""
    if "-X DELETE" in command:
        assert output == "", output
        return
    answer = json.loads(output)
    if "auth/token" in command:
        env["TOKEN"] = answer["token"]
    elif "errors" in answer:  # the demo holds the README's example event: refused by name
        messages = [e["message"] for e in answer["errors"]]
        assert messages == [
            "This state already has an event of this kind on this date for this treaty."
        ], answer
    else:
        assert answer.get("id") and answer["kind"] == "withdrawal", answer
