"""Screening tests: every test starts with no process index (the database is new each time)."""

import pytest
from django.core.management import call_command

from screening.index import reset_indexes


@pytest.fixture(autouse=True)
def _fresh_index():
    reset_indexes()
    yield
    reset_indexes()


@pytest.fixture
def seed(db):
    call_command("load_seed", verbosity=0)
