"""Reading the EU FSF XML safely and as a stream, with the line of each element.

The full file is about 25 MB and 6,000 ``sanctionEntity``: it is fed to the parser in
blocks, and each ``sanctionEntity`` is handed over as soon as it is closed and then dropped
from the tree, so that memory holds one entity at a time, never the whole document.

The file comes from outside, so it is parsed with defusedxml: entity declarations (XML
bombs) and external entities are refused, never expanded. Encodings are checked as for the
other XML lists (``importer.parsers.xml_input``). Element names lose the FSF namespace
(``http://eu.europa.ec/fpi/fsd/export``); elements of other namespaces (the XML signature
the EU appends) keep theirs and are ignored.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from defusedxml.ElementTree import DefusedXMLParser

from importer.parsers.xml_input import REFUSALS, check_input, refusal
from importer.records import ParseError

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
ROOT = "export"
ENTITY = "sanctionEntity"
_BLOCK = 1 << 20


class _WrongRoot(Exception):
    def __init__(self, tag: str, line: int):
        super().__init__(tag)
        self.tag = tag
        self.line = line


def local_name(tag: str) -> str:
    """``{FSF namespace}nameAlias`` -> ``nameAlias``; other namespaces are kept."""
    prefix = "{" + NAMESPACE + "}"
    return tag[len(prefix) :] if tag.startswith(prefix) else tag


class _EntityCollector:
    """A TreeBuilder target that records lines and hands over each closed sanctionEntity.

    Stops at once on a wrong root (another element, or ``export`` of another namespace),
    before reading a whole unrelated file.
    """

    def __init__(self) -> None:
        self._builder = ET.TreeBuilder()
        self.lines: dict[ET.Element, int] = {}
        self.expat = None  # the expat parser, set once the XMLParser exists
        self.root: ET.Element | None = None
        self.done: list[ET.Element] = []  # closed entities not yet handed over
        self._depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        line = self.expat.CurrentLineNumber
        tag = local_name(tag)
        if self.root is None and tag != ROOT:
            raise _WrongRoot(tag, line)
        elem = self._builder.start(tag, attrs)
        if self.root is None:
            self.root = elem
        self.lines[elem] = line
        self._depth += 1
        return elem

    def end(self, tag: str) -> ET.Element:
        elem = self._builder.end(local_name(tag))
        self._depth -= 1
        if self._depth == 1 and elem.tag == ENTITY:
            self.done.append(elem)
            self.root.remove(elem)  # handed over; the tree keeps nothing behind it
        return elem

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> ET.Element:
        return self._builder.close()


def stream_entities(
    name: str, data: bytes, root_out: list
) -> Iterator[tuple[ET.Element, dict[ET.Element, int]]]:
    """Yield (sanctionEntity, element -> line) in file order; ParseError on any problem.

    ``root_out`` receives the root element (its attributes: the list's date) once read.
    The error of a damaged file comes when the stream reaches the damage (a truncated file:
    at its end), so callers must consume the whole stream before using what it gave.
    """
    check_input(name, data, takes="eu-fsf takes the EU FSF XML 1.1 file")
    collector = _EntityCollector()
    parser = DefusedXMLParser(target=collector, forbid_dtd=False)
    collector.expat = parser.parser
    stage = "feed"
    try:
        for start in range(0, len(data), _BLOCK):
            parser.feed(data[start : start + _BLOCK])
            if collector.root is not None and not root_out:
                root_out.append(collector.root)
            yield from _hand_over(collector)
        stage = "close"
        parser.close()
        yield from _hand_over(collector)
    except _WrongRoot as exc:
        raise ParseError(
            name, exc.line, f"not an EU FSF file (root element is {exc.tag}, not {ROOT})"
        ) from None
    except REFUSALS as exc:
        raise refusal(name, parser, exc, at_close=stage == "close") from None


def _hand_over(collector: _EntityCollector):
    while collector.done:
        elem = collector.done.pop(0)
        lines = {e: collector.lines.pop(e, 0) for e in elem.iter()}
        yield elem, lines
