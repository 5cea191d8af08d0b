"""Domain errors of the events app."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class EventRejected(ValidationError):
    """An event that the treaty's rules or the data's consistency do not allow.

    A ``ValidationError`` so that admin forms show it as form errors and the API turns it into
    a 400; carries a dict of field → messages written for an editor.
    """
