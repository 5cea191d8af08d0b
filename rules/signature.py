"""When a treaty stops being open for signature: after that day a state joins by accession,
and a signature dated later is refused (with the article that closes it).

The rules vocabulary (``rules.document.vocabulary``) has no place for it; the facts are kept
here, keyed by the treaty's UN reference, each with its article and where it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from .dates import format_date
from .engine.validation import Violation


@dataclass(frozen=True)
class SignatureClosing:
    article: str
    #: "entry_into_force": open "until its entry into force" (closed from that day on).
    closes_at: str
    source: str


SIGNATURE_CLOSES: Final[dict[str, SignatureClosing]] = {
    # CCM art. 15: "open for signature at Oslo by all States on 3 December 2008 and
    # thereafter at United Nations Headquarters in New York until its entry into force".
    "XXVI-6": SignatureClosing("15", "entry_into_force", "the Convention's article 15"),
    # APMBC art. 15 (treaty-rules.md §2: "Signature closed on EIF (Art 15); thereafter
    # accession only").
    "XXVI-5": SignatureClosing("15", "entry_into_force", "treaty-rules.md §2"),
}


def signature_closed_violation(
    *,
    un_reference: str | None,
    treaty_name: str,
    entry_into_force: date | None,
    kind: str,
    day: date,
    event_id: int | str,
) -> Violation | None:
    """The refusal of a signature dated on or after the day signature closed, if it is."""
    closing = SIGNATURE_CLOSES.get(un_reference or "")
    if kind != "signature" or closing is None or entry_into_force is None:
        return None
    if day < entry_into_force:
        return None
    return Violation(
        event_id=event_id,
        field="date",
        code="signature_closed",
        message=(
            f"The {treaty_name} was open for signature until its entry into force on "
            f"{format_date(entry_into_force)} (article {closing.article}): a signature dated "
            f"{format_date(day)} cannot be recorded. Since then a state joins by accession."
        ),
    )
