"""The OpenAPI schema's additions: the one error body on every operation, the 304 of GETs.

A drf-spectacular post-processing hook (wired in ``SPECTACULAR_SETTINGS``), so that
``manage.py spectacular`` and ``/api/v1/schema/`` produce the same document.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {
                    "field": {"type": "string", "nullable": True},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        }
    },
}
_ERROR_STATUSES = {
    "400": "Bad input: unknown parameter, malformed or impossible date, page too large, "
    "rejected event.",
    "401": "Authentication required.",
    "403": "Not allowed.",
    "404": "Unknown treaty, state, event, path or format.",
    "405": "Method not allowed here.",
    "406": "Format not available.",
    "409": "Conflicts with existing data.",
    "415": "Unsupported request body type.",
    "429": "Too many anonymous requests.",
    "503": "The database is busy (another change holds the treaty, or a query took too "
    "long); nothing was changed. Try again after the Retry-After header's seconds.",
}


#: Reads that are not public: a webhook, its secret's rotation and its delivery log are the
#: owner's alone (401 without a token).
PRIVATE_READS = ("/api/v1/webhooks/",)


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: document the error body on every operation,
    and the 304 of conditional GETs."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code, description in _ERROR_STATUSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    },
                )
            if method == "get":
                responses.setdefault("304", {"description": "Not modified since your copy."})
            if method == "get" and not path.startswith(PRIVATE_READS):
                # Reads are public: no padlock in the docs (authentication only for writes).
                operation["security"] = []
                for code in ("401", "403"):
                    responses.pop(code, None)
    return result
