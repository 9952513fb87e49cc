"""What every XML list's reader checks before and while parsing, one definition for all:
the bytes are XML in an encoding the parser reads (with messages naming what the file is),
and a refusal by defusedxml or expat becomes one line naming the file and the line.

Encodings: UTF-8 as the lists publish, or UTF-16 when the file says so (a BOM, or an XML
declaration naming UTF-16, or none); a UTF-16 file whose declaration names another encoding,
and UTF-32 (which the XML parser does not read), are refused, named as what they are.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from defusedxml.common import EntitiesForbidden, ExternalReferenceForbidden

from importer.parsers.encoding import UTF8_BOM, WideUnicode, wide_unicode
from importer.records import ParseError

# What the parsers' refusals raise, for an ``except`` around feeding the parser.
REFUSALS = (EntitiesForbidden, ExternalReferenceForbidden, ET.ParseError)

_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ENCODING_TEXT_RE = re.compile(_ENCODING_RE.pattern.decode("ascii"))
_BLOCK = 1 << 20


def check_input(name: str, data: bytes, *, takes: str) -> None:
    """ParseError unless ``data`` is non-empty XML in a readable, consistent encoding.
    ``takes`` says what the list's importer takes (for a file that is not XML at all)."""
    if not data.strip():
        raise ParseError(name, None, "empty file")
    check_start(name, data, takes=takes)
    _check_encoding(name, data)


def check_start(name: str, head: bytes, *, takes: str) -> None:
    """ParseError unless the file's first bytes ``head`` (its first block, for a reader that
    streams a file too big to hold) start XML in UTF-8 or a consistent UTF-16: a CSV given as
    an XML list, or UTF-32, is named before expat's vaguer errors."""
    wide = wide_unicode(head)
    if wide is not None:
        text = wide.head(head, 40)
    else:
        text = head.removeprefix(UTF8_BOM)[:200].decode("ascii", "replace")
    stripped = text.lstrip(" \t\r\n")
    if stripped and not stripped.startswith("<"):
        # A CSV or other text given as an XML list: say so before any encoding complaint.
        first = stripped.splitlines()[0][:40]
        raise ParseError(name, 1, f"not an XML file (it starts with {first!r}); {takes}")
    if wide is not None:
        _check_wide(name, head, wide)


def refusal(
    name: str, parser, exc: Exception, *, at_close: bool, bytes_unchecked: bool = False
) -> ParseError:
    """The ParseError telling one of ``REFUSALS`` raised by ``parser`` (a DefusedXMLParser);
    ``at_close``: raised when the parser was closed, so the file ended too early;
    ``bytes_unchecked``: the encoding was not checked beforehand (a streamed file), so an
    invalid token may be a byte in the wrong encoding, and the message says so."""
    line = parser.parser.CurrentLineNumber
    if isinstance(exc, EntitiesForbidden):
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
        return ParseError(name, line, message)
    if isinstance(exc, ExternalReferenceForbidden):
        return ParseError(
            name, line, f"external entities are not allowed (reference to {exc.sysid})"
        )
    line, column = exc.position
    message = f"malformed XML: {expat.ErrorString(exc.code)} at column {column}"
    if at_close:
        message += ": the file ends too early (truncated?)"
    elif bytes_unchecked and exc.code == expat.errors.codes[expat.errors.XML_ERROR_INVALID_TOKEN]:
        message += " (a byte that is not UTF-8: wrong encoding, re-saved file?)"
    return ParseError(name, line, message)


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
    """Every byte valid in the declared encoding, checked in blocks (a 25 MB file decoded
    whole is 50 to 100 MB of text held for nothing); only a file that fails is decoded whole
    again, for the message naming the line and the byte."""
    try:
        decoder = codecs.getincrementaldecoder(_declared_encoding(data))()
        for start in range(0, len(data), _BLOCK):
            decoder.decode(data[start : start + _BLOCK])
        decoder.decode(b"", final=True)
    except (LookupError, UnicodeDecodeError):
        _explain_encoding(name, data)
        raise  # _explain_encoding raises first; reaching this would be a bug


def _explain_encoding(name: str, data: bytes) -> None:
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
