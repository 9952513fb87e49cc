"""Filters of every other list: events, participants, programmes, bodies, targeted
activities, relationships, sources, citations, aliases, countries, addresses, identifiers.
One test per filter (and per notable value); last, the guard that every filter of every
FilterSet of the API is exercised by some test."""

from __future__ import annotations

import datetime as dt

import pytest

from entities.choices import (
    AliasKind,
    CountryRole,
    EntityDateKind,
    IdentifierScheme,
    ProgrammeStatus,
    RelationshipKind,
)
from entities.filtersets import (
    AddressFilterSet,
    AliasFilterSet,
    BodyFilterSet,
    EntityCountryFilterSet,
    EntityDateFilterSet,
    IdentifierFilterSet,
    ProgrammeFilterSet,
    RelationshipFilterSet,
    TargetedActivityFilterSet,
)
from events.choices import EventKind, ParticipantRole
from events.filtersets import EventFilterSet, EventParticipantFilterSet
from importer.filtersets import ImportRunFilterSet, ProposedMatchFilterSet
from importer.models import ProposedMatch
from sanctions_tracker.partial_dates import PartialDate
from sources.choices import SourceKind
from sources.filtersets import CitationFilterSet, SourceFilterSet
from sources.models import CITABLE_FIELDS
from tests.api.test_filtersets_entities import EXERCISED, exercises, ids
from tests.factories import (
    AddressFactory,
    AliasFactory,
    BodyFactory,
    CitationFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityDateFactory,
    EntityFactory,
    EventFactory,
    EventParticipantFactory,
    IdentifierFactory,
    ImportRunFactory,
    ProgrammeFactory,
    ProposedMatchFactory,
    RelationshipFactory,
    SourceFactory,
    TargetedActivityFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


# Events --------------------------------------------------------------------------------------
EVENTS = f"{API}/events/"


@exercises(EventFilterSet, "kind")
def test_events_kind(anon_client):
    """``kind=speech`` keeps speeches only."""
    speech = EventFactory(kind=EventKind.SPEECH)
    EventFactory(kind=EventKind.STATEMENT)
    EventFactory(kind=EventKind.NUCLEAR_TEST)
    assert ids(anon_client, {"kind": "speech"}, EVENTS) == {speech.pk}


@exercises(EventFilterSet, "entity")
@pytest.mark.parametrize("key", ["id", "uid"])
def test_events_entity_participant_or_designation_target(anon_client, key):
    """``entity``: events the entity takes part in, and events tied to a designation of it;
    not the events of others."""
    ndc = EntityFactory(name="National Development Complex")
    took_part = EventParticipantFactory(entity=ndc, role=ParticipantRole.TARGET).event
    announced = EventFactory(kind=EventKind.DESIGNATION)
    announced.designations.add(DesignationFactory(entity=ndc))
    others = EventParticipantFactory().event
    others.designations.add(DesignationFactory())
    EventFactory()
    params = {"entity": str(getattr(ndc, key))}
    assert ids(anon_client, params, EVENTS) == {took_part.pk, announced.pk}


@exercises(EventFilterSet, "country")
def test_events_country(anon_client):
    """``country``: where it happened (any case)."""
    pakistan = EventFactory(country="PK")
    EventFactory(country="US")
    EventFactory(country="")
    assert ids(anon_client, {"country": "pk"}, EVENTS) == {pakistan.pk}


@pytest.fixture
def dated_events():
    """1998 (year only), 2024-12-19, and "Thursday" (unknown)."""
    return {
        "1998": EventFactory(kind=EventKind.NUCLEAR_TEST, occurred=day("1998")),
        "dec": EventFactory(occurred=day("2024-12-19")),
        "unknown": EventFactory(occurred=PartialDate.unknown("Thursday")),
    }


@exercises(EventFilterSet, "date_after")
@pytest.mark.parametrize(
    ("after", "expected"), [("1998-06-01", {"1998", "dec"}), ("1999-01-01", {"dec"})]
)
def test_events_date_after(anon_client, dated_events, after, expected):
    """``date_after``: "1998" may be after 1998-06-01, not after 1999-01-01; unknown never."""
    result = ids(anon_client, {"date_after": after}, EVENTS)
    assert result == {dated_events[name].pk for name in expected}


@exercises(EventFilterSet, "date_before")
def test_events_date_before(anon_client, dated_events):
    """``date_before=1998-06-30``: "1998" may be before; unknown never."""
    assert ids(anon_client, {"date_before": "1998-06-30"}, EVENTS) == {dated_events["1998"].pk}


@exercises(EventFilterSet, "q")
@pytest.mark.parametrize("text", ["discriminatory", "MINISTRY STATEMENT"])
def test_events_q_in_title_or_description(anon_client, text):
    """``q``: in the title or the description, any case."""
    statement = EventFactory(
        title="Ministry statement on sanctions",
        description="Calls the sanctions discriminatory.",
    )
    EventFactory(title="Remarks at the Carnegie Endowment", description="An emerging threat.")
    assert ids(anon_client, {"q": text}, EVENTS) == {statement.pk}


# Event participants --------------------------------------------------------------------------
PARTICIPANTS = f"{API}/event-participants/"


@exercises(EventParticipantFilterSet, "event_id")
def test_participants_event_id(anon_client):
    """``event_id``: the participants of one event."""
    first = EventParticipantFactory()
    second = EventParticipantFactory(event=first.event, role=ParticipantRole.SPEAKER)
    EventParticipantFactory()
    params = {"event_id": first.event_id}
    assert ids(anon_client, params, PARTICIPANTS) == {first.pk, second.pk}


@exercises(EventParticipantFilterSet, "entity")
def test_participants_entity(anon_client):
    """``entity``: the parts one entity plays (its id or uid)."""
    mine = EventParticipantFactory()
    EventParticipantFactory()
    params = {"entity": str(mine.entity.uid)}
    assert ids(anon_client, params, PARTICIPANTS) == {mine.pk}


@exercises(EventParticipantFilterSet, "role")
def test_participants_role(anon_client):
    """``role=speaker`` keeps speakers."""
    speaker = EventParticipantFactory(role=ParticipantRole.SPEAKER)
    EventParticipantFactory(role=ParticipantRole.VENUE)
    assert ids(anon_client, {"role": "speaker"}, PARTICIPANTS) == {speaker.pk}


# Programmes ----------------------------------------------------------------------------------
PROGRAMMES = f"{API}/programmes/"


@pytest.fixture
def programmes():
    ofac = BodyFactory(code="US-OFAC", name="Office of Foreign Assets Control")
    un = BodyFactory(code="UN-SC", name="UN Security Council", jurisdiction="")
    return {
        "ofac": ofac,
        "npwmd": ProgrammeFactory(
            body=ofac, code="NPWMD", name="Non-Proliferation of Weapons of Mass Destruction"
        ),
        "iran": ProgrammeFactory(
            body=ofac, code="IRAN", name="Iranian Sanctions", status=ProgrammeStatus.ENDED
        ),
        "1267": ProgrammeFactory(body=un, code="1267", name="ISIL (Da'esh) and Al-Qaida"),
    }


@exercises(ProgrammeFilterSet, "body")
def test_programmes_body(anon_client, programmes):
    """``body=US-OFAC``: that body's programmes."""
    expected = {programmes["npwmd"].pk, programmes["iran"].pk}
    assert ids(anon_client, {"body": "US-OFAC"}, PROGRAMMES) == expected


@exercises(ProgrammeFilterSet, "body_id")
def test_programmes_body_id(anon_client, programmes):
    """``body_id``: that body's programmes, by its id."""
    expected = {programmes["npwmd"].pk, programmes["iran"].pk}
    assert ids(anon_client, {"body_id": programmes["ofac"].pk}, PROGRAMMES) == expected


@exercises(ProgrammeFilterSet, "status")
def test_programmes_status(anon_client, programmes):
    """``status=ended`` keeps ended programmes."""
    assert ids(anon_client, {"status": "ended"}, PROGRAMMES) == {programmes["iran"].pk}


@exercises(ProgrammeFilterSet, "q")
@pytest.mark.parametrize(("text", "expected"), [("npw", "npwmd"), ("mass destruction", "npwmd")])
def test_programmes_q_in_code_or_name(anon_client, programmes, text, expected):
    """``q``: in the code or the name, any case."""
    assert ids(anon_client, {"q": text}, PROGRAMMES) == {programmes[expected].pk}


# Bodies --------------------------------------------------------------------------------------
BODIES = f"{API}/bodies/"


@pytest.fixture
def bodies():
    return {
        "dos": BodyFactory(code="US-DOS", name="US Department of State", jurisdiction="US"),
        "ofsi": BodyFactory(
            code="UK-OFSI",
            name="Office of Financial Sanctions Implementation",
            short_name="OFSI",
            jurisdiction="GB",
        ),
        "un": BodyFactory(code="UN-SC", name="UN Security Council", jurisdiction=""),
        "eu": BodyFactory(code="EU", name="Council of the European Union", jurisdiction="EU"),
    }


@exercises(BodyFilterSet, "jurisdiction")
@pytest.mark.parametrize(
    ("value", "expected"), [("US", "dos"), ("gb", "ofsi"), ("EU", "eu"), ("international", "un")]
)
def test_bodies_jurisdiction(anon_client, bodies, value, expected):
    """``jurisdiction``: a country code (any case, EU too), or ``international`` for the
    bodies without one."""
    assert ids(anon_client, {"jurisdiction": value}, BODIES) == {bodies[expected].pk}


@exercises(BodyFilterSet, "q")
@pytest.mark.parametrize(
    ("text", "expected"), [("us-d", "dos"), ("ofsi", "ofsi"), ("council", {"un", "eu"})]
)
def test_bodies_q_in_code_or_names(anon_client, bodies, text, expected):
    """``q``: in the code, the name or the short name, any case."""
    names = {expected} if isinstance(expected, str) else expected
    assert ids(anon_client, {"q": text}, BODIES) == {bodies[n].pk for n in names}


# Targeted activities -------------------------------------------------------------------------
ACTIVITIES = f"{API}/targeted-activities/"


@exercises(TargetedActivityFilterSet, "q")
def test_activities_q_in_name_or_description(anon_client):
    """``q``: in the name or the description."""
    missiles = TargetedActivityFactory(
        name="Long-range ballistic missile programme", description="SHAHEEN series included"
    )
    TargetedActivityFactory(name="Nuclear weapons capability")
    assert ids(anon_client, {"q": "shaheen"}, ACTIVITIES) == {missiles.pk}


@exercises(TargetedActivityFilterSet, "country")
def test_activities_country(anon_client):
    """``country``: the country of the activity."""
    pakistan = TargetedActivityFactory(country="PK")
    TargetedActivityFactory(country="IR")
    assert ids(anon_client, {"country": "PK"}, ACTIVITIES) == {pakistan.pk}


# Relationships -------------------------------------------------------------------------------
RELATIONSHIPS = f"{API}/relationships/"


@exercises(RelationshipFilterSet, "entity")
@pytest.mark.parametrize("key", ["id", "uid"])
def test_relationships_entity_on_either_side(anon_client, key):
    """``entity``: relationships where the entity is the subject or the object."""
    ndc = EntityFactory(name="National Development Complex")
    outgoing = RelationshipFactory(subject=ndc)
    incoming = RelationshipFactory(object=ndc, kind=RelationshipKind.SUPPLIES)
    RelationshipFactory()
    params = {"entity": str(getattr(ndc, key))}
    assert ids(anon_client, params, RELATIONSHIPS) == {outgoing.pk, incoming.pk}


@exercises(RelationshipFilterSet, "kind")
def test_relationships_kind(anon_client):
    """``kind=owns`` keeps ownership links."""
    owns = RelationshipFactory(kind=RelationshipKind.OWNS)
    RelationshipFactory(kind=RelationshipKind.COLLABORATED_WITH)
    assert ids(anon_client, {"kind": "owns"}, RELATIONSHIPS) == {owns.pk}


# Sources -------------------------------------------------------------------------------------
SOURCES = f"{API}/sources/"


@exercises(SourceFilterSet, "q")
@pytest.mark.parametrize("text", ["sanctions on pakistan", "reuters", "example.org/ndc", "shaheen"])
def test_sources_q_in_title_publisher_url_or_text(anon_client, text):
    """``q``: in the title, the publisher, the URL or the text, any case."""
    article = SourceFactory(
        title="US imposes sanctions on Pakistan's missile programme",
        publisher="Reuters",
        url="https://example.org/ndc",
        text="... the SHAHEEN series ...",
    )
    SourceFactory(title="Another article", publisher="AP", url="https://example.com/other")
    assert ids(anon_client, {"q": text}, SOURCES) == {article.pk}


@exercises(SourceFilterSet, "kind")
def test_sources_kind(anon_client):
    """``kind=press_release`` keeps press releases."""
    release = SourceFactory(kind=SourceKind.PRESS_RELEASE)
    SourceFactory(kind=SourceKind.NEWS_ARTICLE)
    assert ids(anon_client, {"kind": "press_release"}, SOURCES) == {release.pk}


@pytest.fixture
def published():
    """Published in 2024-12 (month), on 2025-01-15, and on an unknown date."""
    return {
        "dec": SourceFactory(published=day("2024-12")),
        "jan15": SourceFactory(published=day("2025-01-15")),
        "unknown": SourceFactory(published=PartialDate.unknown("Thursday")),
    }


@exercises(SourceFilterSet, "published_after")
def test_sources_published_after(anon_client, published):
    """``published_after=2024-12-20``: "2024-12" may be after; unknown never."""
    expected = {published["dec"].pk, published["jan15"].pk}
    assert ids(anon_client, {"published_after": "2024-12-20"}, SOURCES) == expected


@exercises(SourceFilterSet, "published_before")
def test_sources_published_before(anon_client, published):
    """``published_before=2025-01-01``: "2024-12"; 2025-01-15 is after; unknown never."""
    assert ids(anon_client, {"published_before": "2025-01-01"}, SOURCES) == {published["dec"].pk}


@exercises(SourceFilterSet, "sha256")
def test_sources_sha256_any_case(anon_client):
    """``sha256``: the document with this digest, in any case."""
    digest = "ab" * 32
    document = SourceFactory(sha256=digest)
    SourceFactory(sha256="cd" * 32)
    assert ids(anon_client, {"sha256": digest.upper()}, SOURCES) == {document.pk}


# Citations -----------------------------------------------------------------------------------
CITATIONS = f"{API}/citations/"

TARGET_FACTORIES = {
    "body": BodyFactory,
    "programme": ProgrammeFactory,
    "targeted_activity": TargetedActivityFactory,
    "entity": EntityFactory,
    "alias": AliasFactory,
    "entity_country": EntityCountryFactory,
    "entity_date": EntityDateFactory,
    "address": AddressFactory,
    "identifier": IdentifierFactory,
    "relationship": RelationshipFactory,
    "designation": DesignationFactory,
    "event": EventFactory,
    "event_participant": EventParticipantFactory,
}


def cite(target_field: str, record=None, **kwargs):
    record = record or TARGET_FACTORIES[target_field]()
    return CitationFactory(**{"entity": None, target_field: record}, **kwargs)


def test_every_citable_field_has_a_factory():
    """The citation tests below cover every kind of record a citation can support."""
    assert sorted(TARGET_FACTORIES) == sorted(CITABLE_FIELDS)


@exercises(CitationFilterSet, "record_type")
def test_citations_record_type(anon_client):
    """``record_type=designation``: citations of designations only."""
    designation = cite("designation")
    cite("entity")
    cite("event")
    assert ids(anon_client, {"record_type": "designation"}, CITATIONS) == {designation.pk}


@exercises(CitationFilterSet, "source_id")
def test_citations_source_id(anon_client):
    """``source_id``: the citations of one source."""
    article = SourceFactory()
    first, second = cite("entity", source=article), cite("event", source=article)
    cite("entity")
    assert ids(anon_client, {"source_id": article.pk}, CITATIONS) == {first.pk, second.pk}


@exercises(CitationFilterSet, "q")
def test_citations_q_in_the_quote(anon_client):
    """``q``: in the quoted words, any case."""
    quoted = cite("entity", quote="calling the sanctions discriminatory")
    cite("entity", quote="an emerging threat to the United States")
    assert ids(anon_client, {"q": "DISCRIMINATORY"}, CITATIONS) == {quoted.pk}


@exercises(CitationFilterSet, *CITABLE_FIELDS)
@pytest.mark.parametrize("target_field", CITABLE_FIELDS)
def test_citations_of_one_record(anon_client, target_field):
    """``<record type>=<id>``: the citations of that one record, not of another record of
    the same type, nor of another type."""
    record = TARGET_FACTORIES[target_field]()
    first = cite(target_field, record)
    second = cite(target_field, record, quote="other words")
    cite(target_field)
    cite("event" if target_field == "entity" else "entity")
    params = {target_field: record.pk}
    assert ids(anon_client, params, CITATIONS) == {first.pk, second.pk}


# Aliases -------------------------------------------------------------------------------------
ALIASES = f"{API}/aliases/"


@exercises(AliasFilterSet, "entity")
@pytest.mark.parametrize("key", ["id", "uid"])
def test_aliases_entity(anon_client, key):
    """``entity``: the aliases of one entity, by its id or uid."""
    ndc = EntityFactory(name="National Development Complex")
    mine = {AliasFactory(entity=ndc, name="NDC").pk, AliasFactory(entity=ndc, name="N.D.C.").pk}
    AliasFactory()
    assert ids(anon_client, {"entity": str(getattr(ndc, key))}, ALIASES) == mine


@exercises(AliasFilterSet, "entity_id")
def test_aliases_entity_id(anon_client):
    """``entity_id``: the aliases of one entity, by its id."""
    alias = AliasFactory()
    AliasFactory()
    assert ids(anon_client, {"entity_id": alias.entity_id}, ALIASES) == {alias.pk}


@exercises(AliasFilterSet, "kind")
def test_aliases_kind(anon_client):
    """``kind=fka`` keeps former names."""
    former = AliasFactory(kind=AliasKind.FKA)
    AliasFactory(kind=AliasKind.AKA)
    AliasFactory(kind=AliasKind.NATIVE_SCRIPT, name="نیشنل ڈویلپمنٹ کمپلیکس")
    assert ids(anon_client, {"kind": "fka"}, ALIASES) == {former.pk}


@exercises(AliasFilterSet, "is_weak")
@pytest.mark.parametrize(("value", "weak"), [("true", True), ("false", False)])
def test_aliases_is_weak(anon_client, value, weak):
    """``is_weak=true`` keeps weak aliases; ``false`` the others."""
    strong = AliasFactory(is_weak=False)
    weak_alias = AliasFactory(is_weak=True)
    expected = weak_alias if weak else strong
    assert ids(anon_client, {"is_weak": value}, ALIASES) == {expected.pk}


@exercises(AliasFilterSet, "q")
def test_aliases_q_is_folded(anon_client):
    """``q``: the alias contains the text, folded (``n.d.c`` finds "NDC")."""
    ndc = AliasFactory(name="NDC")
    AliasFactory(name="National Defence College")
    assert ids(anon_client, {"q": "n.d.c"}, ALIASES) == {ndc.pk}


# Entity countries ----------------------------------------------------------------------------
COUNTRIES = f"{API}/entity-countries/"


@exercises(EntityCountryFilterSet, "entity")
def test_entity_countries_entity(anon_client):
    """``entity``: the countries of one entity (its uid or id)."""
    row = EntityCountryFactory()
    EntityCountryFactory()
    assert ids(anon_client, {"entity": str(row.entity.uid)}, COUNTRIES) == {row.pk}


@exercises(EntityCountryFilterSet, "entity_id")
def test_entity_countries_entity_id(anon_client):
    """``entity_id``: the countries of one entity, by its id."""
    row = EntityCountryFactory()
    EntityCountryFactory()
    assert ids(anon_client, {"entity_id": row.entity_id}, COUNTRIES) == {row.pk}


@exercises(EntityCountryFilterSet, "country")
def test_entity_countries_country(anon_client):
    """``country``: rows with this country."""
    china = EntityCountryFactory(country="CN")
    EntityCountryFactory(country="PK")
    assert ids(anon_client, {"country": "cn"}, COUNTRIES) == {china.pk}


@exercises(EntityCountryFilterSet, "role")
def test_entity_countries_role(anon_client):
    """``role=nationality`` keeps nationalities."""
    nationality = EntityCountryFactory(role=CountryRole.NATIONALITY)
    EntityCountryFactory(role=CountryRole.LOCATED_IN)
    assert ids(anon_client, {"role": "nationality"}, COUNTRIES) == {nationality.pk}


# Entity dates --------------------------------------------------------------------------------
DATES = f"{API}/entity-dates/"


@exercises(EntityDateFilterSet, "entity")
@pytest.mark.parametrize("key", ["id", "uid"])
def test_entity_dates_entity(anon_client, key):
    """``entity``: the dates of one entity, by its id or uid."""
    row = EntityDateFactory()
    EntityDateFactory()
    assert ids(anon_client, {"entity": str(getattr(row.entity, key))}, DATES) == {row.pk}


@exercises(EntityDateFilterSet, "entity_id")
def test_entity_dates_entity_id(anon_client):
    """``entity_id``: the dates of one entity, by its id."""
    row = EntityDateFactory()
    EntityDateFactory()
    assert ids(anon_client, {"entity_id": row.entity_id}, DATES) == {row.pk}


@exercises(EntityDateFilterSet, "kind")
def test_entity_dates_kind(anon_client):
    """``kind=established`` keeps dates of establishment."""
    established = EntityDateFactory(kind=EntityDateKind.ESTABLISHED)
    EntityDateFactory(kind=EntityDateKind.BIRTH)
    assert ids(anon_client, {"kind": "established"}, DATES) == {established.pk}


@exercises(EntityDateFilterSet, "approximate")
@pytest.mark.parametrize(("value", "approximate"), [("true", True), ("false", False)])
def test_entity_dates_approximate(anon_client, value, approximate):
    """``approximate=true`` keeps the dates the source gives as approximate."""
    rows = {flag: EntityDateFactory(approximate=flag) for flag in (True, False)}
    assert ids(anon_client, {"approximate": value}, DATES) == {rows[approximate].pk}


@pytest.fixture
def entity_dates():
    return {
        "1950": EntityDateFactory(date=day("1950")),
        "range": EntityDateFactory(date=day("1960-03/1965")),
        "day": EntityDateFactory(date=day("1970-05-04")),
        "unknown": EntityDateFactory(date=PartialDate.unknown("not known")),
    }


@exercises(EntityDateFilterSet, "date_after")
@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("1965-12-31", {"range", "day"}),
        ("1966-01-01", {"day"}),
        ("1950-12-31", {"1950", "range", "day"}),
    ],
)
def test_entity_dates_date_after(anon_client, entity_dates, after, expected):
    """``date_after``: a range matches up to its last day; unknown dates never match."""
    found = ids(anon_client, {"date_after": after}, DATES)
    assert found == {entity_dates[k].pk for k in expected}


@exercises(EntityDateFilterSet, "date_before")
@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("1960-03-01", {"1950", "range"}),
        ("1960-02-29", {"1950"}),
    ],
)
def test_entity_dates_date_before(anon_client, entity_dates, before, expected):
    """``date_before``: a range starting in March 1960 matches from its first day on."""
    found = ids(anon_client, {"date_before": before}, DATES)
    assert found == {entity_dates[k].pk for k in expected}


def test_entity_dates_ordering_by_date(anon_client, entity_dates):
    """``ordering=date``: by first then last day, unknown last; ``-date`` the reverse, unknown
    still last."""
    from tests.api.test_filtersets_entities import list_ids

    order = [entity_dates[k].pk for k in ("1950", "range", "day", "unknown")]
    assert list_ids(anon_client, DATES, {"ordering": "date"}) == order
    assert list_ids(anon_client, DATES, {"ordering": "-date"}) == [*order[2::-1], order[3]]


# Addresses -----------------------------------------------------------------------------------
ADDRESSES = f"{API}/addresses/"


@exercises(AddressFilterSet, "entity")
def test_addresses_entity(anon_client):
    """``entity``: the addresses of one entity (its id or uid)."""
    address = AddressFactory()
    AddressFactory()
    assert ids(anon_client, {"entity": address.entity_id}, ADDRESSES) == {address.pk}


@exercises(AddressFilterSet, "entity_id")
def test_addresses_entity_id(anon_client):
    """``entity_id``: the addresses of one entity, by its id."""
    address = AddressFactory()
    AddressFactory()
    assert ids(anon_client, {"entity_id": address.entity_id}, ADDRESSES) == {address.pk}


@exercises(AddressFilterSet, "country")
def test_addresses_country(anon_client):
    """``country``: addresses in this country."""
    beijing = AddressFactory(city="Beijing", country="CN")
    AddressFactory(city="Islamabad", country="PK")
    assert ids(anon_client, {"country": "CN"}, ADDRESSES) == {beijing.pk}


# Identifiers ---------------------------------------------------------------------------------
IDENTIFIERS = f"{API}/identifiers/"


@exercises(IdentifierFilterSet, "value")
@pytest.mark.parametrize("value", ["imo 9876543", "IMO 9876543"])
def test_identifiers_value_exact_any_case(anon_client, value):
    """``value``: exactly this value, any case (not a prefix)."""
    imo = IdentifierFactory(scheme=IdentifierScheme.IMO_NUMBER, value="IMO 9876543")
    IdentifierFactory(scheme=IdentifierScheme.IMO_NUMBER, value="IMO 98765430")
    assert ids(anon_client, {"value": value}, IDENTIFIERS) == {imo.pk}


@exercises(IdentifierFilterSet, "scheme")
def test_identifiers_scheme(anon_client):
    """``scheme=passport`` keeps passports."""
    passport = IdentifierFactory(scheme=IdentifierScheme.PASSPORT)
    IdentifierFactory(scheme=IdentifierScheme.TAX_ID)
    assert ids(anon_client, {"scheme": "passport"}, IDENTIFIERS) == {passport.pk}


@exercises(IdentifierFilterSet, "entity")
def test_identifiers_entity(anon_client):
    """``entity``: the identifiers of one entity (its uid or id)."""
    identifier = IdentifierFactory()
    IdentifierFactory()
    params = {"entity": str(identifier.entity.uid)}
    assert ids(anon_client, params, IDENTIFIERS) == {identifier.pk}


@exercises(IdentifierFilterSet, "entity_id")
def test_identifiers_entity_id(anon_client):
    """``entity_id``: the identifiers of one entity, by its id."""
    identifier = IdentifierFactory()
    IdentifierFactory()
    assert ids(anon_client, {"entity_id": identifier.entity_id}, IDENTIFIERS) == {identifier.pk}


@exercises(IdentifierFilterSet, "country")
def test_identifiers_country(anon_client):
    """``country``: identifiers issued by this country."""
    chinese = IdentifierFactory(scheme=IdentifierScheme.USCC, country="CN")
    IdentifierFactory(country="PK")
    IdentifierFactory(country="")
    assert ids(anon_client, {"country": "CN"}, IDENTIFIERS) == {chinese.pk}


# The guard -----------------------------------------------------------------------------------
def api_filtersets() -> set[type]:
    from sanctions_tracker.api.urls import router

    return {
        viewset.filterset_class
        for _, viewset, _ in router.registry
        if getattr(viewset, "filterset_class", None) is not None
    }


def test_every_filter_is_exercised():
    """Every filter of every FilterSet the API uses is exercised by a test here or in
    ``test_filtersets_entities``/``test_filtersets_designations`` (NetBox style): a filter
    added without a test fails this."""
    import tests.api.test_filtersets_designations  # noqa: F401  (its tests declare filters)

    expected = {fs.__name__: sorted(fs.base_filters) for fs in api_filtersets()}
    declared = {fs.__name__: sorted(names) for fs, names in EXERCISED.items()}
    assert declared == expected


# Imports -------------------------------------------------------------------------------------
IMPORTS = f"{API}/imports/"


@exercises(ImportRunFilterSet, "source", "status", "sha256")
def test_imports_by_source_status_and_sha256(anon_client):
    sdn = ImportRunFactory(source="ofac-sdn")
    same = ImportRunFactory(source="ofac-sdn", status="unchanged", sha256=sdn.sha256)
    un = ImportRunFactory(source="un-sc")
    assert ids(anon_client, {"source": "ofac-sdn"}, IMPORTS) == {sdn.pk, same.pk}
    assert ids(anon_client, {"source": "un-sc"}, IMPORTS) == {un.pk}
    assert ids(anon_client, {"status": "unchanged"}, IMPORTS) == {same.pk}
    assert ids(anon_client, {"sha256": sdn.sha256}, IMPORTS) == {sdn.pk, same.pk}


@exercises(ImportRunFilterSet, "started_after", "started_before")
def test_imports_by_start_time(anon_client):
    early = ImportRunFactory(started_at=dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC))
    late = ImportRunFactory(started_at=dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC))
    after = {"started_after": "2025-02-01T00:00:00Z"}
    assert ids(anon_client, after, IMPORTS) == {late.pk}
    assert ids(anon_client, {"started_before": "2025-02-01T00:00:00Z"}, IMPORTS) == {early.pk}


# Proposed matches ----------------------------------------------------------------------------
PROPOSALS = f"{API}/proposed-matches/"


@exercises(ProposedMatchFilterSet, "status", "source", "run", "reference")
def test_proposed_matches_by_status_source_run_and_reference(anon_client):
    sdn = ProposedMatchFactory(source="ofac-sdn", reference="52049")
    un = ProposedMatchFactory(source="un-sc")
    ProposedMatch.objects.filter(pk=un.pk).update(
        status="confirmed_new", decided_at=sdn.run.started_at
    )
    assert ids(anon_client, {"status": "open"}, PROPOSALS) == {sdn.pk}
    assert ids(anon_client, {"status": "confirmed_new"}, PROPOSALS) == {un.pk}
    assert ids(anon_client, {"source": "un-sc"}, PROPOSALS) == {un.pk}
    assert ids(anon_client, {"run": sdn.run_id}, PROPOSALS) == {sdn.pk}
    assert ids(anon_client, {"reference": "52049"}, PROPOSALS) == {sdn.pk}
