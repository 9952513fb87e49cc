"""The OFAC advanced XML parser on the real Non-SDN excerpt (70 parties) and on damaged
files: counts, names, dates at their precision, documents, features, programmes, listing
dates, relationships, both namespaces, and clear errors."""

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from importer.parsers.ofac_advanced import NAMESPACES, ParseError, parse_file, read_file
from importer.parsers.ofac_advanced.dates import period_of
from importer.records import IdentifierRecord
from tests.importer.conftest import OFAC_ADVANCED

EXCERPT_BYTES = OFAC_ADVANCED.read_bytes()


@pytest.fixture(scope="module")
def parsed():
    return parse_file(OFAC_ADVANCED)


@pytest.fixture(scope="module")
def by_ref(parsed):
    return {e.reference: e for e in parsed.entries}


def test_record_counts_match_the_file():
    data = read_file(OFAC_ADVANCED)
    assert dict(data.counts) == {
        "Location": 93,
        "IDRegDocument": 66,
        "DistinctParty": 70,
        "ProfileRelationship": 33,
        "SanctionsEntry": 147,
    }
    assert data.namespace == NAMESPACES[0]
    assert data.issued == dt.date(2020, 3, 17)


def test_one_entry_per_party_keyed_by_fixed_ref(parsed):
    assert len(parsed.entries) == 70
    assert Counter(e.kind for e in parsed.entries) == {"organization": 49, "person": 21}
    assert parsed.entries[0].reference == "9639"  # file order
    assert parsed.list_date == dt.date(2020, 3, 17)
    assert parsed.warnings == []
    assert parsed.files == {OFAC_ADVANCED.name: parsed.sha256}
    assert len(parsed.sha256) == 64


def test_every_entry_carries_its_ent_num_and_its_line(parsed):
    lines = EXCERPT_BYTES.split(b"\n")
    for entry in parsed.entries:
        assert entry.identifiers[0] == IdentifierRecord(
            "list_reference", entry.reference, "", "OFAC ent_num"
        )
        assert f'<DistinctParty FixedRef="{entry.reference}">'.encode() in lines[entry.line - 1]


def test_individual_names_as_the_legacy_csv_writes_them(by_ref):
    haniya = by_ref["9639"]
    assert (haniya.kind, haniya.name) == ("person", "HANIYA, Ismail Abdul Salah")
    assert [(a.name, a.kind, a.weak) for a in haniya.aliases] == [
        ("HANIYA, Ismail", "aka", False),
        ("HANIYYA, Ismaeel", "aka", False),
    ]


def test_alias_kinds_and_low_quality(parsed, by_ref):
    aliases = [a for e in parsed.entries for a in e.aliases]
    assert len(aliases) == 175
    assert Counter(a.kind for a in aliases) == {"aka": 153, "fka": 22}
    assert sum(a.weak for a in aliases) == 3
    assert ("VEB", True) in {(a.name, a.weak) for a in by_ref["17015"].aliases}
    assert all(a.script == "" for a in aliases)  # all Latin in this file


def test_a_birth_year_stays_a_year(by_ref):
    (birth,) = by_ref["9639"].dates
    assert (birth.kind, birth.date, birth.approximate) == ("birth", "1962", False)
    assert by_ref["17526"].dates[0].date == "1966-02-13"


def test_place_of_birth_and_gender_are_notes(by_ref):
    assert "Place of birth: Shati" in by_ref["9639"].notes.splitlines()
    assert "Gender: Male" in by_ref["26182"].notes.splitlines()


def test_citizenship_from_a_country_written_as_an_unknown_part(by_ref):
    assert ("CH", "citizenship") in {(c.country, c.role) for c in by_ref["17526"].countries}


def test_passports_with_issuing_country(by_ref, parsed):
    passports = [i for e in parsed.entries for i in e.identifiers if i.scheme == "passport"]
    assert len(passports) == 3
    assert ("X0906223", "CH", "Passport") in {
        (i.value, i.country, i.label) for i in by_ref["17526"].identifiers
    }


def test_documents_and_features_as_identifiers(parsed, by_ref):
    schemes = Counter(i.scheme for e in parsed.entries for i in e.identifiers)
    assert schemes == {
        "list_reference": 70,
        "registration_number": 39,
        "website": 35,
        "email": 25,
        "swift_bic": 15,
        "other": 15,
        "tax_id": 11,
        "passport": 3,
    }
    veb = {(i.scheme, i.value, i.label) for i in by_ref["17015"].identifiers}
    assert ("swift_bic", "BFEARUMM", "SWIFT/BIC") in veb
    assert ("other", "044525060", "BIK (RU)") in veb


def test_addresses_from_locations(by_ref, parsed):
    assert sum(len(e.addresses) for e in parsed.entries) == 82
    (veb,) = by_ref["17015"].addresses
    assert (veb.street, veb.city, veb.postal_code, veb.country) == (
        "9 Akademika Sakharova prospekt",
        "Moscow",
        "107996",
        "RU",
    )
    assert veb.full == "9 Akademika Sakharova prospekt, Moscow, 107996, Russia"


def test_programmes_and_listing_date_from_sanctions_entries(parsed, by_ref):
    programmes = Counter(p.code for e in parsed.entries for p in e.programmes)
    assert programmes == {
        "UKRAINE-EO13662": 46,
        "NS-PLC": 17,
        "SYRIA": 5,
        "FSE-SY": 5,
        "SDGT": 1,
        "561-Related": 1,
        "VENEZUELA-EO13850": 1,
        "FSE-IR": 1,
    }
    # On the PLC list since 2006; on the Consolidated List (its second entry) since 2014.
    assert by_ref["9639"].listed == "2006-04-12"
    notes = by_ref["9639"].notes.splitlines()
    assert "OFAC lists: Consolidated List; Non-SDN Palestinian Legislative Council List" in notes
    assert "Legal basis: General License 4 Under EO 13224 (Terrorism)" in notes
    assert "Measures: Reject" in notes


def test_owned_or_controlled_by_becomes_owns_from_the_owner(parsed, by_ref):
    links = [(e.reference, link) for e in parsed.entries for link in e.links]
    assert len(links) == 33
    veb = {link.target: link for link in by_ref["17015"].links}
    eximbank = veb["18268"]
    assert (eximbank.by, eximbank.kind) == ("reference", "owns")
    assert eximbank.text == "EXIMBANK OF RUSSIA Owned or Controlled By Vnesheconombank"


def test_digest_is_stable(by_ref):
    again = {e.reference: e for e in parse_file(OFAC_ADVANCED).entries}
    assert again["17015"].digest() == by_ref["17015"].digest()


# ----------------------------------------------------------------------------- dates


def _period(start_from, start_to, end_from, end_to, approximate="false") -> ET.Element:
    def ymd(value):
        y, m, d = value.split("-")
        return f"<Year>{y}</Year><Month>{m}</Month><Day>{d}</Day>"

    return ET.fromstring(
        f"<DatePeriod><Start Approximate='{approximate}'><From>{ymd(start_from)}</From>"
        f"<To>{ymd(start_to)}</To></Start><End Approximate='false'><From>{ymd(end_from)}"
        f"</From><To>{ymd(end_to)}</To></End></DatePeriod>"
    )


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (("1962-1-1", "1962-1-1", "1962-12-31", "1962-12-31"), "1962"),
        (("1962-2-1", "1962-2-1", "1962-2-28", "1962-2-28"), "1962-02"),
        (("1962-2-13", "1962-2-13", "1962-2-13", "1962-2-13"), "1962-02-13"),
        (("1960-1-1", "1960-12-31", "1965-1-1", "1965-12-31"), "1960/1965"),
        (("1960-3-1", "1960-3-1", "1960-5-31", "1960-5-31"), "1960-03/1960-05"),
        (("1960-3-4", "1960-3-4", "1960-5-6", "1960-5-6"), "1960-03-04/1960-05-06"),
    ],
)
def test_date_periods_keep_their_precision(dates, expected):
    assert period_of(_period(*dates)).value == expected


def test_approximate_period():
    period = period_of(_period("1955-1-1", "1955-1-1", "1955-12-31", "1955-12-31", "true"))
    assert (period.value, period.approximate) == ("1955", True)


# ----------------------------------------------------------------------------- damaged


def _write(tmp_path: Path, data: bytes, name: str = "sdn_advanced.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_file(path)
    return info.value


def test_the_newer_namespace_reads_the_same(tmp_path, parsed):
    newer = EXCERPT_BYTES.replace(NAMESPACES[0].encode(), NAMESPACES[1].encode())
    again = parse_file(_write(tmp_path, newer))
    assert [e.digest() for e in again.entries] == [e.digest() for e in parsed.entries]
    assert again.warnings == []


def test_an_unknown_namespace_is_read_with_a_warning(tmp_path):
    other = EXCERPT_BYTES.replace(NAMESPACES[0].encode(), b"urn:example:sanctions")
    again = parse_file(_write(tmp_path, other))
    assert len(again.entries) == 70
    assert [w.message for w in again.warnings] == [
        "read as OFAC's advanced format: unknown namespace 'urn:example:sanctions'"
    ]


def test_truncated_file(tmp_path):
    error = _error(_write(tmp_path, EXCERPT_BYTES[: len(EXCERPT_BYTES) // 2]))
    assert "the file ends too early (truncated?)" in str(error)
    assert str(error).startswith("sdn_advanced.xml, line ")


def test_wrong_root(tmp_path):
    un = (Path(__file__).parent.parent / "data" / "un" / "un-consolidated-sample.xml").read_bytes()
    error = _error(_write(tmp_path, un))
    assert str(error) == (
        "sdn_advanced.xml, line 2: not an OFAC advanced XML list (root Sanctions) "
        "(root element is CONSOLIDATED_LIST)"
    )


def test_unknown_reference_value_names_set_id_line_and_party(tmp_path):
    damaged = EXCERPT_BYTES.replace(
        b'<Alias FixedRef="9639" AliasTypeID="1400"',
        b'<Alias FixedRef="9639" AliasTypeID="1499"',
        1,
    )
    line = damaged[: damaged.index(b'AliasTypeID="1499"')].count(b"\n") + 1
    error = _error(_write(tmp_path, damaged))
    assert str(error) == (
        f"sdn_advanced.xml, line {line}, entry 9639: unknown AliasTypeID '1499': not in the "
        "file's ReferenceValueSets (AliasTypeValues)"
    )


def test_unknown_location_is_an_error(tmp_path):
    damaged = EXCERPT_BYTES.replace(
        b'<VersionLocation LocationID="12812"', b'<VersionLocation LocationID="1"'
    )
    error = _error(_write(tmp_path, damaged))
    assert "entry 9639: LocationID '1' is not in the file's Locations" in str(error)


def test_not_xml(tmp_path):
    error = _error(_write(tmp_path, b"9639,HANIYA, Ismail,individual\r\n"))
    assert "not an XML file (it starts with '9639,HANIYA, Ismail,individual')" in str(error)


def test_empty_file(tmp_path):
    assert str(_error(_write(tmp_path, b""))) == "sdn_advanced.xml: empty file"


def test_no_parties_is_refused(tmp_path):
    start, end = (
        EXCERPT_BYTES.index(b"<DistinctParties>"),
        EXCERPT_BYTES.index(b"</DistinctParties>"),
    )
    empty = EXCERPT_BYTES[:start] + EXCERPT_BYTES[end + len(b"</DistinctParties>") :]
    assert "no DistinctParty in the list" in str(_error(_write(tmp_path, empty)))


def test_a_delta_file_is_refused(tmp_path):
    delta = EXCERPT_BYTES.replace(
        b'<DistinctParty FixedRef="9639">', b'<DistinctParty FixedRef="9639" DeltaAction="added">'
    )
    assert "a delta file (DistinctParty has DeltaAction)" in str(_error(_write(tmp_path, delta)))


def test_entries_and_relationships_naming_missing_parties_warn(tmp_path):
    start = EXCERPT_BYTES.index(b'<DistinctParty FixedRef="18268">')
    end = EXCERPT_BYTES.index(b"</DistinctParty>", start) + len(b"</DistinctParty>")
    parsed = parse_file(_write(tmp_path, EXCERPT_BYTES[:start] + EXCERPT_BYTES[end:]))
    assert len(parsed.entries) == 69
    messages = [w.message for w in parsed.warnings]
    assert "skipped: relationship names profile 18268, not in the file" in messages
    assert "skipped: SanctionsEntry names profile 18268, not in the file" in messages


def test_billion_laughs_is_refused(tmp_path):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE Sanctions [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;">]><Sanctions>&lol2;</Sanctions>'
    )
    assert "entity declarations are not allowed" in str(_error(_write(tmp_path, bomb)))
