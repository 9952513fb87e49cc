"""Folding names for search: case, accents, other scripts, punctuation, abbreviations and
legal-form words.

"Natl. Development Complex", "NATIONAL DEVELOPMENT COMPLEX" and "Nätional Development
Complex Ltd" fold alike ("national development complex"), so that a search finds a record
however people wrote its name. Name screening (scored matching) builds on this.
"""

import re
import unicodedata

from unidecode import unidecode

_JOINING = re.compile(r"[.'`]")  # N.D.C. -> ndc, O'Neil -> oneil (unidecode ran first)
_SEPARATING = re.compile(r"[^0-9a-z]+")
_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")

ABBREVIATIONS = {
    "natl": "national",
    "intl": "international",
    "dept": "department",
    "govt": "government",
    "assn": "association",
    "inst": "institute",
    "univ": "university",
    "mfg": "manufacturing",
    "bros": "brothers",
}
# Words that say what legal form a company takes, or a person's title, not who it is.
LEGAL_FORMS = frozenset(
    [
        "ltd",
        "limited",
        "pvt",
        "llc",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "jsc",
        "ojsc",
        "pjsc",
        "cjsc",
        "ooo",
        "oao",
        "zao",
        "pao",
        "gmbh",
        "ag",
        "sa",
        "sarl",
        "srl",
        "spa",
        "sas",
        "bv",
        "nv",
        "pte",
        "llp",
        "lp",
        "fze",
        "fzco",
        "fzc",
        "bhd",
        "sdn",
        "kg",
    ]
)
HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "prof", "sir"])
_DROPPED = LEGAL_FORMS | HONORIFICS


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = unidecode(text).lower()
    text = _JOINING.sub("", text)
    text = text.replace("private limited", "ltd")
    return [ABBREVIATIONS.get(word, word) for word in _SEPARATING.split(text) if word]


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces (other scripts transliterated),
    abbreviations expanded, legal-form words and honorifics dropped (unless nothing else
    is left)."""
    if not text:
        return ""
    words = _words(text)
    kept = [word for word in words if word not in _DROPPED]
    return " ".join(kept or words)


def search_variants(text: str) -> list[str]:
    """The folded forms a search tries: the whole text, and the text without its
    parenthesised parts ("Natl. Development Complex (NDC)" is also "national development
    complex")."""
    variants = [fold(text)]
    outside = fold(_PARENTHESISED.sub(" ", text))
    if outside and outside not in variants:
        variants.append(outside)
    return [v for v in variants if v]
