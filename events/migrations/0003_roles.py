"""Data only: the "editor" and "reviewer" groups as they were first defined.

Frozen: a migration must not import live code, which changes after it was written (the
``setup_roles`` command brings an existing database up to date with today's roles).
"""

from django.db import migrations

MODELS = {
    "events": ["event", "armedconflict", "statusperiod", "membership"],
    "states": ["state", "statealias"],
    "treaties": ["treaty"],
}
EDITOR_ACTIONS = {
    "event": ["add", "change", "delete", "view"],
    "armedconflict": ["add", "change", "delete", "view"],
    "statusperiod": ["view"],
    "membership": ["view"],
    "state": ["add", "change", "view"],
    "statealias": ["add", "change", "delete", "view"],
    "treaty": ["add", "change", "view"],
}


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    def permission(app_label, model, codename, name):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return perm

    def action(app_label, model, verb):
        verbose = apps.get_model(app_label, model)._meta.verbose_name_raw
        return permission(app_label, model, f"{verb}_{model}", f"Can {verb} {verbose}")

    permission("treaties", "treaty", "change_treaty_rules", "Can change the rules of treaty")
    editor = Group.objects.get_or_create(name="editor")[0]
    reviewer = Group.objects.get_or_create(name="reviewer")[0]
    editor_perms, reviewer_perms = [], []
    for app_label, models in MODELS.items():
        for model in models:
            reviewer_perms.append(action(app_label, model, "view"))
            editor_perms += [action(app_label, model, verb) for verb in EDITOR_ACTIONS[model]]
    editor.permissions.set(editor_perms)
    reviewer.permissions.set(reviewer_perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editor", "reviewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_bracketed"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("states", "0001_initial"),
        ("treaties", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
