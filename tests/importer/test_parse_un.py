"""The UN consolidated-list parser, on the real sample in tests/data/un (no database).

Expected values are taken from the file itself, with plain regular expressions that do not
share code with the parser, so that a parser bug cannot agree with itself.
"""

import collections
import datetime as dt
import hashlib
import re
import time
from pathlib import Path

import pytest

from importer.parsers.un import PROGRAMMES, ParseError, detect_script, parse_file
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    LinkRecord,
    NameRecord,
    ParseWarning,
    ProgrammeRecord,
)

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "un" / "un-consolidated-sample.xml"
SAMPLE_NAME = SAMPLE.name
TEXT = SAMPLE.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


@pytest.fixture(scope="module")
def parsed():
    return parse_file(SAMPLE)


@pytest.fixture(scope="module")
def by_ref(parsed):
    return {e.reference: e for e in parsed.entries}


def line_of(text: str, marker: str, start: int = 0) -> int:
    """1-based line of the first ``marker`` at or after ``start``."""
    return text[: text.index(marker, start)].count("\n") + 1


def entry_line(reference: str) -> int:
    """Line of the INDIVIDUAL/ENTITY start tag whose REFERENCE_NUMBER is ``reference``."""
    ref_pos = TEXT.index(f"<REFERENCE_NUMBER>{reference}")
    start = max(TEXT.rfind("<INDIVIDUAL>", 0, ref_pos), TEXT.rfind("<ENTITY>", 0, ref_pos))
    return TEXT[:start].count("\n") + 1


# --------------------------------------------------------------------------- the sample


def test_counts_match_the_file(parsed):
    individuals = len(re.findall(r"<INDIVIDUAL>", TEXT))
    entities = len(re.findall(r"<ENTITY>", TEXT))
    assert (individuals, entities) == (31, 16)
    assert len(parsed.entries) == individuals + entities == 47
    kinds = collections.Counter(e.kind for e in parsed.entries)
    assert kinds == {"person": individuals, "organization": entities}


def test_source_date_and_hash(parsed):
    assert parsed.source == "un-sc"
    assert parsed.list_date == dt.date(2026, 2, 27)
    assert parsed.files == {SAMPLE_NAME: hashlib.sha256(SAMPLE.read_bytes()).hexdigest()}
    assert parsed.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


def test_entries_in_file_order(parsed):
    in_file = [r.strip() for r in re.findall(r"<REFERENCE_NUMBER>([^<]*)<", TEXT)]
    assert [e.reference for e in parsed.entries] == in_file
    assert in_file[0] == "CDi.001" and in_file[-1] == "QDe.154"


def test_every_entry_line_is_its_start_tag(parsed):
    for entry in parsed.entries:
        assert entry.line == entry_line(entry.reference), entry.reference
        tag = "<INDIVIDUAL>" if entry.kind == "person" else "<ENTITY>"
        assert LINES[entry.line - 1].strip() == tag


def test_entity_line_checked_by_hand(by_ref):
    # QDe.129 starts at line 2328 of the sample (the <ENTITY> line, 5 above its reference).
    assert by_ref["QDe.129"].line == 2328
    assert LINES[2327].strip() == "<ENTITY>"
    assert LINES[2332].strip() == "<REFERENCE_NUMBER>QDe.129</REFERENCE_NUMBER>"


def test_warnings_are_exactly_the_empty_alias_placeholders(parsed):
    expected = []
    for m in re.finditer(r"<(INDIVIDUAL|ENTITY)_ALIAS>\s*<QUALITY />\s*<ALIAS_NAME />", TEXT):
        ref = re.findall(r"<REFERENCE_NUMBER>([^<]*)<", TEXT[: m.start()])[-1].strip()
        line = TEXT[: m.start()].count("\n") + 1
        expected.append(ParseWarning(SAMPLE_NAME, line, f"skipped: empty alias ({ref})"))
    assert len(expected) == 10
    assert parsed.warnings == expected
    assert expected[0] == ParseWarning(SAMPLE_NAME, 23, "skipped: empty alias (CDi.001)")
    assert all(a.name for e in parsed.entries for a in e.aliases)


def test_alias_counts_match_the_file(parsed):
    """Good/a.k.a. strong, Low weak, f.k.a. fka; "; " separates several names in one alias."""
    expected = collections.Counter()
    for quality, name in re.findall(
        r"<QUALITY>([^<]*)</QUALITY>\s*<ALIAS_NAME>([^<]*)</ALIAS_NAME>", TEXT
    ):
        key = {
            "Good": ("aka", False),
            "a.k.a.": ("aka", False),
            "Low": ("aka", True),
            "f.k.a.": ("fka", False),
        }[quality]
        expected[key] += len([p for p in name.split(";") if p.strip()])
    expected[("native_script", False)] = len(re.findall(r"<NAME_ORIGINAL_SCRIPT>", TEXT))
    found = collections.Counter((a.kind, a.weak) for e in parsed.entries for a in e.aliases)
    assert found == expected
    assert found == {
        ("aka", False): 119,
        ("aka", True): 23,
        ("native_script", False): 18,
        ("fka", False): 4,
    }


def test_names(by_ref):
    assert by_ref["CFi.001"].name == "FRANÇOIS YANGOUVONDA BOZIZÉ"
    assert by_ref["IQi.002"].name == "QUSAY SADDAM HUSSEIN AL-TIKRITI"  # four parts
    assert by_ref["QDi.184"].name == "MUHSIN FADHIL AYED ASHOUR AL-FADHLI"
    assert by_ref["TAi.103"].name == "SHAMSUDDIN"  # first name only
    assert by_ref["QDe.129"].name == "AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)"
    assert by_ref["QDe.129"].kind == "organization"


def test_reference_with_trailing_space_is_stripped(by_ref):
    # The file writes <REFERENCE_NUMBER>KPe.051 </REFERENCE_NUMBER>.
    assert "<REFERENCE_NUMBER>KPe.051 </REFERENCE_NUMBER>" in TEXT
    assert by_ref["KPe.051"].reference == "KPe.051"


# --------------------------------------------------------------------------- dates


def test_between_becomes_a_range(by_ref):
    assert by_ref["CDi.030"].dates == (
        DateRecord(kind="birth", date="1973/1974", text="BETWEEN 1973 AND 1974"),
    )


def test_approximately_is_approximate(by_ref):
    assert by_ref["IQi.004"].dates == (
        DateRecord(kind="birth", date="1957", text="APPROXIMATELY 1957", approximate=True),
    )
    assert by_ref["TAi.021"].dates == (
        DateRecord(kind="birth", date="1953", text="APPROXIMATELY 1953", approximate=True),
        DateRecord(kind="birth", date="1960", text="APPROXIMATELY 1960", approximate=True),
    )


def test_exact_dates_and_years(by_ref):
    assert by_ref["CDi.001"].dates == (DateRecord("birth", "1971", "1971"),)
    assert by_ref["CDi.006"].dates == (DateRecord("birth", "1978-04-28", "1978-04-28"),)
    assert [d.date for d in by_ref["CFi.002"].dates] == [
        "1970",
        "1969",
        "1971",
        "1970-01-01",
        "1971-01-01",
    ]


def test_empty_date_placeholders_are_skipped(by_ref):
    # CDi.007 has only <TYPE_OF_DATE />.
    assert by_ref["CDi.007"].dates == ()
    assert by_ref["QDe.129"].dates == ()


def test_listed_on(by_ref):
    assert by_ref["CDi.001"].listed == "2012-12-31"
    assert by_ref["QDe.154"].listed == "2017-07-20"


# --------------------------------------------------------------------------- names


def test_good_aliases_strong_low_aliases_weak(by_ref):
    assert by_ref["CDi.030"].aliases == (
        NameRecord("Bosco Ntaganda"),
        NameRecord("Bosco Ntagenda"),
        NameRecord("General Taganda"),
        NameRecord("Lydia", weak=True),
        NameRecord("Terminator", weak=True),
        NameRecord("Tango Romeo", weak=True),
        NameRecord("Romeo", weak=True),
        NameRecord("Major", weak=True),
    )


def test_entity_aka_and_fka(by_ref):
    assert by_ref["CDe.001"].aliases == (
        NameRecord("Allied Democratic Forces"),
        NameRecord(
            "Forces Démocratiques Alliées-Armée Nationale de Libération de l\u2019Ouganda",
            kind="fka",
        ),
        NameRecord("ADF/NALU", kind="fka"),
        NameRecord("NALU", kind="fka"),
    )


def test_arabic_original_script_is_a_native_script_alias(by_ref):
    assert by_ref["IQi.001"].aliases == (
        NameRecord("صدام حسين التكريتي", kind="native_script", script="Arab"),
        NameRecord("Abu Ali", weak=True),
    )
    assert by_ref["QDe.154"].aliases[0] == NameRecord(
        "سلسلة الذهب للصرافة", kind="native_script", script="Arab"
    )


def test_cyrillic_original_script(by_ref):
    assert by_ref["QDi.365"].aliases[0] == NameRecord(
        "Ахмед Ражапович Чатаев", kind="native_script", script="Cyrl"
    )


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("صدام حسين", "Arab"),
        ("الله داد متین", "Arab"),  # Persian letters are Arabic script
        ("Ахмед Чатаев", "Cyrl"),
        ("金正恩", "Hani"),
        ("김정은", "Hang"),
        ("Αλέξης", "Grek"),
        ("דוד", "Hebr"),
        ("สมชาย", "Thai"),
        ("राम", "Deva"),
        ("やまだ 太郎", "Jpan"),
        ("Bozizé", "Latn"),
        ("123 - ()", ""),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_one_alias_element_with_several_names_is_split(by_ref):
    aliases = by_ref["IRi.039"].aliases
    assert [a.name for a in aliases if not a.weak] == [
        "Qasim Soleimani",
        "Qasem Sulaimani",
        "Qasim Sulaimani",
        "Qasim Sulaymani",
        "Qasem Sulaymani",
        "Kasim Soleimani",
        "Kasim Sulaimani",
        "Kasim Sulaymani",
    ]
    assert [a.name for a in aliases if a.weak] == ["Haj Qasem", "Haji Qassem", "Sardar Soleimani"]


def test_quotes_around_an_alias_are_dropped(by_ref):
    assert '<ALIAS_NAME>"KOMID"</ALIAS_NAME>' in TEXT
    assert NameRecord("KOMID") in by_ref["KPe.001"].aliases


# --------------------------------------------------------------------------- countries, addresses


def test_nationalities_and_address_countries(by_ref):
    assert by_ref["CFi.001"].countries == (
        CountryRecord("CF", "nationality"),
        CountryRecord("SS", "nationality"),
        CountryRecord("UG", "located_in"),
        CountryRecord("CF", "located_in"),
    )
    assert by_ref["KPi.056"].countries == (CountryRecord("KP", "nationality"),)
    assert by_ref["QDi.365"].countries == (
        CountryRecord("RU", "nationality"),
        CountryRecord("SY", "located_in"),
        CountryRecord("IQ", "located_in"),
    )


def test_addresses(by_ref):
    assert by_ref["CFi.001"].addresses == (
        AddressRecord(country="UG", full="Uganda"),
        AddressRecord(
            city="Bangui",
            country="CF",
            full="Bangui, Central African Republic (since his return from Uganda in December 2019)",
        ),
    )
    assert by_ref["QDe.091"].addresses[0] == AddressRecord(
        street="9935 South 76th Avenue, Unit 1, Bridgeview",
        city="Illinois",
        postal_code="60455",
        country="US",
        full=(
            "9935 South 76th Avenue, Unit 1, Bridgeview, Illinois, 60455, United States of America"
        ),
    )
    assert by_ref["QDi.184"].addresses == (
        AddressRecord(
            street="Block Four, Street 13, House #179",
            city="Kuwait City",
            region="Al-Riqqa area",
            country="KW",
            full="Block Four, Street 13, House #179, Kuwait City, Al-Riqqa area, Kuwait",
        ),
    )


def test_address_without_country_and_note_only_address(by_ref):
    assert by_ref["CFi.012"].addresses[-1] == AddressRecord(
        city="Ndélé, Bamingui-Bangoran",
        full="Ndélé, Bamingui-Bangoran (main location since August 2016)",
    )
    assert by_ref["QDe.005"].addresses[2] == AddressRecord(
        full=(
            "Office Dha\u2019rbi-M\u2019unin, Opposite Khyber Bank, Abbottabad Road, "
            "Mansehra, Pakistan"
        )
    )


def test_empty_address_placeholders_are_skipped(by_ref):
    assert by_ref["IQi.001"].addresses == ()
    assert by_ref["QDe.129"].addresses == ()
    assert by_ref["QDe.129"].countries == ()


# --------------------------------------------------------------------------- identifiers


def test_passport_with_issuing_country(by_ref):
    assert by_ref["GBi.004"].identifiers == (
        IdentifierRecord(
            "passport",
            "AAISO40158",
            "GW",
            "Passport; issued 2012-10-12; Expiration date 2 Oct. 2015",
        ),
        IdentifierRecord("list_reference", "GBi.004", "", "UN reference number"),
    )


def test_national_id_and_number_with_words(by_ref):
    assert by_ref["CFi.012"].identifiers == (
        IdentifierRecord(
            "passport",
            "D00000897",
            "",
            "Passport; CAR diplomatic passport; issued 2013-04-05; valid until 4 April 2018",
        ),
        IdentifierRecord(
            "passport",
            "D00004262",
            "",
            "Passport; CAR diplomatic passport; issued 2014-03-11; expires on 10 March 2019",
        ),
        IdentifierRecord(
            "national_id",
            "103-00653129-22",
            "TD",
            "National Identification Number; national identity card no.; issued 2009-04-21; "
            "expires on 21 April 2019",
        ),
        IdentifierRecord("list_reference", "CFi.012", "", "UN reference number"),
    )


def test_number_is_stripped_and_country_of_issue_used(by_ref):
    assert by_ref["CFi.002"].identifiers[2] == IdentifierRecord(
        "national_id", "20227088368", "SD", "National Identification Number"
    )
    assert by_ref["IRi.039"].identifiers[0] == IdentifierRecord(
        "passport", "008827", "IR", "Passport"
    )


def test_every_entry_has_its_list_reference(parsed):
    for entry in parsed.entries:
        refs = [i for i in entry.identifiers if i.scheme == "list_reference"]
        assert refs == [
            IdentifierRecord("list_reference", entry.reference, "", "UN reference number")
        ]


def test_empty_document_placeholders_are_skipped(by_ref):
    assert [i.scheme for i in by_ref["CDi.001"].identifiers] == ["list_reference"]


# --------------------------------------------------------------------------- programmes, notes


def test_programmes(by_ref, parsed):
    assert by_ref["QDi.006"].programmes == (
        ProgrammeRecord(
            "Al-Qaida",
            "ISIL (Da'esh) and Al-Qaida sanctions "
            "(resolution 1267 (1999), 1989 (2011) and 2253 (2015))",
        ),
    )
    assert by_ref["TAi.021"].programmes == (
        ProgrammeRecord("Taliban", "Taliban sanctions (resolution 1988 (2011))"),
    )
    assert by_ref["GBi.004"].programmes == (
        ProgrammeRecord("GB", "Guinea-Bissau sanctions (resolution 2048 (2012))"),
    )
    assert by_ref["KPe.001"].programmes[0].name == (
        "Democratic People's Republic of Korea sanctions (resolution 1718 (2006))"
    )
    codes = set(re.findall(r"<UN_LIST_TYPE>([^<]*)<", TEXT))
    assert codes == {p.programmes[0].code for p in parsed.entries}
    for entry in parsed.entries:
        (programme,) = entry.programmes
        assert programme.name == PROGRAMMES[programme.code.casefold()]


def test_notes(by_ref):
    assert by_ref["KPi.056"].notes == (
        "Designation: Jang Song Chol is a Korea Mining Development Corporation (KOMID) "
        "representative overseas"
    )
    assert by_ref["IQi.005"].notes == "Place of birth: al-Awja, near Tikrit, Iraq"
    notes = by_ref["CDi.006"].notes.split("\n")
    assert notes[0].startswith(
        "Appointed General in the FARDC in December 2004. Handed over by the Government"
    )
    assert "  " not in notes[0]
    assert notes[1:] == [
        "Place of birth: Mambasa, Ituri Province, Democratic Republic of the Congo"
    ]
    assert by_ref["TAi.103"].notes.split("\n")[1:] == [
        "Title: Maulavi; Qari",
        "Designation: Governor of Wardak (Maidan) Province under the Taliban regime",
        "Place of birth: Keshim District, Badakhshan Province, Afghanistan",
    ]


def test_links_from_comments(by_ref):
    sentence = (
        "Associated with Jaish-i-Mohammed (QDe.019), Lashkar i Jhangvi (LJ) (QDe.096) and "
        "Lashkar-e-Tayyiba (QDe.118)."
    )
    assert by_ref["QDe.008"].links == (
        LinkRecord("QDe.019", "reference", "associate_of", sentence),
        LinkRecord("QDe.096", "reference", "associate_of", sentence),
        LinkRecord("QDe.118", "reference", "associate_of", sentence),
    )
    assert by_ref["QDe.015"].links == (
        LinkRecord(
            "QDe.004",
            "reference",
            "linked_to",
            "Wafa was a component of Al-Qaida (QDe.004) in 2001.",
        ),
    )


def test_no_link_to_itself_or_to_a_merged_former_entry(by_ref):
    # QDe.005 cites itself and QDe.073, an old entry consolidated into it.
    assert [link.target for link in by_ref["QDe.005"].links] == ["QDe.019"]


def test_digest_is_stable(by_ref):
    again = {e.reference: e for e in parse_file(SAMPLE).entries}
    assert {r: e.digest() for r, e in by_ref.items()} == {r: e.digest() for r, e in again.items()}


def test_fast_enough(tmp_path):
    """About 1,000 entries (the size of the real list) well within a few seconds."""
    ind = re.search(r"    <INDIVIDUAL>.*</INDIVIDUAL>\n", TEXT, re.S).group(0)
    ent = re.search(r"    <ENTITY>.*</ENTITY>\n", TEXT, re.S).group(0)

    def copies(block: str) -> str:
        return "".join(
            re.sub(r"<REFERENCE_NUMBER>(\w\w)", rf"<REFERENCE_NUMBER>\g<1>{k}", block)
            for k in range(22)
        )

    big = tmp_path / "big.xml"
    big.write_text(TEXT.replace(ind, copies(ind)).replace(ent, copies(ent)), encoding="utf-8")
    start = time.perf_counter()
    result = parse_file(big)
    elapsed = time.perf_counter() - start
    assert len(result.entries) == 47 * 22
    assert elapsed < 3.0


# --------------------------------------------------------------------------- bad files


def expect_error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_file(path)
    err = info.value
    assert str(err).startswith(path.name)
    assert "\n" not in str(err)
    return err


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z">
<INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>
</CONSOLIDATED_LIST>
"""


def test_billion_laughs_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    err = expect_error(path)
    assert err.line == 3
    assert "entity declarations are not allowed" in err.message
    assert str(err).startswith("bomb.xml, line 3: ")


def test_external_entity_is_refused_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE CONSOLIDATED_LIST [\n  <!ENTITY x SYSTEM "file://{secret}">\n]>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>'
        "<FIRST_NAME>&x;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    err = expect_error(path)
    assert err.line == 3
    assert err.message.startswith("external entities are not allowed")
    assert f"file://{secret}" in err.message
    assert "TOPSECRET" not in str(err)


def test_truncated_file(tmp_path):
    data = SAMPLE.read_bytes()
    cut = data[: len(data) // 2]
    path = tmp_path / "cut.xml"
    path.write_bytes(cut)
    err = expect_error(path)
    assert err.line == cut.count(b"\n") + 1 == 1263
    assert "truncated" in err.message


def test_truncated_in_the_middle_of_a_character(tmp_path):
    data = SAMPLE.read_bytes()
    arabic = data.index("صدام".encode())
    cut = data[: arabic + 1]  # half of a two-byte letter
    path = tmp_path / "cut.xml"
    path.write_bytes(cut)
    err = expect_error(path)
    assert err.line == cut.count(b"\n") + 1
    assert "truncated" in err.message


def test_malformed_xml_gives_the_line(tmp_path):
    text = TEXT.replace("<SECOND_NAME>KATANGA</SECOND_NAME>", "<SECOND_NAME>KATANGA</SECOND>")
    path = tmp_path / "broken.xml"
    path.write_text(text, encoding="utf-8")
    err = expect_error(path)
    assert err.line == line_of(TEXT, "<SECOND_NAME>KATANGA") == 46
    assert err.message.startswith("malformed XML: mismatched tag")


@pytest.mark.parametrize("content", [b"", b"  \n\n"], ids=["empty", "blank"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "un.xml"
    path.write_bytes(content)
    err = expect_error(path)
    assert str(err) == "un.xml: empty file"


def test_wrong_root(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<ArrayOfFinancialSanctionsTarget>\n'
        "<FinancialSanctionsTarget/>\n</ArrayOfFinancialSanctionsTarget>\n",
        encoding="utf-8",
    )
    err = expect_error(path)
    assert str(err) == (
        "other.xml, line 2: not a UN consolidated list "
        "(root element is ArrayOfFinancialSanctionsTarget)"
    )


def test_ofac_csv_is_not_xml(tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_bytes(
        b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        b'173,"ANGLO-CARIBBEAN CO., LTD.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    )
    err = expect_error(path)
    assert err.line == 1
    assert err.message.startswith("not an XML file")


def test_cp1252_bytes_in_a_utf8_file(tmp_path):
    data = TEXT.encode("cp1252", errors="replace")
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    first_bad = next(
        i
        for i, line in enumerate(TEXT.split("\n"), 1)
        if any(b >= 0x80 for b in line.encode("cp1252", errors="replace"))
    )
    path = tmp_path / "cp1252.xml"
    path.write_bytes(data)
    err = expect_error(path)
    assert err.line == first_bad == 51
    assert "not valid utf-8" in err.message
    assert "0x92" in err.message  # cp1252 for the right single quote (U+2019)


def test_list_without_entries_is_refused(tmp_path):
    path = tmp_path / "un.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z">\n'
        "<INDIVIDUALS />\n<ENTITIES />\n</CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    err = expect_error(path)
    assert "no INDIVIDUAL or ENTITY entries" in err.message


# --------------------------------------------------------------------------- bad entries


def write_list(tmp_path: Path, individuals: str = "", entities: str = "") -> tuple[Path, str]:
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-01-15T10:00:00Z">\n'
        f"<INDIVIDUALS>\n{individuals}</INDIVIDUALS>\n"
        f"<ENTITIES>\n{entities}</ENTITIES>\n"
        "</CONSOLIDATED_LIST>\n"
    )
    path = tmp_path / "un.xml"
    path.write_text(text, encoding="utf-8")
    return path, text


def individual(dataid: str, ref: str | None, first: str = "JOHN", body: str = "") -> str:
    reference = f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>\n" if ref is not None else ""
    return (
        f"<INDIVIDUAL>\n<DATAID>{dataid}</DATAID>\n<FIRST_NAME>{first}</FIRST_NAME>\n"
        f"<SECOND_NAME>DOE</SECOND_NAME>\n<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>\n"
        f"{reference}<LISTED_ON>2020-01-02</LISTED_ON>\n{body}</INDIVIDUAL>\n"
    )


def test_missing_reference_skips_the_entry(tmp_path):
    path, text = write_list(
        tmp_path,
        individual("1", "QDi.901") + individual("2", None) + individual("3", "QDi.903"),
    )
    result = parse_file(path)
    assert [e.reference for e in result.entries] == ["QDi.901", "QDi.903"]
    assert result.list_date == dt.date(2026, 1, 15)
    line = line_of(text, "<INDIVIDUAL>\n<DATAID>2<")
    assert result.warnings == [
        ParseWarning("un.xml", line, "skipped: entry without REFERENCE_NUMBER (DATAID 2)")
    ]


def test_duplicate_reference_and_nameless_entry_are_skipped(tmp_path):
    path, text = write_list(
        tmp_path,
        individual("1", "QDi.901") + individual("2", "QDi.901", first="JANE"),
    )
    result = parse_file(path)
    assert [(e.reference, e.name) for e in result.entries] == [("QDi.901", "JOHN DOE")]
    first = line_of(text, "<INDIVIDUAL>\n<DATAID>1<")
    assert result.warnings == [
        ParseWarning(
            "un.xml",
            line_of(text, "<INDIVIDUAL>\n<DATAID>2<"),
            f"skipped: duplicate REFERENCE_NUMBER QDi.901 (first at line {first})",
        ),
    ]
    path, text = write_list(
        tmp_path,
        individual("1", "QDi.901") + "<INDIVIDUAL>\n<DATAID>3</DATAID>\n"
        "<REFERENCE_NUMBER>QDi.903</REFERENCE_NUMBER>\n</INDIVIDUAL>\n",
    )
    result = parse_file(path)
    assert [e.reference for e in result.entries] == ["QDi.901"]
    assert result.warnings == [
        ParseWarning(
            "un.xml",
            line_of(text, "<INDIVIDUAL>\n<DATAID>3<"),
            "skipped: entry QDi.903 has no name (DATAID 3)",
        )
    ]


def test_dates_variants(tmp_path):
    body = (
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>"
        "<DATE>1961-00-00</DATE></INDIVIDUAL_DATE_OF_BIRTH>\n"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>"
        "<DATE>1962</DATE></INDIVIDUAL_DATE_OF_BIRTH>\n"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>"
        "<DATE>circa 1950</DATE></INDIVIDUAL_DATE_OF_BIRTH>\n"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
        "<FROM_YEAR>1960</FROM_YEAR><TO_YEAR /></INDIVIDUAL_DATE_OF_BIRTH>\n"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
        "<FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1965</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>\n"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE /></INDIVIDUAL_DATE_OF_BIRTH>\n"
    )
    path, text = write_list(tmp_path, individual("1", "QDi.901", body=body))
    result = parse_file(path)
    (entry,) = result.entries
    assert entry.dates == (
        DateRecord("birth", "1961", "1961-00-00"),
        DateRecord("birth", "1962", "1962"),
        DateRecord("birth", "", "circa 1950"),
        DateRecord("birth", "", "BETWEEN 1960 AND "),
        DateRecord("birth", "1960/1965", "BETWEEN 1960 AND 1965"),
    )
    assert result.warnings == [
        ParseWarning(
            "un.xml",
            line_of(
                text, "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>circa"
            ),
            "kept as words: unparsable date of birth 'circa 1950' (QDi.901)",
        ),
        ParseWarning(
            "un.xml",
            line_of(text, "<FROM_YEAR>1960</FROM_YEAR><TO_YEAR />"),
            "kept as words: unparsable date of birth 'BETWEEN 1960 AND ' (QDi.901)",
        ),
    ]


def test_unknown_country_programme_and_listing_date(tmp_path):
    body = (
        "<NATIONALITY><VALUE>Atlantis</VALUE><VALUE>Chad</VALUE></NATIONALITY>\n"
        "<INDIVIDUAL_ADDRESS><CITY>Eldorado</CITY><COUNTRY>Atlantis</COUNTRY>"
        "</INDIVIDUAL_ADDRESS>\n"
    )
    entry_xml = individual("1", "XXi.001", body=body)
    entry_xml = entry_xml.replace("Al-Qaida", "Narnia").replace("2020-01-02", "2020-13-45")
    path, text = write_list(tmp_path, entry_xml)
    result = parse_file(path)
    (entry,) = result.entries
    assert entry.programmes == (ProgrammeRecord("Narnia", "Narnia"),)
    assert entry.listed == ""
    assert entry.countries == (CountryRecord("TD", "nationality"),)
    assert entry.addresses == (AddressRecord(city="Eldorado", full="Eldorado, Atlantis"),)
    assert entry.notes == "Nationality: Atlantis"
    start = line_of(text, "<INDIVIDUAL>")
    assert result.warnings == [
        ParseWarning(
            "un.xml", start, "kept: unknown UN_LIST_TYPE 'Narnia', named by its code (XXi.001)"
        ),
        ParseWarning(
            "un.xml",
            start,
            "kept without listing date: unparsable LISTED_ON '2020-13-45' (XXi.001)",
        ),
        ParseWarning(
            "un.xml",
            line_of(text, "<NATIONALITY>"),
            "kept as words: unrecognised nationality country 'Atlantis' (XXi.001)",
        ),
        ParseWarning(
            "un.xml",
            line_of(text, "<INDIVIDUAL_ADDRESS>"),
            "kept as words: unrecognised address country 'Atlantis' (XXi.001)",
        ),
    ]


def test_alias_edge_cases(tmp_path):
    body = (
        "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>John  Doe</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS>\n"
        "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME /></INDIVIDUAL_ALIAS>\n"
        "<INDIVIDUAL_ALIAS><QUALITY /><ALIAS_NAME>Johnny</ALIAS_NAME></INDIVIDUAL_ALIAS>\n"
        "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Johnny</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS>\n"
    )
    path, text = write_list(tmp_path, individual("1", "QDi.901", body=body))
    result = parse_file(path)
    (entry,) = result.entries
    # The primary name is not repeated as an alias; the second "Johnny" is a repeat too.
    assert entry.aliases == (NameRecord("Johnny"),)
    assert result.warnings == [
        ParseWarning(
            "un.xml",
            line_of(text, "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME />"),
            "skipped: empty alias (QDi.901)",
        ),
        ParseWarning(
            "un.xml",
            line_of(text, "<INDIVIDUAL_ALIAS><QUALITY />"),
            "kept as a.k.a.: alias 'Johnny' has no QUALITY (QDi.901)",
        ),
    ]


def test_uk_conlist_given_as_the_un_list_is_not_xml_before_any_encoding_complaint():
    """Regression: the UK file (Windows-1252) was reported as a UTF-8 encoding error."""
    uk = Path(__file__).resolve().parent.parent / "data" / "uk" / "conlist-sample.csv"
    err = expect_error(uk)
    assert str(err) == (
        "conlist-sample.csv, line 1: not an XML file (it starts with "
        "'Last Updated,13/04/2018,,,,,,,,,,,,,,,,,'); un-sc takes the UN list's XML"
    )
