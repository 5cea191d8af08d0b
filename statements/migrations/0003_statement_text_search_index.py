"""A GIN index of the statements' text for full-text search (``?q=``), on PostgreSQL only.

The indexed expression is the one ``StatementQuerySet.matching`` queries
(``to_tsvector('english', COALESCE(text, ''))``), so the planner uses it. SQLite has no such
index: search there is a plain case-insensitive match (docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEX = "statement_text_search_idx"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON statements_statement "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("statements", "0002_roles")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
