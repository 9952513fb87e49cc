"""Finding the entity that a new list entry is about, among those already recorded.

In order: the entity that an entry of a list with the same numbering became under the same
reference (``ListSpec.reference_scheme``: OFAC's legacy CSV lists and its advanced XML share
the ``ent_num``, which the XML calls ``FixedRef``); then the entity another list entry with
the same strong identifier became (a passport, a tax ID, an IMO number, or a reference in a
list's numbering: the UN reference that the UK list quotes, the OFAC ent_num or UK Group ID
that an OpenSanctions FtM entity names); then one entity with the same folded name and a shared
country that no list claims yet, such as the seed's National Development Complex. One
candidate is linked; several are proposed to an analyst, never guessed between.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from entities.identifiers import STRONG_SCHEMES
from entities.models import Address, Alias, Entity, EntityCountry, Identifier
from entities.numberings import numbering_key
from importer.models import ListEntryState
from importer.records import ListEntry
from importer.registry import LISTS


@dataclass
class Match:
    entity_id: int | None = None
    reason: str = ""
    candidates: list[int] = field(default_factory=list)


class EntityMatcher:
    """Indexes built once per import, on first use (an unchanged list never needs them)."""

    def __init__(self, source: str):
        self.source = source
        self._by_identifier: dict[tuple, set[int]] | None = None
        self._by_reference: dict[str, tuple[int, str]] = {}
        self._by_name: dict[str, set[int]] | None = None
        self._countries: dict[int, set[str]] = {}
        self.claimed: set[int] = set()

    def _load(self) -> None:
        self._by_reference = self._shared_references()
        by_identifier: dict[tuple, set[int]] = defaultdict(set)
        for scheme, value, country, label, entity_id in Identifier.objects.values_list(
            "scheme", "value", "country", "label", "entity_id"
        ):
            for key in _identifier_keys(scheme, value, country, label):
                by_identifier[key].add(entity_id)
        self._by_identifier = by_identifier
        self.claimed = set(
            ListEntryState.objects.filter(source=self.source).values_list("entity_id", flat=True)
        )
        listed = set(ListEntryState.objects.values_list("entity_id", flat=True)) | set(
            Identifier.objects.filter(scheme="list_reference").values_list("entity_id", flat=True)
        )
        by_name: dict[str, set[int]] = defaultdict(set)
        for entity_id, folded in Entity.objects.values_list("id", "name_folded"):
            if entity_id not in listed and folded:
                by_name[folded].add(entity_id)
        for entity_id, folded in Alias.objects.filter(is_weak=False).values_list(
            "entity_id", "name_folded"
        ):
            if entity_id not in listed and folded:
                by_name[folded].add(entity_id)
        self._by_name = by_name
        countries: dict[int, set[str]] = defaultdict(set)
        for entity_id, code in EntityCountry.objects.values_list("entity_id", "country"):
            if entity_id not in listed:
                countries[entity_id].add(code)
        for entity_id, code in Address.objects.exclude(country="").values_list(
            "entity_id", "country"
        ):
            if entity_id not in listed:
                countries[entity_id].add(code)
        self._countries = countries

    def _shared_references(self) -> dict[str, tuple[int, str]]:
        """Reference -> (entity, list) of the other lists numbered as this one is."""
        spec = LISTS.get(self.source)
        scheme = spec.reference_scheme if spec is not None else ""
        if not scheme:
            return {}
        siblings = [
            k for k, s in LISTS.items() if s.reference_scheme == scheme and k != self.source
        ]
        found: dict[str, tuple[int, str]] = {}
        for source, reference, entity_id in ListEntryState.objects.filter(
            source__in=siblings
        ).values_list("source", "reference", "entity_id"):
            found.setdefault(reference, (entity_id, source))
        return found

    def find(self, entry: ListEntry) -> Match:
        if self._by_identifier is None:
            self._load()
        # 0. The same reference in a list of the same numbering: the same party, for sure.
        shared = self._by_reference.get(entry.reference)
        if shared is not None and shared[0] not in self.claimed:
            scheme = LISTS[self.source].reference_scheme
            return Match(shared[0], f"same {scheme} {entry.reference} ({shared[1]})")
        # 1. A strong identifier held by exactly one entity that this list does not claim.
        for ident in entry.identifiers:
            for key in _identifier_keys(ident.scheme, ident.value, ident.country, ident.label):
                found = self._by_identifier.get(key, set()) - self.claimed
                if len(found) == 1:
                    return Match(next(iter(found)), f"same identifier {ident.scheme} {ident.value}")
                if len(found) > 1:
                    return Match(None, f"identifier {ident.scheme} {ident.value}", sorted(found))
        # 2. The same folded name, and a country in common.
        strong = [entry.name, *(a.name for a in entry.aliases if not a.weak)]
        names = {Entity.folded_name(name) for name in strong}
        codes = {c.country for c in entry.countries} | {
            a.country for a in entry.addresses if a.country
        }
        found: set[int] = set()
        for name in names - {""}:
            found |= self._by_name.get(name, set())
        found -= self.claimed
        if not found:
            return Match()
        with_country = {e for e in found if self._countries.get(e, set()) & codes}
        if len(with_country) == 1:
            entity_id = next(iter(with_country))
            shared = ", ".join(sorted(self._countries[entity_id] & codes))
            return Match(entity_id, f"same name and country ({shared})")
        candidates = sorted(with_country or found)
        why = "same name and country" if with_country else "same name, no country in common"
        return Match(None, why, candidates)

    def claim(self, entity_id: int) -> None:
        """An entity linked to one entry is not linked to another entry of the same list."""
        self.claimed.add(entity_id)


def _identifier_keys(scheme: str, value: str, country: str, label: str) -> list[tuple]:
    value = "".join(value.split()).upper()
    if scheme in STRONG_SCHEMES:
        return [(scheme, value, country)]
    # A list's reference is strong within its numbering (entities.numberings): the UN
    # reference the UK and EU lists quote, the OFAC ent_num an FtM file names. Numbers of
    # different numberings collide, so the numbering is part of the key.
    if scheme == "list_reference":
        key = numbering_key(label, value)
        return [("list_reference", *key)] if key else []
    return []
