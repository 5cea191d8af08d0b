"""Issue 25's "done when": Lithuania's withdrawal from the CCM, told to exactly the watches of
the CCM, of Lithuania and of both — once at recording, once 30 days before its effect (to
the watches asking for that reminder), once on the day it takes effect — by a real SMTP server
and a real webhook receiver that checks every signature."""

from __future__ import annotations

from datetime import date, datetime

import time_machine
from django.utils import timezone

from alerts.models import Channel, Delivery, DeliveryStatus, Watch
from alerts.services import webhook_create
from alerts.tasks import daily_alerts
from events.models import Event
from tests.factories import build_apmbc, make_user

from .conftest import body_text, build_ccm_before_withdrawal, record_ltu_withdrawal


def _email_watch(address, **target):
    return Watch.objects.create(
        channel=Channel.EMAIL, email=address, confirmed_at=timezone.now(), **target
    )


def test_lithuania_withdrawal_from_the_ccm(db, smtp, receiver, django_capture_on_commit_callbacks):
    ccm, ltu = build_ccm_before_withdrawal()
    apmbc = build_apmbc(states=45)
    other = ccm.events.exclude(state=ltu).first().state
    owner = make_user("newsroom")
    targets = {
        "ccm": {"treaty": ccm},
        "ltu": {"state": ltu},
        "both": {"treaty": ccm, "state": ltu},
        # Not concerned: another treaty, another state, the CCM and another state.
        "apmbc": {"treaty": apmbc},
        "other": {"state": other},
        "ccm-other": {"treaty": ccm, "state": other},
    }
    watches = {}
    for name, target in targets.items():
        watches[f"mail-{name}"] = _email_watch(f"{name}@example.org", reminder_days=30, **target)
        hook = webhook_create(owner=owner, url=receiver.url(f"/{name}"), reminder_days=30, **target)
        receiver.set_secret(hook.secret, f"/{name}")
        watches[f"hook-{name}"] = hook
    # A watch of the CCM with no reminder: told at recording and on the day, not 30 days before.
    no_reminder = _email_watch("noreminder@example.org", treaty=ccm)
    unconfirmed = Watch.objects.create(
        channel=Channel.EMAIL, email="unconfirmed@example.org", treaty=ccm
    )

    # Recorded today (the recording is what is told, whenever it happens).
    withdrawal = record_ltu_withdrawal(ccm, ltu, django_capture_on_commit_callbacks)
    withdrawal.refresh_from_db()
    assert withdrawal.effective_date == date(2025, 3, 6)

    # The beat task on every day from before the reminder to after the effect (and once more
    # on the day of effect: a re-run tells nothing twice).
    for day in [
        "2025-02-03",
        "2025-02-04",
        "2025-02-05",
        "2025-03-05",
        "2025-03-06",
        "2025-03-06",
        "2025-03-07",
    ]:
        with time_machine.travel(datetime.fromisoformat(day + "T00:15:00+00:00"), tick=True):
            daily_alerts()

    concerned = {"ccm", "ltu", "both"}
    for name in targets:
        for channel in ("mail", "hook"):
            watch = watches[f"{channel}-{name}"]
            titles = list(
                Delivery.objects.filter(watch=watch, status=DeliveryStatus.SENT)
                .order_by("notice_id")
                .values_list("notice__title", flat=True)
            )
            if name in concerned:
                assert titles == [
                    "Lithuania: withdrawal from the CCM notified",
                    "In 30 days: Lithuania ceases to be bound by the CCM (6 Mar 2025)",
                    "Lithuania ceased to be bound by the CCM on 6 Mar 2025",
                ], (watch, titles)
            else:
                assert titles == [], (watch, titles)

    # What the SMTP server received: three messages to each concerned address, none to others.
    for name in targets:
        received = smtp.to(f"{name}@example.org")
        assert len(received) == (3 if name in concerned else 0), name
    first = smtp.to("ccm@example.org")[0]
    text = body_text(first)
    assert "6 Mar 2025 (computed from the treaty's articles)" in text
    assert "C.N.347.2024.TREATIES-XXVI-6" in text
    assert "/treaties/ccm/" in text
    # (A long header is folded: what follows the colon is whitespace, then the value.)
    unsubscribe = str(first["List-Unsubscribe"]).strip()
    token = watches["mail-ccm"].token
    assert unsubscribe == f"<http://localhost:8000/alerts/{token}/unsubscribe/>"
    assert str(first["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert sorted(str(m["Subject"]) for m in smtp.to("noreminder@example.org")) == [
        "Lithuania ceased to be bound by the CCM on 6 Mar 2025",
        "Lithuania: withdrawal from the CCM notified",
    ]
    assert smtp.to("unconfirmed@example.org") == []
    assert not Delivery.objects.filter(watch=unconfirmed).exists()
    assert no_reminder.deliveries.count() == 2

    # What the receiver got: three signed POSTs per concerned path, in order, no repeat.
    log = receiver.log()
    assert all(entry["signature_ok"] for entry in log)
    assert not any(entry["duplicate"] for entry in log)
    by_path: dict[str, list[dict]] = {}
    for entry in log:
        by_path.setdefault(entry["path"], []).append(entry["body"])
    assert set(by_path) == {"/ccm", "/ltu", "/both"}
    for bodies in by_path.values():
        assert [b["type"] for b in bodies] == ["act", "reminder", "effect"]
        assert bodies[0]["version"] == 1
        assert bodies[0]["event"]["kind"] == "withdrawal"
        assert bodies[0]["event"]["effective_date"] == "2025-03-06"
        assert bodies[0]["event"]["effective_date_basis"] == "computed"
        assert bodies[0]["state"] == {"code": "LTU", "name": "Lithuania"}
        assert bodies[2]["change"] == "ceased_to_be_party"
        assert bodies[2]["effective_date"] == "2025-03-06"
    assert Event.objects.filter(pk=withdrawal.pk).exists()
