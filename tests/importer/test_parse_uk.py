"""The UK OFSI ConList parser, on the real sample in tests/data/uk (no database).

Broken variants are built from the sample in ``tmp_path``; expected counts are computed
straight from the bytes with the csv module, independently of the parser.
"""

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest

from importer.parsers.uk import parse_file, split_numbered
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    NameRecord,
    ParseError,
    ProgrammeRecord,
)

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "uk" / "conlist-sample.csv"
RAW = SAMPLE.read_bytes()
LINES = RAW.split(b"\n")  # the sample has no quoted newlines: physical line = CSV row
HEADER = next(csv.reader([LINES[1].decode("cp1252")]))
QAHTANI = "13349"


@pytest.fixture(scope="module")
def parsed():
    return parse_file(SAMPLE)


@pytest.fixture(scope="module")
def by_ref(parsed):
    return {e.reference: e for e in parsed.entries}


def raw_rows() -> list[list[str]]:
    """Data rows (after preamble and header), read independently of the parser."""
    rows = list(csv.reader(io.StringIO(RAW.decode("cp1252"), newline="")))
    return [r for r in rows[2:] if any(r)]


def line_no(prefix: str) -> int:
    """1-based line number of the only sample line starting with ``prefix``."""
    found = [i for i, line in enumerate(LINES, 1) if line.startswith(prefix.encode("cp1252"))]
    assert len(found) == 1, found
    return found[0]


def edited(tmp_path: Path, changes: dict[int, dict[str, str]], name: str = "edited.csv") -> Path:
    """A copy of the sample with some cells of some lines ({line: {column: value}}) changed."""
    lines = list(LINES)
    for number, cells in changes.items():
        fields = next(csv.reader([lines[number - 1].decode("cp1252")]))
        for column, value in cells.items():
            fields[HEADER.index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(fields)
        lines[number - 1] = out.getvalue().encode("cp1252")
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines))
    return path


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- the sample


def test_counts_match_the_raw_rows(parsed):
    rows = raw_rows()
    assert len(rows) == 964
    groups = {r[HEADER.index("Group ID")] for r in rows}
    assert len(groups) == 120
    assert [e.reference for e in parsed.entries] == list(
        dict.fromkeys(r[HEADER.index("Group ID")] for r in rows)
    )
    assert parsed.warnings == []


def test_every_row_name_is_the_name_or_an_alias(parsed):
    """All 964 rows are accounted for: each row's name is its group's name or an alias."""
    names: dict[str, set[str]] = {}
    for r in raw_rows():
        parts = [r[HEADER.index(f"Name {i}")] for i in (1, 2, 3, 4, 5, 6)]
        names.setdefault(r[HEADER.index("Group ID")], set()).add(" ".join(" ".join(parts).split()))
    for entry in parsed.entries:
        assert {entry.name, *(a.name for a in entry.aliases)} == names[entry.reference]
        assert entry.name not in {a.name for a in entry.aliases}
    assert sum(len(e.aliases) for e in parsed.entries) == 486


def test_source_date_and_hash(parsed):
    assert parsed.source == "uk-ofsi"
    assert parsed.list_date == dt.date(2018, 4, 13)
    assert parsed.files == {"conlist-sample.csv": hashlib.sha256(RAW).hexdigest()}
    assert parsed.sha256 == hashlib.sha256(RAW).hexdigest()


def test_windows_1252_is_decoded(by_ref):
    # Line 373 has byte 0x91, a left single quotation mark in Windows-1252.
    assert b"AL-HUTHI,\x91Abd al-Khaliq," in RAW
    names = [a.name for a in by_ref["13191"].aliases]
    assert "\u2018Abd al-Khaliq Badr al-Din AL-HUTHI" in names
    # 0x92 and 0x91 in Other Information: right and left single quotation marks.
    assert "Wife\u2019s name is Samah \u2018Ali Al-Dahabani (Yemeni national)." in (
        by_ref["12884"].notes
    )


def test_qahtani_names(by_ref):
    entry = by_ref[QAHTANI]
    assert entry.kind == "person"
    # The Prime Alias row, Name 1..5 then Name 6; the AKA rows' leading space is stripped.
    assert entry.name == "Nayef Salam Muhammad Ujaym AL-HABABI"
    assert entry.aliases == (
        NameRecord("Sheikh Farooq AL-QAHTANI", "aka"),
        NameRecord("Farouq al-Qahtani AL QATARI", "aka"),
        NameRecord("Nayf Salam Muhammad Ujaym AL-HABABI", "aka"),
        NameRecord("Faruq AL-QAHTANI", "aka"),
        NameRecord("Faruq AL-QATARI", "aka"),
        NameRecord("Sheikh Faroq AL-QATARI", "aka"),
        NameRecord("Imran Farouk SHAYKH", "aka"),
    )
    assert all(not a.weak for a in entry.aliases)
    assert entry.line == 3


def test_qahtani_facts(by_ref):
    entry = by_ref[QAHTANI]
    # Two rows per name, one with each year of birth: both kept, year precision.
    assert entry.dates == (
        DateRecord("birth", "1980", "00/00/1980"),
        DateRecord("birth", "1981", "00/00/1981"),
    )
    assert entry.countries == (
        CountryRecord("SA", "nationality"),
        CountryRecord("QA", "nationality"),
        CountryRecord("AF", "located_in"),
    )
    assert entry.identifiers == (
        IdentifierRecord("list_reference", "13349", "", "UK OFSI Group ID"),
        IdentifierRecord("list_reference", "QDe.004", "", "UN reference number"),
        IdentifierRecord(
            "passport",
            "592667",
            "QA",
            "Passport No: 592667 (Qatari passport issued on 3 May 2007).",
        ),
    )
    assert entry.addresses == (AddressRecord(country="AF", full="Afghanistan (since 2009)"),)
    assert entry.programmes == (
        ProgrammeRecord(
            "The ISIL (Da'esh) and Al-Qaida organisations",
            "The ISIL (Da'esh) and Al-Qaida organisations",
        ),
    )
    assert entry.listed == "2016-04-01"
    assert entry.notes == (
        "UN Ref QDe.004. Emir for the eastern zone of Afghanistan. Has led an Al-Qaida "
        "battalion in Afghanistan since at least mid-2010.\n"
        "Place of birth: Saudi Arabia"
    )


def test_entity_name_and_address(by_ref):
    entry = by_ref["10657"]
    assert entry.kind == "organization"
    assert entry.name == "3M MIZAN MACHINERY MANUFACTURING"
    assert entry.aliases == (
        NameRecord("3MG", "aka"),
        NameRecord("MIZAN MACHINERY MANUFACTURING (3M)", "aka"),
    )
    assert entry.addresses == (
        AddressRecord(
            street="PO Box 16595-365",
            city="Tehran",
            country="IR",
            full="PO Box 16595-365, Tehran, Iran",
        ),
    )
    assert entry.programmes == (
        ProgrammeRecord("Iran (nuclear proliferation)", "Iran (nuclear proliferation)"),
    )
    assert entry.listed == "2008-06-24"


def test_multi_valued_passports_and_demonyms(by_ref):
    kaskar = by_ref["7863"]
    passports = [(i.value, i.country) for i in kaskar.identifiers if i.scheme == "passport"]
    assert len(passports) == 14
    assert passports[:2] == [("A-333602", "IN"), ("M110522", "IN")]
    assert passports[-1] == ("KC-285901", "")
    assert kaskar.countries == (
        CountryRecord("IN", "nationality"),
        CountryRecord("PK", "located_in"),
    )
    # A national ID card in the passport column is a national ID.
    assert IdentifierRecord(
        "national_id",
        "W374031",
        "TN",
        "W374031, Tunisian national identity number issued on 11 April 2011.",
    ) in [i for e in by_ref.values() for i in e.identifiers]


def test_passport_part_without_number_stays_in_notes(by_ref):
    entry = next(e for e in by_ref.values() if "(Eqypt)" in e.notes)
    assert [(i.value, i.country) for i in entry.identifiers if i.scheme == "passport"] == [
        ("6487", "EG"),
        ("388181", "YE"),
    ]
    assert (
        "Passport Details: (1) 6487 (Egypt). Issued 30 Jan 1986. (2) (Eqypt). Issued 1993. "
        "(3) 388181 (Yemen)."
    ) in entry.notes.split("\n")


def test_vessel_numbers_from_other_information(by_ref):
    entry = by_ref["13556"]
    assert entry.name == "TONG SAN 2"
    assert [(i.scheme, i.value) for i in entry.identifiers] == [
        ("list_reference", "13556"),
        ("imo_number", "8937675"),
        ("mmsi", "445539000"),
    ]


def test_title_goes_to_notes_not_the_name(by_ref):
    entry = by_ref["12510"]
    assert entry.name == "Fayssal ABBAS"
    assert entry.aliases == (NameRecord("Faysal ABBAS", "aka"),)
    assert entry.notes.split("\n") == [
        "Former Minister for Transport",
        "Title: Dr",
        "Place of birth: Hama Province",
    ]


def test_split_numbered():
    assert split_numbered("1) Saudi Arabia 2) Qatar") == ("", ["Saudi Arabia", "Qatar"])
    assert split_numbered("(1) German (2) Moroccan") == ("", ["German", "Moroccan"])
    assert split_numbered("(1)-(2) Indonesia") == ("", ["Indonesia"])
    assert split_numbered("Jordanian passport numbers (1) K048787 (2) 486298") == (
        "Jordanian passport numbers",
        ["K048787", "486298"],
    )
    assert split_numbered("Afghanistan (since 2009)") == ("", ["Afghanistan (since 2009)"])


def test_utf8_export_parses_the_same(tmp_path, parsed):
    text = RAW.decode("cp1252")
    for name, data in (
        ("utf8.csv", text.encode("utf-8")),
        ("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8")),
    ):
        again = parse_file(write(tmp_path, name, data))
        assert [e.as_dict() for e in again.entries] == [e.as_dict() for e in parsed.entries]
        assert again.list_date == dt.date(2018, 4, 13)


# --------------------------------------------------------------------------- variants


def test_fka_alias(tmp_path):
    path = edited(tmp_path, {line_no("3MG,"): {"Alias Type": "FKA"}})
    entry = {e.reference: e for e in parse_file(path).entries}["10657"]
    assert entry.aliases == (
        NameRecord("3MG", "fka"),
        NameRecord("MIZAN MACHINERY MANUFACTURING (3M)", "aka"),
    )


def test_partial_and_bad_dates(tmp_path):
    a, b = line_no("ABBAS,Faysal,"), line_no("ABBAS,Fayssal,")
    path = edited(
        tmp_path,
        {a: {"DOB": "00/05/1955", "Listed On": "00/02/2012"}, b: {"DOB": "circa 1955"}},
    )
    result = parse_file(path)
    entry = {e.reference: e for e in result.entries}["12510"]
    assert entry.dates == (
        DateRecord("birth", "1955-05", "00/05/1955"),
        DateRecord("birth", "", "circa 1955"),
    )
    assert entry.listed == "2012-02"  # the earliest of 2012-02 and 2012-02-28
    assert [(w.line, w.message) for w in result.warnings] == [
        (a, "kept the earliest of Listed On ['2012-02', '2012-02-28'] (group 12510)"),
        (b, "kept as text: bad DOB 'circa 1955' (group 12510)"),
    ]


def test_empty_name_row_is_skipped_with_a_warning(tmp_path):
    line = line_no("3MG,")
    path = edited(tmp_path, {line: {"Name 6": "  "}})
    result = parse_file(path)
    assert [(w.file, w.line, w.message) for w in result.warnings] == [
        ("edited.csv", line, "skipped: empty name (group 10657)")
    ]
    entry = {e.reference: e for e in result.entries}["10657"]
    assert entry.aliases == (NameRecord("MIZAN MACHINERY MANUFACTURING (3M)", "aka"),)
    assert len(result.entries) == 120


def test_row_without_group_id_and_short_rows_are_warnings(tmp_path):
    no_id = line_no("AACHI,")
    lines = list(LINES)
    short = line_no("7TH OF TIR,")
    lines[short - 1] = lines[short - 1].rsplit(b",", 1)[0]  # 28 columns
    lines[no_id - 1] = lines[no_id - 1].rsplit(b",", 1)[0] + b","  # empty Group ID
    result = parse_file(write(tmp_path, "short.csv", b"\n".join(lines)))
    assert [(w.line, w.message) for w in result.warnings] == [
        (short, "skipped: expected 29 columns, found 28"),
        (no_id, "skipped: no Group ID"),
    ]
    refs = {e.reference for e in result.entries}
    assert "8990" not in refs  # 7TH OF TIR's only row
    assert "12727" in refs  # AACHI's group has other rows
    assert len(result.entries) == 119


def test_group_without_prime_alias_uses_its_first_row(tmp_path):
    line = line_no("ABBAS,Fayssal,")
    result = parse_file(edited(tmp_path, {line: {"Alias Type": "AKA"}}))
    entry = {e.reference: e for e in result.entries}["12510"]
    assert entry.name == "Faysal ABBAS"
    assert entry.aliases == (NameRecord("Fayssal ABBAS", "aka"),)
    assert [(w.line, w.message) for w in result.warnings] == [
        (line - 1, "kept: no Prime Alias row, first row's name used (group 12510)")
    ]


def test_long_regime_code_is_cut_at_a_word(tmp_path):
    regime = "Global Human Rights sanctions regime, " * 4
    line = line_no("ABBASZADEH-MESHKINI,")
    result = parse_file(edited(tmp_path, {line: {"Regime": regime}}))
    entry = {e.reference: e for e in result.entries}["12174"]
    code = "Global Human Rights sanctions regime, Global Human Rights"
    assert entry.programmes == (ProgrammeRecord(code, regime.strip()),)
    assert len(code) <= 64
    assert [(w.line, w.message) for w in result.warnings] == [
        (line, f"kept: regime name cut to {len(code)} characters for its code: {code!r}")
    ]


# --------------------------------------------------------------------------- errors


def test_empty_file_raises(tmp_path):
    with pytest.raises(ParseError, match=r"^empty\.csv, line 1: empty file$"):
        parse_file(write(tmp_path, "empty.csv", b""))


def test_truncated_inside_a_quoted_field_raises(tmp_path):
    cut = RAW.index(b'"UN REF:QE.A.146.14') + 30
    path = write(tmp_path, "cut.csv", RAW[:cut])
    with pytest.raises(ParseError, match=r"^cut\.csv, line 5: truncated: .*quoted field"):
        parse_file(path)


def test_truncated_mid_row_raises(tmp_path):
    line = line_no("AACHI,")
    start = sum(len(x) + 1 for x in LINES[: line - 1])
    path = write(tmp_path, "cut.csv", RAW[: start + 40])  # 'AACHI,Ammar,,,,,...' cut
    with pytest.raises(
        ParseError, match=rf"^cut\.csv, line {line}: truncated: the file ends mid-row"
    ):
        parse_file(path)


def test_ofac_csv_raises(tmp_path):
    data = (DATA / "ofac" / "sdn-tiny" / "sdn.csv").read_bytes()
    with pytest.raises(ParseError, match=r"^sdn\.csv, line 1: not a UK ConList CSV \(header "):
        parse_file(write(tmp_path, "sdn.csv", data))


def test_un_xml_raises(tmp_path):
    data = (DATA / "un" / "un-consolidated-sample.xml").read_bytes()
    with pytest.raises(ParseError, match=r"^un\.xml, line 1: not a UK ConList CSV \(header "):
        parse_file(write(tmp_path, "un.xml", data))


def test_header_without_preamble_raises(tmp_path):
    data = RAW.split(b"\n", 1)[1]
    with pytest.raises(ParseError, match=r"^nopre\.csv, line 1: not a UK ConList CSV"):
        parse_file(write(tmp_path, "nopre.csv", data))


def test_wrong_header_raises(tmp_path):
    data = RAW.replace(b"Passport Details,", b"Passport,", 1)
    with pytest.raises(
        ParseError, match=r"^hdr\.csv, line 2: not a UK ConList CSV .*'Passport Details'"
    ):
        parse_file(write(tmp_path, "hdr.csv", data))


@pytest.mark.parametrize("byte", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_undefined_cp1252_byte_raises(tmp_path, byte):
    line = line_no("ABBAS,Ghassan,")
    start = sum(len(x) + 1 for x in LINES[: line - 1])
    data = RAW[: start + 3] + byte + RAW[start + 3 :]
    with pytest.raises(
        ParseError,
        match=rf"^bad\.csv, line {line}: byte 0x{byte.hex().upper()} is not Windows-1252 or UTF-8",
    ):
        parse_file(write(tmp_path, "bad.csv", data))


def test_mostly_wrong_rows_raise(tmp_path):
    lines = [*LINES[:2], *(x.rsplit(b",", 1)[0] for x in LINES[2:] if x)]
    with pytest.raises(
        ParseError, match=r"^cols\.csv, line 3: expected 29 columns, found 28 \(964 of 964"
    ):
        parse_file(write(tmp_path, "cols.csv", b"\n".join(lines) + b"\n"))


def test_quoted_newlines_keep_line_numbers_of_the_first_line(tmp_path):
    mizan, aachi = line_no("3MG,"), line_no("AACHI,")
    info = "UN Ref E.29.I.11.\r\nOwned or controlled by, or acts on behalf of SHIG.\nAIO."
    path = edited(
        tmp_path, {mizan: {"Other Information": info}, aachi: {"Name 6": "", "Name 1": " "}}
    )
    assert path.read_bytes().count(b"\n") == RAW.count(b"\n") + 2
    result = parse_file(path)
    # AACHI's row now starts two physical lines further down.
    assert [(w.line, w.message) for w in result.warnings] == [
        (aachi + 2, "skipped: empty name (group 12727)")
    ]
    entries = {e.reference: e for e in result.entries}
    assert entries["10657"].notes == (
        "UN Ref E.29.I.11. Owned or controlled by, or acts on behalf of SHIG. AIO."
    )
    # Group 13130 (AAYADH) starts on line 19 of the sample, below both edits.
    assert b"AAYADH," in LINES[18] and b"13130" in LINES[18]
    assert entries["13130"].line == 19 + 2
