"""Data only: editors see the syncs and decide the changes waiting for review; reviewers see
them. Frozen, as ``events/0003_roles`` is (``setup_roles`` gives the same to any database)."""

from django.db import migrations

GRANTS = {"syncrun": (["view"], ["view"]), "syncchange": (["change", "view"], ["view"])}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editor = Group.objects.get_or_create(name="editor")[0]
    reviewer = Group.objects.get_or_create(name="reviewer")[0]
    for model, (editor_verbs, reviewer_verbs) in GRANTS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="ingest", model=model)
        for verb in set(editor_verbs) | set(reviewer_verbs):
            perm = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{verb}_{model}",
                defaults={"name": f"Can {verb} {model}"},
            )[0]
            if verb in editor_verbs:
                editor.permissions.add(perm)
            if verb in reviewer_verbs:
                reviewer.permissions.add(perm)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="ingest").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_sync_runs_and_changesets"),
        ("events", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
