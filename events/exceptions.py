"""Domain errors of the events app."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class RulesRejected(ValidationError):
    """A change of a treaty's rules that is refused: rules the engine cannot read, or a review
    that does not apply (confirming rules that were not inferred, rejecting an editor's).

    A ``ValidationError`` like :class:`EventRejected`, for the same reasons: the admin shows it
    as form errors or a message, the API as a 400; carries a dict of field → messages written
    for an editor.
    """


class EventRejected(ValidationError):
    """An event that the treaty's rules or the data's consistency do not allow.

    A ``ValidationError`` so that admin forms show it as form errors and the API turns it into
    a 400; carries a dict of field → messages written for an editor.
    """
