"""When a designation is active: while it has no delisting date (its precision is blank).

The one definition of the rule, as a query for the database and as a predicate for a
record in hand, side by side; a test checks that they agree. Everything else (constraints,
querysets, filters, counts, exports, services) calls one of these two.
"""

from __future__ import annotations

from django.db.models import Q

# What the rule reads of a designation (for querysets loading only what a count needs).
ACTIVE_FIELDS = ("delisted_precision",)


def active_q(path: str = "") -> Q:
    """Active designations, or, with ``path``, the relation that leads to them from another
    model: ``Entity.objects.filter(active_q("designations"))``."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}delisted_precision": ""})


def is_active(designation) -> bool:
    """The designation in hand is active (``active_q()`` would select it)."""
    return designation.delisted_precision == ""
