"""The fixed vocabularies of entities, designations and programmes (see DOMAIN.md)."""

from django.db import models


class EntityKind(models.TextChoices):
    PERSON = "person", "person"
    ORGANIZATION = "organization", "organization"
    COMPANY = "company", "company"
    PUBLIC_BODY = "public_body", "public body"
    VESSEL = "vessel", "vessel"
    AIRCRAFT = "aircraft", "aircraft"


class AliasKind(models.TextChoices):
    AKA = "aka", "a.k.a."
    FKA = "fka", "f.k.a."
    NKA = "nka", "n.k.a."
    NATIVE_SCRIPT = "native_script", "name in native script"


class CountryRole(models.TextChoices):
    LOCATED_IN = "located_in", "located in"
    NATIONALITY = "nationality", "nationality"
    CITIZENSHIP = "citizenship", "citizenship"
    INCORPORATED_IN = "incorporated_in", "incorporated in"
    FLAG = "flag", "flag state"
    OTHER = "other", "other"


class IdentifierScheme(models.TextChoices):
    REGISTRATION_NUMBER = "registration_number", "registration number"
    TAX_ID = "tax_id", "tax ID"
    USCC = "uscc", "unified social credit code (USCC)"
    PASSPORT = "passport", "passport"
    NATIONAL_ID = "national_id", "national ID"
    IMO_NUMBER = "imo_number", "IMO number"
    MMSI = "mmsi", "MMSI"
    CALL_SIGN = "call_sign", "call sign"
    AIRCRAFT_REGISTRATION = "aircraft_registration", "aircraft registration"
    SWIFT_BIC = "swift_bic", "SWIFT/BIC"
    LEI = "lei", "LEI"
    WEBSITE = "website", "website"
    EMAIL = "email", "email"
    LIST_REFERENCE = "list_reference", "official list reference"
    OTHER = "other", "other"


class EntityDateKind(models.TextChoices):
    BIRTH = "birth", "date of birth"
    ESTABLISHED = "established", "date of establishment"


class RelationshipKind(models.TextChoices):
    OWNS = "owns", "owns"
    SUBSIDIARY_OF = "subsidiary_of", "is a subsidiary of"
    AFFILIATE_OF = "affiliate_of", "is an affiliate of"
    SUPPLIES = "supplies", "supplies"
    COLLABORATED_WITH = "collaborated_with", "collaborated with"
    ACTS_FOR = "acts_for", "acts for"
    DIRECTOR_OF = "director_of", "is a director of"
    FAMILY_OF = "family_of", "is family of"
    ASSOCIATE_OF = "associate_of", "is an associate of"
    LINKED_TO = "linked_to", "is linked to"
    OTHER = "other", "other"


class DesignationStatus(models.TextChoices):
    ACTIVE = "active", "active"
    DELISTED = "delisted", "delisted"


class MeasureCode(models.TextChoices):
    ASSET_FREEZE = "asset_freeze", "asset freeze"
    TRANSACTION_BAN = "transaction_ban", "prohibition of transactions"
    TRAVEL_BAN = "travel_ban", "travel ban"
    ARMS_EMBARGO = "arms_embargo", "arms embargo"
    EXPORT_RESTRICTION = "export_restriction", "export restriction"
    IMPORT_RESTRICTION = "import_restriction", "import restriction"
    FINANCIAL_RESTRICTION = "financial_restriction", "financial restriction"
    SERVICES_BAN = "services_ban", "services ban"
    OTHER = "other", "other"


class ProgrammeStatus(models.TextChoices):
    ACTIVE = "active", "active"
    ENDED = "ended", "ended"
