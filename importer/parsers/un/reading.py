"""Reading the UN list's XML safely, with the line of each element for warnings.

The file comes from outside, so it is parsed with defusedxml: entity declarations (XML
bombs) and external entities are refused, never expanded.

Encodings are checked as for every XML list (``importer.parsers.xml_input``). A truncated
file does not parse (its elements are not closed): refused as "the file ends too early".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml.ElementTree import DefusedXMLParser

from importer.parsers.xml_input import REFUSALS, check_input, refusal
from importer.records import ParseError

ROOT = "CONSOLIDATED_LIST"


class _WrongRoot(Exception):
    def __init__(self, tag: str, line: int):
        super().__init__(tag)
        self.tag = tag
        self.line = line


class _LineRecorder:
    """A TreeBuilder that also records the line of each element's start tag.

    ElementTree keeps no positions; the expat parser underneath knows the current line while
    it reports a start tag. Also stops at once on a wrong root, before reading a whole
    unrelated file.
    """

    def __init__(self) -> None:
        self._builder = ET.TreeBuilder()
        self.lines: dict[ET.Element, int] = {}
        self.expat = None  # the expat parser, set once the XMLParser exists
        self._root_seen = False

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        line = self.expat.CurrentLineNumber
        if not self._root_seen:
            self._root_seen = True
            if tag != ROOT:
                raise _WrongRoot(tag, line)
        elem = self._builder.start(tag, attrs)
        self.lines[elem] = line
        return elem

    def end(self, tag: str) -> ET.Element:
        return self._builder.end(tag)

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> ET.Element:
        return self._builder.close()


def parse_xml(name: str, data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse safely; return (root, element -> line). Raise ParseError on any problem."""
    check_input(name, data, takes="un-sc takes the UN list's XML")
    recorder = _LineRecorder()
    parser = DefusedXMLParser(target=recorder, forbid_dtd=False)
    recorder.expat = parser.parser
    stage = "feed"
    try:
        parser.feed(data)
        stage = "close"
        root = parser.close()
    except _WrongRoot as exc:
        raise ParseError(
            name, exc.line, f"not a UN consolidated list (root element is {exc.tag})"
        ) from None
    except REFUSALS as exc:
        raise refusal(name, parser, exc, at_close=stage == "close") from None
    return root, recorder.lines
