"""The body a designation's authority names, for lists whose designations each name their
own (FtM ``Sanction.authority``): found, or created once and named in the run's warnings.

In order: a recorded body whose name, short name or code is the authority (case and
spaces folded); else a known body (the registry's, the US State Department, and the words
OpenSanctions writes for them), created from its description if not recorded yet; else a
new body, coded ``JURISDICTION-ACRONYM`` from the authority's country and the initials of
its name (``NZ-MFAT`` for New Zealand's "Ministry of Foreign Affairs and Trade").
"""

from __future__ import annotations

import re

from django_countries import countries
from unidecode import unidecode

from entities.models import Body
from entities.services import body_create
from importer.context import ImportContext, max_length
from importer.models import DifferenceAction
from importer.records import ProgrammeRecord
from importer.registry import EU, OFAC, UK_OFSI, UN_SC, BodySpec
from sources.services import citation_create

US_DOS = BodySpec(
    code="US-DOS",
    name="US Department of State",
    short_name="State Department",
    jurisdiction="US",
    url="https://www.state.gov/",
)

# Authority words (folded) -> the body they name: each body's own names, and OpenSanctions'.
KNOWN = {
    **{
        words: spec
        for spec in (OFAC, UN_SC, UK_OFSI, EU, US_DOS)
        for words in (spec.code, spec.name, spec.short_name)
    },
    "Office of Foreign Assets Control": OFAC,
    "US Treasury Office of Foreign Assets Control": OFAC,
    "United Nations Security Council": UN_SC,
    "UN Security Council": UN_SC,
    "Office of Financial Sanctions Implementation": UK_OFSI,
    "Council of the European Union": EU,
    "European Union": EU,
    "Department of State": US_DOS,
    "U.S. Department of State": US_DOS,
}
_STOP_WORDS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "at",
        "to",
        "a",
        "an",
        "la",
        "le",
        "les",
        "de",
        "du",
        "des",
        "der",
        "die",
        "das",
        "und",
        "et",
        "y",
        "del",
        "di",
    ]
)


def fold(words: str) -> str:
    """Case and spaces folded: how an authority is compared with a body's names."""
    return " ".join(words.split()).casefold()


_KNOWN = {fold(words): spec for words, spec in KNOWN.items() if words}


def authority_body(ctx: ImportContext, record: ProgrammeRecord) -> Body:
    """The body ``record.authorities`` names (the first name that is a body), created with
    the first name if none is."""
    key = record.authorities
    if key in ctx.authorities:
        return ctx.authorities[key]
    body = None
    for words in record.authorities:
        body = _recorded(words) or _known(ctx, words)
        if body is not None:
            break
    if body is None:
        body = _create(ctx, record)
    ctx.authorities[key] = body
    return body


def _recorded(words: str) -> Body | None:
    wanted = fold(words)
    for body in Body.objects.all():
        if wanted in {fold(body.name), fold(body.short_name), fold(body.code)}:
            return body
    return None


def _known(ctx: ImportContext, words: str) -> Body | None:
    spec = _KNOWN.get(fold(words))
    if spec is None:
        return None
    return Body.objects.filter(code=spec.code).first() or _new_body(
        ctx, spec.code, spec.name, spec.short_name, spec.jurisdiction, spec.url, words
    )


_CODE = re.compile(r"^[A-Z]{2,}(-[A-Z0-9]+)+$")


def _create(ctx: ImportContext, record: ProgrammeRecord) -> Body:
    """A new body named by the first authority; its code is another authority value that
    is a code already (``["Ministry of Foreign Affairs", "PK-MOFA"]``), else one made of
    the jurisdiction and the name's initials."""
    name = record.authorities[0]
    given = [a for a in record.authorities[1:] if _CODE.match(a)]
    code = _free_code(given[0] if given else acronym_code(name, record.jurisdiction))
    body = _new_body(ctx, code, name, "", record.jurisdiction, "", name)
    ctx.difference(
        DifferenceAction.WARNING,
        "",
        message=f"authority {name!r} is no recorded body: created body {code}",
    )
    return body


def acronym_code(name: str, jurisdiction: str) -> str:
    """``JURISDICTION-ACRONYM``: an acronym the name gives in brackets ("Entity List (EL)"),
    else the initials of its words but the small ones, transliterated to capitals."""
    given = re.search(r"\(([A-Z]{2,})\)", name)
    if given:
        acronym = given.group(1)
    else:
        words = re.findall(r"[A-Za-z0-9]+", unidecode(name))
        initials = [w[0] for w in words if w.lower() not in _STOP_WORDS] or [w[0] for w in words]
        acronym = "".join(initials).upper()[:12] or "BODY"
    if len(acronym) < 2:
        acronym += "X"
    prefix = re.sub(r"[^A-Z]", "", jurisdiction.upper())
    if len(prefix) >= 2 and prefix != acronym:
        code = f"{prefix}-{acronym}"
    elif re.match(r"^[A-Z]{2,}", acronym):
        code = acronym
    else:  # no jurisdiction, and initials a code cannot start with: an international body
        code = f"INT-{acronym}"
    return code[: max_length(Body, "code")]


def _free_code(code: str) -> str:
    """``code``, or ``code-2`` (``-3`` ...) when another body has it."""
    taken = set(Body.objects.filter(code__startswith=code).values_list("code", flat=True))
    if code not in taken:
        return code
    n = 2
    while f"{code}-{n}" in taken:
        n += 1
    return f"{code}-{n}"


def _new_body(ctx, code, name, short_name, jurisdiction, url, words) -> Body:
    body = body_create(
        code=code,
        name=name[: max_length(Body, "name")],
        short_name=short_name,
        jurisdiction=jurisdiction if jurisdiction in dict(countries) else "",
        url=url,
        user=ctx.user,
        reason=ctx.reason,
    )
    citation_create(
        record=body,
        source=ctx.source,
        locator=f"authority {words!r} of {', '.join(ctx.parsed.files)}",
        user=ctx.user,
        reason=ctx.reason,
    )
    return body
