"""Checks of FollowTheMoney JSON lines with the ``followthemoney`` package (a test
dependency, pinned in requirements-dev.txt): what an FtM reader accepts of a file."""

from __future__ import annotations

import json
from collections import Counter

from followthemoney import model
from followthemoney.types import registry

# The fields of every line besides its properties (ftm-contract.md).
LINE_FIELDS = {
    "id",
    "schema",
    "properties",
    "caption",
    "datasets",
    "first_seen",
    "last_seen",
    "last_change",
    "target",
}
# An entity's line also names, as OpenSanctions does, the source records it is: the
# OpenSanctions ids of its list references (entities.numberings), sorted, maybe none.
ENTITY_FIELDS = LINE_FIELDS | {"referents"}


def parse(text: str) -> list[dict]:
    assert text.endswith("\n") or not text, "every line ends with a newline"
    return [json.loads(line) for line in text.splitlines()]


def check_lines(lines: list[dict]) -> Counter:
    """Fail unless every line is an entity FtM loads whole: a concrete schema, known and
    writable properties, every value valid for its type (none dropped by cleaning), the
    required properties, the caption FtM picks, and every entity reference resolving
    to a line of the file of a schema in the property's range. The schemata counted."""
    ids = [line["id"] for line in lines]
    assert len(ids) == len(set(ids)), "ids are unique"
    schema_of = {line["id"]: model.get(line["schema"]) for line in lines}
    for data in lines:
        where = f"{data['id']} ({data['schema']})"
        schema = schema_of[data["id"]]
        is_entity = schema is not None and schema.is_a("Thing") and not schema.is_a("Address")
        assert set(data) == (ENTITY_FIELDS if is_entity else LINE_FIELDS), where
        if is_entity:
            referents = data["referents"]
            assert referents == sorted(set(referents)), where
            assert all(isinstance(r, str) and r != data["id"] for r in referents), where
        assert schema is not None and not schema.abstract, where
        proxy = model.get_proxy(data, cleaned=False)
        schema.validate(data)  # raises InvalidData naming the property
        properties = data["properties"]
        for name, values in properties.items():
            prop = schema.get(name)
            assert prop is not None and not prop.stub, f"{where}: {name}"
            assert values and all(isinstance(value, str) for value in values), f"{where}: {name}"
            assert prop.validate(values) is None, f"{where}: {name} {values}"
            assert len(proxy.get(name)) == len(values), f"{where}: {name} lost in cleaning"
            if prop.type == registry.entity:
                for value in values:
                    assert value in schema_of, f"{where}: {name} -> {value} not in the file"
                    assert schema_of[value].is_a(prop.range), f"{where}: {name} -> {value}"
        for name in schema.required:
            assert properties.get(name), f"{where}: {name} is required"
        # The caption FtM picks from the values as written (cleaning may rewrite them).
        assert data["caption"] == model.get_proxy(data).caption, where
        assert data["datasets"] == ["sanctions-tracker"], where
        assert isinstance(data["target"], bool), where
    return Counter(line["schema"] for line in lines)
