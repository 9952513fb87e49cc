"""Give the groups their permissions on proposed matches: readers view them; curators view
and change them (a change is a decision: link the entry or confirm it as new). Nobody adds
one by hand: imports create them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "readers": ("view_proposedmatch",),
    "curators": ("view_proposedmatch", "change_proposedmatch"),
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("importer")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="importer", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="importer", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("importer", "0003_proposed_match"),
        ("sanctions_tracker", "0002_groups_entity_dates_and_imports"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
