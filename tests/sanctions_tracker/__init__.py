"""Tests of the shared machinery, and helpers that the model tests of every app share."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction


@contextmanager
def rejected_by_database(constraint: str, *, sqlite_unique: str | None = None):
    """Assert that the block's write is refused by the database's ``constraint``.

    The write runs in its own savepoint, so the test can go on querying afterwards.
    PostgreSQL names the constraint in every message, and SQLite names a CHECK constraint
    ("CHECK constraint failed: <name>"); for a unique constraint SQLite names the columns
    instead ("UNIQUE constraint failed: <table>.<column>, ..."): give those as
    ``sqlite_unique``.
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    message = str(excinfo.value)
    if connection.vendor == "sqlite":
        if sqlite_unique is not None:
            expected = f"UNIQUE constraint failed: {sqlite_unique}"
        else:
            expected = f"CHECK constraint failed: {constraint}"
    else:
        expected = f'"{constraint}"'
    assert expected in message, message


def validation_errors(instance, **kwargs) -> dict[str, list[str]]:
    """The errors of ``instance.full_clean(**kwargs)``, which must fail, by field."""
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean(**kwargs)
    return excinfo.value.message_dict
