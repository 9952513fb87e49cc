"""The file's ``ReferenceValueSets``: every ``...ID`` attribute of the records is decoded
through them (``AliasTypeID="1400"`` is "A.K.A." in this file).

The sets are per file and hold only the values the file uses: no ID is hard-coded here,
and an ID that the file's sets lack is an error naming the set, the ID and where.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from importer.parsers.common import collapse
from importer.records import ParseError


@dataclass(frozen=True)
class Value:
    text: str
    attrs: dict[str, str] = field(default_factory=dict, compare=False)


class References:
    """Set name (``AliasType``, ``Country``) -> ID -> :class:`Value`."""

    def __init__(self, file: str):
        self.file = file
        self.sets: dict[str, dict[str, Value]] = {}

    def add(self, values: ET.Element) -> None:
        """One ``<XxxValues>`` element of ``ReferenceValueSets``."""
        name = values.tag.removesuffix("Values")
        found = self.sets.setdefault(name, {})
        for value in values:
            found[value.get("ID", "")] = Value(collapse(value.text), dict(value.attrib))

    def __bool__(self) -> bool:
        return bool(self.sets)

    def get(self, set_name: str, value_id: str | None, line: int, entry: str = "") -> Value:
        """The value of ``value_id`` in ``set_name``; ParseError if the file's sets lack it."""
        if value_id is None:
            raise ParseError(self.file, line, f"missing {set_name}ID attribute", entry=entry)
        found = self.sets.get(set_name, {}).get(value_id)
        if found is None:
            raise ParseError(
                self.file,
                line,
                f"unknown {set_name}ID {value_id!r}: not in the file's ReferenceValueSets "
                f"({set_name}Values)",
                entry=entry,
            )
        return found

    def text(self, set_name: str, value_id: str | None, line: int, entry: str = "") -> str:
        return self.get(set_name, value_id, line, entry).text

    def country(self, country_id: str | None, line: int, entry: str = "") -> tuple[str, str]:
        """(ISO 3166-1 alpha-2 or "", the country's name) of a ``CountryID``."""
        value = self.get("Country", country_id, line, entry)
        return value.attrs.get("ISO2", "").upper(), value.text
