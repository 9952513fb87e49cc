"""The FollowTheMoney round trip of issue 13: ``export_ftm`` of a database holding the seed and
every list sample, then ``import_list ftm`` of that file into an empty database, gives back the
same entities, names and designations. Through the real commands, committed
(``transaction=True``), so that the flush between them empties the database for real."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from entities.ftm.export import alias_property
from entities.models import Entity
from importer.parsers.ftm.sanctions import NOT_STATED
from tests.entities.ftm_checks import check_lines, parse
from tests.importer.conftest import (
    EU_EXCERPT_A,
    EU_EXCERPT_B,
    OFAC_ADVANCED,
    OFAC_NDC,
    OFAC_NON_SDN,
    UK_SAMPLE,
    UN_SAMPLE,
)
from tests.transactional import restore_data_migrations

pytestmark = pytest.mark.django_db(transaction=True)


def load_seed_and_samples() -> None:
    call_command("load_seed", verbosity=0)
    for source, path, *flags in (
        ("ofac-sdn", OFAC_NDC),
        ("ofac-non-sdn", OFAC_NON_SDN),
        ("ofac-advanced", OFAC_ADVANCED),
        ("un-sc", UN_SAMPLE),
        ("uk-ofsi", UK_SAMPLE),
        ("eu-fsf", EU_EXCERPT_A),
        # b after a delists three EU entries: delisted designations travel too.
        ("eu-fsf", EU_EXCERPT_B, "--allow-mass-delisting"),
    ):
        call_command("import_list", source, str(path), *flags, stdout=StringIO())


def entities() -> Counter:
    """Each entity as what the round trip promises: kind, name, names, designations.

    Names as FtM can carry them: an alias by the property it is written to (FtM has one
    ``alias`` for our a.k.a., n.k.a. and native-script names). A designation with no programme
    comes back under the importer's "not stated" programme: an import keys designations by
    programme, and "not stated" is what the file says.
    """
    held = Counter()
    for entity in Entity.objects.prefetch_related(
        "aliases", "designations__body", "designations__programme"
    ):
        names = frozenset((a.name, alias_property(a)) for a in entity.aliases.all())
        designations = frozenset(
            (
                d.body.code,
                d.programme.code if d.programme else NOT_STATED.code,
                d.status,
                d.listed.iso if d.listed else None,
                d.delisted.iso if d.delisted else None,
            )
            for d in entity.designations.all()
        )
        held[(entity.kind, entity.name, names, designations)] += 1
    return held


def test_an_export_imported_into_an_empty_database_gives_back_the_same(tmp_path):
    restore_data_migrations()
    load_seed_and_samples()
    before = entities()
    path = tmp_path / "export.ftm.json"
    call_command("export_ftm", "--output", str(path), stdout=StringIO())
    check_lines(parse(path.read_text(encoding="utf-8")))

    call_command("flush", interactive=False, verbosity=0)
    restore_data_migrations()
    assert not Entity.objects.exists()
    call_command("import_list", "ftm", str(path), stdout=StringIO())

    after = entities()
    assert sum(before.values()) == sum(after.values()) == 630
    assert differences(before, after) == []


def differences(before: Counter, after: Counter) -> list[str]:
    """What the round trip changed, entity by entity (by kind and name), readably."""
    lost, gained = before - after, after - before
    found = {(kind, name): (names, des) for kind, name, names, des in gained}
    out = []
    for kind, name, names, designations in sorted(lost, key=str):
        back = found.pop((kind, name), None)
        if back is None:
            out.append(f"{kind} {name!r}: not given back")
            continue
        if names != back[0]:
            out.append(f"{name!r}: names -{sorted(names - back[0])} +{sorted(back[0] - names)}")
        if designations != back[1]:
            out.append(
                f"{name!r}: designations -{sorted(designations - back[1], key=str)} "
                f"+{sorted(back[1] - designations, key=str)}"
            )
    out.extend(f"{kind} {name!r}: new" for kind, name in found)
    return out
