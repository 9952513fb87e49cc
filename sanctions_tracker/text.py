"""Folding names for search: case, accents, other scripts and punctuation.

"Natl. Development Complex", "NATIONAL DEVELOPMENT COMPLEX" and "Nätional Development
Complex" fold alike, so that a search finds a record however people wrote its name.
"""

import re
import unicodedata

from unidecode import unidecode

_JOINING = re.compile(r"[.'`]")  # N.D.C. -> ndc, O'Neil -> oneil (unidecode ran first)
_SEPARATING = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces (Latin transliteration of others)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = unidecode(text).lower()
    text = _JOINING.sub("", text)
    return _SEPARATING.sub(" ", text).strip()
