"""The groups of the API's permission model: curators (view, add, change) and readers (view).

Deleting stays with administrators: designations are delisted, not deleted.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("entities", "events", "sources")


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curated = Permission.objects.filter(content_type__app_label__in=APPS).exclude(
        content_type__model__startswith="historical"
    )
    readers, _ = Group.objects.get_or_create(name="readers")
    readers.permissions.set(curated.filter(codename__startswith="view_"))
    curators, _ = Group.objects.get_or_create(name="curators")
    curators.permissions.set(curated.filter(codename__regex=r"^(view|add|change)_"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["readers", "curators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("entities", "0002_measures"),
        ("events", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
