"""Countries as the ConList writes them, to ISO codes: names, the adjectives of
nationalities ("Iraqi", "Afghan"), and the country a document remark names."""

from __future__ import annotations

import re

from importer.countries import country_code
from importer.parsers.common import collapse

# Nationalities are mostly written as adjectives ("Iraqi", "Afghan"), which ISO names and
# importer.countries do not know; keys are lower case. Ambiguous ones ("Congolese",
# "Korean", "Dominican") are left out on purpose: they stay words and warn.
DEMONYMS = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "argentine": "AR",
    "argentinian": "AR",
    "armenian": "AM",
    "australian": "AU",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belarussian": "BY",
    "belgian": "BE",
    "beninese": "BJ",
    "bolivian": "BO",
    "bosnian": "BA",
    "brazilian": "BR",
    "british": "GB",
    "bulgarian": "BG",
    "burkinabe": "BF",
    "burmese": "MM",
    "burundian": "BI",
    "cambodian": "KH",
    "cameroonian": "CM",
    "canadian": "CA",
    "central african": "CF",
    "chadian": "TD",
    "chilean": "CL",
    "chinese": "CN",
    "colombian": "CO",
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "danish": "DK",
    "djiboutian": "DJ",
    "dutch": "NL",
    "ecuadorian": "EC",
    "egyptian": "EG",
    "emirati": "AE",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "philippine": "PH",
    "finnish": "FI",
    "french": "FR",
    "gambian": "GM",
    "georgian": "GE",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guatemalan": "GT",
    "guinean": "GN",
    "haitian": "HT",
    "honduran": "HN",
    "hungarian": "HU",
    "icelandic": "IS",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "ivorian": "CI",
    "jamaican": "JM",
    "japanese": "JP",
    "jordanian": "JO",
    "kazakh": "KZ",
    "kazakhstani": "KZ",
    "kenyan": "KE",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "lao": "LA",
    "latvian": "LV",
    "lebanese": "LB",
    "liberian": "LR",
    "libyan": "LY",
    "lithuanian": "LT",
    "macedonian": "MK",
    "malagasy": "MG",
    "malawian": "MW",
    "malaysian": "MY",
    "maldivian": "MV",
    "malian": "ML",
    "maltese": "MT",
    "mauritanian": "MR",
    "mexican": "MX",
    "moldovan": "MD",
    "mongolian": "MN",
    "montenegrin": "ME",
    "moroccan": "MA",
    "mozambican": "MZ",
    "namibian": "NA",
    "nepalese": "NP",
    "nepali": "NP",
    "nicaraguan": "NI",
    "nigerian": "NG",
    "nigerien": "NE",
    "north korean": "KP",
    "norwegian": "NO",
    "omani": "OM",
    "pakistani": "PK",
    "palestinian": "PS",
    "panamanian": "PA",
    "paraguayan": "PY",
    "peruvian": "PE",
    "polish": "PL",
    "portuguese": "PT",
    "qatari": "QA",
    "romanian": "RO",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "saudi arabian": "SA",
    "senegalese": "SN",
    "serbian": "RS",
    "sierra leonean": "SL",
    "singaporean": "SG",
    "slovak": "SK",
    "slovenian": "SI",
    "somali": "SO",
    "south african": "ZA",
    "south korean": "KR",
    "south sudanese": "SS",
    "spanish": "ES",
    "sri lankan": "LK",
    "sudanese": "SD",
    "swedish": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "taiwanese": "TW",
    "tajik": "TJ",
    "tajikistani": "TJ",
    "tanzanian": "TZ",
    "thai": "TH",
    "togolese": "TG",
    "tunisian": "TN",
    "turkish": "TR",
    "turkmen": "TM",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uruguayan": "UY",
    "uzbek": "UZ",
    "uzbekistani": "UZ",
    "venezuelan": "VE",
    "vietnamese": "VN",
    "yemeni": "YE",
    "zambian": "ZM",
    "zimbabwean": "ZW",
}
# Country names this list uses that importer.countries does not know.
UK_COUNTRY_NAMES = {
    "libyan arab jamahiriya": "LY",
    "dprk": "KP",
    "palestinian territories": "PS",
    "occupied palestinian territory": "PS",
}


def uk_country(text: str) -> str:
    """ISO alpha-2 for a ConList country or nationality ("Iraq", "Iraqi", "DPRK"), or ""."""
    text = collapse(text)
    if not text:
        return ""
    code = country_code(text)
    if code:
        return code
    key = text.lower().replace("\u2019", "'").strip(".,;: ")
    key = re.sub(r"\s*\(.*\)$", "", key)  # "Libya (as at Feb. 2014)"
    key = re.sub(r"\s+(?:citizenship|citizen|nationality|national)$", "", key)
    code = DEMONYMS.get(key) or UK_COUNTRY_NAMES.get(key, "")
    if not code and key != text.lower():
        code = country_code(key)
    return code


_HINT_CUT_RE = re.compile(
    r",|\s(?:passport|national|civil|foreign|issued|diplomatic|id|identity|identification)\b",
    re.I,
)


def country_hint(text: str) -> str:
    """The country a document remark names, if any: "(Qatari passport issued ...)" -> QA."""
    text = collapse(text)
    code = uk_country(text)
    if not code:
        cut = _HINT_CUT_RE.search(text)
        if cut and cut.start() > 0:
            code = uk_country(text[: cut.start()])
    if not code and " " in text:
        code = uk_country(text.split(" ", 1)[0])
    return code
