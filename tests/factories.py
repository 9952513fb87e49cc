"""factory_boy factories for every curated model, with sensible defaults."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from entities.choices import (
    AliasKind,
    CountryRole,
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
    TargetedActivity,
)
from events.choices import EventKind, ParticipantRole
from events.models import Event, EventParticipant
from importer.models import ImportDifference, ImportRun, ListEntryState, ProposedMatch
from sanctions_tracker.partial_dates import PartialDate
from sources.choices import SourceKind
from sources.models import Citation, Source


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"XX-BODY{n}")
    name = factory.Sequence(lambda n: f"Sanctioning body {n}")
    jurisdiction = "US"


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    body = factory.SubFactory(BodyFactory)
    code = factory.Sequence(lambda n: f"PROG{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")


class TargetedActivityFactory(DjangoModelFactory):
    class Meta:
        model = TargetedActivity

    name = factory.Sequence(lambda n: f"Activity {n}")
    country = "PK"


class EntityFactory(DjangoModelFactory):
    class Meta:
        model = Entity

    kind = EntityKind.ORGANIZATION
    name = factory.Sequence(lambda n: f"Entity {n}")


class AliasFactory(DjangoModelFactory):
    class Meta:
        model = Alias

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")
    kind = AliasKind.AKA


class EntityCountryFactory(DjangoModelFactory):
    class Meta:
        model = EntityCountry

    entity = factory.SubFactory(EntityFactory)
    country = "PK"
    role = CountryRole.LOCATED_IN


class EntityDateFactory(DjangoModelFactory):
    """A date of birth known to the year (pass ``date`` for a range: ``"1960/1965"``)."""

    class Meta:
        model = EntityDate

    entity = factory.SubFactory(EntityFactory)
    kind = EntityDateKind.BIRTH
    date = PartialDate.parse("1960")


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    entity = factory.SubFactory(EntityFactory)
    city = "Islamabad"
    country = "PK"


class IdentifierFactory(DjangoModelFactory):
    class Meta:
        model = Identifier

    entity = factory.SubFactory(EntityFactory)
    scheme = IdentifierScheme.TAX_ID
    value = factory.Sequence(lambda n: f"{9010000 + n}")
    country = "PK"


class RelationshipFactory(DjangoModelFactory):
    class Meta:
        model = Relationship

    subject = factory.SubFactory(EntityFactory)
    kind = RelationshipKind.COLLABORATED_WITH
    object = factory.SubFactory(EntityFactory)


class DesignationFactory(DjangoModelFactory):
    """An active designation listed on 2024-12-18 (pass ``listed``/``delisted`` to change)."""

    class Meta:
        model = Designation
        skip_postgeneration_save = True  # measures are set on the saved row

    entity = factory.SubFactory(EntityFactory)
    body = factory.SubFactory(BodyFactory)
    programme = factory.LazyAttribute(lambda o: ProgrammeFactory(body=o.body))
    listed = PartialDate.parse("2024-12-18")

    @factory.post_generation
    def measures(self, create, extracted, **kwargs):
        if create and extracted:
            self.measures.set(Measure.objects.filter(code__in=extracted))


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    kind = SourceKind.NEWS_ARTICLE
    title = factory.Sequence(lambda n: f"Article {n}")
    published = PartialDate.unknown()


class CitationFactory(DjangoModelFactory):
    """Cites an entity unless another target is given."""

    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    quote = "the words of the source"
    entity = factory.SubFactory(EntityFactory)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.STATEMENT
    title = factory.Sequence(lambda n: f"Event {n}")
    occurred = PartialDate.parse("2024-12-19")


class EventParticipantFactory(DjangoModelFactory):
    class Meta:
        model = EventParticipant

    event = factory.SubFactory(EventFactory)
    entity = factory.SubFactory(EntityFactory)
    role = ParticipantRole.ACTOR


class ImportRunFactory(DjangoModelFactory):
    class Meta:
        model = ImportRun

    source = "ofac-sdn"
    path = "/lists/sdn"
    files = factory.LazyFunction(lambda: {"sdn.csv": "a" * 64})
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    status = "applied"
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyAttribute(lambda run: run.started_at)
    entries = 1
    added = 1


class ImportDifferenceFactory(DjangoModelFactory):
    class Meta:
        model = ImportDifference

    run = factory.SubFactory(ImportRunFactory)
    action = "added"
    reference = factory.Sequence(str)
    entity = factory.SubFactory(EntityFactory)


class ListEntryStateFactory(DjangoModelFactory):
    class Meta:
        model = ListEntryState

    source = "ofac-sdn"
    reference = factory.Sequence(str)
    entity = factory.SubFactory(EntityFactory)
    digest = "0" * 64
    data = factory.LazyFunction(dict)


class ProposedMatchFactory(DjangoModelFactory):
    """An open proposal: a created entity and two candidates (pass ``candidates=[...]``)."""

    class Meta:
        model = ProposedMatch
        skip_postgeneration_save = True

    run = factory.SubFactory(ImportRunFactory)
    source = "ofac-sdn"
    reference = factory.Sequence(str)
    name = factory.LazyAttribute(lambda o: o.created_entity.name)
    created_entity = factory.SubFactory(EntityFactory)
    created_id = factory.LazyAttribute(lambda o: o.created_entity.pk)
    reason = "same name and country (PK)"

    @factory.post_generation
    def candidates(self, create, extracted, **kwargs):
        if create:
            self.candidates.set(extracted or [EntityFactory(), EntityFactory()])
