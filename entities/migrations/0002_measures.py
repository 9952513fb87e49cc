"""The fixed vocabulary of measures (DOMAIN.md), as reference rows."""

from django.db import migrations

MEASURES = [
    ("asset_freeze", "asset freeze", "Property and interests in property are blocked."),
    (
        "transaction_ban",
        "prohibition of transactions",
        "Persons under the body's jurisdiction may not deal with the target.",
    ),
    ("travel_ban", "travel ban", "Entry into or transit through the territory is refused."),
    ("arms_embargo", "arms embargo", "No supply, sale or transfer of arms and related materiel."),
    (
        "export_restriction",
        "export restriction",
        "Exports to the target are restricted or need a licence.",
    ),
    ("import_restriction", "import restriction", "Imports from the target are restricted."),
    (
        "financial_restriction",
        "financial restriction",
        "Loans, investment or financial services are restricted.",
    ),
    ("services_ban", "services ban", "The provision of specified services is prohibited."),
    ("other", "other", "A measure not in this list; the designation describes it."),
]


def create_measures(apps, schema_editor):
    Measure = apps.get_model("entities", "Measure")
    for code, name, description in MEASURES:
        Measure.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )


def remove_measures(apps, schema_editor):
    apps.get_model("entities", "Measure").objects.filter(code__in=[m[0] for m in MEASURES]).delete()


class Migration(migrations.Migration):
    dependencies = [("entities", "0001_initial")]

    operations = [migrations.RunPython(create_measures, remove_measures)]
