"""Abstract bases shared by every curated record.

Every curated record has a stable ``uid`` (its natural key in fixtures, the same on SQLite
and PostgreSQL), timestamps, and a ``version`` that makes saves optimistic: a save that was
prepared from an older version than the one in the database is refused, so that two editors
never overwrite each other unseen.
"""

import uuid

from django.db import models

from sanctions_tracker.concurrency import StaleRecordError


class UidManager(models.Manager):
    """Finds records by their natural key, the ``uid``, as fixtures refer to them."""

    def get_by_natural_key(self, uid):
        return self.get(uid=uid)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False, db_index=True)

    class Meta:
        abstract = True


class CuratedModel(TimeStampedModel):
    """A record that analysts curate: stable identity, history-friendly, optimistic saves."""

    uid = models.UUIDField("UID", default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save; a save from an older version is refused.",
    )

    objects = UidManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save, refusing to overwrite a newer version saved by someone else meanwhile."""
        if self._state.adding or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "version"]
        expected = self.version
        self._expected_version = expected
        self.version = expected + 1
        try:
            return super().save(*args, **kwargs)
        except BaseException:
            self.version = expected
            raise
        finally:
            del self._expected_version

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:  # raw saves (loaddata) and inserts
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(version=expected),
            using,
            pk_val,
            values,
            update_fields,
            forced_update,
        )
        if not updated:
            current = base_qs.filter(pk=pk_val).values_list("version", flat=True).first()
            raise StaleRecordError(self, expected=expected, current=current)
        return updated

    def natural_key(self):
        return (str(self.uid),)


# Registered with the app here; the rate limits' counters (see that module).
from sanctions_tracker.throttle_counters import ThrottleCounter  # noqa: E402, F401
