"""Create or refresh the "editor" and "reviewer" groups and their permissions.

The data migration ``events/0003_roles`` created the groups as first defined (a frozen copy);
this command brings any database up to today's roles (after new models or permissions
appear), so a fresh database and an old one end up with the same groups. Running it twice
changes nothing.

The roles:

* **editor** records and corrects events (add/change/delete; every write still goes through
  ``events.services`` and its checks), records armed conflicts and states' statements
  (reservations, objections...), keeps states and their aliases up to date, adds treaties
  and changes their key facts. Not the rules: a rules change moves every date of a treaty,
  so it needs ``treaties.change_treaty_rules``, which no group has by default (superusers
  have every permission; grant it to a named person if needed).
* **reviewer** sees everything in the admin, including history, and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

# Models the roles cover, by app label, with the actions each role gets.
MODELS = {
    "events": ["event", "armedconflict", "statusperiod", "membership"],
    "states": ["state", "statealias"],
    "treaties": ["treaty"],
    "statements": ["statement"],
    "ingest": ["syncrun", "syncchange"],
}
EDITOR_ACTIONS = {
    "event": ["add", "change", "delete", "view"],
    "armedconflict": ["add", "change", "delete", "view"],
    "statusperiod": ["view"],
    "membership": ["view"],
    "state": ["add", "change", "view"],
    "statealias": ["add", "change", "delete", "view"],
    "treaty": ["add", "change", "view"],
    "statement": ["add", "change", "delete", "view"],
    # The syncs with the depositary: seen; their changes waiting for review decided (the
    # decision itself goes through the events' services, with the event permissions).
    "syncrun": ["view"],
    "syncchange": ["change", "view"],
}


def sync_roles(apps: Any) -> dict[str, int]:
    """Create the groups and any missing permission rows; return permissions per group.

    ``apps`` is ``django.apps.apps`` (or a migration's registry). Missing default permissions
    are created here, as Django would after migrating. ``treaties.change_treaty_rules`` is
    declared on the model and given to no group.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    def permission(app_label: str, model: str, codename: str, name: str) -> Any:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return perm

    def action(app_label: str, model: str, verb: str) -> Any:
        # Named as Django names its default permissions, which it would otherwise create later.
        verbose = apps.get_model(app_label, model)._meta.verbose_name_raw
        return permission(app_label, model, f"{verb}_{model}", f"Can {verb} {verbose}")

    editor = Group.objects.get_or_create(name="editor")[0]
    reviewer = Group.objects.get_or_create(name="reviewer")[0]
    editor_perms, reviewer_perms = [], []
    for app_label, models in MODELS.items():
        for model in models:
            reviewer_perms.append(action(app_label, model, "view"))
            editor_perms += [action(app_label, model, verb) for verb in EDITOR_ACTIONS[model]]
    # Both roles read the history of every change (simple_history checks view permissions).
    editor.permissions.set(editor_perms)
    reviewer.permissions.set(reviewer_perms)
    return {"editor": len(editor_perms), "reviewer": len(reviewer_perms)}


class Command(BaseCommand):
    help = 'Create or refresh the "editor" and "reviewer" groups and their permissions.'

    def handle(self, *args: Any, **options: Any) -> None:
        from django.apps import apps

        counts = sync_roles(apps)
        for group, count in counts.items():
            self.stdout.write(f"{group}: {count} permissions")
