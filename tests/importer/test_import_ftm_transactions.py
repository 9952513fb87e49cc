"""``manage.py import_list ftm`` commits a whole FtM file or nothing (``transaction=True``:
the bodies an import creates, its designations with their own delisting dates, and a
refused damaged file that must leave the committed database as it was)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from entities.models import Body, Designation, Entity
from importer.models import ImportRun
from sources.models import Citation
from tests.importer.conftest import FTM_ZALA, db_checksum
from tests.transactional import restore_measures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _measures():
    restore_measures()


def _import(path, *flags: str) -> None:
    call_command("import_list", "ftm", str(path), *flags, stdout=StringIO())


def test_the_file_is_committed_with_the_bodies_it_names():
    _import(FTM_ZALA)
    assert Entity.objects.count() == 17
    assert Body.objects.count() == 17
    assert Designation.objects.count() == 31
    assert Designation.objects.exclude(delisted_precision="").count() == 1
    assert Citation.objects.filter(designation__isnull=False).count() == 31
    assert ImportRun.objects.get().finished_at is not None


def test_a_damaged_file_leaves_the_committed_database_as_it_was(tmp_path):
    _import(FTM_ZALA)
    before = db_checksum()
    lines = FTM_ZALA.read_text(encoding="utf-8").splitlines()
    entity = json.loads(lines[0])["id"]
    damaged = tmp_path / "zala.ftm.json"
    damaged.write_text("\n".join(ln for ln in lines[1:]) + "\n", encoding="utf-8")
    kept = [json.loads(ln) for ln in lines[1:]]
    assert any(entity in json.dumps(o["properties"]) for o in kept)  # still named
    with pytest.raises(CommandError, match="is not in the file"):
        _import(damaged)
    assert db_checksum() == before


def test_a_dry_run_commits_nothing():
    before = db_checksum()
    _import(FTM_ZALA, "--dry-run")
    assert db_checksum() == before
