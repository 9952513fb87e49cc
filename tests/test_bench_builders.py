"""The benchmark's full-size list builders (bench/build_full_lists.py) still write files that
their parsers read whole: the right number of entries, unique names, references and
identifiers, every cited reference resolving. At a tiny size: the builders must not rot;
their speed is not tested."""

import sys
from collections import Counter
from pathlib import Path

import pytest

from importer.registry import LISTS

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def builders():
    sys.path.insert(0, str(BENCH))
    try:
        import build_full_lists

        yield build_full_lists
    finally:
        sys.path.remove(str(BENCH))


def parse(key: str, path: Path):
    parsed = LISTS[key].parse(path)
    entries = list(parsed.entries)
    assert len({e.reference for e in entries}) == len(entries)
    assert not [n for n, k in Counter(e.name for e in entries).items() if k > 1]
    identifiers = Counter(
        (i.scheme, "".join(i.value.split()).upper()) for e in entries for i in e.identifiers
    )
    assert identifiers and not [i for i, k in identifiers.items() if k > 1]
    return parsed, entries


def test_un_list_has_the_asked_individuals_and_entities_and_its_citations_resolve(
    builders, tmp_path
):
    path = tmp_path / "un.xml"
    info = builders.build_un(path, individuals=40, entities=20)
    parsed, entries = parse("un-sc", path)
    assert info["entries"] == len(entries) == 60
    assert Counter(e.kind for e in entries) == {"person": 40, "organization": 20}
    references = {e.reference for e in entries}
    links = [link for e in entries for link in e.links]
    assert links and all(link.target in references for link in links)
    # The only warnings are the sample's own (its empty alias placeholders).
    assert {w.message.split(" (")[0] for w in parsed.warnings} <= {"skipped: empty alias"}


def test_uk_conlist_has_the_asked_groups_in_windows_1252(builders, tmp_path):
    path = tmp_path / "conlist.csv"
    info = builders.build_uk(path, groups=150, rows=450)
    parsed, entries = parse("uk-ofsi", path)
    assert info["entries"] == len(entries) == 150
    assert info["rows"] >= 450
    assert not parsed.warnings
    path.read_bytes().decode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the sample's typographic quotes, as 0x91-0x94


def test_eu_file_has_the_asked_entities_with_unique_parts(builders, tmp_path):
    path = tmp_path / "eu.xml"
    info = builders.build_eu(path, entities=30)
    parsed, entries = parse("eu-fsf", path)
    assert info["entries"] == len(entries) == 30
    assert not parsed.warnings
    documents = Counter(i.value for e in entries for i in e.identifiers if i.scheme == "passport")
    assert documents and max(documents.values()) == 1
