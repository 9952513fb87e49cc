"""Our vocabularies in FtM terms: which schema an entity kind, a relationship kind or an
identifier scheme becomes, and which property holds a country role or a kind of date.

The schemata's properties are written here as data (the ``followthemoney`` package is a
test dependency only); tests/entities/test_ftm_export.py checks every line the export writes
against the package's model, ranges of entity references included.
"""

from __future__ import annotations

from dataclasses import dataclass

from entities.choices import (
    CountryRole,
    EntityDateKind,
    EntityKind,
    IdentifierScheme,
    RelationshipKind,
)

DATASET = "sanctions-tracker"

SCHEMA_BY_KIND = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANIZATION: "Organization",
    EntityKind.COMPANY: "Company",
    EntityKind.PUBLIC_BODY: "PublicBody",
    EntityKind.VESSEL: "Vessel",
    EntityKind.AIRCRAFT: "Airplane",
}

# The kinds whose schema is a LegalEntity (has taxNumber, email, incorporationDate... and
# may hold an Identification); a Person is one too. Vessels and aircraft are Vehicles.
LEGAL_ENTITIES = frozenset(
    {EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.COMPANY, EntityKind.PUBLIC_BODY}
)
# The kinds whose schema is an Organization (Directorship's organization, imoNumber).
ORGANIZATIONS = frozenset({EntityKind.ORGANIZATION, EntityKind.COMPANY, EntityKind.PUBLIC_BODY})
# The kinds whose schema is an Asset (what an Ownership owns).
ASSETS = frozenset({EntityKind.COMPANY, EntityKind.VESSEL, EntityKind.AIRCRAFT})
PERSONS = frozenset({EntityKind.PERSON})
VEHICLES = frozenset({EntityKind.VESSEL, EntityKind.AIRCRAFT})
ALL_KINDS = frozenset(EntityKind.values)


def country_property(role: str, kind: str) -> str:
    """The property of a country in this role: nationality and citizenship of a person,
    the jurisdiction a legal entity is incorporated in, a vessel's flag; else ``country``."""
    if kind in PERSONS and role in (CountryRole.NATIONALITY, CountryRole.CITIZENSHIP):
        return "nationality" if role == CountryRole.NATIONALITY else "citizenship"
    if kind in LEGAL_ENTITIES and role == CountryRole.INCORPORATED_IN:
        return "jurisdiction"
    if kind == EntityKind.VESSEL and role == CountryRole.FLAG:
        return "flag"
    return "country"


def date_property(date_kind: str, kind: str) -> str | None:
    """The property of a date of birth or establishment; None where the schema has none
    (a vehicle's "establishment", a person's)."""
    if date_kind == EntityDateKind.BIRTH and kind in PERSONS:
        return "birthDate"
    if date_kind == EntityDateKind.ESTABLISHED and kind in LEGAL_ENTITIES - PERSONS:
        return "incorporationDate"
    if date_kind == EntityDateKind.ESTABLISHED and kind in VEHICLES:
        return "buildDate"
    return None


@dataclass(frozen=True)
class IdentifierProperty:
    """The entity property an identifier scheme fills, on the kinds whose schema has it;
    ``check`` names the FtM format its values must pass (see entities.ftm.values)."""

    name: str
    kinds: frozenset
    check: str = ""


# Schemes with a property of their own. A passport or national ID is also a document of its
# own (Passport, Identification), as OpenSanctions writes them; every other scheme, and a
# value that fails its format, is an Identification (see entities.ftm.export).
IDENTIFIER_PROPERTIES = {
    IdentifierScheme.REGISTRATION_NUMBER: IdentifierProperty("registrationNumber", ALL_KINDS),
    IdentifierScheme.TAX_ID: IdentifierProperty("taxNumber", LEGAL_ENTITIES),
    IdentifierScheme.USCC: IdentifierProperty("uscCode", LEGAL_ENTITIES, "uscc"),
    IdentifierScheme.PASSPORT: IdentifierProperty("passportNumber", PERSONS),
    IdentifierScheme.NATIONAL_ID: IdentifierProperty("idNumber", LEGAL_ENTITIES),
    IdentifierScheme.IMO_NUMBER: IdentifierProperty(
        "imoNumber", ORGANIZATIONS | {EntityKind.VESSEL}, "imo"
    ),
    IdentifierScheme.MMSI: IdentifierProperty("mmsi", frozenset({EntityKind.VESSEL})),
    IdentifierScheme.CALL_SIGN: IdentifierProperty("callSign", frozenset({EntityKind.VESSEL})),
    IdentifierScheme.AIRCRAFT_REGISTRATION: IdentifierProperty("registrationNumber", VEHICLES),
    IdentifierScheme.SWIFT_BIC: IdentifierProperty("swiftBic", LEGAL_ENTITIES, "bic"),
    IdentifierScheme.LEI: IdentifierProperty("leiCode", LEGAL_ENTITIES, "lei"),
    IdentifierScheme.WEBSITE: IdentifierProperty("website", LEGAL_ENTITIES, "url"),
    IdentifierScheme.EMAIL: IdentifierProperty("email", LEGAL_ENTITIES, "email"),
}
# Schemes that are documents of their own besides any property: Passport for passports.
DOCUMENT_SCHEMES = {
    IdentifierScheme.PASSPORT: "Passport",
    IdentifierScheme.NATIONAL_ID: "Identification",
}


@dataclass(frozen=True)
class LinkSchema:
    """How a relationship kind is written: the schema, the properties that hold our subject
    and object, and the kinds each end must be for the schema's ranges. A link whose ends
    do not fit is an UnknownLink (subject, object) with the kind as its ``role``."""

    schema: str
    subject: str
    object: str
    subject_kinds: frozenset = ALL_KINDS
    object_kinds: frozenset = ALL_KINDS
    role: bool = False  # write the kind's label as the role (the schema alone loses it)


# FtM's caption of a link with no caption property is its schema's label.
SCHEMA_LABELS = {"UnknownLink": "Other link"}

UNKNOWN_LINK = LinkSchema("UnknownLink", "subject", "object", role=True)

LINKS = {
    RelationshipKind.OWNS: LinkSchema("Ownership", "owner", "asset", LEGAL_ENTITIES, ASSETS),
    # The parent owns the subsidiary: an Ownership read from the other end.
    RelationshipKind.SUBSIDIARY_OF: LinkSchema(
        "Ownership", "asset", "owner", ASSETS, LEGAL_ENTITIES, role=True
    ),
    RelationshipKind.ACTS_FOR: LinkSchema(
        "Representation", "agent", "client", LEGAL_ENTITIES, LEGAL_ENTITIES
    ),
    RelationshipKind.DIRECTOR_OF: LinkSchema(
        "Directorship", "director", "organization", LEGAL_ENTITIES, ORGANIZATIONS
    ),
    RelationshipKind.FAMILY_OF: LinkSchema("Family", "person", "relative", PERSONS, PERSONS),
    RelationshipKind.ASSOCIATE_OF: LinkSchema("Associate", "person", "associate", PERSONS, PERSONS),
}


def link_schema(kind: str, subject_kind: str, object_kind: str) -> LinkSchema:
    """The schema of a relationship of ``kind`` between entities of these kinds."""
    link = LINKS.get(kind)
    if link is None or subject_kind not in link.subject_kinds:
        return UNKNOWN_LINK
    if object_kind not in link.object_kinds:
        return UNKNOWN_LINK
    return link
