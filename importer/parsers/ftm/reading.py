"""Reading FtM JSON lines: one object a line, each with its line number, checked for the
shape every line must have (``id``, ``schema``, ``properties`` of lists of strings).

A line that is not JSON, or lacks that shape, is a damaged file: :class:`ParseError`
naming the line, never a skipped line (an entity lost silently would be delisted).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from importer.parsers.common import read_file
from importer.parsers.encoding import UTF8_BOM, refuse_wide_unicode
from importer.records import ParseError


@dataclass(frozen=True)
class FtmObject:
    """One line of the file: an entity, or a record about entities (a Sanction, a link)."""

    line: int
    id: str
    schema: str
    properties: dict[str, list[str]]
    caption: str = ""
    last_seen: str = ""  # ISO timestamp, or ""
    # The ids of the source records OpenSanctions merged into this entity (its "referents").
    referents: tuple[str, ...] = ()

    def values(self, *names: str) -> list[str]:
        """The values of the properties ``names``, in order, blank ones left out."""
        found: list[str] = []
        for name in names:
            found.extend(v.strip() for v in self.properties.get(name, ()) if v.strip())
        return found

    def first(self, name: str) -> str:
        values = self.values(name)
        return values[0] if values else ""


def read_objects(path: Path) -> tuple[list[FtmObject], str]:
    """Every object of the file in order, and the file's SHA-256."""
    name = path.name
    data, sha = read_file(path)
    refuse_wide_unicode(name, data, "UTF-8 JSON lines as OpenSanctions publishes them")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    lines = data.split(b"\n")
    objects: list[FtmObject] = []
    seen: dict[str, int] = {}
    last = max((i for i, raw in enumerate(lines, 1) if raw.strip()), default=0)
    if last == 0:
        raise ParseError(name, 1, "empty file: no FtM entities")
    number, first = next((i, raw.strip()) for i, raw in enumerate(lines, 1) if raw.strip())
    if not first.startswith(b"{"):
        # A CSV or XML list given as ftm: say what the file is, not a JSON parser's column.
        start = first[:40].decode("utf-8", "replace")
        raise ParseError(
            name,
            number,
            f"not FtM JSON lines (it starts with {start!r}); ftm takes a file of FollowTheMoney "
            "entities, one JSON object a line (an OpenSanctions entities.ftm.json)",
        )
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        obj = _object(name, number, raw, truncated=number == last and not data.endswith(b"\n"))
        if obj.id in seen:
            raise ParseError(
                name, number, f"id {obj.id!r} again (first on line {seen[obj.id]}): damaged file?"
            )
        seen[obj.id] = number
        objects.append(obj)
    return objects, sha


def _object(name: str, number: int, raw: bytes, *, truncated: bool) -> FtmObject:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if truncated and exc.end == len(raw) and "end of data" in exc.reason:
            raise ParseError(
                name, number, "truncated: the file ends in the middle of a character"
            ) from exc
        raise ParseError(name, number, f"not UTF-8 (byte {exc.start + 1} of the line)") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if truncated:
            raise ParseError(
                name, number, f"truncated: the last line is not complete JSON ({exc.msg})"
            ) from exc
        raise ParseError(
            name, number, f"not a JSON object ({exc.msg}, column {exc.colno})"
        ) from exc
    if not isinstance(data, dict):
        raise ParseError(name, number, f"not a JSON object but a {type(data).__name__}")
    ident, schema, properties = data.get("id"), data.get("schema"), data.get("properties", {})
    if not isinstance(ident, str) or not ident.strip():
        raise ParseError(name, number, "no id: every FtM line needs a string 'id'")
    if not isinstance(schema, str) or not schema.strip():
        raise ParseError(name, number, f"no schema for {ident!r}: every FtM line needs one")
    if not isinstance(properties, dict) or not all(
        isinstance(values, list) and all(isinstance(v, str) for v in values)
        for values in properties.values()
    ):
        raise ParseError(
            name, number, f"{ident!r}: 'properties' must map each name to a list of strings"
        )
    caption, last_seen = data.get("caption"), data.get("last_seen")
    referents = data.get("referents")
    if not isinstance(referents, list):
        referents = []
    return FtmObject(
        line=number,
        id=ident.strip(),
        schema=schema.strip(),
        properties=properties,
        caption=caption.strip() if isinstance(caption, str) else "",
        last_seen=last_seen if isinstance(last_seen, str) else "",
        referents=tuple(r.strip() for r in referents if isinstance(r, str) and r.strip()),
    )
