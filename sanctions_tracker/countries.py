"""Countries as the tracker stores them: ISO 3166-1 alpha-2 codes (and EU).

Two different rules read country input, and they are kept apart on purpose:

- a code someone typed (an API filter, a form): :func:`iso_country_code` accepts a code and
  nothing else (``sanctions_tracker.api.filters.country_code_parameter`` refuses the rest);
- a country *name* as a sanctions list spells it ("Korea, North", "Burma"): the importer's
  lookup maps names to codes, and leaves unknown names as words.
"""

from __future__ import annotations

from django_countries import countries


def iso_country_code(value: str) -> str:
    """``value`` as a stored country code ("pk " -> "PK"), or "" if it is not one."""
    code = (value or "").strip().upper()
    return code if code in countries else ""
