"""An OpenSanctions entity names the official list entries it was merged from: its id and
``referents`` (``ofac-<ent_num>``, ``gb-hmt-<Group ID>``, ``eu-fsf-eu-27-28``) and its
Sanctions' ``unscId``. Each is kept as a list reference of the entity in that list's
numbering, and links it to the entity the list's own import made, whatever its names."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from entities.choices import EntityKind, IdentifierScheme
from entities.models import Entity
from importer.models import DifferenceAction, ListEntryState
from importer.parsers.ftm import parse_file
from importer.services import import_list
from tests.factories import EntityFactory, IdentifierFactory
from tests.importer.conftest import EU_EXCERPT_A, OFAC_NON_SDN, UK_SAMPLE, UN_SAMPLE
from tests.importer.ftm_lines import line, write

pytestmark = pytest.mark.django_db


def references(entry) -> list[tuple[str, str]]:
    return [(i.label, i.value) for i in entry.identifiers if i.scheme == "list_reference"]


def test_ids_referents_and_unsc_ids_become_list_references(tmp_path):
    path = write(
        tmp_path / "os.ftm.json",
        [
            {
                **line("NK-merged", "Organization", name="Some Company"),
                "referents": [
                    "ofac-18272",
                    "ofac-pr-f7b4c3fefb6dfa16d2e07a016d7ca85067e23c7b",  # a press release
                    "gb-hmt-10441",
                    "gb-hmt-named-some-company",  # a name, not a Group ID
                    "eu-fsf-eu-27-28",
                    "ua-nsdc-26852-some-company",  # a list the tracker does not import
                ],
            },
            line("ofac-10465", "Organization", name="A us_ofac_sdn entity"),
            line("NK-sanction", "Sanction", entity="NK-merged", unscId="CDi.001"),
        ],
    )
    merged, single = parse_file(path).entries
    assert references(merged) == [
        ("OFAC ent_num", "18272"),
        ("UK OFSI Group ID", "10441"),
        ("EU reference number", "EU.27.28"),
        ("UN reference number", "CDi.001"),
    ]
    assert references(single) == [("OFAC ent_num", "10465")]


def test_a_list_reference_written_by_export_ftm_comes_back(tmp_path):
    path = write(
        tmp_path / "ours.ftm.json",
        [
            line("st-ent-1", "Organization", name="Some Company"),
            line(
                "st-id-1",
                "Identification",
                holder="st-ent-1",
                number="18272",
                type="official list reference",
                summary="OFAC ent_num",
            ),
        ],
    )
    (entry,) = parse_file(path).entries
    assert [(i.scheme, i.value, i.label) for i in entry.identifiers] == [
        ("list_reference", "18272", "OFAC ent_num")
    ]


def test_opensanctions_entities_link_to_the_entries_they_name(tmp_path):
    for source, path in (
        ("ofac-non-sdn", OFAC_NON_SDN),
        ("uk-ofsi", UK_SAMPLE),
        ("eu-fsf", EU_EXCERPT_A),
        ("un-sc", UN_SAMPLE),
    ):
        import_list(source, path)
    before = Entity.objects.count()
    # Names spelled as no list spells them: only the references can link.
    path = write(
        tmp_path / "os.ftm.json",
        [
            {**line("NK-a", "Company", name="Exiar Insurance (OS)"), "referents": ["ofac-18272"]},
            {**line("NK-b", "Company", name="Boresh Kaveh (OS)"), "referents": ["gb-hmt-10441"]},
            line("eu-fsf-eu-27-28", "Person", name="Saddam (OS)"),
            line("NK-d", "Person", name="Badege (OS)"),
            line("NK-d-sanction", "Sanction", entity="NK-d", unscId="CDi.001"),
        ],
    )
    run = import_list("ftm", path).run
    assert (run.entries, run.added, run.linked) == (4, 4, 4)
    assert Entity.objects.count() == before

    def linked(ftm_id: str, source: str, reference: str) -> None:
        ours = ListEntryState.objects.get(source="ftm", reference=ftm_id).entity_id
        theirs = ListEntryState.objects.get(source=source, reference=reference).entity_id
        assert ours == theirs

    linked("NK-a", "ofac-non-sdn", "18272")
    linked("NK-b", "uk-ofsi", "10441")
    linked("eu-fsf-eu-27-28", "eu-fsf", "13")  # logicalId 13 is EU.27.28
    linked("NK-d", "un-sc", "CDi.001")
    message = run.differences.get(action=DifferenceAction.LINKED, reference="NK-a").message
    assert message.endswith(": same identifier list_reference 18272")


def test_an_export_imported_again_links_every_listed_entity(tmp_path):
    """export_ftm writes each list reference; importing the export into the database it
    came from finds every entity again instead of making a copy."""
    import_list("ofac-non-sdn", OFAC_NON_SDN)
    before = Entity.objects.count()
    output = tmp_path / "export.ftm.json"
    call_command("export_ftm", output=str(output), stdout=StringIO())
    run = import_list("ftm", output).run
    assert (run.added, run.linked) == (before, before) == (442, 442)
    assert Entity.objects.count() == before


def test_a_vessel_keeps_its_list_reference_through_an_export(tmp_path):
    """FtM lets only a legal entity hold an Identification: a vessel's OFAC ent_num travels
    as its referent ``ofac-<ent_num>``, and links it back (regression: 1,114 vessels and
    aircraft of a full SDN export were imported back as copies)."""
    vessel = EntityFactory(kind=EntityKind.VESSEL, name="OCEAN STAR")
    IdentifierFactory(
        entity=vessel, scheme=IdentifierScheme.LIST_REFERENCE, value="99001", label="OFAC ent_num"
    )
    output = tmp_path / "export.ftm.json"
    call_command("export_ftm", output=str(output), stdout=StringIO())
    lines = [json.loads(raw) for raw in output.read_text(encoding="utf-8").splitlines()]
    assert [(x["schema"], x["referents"]) for x in lines] == [("Vessel", ["ofac-99001"])]
    run = import_list("ftm", output).run
    assert (run.added, run.linked) == (1, 1)
    assert Entity.objects.get() == vessel
