"""Folding names for search: case, accents, other scripts, punctuation, abbreviations and
legal-form words.

Folded names are stored (``name_folded``): a change to these rules needs a migration that
folds the names again, as ``entities/migrations/0004_refold_names.py`` does.

"Natl. Development Complex", "NATIONAL DEVELOPMENT COMPLEX" and "Nätional Development
Complex Ltd" fold alike ("national development complex"), so that a search finds a record
however people wrote its name. Name screening (scored matching) builds on this.
"""

import functools
import re
import unicodedata

from unidecode import unidecode

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
        "ao",
        "sherkat",  # Persian: company
    ]
)
# Legal forms written out, as lists transliterate them; replaced by their short form,
# which is then dropped like the others. Longest first.
LEGAL_FORM_PHRASES = [
    ("obshchestvo s ogranichennoi otvetstvennostiu", "ooo"),
    ("obshchestvo s ogranichennoi otvetstvennostyu", "ooo"),
    ("publichnoe aktsionernoe obshchestvo", "pao"),
    ("zakrytoe aktsionernoe obshchestvo", "zao"),
    ("otkrytoe aktsionernoe obshchestvo", "oao"),
    ("aktsionernoe obshchestvo", "ao"),
    ("public joint stock company", "pjsc"),
    ("private joint stock company", "pjsc"),
    ("closed joint stock company", "cjsc"),
    ("open joint stock company", "ojsc"),
    ("joint stock company", "jsc"),
    ("limited liability company", "llc"),
    ("limited liability partnership", "llp"),
    ("private limited", "ltd"),
]
HONORIFICS = frozenset(
    [
        *("mr", "mrs", "ms", "miss", "dr", "prof", "sir"),
        # Religious and customary titles that lists and people put before Arabic names.
        *("sheikh", "shaikh", "shaykh", "haji", "hajji", "alhaji", "mullah", "mulla"),
        *("maulana", "maulvi", "mawlawi", "sayyid"),
        # Ranks.
        # Not "general": PAO General Logistika is a company's name.
        *("colonel", "col", "brigadier", "lieutenant", "lt", "captain"),
        *("capt", "admiral", "eng"),
    ]
)
_DROPPED = LEGAL_FORMS | HONORIFICS


_JOINING_TABLE = str.maketrans("", "", ".'`")  # N.D.C. -> ndc, O'Neil -> oneil
_PHRASE_TAILS = frozenset(phrase.split()[-1] for phrase, _ in LEGAL_FORM_PHRASES)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SPACES = re.compile(r"\s+")


def _han_to_pinyin(match: re.Match) -> str:
    """Chinese characters as Mandarin pinyin, by words (pypinyin reads 娜 in 李娜 as "na",
    where unidecode, one reading per character, gives "nuo")."""
    from pypinyin import lazy_pinyin

    return " " + " ".join(lazy_pinyin(match.group(0))) + " "


def transliterate(text: str) -> str:
    """Latin letters for any script: pinyin for Chinese characters, unidecode for the rest."""
    text = unicodedata.normalize("NFKC", text)
    if _HAN.search(text):
        text = _HAN.sub(_han_to_pinyin, text)
    return unidecode(text)


def _words(text: str) -> list[str]:
    text = transliterate(text).lower()
    text = text.translate(_JOINING_TABLE)
    if any(tail in text for tail in _PHRASE_TAILS):
        text = _SPACES.sub(" ", _SEPARATING.sub(" ", text))
        for phrase, short in LEGAL_FORM_PHRASES:
            text = text.replace(phrase, short)
    return [ABBREVIATIONS.get(word, word) for word in _SEPARATING.split(text) if word]


FOLD_CACHED_UP_TO = 120  # characters: longer texts are folded afresh each time


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces (other scripts transliterated),
    abbreviations expanded, legal-form words and honorifics dropped (unless nothing else
    is left).

    Memoised for names of ordinary length: an import folds each name of a list up to three
    times (matching, links, writing), and screening folds the same queries again and again.
    Longer texts are folded afresh, so that the cache stays small whatever clients send.
    """
    if not text:
        return ""
    if len(text) <= FOLD_CACHED_UP_TO:
        return _fold_cached(text)
    return _fold(text)


def _fold(text: str) -> str:
    words = _words(text)
    kept = [word for word in words if word not in _DROPPED]
    return " ".join(kept or words)


_fold_cached = functools.lru_cache(maxsize=65_536)(_fold)


def search_variants(text: str) -> list[str]:
    """The folded forms a search tries: the whole text, and the text without its
    parenthesised parts ("Natl. Development Complex (NDC)" is also "national development
    complex")."""
    variants = [fold(text)]
    outside = fold(_PARENTHESISED.sub(" ", text))
    if outside and outside not in variants:
        variants.append(outside)
    return [v for v in variants if v]
