"""The entity being read and the values of its elements: attributes (empty means "not
given"), remarks (multi-line free text) and countries (ISO code with the words beside)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django_countries import countries

from importer.countries import country_code
from importer.parsers.common import Warnings, collapse

# countryIso2Code of a country the EU does not know: no country, and no warning.
UNKNOWN_COUNTRY = "00"
# Placeholders the file writes where it has nothing (``city="-"``).
PLACEHOLDERS = frozenset({"-", "--", "n/a", "unknown"})


@dataclass
class Context:
    """One sanctionEntity being read: its reference, element lines and the file's warnings."""

    lines: dict[ET.Element, int]
    warnings: Warnings
    ref: str = ""

    def line(self, elem: ET.Element) -> int:
        return self.lines.get(elem, 0)

    def warn(self, elem: ET.Element, message: str) -> None:
        self.warnings(self.line(elem), f"{message} (entity {self.ref})" if self.ref else message)

    def country(self, elem: ET.Element, what: str) -> str:
        """The element's country as an ISO code: ``countryIso2Code`` when it is one,
        else ``countryDescription`` read as a name; "" (with a warning) when neither is."""
        code = attr(elem, "countryIso2Code").upper()
        words = attr(elem, "countryDescription")
        if code == UNKNOWN_COUNTRY or (not code and words.upper() in ("", "UNKNOWN")):
            return ""
        if code and countries.name(code):
            return code
        found = country_code(words) if words else ""
        if not found:
            self.warn(elem, f"kept as words: unrecognised {what} country {code or words!r}")
        return found


def attr(elem: ET.Element, name: str) -> str:
    """An attribute, whitespace collapsed (names and streets have double spaces); "" when
    absent, empty or a placeholder."""
    value = collapse(elem.get(name))
    return "" if value.casefold() in PLACEHOLDERS else value


def flag(elem: ET.Element, name: str) -> bool:
    return elem.get(name, "").strip().lower() == "true"


def remarks(elem: ET.Element) -> list[str]:
    """The element's own ``remark`` children, each on one line (the file wraps them with
    trailing spaces)."""
    return [text for r in elem.findall("remark") if (text := collapse(r.text))]


def country_words(elem: ET.Element) -> str:
    """The country as the file writes it, unless it is the UNKNOWN placeholder."""
    words = attr(elem, "countryDescription")
    return "" if words.upper() == "UNKNOWN" else words
