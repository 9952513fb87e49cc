"""Database checks shared by several models."""

from django.db.models import CheckConstraint, F, Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact


def country_code_constraint(model_label: str, field: str, *, blank: bool = True):
    """Country columns hold two upper-case letters (ISO 3166-1 alpha-2), or nothing."""
    condition = Q(Exact(Length(field), 2)) & Q(Exact(Upper(field), F(field)))
    if blank:
        condition |= Q(**{field: ""})
    return CheckConstraint(
        condition=condition,
        name=f"{model_label}_{field}_iso_alpha2",
        violation_error_message=f"{field} must be an ISO 3166-1 alpha-2 code such as PK.",
    )
