"""The change log that keeps every process's name index in step with the database.

Any write that changes what screening sees of an entity (its names, identifiers, countries,
dates, designations) appends a row here in the same transaction. A process serving matches
reads the rows after the last one it applied, before each answer, and reloads just those
entities: a committed change is never missed, whichever process made it, and an
uncommitted one is never seen.
"""

from django.db import models


class IndexChange(models.Model):
    entity_id = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The entity to reload; empty means reload everything (after a bulk import).",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"#{self.pk}: entity {self.entity_id or 'all'}"
