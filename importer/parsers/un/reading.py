"""Reading the UN list's XML safely, with the line of each element for warnings.

The file comes from outside, so it is parsed with defusedxml: entity declarations (XML
bombs) and external entities are refused, never expanded.

Encodings: the UN publishes UTF-8. UTF-16 is legitimate XML too, and read when the file
says so (a BOM, or an XML declaration naming UTF-16, or none); a UTF-16 file whose
declaration names another encoding, and UTF-32 (which the XML parser does not read), are
refused, named as what they are. A truncated file does not parse (its elements are not
closed): refused as "the file ends too early".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from defusedxml.common import EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from importer.parsers.encoding import UTF8_BOM, WideUnicode, wide_unicode
from importer.records import ParseError

ROOT = "CONSOLIDATED_LIST"
_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ENCODING_TEXT_RE = re.compile(_ENCODING_RE.pattern.decode("ascii"))


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


def _declared_encoding(data: bytes) -> str:
    if data.startswith(UTF8_BOM):
        return "utf-8-sig"
    wide = wide_unicode(data)
    if wide is not None:
        return wide.codec
    m = _ENCODING_RE.match(data[:200])
    return m.group(1).decode("ascii").lower() if m else "utf-8"


def _check_wide(name: str, data: bytes, wide: WideUnicode) -> None:
    """Refuse a UTF-16 file that declares another encoding, and UTF-32 (expat reads neither)."""
    if wide.name != "UTF-16":
        raise ParseError(
            name, None, f"the file is {wide}: the XML parser reads UTF-8 and UTF-16 only"
        )
    m = _ENCODING_TEXT_RE.match(wide.head(data))
    declared = m.group(1) if m else ""
    if declared and declared.lower().replace("-", "").replace("_", "") not in (
        "utf16",
        f"utf16{wide.order[0]}e",
    ):
        raise ParseError(
            name,
            1,
            f"the file is {wide}, but its XML declaration says {declared!r}: re-saved without "
            "updating the declaration? download it again",
        )


def _check_encoding(name: str, data: bytes) -> None:
    """Raise ParseError naming the line of the first byte invalid in the declared encoding.

    Expat would only say "not well-formed (invalid token)"; a file re-saved as cp1252 while
    still declaring utf-8 deserves a message that says so.
    """
    encoding = _declared_encoding(data)
    try:
        data.decode(encoding)
    except LookupError as exc:
        raise ParseError(name, 1, f"unknown encoding {encoding!r} in the XML declaration") from exc
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode(encoding, errors="replace")
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        if exc.end == len(data) and "end of data" in exc.reason:
            raise ParseError(
                name, line, "the file ends in the middle of a character (truncated?)"
            ) from exc
        raise ParseError(
            name,
            line,
            f"byte 0x{data[exc.start]:02X} (column {column}) is not valid {encoding}, "
            "the encoding the file declares: wrong encoding (re-saved file?)",
        ) from exc


def parse_xml(name: str, data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse safely; return (root, element -> line). Raise ParseError on any problem."""
    if not data.strip():
        raise ParseError(name, None, "empty file")
    wide = wide_unicode(data)
    if wide is not None:
        head = wide.head(data, 40)
    else:
        head = data.removeprefix(UTF8_BOM)[:200].decode("ascii", "replace")
    if not head.lstrip(" \t\r\n").startswith("<"):
        # A CSV or other text given as the UN list: say so before any encoding complaint.
        first = head.lstrip(" \t\r\n").splitlines()[0][:40]
        raise ParseError(
            name, 1, f"not an XML file (it starts with {first!r}); un-sc takes the UN list's XML"
        )
    if wide is not None:
        _check_wide(name, data, wide)
    _check_encoding(name, data)
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
    except EntitiesForbidden as exc:
        line = parser.parser.CurrentLineNumber
        if exc.sysid or exc.pubid:
            message = (
                f"external entities are not allowed (entity {exc.name!r} refers to "
                f"{exc.sysid or exc.pubid}); refusing to read the file"
            )
        else:
            message = (
                f"entity declarations are not allowed (entity {exc.name!r}; an XML bomb?); "
                "refusing to read the file"
            )
        raise ParseError(name, line, message) from None
    except ExternalReferenceForbidden as exc:
        line = parser.parser.CurrentLineNumber
        raise ParseError(
            name, line, f"external entities are not allowed (reference to {exc.sysid})"
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        reason = expat.ErrorString(exc.code)
        if stage == "close":
            message = (
                f"malformed XML: {reason} at column {column}: the file ends too early (truncated?)"
            )
        else:
            message = f"malformed XML: {reason} at column {column}"
        raise ParseError(name, line, message) from None
    return root, recorder.lines
