"""The file being read, and the values of its elements: the UN list is full of empty
placeholder elements, which mean "nothing", not "something empty"."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from importer.countries import country_code
from importer.parsers.common import Warnings, collapse


@dataclass
class Context:
    """The file being read: where to record warnings, and element lines."""

    lines: dict[ET.Element, int]
    warnings: Warnings
    unknown_programmes: set[str] = field(default_factory=set)

    def line(self, elem: ET.Element) -> int:
        return self.lines.get(elem, 0)

    def warn(self, elem: ET.Element, message: str) -> None:
        self.warnings(self.line(elem), message)

    def country(self, elem: ET.Element, name: str, what: str, ref: str) -> str:
        """ISO code of a country name, or "" with a warning when unrecognised."""
        code = country_code(name)
        if not code:
            self.warn(elem, f"kept as words: unrecognised {what} country {name!r} ({ref})")
        return code


def child_text(parent: ET.Element, tag: str) -> str:
    """The first ``tag`` child's text, whitespace collapsed (the list wraps long values over
    several lines); "" when there is none or it is an empty placeholder."""
    found = parent.find(tag)
    return collapse(found.text) if found is not None else ""


def value_elements(parent: ET.Element, tag: str) -> list[ET.Element]:
    """The non-empty VALUE children of each ``tag`` child (NATIONALITY, TITLE, ...)."""
    return [v for group in parent.findall(tag) for v in group.findall("VALUE") if collapse(v.text)]
