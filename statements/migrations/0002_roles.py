"""Data only: the editor records statements (add/change/delete), the reviewer reads them.

Frozen, as ``events/0003_roles`` is: the ``setup_roles`` command gives the same permissions to
a database that has them not yet.
"""

from django.db import migrations

EDITOR_ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="statements", model="statement")
    perms = {
        verb: Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{verb}_statement",
            defaults={"name": f"Can {verb} statement"},
        )[0]
        for verb in EDITOR_ACTIONS
    }
    editor = Group.objects.get_or_create(name="editor")[0]
    reviewer = Group.objects.get_or_create(name="reviewer")[0]
    editor.permissions.add(*perms.values())
    reviewer.permissions.add(perms["view"])


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="statements").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0001_initial"),
        ("events", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
