"""The in-process name index: every entity's names, tokens, countries, birth years and
strong identifiers, with inverted indexes for finding candidates fast.

One index per process, built on first use and brought up to date before every search from
the change log (``screening.models.IndexChange``): one indexed query when nothing changed,
the changed entities reloaded when something did, a rebuild after a bulk import. Works the
same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from entities.identifiers import STRONG_SCHEMES
from entities.parts import entity_model, part
from screening.changes import RETENTION
from screening.normalize import is_non_latin, name_tokens, run_skeletons, skeleton

# Change-log rows this recent are read again (see NameIndex.refresh).
RECHECK_WINDOW = dt.timedelta(minutes=10)
# An index that has not read the log for this long rebuilds: the rows it would need may be
# pruned (screening.changes.RETENTION), but never rows newer than its last read minus the
# recheck window.
STALE_AFTER = RETENTION - 2 * RECHECK_WINDOW
# A token in more than this share of names finds candidates only when nothing rarer does.
COMMON_SHARE = 0.02


@dataclass(frozen=True)
class IndexedName:
    entity_id: int
    name: str
    kind: str  # "primary" or an AliasKind value
    weak: bool
    tokens: tuple[str, ...]
    skeletons: tuple[str, ...]
    non_latin: bool = False


@dataclass
class IndexedEntity:
    id: int
    kind: str
    name: str
    countries: frozenset[str] = frozenset()
    births: tuple[tuple[int, int, bool], ...] = ()  # (first year, last year, approximate)
    identifiers: frozenset[tuple[str, str]] = frozenset()
    # The places of its addresses (city, region), as words -> as written: "Islamabad".
    cities: dict[tuple[str, ...], str] = field(default_factory=dict)
    slots: list[int] = field(default_factory=list)


def address_places(fields) -> dict[tuple[str, ...], str]:
    """The places an address's city and region name, each as its words: "Islamabad,
    Islamabad Urban" is Islamabad and Islamabad Urban; "Beijing 100120" is Beijing (postal
    codes are not places)."""
    places = {}
    for value in fields:
        for piece in (value or "").split(","):
            words = tuple(t for t in name_tokens(piece) if not t.isdigit())
            if words:
                text = " ".join(w for w in piece.split() if not w.isdigit())
                places.setdefault(words, text)
    return places


def identifier_key(scheme: str, value: str) -> tuple[str, str]:
    return scheme, "".join(value.split()).upper().replace("-", "")


class NameIndex:
    def __init__(self):
        self.names: list[IndexedName | None] = []
        self.entities: dict[int, IndexedEntity] = {}
        self.postings: dict[str, set[int]] = defaultdict(set)
        self.skeleton_postings: dict[str, set[int]] = defaultdict(set)
        self.by_identifier: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_length: dict[int, set[str]] = defaultdict(set)
        self._length_lists: dict[int, list[str]] = {}
        self.skeleton_of: dict[str, str] = {}
        self.live_names = 0
        self.last_change = 0
        self.applied: dict[int, object] = {}  # change id -> its time, within the window
        self.checked_at: dt.datetime | None = None  # when the log was last read
        self.lock = threading.RLock()

    # ------------------------------------------------------------------ weights
    def weight(self, token: str) -> float:
        """IDF: rare tokens weigh more. Unknown tokens weigh as the rarest."""
        df = len(self.postings.get(token, ()))
        idf = math.log(1 + (self.live_names + 1) / (df + 1))
        # An initial says little about who it is, however rare the letter.
        return min(idf, 1.0) if len(token) == 1 else idf

    def is_common(self, token: str) -> bool:
        return len(self.postings.get(token, ())) > max(50, COMMON_SHARE * self.live_names)

    def skeleton(self, token: str) -> str:
        skel = self.skeleton_of.get(token)
        if skel is None:
            skel = self.skeleton_of[token] = skeleton(token)
        return skel

    def vocabulary_of_length(self, length: int) -> list[str]:
        words = self._length_lists.get(length)
        if words is None:
            words = self._length_lists[length] = sorted(self.by_length.get(length, ()))
        return words

    # ------------------------------------------------------------------ loading
    def load(self, entity_ids: list[int] | None = None) -> None:
        """Load all entities, or (re)load these ones (removing those that are gone)."""
        entities = entity_model().objects.all()
        aliases = _part_rows("aliases", entity_ids)
        countries = _part_rows("countries", entity_ids)
        addresses = _part_rows("addresses", entity_ids)
        dates = _part_rows("dates", entity_ids).filter(kind="birth", date_earliest__isnull=False)
        identifiers = _part_rows("identifiers", entity_ids).filter(
            scheme__in=[*STRONG_SCHEMES, "list_reference"]
        )
        if entity_ids is not None:
            for entity_id in entity_ids:
                self._remove(entity_id)
            entities = entities.filter(pk__in=entity_ids)

        loaded: dict[int, IndexedEntity] = {}
        for pk, kind, name, folded in entities.values_list("pk", "kind", "name", "name_folded"):
            entity = loaded[pk] = IndexedEntity(pk, kind, name)
            self._add_name(entity, name, folded, "primary", False)
        code_sets: dict[int, set[str]] = defaultdict(set)
        for entity_id, code in countries.values_list("entity_id", "country"):
            code_sets[entity_id].add(code)
        cities: dict[int, dict] = defaultdict(dict)
        for entity_id, code, *places in addresses.values_list(
            "entity_id", "country", "city", "region"
        ):
            if code:
                code_sets[entity_id].add(code)
            cities[entity_id].update(address_places(places))
        births: dict[int, list] = defaultdict(list)
        for entity_id, first, last, approximate in dates.values_list(
            "entity_id", "date_earliest", "date_latest", "approximate"
        ):
            births[entity_id].append((first.year, last.year, approximate))
        idents: dict[int, set] = defaultdict(set)
        for entity_id, scheme, value in identifiers.values_list("entity_id", "scheme", "value"):
            idents[entity_id].add(identifier_key(scheme, value))
        for entity_id, entity in loaded.items():
            entity.countries = frozenset(code_sets.get(entity_id, ()))
            entity.births = tuple(births.get(entity_id, ()))
            entity.identifiers = frozenset(idents.get(entity_id, ()))
            entity.cities = cities.get(entity_id, {})
            for key in entity.identifiers:
                self.by_identifier[key].add(entity_id)
        self.entities.update(loaded)
        for entity_id, name, folded, kind, weak in aliases.values_list(
            "entity_id", "name", "name_folded", "kind", "is_weak"
        ):
            if entity_id in self.entities:
                self._add_name(self.entities[entity_id], name, folded, kind, weak)

    def _add_name(self, entity: IndexedEntity, name: str, folded: str, kind: str, weak: bool):
        non_latin = is_non_latin(name)
        tokens = name_tokens(name) if non_latin else tuple(folded.split())
        if not tokens:
            return
        slot = len(self.names)
        skeletons = tuple(self.skeleton(t) for t in tokens)
        self.names.append(IndexedName(entity.id, name, kind, weak, tokens, skeletons, non_latin))
        entity.slots.append(slot)
        self.live_names += 1
        for token in set(tokens):
            if token not in self.postings:
                self.by_length[len(token)].add(token)
                self._length_lists.pop(len(token), None)
            self.postings[token].add(slot)
            self.skeleton_postings[self.skeleton(token)].add(slot)
        # Adjacent words joined: scripts split names differently ("Abd al-Rahman" is one
        # word in Arabic, "عبد الله" two where Latin lists write "Abdullah").
        for skel in run_skeletons(skeletons):
            self.skeleton_postings[skel].add(slot)

    def _remove(self, entity_id: int) -> None:
        entity = self.entities.pop(entity_id, None)
        if entity is None:
            return
        for key in entity.identifiers:
            self.by_identifier[key].discard(entity_id)
        for slot in entity.slots:
            name = self.names[slot]
            self.names[slot] = None
            self.live_names -= 1
            for token in set(name.tokens):
                postings = self.postings[token]
                postings.discard(slot)
                if not postings:
                    del self.postings[token]
                    self.by_length[len(token)].discard(token)
                    self._length_lists.pop(len(token), None)
                self.skeleton_postings[self.skeleton(token)].discard(slot)
            for skel in run_skeletons(name.skeletons):
                self.skeleton_postings[skel].discard(slot)

    # ------------------------------------------------------------------ freshness
    def refresh(self) -> None:
        """Apply the change log since the last refresh (a full rebuild if it says so).

        Ids are handed out when rows are inserted, not when they commit: on PostgreSQL a
        transaction can commit id 11 after another committed id 12. So the rows of the last
        few minutes are read again too, and those already applied are skipped.
        """
        from screening.models import IndexChange

        with self.lock:
            now = timezone.now()
            if self.checked_at is None or now - self.checked_at > STALE_AFTER:
                self.start_over()
                return
            self.checked_at = now
            cutoff = now - RECHECK_WINDOW
            rows = list(
                IndexChange.objects.filter(Q(id__gt=self.last_change) | Q(created_at__gte=cutoff))
                .order_by("id")
                .values_list("id", "entity_id", "created_at")
            )
            self.applied = {i: at for i, at in self.applied.items() if at >= cutoff}
            fresh = [(i, e, at) for i, e, at in rows if i not in self.applied]
            if not fresh:
                return
            if any(entity_id is None for _, entity_id, _ in fresh):
                self._rebuild()
            else:
                self.load(sorted({entity_id for _, entity_id, _ in fresh}))
            self.applied.update((i, at) for i, _, at in fresh)
            self.last_change = max(self.last_change, rows[-1][0])

    def start_over(self) -> None:
        """Load everything, and take the log as applied up to now."""
        from screening.models import IndexChange

        with self.lock:
            self.checked_at = timezone.now()
            cutoff = self.checked_at - RECHECK_WINDOW
            # What the log holds now is already in what the load reads next.
            last = IndexChange.objects.order_by("-id").values_list("id", flat=True).first()
            self.applied = dict(
                IndexChange.objects.filter(created_at__gte=cutoff).values_list("id", "created_at")
            )
            self._rebuild()
            self.last_change = last or 0

    def _rebuild(self) -> None:
        fresh = NameIndex()
        fresh.load()
        # Keep our lock and bookkeeping; take the rest.
        keep = {
            "lock": self.lock,
            "applied": self.applied,
            "last_change": self.last_change,
            "checked_at": self.checked_at,
        }
        self.__dict__.update(fresh.__dict__)
        self.__dict__.update(keep)


def _part_rows(name: str, entity_ids: list[int] | None):
    """The rows of a part of these entities (all entities for None).

    Only parts whose changes are logged (``screened`` in entities.parts): the index of a
    part that is not would go stale without anyone knowing.
    """
    found = part(name)
    if not found.screened:
        raise ValueError(f"{name}: screening does not read this part (see entities.parts)")
    rows = found.model.objects.all()
    return rows if entity_ids is None else rows.filter(found.of_any(entity_ids))


_INDEXES: dict[str, NameIndex] = {}
_GUARD = threading.Lock()


def get_index() -> NameIndex:
    """This process's index for the current database, up to date with committed changes."""
    key = f"{connection.alias}:{connection.settings_dict['NAME']}"
    with _GUARD:
        index = _INDEXES.get(key)
        if index is None:
            index = NameIndex()
            index.start_over()
            _INDEXES[key] = index
            return index
    index.refresh()
    return index


def reset_indexes() -> None:
    """Forget every process-local index (tests use it between databases)."""
    with _GUARD:
        _INDEXES.clear()
