"""A signature dated after signature closed (CCM art. 15: at its entry into force) is refused
with the article cited; one before it is recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from events.exceptions import EventRejected
from events.services import event_record, treaty_recompute
from rules.dates import format_date
from rules.signature import SIGNATURE_CLOSES
from tests.factories import UN_CCM, build_ccm, state
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


def test_a_ccm_signature_after_its_entry_into_force_is_refused_citing_article_15():
    ccm = build_ccm(others=30)
    treaty_recompute(treaty_id=ccm.pk)
    ccm = Treaty.objects.get(pk=ccm.pk)
    eif = ccm.entry_into_force_date  # 1 Jul 2009 here: the fixture's 30 fillers on 3 Dec 2008
    assert eif is not None
    somewhere = state("ATA", "Atlantis", "999", "AQ")
    with pytest.raises(EventRejected) as refused:
        event_record(treaty=ccm, state=somewhere, kind="signature", date=date(2015, 3, 1),
                     source_url=UN_CCM)  # fmt: skip
    message = " ".join(refused.value.messages)
    assert (
        f"open for signature until its entry into force on {format_date(eif)} (article 15)"
    ) in message
    assert "a signature dated 1 Mar 2015 cannot be recorded" in message
    assert refused.value.error_dict["date"][0].code == "signature_closed"
    # The day before entry into force it was still open; accession stays open after.
    event_record(treaty=ccm, state=somewhere, kind="signature", date=eif - timedelta(days=1),
                 source_url=UN_CCM)  # fmt: skip
    assert SIGNATURE_CLOSES["XXVI-6"].article == "15"
