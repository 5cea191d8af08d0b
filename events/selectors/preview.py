"""What a treaty's rules would do: the preview an editor sees before saving new rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rules import EventIn, Rules, compute
from rules.basis import UNKNOWN
from rules.dates import format_date
from treaties.models import Treaty

from ..models import Event


@dataclass(frozen=True)
class PreviewLine:
    """One sentence of the preview with the engine's steps behind it."""

    sentence: str
    steps: tuple[str, ...]


def rules_preview(*, rules: dict[str, Any], treaty: Treaty | None, on: date) -> list[PreviewLine]:
    """What the rules would do with the treaty's recorded events and a hypothetical state.

    Two questions an editor asks after changing rules: when would a deposit on ``on`` take
    effect, and when would a withdrawal notified on ``on`` take effect. Both are answered by the
    engine itself (``compute``) so that the preview can never disagree with the stored dates.
    """
    parsed = Rules.from_dict(rules)
    recorded: list[EventIn] = []
    if treaty is not None and treaty.pk is not None:
        # One query; the state code is all the engine needs.
        recorded = [
            EventIn(
                id=pk,
                state=code,
                kind=kind,
                date=day,
                specified_effective_date=specified,
                published_effective_date=published,
            )
            for pk, code, kind, day, specified, published in Event.objects.filter(
                treaty=treaty
            ).values_list(
                "pk",
                "state__code",
                "kind",
                "date",
                "specified_effective_date",
                "published_effective_date",
            )
        ]
    deposit = EventIn(id="preview-deposit", state="~PREVIEW-A", kind="accession", date=on)
    result = compute(parsed, [*recorded, deposit])
    lines: list[PreviewLine] = []
    effect = result.effects.get(deposit.id)
    steps = tuple(str(s) for s in effect.steps) if effect else ()
    if effect and effect.effective_date:
        sentence = (
            f"A deposit on {format_date(on)} would take effect on "
            f"{format_date(effect.effective_date)}."
        )
    elif effect and effect.basis == UNKNOWN:
        sentence = f"A deposit on {format_date(on)} would have an unknown date of effect."
    else:
        sentence = f"A deposit on {format_date(on)} would not take effect yet."
    lines.append(PreviewLine(sentence, steps))

    if parsed.withdrawal.allowed is None:
        # The form's "not recorded": said so, never read as a treaty that forbids withdrawal.
        lines.append(
            PreviewLine(
                "Withdrawal: not recorded (the treaty's withdrawal clause is not in its "
                "rules), so a withdrawal cannot be previewed.",
                (),
            )
        )
        return lines
    if not parsed.withdrawal.allowed:
        lines.append(PreviewLine("The treaty allows no withdrawal.", ()))
        return lines
    eif = result.entry_into_force
    if eif is None or eif >= on:
        lines.append(
            PreviewLine(
                f"A withdrawal notified on {format_date(on)} cannot be previewed: the treaty "
                "is not in force on that date.",
                (),
            )
        )
        return lines
    # A state bound since the treaty's own entry into force, notifying on ``on``.
    party = EventIn(id="preview-party", state="~PREVIEW-B", kind="ratification", date=eif)
    notice = EventIn(id="preview-withdrawal", state="~PREVIEW-B", kind="withdrawal", date=on)
    result = compute(parsed, [*recorded, party, notice])
    effect = result.effects.get(notice.id)
    steps = tuple(str(s) for s in effect.steps) if effect else ()
    if effect and effect.effective_date and not effect.issue:
        sentence = (
            f"A withdrawal notified on {format_date(on)} by a Party bound since the treaty's "
            f"entry into force would take effect on {format_date(effect.effective_date)}"
            + (f" ({effect.condition})" if effect.condition else "")
            + "."
        )
    else:
        sentence = (
            f"A withdrawal notified on {format_date(on)} by a Party bound since the treaty's "
            "entry into force would not take effect"
            + (f": {effect.issue.replace('_', ' ')}" if effect and effect.issue else "")
            + "."
        )
    lines.append(PreviewLine(sentence, steps))
    return lines
