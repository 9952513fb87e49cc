"""How similar two names are, token by token, with the reasons.

Tokens are aligned one to one, greedily by similarity: equal tokens score 1; an initial
matches a token it starts ("j" and "john") at 0.9; romanisations of the same Korean or
Chinese name (Lee, Ri; Xu, Hsu) 0.95; a transliteration from another script with the same
consonant skeleton ("hsyn", "hussein") 1; otherwise their Indel similarity, raised up to
0.88 for spelling variants sharing their skeleton ("mohammed", "muhammad"), if at least
0.75 (one typo in a word of eight letters).

Each side's coverage is the share of its weight that found a partner, each token weighing
its rarity among all the names held (IDF), so that "al" or "company" count for little and
"zawahiri" for much. The query's coverage counts more than
the candidate's, so that a candidate with middle names the query leaves out still scores
high. The names joined without spaces are compared too ("bei jing" and "beijing").
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from screening.normalize import (
    EQUIVALENT,
    MIN_RUN_SKELETON,
    adjacent_runs,
    joined_skeleton,
    skeleton,
)

MIN_TOKEN_SIMILARITY = 0.75
SKELETON_BOOST_FROM = 0.6
QUERY_SHARE = 0.7


@dataclass(frozen=True)
class TokenMatch:
    query: str
    matched: str | None
    similarity: float
    weight: float


@dataclass(frozen=True)
class NameSimilarity:
    score: float
    tokens: tuple[TokenMatch, ...]
    method: str  # "tokens" or "joined"
    query_coverage: float
    candidate_coverage: float


def token_similarity(
    a: str, b: str, skel_a: str = "", skel_b: str = "", cross_script: bool = False
) -> float:
    """``cross_script``: one side was transliterated from another script, where equal
    skeletons are the same word, not a near miss ("hsyn" from Arabic is "hussein")."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        if len(a) != len(b) and a[0] == b[0]:
            return 0.9
        return 0.0
    if EQUIVALENT.get(a, a) == EQUIVALENT.get(b, b):
        return 0.95
    ratio = fuzz.ratio(a, b) / 100.0
    if len(a) >= 2 and len(b) >= 2:
        skel = skel_a or skeleton(a)
        if len(skel) >= 2 and skel == (skel_b or skeleton(b)):
            if cross_script and ratio >= 0.5:
                # A transliteration, not a near miss: Arabic "hsyn" is "hussein". Words
                # that share consonants and little else (WJS, Aviagaz) are not.
                ratio = max(ratio, 1.0 if len(skel) >= 3 else 0.9)
            elif ratio >= SKELETON_BOOST_FROM:
                # Spelling variants in one script (Mohammed, Muhammad) are close; words that
                # only share consonants (Saeed, Ziad; Charlie, Coral) are not.
                ratio = max(ratio, min(0.88, ratio + 0.15))
    return ratio if ratio >= MIN_TOKEN_SIMILARITY else 0.0


def _align_runs(query, query_skeletons, candidate, candidate_skeletons, used_q, used_c) -> None:
    """Pair a run of two or three words on one side with one word on the other when their
    consonants are the same: a name from another script is split differently ("عبد الله"
    reads "bd al lh" where the list writes "Abdullah"; "Abd al-Rahman" and "عبدالرحمن").

    Every word of the run, and the one word, count as matched at similarity 1.
    """
    for j, skel in enumerate(candidate_skeletons):  # a run of query words, one candidate word
        if len(skel) >= MIN_RUN_SKELETON and j not in used_c:
            run = _run_with_skeleton(query_skeletons, skel, used_q)
            if run:
                used_q.update(dict.fromkeys(run, (candidate[j], 1.0)))
                used_c[j] = 1.0
    for i, skel in enumerate(query_skeletons):  # one query word, a run of candidate words
        if len(skel) >= MIN_RUN_SKELETON and i not in used_q:
            run = _run_with_skeleton(candidate_skeletons, skel, used_c)
            if run:
                used_q[i] = (" ".join(candidate[k] for k in run), 1.0)
                used_c.update(dict.fromkeys(run, 1.0))


def _run_with_skeleton(skeletons, skel: str, used) -> range | None:
    """The first free run of words (the longest first) whose joined skeleton is ``skel``."""
    for run in adjacent_runs(len(skeletons), sizes=(3, 2)):
        words = range(run.start, run.stop)
        if not any(k in used for k in words) and joined_skeleton(skeletons[run]) == skel:
            return words
    return None


def name_similarity(
    query: tuple[str, ...],
    query_skeletons: tuple[str, ...],
    candidate: tuple[str, ...],
    candidate_skeletons: tuple[str, ...],
    weight,
    cross_script: bool = False,
) -> NameSimilarity:
    """``weight(token)`` gives a token's weight (its IDF)."""
    if not query or not candidate:
        return NameSimilarity(0.0, (), "tokens", 0.0, 0.0)
    used_q: dict[int, tuple[str, float]] = {}  # query word -> (what it matched, similarity)
    used_c: dict[int, float] = {}  # candidate word -> similarity
    if cross_script:
        _align_runs(query, query_skeletons, candidate, candidate_skeletons, used_q, used_c)
    pairs = []
    for i, (q, qs) in enumerate(zip(query, query_skeletons, strict=True)):
        for j, (c, cs) in enumerate(zip(candidate, candidate_skeletons, strict=True)):
            sim = token_similarity(q, c, qs, cs, cross_script)
            if sim:
                pairs.append((sim, sim * weight(q), -j, i, j))
    # Best similarity first (an exact "al" before the initial "a" takes it), then weight,
    # then the candidate's earlier token.
    pairs.sort(reverse=True)
    for sim, _, _, i, j in pairs:
        if i in used_q or j in used_c:
            continue
        used_q[i] = (candidate[j], sim)
        used_c[j] = sim
    q_weights = [weight(q) for q in query]
    c_weights = [weight(c) for c in candidate]
    q_cov = sum(w * used_q[i][1] for i, w in enumerate(q_weights) if i in used_q) / sum(q_weights)
    c_cov = sum(w * used_c[j] for j, w in enumerate(c_weights) if j in used_c) / sum(c_weights)
    aligned = QUERY_SHARE * q_cov + (1 - QUERY_SHARE) * c_cov
    tokens = tuple(
        TokenMatch(
            q,
            used_q[i][0] if i in used_q else None,
            round(used_q[i][1], 3) if i in used_q else 0.0,
            round(q_weights[i], 3),
        )
        for i, q in enumerate(query)
    )
    joined = 0.0
    if len(query) != len(candidate):
        # "bei jing" and "beijing": as written, and in sorted order (reordered names).
        as_written = fuzz.ratio("".join(query), "".join(candidate))
        in_order = fuzz.ratio("".join(sorted(query)), "".join(sorted(candidate)))
        joined = max(as_written, in_order) / 100.0 * 0.95
    if joined > aligned:
        return NameSimilarity(round(joined, 4), tokens, "joined", q_cov, c_cov)
    return NameSimilarity(round(aligned, 4), tokens, "tokens", q_cov, c_cov)
