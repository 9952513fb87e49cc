"""Fold every stored name again with the current rules of sanctions_tracker.text.fold.

The rules changed: legal forms written out ("Joint Stock Company", "Obshchestvo s
Ogranichennoi Otvetstvennostyu") and customary titles (Sheikh, Haji, Colonel) are dropped
too, and Chinese characters read as pinyin by words. Search and screening compare folded
names, so the stored ones must follow. History rows keep the form of their time.
"""

from django.db import migrations

BATCH = 2000


def refold(apps, schema_editor):
    from sanctions_tracker.text import fold

    for label in ("Entity", "Alias"):
        model = apps.get_model("entities", label)
        changed = []
        for record in model.objects.only("id", "name", "name_folded").iterator(chunk_size=BATCH):
            folded = fold(record.name)
            if folded != record.name_folded:
                record.name_folded = folded
                changed.append(record)
        model.objects.bulk_update(changed, ["name_folded"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("entities", "0003_entity_dates_and_date_ranges")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
