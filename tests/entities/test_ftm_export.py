"""The FollowTheMoney export (``export_ftm``, ``?format=ftm``): every line of an export of
the seed and the list samples is an entity the ``followthemoney`` package loads whole, in
exact numbers; ids are stable; each of our records goes to its FtM property or schema; the
queries do not grow with the entities."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from entities.choices import (
    AliasKind,
    CountryRole,
    EntityDateKind,
    EntityKind,
    IdentifierScheme,
    RelationshipKind,
)
from entities.ftm import export
from entities.models import Entity
from importer.services import import_list
from sanctions_tracker.partial_dates import PartialDate
from tests.entities.ftm_checks import check_lines, parse
from tests.factories import (
    AddressFactory,
    AliasFactory,
    BodyFactory,
    CitationFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityDateFactory,
    EntityFactory,
    IdentifierFactory,
    ProgrammeFactory,
    RelationshipFactory,
    SourceFactory,
)
from tests.importer.conftest import (
    EU_EXCERPT_A,
    EU_EXCERPT_B,
    OFAC_NDC,
    OFAC_NON_SDN,
    UK_SAMPLE,
    UN_SAMPLE,
)

pytestmark = pytest.mark.django_db


def export_text(queryset=None) -> str:
    return "".join(export.stream(queryset or Entity.objects.order_by("name", "id")))


def by_id(lines: list[dict]) -> dict[str, dict]:
    return {line["id"]: line for line in lines}


@pytest.fixture
def seed_and_samples(db):
    """The seed and every list sample, as the import tests load them; EU excerpt b after a
    delists three EU entries (delisted designations in the export)."""
    call_command("load_seed", verbosity=0)
    import_list("ofac-sdn", OFAC_NDC)
    import_list("ofac-non-sdn", OFAC_NON_SDN)
    import_list("un-sc", UN_SAMPLE)
    import_list("uk-ofsi", UK_SAMPLE)
    import_list("eu-fsf", EU_EXCERPT_A)
    import_list("eu-fsf", EU_EXCERPT_B, allow_mass_delisting=True)


# Exact numbers of the export of the seed and the samples, by schema.
SEED_AND_SAMPLES = {
    "Person": 218,
    "Organization": 403,
    "PublicBody": 2,
    "Sanction": 715,
    "Address": 676,
    # 703 official list references, 27 national IDs, an e-mail address FtM refuses
    # (PRIYEMNAYA@YGDU) and an MMSI of an organisation (only a Vessel has one).
    "Identification": 732,
    "Passport": 66,
    # 220 "linked to", 3 associates that are organisations (Associate links two persons),
    # the seed's research institute that collaborated with the NDC.
    "UnknownLink": 224,
    # The seed's Jon Finer, who acts for the White House.
    "Representation": 1,
}


def test_the_export_of_the_seed_and_the_samples_validates_with_followthemoney(
    seed_and_samples,
):
    """Every line loads with ``model.get_proxy(data, cleaned=False)``, validates against its
    schema with no value lost, and refers only to entities in the file; the numbers of each
    schema are those of the records."""
    lines = parse(export_text())

    counts = check_lines(lines)

    assert dict(counts) == SEED_AND_SAMPLES
    sanctions = [line for line in lines if line["schema"] == "Sanction"]
    statuses = [line["properties"]["status"] for line in sanctions]
    assert statuses.count(["delisted"]) == 3
    targets = sum(line["target"] for line in lines)
    assert targets == Entity.objects.designated().count()
    # Each entity line names its list references as OpenSanctions ids (entities.numberings).
    referents = [r for line in lines for r in line.get("referents", ())]
    assert sum("referents" in line for line in lines) == 623  # every entity line
    prefixes = Counter(r.rsplit("-", 1)[0].rstrip("-0123456789") for r in referents)
    assert prefixes == {"ofac": 447, "gb-hmt": 120, "eu-fsf-eu": 8}


def test_two_exports_of_the_same_data_are_the_same_bytes(seed_and_samples):
    assert export_text() == export_text()


# What each record becomes ---------------------------------------------------------------------
def test_a_person_with_every_part_maps_to_its_ftm_properties():
    """Names, countries by role, dates at their precision (a range as its two ends),
    addresses as Address entities and text, identifiers to their property or document, a
    designation as a Sanction with its programme, authority, dates, measures and citations."""
    source = SourceFactory(url="https://example.org/press/1")
    body = BodyFactory(code="US-TEST", name="US Test Office", jurisdiction="US")
    programme = ProgrammeFactory(body=body, code="TST", name="Test programme")
    programme.url = "https://example.org/tst"
    programme.save()
    person = EntityFactory(kind=EntityKind.PERSON, name="Jane ROE", notes="Seen in 2020.")
    AliasFactory(entity=person, name="J. Roe", kind=AliasKind.AKA)
    AliasFactory(entity=person, name="Janie", kind=AliasKind.AKA, is_weak=True)
    AliasFactory(entity=person, name="Jane DOE", kind=AliasKind.FKA)
    EntityCountryFactory(entity=person, country="PK", role=CountryRole.NATIONALITY)
    EntityCountryFactory(entity=person, country="AE", role=CountryRole.LOCATED_IN)
    EntityDateFactory(entity=person, date=PartialDate.parse("1980-05"))
    EntityDateFactory(entity=person, date=PartialDate.parse("1960/1965"))
    AddressFactory(entity=person, street="1 Main Road", city="Karachi", country="PK")
    IdentifierFactory(entity=person, scheme=IdentifierScheme.PASSPORT, value="AB123", country="PK")
    IdentifierFactory(entity=person, scheme=IdentifierScheme.TAX_ID, value="TX-9")
    IdentifierFactory(entity=person, scheme=IdentifierScheme.LEI, value="NOT-A-LEI", country="")
    active = DesignationFactory(
        entity=person,
        body=body,
        programme=programme,
        listed=PartialDate.parse("2024-12"),
        measures=["asset_freeze", "travel_ban"],
        reason="Procurement.",
        reference="TST-1",
    )
    CitationFactory(source=source, designation=active, entity=None)
    past = DesignationFactory(
        entity=person, body=body, programme=None, listed=PartialDate.parse("2001")
    )
    past.delisted = PartialDate.parse("2003-02-01")
    past.save()

    lines = parse(export_text())
    check_lines(lines)
    entity = lines[0]
    p = entity["properties"]

    assert (entity["id"], entity["schema"], entity["target"]) == (
        f"st-ent-{person.uid}",
        "Person",
        True,
    )
    assert p["name"] == ["Jane ROE"] and p["alias"] == ["J. Roe"]
    assert (p["weakAlias"], p["previousName"]) == (["Janie"], ["Jane DOE"])
    assert (p["nationality"], p["country"]) == (["pk"], ["ae"])
    assert p["birthDate"] == ["1960", "1965", "1980-05"]
    assert p["address"] == ["1 Main Road, Karachi, Pakistan"]
    assert (p["passportNumber"], p["taxNumber"]) == (["AB123"], ["TX-9"])
    assert "leiCode" not in p  # fails the LEI format: an Identification instead
    assert p["notes"] == ["Seen in 2020."] and p["topics"] == ["sanction"]
    others = {line["schema"]: line for line in lines[1:]}
    assert others["Address"]["properties"] == {
        "full": ["1 Main Road, Karachi, Pakistan"],
        "street": ["1 Main Road"],
        "city": ["Karachi"],
        "country": ["pk"],
    }
    assert others["Address"]["id"] == p["addressEntity"][0]
    passport = others["Passport"]["properties"]
    assert (passport["number"], passport["country"]) == (["AB123"], ["pk"])
    assert others["Identification"]["properties"]["number"] == ["NOT-A-LEI"]
    sanctions = [line for line in lines if line["schema"] == "Sanction"]
    # In the order of their listing dates.
    assert [s["id"] for s in sanctions] == [f"st-des-{past.uid}", f"st-des-{active.uid}"]
    assert sanctions[1]["properties"] == {
        "entity": [entity["id"]],
        "authority": ["US Test Office"],
        "country": ["us"],
        "program": ["Test programme"],
        "programId": ["TST"],
        "programUrl": ["https://example.org/tst"],
        "listingDate": ["2024-12"],
        "startDate": ["2024-12"],
        "status": ["active"],
        "provisions": ["asset_freeze", "travel_ban"],
        "reason": ["Procurement."],
        "authorityId": ["TST-1"],
        "sourceUrl": ["https://example.org/press/1"],
    }
    assert sanctions[0]["caption"] == "Sanction"  # no programme
    delisted = sanctions[0]["properties"]
    assert (delisted["endDate"], delisted["status"]) == (["2003-02-01"], ["delisted"])


def test_vessels_and_relationships_take_the_schema_their_ends_allow():
    """Ownership of an asset, Family and Associate between persons, Directorship of an
    organisation, Representation; a link whose ends do not fit the schema's ranges is an
    UnknownLink with the kind as its role; a vessel's IMO number, MMSI and flag."""
    company = EntityFactory(kind=EntityKind.COMPANY, name="A Shipping Co")
    vessel = EntityFactory(kind=EntityKind.VESSEL, name="MV Example")
    org = EntityFactory(kind=EntityKind.ORGANIZATION, name="An Organisation")
    other = EntityFactory(kind=EntityKind.ORGANIZATION, name="Another Organisation")
    person, relative = (EntityFactory(kind=EntityKind.PERSON, name=n) for n in ("P1", "P2"))
    IdentifierFactory(entity=vessel, scheme=IdentifierScheme.IMO_NUMBER, value="9176187")
    IdentifierFactory(entity=vessel, scheme=IdentifierScheme.MMSI, value="445539000")
    EntityCountryFactory(entity=vessel, country="KP", role=CountryRole.FLAG)
    EntityDateFactory(entity=company, kind=EntityDateKind.ESTABLISHED, date="1999")
    links = {
        RelationshipFactory(subject=company, kind=RelationshipKind.OWNS, object=vessel): (
            "Ownership",
            {"owner": company, "asset": vessel},
        ),
        RelationshipFactory(subject=org, kind=RelationshipKind.OWNS, object=company): (
            "Ownership",
            {"owner": org, "asset": company},
        ),
        RelationshipFactory(subject=company, kind=RelationshipKind.OWNS, object=other): (
            "UnknownLink",  # an Organization is no Asset in FtM
            {"subject": company, "object": other},
        ),
        RelationshipFactory(subject=company, kind=RelationshipKind.SUBSIDIARY_OF, object=org): (
            "Ownership",
            {"owner": org, "asset": company},
        ),
        RelationshipFactory(subject=person, kind=RelationshipKind.FAMILY_OF, object=relative): (
            "Family",
            {"person": person, "relative": relative},
        ),
        RelationshipFactory(subject=person, kind=RelationshipKind.ASSOCIATE_OF, object=org): (
            "UnknownLink",
            {"subject": person, "object": org},
        ),
        RelationshipFactory(subject=person, kind=RelationshipKind.DIRECTOR_OF, object=org): (
            "Directorship",
            {"director": person, "organization": org},
        ),
        RelationshipFactory(subject=relative, kind=RelationshipKind.ACTS_FOR, object=org): (
            "Representation",
            {"agent": relative, "client": org},
        ),
    }

    lines = by_id(parse(export_text()))
    check_lines(list(lines.values()))

    ship = lines[f"st-ent-{vessel.uid}"]["properties"]
    assert (ship["imoNumber"], ship["mmsi"], ship["flag"]) == (
        ["IMO9176187"],
        ["445539000"],
        ["kp"],
    )
    assert lines[f"st-ent-{company.uid}"]["properties"]["incorporationDate"] == ["1999"]
    for relationship, (schema, ends) in links.items():
        line = lines[f"st-rel-{relationship.uid}"]
        assert line["schema"] == schema, relationship
        for prop, entity in ends.items():
            assert line["properties"][prop] == [f"st-ent-{entity.uid}"], relationship
        if schema == "UnknownLink":
            assert line["properties"]["role"] == [relationship.get_kind_display()]


def test_a_filtered_export_leaves_out_links_to_entities_it_does_not_hold():
    """Every reference resolves in the file: a relationship is written when both of its
    ends are exported."""
    inside = EntityFactory(name="Inside")
    EntityCountryFactory(entity=inside, country="PK")
    outside = EntityFactory(name="Outside")
    RelationshipFactory(subject=inside, object=outside)

    lines = parse(export_text(Entity.objects.in_country("PK").order_by("name", "id")))

    assert [line["schema"] for line in lines] == ["Organization"]
    assert {line["schema"] for line in parse(export_text())} == {"Organization", "UnknownLink"}


# Queries --------------------------------------------------------------------------------------
# One query reads the entities (a cursor, read a chunk at a time); per chunk, one for each
# part: aliases, countries, dates, addresses, identifiers, designations, the designations'
# measures and citations, and the relationships.
QUERIES_PER_CHUNK = 9


def entities_with_every_part(count: int) -> None:
    """``count`` persons, each with one of every part; each but the first is family of the
    one before it."""
    previous = Entity.objects.order_by("-id").first()
    for n in range(count):
        entity = EntityFactory(kind=EntityKind.PERSON, name=f"Person {Entity.objects.count()}")
        AliasFactory(entity=entity)
        EntityCountryFactory(entity=entity)
        EntityDateFactory(entity=entity)
        AddressFactory(entity=entity)
        IdentifierFactory(entity=entity, scheme=IdentifierScheme.PASSPORT)
        designation = DesignationFactory(entity=entity, measures=["asset_freeze"])
        source = SourceFactory(url=f"https://example.org/{n}")
        CitationFactory(source=source, designation=designation, entity=None)
        if previous is not None:
            RelationshipFactory(subject=entity, kind=RelationshipKind.FAMILY_OF, object=previous)
        previous = entity


def test_queries_do_not_grow_with_the_entities(django_assert_num_queries):
    entities_with_every_part(1)
    with django_assert_num_queries(1 + QUERIES_PER_CHUNK):
        one = parse(export_text())
    entities_with_every_part(29)

    with django_assert_num_queries(1 + QUERIES_PER_CHUNK):
        lines = parse(export_text())

    assert len(lines) == 30 * len(one) + 29  # and 29 links
    check_lines(lines)


def test_queries_grow_with_the_chunks_only(django_assert_num_queries, monkeypatch):
    """A chunk of entities costs the same queries whatever its size: the whole export is
    read in chunks (memory stays flat)."""
    entities_with_every_part(10)
    monkeypatch.setattr(export, "CHUNK_SIZE", 4)  # 10 entities: 3 chunks

    with django_assert_num_queries(1 + 3 * QUERIES_PER_CHUNK):
        chunks = list(export.stream(Entity.objects.order_by("name", "id")))

    assert len(chunks) == 3
    check_lines(parse("".join(chunks)))


# The command ----------------------------------------------------------------------------------
def test_the_command_writes_the_file_or_stdout_with_the_api_filters(tmp_path):
    pk = EntityFactory(name="In Pakistan")
    EntityCountryFactory(entity=pk, country="PK")
    EntityFactory(name="Elsewhere")
    path = tmp_path / "pk.ftm.json"

    call_command("export_ftm", "--country", "pk", "--output", str(path))
    out = io.StringIO()
    call_command("export_ftm", stdout=out)

    assert [line["caption"] for line in parse(path.read_text("utf-8"))] == ["In Pakistan"]
    assert [line["caption"] for line in parse(out.getvalue())] == ["Elsewhere", "In Pakistan"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--country", "XX", "--country: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        ("--designated", "maybe", "--designated: 'maybe' is not a boolean"),
        ("--body", "NOPE", "--body: No body has the code 'NOPE'"),
        ("--birth-date-after", "1980", "--birth-date-after: "),
        ("--country", " ", "--country: Empty value"),
        ("--kind", "ship", "--kind: Select a valid choice"),
    ],
)
def test_the_command_refuses_a_bad_filter_and_writes_nothing(tmp_path, option, value, message):
    path = tmp_path / "out.ftm.json"
    with pytest.raises(CommandError, match=message):
        call_command("export_ftm", option, value, "--output", str(path))
    assert not path.exists()


def test_an_address_too_long_for_ftm_is_kept_as_remarks():
    """FtM's address type takes 250 characters: a longer text is the Address's remarks,
    not an invalid ``full`` or ``address``."""
    entity = EntityFactory()
    long_text = "Building 7, " * 30
    AddressFactory(entity=entity, full=long_text, city="Karachi")

    lines = parse(export_text())
    check_lines(lines)

    assert "address" not in lines[0]["properties"]
    address = lines[1]["properties"]
    assert (address["remarks"], address["city"]) == ([long_text.strip()], ["Karachi"])
    assert "full" not in address and lines[1]["caption"] == "Karachi"


def test_the_command_has_an_option_for_every_filter_of_the_entity_list():
    from entities.filtersets import EntityFilterSet
    from entities.management.commands.export_ftm import Command

    parser = Command().create_parser("manage.py", "export_ftm")
    options = {a.dest for a in parser._actions}
    assert {f"filter_{name}" for name in EntityFilterSet.base_filters} <= options


def test_two_web_addresses_ftm_takes_for_one_are_written_once():
    """Regression: ``www.veb.ru`` and ``http://www.veb.ru`` (two lists' spellings) were both
    written; FtM cleans both to ``http://www.veb.ru/``, so a reader lost one and the line
    failed the check that cleaning loses nothing."""
    bank = EntityFactory(kind=EntityKind.COMPANY, name="VEB.RF")
    for value in ("www.veb.ru", "http://www.veb.ru"):
        IdentifierFactory(entity=bank, scheme=IdentifierScheme.WEBSITE, value=value)

    lines = parse(export_text())

    check_lines(lines)
    assert by_id(lines)[f"st-ent-{bank.uid}"]["properties"]["website"] == ["http://www.veb.ru/"]
