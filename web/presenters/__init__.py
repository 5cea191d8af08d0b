"""What the pages and downloads say about the data.

- ``rows``: rows as plain values, sentences, labels (no queries: every function takes what a
  selector returned); re-exported here, so ``from web.presenters import ...`` keeps working.
- ``treaty_page``: **the treaty page's context** (``treaty_page``).
- ``state_page``: **the state page's context** (``state_page``).
- ``dates``: the spellings of the date asked for, left as holes in a stored page.
"""

from .rows import (
    DateCell,
    Note,
    ParticipantView,
    article_of,
    bound_count,
    condition_text,
    effect_sentence,
    effect_title,
    event_note_texts,
    map_shapes_html,
    map_statuses,
    membership_periods,
    participant_record,
    participant_views,
    url_maker,
)

__all__ = [
    "DateCell",
    "Note",
    "ParticipantView",
    "article_of",
    "bound_count",
    "condition_text",
    "effect_sentence",
    "effect_title",
    "event_note_texts",
    "map_shapes_html",
    "map_statuses",
    "membership_periods",
    "participant_record",
    "participant_views",
    "url_maker",
]
