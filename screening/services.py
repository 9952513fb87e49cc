"""Screening a name: ranked candidates from the index, each with a score from 0 to 1 and the
features that raised or lowered it.

1. Candidates: the names sharing a token with the query, or a token within one or two typos
   (rapidfuzz over the words of similar length), or a consonant skeleton (transliterations);
   tokens common to many names only add candidates when nothing rarer does.
2. Each candidate name is scored (``screening.scoring``); an entity keeps its best name. A
   weak alias (a broad acronym, a low-quality name) counts for less.
   Between names scoring the same, the primary name is the one reported.
3. Features adjust the score: a country or a birth date that disagrees lowers it (the
   candidate stays visible, ranked lower); an exact strong identifier makes it 1. Query
   words naming a place of one of the entity's addresses ("NDC Islamabad") are location
   agreement, not name words that found no partner: the name is scored without them.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from entities.identifiers import STRONG_SCHEMES
from screening.index import NameIndex, get_index, identifier_key
from screening.normalize import (
    MIN_RUN_SKELETON,
    adjacent_runs,
    is_non_latin,
    joined_skeleton,
    name_tokens,
)
from screening.scoring import name_similarity

DEFAULT_THRESHOLD = 0.80
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_BATCH = 100
WEAK_ALIAS_FACTOR = 0.9
COUNTRY_MISMATCH_FACTOR = 0.85
CANDIDATE_POOL = 60  # names scored fully per query, the best by the cheap first pass
FUZZY_CUTOFF = 75
# Admin search's fallback (sanctions_tracker.admin_search): more tolerant than a screening,
# since an analyst looking for "al zawahri" reads what comes back.
SEARCH_FALLBACK_THRESHOLD = 0.7
SEARCH_FALLBACK_LIMIT = 20


@dataclass(frozen=True)
class MatchQuery:
    name: str
    country: str = ""  # ISO alpha-2
    kind: str = ""  # EntityKind value
    birth_date: str = ""  # ISO partial date: 1971, 1971-05, 1971-05-02
    identifier: str = ""  # a passport, registration or tax number...

    def birth_years(self) -> tuple[int, int] | None:
        if not self.birth_date:
            return None
        year = int(self.birth_date[:4])
        return year, year


@dataclass
class Candidate:
    entity_id: int
    kind: str
    name: str
    score: float
    matched_name: str
    matched_kind: str
    weak: bool
    features: list[dict] = field(default_factory=list)


def match(
    query: MatchQuery,
    *,
    limit: int = DEFAULT_LIMIT,
    threshold: float = DEFAULT_THRESHOLD,
    index: NameIndex | None = None,
) -> list[Candidate]:
    index = index or get_index()
    with index.lock:
        return _match(index, query, limit, threshold)


def _match(index: NameIndex, query: MatchQuery, limit: int, threshold: float) -> list[Candidate]:
    tokens = name_tokens(query.name)
    results: dict[int, Candidate] = {}
    if query.identifier:
        for scheme_key in _identifier_keys(query.identifier):
            for entity_id in index.by_identifier.get(scheme_key, ()):
                entity = index.entities[entity_id]
                if query.kind and entity.kind != query.kind:
                    continue
                results[entity_id] = Candidate(
                    entity_id,
                    entity.kind,
                    entity.name,
                    1.0,
                    entity.name,
                    "primary",
                    False,
                    [
                        {
                            "feature": "identifier",
                            "agrees": True,
                            "query": query.identifier,
                            "matched": scheme_key[0],
                            "effect": "score set to 1",
                        }
                    ],
                )
    if tokens:
        skeletons = tuple(index.skeleton(t) for t in tokens)
        non_latin = is_non_latin(query.name)
        for slot, similarity in _scored_names(index, tokens, skeletons, non_latin):
            name = index.names[slot]
            entity = index.entities[name.entity_id]
            if query.kind and entity.kind != query.kind:
                continue
            similarity, place = _place_agreement(
                index, tokens, skeletons, entity, name, similarity, non_latin
            )
            candidate = _candidate(index, query, entity, name, similarity, place)
            best = results.get(entity.id)
            if best is None or _rank(candidate) > _rank(best):
                results[entity.id] = candidate
    ranked = sorted(
        (c for c in results.values() if c.score >= threshold),
        key=lambda c: (-c.score, c.name, c.entity_id),
    )
    return ranked[:limit]


def similar_entity_ids(term: str) -> list[int]:
    """The entities whose names are like ``term``, best first: admin search's fallback."""
    candidates = match(
        MatchQuery(term[:500]), limit=SEARCH_FALLBACK_LIMIT, threshold=SEARCH_FALLBACK_THRESHOLD
    )
    return [c.entity_id for c in candidates]


def _rank(candidate: Candidate) -> tuple:
    """An entity's best name: the highest score; between equal scores, the primary name,
    then a strong alias (whichever name the index happened to hold first must not decide)."""
    return candidate.score, candidate.matched_kind == "primary", not candidate.weak


def _place_agreement(index, tokens, skeletons, entity, name, similarity, non_latin):
    """Query words left without a partner in the name that spell a place (city, region) of
    one of the entity's addresses: the name scored without them, and the feature saying
    so; else the similarity as it was and None."""
    if not entity.cities:
        return similarity, None
    free = [t.matched is None for t in similarity.tokens]
    found = []
    for words, text in sorted(entity.cities.items(), key=lambda item: -len(item[0])):
        size = len(words)
        for start in range(len(tokens) - size + 1):
            if all(free[start : start + size]) and tokens[start : start + size] == words:
                free[start : start + size] = [False] * size
                found.append((start, size, text))
                break
    if not found:
        return similarity, None
    dropped = {i for start, size, _ in found for i in range(start, start + size)}
    kept = [i for i in range(len(tokens)) if i not in dropped]
    if not kept:
        return similarity, None
    rescored = name_similarity(
        tuple(tokens[i] for i in kept),
        tuple(skeletons[i] for i in kept),
        name.tokens,
        name.skeletons,
        index.weight,
        cross_script=non_latin != name.non_latin,
    )
    if rescored.score <= similarity.score:
        return similarity, None
    places = [text for _, _, text in sorted(found)]
    queried = [" ".join(tokens[start : start + size]) for start, size, _ in sorted(found)]
    feature = {
        "feature": "city",
        "agrees": True,
        "query": ", ".join(queried),
        "candidate": places,
        "effect": "left out of the name score",
    }
    return rescored, feature


def _identifier_keys(value: str):
    return [identifier_key(scheme, value) for scheme in (*sorted(STRONG_SCHEMES), "list_reference")]


def _scored_names(index: NameIndex, tokens, skeletons, non_latin: bool):
    """The candidate names, scored: a cheap first pass over postings, then the best fully."""
    first_pass: dict[int, float] = defaultdict(float)
    rare_found = False
    # Adjacent tokens joined find names written as one word ("bei jing" -> "beijing"),
    # which transliterated Chinese needs.
    lookups = list(zip(tokens, skeletons, strict=True))
    for run in adjacent_runs(len(tokens)):
        joined = "".join(tokens[run])
        if joined in index.postings:
            lookups.append((joined, index.skeleton(joined)))
        if non_latin:
            # A name from another script may split what Latin lists write as one word
            # ("عبد الله", "bd al lh", is "Abdullah"): its adjacent words' consonants, joined.
            skel = joined_skeleton(skeletons[run])
            if len(skel) >= MIN_RUN_SKELETON:
                weight = sum(index.weight(t) for t in tokens[run])
                for slot in index.skeleton_postings.get(skel, ()):
                    first_pass[slot] += 0.8 * weight
    for token, skel in lookups:
        weight = index.weight(token)
        hits: dict[int, float] = {}
        for word, similarity in _similar_words(index, token):
            if index.is_common(word):
                continue
            rare_found = True
            for slot in index.postings.get(word, ()):
                hits[slot] = max(hits.get(slot, 0.0), similarity)
        if len(skel) >= 3:
            for slot in index.skeleton_postings.get(skel, ()):
                hits.setdefault(slot, 0.8)
        for slot, similarity in hits.items():
            first_pass[slot] += weight * similarity
    if not rare_found:
        # Only common words ("al", "trading"): they are all the query has.
        for token in tokens:
            for slot in index.postings.get(token, ()):
                first_pass[slot] += index.weight(token)
    best = heapq.nlargest(CANDIDATE_POOL, first_pass.items(), key=lambda item: item[1])
    for slot, _ in best:
        name = index.names[slot]
        if name is None:
            continue
        yield (
            slot,
            name_similarity(
                tokens,
                skeletons,
                name.tokens,
                name.skeletons,
                index.weight,
                cross_script=non_latin != name.non_latin,
            ),
        )


def _similar_words(index: NameIndex, token: str) -> list[tuple[str, float]]:
    words = [(token, 1.0)] if token in index.postings else []
    if len(token) < 4:
        return words
    spread = 1 if len(token) < 7 else 2
    for length in range(len(token) - spread, len(token) + spread + 1):
        vocabulary = index.vocabulary_of_length(length)
        if not vocabulary:
            continue
        for word, score, _ in process.extract(
            token, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8
        ):
            if word != token:
                words.append((word, score / 100.0))
    return words


def _candidate(index, query: MatchQuery, entity, name, similarity, place=None) -> Candidate:
    score = similarity.score
    features = [
        {
            "feature": "name",
            "score": similarity.score,
            "method": similarity.method,
            "tokens": [
                {
                    "query": t.query,
                    "matched": t.matched,
                    "similarity": t.similarity,
                    "weight": t.weight,
                }
                for t in similarity.tokens
            ],
        }
    ]
    if place is not None:
        features.append(place)
    if name.weak:
        score *= WEAK_ALIAS_FACTOR
        features.append(
            {"feature": "weak_alias", "agrees": None, "effect": f"x{WEAK_ALIAS_FACTOR}"}
        )
    if query.country:
        if not entity.countries:
            features.append({"feature": "country", "agrees": None, "query": query.country})
        elif query.country in entity.countries:
            features.append(
                {
                    "feature": "country",
                    "agrees": True,
                    "query": query.country,
                    "candidate": sorted(entity.countries),
                }
            )
        else:
            score *= COUNTRY_MISMATCH_FACTOR
            features.append(
                {
                    "feature": "country",
                    "agrees": False,
                    "query": query.country,
                    "candidate": sorted(entity.countries),
                    "effect": f"x{COUNTRY_MISMATCH_FACTOR}",
                }
            )
    years = query.birth_years()
    if years is not None:
        feature, factor = _birth_feature(years, entity.births)
        score *= factor
        features.append(feature)
    return Candidate(
        entity.id,
        entity.kind,
        entity.name,
        round(min(score, 1.0), 4),
        name.name,
        name.kind,
        name.weak,
        features,
    )


def _birth_feature(years: tuple[int, int], births) -> tuple[dict, float]:
    query_year = years[0]
    if not births:
        return {"feature": "birth_year", "agrees": None, "query": query_year}, 1.0
    distance = min(
        0
        if first - (1 if approx else 0) <= query_year <= last + (1 if approx else 0)
        else min(abs(query_year - first), abs(query_year - last))
        for first, last, approx in births
    )
    candidate = sorted({f"{a}" if a == b else f"{a}/{b}" for a, b, _ in births})
    if distance == 0:
        return {
            "feature": "birth_year",
            "agrees": True,
            "query": query_year,
            "candidate": candidate,
        }, 1.0
    factor = max(0.7, 0.95 - 0.05 * distance)
    return (
        {
            "feature": "birth_year",
            "agrees": False,
            "query": query_year,
            "candidate": candidate,
            "years_apart": distance,
            "effect": f"x{factor:.2f}",
        },
        factor,
    )


def parse_birth_date(value: str) -> str:
    """Validate an ISO partial date (YYYY, YYYY-MM, YYYY-MM-DD); raise ValueError."""
    value = value.strip()
    parts = value.split("-")
    # ASCII digits: isdigit() also takes "٣" and "²".
    digits = all(p.isascii() and p.isdigit() for p in parts)
    if not (1 <= len(parts) <= 3) or not digits or len(parts[0]) != 4:
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        dt.date(
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else 1,
            int(parts[2]) if len(parts) > 2 else 1,
        )
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date on the calendar ({exc})") from exc
    return value
