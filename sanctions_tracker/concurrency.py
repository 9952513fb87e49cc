"""The error raised when a save would overwrite a newer version of a record, and the ETag
that names a version."""


def etag(version: int) -> str:
    """The API's ETag of a record's version (``"v3"``): what If-Match sends back."""
    return f'"v{version}"'


class StaleRecordError(Exception):
    """Someone else saved (or deleted) this record after it was read: nothing was written."""

    def __init__(self, instance, *, expected: int, current: int | None):
        self.instance = instance
        self.expected = expected
        self.current = current
        label = f"{instance._meta.verbose_name} {instance.pk}"
        if current is None:
            message = f"The {label} was deleted by someone else; your changes were not saved."
        else:
            message = (
                f"The {label} was changed by someone else after you opened it (your version "
                f"{expected}, now version {current}); your changes were not saved. Reload it to "
                "see their changes, then make yours again."
            )
        super().__init__(message)
        self.message = message
