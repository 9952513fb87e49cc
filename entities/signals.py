"""Signals about entities that Django's model signals do not cover.

``entities_bulk_written`` is sent after entities or their parts were written in bulk, with
no ``save()`` or ``delete()`` per record and so no ``post_save`` or ``post_delete``: the
importer's bulk writes. Its argument ``entity_ids`` names the entities concerned (created,
changed, or with a part created, changed or deleted). Screening listens, to reload them in
its name index; the writer need not know who reads what it wrote.
"""

from django.dispatch import Signal

entities_bulk_written = Signal()
