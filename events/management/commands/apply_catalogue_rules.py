"""``manage.py apply_catalogue_rules``: give the treaties the catalogue knows their rules again.

A treaty is matched by its UN reference (or its slug); rules an editor entered or confirmed are
left alone. Each changed treaty is recomputed, as after any change of rules.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from events.services import catalogue_rules_apply


class Command(BaseCommand):
    help = "Re-apply the catalogue's rules to the treaties it knows (not over an editor's)."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = catalogue_rules_apply()
        for treaty in changed:
            self.stdout.write(f"  {treaty.slug}: catalogue rules applied")
        self.stdout.write(f"treaties given the catalogue's rules: {len(changed)}")
