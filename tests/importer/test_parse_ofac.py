"""The OFAC legacy-CSV parser, on the real sample files in tests/data/ofac (no database)."""

import csv
import io
import shutil
from pathlib import Path

import pytest

from importer.parsers.ofac import (
    Identifier,
    ParseError,
    RemarkDate,
    parse_folder,
    parse_remarks,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "ofac"
NDC = DATA / "ndc-excerpt"
TINY = DATA / "sdn-tiny"
NON_SDN = DATA / "non-sdn"

SDN_FILES = ("sdn.csv", "add.csv", "alt.csv")
NON_SDN_FILES = ("cons_prim.csv", "cons_add.csv", "cons_alt.csv")


def raw_row_count(path: Path) -> int:
    """Count data rows straight from the bytes, independently of the parser."""
    data = path.read_bytes().rstrip(b"\x1a\r\n")
    text = data.decode("ascii")
    return sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row)


def skipped(parsed, file_name: str) -> int:
    return sum(1 for w in parsed.warnings if w.file == file_name and w.message.startswith("skip"))


@pytest.mark.parametrize(
    ("folder", "kind", "files"),
    [(NDC, "sdn", SDN_FILES), (TINY, "sdn", SDN_FILES), (NON_SDN, "non-sdn", NON_SDN_FILES)],
    ids=["ndc-excerpt", "sdn-tiny", "non-sdn"],
)
def test_counts_equal_file_rows_minus_skipped(folder, kind, files):
    parsed = parse_folder(folder, kind=kind)
    prim, add, alt = files
    assert len(parsed.entries) == raw_row_count(folder / prim) - skipped(parsed, prim)
    assert parsed.address_count == raw_row_count(folder / add) - skipped(parsed, add)
    assert parsed.alias_count == raw_row_count(folder / alt) - skipped(parsed, alt)


def test_non_sdn_counts_match_sources_md():
    parsed = parse_folder(NON_SDN, kind="non-sdn")
    assert (len(parsed.entries), parsed.address_count, parsed.alias_count) == (442, 574, 1073)
    assert parsed.warnings == []
    assert set(parsed.files) == {
        "cons_prim.csv",
        "cons_add.csv",
        "cons_alt.csv",
        "cons_comments.csv",
    }


def test_ndc_excerpt():
    parsed = parse_folder(NDC, kind="sdn")
    assert parsed.warnings == []
    assert sorted(parsed.entries) == [50636, 52049, 52051, 52052, 52053]
    ndc = parsed.entries[52049]
    assert ndc.name == "NATIONAL DEVELOPMENT COMPLEX"
    assert ndc.type == "entity"
    assert list(ndc.programs) == ["NPWMD"]
    assert ndc.title == ndc.call_sign == ndc.vessel_flag == ""  # -0- becomes empty
    assert [a.name for a in parsed.aliases[52049]] == [
        "NATIONAL DEVELOPMENT CENTRE",
        "NATIONAL DEFENSE COMPLEX",
    ]
    assert {a.type for a in parsed.aliases[52049]} == {"aka"}
    remarks = ndc.parsed_remarks()
    assert remarks.weak_aliases == ("NDC",)
    assert Identifier("tax_id", "9010629", "Pakistan", "Tax ID No. 9010629 (Pakistan)") in (
        remarks.identifiers
    )
    addresses = parsed.addresses[52049]
    assert len(addresses) == 3
    assert {a.country for a in addresses} == {"Pakistan"}
    assert addresses[1].address == ""  # -0- in the address column
    assert addresses[1].city_state_postal == "Fateh Jang, Punjab, Rawalpindi"


def test_crlf_and_ctrl_z_are_handled():
    raw = (NDC / "add.csv").read_bytes()
    assert raw.endswith(b"\r\n\x1a") and b"\r\n" in raw  # the official form
    parsed = parse_folder(NDC, kind="sdn")
    last = parsed.addresses[52053][-1]
    assert last.remarks == ""  # no stray \x1a or \r in the last field
    assert last.line == 12
    for entry in parsed.entries.values():
        assert "\x1a" not in entry.remarks and "\r" not in entry.remarks
        assert entry.remarks.endswith(".")


def test_lf_endings_give_the_same_result(tmp_path):
    for name in SDN_FILES:
        data = (NDC / name).read_bytes().replace(b"\r\n", b"\n").rstrip(b"\x1a")
        (tmp_path / name).write_bytes(data)
    lf = parse_folder(tmp_path, kind="sdn")
    crlf = parse_folder(NDC, kind="sdn")
    assert lf.entries == crlf.entries
    assert lf.addresses == crlf.addresses
    assert lf.aliases == crlf.aliases


def test_sdn_tiny_orphans_become_warnings_with_line_numbers():
    parsed = parse_folder(TINY, kind="sdn")
    assert len(parsed.entries) == 17
    orphans = {(w.file, w.line) for w in parsed.warnings}
    assert orphans == {
        ("add.csv", 12),
        ("add.csv", 17),
        ("add.csv", 24),
        ("add.csv", 26),
        ("alt.csv", 1),
        ("alt.csv", 6),
        ("alt.csv", 10),
        ("alt.csv", 11),
        ("alt.csv", 15),
    }
    assert all("not in the list" in w.message for w in parsed.warnings)
    warning = next(w for w in parsed.warnings if (w.file, w.line) == ("add.csv", 12))
    assert "12562" in warning.message
    for ent_num, items in [*parsed.addresses.items(), *parsed.aliases.items()]:
        assert ent_num in parsed.entries
        assert all(i.ent_num == ent_num for i in items)


def test_programs_are_split():
    parsed = parse_folder(TINY, kind="sdn")
    assert parsed.entries[11195].programs == ("NPWMD", "IFSR", "IRAN-CON-ARMS-EO")
    assert parsed.entries[10278].type == "individual"
    assert parsed.entries[20540].type == "aircraft"
    vessel = parsed.entries[40716]
    assert vessel.type == "vessel"
    assert vessel.vessel_type == "Naval Auxiliary Vessel"
    assert vessel.vessel_flag == "Iran"


def test_comments_continuation_is_joined_without_a_space():
    parsed = parse_folder(TINY, kind="sdn")
    remarks = parsed.entries[33151].remarks
    # sdn.csv cuts a Bitcoin address at 1,000 characters; sdn_comments.csv starts "aa35MV..."
    assert "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi" in remarks
    assert remarks.endswith("a.k.a. 'SUCCESSFUL EXCHANGE'.")
    assert parse_remarks(remarks).weak_aliases == ("SUCCESSFUL EXCHANGE",)
    non_sdn = parse_folder(NON_SDN, kind="non-sdn")
    assert "Registration Number 1027700342890 (Russia)" in non_sdn.entries[17014].remarks


def test_empty_alias_and_bad_row_are_warnings(tmp_path):
    for name in SDN_FILES:
        shutil.copy(NDC / name, tmp_path / name)
    alt = (NDC / "alt.csv").read_bytes().rstrip(b"\x1a")
    alt += b'52049,99999,"aka",-0- ,-0- \r\n52049,99998,"aka"\r\n\x1a'
    (tmp_path / "alt.csv").write_bytes(alt)
    parsed = parse_folder(tmp_path, kind="sdn")
    assert [(w.file, w.line) for w in parsed.warnings] == [("alt.csv", 6), ("alt.csv", 7)]
    assert "empty alias" in parsed.warnings[0].message
    assert "columns" in parsed.warnings[1].message
    assert parsed.alias_count == 5


def test_empty_file_raises(tmp_path):
    for name in SDN_FILES:
        shutil.copy(NDC / name, tmp_path / name)
    (tmp_path / "add.csv").write_bytes(b"")
    with pytest.raises(ParseError) as exc:
        parse_folder(tmp_path, kind="sdn")
    message = str(exc.value)
    assert message == "add.csv, line 1: empty file"
    assert "\n" not in message


def test_truncated_file_raises(tmp_path):
    for name in SDN_FILES:
        shutil.copy(NDC / name, tmp_path / name)
    data = (NDC / "sdn.csv").read_bytes()
    cut = data.index(b"52052")  # fourth row
    (tmp_path / "sdn.csv").write_bytes(data[: cut + 40])  # cut mid-row, inside a quoted name
    with pytest.raises(ParseError) as exc:
        parse_folder(tmp_path, kind="sdn")
    assert str(exc.value).startswith("sdn.csv, line 4:")
    assert "\n" not in str(exc.value)


def test_truncated_between_fields_raises(tmp_path):
    for name in SDN_FILES:
        shutil.copy(NDC / name, tmp_path / name)
    data = (NDC / "add.csv").read_bytes()
    cut = data.index(b"52053,79531")  # last row
    (tmp_path / "add.csv").write_bytes(data[: cut + 20])  # '52053,79531,"Street ' -> open quote
    with pytest.raises(ParseError, match=r"^add\.csv, line 12: "):
        parse_folder(tmp_path, kind="sdn")
    (tmp_path / "add.csv").write_bytes(data[: cut + 12])  # '52053,79531,' : too few columns
    with pytest.raises(ParseError, match=r"^add\.csv, line 12: truncated"):
        parse_folder(tmp_path, kind="sdn")


def test_wrong_format_raises(tmp_path):
    for name in SDN_FILES:
        shutil.copy(NDC / name, tmp_path / name)
    shutil.copy(NDC / "add.csv", tmp_path / "sdn.csv")  # 6 columns where 12 are expected
    with pytest.raises(ParseError, match=r"^sdn\.csv, line 1: expected 12 columns, found 6"):
        parse_folder(tmp_path, kind="sdn")
    with pytest.raises(ParseError, match=r"^cons_prim\.csv: required file missing"):
        parse_folder(NDC, kind="non-sdn")


def test_non_ascii_raises(tmp_path):
    for name in SDN_FILES:
        shutil.copy(NDC / name, tmp_path / name)
    data = (NDC / "alt.csv").read_bytes().replace(b"ROCKSIDE", "ROCKSID\u00c9".encode("cp1252"))
    (tmp_path / "alt.csv").write_bytes(data)
    with pytest.raises(ParseError, match=r"^alt\.csv, line 5: byte 0xC9 is not ASCII"):
        parse_folder(tmp_path, kind="sdn")


# ----------------------------------------------------------------- parse_remarks


def test_remarks_individual_with_pob_passport_and_weak_alias():
    r = parse_remarks(
        "DOB 28 Jul 1963; POB Toledo District, Belize; Passport P0017003 (Belize); "
        "SSN 561-77-9011 (United States); a.k.a. 'BURTON BURGESS'."
    )
    assert r.dates == (RemarkDate("birth", "28 Jul 1963", "1963-07-28", "1963-07-28"),)
    assert r.places_of_birth == ("Toledo District, Belize",)
    assert [(i.kind, i.value, i.country) for i in r.identifiers] == [
        ("passport", "P0017003", "Belize")
    ]
    assert r.weak_aliases == ("BURTON BURGESS",)
    assert r.unparsed == ("SSN 561-77-9011 (United States)",)


def test_remarks_linked_to_keeps_abbreviation_dot():
    r = parse_remarks(
        "DOB 12 Oct 1972; POB Corozal, Belize; Passport 0291622 (Belize); "
        "Linked To: D'S SUPERMARKET COMPANY LTD."
    )
    assert r.linked_to == ("D'S SUPERMARKET COMPANY LTD.",)
    r = parse_remarks(
        "Additional Sanctions Information - Subject to Secondary Sanctions; "
        "UK Company Number 03632365; Linked To: MAHAN AIR."
    )
    assert r.linked_to == ("MAHAN AIR",)
    assert r.unparsed == (
        "Additional Sanctions Information - Subject to Secondary Sanctions",
        "UK Company Number 03632365",
    )


def test_remarks_national_id_registration_and_several_links():
    r = parse_remarks(
        "Additional Sanctions Information - Subject to Secondary Sanctions; National ID No. "
        "10100722073 (Iran); Registration Number 26740 (Iran); a.k.a. 'HESA'; a.k.a. 'HTC'; "
        "Linked To: MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS; "
        "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS."
    )
    assert [(i.kind, i.value, i.country) for i in r.identifiers] == [
        ("national_id", "10100722073", "Iran"),
        ("registration_number", "26740", "Iran"),
    ]
    assert r.weak_aliases == ("HESA", "HTC")
    assert r.linked_to == (
        "MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS",
        "ISLAMIC REVOLUTIONARY GUARD CORPS",
    )


def test_remarks_website_and_email():
    r = parse_remarks(
        "Website www.gicdf.org; Email Address info@gicdf.org; Registration ID "
        "CH-660.0.699.004-7 (Switzerland); Telephone No. (218) (0)214778301."
    )
    assert [(i.kind, i.value, i.country) for i in r.identifiers] == [
        ("website", "www.gicdf.org", ""),
        ("email", "info@gicdf.org", ""),
        ("registration_number", "CH-660.0.699.004-7", "Switzerland"),
    ]
    assert r.unparsed == ("Telephone No. (218) (0)214778301",)


def test_remarks_uscc_and_registration_number():
    r = parse_remarks(
        "Target Type State-Owned Enterprise; Registration Number 110000001661767 (China); "
        "Unified Social Credit Code (USCC) 91110102400000018P (China); a.k.a. 'RIAMB'; "
        "a.k.a. 'RAIMB'."
    )
    assert [(i.kind, i.value, i.country) for i in r.identifiers] == [
        ("registration_number", "110000001661767", "China"),
        ("uscc", "91110102400000018P", "China"),
    ]
    assert r.weak_aliases == ("RIAMB", "RAIMB")
    assert r.unparsed == ("Target Type State-Owned Enterprise",)


def test_remarks_established_date_and_tax_id():
    r = parse_remarks(
        "Organization Established Date 09 Nov 1995; Tax ID No. 0686371 (Pakistan); "
        "a.k.a. 'AKHTAR AND SONS'."
    )
    assert r.dates == (RemarkDate("established", "09 Nov 1995", "1995-11-09", "1995-11-09"),)
    assert r.identifiers[0].value == "0686371"  # leading zero kept


def test_remarks_imo():
    r = parse_remarks(
        "Additional Sanctions Information - Subject to Secondary Sanctions; Vessel Registration "
        "Identification IMO 9486910; a.k.a. 'MAKRAN'."
    )
    assert [(i.kind, i.value) for i in r.identifiers] == [("imo", "9486910")]
    r = parse_remarks(
        "Secondary sanctions risk: See Section 11 of Executive Order 14024.; Identification "
        "Number IMO 9339301; MMSI 636013272; Linked To: NS LEADER SHIPPING INCORPORATED."
    )
    assert [(i.kind, i.value) for i in r.identifiers] == [("imo", "9339301")]
    assert r.linked_to == ("NS LEADER SHIPPING INCORPORATED",)
    assert "Secondary sanctions risk: See Section 11 of Executive Order 14024." in r.unparsed


def test_remarks_nationality_citizen_alt_passports():
    r = parse_remarks(
        "DOB 17 Apr 1993; POB Russian Federation; nationality Russia; citizen Russia; Email "
        "Address khoroshev1@icloud.com; alt. Email Address sitedev5@yandex.ru; Gender Male; "
        "Passport 2018278055 (Russia); alt. Passport 2006801524 (Russia); Tax ID No. "
        "366110340670 (Russia); a.k.a. 'LOCKBITSUPP'."
    )
    assert r.nationalities == ("Russia",)
    assert r.citizenships == ("Russia",)
    assert r.places_of_birth == ("Russian Federation",)
    assert [(i.kind, i.value) for i in r.identifiers] == [
        ("email", "khoroshev1@icloud.com"),
        ("email", "sitedev5@yandex.ru"),
        ("passport", "2018278055"),
        ("passport", "2006801524"),
        ("tax_id", "366110340670"),
    ]
    assert r.weak_aliases == ("LOCKBITSUPP",)
    assert r.unparsed == ("Gender Male",)


def test_remarks_year_only_dob():
    r = parse_remarks("DOB 1962; POB Shati.")
    assert r.dates == (RemarkDate("birth", "1962", "1962", "1962"),)
    assert r.places_of_birth == ("Shati",)


@pytest.mark.parametrize(
    ("text", "start", "end", "approximate"),
    [
        ("DOB 27 Apr 1936.", "1936-04-27", "1936-04-27", False),
        ("DOB Apr 1936.", "1936-04", "1936-04", False),
        ("DOB circa 1950.", "1950", "1950", True),
        ("DOB 1960 to 1965.", "1960", "1965", False),
        ("DOB 01 Jan 1960 to 31 Dec 1965.", "1960-01-01", "1965-12-31", False),
        ("Organization Established Date 06 Apr 2018.", "2018-04-06", "2018-04-06", False),
        ("DOB sometime in the sixties.", None, None, False),
    ],
)
def test_remarks_date_forms(text, start, end, approximate):
    (date,) = parse_remarks(text).dates
    assert (date.start, date.end, date.approximate) == (start, end, approximate)
    assert text.endswith(date.text + ".")


def test_remarks_on_every_sample_never_fail():
    for folder, kind in [(NDC, "sdn"), (TINY, "sdn"), (NON_SDN, "non-sdn")]:
        for entry in parse_folder(folder, kind=kind).entries.values():
            r = entry.parsed_remarks()
            for date in r.dates:
                assert date.start is not None, (entry.ent_num, date)
            for ident in r.identifiers:
                assert ident.value, (entry.ent_num, ident)


def test_comments_file_is_optional_and_may_be_empty(tmp_path):
    for name in SDN_FILES:
        shutil.copy(NDC / name, tmp_path / name)
    assert not (NDC / "sdn_comments.csv").exists()  # the excerpt ships without one
    (tmp_path / "sdn_comments.csv").write_bytes(b"\x1a")
    parsed = parse_folder(tmp_path, kind="sdn")
    assert len(parsed.entries) == 5
    assert parsed.warnings == []
