"""The FtM parser (importer/parsers/ftm) on the OpenSanctions samples, on lines in the
shape export_ftm writes, and on damaged files: exact counts, what each schema and property
becomes, a clear error naming the line for a damaged file."""

import datetime as dt
from collections import Counter

import pytest

from importer.parsers.ftm import parse_file
from importer.parsers.ftm.dates import prefix_date
from importer.parsers.ftm.entries import reference_of
from importer.records import ParseError
from tests.importer.conftest import FTM_EU, FTM_ZALA
from tests.importer.ftm_lines import CONTRACT, line, write


def entry(parsed, reference):
    return next(e for e in parsed.entries if e.reference == reference)


def test_eu_sample_counts():
    parsed = parse_file(FTM_EU)
    entries = parsed.entries
    # 7 lines: 4 Person, 2 Organization, 1 Address that no entity names.
    assert Counter(e.kind for e in entries) == {"person": 4, "organization": 2}
    assert sum(len(e.aliases) for e in entries) == 29
    assert sum(len(e.identifiers) for e in entries) == 13  # 2, and 11 list references
    assert sum(len(e.programmes) for e in entries) == 0  # no Sanction records in it
    assert sum(len(e.dates) for e in entries) == 3
    # The two organisations name Address entities the excerpt lacks: kept without them.
    assert [(w.line, "is not in the file" in w.message) for w in parsed.warnings] == [
        (1, True),
        (7, True),
    ]


def test_zala_cluster_counts():
    parsed = parse_file(FTM_ZALA)
    entries = parsed.entries
    assert Counter(e.kind for e in entries) == {"company": 11, "person": 6}
    assert sum(len(e.aliases) for e in entries) == 228
    assert sum(a.weak for e in entries for a in e.aliases) == 7
    assert sum(a.kind == "fka" for e in entries for a in e.aliases) == 2
    assert sum(len(e.identifiers) for e in entries) == 79  # 54, and 25 list references
    assert sum(len(e.addresses) for e in entries) == 115
    assert sum(len(e.dates) for e in entries) == 20
    # 41 Sanctions; those of one entity by one authority under one programme are one.
    assert sum(len(e.programmes) for e in entries) == 31
    assert Counter(link.kind for e in entries for link in e.links) == {
        "owns": 14,
        "family_of": 4,
        "director_of": 3,
    }
    assert len(parsed.warnings) == 18  # 16 missing Address entities, 2 programme names cut
    assert parsed.list_date == dt.date(2026, 4, 29)  # the latest last_seen


def test_zala_names_scripts_and_identifiers():
    parsed = parse_file(FTM_ZALA)
    person = entry(parsed, "NK-DQ98GPMgdVH8DSZd8g9Xtc")
    assert person.name == "Svetlana Nikolaevna Zakharova"  # the caption
    cyrillic = [a for a in person.aliases if a.name == "Светлана Николаевна Захарова"]
    assert [(a.kind, a.script) for a in cyrillic] == [("aka", "Cyrl")]
    # innCode (tax ID, Russia) and taxNumber give one number: kept once, with its country.
    taxes = [i for i in person.identifiers if i.scheme == "tax_id"]
    assert [(i.value, i.country, i.label) for i in taxes] == [("183111242572", "RU", "INN")]
    lavrentiy = entry(parsed, "NK-hUAjuiA3vTKXF6v2X6MYnS")
    assert [(i.scheme, i.value, i.label) for i in lavrentiy.identifiers] == [
        ("passport", "089132114", ""),
        # From its referents ofac-46004 and gb-hmt-16274 (test_ftm_referents.py).
        ("list_reference", "46004", "OFAC ent_num"),
        ("list_reference", "16274", "UK OFSI Group ID"),
    ]


def test_zala_sanctions_as_designations():
    parsed = parse_file(FTM_ZALA)
    cst = entry(parsed, "NK-abdzbEBkqyT29GyREbiURZ")
    by_code = {(p.authorities, p.code): p for p in cst.programmes}
    seco = by_code[(("State Secretariat for Economic Affairs",), "SECO-UKRAINE")]
    # Four SECO Sanctions: one designation, listed on the earliest date, with every reference.
    assert seco.listed == "2023-06-28"
    assert seco.reference == "63817, 64030, 69730"
    assert seco.jurisdiction == "CH"
    expired = by_code[(("National Security and Defense Council",), "UA-SA1644")]
    assert (expired.listed, expired.delisted, expired.status) == (
        "2021-10-30",
        "2024-10-30",
        "delisted",
    )
    active = next(p for p in cst.programmes if p.code == "NZ-RSA2022")
    assert active.status == ""  # "Sanctioned": in force
    assert "Asset Freeze" in active.measures_text
    unstated = next(p for p in cst.programmes if p.authorities == ("La Principauté de Monaco",))
    assert unstated.code == "not stated"
    assert "not stated" in unstated.name


def test_contract_lines(tmp_path):
    parsed = parse_file(write(tmp_path / "export.ftm.json", CONTRACT))
    assert [e.reference for e in parsed.entries] == ["st-ent-1", "st-ent-2", "st-ent-3"]
    person = entry(parsed, "st-ent-1")
    assert {(a.name, a.kind, a.weak, a.script) for a in person.aliases} == {
        ("Ahmed Khan", "aka", False, ""),
        ("احمد خان", "aka", False, "Arab"),
        ("The Engineer", "aka", True, ""),
        ("Ahmad SHAH", "fka", False, ""),
    }
    assert [(d.kind, d.date) for d in person.dates] == [("birth", "1962")]  # a year stays one
    assert [(c.country, c.role) for c in person.countries] == [("PK", "nationality")]
    assert [(i.scheme, i.value) for i in person.identifiers] == [("passport", "AB1234567")]
    ofac, dos = person.programmes  # in the order of their authorities' names
    assert (dos.authorities, dos.code, dos.name, dos.listed) == (
        ("US Department of State",),
        "NP",
        "Non-proliferation",
        "2020-03-04",
    )
    assert (dos.reference, dos.measures_text) == ("DOS-17", "asset_freeze; travel_ban")
    assert (ofac.code, ofac.listed) == ("NPWMD", "2021")
    company = entry(parsed, "st-ent-3")
    assert company.addresses[0].city == "Dubai"
    assert company.addresses[0].country == "AE"
    assert [(d.kind, d.date) for d in company.dates] == [("established", "2001-05")]
    (ended,) = company.programmes
    assert (ended.status, ended.delisted) == ("delisted", "2022-01-15")
    assert [(x.target, x.kind, x.text) for x in person.links] == [("st-ent-3", "owns", "51%")]
    vessel = entry(parsed, "st-ent-2")
    assert vessel.kind == "vessel"
    assert {(i.scheme, i.value) for i in vessel.identifiers} == {("imo_number", "9123456")}
    assert [(c.country, c.role) for c in vessel.countries] == [("KP", "flag")]


def test_other_schemas_are_skipped_with_their_line(tmp_path):
    lines = [
        line("p1", "Person", name="A Person"),
        line("ev1", "Event", name="A meeting", involved="p1"),
        line("sec1", "Security", name="A bond"),
        line("s1", "Sanction", entity="sec1", authority="OFAC"),
    ]
    parsed = parse_file(write(tmp_path / "x.ftm.json", lines))
    assert [e.reference for e in parsed.entries] == ["p1"]
    assert [(w.line, w.message.split(":")[0]) for w in parsed.warnings] == [
        (2, "skipped"),
        (3, "skipped"),
        (4, "skipped"),
    ]
    assert "not an entity the tracker records" in parsed.warnings[2].message


@pytest.mark.parametrize(
    ("lines", "raw_end", "where", "message"),
    [
        ([line("p1", "Person", name="A"), "{not json"], "\n", 2, "not a JSON object"),
        ([line("p1", "Person", name="A"), '{"id": "p2", "sch'], "", 2, "truncated"),
        # Cut in the middle of a two-byte character (é: C3 A9), as a download cut short.
        (
            [line("p1", "Person", name="A"), '{"id": "p2", "name": "Jos\udcc3'],
            "",
            2,
            "truncated: the file ends in the middle of a character",
        ),
        ([line("p1", "Person", name="A"), '{"id": "\udcff"}'], "\n", 2, "not UTF-8 .byte 9"),
        ([line("p1", "Person", name="A"), {"schema": "Person"}], "\n", 2, "no id"),
        ([{"id": "p1", "properties": {}}], "\n", 1, "no schema"),
        (
            [line("p1", "Person", name="A"), line("s1", "Sanction", entity="p9", authority="X")],
            "\n",
            2,
            "its entity 'p9' is not in the file",
        ),
        (
            [line("p1", "Person", name="A"), line("o1", "Ownership", owner="p1", asset="c9")],
            "\n",
            2,
            "its asset 'c9' is not in the file",
        ),
        ([line("p1", "Person", name="A"), line("p1", "Person", name="B")], "\n", 2, "again"),
        (
            [{"id": "p1", "schema": "Person", "properties": {"name": "A"}}],
            "\n",
            1,
            "list of strings",
        ),
        (["[1, 2]"], "\n", 1, "not FtM JSON lines .it starts with '.1, 2.'."),
        (["", "Last Updated,13/04/2018", "Name 6,Name 1"], "\n", 2, "not FtM JSON lines"),
    ],
)
def test_damaged_files_name_the_line(tmp_path, lines, raw_end, where, message):
    path = write(tmp_path / "damaged.ftm.json", lines)
    if not raw_end:
        path.write_bytes(path.read_bytes().rstrip(b"\n"))
    with pytest.raises(ParseError, match=message) as raised:
        parse_file(path)
    assert raised.value.line == where
    assert str(raised.value).startswith(f"damaged.ftm.json, line {where}: ")


def test_empty_and_utf16_files(tmp_path):
    empty = tmp_path / "empty.ftm.json"
    empty.write_bytes(b"\n\n")
    with pytest.raises(ParseError, match="empty file"):
        parse_file(empty)
    wide = tmp_path / "wide.ftm.json"
    wide.write_bytes(FTM_EU.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(ParseError, match="UTF-16"):
        parse_file(wide)


def test_prefix_dates_keep_their_precision():
    assert [prefix_date(v) for v in ("1980", "1980-05", "1980-05-17", "2023-04-20T18:00:25")] == [
        "1980",
        "1980-05",
        "1980-05-17",
        "2023-04-20",
    ]
    assert prefix_date("circa 1950") == ""
    assert prefix_date("1980-02-30") == ""


def test_long_ids_get_a_stable_reference():
    long = "x" * 100
    assert reference_of("short") == "short"
    assert len(reference_of(long)) == 64
    assert reference_of(long) == reference_of(long) != reference_of(long + "y")


def test_an_entity_with_several_documents_keeps_them_all(tmp_path):
    """Regression: two Passport/Identification lines for one holder were sorted as records,
    which cannot be ordered (TypeError), so the round trip of an export failed."""
    path = write(
        tmp_path / "docs.ftm.json",
        [
            line("st-ent-1", "Person", name="Ahmad KHAN"),
            line("st-id-2", "Passport", holder="st-ent-1", number="P200", country="pk"),
            line("st-id-1", "Identification", holder="st-ent-1", number="N100", country="pk"),
        ],
    )

    person = entry(parse_file(path), "st-ent-1")

    assert sorted(i.value for i in person.identifiers) == ["N100", "P200"]
