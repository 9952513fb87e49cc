"""Give the groups their permissions on the models added since 0001: entity dates (curators
view, add and change; readers view) and the import records (both view; imports are written
by the import command only)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = ("entities", "events", "sources")
READ_ONLY = ("importer",)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    own = Permission.objects.exclude(content_type__model__startswith="historical")
    curated = own.filter(content_type__app_label__in=CURATED)
    read_only = own.filter(content_type__app_label__in=READ_ONLY, codename__startswith="view_")
    readers, _ = Group.objects.get_or_create(name="readers")
    readers.permissions.add(*curated.filter(codename__startswith="view_"), *read_only)
    curators, _ = Group.objects.get_or_create(name="curators")
    curators.permissions.add(*curated.filter(codename__regex=r"^(view|add|change)_"), *read_only)


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions_tracker", "0001_groups"),
        ("entities", "0003_entity_dates_and_date_ranges"),
        ("importer", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
