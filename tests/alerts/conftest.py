"""Real servers for the alerts' tests: an SMTP server process (aiosmtpd) and a webhook receiver
process that checks signatures; and the CCM built without Lithuania's withdrawal."""

from __future__ import annotations

import email
import email.policy
import email.utils
import json
import mailbox
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from email.message import Message
from pathlib import Path

import pytest

from alerts.notices import treaty_changes_detect
from events.services import event_record, treaty_recompute
from tests.factories import UN_CCM, _ratify_all, filler_states, lithuania, treaty_from_catalogue

HERE = Path(__file__).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(script: str, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / script), str(port), str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "stderr.log").open("w"),
    )
    deadline = time.monotonic() + 20
    while not (folder / "ready").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{script} did not start: {(folder / 'stderr.log').read_text()}")
        time.sleep(0.05)
    return proc, port


@dataclass
class Smtp:
    port: int
    folder: Path

    def messages(self) -> list[Message]:
        box = mailbox.Maildir(self.folder / "mail", create=True)
        found = [
            email.message_from_bytes(box.get_bytes(k), policy=email.policy.default)
            for k in box.iterkeys()
        ]
        return sorted(found, key=lambda m: email.utils.parsedate_to_datetime(str(m["Date"])))

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages() if str(m["To"]) == address]


@dataclass
class Receiver:
    port: int
    folder: Path

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def set_secret(self, secret: str, path: str = "") -> None:
        (self.folder / ("secret" + path.replace("/", "_"))).write_text(secret)

    def set_mode(self, mode: str) -> None:
        (self.folder / "mode").write_text(mode)

    def log(self) -> list[dict]:
        path = self.folder / "log.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def smtp(tmp_path, settings):
    folder = tmp_path / "smtp"
    folder.mkdir()
    proc, port = _start("smtp_server.py", folder)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield Smtp(port, folder)
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def receiver(tmp_path, settings):
    folder = tmp_path / "receiver"
    folder.mkdir()
    proc, port = _start("receiver.py", folder)
    settings.ALERTS_ALLOW_PRIVATE_WEBHOOKS = True
    yield Receiver(port, folder)
    proc.terminate()
    proc.wait(timeout=10)


def body_text(message: Message) -> str:
    """The plain-text part of an e-mail."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode()
    raise AssertionError("no text/plain part")


def build_ccm_before_withdrawal(*, others: int = 30):
    """The CCM in force with Lithuania a party (its withdrawal not yet recorded), read once by
    the alerts (the baseline), as after any earlier recomputation."""
    ccm = treaty_from_catalogue("ccm")
    _ratify_all(ccm, filler_states(others), date(2008, 12, 3))
    ltu = lithuania()
    event_record(treaty=ccm, state=ltu, kind="signature", date=date(2008, 12, 3), source_url=UN_CCM)
    event_record(
        treaty=ccm, state=ltu, kind="ratification", date=date(2011, 3, 24), source_url=UN_CCM
    )
    treaty_recompute(treaty_id=ccm.pk)
    assert treaty_changes_detect(ccm.pk) == []  # the first reading is the baseline
    return ccm, ltu


def record_ltu_withdrawal(ccm, ltu, django_capture_on_commit_callbacks):
    """Record Lithuania's withdrawal as an editor does; the commit queues the recomputation,
    whose commit queues the alerts (all run in-process here)."""
    with django_capture_on_commit_callbacks(execute=True):
        return event_record(
            treaty=ccm,
            state=ltu,
            kind="withdrawal",
            date=date(2024, 9, 6),
            source_url=UN_CCM,
            notification_ref="C.N.347.2024.TREATIES-XXVI-6",
            published_effective_date=date(2025, 3, 6),
        )


def make_notice(treaty, state=None, n: int = 1, kind: str = "act"):
    """A notice made by hand (for tests of the sending, not of what is told)."""
    from alerts.models import Notice

    title = f"Notice {n} on the {treaty.short_name}"
    return Notice.objects.create(
        kind=kind,
        key=f"test:{treaty.pk}:{n}",
        treaty=treaty,
        state=state,
        title=title,
        text=f"{title}: what happened, with its source.",
        payload={"version": 1, "type": kind, "title": title, "n": n},
    )
