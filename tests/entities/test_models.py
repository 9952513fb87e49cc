"""Entity-side models: every database constraint (hit directly, and through full_clean),
validation rules, names folded for search, __str__, natural keys, measures, history and
protection against deletion."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from entities.choices import (
    AliasKind,
    CountryRole,
    DesignationStatus,
    EntityDateKind,
    EntityKind,
    IdentifierScheme,
    RelationshipKind,
)
from entities.models import (
    Address,
    Alias,
    Body,
    Designation,
    Entity,
    EntityCountry,
    EntityDate,
    Identifier,
    Measure,
    Programme,
    Relationship,
)
from entities.models.reference import body_code_validator
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import (
    AddressFactory,
    AliasFactory,
    BodyFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityDateFactory,
    EntityFactory,
    IdentifierFactory,
    ProgrammeFactory,
    RelationshipFactory,
    TargetedActivityFactory,
)
from tests.sanctions_tracker import rejected_by_database, validation_errors

pytestmark = pytest.mark.django_db


# Body ---------------------------------------------------------------------------------------
def test_database_refuses_a_body_code_in_lower_case():
    """``body_code_upper_case``: the database refuses a code not written in capitals."""
    with rejected_by_database("body_code_upper_case"):
        Body.objects.create(code="us-dos", name="US Department of State")


def test_validation_refuses_a_body_code_in_lower_case():
    """full_clean refuses a lower-case code on the code field, saying how to write it."""
    errors = validation_errors(Body(code="us-dos", name="US Department of State"))
    assert errors == {
        "code": ["Write the code as JURISDICTION-ACRONYM in capitals, such as US-DOS, UN-SC or EU."]
    }


@pytest.mark.parametrize("code", ["US-DOS", "USDOS", "UN-SC", "EU", "UK-OFSI", "UN-1267"])
def test_body_code_validator_accepts_capitals_with_dashes(code):
    """JURISDICTION-ACRONYM codes in capitals (and a bare acronym such as USDOS) pass."""
    body_code_validator(code)


@pytest.mark.parametrize("code", ["us-dos", "U", "US_DOS", "US DOS", "US-", "-DOS", "1US-DOS"])
def test_body_code_validator_refuses_other_forms(code):
    """Lower case, one letter, underscores, spaces and dangling dashes are refused."""
    with pytest.raises(ValidationError, match="JURISDICTION-ACRONYM"):
        body_code_validator(code)


def test_database_refuses_a_body_inside_itself():
    """``body_not_its_own_parent``: a body cannot be its own parent."""
    body = BodyFactory(code="US-TREAS")
    body.parent = body
    with rejected_by_database("body_not_its_own_parent"):
        body.save()


def test_validation_refuses_a_body_inside_itself():
    """full_clean refuses a body that is its own parent, with the constraint's message."""
    body = BodyFactory(code="US-TREAS")
    body.parent = body
    assert validation_errors(body)["__all__"] == ["A body cannot sit inside itself."]


def test_body_can_sit_inside_another_body():
    """OFAC sits inside the Treasury."""
    treasury = BodyFactory(code="US-TREAS")
    ofac = BodyFactory(code="US-OFAC", parent=treasury)
    ofac.full_clean()
    assert list(treasury.children.all()) == [ofac]


def test_database_refuses_a_jurisdiction_not_in_capitals():
    """``body_jurisdiction_iso_alpha2``: the database refuses "pk" written past the model
    (the model itself stores codes in capitals)."""
    body = BodyFactory(code="PK-MOFA")
    with rejected_by_database("body_jurisdiction_iso_alpha2"):
        Body.objects.filter(pk=body.pk).update(jurisdiction="pk")


def test_database_refuses_a_jurisdiction_with_digits():
    """``body_jurisdiction_iso_alpha2`` refuses "12": a country code is two letters."""
    body = BodyFactory(code="PK-MOFA")
    with rejected_by_database("body_jurisdiction_iso_alpha2"):
        Body.objects.filter(pk=body.pk).update(jurisdiction="12")


@pytest.mark.parametrize("jurisdiction", ["pk", "pak", "PK"])
def test_model_stores_the_jurisdiction_as_an_alpha2_code(jurisdiction):
    """The model writes "pk", "pak" or "PK" as the ISO 3166-1 alpha-2 code PK."""
    body = Body(code="PK-MOFA", name="Ministry of Foreign Affairs", jurisdiction=jurisdiction)
    body.full_clean()
    body.save()
    assert Body.objects.filter(pk=body.pk).values_list("jurisdiction", flat=True).get() == "PK"


@pytest.mark.parametrize("jurisdiction", ["ZZ", "Pakistan"])
def test_validation_refuses_a_jurisdiction_that_is_no_country_code(jurisdiction):
    """full_clean refuses a value that is no country code, on the jurisdiction field."""
    body = Body(code="PK-MOFA", name="Ministry of Foreign Affairs", jurisdiction=jurisdiction)
    assert validation_errors(body) == {
        "jurisdiction": [f"Value '{jurisdiction}' is not a valid choice."]
    }


def test_body_jurisdiction_may_be_blank_for_an_international_body():
    """A blank jurisdiction is allowed and means international."""
    body = BodyFactory(code="UN-SC", jurisdiction="")
    body.full_clean()
    assert body.is_international is True


def test_database_refuses_two_bodies_with_one_code():
    """Body codes are unique."""
    BodyFactory(code="US-DOS")
    with rejected_by_database("entities_body_code_key", sqlite_unique="entities_body.code"):
        Body.objects.create(code="US-DOS", name="Another")


def test_validation_refuses_two_bodies_with_one_code():
    """full_clean refuses a second body with the same code, on the code field."""
    BodyFactory(code="US-DOS")
    assert validation_errors(Body(code="US-DOS", name="Another"))["code"] == [
        "Body with this Code already exists."
    ]


# Programme ----------------------------------------------------------------------------------
def test_database_refuses_two_programmes_with_one_code_in_a_body():
    """``programme_unique_code_per_body``."""
    body = BodyFactory(code="US-OFAC")
    ProgrammeFactory(body=body, code="NPWMD")
    with rejected_by_database(
        "programme_unique_code_per_body",
        sqlite_unique="entities_programme.body_id, entities_programme.code",
    ):
        Programme.objects.create(body=body, code="NPWMD", name="Again")


def test_validation_refuses_two_programmes_with_one_code_in_a_body():
    """full_clean refuses the duplicate with the constraint's message."""
    body = BodyFactory(code="US-OFAC")
    ProgrammeFactory(body=body, code="NPWMD")
    errors = validation_errors(Programme(body=body, code="NPWMD", name="Again"))
    assert errors["__all__"] == ["This body already has a programme with this code."]


def test_two_bodies_may_use_the_same_programme_code():
    """Programme codes are unique per body only."""
    ProgrammeFactory(body=BodyFactory(code="US-OFAC"), code="IRAN")
    other = Programme(body=BodyFactory(code="UK-OFSI"), code="IRAN", name="Iran")
    other.full_clean()
    other.save()
    assert Programme.objects.filter(code="IRAN").count() == 2


def test_database_refuses_a_programme_without_code():
    """``programme_code_not_blank``."""
    with rejected_by_database("programme_code_not_blank"):
        Programme.objects.create(body=BodyFactory(), code="", name="No code")


def test_validation_refuses_a_programme_without_code():
    """full_clean refuses a blank code on the code field."""
    errors = validation_errors(Programme(body=BodyFactory(), code="", name="No code"))
    assert errors == {"code": ["This field cannot be blank."]}


# Entity -------------------------------------------------------------------------------------
def test_database_refuses_an_entity_without_name():
    """``entity_name_not_blank``."""
    with rejected_by_database("entity_name_not_blank"):
        Entity.objects.create(kind=EntityKind.COMPANY, name="")


def test_validation_refuses_an_entity_without_name():
    """full_clean refuses a blank name on the name field."""
    errors = validation_errors(Entity(kind=EntityKind.COMPANY, name=""))
    assert errors == {"name": ["This field cannot be blank."]}


def test_database_refuses_an_unknown_entity_kind():
    """``entity_kind_valid``: only the kinds of DOMAIN.md."""
    with rejected_by_database("entity_kind_valid"):
        Entity.objects.create(kind="ship", name="MV Example")


def test_validation_refuses_an_unknown_entity_kind():
    """full_clean refuses an unknown kind on the kind field."""
    errors = validation_errors(Entity(kind="ship", name="MV Example"))
    assert errors == {"kind": ["Value 'ship' is not a valid choice."]}


def test_entity_kinds_are_those_of_the_domain():
    """The entity kinds are exactly the six of DOMAIN.md."""
    assert EntityKind.values == [
        "person",
        "organization",
        "company",
        "public_body",
        "vessel",
        "aircraft",
    ]


# Alias --------------------------------------------------------------------------------------
def test_database_refuses_the_same_alias_twice_on_an_entity():
    """``alias_unique_per_entity``: same entity, name and kind."""
    alias = AliasFactory(name="NDC", kind=AliasKind.AKA)
    with rejected_by_database(
        "alias_unique_per_entity",
        sqlite_unique="entities_alias.entity_id, entities_alias.name, entities_alias.kind",
    ):
        Alias.objects.create(entity=alias.entity, name="NDC", kind=AliasKind.AKA)


def test_validation_refuses_the_same_alias_twice_on_an_entity():
    """full_clean refuses the duplicate alias with the constraint's message."""
    alias = AliasFactory(name="NDC", kind=AliasKind.AKA)
    errors = validation_errors(Alias(entity=alias.entity, name="NDC", kind=AliasKind.AKA))
    assert errors["__all__"] == ["This entity already has this alias."]


def test_same_alias_name_may_be_of_another_kind_or_entity():
    """One name may be an a.k.a. and a f.k.a., or an alias of two entities."""
    alias = AliasFactory(name="NDC", kind=AliasKind.AKA)
    AliasFactory(entity=alias.entity, name="NDC", kind=AliasKind.FKA)
    AliasFactory(name="NDC", kind=AliasKind.AKA)
    assert Alias.objects.filter(name="NDC").count() == 3


def test_database_refuses_an_alias_without_name():
    """``alias_name_not_blank``."""
    with rejected_by_database("alias_name_not_blank"):
        Alias.objects.create(entity=EntityFactory(), name="")


def test_validation_refuses_an_alias_without_name():
    """full_clean refuses a blank alias on the name field."""
    errors = validation_errors(Alias(entity=EntityFactory(), name=""))
    assert errors == {"name": ["This field cannot be blank."]}


# EntityCountry ------------------------------------------------------------------------------
def test_database_refuses_the_same_country_role_twice():
    """``entitycountry_unique_role``: same entity, country and role."""
    tie = EntityCountryFactory(country="PK", role=CountryRole.LOCATED_IN)
    with rejected_by_database(
        "entitycountry_unique_role",
        sqlite_unique=(
            "entities_entitycountry.entity_id, entities_entitycountry.country, "
            "entities_entitycountry.role"
        ),
    ):
        EntityCountry.objects.create(entity=tie.entity, country="PK", role=CountryRole.LOCATED_IN)


def test_validation_refuses_the_same_country_role_twice():
    """full_clean refuses the duplicate with the constraint's message."""
    tie = EntityCountryFactory(country="PK", role=CountryRole.LOCATED_IN)
    duplicate = EntityCountry(entity=tie.entity, country="PK", role=CountryRole.LOCATED_IN)
    assert validation_errors(duplicate)["__all__"] == [
        "This entity already has this country in this role."
    ]


def test_same_country_may_have_another_role():
    """An entity may be located in and incorporated in the same country."""
    tie = EntityCountryFactory(country="PK", role=CountryRole.LOCATED_IN)
    other = EntityCountry(entity=tie.entity, country="PK", role=CountryRole.INCORPORATED_IN)
    other.full_clean()
    other.save()
    assert tie.entity.countries.count() == 2


def test_database_refuses_an_entity_country_in_lower_case():
    """``entitycountry_country_iso_alpha2``: "pk" written past the model is refused."""
    tie = EntityCountryFactory(country="PK")
    with rejected_by_database("entitycountry_country_iso_alpha2"):
        EntityCountry.objects.filter(pk=tie.pk).update(country="pk")


def test_database_refuses_a_blank_entity_country():
    """``entitycountry_country_iso_alpha2``: an entity's country is never blank."""
    with rejected_by_database("entitycountry_country_iso_alpha2"):
        EntityCountry.objects.create(
            entity=EntityFactory(), country="", role=CountryRole.LOCATED_IN
        )


@pytest.mark.parametrize(
    ("country", "message"),
    [("", "This field cannot be blank."), ("ZZ", "Value 'ZZ' is not a valid choice.")],
    ids=["blank", "no-country"],
)
def test_validation_refuses_an_entity_country_that_is_no_country_code(country, message):
    """full_clean refuses a blank or unknown country on the country field."""
    tie = EntityCountry(entity=EntityFactory(), country=country, role=CountryRole.LOCATED_IN)
    assert validation_errors(tie) == {"country": [message]}


# Entity date --------------------------------------------------------------------------------
def test_entity_date_range_saves_and_reads_back():
    """A date of birth "between 1960 and 1965", approximate, saves and reads back as such."""
    person = EntityFactory(kind=EntityKind.PERSON)
    born = EntityDate(entity=person, kind=EntityDateKind.BIRTH, approximate=True)
    born.date = PartialDate.parse("1960/1965", "BETWEEN 1960 AND 1965")
    born.full_clean()
    born.save()
    born.refresh_from_db()
    assert (born.date.precision, born.date.iso, born.date.text, born.approximate) == (
        "range",
        "1960/1965",
        "BETWEEN 1960 AND 1965",
        True,
    )
    assert list(person.dates.all()) == [born]


def test_an_entity_may_have_several_dates_of_birth():
    """Lists give "DOB 1960; alt. DOB 1962": both are kept."""
    person = EntityFactory(kind=EntityKind.PERSON)
    EntityDateFactory(entity=person, date="1960")
    EntityDateFactory(entity=person, date="1962")
    assert [d.date.iso for d in person.dates.all()] == ["1960", "1962"]


def test_database_refuses_an_entity_date_range_ending_before_it_starts():
    """``entitydate_date_date_consistent``: a range whose last day is before its first."""
    with rejected_by_database("entitydate_date_date_consistent"):
        EntityDate.objects.create(
            entity=EntityFactory(),
            kind=EntityDateKind.BIRTH,
            date_precision="range",
            date_earliest=dt.date(1965, 1, 1),
            date_latest=dt.date(1960, 12, 31),
        )


def test_validation_refuses_an_entity_date_range_ending_before_it_starts():
    """full_clean refuses the same range, on the date and with the constraint's message."""
    born = EntityDate(
        entity=EntityFactory(),
        kind=EntityDateKind.BIRTH,
        date_precision="range",
        date_earliest=dt.date(1965, 1, 1),
        date_latest=dt.date(1960, 12, 31),
    )
    errors = validation_errors(born)
    assert errors["date"] == ["a date range must end after it starts"]


def test_validation_refuses_a_range_of_exactly_one_year():
    """A range stored over exactly one year must be that year: full_clean says so."""
    born = EntityDate(
        entity=EntityFactory(),
        kind=EntityDateKind.BIRTH,
        date_precision="range",
        date_earliest=dt.date(1960, 1, 1),
        date_latest=dt.date(1960, 12, 31),
    )
    assert validation_errors(born)["date"] == ["a range of exactly one year must be that year"]


def test_database_refuses_an_unknown_kind_of_entity_date():
    """``entitydate_kind_valid``: only birth and established."""
    with rejected_by_database("entitydate_kind_valid"):
        EntityDate.objects.create(entity=EntityFactory(), kind="death", date="1960")


def test_validation_refuses_an_unknown_kind_of_entity_date():
    """full_clean refuses the kind on its field."""
    born = EntityDate(entity=EntityFactory(), kind="death", date="1960")
    assert "kind" in validation_errors(born)


def test_str_of_entity_date_is_kind_and_date():
    """A date reads "date of birth: approximately 1960/1965"; without "approximately" when
    the source is exact."""
    assert str(EntityDateFactory(date="1960/1965", approximate=True)) == (
        "date of birth: approximately 1960/1965"
    )
    assert str(EntityDateFactory(kind=EntityDateKind.ESTABLISHED, date="1998-05")) == (
        "date of establishment: 1998-05"
    )


def test_deleting_an_entity_deletes_its_dates():
    """Dates belong to their entity (cascade), and history keeps them."""
    born = EntityDateFactory()
    born.entity.delete()
    assert not EntityDate.objects.exists()
    assert EntityDate.history.filter(id=born.pk, history_type="-").exists()


# Address ------------------------------------------------------------------------------------
def test_database_refuses_an_empty_address():
    """``address_not_empty``: at least one part must be given."""
    with rejected_by_database("address_not_empty"):
        Address.objects.create(entity=EntityFactory())


def test_validation_refuses_an_empty_address():
    """full_clean refuses an empty address with the constraint's message."""
    assert validation_errors(Address(entity=EntityFactory()))["__all__"] == [
        "An address needs at least a city, a country or a text."
    ]


@pytest.mark.parametrize(
    "part", [{"city": "Islamabad"}, {"country": "PK"}, {"full": "Fateh Jang Road"}]
)
def test_address_with_one_part_is_enough(part):
    """A city, a country or the text as written is enough for an address."""
    address = Address(entity=EntityFactory(), **part)
    address.full_clean()
    address.save()
    assert Address.objects.filter(pk=address.pk).exists()


# Identifier ---------------------------------------------------------------------------------
def test_database_refuses_the_same_identifier_twice():
    """``identifier_unique_per_entity``: entity, scheme, value and country."""
    identifier = IdentifierFactory(scheme=IdentifierScheme.TAX_ID, value="123", country="PK")
    with rejected_by_database(
        "identifier_unique_per_entity",
        sqlite_unique=(
            "entities_identifier.entity_id, entities_identifier.scheme, "
            "entities_identifier.value, entities_identifier.country"
        ),
    ):
        Identifier.objects.create(
            entity=identifier.entity, scheme=IdentifierScheme.TAX_ID, value="123", country="PK"
        )


def test_validation_refuses_the_same_identifier_twice():
    """full_clean refuses the duplicate identifier with the constraint's message."""
    identifier = IdentifierFactory(scheme=IdentifierScheme.TAX_ID, value="123", country="PK")
    duplicate = Identifier(
        entity=identifier.entity, scheme=IdentifierScheme.TAX_ID, value="123", country="PK"
    )
    assert validation_errors(duplicate)["__all__"] == ["This entity already has this identifier."]


def test_database_refuses_an_identifier_without_value():
    """``identifier_value_not_blank``."""
    with rejected_by_database("identifier_value_not_blank"):
        Identifier.objects.create(entity=EntityFactory(), scheme=IdentifierScheme.TAX_ID, value="")


def test_validation_refuses_an_identifier_without_value():
    """full_clean refuses a blank value on the value field."""
    identifier = Identifier(entity=EntityFactory(), scheme=IdentifierScheme.TAX_ID, value="")
    assert validation_errors(identifier) == {"value": ["This field cannot be blank."]}


# Relationship -------------------------------------------------------------------------------
def test_database_refuses_the_same_relationship_twice():
    """``relationship_unique``: subject, kind and object."""
    link = RelationshipFactory(kind=RelationshipKind.COLLABORATED_WITH)
    with rejected_by_database(
        "relationship_unique",
        sqlite_unique=(
            "entities_relationship.subject_id, entities_relationship.kind, "
            "entities_relationship.object_id"
        ),
    ):
        Relationship.objects.create(
            subject=link.subject, kind=RelationshipKind.COLLABORATED_WITH, object=link.object
        )


def test_validation_refuses_the_same_relationship_twice():
    """full_clean refuses the duplicate relationship with the constraint's message."""
    link = RelationshipFactory(kind=RelationshipKind.COLLABORATED_WITH)
    duplicate = Relationship(
        subject=link.subject, kind=RelationshipKind.COLLABORATED_WITH, object=link.object
    )
    assert validation_errors(duplicate)["__all__"] == ["This relationship is already recorded."]


def test_database_refuses_a_relationship_to_itself():
    """``relationship_not_to_itself``."""
    entity = EntityFactory()
    with rejected_by_database("relationship_not_to_itself"):
        Relationship.objects.create(subject=entity, kind=RelationshipKind.OWNS, object=entity)


def test_validation_refuses_a_relationship_to_itself():
    """full_clean refuses a self-relationship, on the object field."""
    entity = EntityFactory()
    errors = validation_errors(
        Relationship(subject=entity, kind=RelationshipKind.OWNS, object=entity)
    )
    assert errors["object"] == ["An entity cannot be related to itself."]


def test_database_refuses_a_relationship_ending_before_it_started():
    """``relationship_ended_not_before_started``: ended 2019 before started 2020."""
    with rejected_by_database("relationship_ended_not_before_started"):
        RelationshipFactory(started=PartialDate.parse("2020"), ended=PartialDate.parse("2019"))


def test_validation_refuses_a_relationship_ending_before_it_started():
    """full_clean refuses the same dates with the constraint's message."""
    link = Relationship(
        subject=EntityFactory(),
        kind=RelationshipKind.OWNS,
        object=EntityFactory(),
        started=PartialDate.parse("2020"),
        ended=PartialDate.parse("2019"),
    )
    assert validation_errors(link)["__all__"] == ["A relationship cannot end before it started."]


def test_relationship_may_end_in_the_year_it_started():
    """Started 2020-06-01 and ended in 2020 is possible (2020 may be after June)."""
    link = RelationshipFactory(
        started=PartialDate.parse("2020-06-01"), ended=PartialDate.parse("2020")
    )
    link.full_clean()
    assert link.ended.iso == "2020"


# Designation --------------------------------------------------------------------------------
def _unsaved_designation(**dates) -> Designation:
    programme = ProgrammeFactory()
    return Designation(entity=EntityFactory(), body=programme.body, programme=programme, **dates)


def test_database_refuses_a_delisting_before_the_listing():
    """``designation_delisted_not_before_listed``: delisted 2024-12-17, listed 2024-12-18."""
    with rejected_by_database("designation_delisted_not_before_listed"):
        DesignationFactory(
            listed=PartialDate.parse("2024-12-18"), delisted=PartialDate.parse("2024-12-17")
        )


def test_validation_refuses_a_delisting_before_the_listing():
    """full_clean refuses it on the delisted field, naming both dates."""
    designation = _unsaved_designation(
        listed=PartialDate.parse("2024-12-18"), delisted=PartialDate.parse("2024-12-17")
    )
    errors = validation_errors(designation)
    assert errors["delisted"] == [
        "The delisting (2024-12-17) cannot come before the listing (2024-12-18)."
    ]
    assert errors["__all__"] == ["A designation cannot be delisted before it was listed."]


def test_delisting_known_to_the_year_of_a_day_precision_listing_is_allowed():
    """Listed 2024-12-18 and delisted "2024": the year may hold a later day, so it is kept."""
    designation = DesignationFactory(
        listed=PartialDate.parse("2024-12-18"), delisted=PartialDate.parse("2024")
    )
    designation.full_clean()
    designation.refresh_from_db()
    assert (designation.delisted.iso, designation.status) == ("2024", "delisted")


def test_database_refuses_a_second_active_designation_under_a_programme():
    """``designation_one_active_per_entity_programme``."""
    first = DesignationFactory()
    with rejected_by_database(
        "designation_one_active_per_entity_programme",
        sqlite_unique="entities_designation.entity_id, entities_designation.programme_id",
    ):
        Designation.objects.create(
            entity=first.entity,
            body=first.body,
            programme=first.programme,
            listed=PartialDate.parse("2025-01-01"),
        )


def test_validation_refuses_a_second_active_designation_under_a_programme():
    """full_clean refuses it with the constraint's message."""
    first = DesignationFactory()
    second = Designation(
        entity=first.entity,
        body=first.body,
        programme=first.programme,
        listed=PartialDate.parse("2025-01-01"),
    )
    assert validation_errors(second)["__all__"] == [
        "This entity already has an active designation under this programme: delist it "
        "first, or edit it."
    ]


def test_relisting_after_a_delisting_is_allowed():
    """Once the first designation is delisted, a new active one under the programme is kept."""
    first = DesignationFactory(delisted=PartialDate.parse("2025-01-01"))
    second = Designation(
        entity=first.entity,
        body=first.body,
        programme=first.programme,
        listed=PartialDate.parse("2025-06-01"),
    )
    second.full_clean()
    second.save()
    assert [d.status for d in Designation.objects.filter(entity=first.entity)] == [
        "active",
        "delisted",
    ]


def test_database_refuses_a_second_active_designation_by_a_body_without_programme():
    """``designation_one_active_per_entity_body_unstated_programme``."""
    first = DesignationFactory(programme=None)
    with rejected_by_database(
        "designation_one_active_per_entity_body_unstated_programme",
        sqlite_unique="entities_designation.entity_id, entities_designation.body_id",
    ):
        Designation.objects.create(
            entity=first.entity, body=first.body, listed=PartialDate.parse("2025-01-01")
        )


def test_validation_refuses_a_second_active_designation_by_a_body_without_programme():
    """full_clean refuses it with the constraint's message."""
    first = DesignationFactory(programme=None)
    second = Designation(
        entity=first.entity, body=first.body, listed=PartialDate.parse("2025-01-01")
    )
    assert validation_errors(second)["__all__"] == [
        "This entity already has an active designation by this body under an unstated "
        "programme: delist it first, or edit it."
    ]


def test_designation_under_a_programme_and_one_without_may_both_be_active():
    """An active designation under a programme does not block one with no stated programme."""
    first = DesignationFactory()
    second = Designation(
        entity=first.entity, body=first.body, listed=PartialDate.parse("2025-01-01")
    )
    second.full_clean()
    second.save()
    assert Designation.objects.active().filter(entity=first.entity).count() == 2


def test_validation_refuses_a_programme_of_another_body():
    """Designation.clean refuses a programme run by a body other than the designating one."""
    programme = ProgrammeFactory(body=BodyFactory(code="US-OFAC"), code="NPWMD")
    designation = Designation(
        entity=EntityFactory(),
        body=BodyFactory(code="US-DOS"),
        programme=programme,
        listed=PartialDate.parse("2024-12-18"),
    )
    assert validation_errors(designation)["programme"] == [
        "The programme US-OFAC NPWMD belongs to US-OFAC, not to the designating body."
    ]


def test_validation_refuses_a_designation_without_listing_date():
    """A designation needs a listing date, even if unknown."""
    designation = _unsaved_designation(listed=PartialDate.none())
    assert validation_errors(designation)["listed"] == [
        "A designation needs a listing date, even if unknown."
    ]


def test_active_designation_status():
    """Without a delisting date a designation is active."""
    designation = DesignationFactory()
    assert (designation.is_active, designation.status) == (True, DesignationStatus.ACTIVE)
    assert designation.status == "active"


@pytest.mark.parametrize(
    "delisted", [PartialDate.parse("2025-03-01"), PartialDate.unknown("later")], ids=str
)
def test_delisted_designation_status(delisted):
    """With a delisting date, even an unknown one, a designation is delisted."""
    designation = DesignationFactory(delisted=delisted)
    assert (designation.is_active, designation.status) == (False, "delisted")


# Names folded for search --------------------------------------------------------------------
def test_entity_name_is_folded_on_save():
    """Saving an entity fills ``name_folded``, and a rename refreshes it."""
    entity = EntityFactory(name="Société Générale (N.D.C.)")
    assert Entity.objects.get(pk=entity.pk).name_folded == "societe generale ndc"
    entity.name = "NATIONAL Development Complex"
    entity.save()
    assert Entity.objects.get(pk=entity.pk).name_folded == "national development complex"


def test_entity_name_is_folded_on_a_save_of_the_name_only():
    """``save(update_fields=["name"])`` also refreshes ``name_folded``."""
    entity = EntityFactory(name="Old name")
    entity.name = "Natl. Development Complex"
    entity.save(update_fields=["name"])
    assert Entity.objects.get(pk=entity.pk).name_folded == "national development complex"


def test_alias_name_is_folded_on_save():
    """Saving an alias fills its ``name_folded``."""
    alias = AliasFactory(name="Национальный комплекс развития")
    assert Alias.objects.get(pk=alias.pk).name_folded == "natsionalnyi kompleks razvitiia"


# __str__ ------------------------------------------------------------------------------------
def test_str_of_reference_records():
    """Bodies read "CODE: name", programmes "BODY CODE", measures their code, activities
    their name."""
    body = BodyFactory(code="US-DOS", name="US Department of State")
    assert str(body) == "US-DOS: US Department of State"
    assert str(ProgrammeFactory(body=body, code="NPWMD")) == "US-DOS NPWMD"
    assert str(Measure.objects.get(code="asset_freeze")) == "asset freeze"  # its label (issue 12)
    assert str(TargetedActivityFactory(name="Long-range ballistic missile programme")) == (
        "Long-range ballistic missile programme"
    )


def test_str_of_entity_and_alias_is_the_name():
    """Entities and aliases read as their names."""
    entity = EntityFactory(name="National Development Complex")
    assert str(entity) == "National Development Complex"
    assert str(AliasFactory(entity=entity, name="NDC")) == "NDC"


def test_str_of_entity_country_is_code_and_role():
    """An entity's country reads "PK (located in)"."""
    tie = EntityCountryFactory(country="PK", role=CountryRole.LOCATED_IN)
    assert str(tie) == "PK (located in)"


def test_str_of_address_joins_its_parts_with_the_country_name():
    """An address reads its parts joined by commas, the country by its name."""
    address = AddressFactory(street="Fateh Jang Road", city="Islamabad", country="PK")
    assert str(address) == "Fateh Jang Road, Islamabad, Pakistan"


def test_str_of_address_given_only_as_written_is_that_text():
    """An address with no parts reads as the source wrote it."""
    address = AddressFactory(city="", country="", full="near Fateh Jang")
    assert str(address) == "near Fateh Jang"


def test_str_of_identifier_is_scheme_value_and_country():
    """An identifier reads "scheme value (COUNTRY)", without the country when blank."""
    assert str(IdentifierFactory(scheme="tax_id", value="123", country="PK")) == "tax ID 123 (PK)"
    assert str(IdentifierFactory(scheme="imo_number", value="9876543", country="")) == (
        "IMO number 9876543"
    )


def test_str_of_relationship_reads_as_a_sentence():
    """A relationship reads "subject <kind> object"."""
    link = RelationshipFactory(
        subject=EntityFactory(name="A Chinese research institute"),
        kind=RelationshipKind.COLLABORATED_WITH,
        object=EntityFactory(name="NDC"),
    )
    assert str(link) == "A Chinese research institute collaborated with NDC"


def test_str_of_designation_names_entity_body_and_programme():
    """A designation reads "entity by BODY under PROGRAMME", without the programme if none."""
    body = BodyFactory(code="US-DOS")
    entity = EntityFactory(name="NDC")
    under = DesignationFactory(
        entity=entity, body=body, programme=ProgrammeFactory(body=body, code="NPWMD")
    )
    unstated = DesignationFactory(entity=entity, body=body, programme=None)
    assert str(under) == "NDC by US-DOS under NPWMD"
    assert str(unstated) == "NDC by US-DOS"


# Natural keys -------------------------------------------------------------------------------
def test_body_natural_key_round_trips():
    """A body's natural key is its code, and finds it again."""
    body = BodyFactory(code="US-DOS")
    assert body.natural_key() == ("US-DOS",)
    assert Body.objects.get_by_natural_key(*body.natural_key()) == body


def test_programme_natural_key_round_trips():
    """A programme's natural key is its body's code and its code."""
    programme = ProgrammeFactory(body=BodyFactory(code="US-OFAC"), code="NPWMD")
    ProgrammeFactory(body=BodyFactory(code="UK-OFSI"), code="NPWMD")
    assert programme.natural_key() == ("US-OFAC", "NPWMD")
    assert Programme.objects.get_by_natural_key(*programme.natural_key()) == programme


def test_entity_natural_key_round_trips():
    """An entity's natural key is its UID, as text."""
    entity = EntityFactory()
    assert entity.natural_key() == (str(entity.uid),)
    assert Entity.objects.get_by_natural_key(*entity.natural_key()) == entity


def test_measure_natural_key_round_trips():
    """A measure's natural key is its code."""
    measure = Measure.objects.get(code="travel_ban")
    assert measure.natural_key() == ("travel_ban",)
    assert Measure.objects.get_by_natural_key(*measure.natural_key()) == measure


# Measures -----------------------------------------------------------------------------------
def test_the_nine_measures_of_the_domain_exist():
    """The data migration creates exactly the nine measures of DOMAIN.md."""
    assert sorted(Measure.objects.values_list("code", flat=True)) == sorted(
        [
            "asset_freeze",
            "transaction_ban",
            "travel_ban",
            "arms_embargo",
            "export_restriction",
            "import_restriction",
            "financial_restriction",
            "services_ban",
            "other",
        ]
    )


# History ------------------------------------------------------------------------------------
def test_entity_history_records_creation_change_and_deletion(superuser, second_analyst):
    """Creating, changing and deleting an entity writes '+', '~' and '-' rows with the user
    of each, and the change row holds the name before and after."""
    entity = Entity(kind=EntityKind.PUBLIC_BODY, name="Ministry of Foreign Affairs")
    entity._history_user = superuser
    entity.save()
    entity.name = "Ministry of Foreign Affairs of Pakistan"
    entity._history_user = second_analyst
    entity.save()
    pk = entity.pk
    entity._history_user = superuser
    entity.delete()

    created, changed, deleted = Entity.history.filter(id=pk).order_by("history_id")

    assert [h.history_type for h in (created, changed, deleted)] == ["+", "~", "-"]
    assert [h.history_user for h in (created, changed, deleted)] == [
        superuser,
        second_analyst,
        superuser,
    ]
    delta = changed.diff_against(created)
    assert {c.field: (c.old, c.new) for c in delta.changes} == {
        "name": ("Ministry of Foreign Affairs", "Ministry of Foreign Affairs of Pakistan"),
    }
    assert (created.version, changed.version) == (1, 2)
    assert deleted.name == "Ministry of Foreign Affairs of Pakistan"


def test_deleting_a_user_keeps_their_history_rows_without_the_user(second_analyst):
    """history_user is no database foreign key (see sanctions_tracker.history): deleting a
    user through Django must still clear it, not leave a dangling id."""
    entity = Entity(kind=EntityKind.PUBLIC_BODY, name="Ministry of Defence")
    entity._history_user = second_analyst
    entity.save()
    second_analyst.delete()
    row = Entity.history.get(id=entity.pk)
    assert row.history_user_id is None
    assert row.name == "Ministry of Defence"


# Protection ---------------------------------------------------------------------------------
def test_entity_with_a_designation_cannot_be_deleted():
    """Deleting a designated entity raises ProtectedError and keeps both rows."""
    designation = DesignationFactory()
    with pytest.raises(ProtectedError):
        designation.entity.delete()
    assert Designation.objects.filter(pk=designation.pk).exists()
    assert Entity.objects.filter(pk=designation.entity_id).exists()
