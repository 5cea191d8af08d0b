"""Request body parsers of API v1: DRF's, refusing NUL characters anywhere in the body.

PostgreSQL cannot store or compare text holding a NUL, so a value such as ``"a\\u0000b"``
reaches the database as a ``DataError`` (a 500) wherever a field looks it up before validating
it (``SlugRelatedField`` queries first). Refusing it once, where every body is parsed, covers
every string field of every write, present and future, with the API's error body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.datastructures import MultiValueDict
from rest_framework import exceptions, parsers


def _nul_path(data: Any, path: str = "") -> str | None:
    """The path (``field``, ``items[2].note``) of the first string holding a NUL, or None."""
    if isinstance(data, str):
        return (path or "body") if "\x00" in data else None
    if isinstance(data, MultiValueDict):
        # A form's field may repeat; its values are named by the field alone.
        items: list[tuple[Any, Any]] = [(k, v) for k, values in data.lists() for v in values]
    elif isinstance(data, Mapping):
        items = list(data.items())
    elif isinstance(data, list | tuple):
        return next(
            (found for i, v in enumerate(data) if (found := _nul_path(v, f"{path}[{i}]"))),
            None,
        )
    else:
        return None
    for key, value in items:
        name = f"{path}.{key}" if path else str(key)
        if "\x00" in str(key):
            return name
        found = _nul_path(value, name)
        if found:
            return found
    return None


class RefuseNulMixin:
    """Parse as usual, then refuse the body if any key or string value holds a NUL."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)  # type: ignore[misc]
        data = parsed.data if isinstance(parsed, parsers.DataAndFiles) else parsed
        field = _nul_path(data)
        if field is not None:
            raise exceptions.ValidationError(
                {
                    field: [
                        exceptions.ErrorDetail(
                            "Null characters are not allowed.", code="null_characters_not_allowed"
                        )
                    ]
                }
            )
        return parsed


class JSONParser(RefuseNulMixin, parsers.JSONParser):
    pass


class FormParser(RefuseNulMixin, parsers.FormParser):
    pass


class MultiPartParser(RefuseNulMixin, parsers.MultiPartParser):
    pass
