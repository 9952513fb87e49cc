"""Rate-limit counters (sanctions_tracker/throttle_counters.py). On PostgreSQL the table is
UNLOGGED: counters are worth no WAL, and after a crash they may start again at zero."""

from django.db import migrations, models


def unlogged_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE sanctions_tracker_throttlecounter SET UNLOGGED")


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions_tracker", "0002_groups_entity_dates_and_imports"),
    ]

    operations = [
        migrations.CreateModel(
            name="ThrottleCounter",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "key",
                        "window_start",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("key", models.CharField(max_length=200)),
                ("window_start", models.BigIntegerField()),
                ("expires_at", models.BigIntegerField(db_index=True)),
                ("count", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(unlogged_on_postgresql, migrations.RunPython.noop),
    ]
