"""Reading OFAC's advanced XML safely and as a stream, with the line of each element.

The full ``SDN_ADVANCED.XML`` is about 100 MB: it is fed to the parser in blocks, and each
record (a ``Location``, an ``IDRegDocument``, a ``DistinctParty``, ...) is handed over as
soon as it ends and then dropped, so that memory holds one record's elements at a time.

The file comes from outside: expat through defusedxml, as for the UN list, so that entity
declarations (XML bombs) and external entities are refused, never expanded.

OFAC has published the format under two namespaces (``NAMESPACES``); tags are read by their
local name, so a file in either (or a later one) reads the same.
"""

from __future__ import annotations

import functools
import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from defusedxml.ElementTree import DefusedXMLParser

from importer.parsers.xml_input import REFUSALS, check_start, refusal
from importer.records import ParseError

ROOT = "Sanctions"
NAMESPACES = (
    "http://www.un.org/sanctions/1.0",
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
)
BLOCK = 1 << 20

# (section, record element, element -> line) for each record; for a section without records
# of its own (DateOfIssue), the section element itself.
Lines = Callable[[ET.Element], int]
Handler = Callable[[str, ET.Element, Lines], None]


@dataclass
class Root:
    namespace: str
    line: int
    lines: dict[ET.Element, int]  # the current record's elements -> line


class _WrongRoot(Exception):
    def __init__(self, tag: str, line: int):
        super().__init__(tag)
        self.tag, self.line = tag, line


@functools.cache
def local(tag: str) -> tuple[str, str]:
    """``{ns}Name`` -> ("ns", "Name"). Cached: a file has a few dozen tags, in millions of
    elements."""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


class _StreamTarget:
    """A TreeBuilder target that builds one record at a time under its section.

    Depth 1 is the root, 2 a section (``ReferenceValueSets``, ``DistinctParties``), 3 a
    record. A record is handed to ``handler`` when it ends and then removed; a section with
    no children of its own (``DateOfIssue``'s are values) is handed over whole.
    """

    def __init__(self, handler: Handler):
        self._builder = ET.TreeBuilder()
        self._handler = handler
        self._stack: list[ET.Element] = []
        self.expat = None
        self.root: Root | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        line = self.expat.CurrentLineNumber
        ns, name = local(tag)
        if self.root is None:
            if name != ROOT:
                raise _WrongRoot(name, line)
            self.root = Root(ns, line, {})
        if any(k[0] == "{" for k in attrs):
            attrs = {local(k)[1]: v for k, v in attrs.items()}
        elem = self._builder.start(name, attrs)
        self.root.lines[elem] = line
        self._stack.append(elem)
        return elem

    def end(self, tag: str) -> ET.Element:
        elem = self._builder.end(local(tag)[1])
        self._stack.pop()
        depth = len(self._stack) + 1
        if depth == 3 and self._stack[1].tag != "DateOfIssue":
            section = self._stack[1]
            self._handler(section.tag, elem, self._lines)
            section.remove(elem)
            self.root.lines = {self._stack[0]: self.root.line}
        elif depth == 2 and elem.tag == "DateOfIssue":
            self._handler(elem.tag, elem, self._lines)
        return elem

    def _lines(self, elem: ET.Element) -> int:
        return self.root.lines.get(elem, 0)

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> ET.Element:
        return self._builder.close()


def stream(path: Path, handler: Handler, *, what: str) -> tuple[Root, str]:
    """Parse ``path``, handing each record to ``handler``; return the root and the file's
    SHA-256. ``what`` names the expected list in errors. Raises ParseError on any problem."""
    name = path.name
    target = _StreamTarget(handler)
    parser = DefusedXMLParser(target=target, forbid_dtd=False)
    target.expat = parser.parser
    digest = hashlib.sha256()
    stage = "feed"
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ParseError(name, None, f"cannot read file ({exc.strerror})") from exc
    try:
        with handle:
            first = True
            for block in iter(lambda: handle.read(BLOCK), b""):
                digest.update(block)
                if first:
                    check_start(name, block, takes=f"expected {what}")
                    first = False
                parser.feed(block)
            if first:
                raise ParseError(name, None, "empty file")
        stage = "close"
        parser.close()
    except _WrongRoot as exc:
        raise ParseError(name, exc.line, f"not {what} (root element is {exc.tag})") from None
    except REFUSALS as exc:
        raise refusal(name, parser, exc, at_close=stage == "close", bytes_unchecked=True) from None
    if target.root is None:
        raise ParseError(name, None, f"not {what}: no root element")
    return target.root, digest.hexdigest()
