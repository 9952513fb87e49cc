"""``manage.py import_list`` applies a list all or nothing, committed.

These tests commit (``transaction=True``): a refused or dry run must leave the committed
database exactly as it was, and an applied one (delistings included, which lock their
designations) must commit everything.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from entities.models import Designation, Entity
from sources.models import Citation
from tests.importer.conftest import OFAC_NDC, db_checksum, rewrite_rows
from tests.transactional import restore_measures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _measures():
    restore_measures()


def _import(path, *flags: str) -> None:
    call_command("import_list", "ofac-sdn", str(path), *flags, verbosity=0)


def _active() -> int:
    return Designation.objects.filter(delisted_precision="").count()


def test_import_commits_the_list():
    """The five entries of the NDC excerpt are committed, each designated with its measures
    and citing the list."""
    _import(OFAC_NDC)

    assert Entity.objects.count() == 5
    assert _active() == 5
    assert not Designation.objects.filter(measures=None).exists()
    assert Citation.objects.filter(designation__isnull=False).count() == 5


def test_import_with_delistings_commits_each_with_its_citation(ndc_copy):
    """A later version without three of the entries (allowed mass delisting) delists their
    designations, each citing the list; the other two stay active."""
    _import(OFAC_NDC)
    rewrite_rows(ndc_copy / "sdn.csv", lambda lines: lines[:2])

    _import(ndc_copy, "--allow-mass-delisting")

    assert _active() == 2
    delisted = Designation.objects.exclude(delisted_precision="")
    assert delisted.count() == 3
    for designation in delisted:
        assert designation.citations.filter(field="delisted").count() == 1


def test_refused_list_leaves_the_database_unchanged(ndc_copy):
    """An empty sdn.csv is refused with a message naming the file; nothing changes."""
    _import(OFAC_NDC)
    before = db_checksum()
    (ndc_copy / "sdn.csv").write_bytes(b"")

    with pytest.raises(CommandError, match=r"sdn\.csv"):
        _import(ndc_copy)

    assert db_checksum() == before


def test_refused_mass_delisting_leaves_the_database_unchanged(ndc_copy):
    """A version that would delist three of five entries is refused without the flag that
    allows it; nothing changes."""
    _import(OFAC_NDC)
    before = db_checksum()
    rewrite_rows(ndc_copy / "sdn.csv", lambda lines: lines[:2])

    with pytest.raises(CommandError, match=r"--allow-mass-delisting"):
        _import(ndc_copy)

    assert db_checksum() == before


def test_dry_run_leaves_the_database_unchanged(ndc_copy):
    """A dry run applies the list (delistings included) and rolls it all back."""
    _import(OFAC_NDC)
    before = db_checksum()
    rewrite_rows(ndc_copy / "sdn.csv", lambda lines: lines[:2])

    _import(ndc_copy, "--allow-mass-delisting", "--dry-run")

    assert db_checksum() == before


def test_a_value_the_models_refuse_is_one_line_and_writes_nothing(monkeypatch):
    """A row the bulk writer's checks refuse (here an alias script of five letters, where
    the model holds four) stops the import with one line naming the model, field and entry,
    a CommandError and not a traceback; nothing is committed."""
    import dataclasses

    from importer import parts

    aliases = parts.PARTS["aliases"]

    def too_long_script(item):
        return {**aliases.columns(item), "script": "Latnx"}

    monkeypatch.setitem(
        parts.PARTS, "aliases", dataclasses.replace(aliases, columns=too_long_script)
    )
    before = db_checksum()

    with pytest.raises(CommandError) as excinfo:
        _import(OFAC_NDC)

    message = str(excinfo.value)
    assert "Alias.script" in message
    assert "ofac-sdn entry" in message
    assert "nothing was written" in message
    assert "\n" not in message
    assert db_checksum() == before
