"""Database checks shared by several models."""

from django.db.models import CheckConstraint, Q
from django.db.models.functions import Length, Substr, Upper
from django.db.models.lookups import Exact, Range


def country_code_constraint(model_label: str, field: str, *, blank: bool = True):
    """Country columns hold two capital letters A-Z (ISO 3166-1 alpha-2), or nothing."""
    condition = Q(Exact(Length(field), 2))
    for position in (1, 2):
        # Compared by code point, whatever the database's collation.
        letter = Substr(field, position, 1)
        condition &= Q(Range(letter, ("A", "Z"))) & Q(Exact(Upper(letter), letter))
    if blank:
        condition |= Q(**{field: ""})
    return CheckConstraint(
        condition=condition,
        name=f"{model_label}_{field}_iso_alpha2",
        violation_error_message=f"{field} must be an ISO 3166-1 alpha-2 code such as PK.",
    )
