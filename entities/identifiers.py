"""Identifier schemes by what they prove: the importer's matching and screening both read
this, so that "the same identifier means the same party" has one definition."""

from entities.choices import IdentifierScheme

# Identifiers that name one party only. Websites and e-mail addresses are shared too often.
STRONG_SCHEMES = frozenset(
    scheme.value
    for scheme in (
        IdentifierScheme.PASSPORT,
        IdentifierScheme.NATIONAL_ID,
        IdentifierScheme.TAX_ID,
        IdentifierScheme.REGISTRATION_NUMBER,
        IdentifierScheme.USCC,
        IdentifierScheme.IMO_NUMBER,
        IdentifierScheme.MMSI,
        IdentifierScheme.AIRCRAFT_REGISTRATION,
        IdentifierScheme.LEI,
        IdentifierScheme.SWIFT_BIC,
    )
)
