"""Statuses from the facts alone, for a treaty whose rules are not recorded.

Most of the depositary's corpus comes without rules the engine can read. Its facts still say a
great deal, and nothing here goes beyond them:

* a signature makes the state a signatory from its date;
* a consent (ratification, accession, ...) is recorded from its deposit as
  ``consented_unknown``: "consented, date of effect not computed" — never "not joined", never
  "not yet in force";
* a withdrawal whose date of effect the depositary published ends that from the published date
  (``withdrawn``, basis ``recorded``); without one the state stays ``consented_unknown``;
* a succession needs no clause of the treaty's: it binds from the state's date of succession,
  or from the treaty's recorded entry into force if that came later (``effects``); without
  either date it is ``consented_unknown`` like any other consent;
* rescissions and revocations are applied as the engine applies them;
* the treaty's entry into force is the depositary's recorded date (basis ``recorded``), or
  unknown; when the depositary's status says "Not yet in force" on a day, a consent deposited
  by then is ``consented`` (not yet in force) up to that day, and ``consented_unknown`` after.

No membership interval is claimed but a dated succession's: who was a party when is exactly
what cannot be computed.
The result has the shape of ``compute``'s, so the recomputation stores it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from rules.document.vocabulary import EntryIntoForce, LaterStates, Rules, Threshold, Withdrawal
from rules.engine.compute import same_day_sorted, walk
from rules.engine.entry import recorded_entry
from rules.engine.records import Computation, EventIn

__all__ = ["RULES_NOT_RECORDED", "compute_from_records"]

#: The stand-in rules the ledger walks with: nothing counted, and a withdrawal takes effect on
#: the date the depositary published, if any (``Withdrawal(allowed=None)``).
RULES_NOT_RECORDED: Final = Rules(
    entry_into_force=EntryIntoForce(threshold=Threshold(condition="the rules are not recorded")),
    later_states=LaterStates(),
    withdrawal=Withdrawal(allowed=None),
)


def compute_from_records(
    events: Sequence[EventIn],
    *,
    recorded_entry_into_force: date | None = None,
    article: str | None = None,
    not_in_force_on: date | None = None,
) -> Computation:
    """Statuses and effects from ``events`` alone (see the module docstring).

    ``recorded_entry_into_force`` / ``article``: the treaty's entry into force as the
    depositary recorded it, and the article it cites; ``not_in_force_on``: the day its status
    says "Not yet in force" (ignored when a date is recorded).
    """
    treaty = recorded_entry(
        recorded_entry_into_force,
        article,
        not_in_force_on=None if recorded_entry_into_force else not_in_force_on,
    )
    return walk(RULES_NOT_RECORDED, treaty, same_day_sorted(events), {})
