from entities.models.designation import Designation
from entities.models.entity import (
    Address,
    Alias,
    Entity,
    EntityCountry,
    EntityDate,
    FoldedNameMixin,
    Identifier,
)
from entities.models.reference import Body, Measure, Programme, TargetedActivity
from entities.models.relationship import Relationship

__all__ = [
    "Address",
    "Alias",
    "Body",
    "Designation",
    "Entity",
    "EntityCountry",
    "EntityDate",
    "FoldedNameMixin",
    "Identifier",
    "Measure",
    "Programme",
    "Relationship",
    "TargetedActivity",
]
