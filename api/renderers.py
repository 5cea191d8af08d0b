"""Renderers of API v1: JSON, the browsable API, and ``?format=csv`` on lists."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from rest_framework import renderers

from events.spreadsheet import neutralise


def _flat(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        for key, sub in value.items():
            _flat(f"{prefix}.{key}" if prefix else str(key), sub, out)
    elif isinstance(value, list | tuple):
        # Lists (intervals, explanations) stay in one cell, as compact JSON (it begins with
        # "[", which no spreadsheet runs).
        out[prefix] = json.dumps(value, default=str, ensure_ascii=False) if value else ""
    elif value is None:
        out[prefix] = ""
    elif isinstance(value, str):
        out[prefix] = neutralise(value)
    else:
        out[prefix] = value


class CSVRenderer(renderers.BaseRenderer):
    """``?format=csv``: the ``results`` of a list, one row each, nested objects dotted; text
    that a spreadsheet would run as a formula is neutralised (``events.spreadsheet``)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if isinstance(data, Mapping) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat_rows = []
        header: dict[str, None] = {}
        for row in rows:
            flat: dict[str, Any] = {}
            _flat("", row, flat)
            header.update(dict.fromkeys(flat))
            flat_rows.append(flat)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat_rows)
        return buffer.getvalue().encode(self.charset)


#: Lists can also be downloaded as CSV.
LIST_RENDERERS = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]
