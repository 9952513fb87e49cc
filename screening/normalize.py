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

_DIGRAPHS = [("ph", "f"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("th", "t"), ("dh", "d")]
_DIGRAPHS += [("ch", "c"), ("ck", "k"), ("ou", "u"), ("ee", "i")]
_SAME = str.maketrans({"q": "k", "c": "k", "z": "s", "j": "g", "v": "f", "x": "s"})
_SOFT = set("aeiouyw'")
_REPEATS = re.compile(r"(.)\1+")


_ARABIC_ARTICLE = re.compile(r"(?<![\w\u0600-\u06FF])\u0627\u0644(?=[\u0600-\u06FF]{2})")


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens; the Arabic article written joined ("التكريتي") becomes "al" apart,
    as Latin transliterations write it ("al-Tikriti")."""
    if "\u0627\u0644" in name:
        name = _ARABIC_ARTICLE.sub("al-", name)
    return tuple(fold(name).split())


def skeleton(token: str) -> str:
    if not token:
        return ""
    for a, b in _DIGRAPHS:
        token = token.replace(a, b)
    token = token.translate(_SAME)
    head, rest = token[0], "".join(c for c in token[1:] if c not in _SOFT)
    if head in "yw":
        head = ""
    return _REPEATS.sub(r"\1", head + rest) or token[:1]


def is_non_latin(text: str) -> bool:
    """True when the name is written (mostly) in a script other than Latin."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin * 2 < len(letters)
