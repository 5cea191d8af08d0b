"""Data only: the "editor" and "reviewer" groups (see the setup_roles command)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from events.management.commands.setup_roles import sync_roles

    sync_roles(apps)


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
