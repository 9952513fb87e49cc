"""The parts of an entity: the one list that every reader and writer of "an entity and
everything about it" takes them from.

A part is a record that belongs to one entity (or, for a relationship, to the two it
links) and has no life without it: its aliases, countries, dates, addresses, identifiers,
designations and relationships. Bodies, programmes, events and citations point at entities
too but are not parts: they are records of their own.

``PARTS`` is in creation order: parents before children, so a bulk writer that creates an
entity and its parts at once writes them in this order after the entity
(:func:`creation_order`). Adding a part means one more ``Part`` here (a test fails for a
model with a foreign key to ``Entity`` that is neither registered nor named as no part).

Models are looked up lazily (by label), so this module imports no models and any module,
models included, can import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Q

ENTITY = "entities.Entity"


@dataclass(frozen=True)
class Part:
    """One kind of part of an entity.

    ``name`` is its related name on ``Entity`` (``entity.aliases``), also the name of the
    list in a parsed list entry; a relationship, which points at two entities, is named
    ``relationships`` and reached as ``relationships_out`` and ``relationships_in``.
    """

    name: str
    label: str  # app_label.ModelName
    # The foreign keys that point at the entity it belongs to.
    entity_fields: tuple[str, ...] = ("entity",)
    # Screening reads it: every save or delete logs its entity as changed for the index.
    screened: bool = False

    @property
    def model(self) -> type[models.Model]:
        return _model(self.label)

    @property
    def related_names(self) -> tuple[str, ...]:
        """Its related names on ``Entity``, one per foreign key, from the model's fields."""
        meta = self.model._meta
        return tuple(meta.get_field(f).remote_field.related_name for f in self.entity_fields)

    @property
    def citation_field(self) -> str:
        """The field of ``sources.Citation`` that points at a record of this part."""
        return citation_field(self.model)

    def of(self, entity) -> Q:
        """Rows of this part that belong to ``entity`` (a record or a primary key)."""
        pk = getattr(entity, "pk", entity)
        q = Q()
        for name in self.entity_fields:
            q |= Q(**{f"{name}_id": pk})
        return q

    def of_any(self, entity_ids) -> Q:
        """Rows of this part that belong to any of these entities (primary keys)."""
        ids = list(entity_ids)
        q = Q()
        for name in self.entity_fields:
            q |= Q(**{f"{name}_id__in": ids})
        return q


PARTS: tuple[Part, ...] = (
    Part("aliases", "entities.Alias", screened=True),
    Part("countries", "entities.EntityCountry", screened=True),
    Part("dates", "entities.EntityDate", screened=True),
    Part("addresses", "entities.Address", screened=True),
    Part("identifiers", "entities.Identifier", screened=True),
    Part("designations", "entities.Designation", screened=True),
    Part("relationships", "entities.Relationship", entity_fields=("subject", "object")),
)
_BY_NAME = {p.name: p for p in PARTS}
_BY_LABEL = {p.label: p for p in PARTS}


def part(name: str) -> Part:
    """The part of this name (``"aliases"``); KeyError for an unknown one."""
    return _BY_NAME[name]


def part_of(model: type[models.Model]) -> Part | None:
    """The part a model is, or None (for the entity itself and for anything else)."""
    return _BY_LABEL.get(model._meta.label)


def part_models() -> list[type[models.Model]]:
    """The models of every part, in creation order."""
    return [p.model for p in PARTS]


def entity_model() -> type[models.Model]:
    return apps.get_model(ENTITY)


def creation_order() -> list[type[models.Model]]:
    """The entity, then its parts, parents before children."""
    return [entity_model(), *part_models()]


def screened_models() -> list[type[models.Model]]:
    """What screening reads of an entity: the entity and its screened parts."""
    return [entity_model(), *(p.model for p in PARTS if p.screened)]


def citation_field(model: type[models.Model]) -> str:
    """The field of ``sources.Citation`` that points at a record of ``model``.

    ``sources.CITABLE`` is the one list of what a citation can support (parts and other
    records alike); KeyError for a model that cannot be cited.
    """
    return _citation_fields()[model._meta.label]


@cache
def _model(label: str) -> type[models.Model]:
    """A model by its label, looked up once: the importer asks for each row it queues."""
    return apps.get_model(label)


@cache
def _citation_fields() -> dict[str, str]:
    from sources.models import CITABLE

    return {label: name for name, label in CITABLE}
