"""Data for the review tests: an import of the NDC excerpt that proposes two candidates.

Two existing entities hold the NDC entry's tax ID (9010629, Pakistan), a strong identifier
(``importer.matching`` rule 1): the import cannot choose, so it creates a new entity and
proposes both. The first candidate also has an active OFAC designation under NPWMD (the
programme of the entry), an alias and the identifier the entry carries, so linking to it
meets every duplicate the move must not create.
"""

from __future__ import annotations

from dataclasses import dataclass

from entities.models import Body, Entity, Identifier, Programme
from importer.models import ProposedMatch
from importer.registry import LISTS
from importer.services import import_list
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import AliasFactory, DesignationFactory, EntityFactory
from tests.importer.conftest import OFAC_NDC


@dataclass
class Proposed:
    proposal: ProposedMatch
    first: Entity  # the candidate with the designation
    second: Entity
    created: Entity


def two_candidates(*, import_it: bool = True) -> Proposed | tuple[Entity, Entity]:
    spec = LISTS["ofac-sdn"].body
    body = Body.objects.filter(code=spec.code).first() or Body.objects.create(
        code=spec.code, name=spec.name, short_name=spec.short_name
    )
    npwmd = Programme.objects.get_or_create(body=body, code="NPWMD", defaults={"name": "NPWMD"})[0]
    first = EntityFactory(name="NESCOM development wing")
    second = EntityFactory(name="Pakistan NDC")
    for entity in (first, second):
        Identifier.objects.create(entity=entity, scheme="tax_id", value="9010629", country="PK")
    AliasFactory(entity=first, name="NDC", kind="aka", is_weak=True)
    DesignationFactory(
        entity=first, body=body, programme=npwmd, listed=PartialDate.parse("2018-03-21")
    )
    if not import_it:
        return first, second
    import_list("ofac-sdn", OFAC_NDC)
    proposal = ProposedMatch.objects.get(reference="52049")
    return Proposed(proposal, first, second, proposal.created_entity)
