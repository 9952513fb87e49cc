"""Names as screening compares them: folded tokens, and a consonant skeleton that survives
transliteration.

``fold`` (sanctions_tracker.text) already lower-cases, strips accents, transliterates other
scripts (unidecode: Arabic, Cyrillic, Chinese, Urdu...), expands abbreviations and drops
legal-form words and honorifics. Arabic script transliterates without its short vowels
("صدام حسين" gives "sdm hsyn"), so tokens also get a skeleton: the first letter and the
consonants after it, with look-alike spellings merged ("saddam" and "sdm" both give "sdm",
"hussein" and "hsyn" both "hsn").
"""

from __future__ import annotations

import re
import unicodedata

from sanctions_tracker.text import fold

_DIGRAPHS = [("ph", "f"), ("kh", "k"), ("gh", "g"), ("zh", "j"), ("sh", "s"), ("th", "t")]
_DIGRAPHS += [("dh", "d"), ("ch", "c"), ("ck", "k"), ("ou", "u"), ("ee", "i"), ("x", "ks")]
# w is v in German transliteration (Wladimir Nowikow) and a semi-vowel in Arabic (Zawahiri,
# which the Arabic script writes with it too): as a consonant it serves both.
_SAME = str.maketrans({"q": "k", "c": "k", "z": "s", "j": "g", "v": "f", "w": "f"})
_SOFT = set("aeiouy'")
_REPEATS = re.compile(r"(.)\1+")

# Romanisations of the same Korean and Chinese names (Lee, Ri and Yi; Xu and Hsu).
_EQUIVALENT_GROUPS = [
    ("lee", "li", "ri", "yi", "rhee"),
    ("park", "pak", "bak"),
    ("kim", "gim"),
    ("choi", "choe"),
    ("xu", "hsu"),
    ("zhang", "chang"),
    ("zhou", "chou"),
    ("zhao", "chao"),
    ("zheng", "cheng"),
    ("zhu", "chu"),
    ("xi", "hsi"),
    ("xie", "hsieh"),
    ("qi", "chi"),
    ("cai", "tsai"),
    ("jiang", "chiang"),
]
EQUIVALENT = {word: group[0] for group in _EQUIVALENT_GROUPS for word in group}


_ARABIC_ARTICLE = re.compile(r"(?<![\w\u0600-\u06FF])\u0627\u0644(?=[\u0600-\u06FF]{2})")


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens; the Arabic article written joined ("التكريتي") becomes "al" apart,
    as Latin transliterations write it ("al-Tikriti")."""
    if "\u0627\u0644" in name:
        name = _ARABIC_ARTICLE.sub("al-", name)
    return tuple(fold(name).split())


def skeleton(token: str) -> str:
    """The consonants, look-alikes merged: "mohammed", "muhammad" and Arabic "mhmd" give
    "mhmd"; "ahmed" and Arabic "hmd" (no written vowel) give "hmd"."""
    if not token:
        return ""
    for a, b in _DIGRAPHS:
        token = token.replace(a, b)
    token = token.translate(_SAME)
    consonants = "".join(c for c in token if c not in _SOFT)
    return _REPEATS.sub(r"\1", consonants) or token[:1]


# Words joined across scripts must share at least this many consonants ("bdlh").
MIN_RUN_SKELETON = 4


def joined_skeleton(skeletons) -> str:
    """The skeleton of words written as one, from the words' own: a word without consonants
    adds nothing, and a consonant ending one word and starting the next counts once ("bd",
    "l", "lh" give "bdlh", as "abdullah" does). Joining the words and taking the skeleton
    again would be the same but for a digraph across the join, at five times the cost."""
    joined = ""
    for skel in skeletons:
        if skel[:1] in _SOFT:
            continue
        if joined and joined[-1] == skel[0]:
            skel = skel[1:]
        joined += skel
    return joined


def adjacent_runs(count: int, sizes=(2, 3)) -> list[slice]:
    """The runs of adjacent words that names written as one may split into, as slices of
    ``count`` words: of each size in turn, left to right."""
    return [slice(start, start + size) for size in sizes for start in range(count - size + 1)]


def run_skeletons(skeletons: tuple[str, ...]) -> set[str]:
    """Joined skeletons of two or three adjacent words: Arabic script splits "عبد الله"
    ("bd al lh") where Latin lists write "Abdullah" ("bdlh")."""
    return {
        skel
        for run in adjacent_runs(len(skeletons))
        if len(skel := joined_skeleton(skeletons[run])) >= MIN_RUN_SKELETON
    }


def is_non_latin(text: str) -> bool:
    """True when the name is written (mostly) in a script other than Latin."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin * 2 < len(letters)
