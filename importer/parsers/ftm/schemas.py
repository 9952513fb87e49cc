"""What each FtM schema and property becomes in the tracker's vocabulary.

Read from the FtM schema (``followthemoney`` 4.11: ``model.get("Ownership").edge_source``
and so on); the parser does not import the package, so that the importer needs nothing
beyond the project's requirements at run time.
"""

from __future__ import annotations

from typing import NamedTuple

# The schemas that become entities (one list entry each).
KINDS = {
    "Person": "person",
    "Organization": "organization",
    "Company": "company",
    "PublicBody": "public_body",
    "LegalEntity": "organization",  # FtM's "any person or organisation": no finer kind
    "Vessel": "vessel",
    "Airplane": "aircraft",
}


class LinkSchema(NamedTuple):
    subject: str  # the property naming the subject entity
    object: str  # the property naming the other entity
    kind: str  # RelationshipKind value
    words: str  # what the relationship says when its kind is "other"


# Relationships between entities: each becomes one link of its subject's entry.
LINKS = {
    "Ownership": LinkSchema("owner", "asset", "owns", ""),
    "Directorship": LinkSchema("director", "organization", "director_of", ""),
    "Family": LinkSchema("person", "relative", "family_of", ""),
    "Associate": LinkSchema("person", "associate", "associate_of", ""),
    "UnknownLink": LinkSchema("subject", "object", "linked_to", ""),
    "Membership": LinkSchema("member", "organization", "other", "member of"),
    "Employment": LinkSchema("employee", "employer", "other", "employed by"),
    "Representation": LinkSchema("agent", "client", "acts_for", ""),
}

# Records folded into the entity they name.
SANCTION = "Sanction"
ADDRESS = "Address"
IDENTIFICATIONS = {"Identification": "national_id", "Passport": "passport"}
HOLDER = "holder"


class IdentifierProperty(NamedTuple):
    scheme: str  # IdentifierScheme value
    country: str = ""  # the issuer, when the property implies it
    label: str = ""  # the property's meaning, kept as the identifier's label


# An entity's identifier properties. ``idNumber`` is read by kind (see ``identifier_of``).
IDENTIFIERS = {
    "registrationNumber": IdentifierProperty("registration_number"),
    "imoNumber": IdentifierProperty("imo_number"),
    "innCode": IdentifierProperty("tax_id", "RU", "INN"),
    "ogrnCode": IdentifierProperty("registration_number", "RU", "OGRN"),
    "taxNumber": IdentifierProperty("tax_id"),
    "vatCode": IdentifierProperty("tax_id", "", "VAT"),
    "uscCode": IdentifierProperty("uscc", "CN"),
    "swiftBic": IdentifierProperty("swift_bic"),
    "leiCode": IdentifierProperty("lei"),
    "passportNumber": IdentifierProperty("passport"),
    "mmsi": IdentifierProperty("mmsi"),
    "callSign": IdentifierProperty("call_sign"),
    "email": IdentifierProperty("email"),
    "website": IdentifierProperty("website"),
}


def identifier_of(prop: str, kind: str) -> IdentifierProperty | None:
    """The scheme of an entity's identifier property; None for one the tracker does not keep."""
    if prop == "idNumber":
        # FtM's generic "ID number": a person's is a national ID; an organisation's says
        # nothing more than "an identifier".
        if kind == "person":
            return IdentifierProperty("national_id", "", "ID number")
        return IdentifierProperty("other", "", "ID number")
    if prop == "registrationNumber" and kind == "aircraft":
        return IdentifierProperty("aircraft_registration")
    return IDENTIFIERS.get(prop)


# Country properties -> CountryRole, by kind ("" : any kind).
COUNTRIES = (
    ("nationality", "person", "nationality"),
    ("citizenship", "person", "citizenship"),
    ("country", "person", "other"),  # OpenSanctions' "associated country" of a person
    ("jurisdiction", "", "incorporated_in"),
    ("flag", "vessel", "flag"),
    ("country", "vessel", "other"),
    ("country", "aircraft", "other"),
    ("mainCountry", "", "located_in"),
    ("country", "", "located_in"),
)

# Names: property -> (AliasKind, weak).
NAMES = (
    ("name", "aka", False),
    ("alias", "aka", False),
    ("previousName", "fka", False),
    ("weakAlias", "aka", True),
    ("abbreviation", "aka", True),
)

# Dates of an entity: property -> DateRecord kind.
DATES = (("birthDate", "birth"), ("incorporationDate", "established"))

# Sanction status words (lower case) that say the designation ended.
ENDED = frozenset(
    ["delisted", "expired", "inactive", "revoked", "lifted", "removed", "terminated", "ended"]
)
IN_FORCE = frozenset(["active", "sanctioned", "current", "in force", "listed"])
