"""Country names as the lists write them -> ISO 3166-1 alpha-2 codes.

The lists use their own names ("Korea, North", "Burma", "Democratic People's Republic of
Korea", "Iran (Islamic Republic of)"); django-countries knows the ISO short names. Names
neither knows give "" and the caller keeps the words (an address's ``full`` text) and warns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django_countries import countries

# Folded list spellings that are not django-countries names. Keys are lower case.
ALIASES = {
    "burma": "MM",
    "myanmar (burma)": "MM",
    "korea, north": "KP",
    "north korea": "KP",
    "democratic people's republic of korea": "KP",
    "korea, democratic people's republic of": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "korea, republic of": "KR",
    "iran (islamic republic of)": "IR",
    "islamic republic of iran": "IR",
    "russian federation": "RU",
    "syrian arab republic": "SY",
    "congo, democratic republic of the": "CD",
    "democratic republic of congo": "CD",
    "the democratic republic of the congo": "CD",
    "congo (democratic republic)": "CD",
    "congo, republic of the": "CG",
    "republic of the congo": "CG",
    "congo": "CG",
    "lao people's democratic republic": "LA",
    "laos": "LA",
    "viet nam": "VN",
    "vietnam": "VN",
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "united kingdom of great britain and northern ireland": "GB",
    "uk": "GB",
    "great britain": "GB",
    "united republic of tanzania": "TZ",
    "tanzania": "TZ",
    "bolivia": "BO",
    "venezuela": "VE",
    "venezuela (bolivarian republic of)": "VE",
    "moldova": "MD",
    "republic of moldova": "MD",
    "turkey": "TR",
    "turkiye": "TR",
    "türkiye": "TR",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "ivory coast": "CI",
    "czech republic": "CZ",
    "macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "east timor": "TL",
    "brunei": "BN",
    "palestinian": "PS",
    "palestine": "PS",
    "state of palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "gaza strip": "PS",
    "occupied palestinian territories": "PS",
    "vatican city": "VA",
    "holy see": "VA",
    "micronesia": "FM",
    "micronesia, federated states of": "FM",
    "st. kitts and nevis": "KN",
    "saint kitts and nevis": "KN",
    "st. lucia": "LC",
    "st. vincent and the grenadines": "VC",
    "the bahamas": "BS",
    "bahamas, the": "BS",
    "the gambia": "GM",
    "gambia, the": "GM",
    "hong kong": "HK",
    "hong kong sar": "HK",
    "hong kong, china": "HK",
    "macau": "MO",
    "macao": "MO",
    "taiwan": "TW",
    "chinese taipei": "TW",
    "kosovo": "XK",
    "region: crimea": "UA",
    "crimea": "UA",
    "sudan, south": "SS",
    "republic of south sudan": "SS",
    "united arab emirates (uae)": "AE",
    "uae": "AE",
    "virgin islands, british": "VG",
    "british virgin islands": "VG",
    "virgin islands, u.s.": "VI",
    "netherlands antilles": "",
    "serbia and montenegro": "",
    "yugoslavia": "",
    "soviet union": "",
    "ussr": "",
}


def _normalise(name: str) -> str:
    name = re.sub(r"\s+", " ", name.replace("\u2019", "'")).strip().strip(".,;").strip()
    return name.lower()


@lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """ISO alpha-2 for a list's country name or code; "" when unknown."""
    key = _normalise(name or "")
    if not key:
        return ""
    if key.startswith("region: "):  # OFAC's "Region: Gaza", "Region: Crimea"
        return ALIASES.get(key) or country_code(key[len("region: ") :])
    if key in ALIASES:
        code = ALIASES[key]
        # Kosovo has no ISO code ("XK" is user-assigned) and former states have none now:
        # the tracker stores ISO 3166-1 only, so these stay words.
        return "" if code == "XK" else code
    if len(key) == 2 and key.isalpha() and key.upper() in dict(countries):
        return key.upper()
    code = countries.by_name(key, insensitive=True)
    if code:
        return code
    # "Pakistan (since 2009)", "Iraq (as at Feb. 2004)": the country before a remark.
    bare = re.sub(r"\s*\(.*\)\s*$", "", key)
    if bare != key:
        return country_code(bare)
    return ""
