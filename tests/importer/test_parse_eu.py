"""The EU FSF XML 1.1 parser, on the two real excerpts in tests/data/eu (no database), and on
small files written here for what the excerpts do not show.

Counts come from the files themselves (``grep -c``), not from the parser.
"""

import hashlib
import re
from pathlib import Path

import pytest

from importer.parsers.eu import NAMESPACE, PROGRAMMES, ParseError, parse_file
from importer.parsers.eu.reading import stream_entities
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    NameRecord,
    ParseWarning,
    ProgrammeRecord,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "eu"
EXCERPT_A = DATA / "eu-fsf-1_1-20260805-excerpt-a.xml"
EXCERPT_B = DATA / "eu-fsf-1_1-20260805-excerpt-b.xml"


@pytest.fixture(scope="module")
def parsed_a():
    return parse_file(EXCERPT_A)


@pytest.fixture(scope="module")
def parsed_b():
    return parse_file(EXCERPT_B)


@pytest.fixture(scope="module")
def by_ref(parsed_a, parsed_b):
    entries = {e.reference: e for e in parsed_a.entries}
    entries.update({e.reference: e for e in parsed_b.entries})
    return entries


def count(path: Path, tag: str) -> int:
    return len(re.findall(rf"<{tag}[\s>]", path.read_text(encoding="utf-8")))


def test_counts_match_the_files(parsed_a, parsed_b):
    assert count(EXCERPT_A, "sanctionEntity") == 5  # 4 real entities and the synthetic one
    assert [e.reference for e in parsed_a.entries] == ["13", "191", "980", "330"]
    assert [e.reference for e in parsed_b.entries] == ["191", "521", "3822", "6106", "6177"]
    # One regulation per entity in these excerpts, each a programme.
    assert count(EXCERPT_A, "regulation") == 4 == sum(len(e.programmes) for e in parsed_a.entries)
    assert count(EXCERPT_B, "regulation") == 5 == sum(len(e.programmes) for e in parsed_b.entries)
    # Every nameAlias but each entity's primary name is an alias (no repeats in the files).
    assert count(EXCERPT_A, "nameAlias") == 23
    assert sum(len(e.aliases) for e in parsed_a.entries) == 19
    assert count(EXCERPT_B, "nameAlias") == 45
    assert sum(len(e.aliases) for e in parsed_b.entries) == 40
    assert sum(len(e.addresses) for e in parsed_a.entries) == count(EXCERPT_A, "address") == 13
    assert sum(len(e.addresses) for e in parsed_b.entries) == count(EXCERPT_B, "address") == 8
    # 8 birthdate elements; 521 gives the same circa range twice (two places): one date.
    assert count(EXCERPT_B, "birthdate") == 8
    assert sum(len(e.dates) for e in parsed_b.entries) == 7


def test_source_date_and_hash(parsed_a):
    assert parsed_a.source == "eu-fsf"
    assert parsed_a.list_date.isoformat() == "2026-08-05"
    assert parsed_a.files == {EXCERPT_A.name: hashlib.sha256(EXCERPT_A.read_bytes()).hexdigest()}


def test_the_synthetic_entity_without_names_is_skipped_with_a_warning(parsed_a, parsed_b):
    assert parsed_a.warnings == [
        ParseWarning(EXCERPT_A.name, 181, "skipped: no nameAlias with a name (entity 999999)")
    ]
    assert parsed_b.warnings == []


def test_entry_lines_are_their_start_tags(parsed_a, parsed_b):
    for path, parsed in ((EXCERPT_A, parsed_a), (EXCERPT_B, parsed_b)):
        lines = path.read_text(encoding="utf-8").split("\n")
        for entry in parsed.entries:
            assert f'logicalId="{entry.reference}">' in lines[entry.line - 1]


def test_reference_is_the_logical_id_and_the_eu_and_un_references_are_identifiers(by_ref):
    dorda = by_ref["6106"]
    refs = [i for i in dorda.identifiers if i.scheme == "list_reference"]
    assert refs == [
        IdentifierRecord("list_reference", "EU.3886.3", label="EU reference number"),
        IdentifierRecord("list_reference", "LYi.006", label="UN reference number"),
    ]
    assert [i.value for i in by_ref["13"].identifiers] == ["EU.27.28"]


def test_subject_types_are_entity_kinds(by_ref):
    kinds = {ref: e.kind for ref, e in by_ref.items()}
    assert kinds == {
        "13": "person",
        "191": "person",
        "521": "person",
        "6106": "person",
        "6177": "person",
        "980": "organization",
        "330": "organization",
        "3822": "organization",
    }


def test_primary_names(by_ref):
    assert by_ref["13"].name == "Saddam Hussein Al-Tikriti"
    # Structured names win over translations listed first (FR aliases come first for 191).
    assert by_ref["191"].name == "Khalid Sheikh MOHAMMED"
    # Without structured names: the first Latin name in English, not the Arabic or Irish one.
    assert by_ref["6177"].name == "Ibrahim Hassan Al Asiri"
    assert by_ref["3822"].name == "Parchin Chemical Industries (PCI)"


def test_names_in_other_scripts_keep_their_language_and_script(by_ref):
    persian = [a for a in by_ref["3822"].aliases if a.script]
    assert persian == [NameRecord("صنایع شیمیایی پارچین", script="Arab", language="fa")]
    cyrillic = [a for a in by_ref["330"].aliases if a.script]
    assert cyrillic == [
        NameRecord("Организация за подпомагане на Ulema, Пакистан", script="Cyrl", language="bg")
    ]
    arabic = [a for a in by_ref["6177"].aliases if a.script == "Arab"]
    assert [(a.language, a.weak) for a in arabic] == [("ar", False), ("ar", False)]
    # Latin translations keep their language too; double spaces are collapsed.
    assert NameRecord("Tionscail Ceimiceán Parchin", language="ga") in by_ref["3822"].aliases


def test_low_quality_aliases_are_weak_and_quality_remarks_are_not_notes(by_ref):
    weak = [a.name for a in by_ref["6177"].aliases if a.weak]
    assert weak == ["Abu-Salaah", "Abosslah", "Abu Saleh"]
    assert "quality" not in by_ref["6177"].notes
    assert "quality" not in by_ref["6106"].notes


def test_gender_titles_and_functions_are_notes(by_ref):
    assert "Gender: male" in by_ref["191"].notes.split("\n")
    notes = by_ref["521"].notes.split("\n")
    assert "Gender" not in by_ref["521"].notes  # no gender given
    assert "Title: Maulavi" in notes
    assert "Function: Minister of Water and Electricity under the Taliban regime" in notes


def test_birth_dates_keep_their_precision(by_ref):
    assert by_ref["13"].dates == (DateRecord("birth", "1937-04-28"),)
    assert by_ref["191"].dates == (
        DateRecord("birth", "1965-04-14"),
        DateRecord("birth", "1964-03-01"),
    )
    circa = [d for d in by_ref["521"].dates if d.approximate]
    assert circa == [DateRecord("birth", "1953/1958", "circa between 1953 and 1958", True)]


def test_islamic_calendar_date_is_the_gregorian_one_with_the_hijri_words(by_ref):
    islamic = [d for d in by_ref["6177"].dates if "calendar" in d.text]
    assert islamic == [DateRecord("birth", "1982-04-19", "24/6/1402 (islamic calendar)")]


def test_places_of_birth_skip_placeholders(by_ref):
    assert "Place of birth: al-Awja, near Tikrit, IRAQ" in by_ref["13"].notes
    # city="-" and the PAKISTAN of both of 191's birth dates: one note.
    assert by_ref["191"].notes.count("Place of birth: PAKISTAN") == 1
    # countryIso2Code="00"/UNKNOWN is no country.
    assert "Place of birth: Alrhaybat" in by_ref["6106"].notes.split("\n")


def test_citizenships_and_address_countries(by_ref):
    assert by_ref["13"].countries == (CountryRecord("IQ", "citizenship"),)
    assert by_ref["6177"].countries == (
        CountryRecord("SA", "citizenship"),
        CountryRecord("YE", "located_in"),
    )
    assert by_ref["3822"].countries == (CountryRecord("IR", "located_in"),)


def test_addresses_with_po_box_and_contacts(by_ref):
    first = by_ref["3822"].addresses[0]
    assert first == AddressRecord(
        street="Pasdaran Square, P.O. Box 16765/358",
        city="Tehran",
        country="IR",
        full="Pasdaran Square, P.O. Box 16765/358, Tehran, IRAN (ISLAMIC REPUBLIC OF)",
    )
    assert IdentifierRecord("website", "http://icig.ir/", label="web") in by_ref["3822"].identifiers
    assert "Phone: +98 21 2258929; +98 21 35243153; +98 21 3130626" in by_ref["3822"].notes
    assert "Fax: 662 38 14" in by_ref["330"].notes.split("\n")
    # An address with a country and a remark only.
    assert by_ref["6106"].addresses == (AddressRecord(country="LY", full="LIBYA"),)
    assert "Address LIBYA: Libya (Believed status/location: residing in Egypt)" in (
        by_ref["6106"].notes
    )


def test_identifications_map_to_identifier_schemes(by_ref):
    assert by_ref["191"].identifiers[0] == IdentifierRecord(
        "passport", "488555", "", "National passport"
    )
    assert by_ref["6106"].identifiers[0] == IdentifierRecord(
        "passport",
        "FK117RK0",
        "LY",
        "National passport; issued in Tripoli; issued 2018-11-25; valid to 2026-11-24",
    )
    card, passport = by_ref["6177"].identifiers[:2]
    assert (card.scheme, card.value, card.country) == ("national_id", "1028745097", "SA")
    assert (passport.scheme, passport.value) == ("passport", "F654645")
    assert passport.label.startswith("National passport; known expired; issued 2005-04-30")
    reg = by_ref["3822"].identifiers[0]
    assert (reg.scheme, reg.value) == ("registration_number", "892")


def test_regulations_are_programmes_and_their_acts_notes(by_ref):
    # An amendment is the act behind this listing, not what the regime rests on: a note.
    assert by_ref["191"].programmes == (ProgrammeRecord("TERR", PROGRAMMES["TERR"]),)
    assert (
        "Legal act (TERR): Council amendment 2025/206 (L 202500206), published 2025-01-31, "
        "in force 2025-02-01: https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_202500206"
    ) in by_ref["191"].notes.split("\n")
    libya = by_ref["6106"].programmes[0]
    assert (libya.code, libya.name, libya.legal_basis) == ("LBY", "Libya", "")
    assert "&toc=OJ%3AL%3A2022%3A235%3ATOC" in by_ref["6106"].notes  # &amp; read as &
    # A regulation (not an amendment) is the programme's legal basis too.
    assert by_ref["13"].programmes == (
        ProgrammeRecord(
            code="IRQ",
            name="Iraq",
            legal_basis=(
                "Commission regulation 1210/2003 (OJ L169), published 2003-07-08, "
                "in force 2003-07-07"
            ),
            url=(
                "http://eur-lex.europa.eu/LexUriServ/LexUriServ.do"
                "?uri=OJ:L:2003:169:0006:0023:EN:PDF"
            ),
        ),
    )
    every = [e for e in by_ref.values() if "Legal act (" in e.notes]
    assert len(every) == len(by_ref) == 8


def test_listing_dates_and_designation_details(by_ref):
    assert by_ref["13"].listed == ""  # no designationDate on this entity
    assert by_ref["330"].listed == "2001-10-06"
    assert "Designation details: UN designation:24/03/2007 (no longer valid)" in (
        by_ref["3822"].notes
    )
    assert by_ref["13"].notes.startswith("UNSC RESOLUTION 1483")


def test_entity_191_is_the_same_in_both_files(parsed_a, parsed_b):
    a = next(e for e in parsed_a.entries if e.reference == "191")
    b = next(e for e in parsed_b.entries if e.reference == "191")
    assert a.digest() == b.digest()


# Files written here: what the excerpts do not show --------------------------------------

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<export xmlns="{NAMESPACE}" generationDate="2026-09-01T10:00:00.000+02:00">\n'
)
REG = (
    '<regulation regulationType="regulation" organisationType="council" '
    'publicationDate="2014-07-31" numberTitle="833/2014 (OJ L229)" programme="RUS">'
    "<publicationUrl>https://eur-lex.europa.eu/x</publicationUrl></regulation>"
)


def write(tmp_path: Path, body: str, head: str = HEAD, tail: str = "</export>\n") -> Path:
    path = tmp_path / "fsf.xml"
    path.write_text(head + body + tail, encoding="utf-8")
    return path


def entity(ref: str, children: str, subject: str = "person") -> str:
    return (
        f'<sanctionEntity euReferenceNumber="EU.1.{ref}" logicalId="{ref}">{REG}'
        f'<subjectType code="{subject}" classificationCode="P"/>'
        f'<nameAlias wholeName="Name {ref}" strong="true" nameLanguage=""/>{children}'
        "</sanctionEntity>\n"
    )


def test_every_identification_type_and_flag(tmp_path):
    docs = "".join(
        f'<identification number="N{i}" identificationTypeCode="{code}" '
        f'identificationTypeDescription="{code} doc" countryIso2Code="DE" '
        f'countryDescription="GERMANY" knownFalse="{"true" if i == 0 else "false"}" '
        f'reportedLost="true" revokedByIssuer="true" diplomatic="true" '
        f'issuedBy="Ministry" nameOnDocument="N. N." latinNumber="L{i}"/>'
        for i, code in enumerate(
            ["fiscalcode", "swiftbic", "imo", "id", "regnumber", "drivinglicence"]
        )
    )
    entry = parse_file(write(tmp_path, entity("1", docs))).entries[0]
    schemes = [i.scheme for i in entry.identifiers if i.scheme != "list_reference"]
    assert schemes == [
        "tax_id",
        "swift_bic",
        "imo_number",
        "national_id",
        "registration_number",
        "other",
    ]
    assert entry.identifiers[0].label == (
        "fiscalcode doc; diplomatic; known false; reported lost; revoked by issuer; "
        "issued by Ministry; name on document: N. N.; Latin number: L0"
    )
    assert entry.identifiers[0].country == "DE"


def test_partial_birth_dates_and_women(tmp_path):
    children = (
        '<nameAlias wholeName="Maria X" gender="F" title="Dr" nameLanguage="EN" strong="true"/>'
        '<birthdate circa="false" year="1971"/>'
        '<birthdate circa="false" monthOfYear="4" year="1978"/>'
        '<birthdate circa="true" year="1960"/>'
        '<birthdate circa="false" calendarType="ISLAMIC" year="1380"/>'
        '<birthdate circa="false" birthdate="1978-02-30"/>'
        '<birthdate city="Minsk" countryIso2Code="BY" countryDescription="BELARUS"/>'
    )
    parsed = parse_file(write(tmp_path, entity("2", children)))
    entry = parsed.entries[0]
    assert entry.dates == (
        DateRecord("birth", "1971"),
        DateRecord("birth", "1978-04"),
        DateRecord("birth", "1960", "circa 1960", True),
        DateRecord("birth", "", "1380, 1380 (islamic calendar)"),
        DateRecord("birth", "", "1978-02-30"),
    )
    assert "Gender: female" in entry.notes and "Title: Dr" in entry.notes
    assert "Place of birth: Minsk, BELARUS" in entry.notes
    messages = [w.message for w in parsed.warnings]
    assert messages == [
        "kept as words: unparsable birth date '1380' (islamic) (entity 2)",
        "kept as words: unparsable birth date '1978-02-30' (gregorian) (entity 2)",
    ]


def test_enterprise_dates_are_establishment_and_emails_identifiers(tmp_path):
    children = (
        '<birthdate year="1999"/>'
        '<address street="Main St 1" city="Minsk" countryIso2Code="BY" asAtListingTime="true">'
        '<contactInfo key="EMAIL" value="info@example.by"/>'
        '<contactInfo key="MOBILE" value="+375 1"/></address>'
        '<citizenship countryIso2Code="XX" countryDescription="Atlantis"/>'
    )
    parsed = parse_file(write(tmp_path, entity("3", children, subject="enterprise")))
    entry = parsed.entries[0]
    assert entry.kind == "organization"
    assert entry.dates == (DateRecord("established", "1999"),)
    assert IdentifierRecord("email", "info@example.by", label="email") in entry.identifiers
    assert "Mobile: +375 1" in entry.notes
    assert entry.addresses[0].full == "Main St 1, Minsk (as at the time of listing)"
    assert "Citizenship: Atlantis" in entry.notes
    assert [w.message for w in parsed.warnings] == [
        "kept as words: unrecognised citizenship country 'XX' (entity 3)"
    ]


def test_signature_of_another_namespace_and_comments_are_ignored(tmp_path):
    tail = (
        '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature>\n'
        "</export>\n"
    )
    parsed = parse_file(write(tmp_path, "<!-- x -->" + entity("4", ""), tail=tail))
    assert [e.reference for e in parsed.entries] == ["4"]


def test_a_copy_without_the_namespace_is_read(tmp_path):
    head = '<?xml version="1.0"?>\n<export generationDate="2026-09-01T10:00:00">\n'
    parsed = parse_file(write(tmp_path, entity("5", ""), head=head))
    assert [e.reference for e in parsed.entries] == ["5"]


def test_several_regulations_are_several_programmes(tmp_path):
    two = entity("6", "").replace(REG, REG + REG.replace('"RUS"', '"BLR"'))
    entry = parse_file(write(tmp_path, two)).entries[0]
    assert [p.code for p in entry.programmes] == ["RUS", "BLR"]
    assert [p.url for p in entry.programmes] == ["https://eur-lex.europa.eu/x"] * 2
    assert (
        entry.programmes[0].legal_basis
        == "Council regulation 833/2014 (OJ L229), published 2014-07-31"
    )


def test_bad_entities_are_warnings(tmp_path):
    body = (
        entity("7", "")
        + entity("7", "")
        + entity("8", "").replace('logicalId="8"', "")
        + entity("9", "", subject="vessel").replace('"P"', '"V"')
        + entity("10", "").replace(REG, "")
    )
    parsed = parse_file(write(tmp_path, body))
    assert [e.reference for e in parsed.entries] == ["7", "9", "10"]
    assert [w.message for w in parsed.warnings] == [
        "skipped: duplicate logicalId 7 (first at line 3) (entity 7)",
        "skipped: sanctionEntity without logicalId (euReferenceNumber 'EU.1.8')",
        "kept as an organization: unknown subjectType 'vessel' (entity 9)",
        "kept without designation: no regulation with a programme (entity 10)",
    ]


def test_the_stream_keeps_one_entity_at_a_time(tmp_path):
    """The root never holds a handed-over entity: memory does not grow with the file."""
    path = write(tmp_path, "".join(entity(str(i), "") for i in range(2000)))
    root: list = []
    sizes = [len(root[0]) for _ in stream_entities(path.name, path.read_bytes(), root)]
    assert len(sizes) == 2000 and max(sizes) == 0


# Damaged files ---------------------------------------------------------------------------


def expect_error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_file(path)
    return info.value


def test_truncated_file(tmp_path):
    data = EXCERPT_B.read_bytes()
    cut = data[: len(data) // 2]
    path = tmp_path / "cut.xml"
    path.write_bytes(cut)
    err = expect_error(path)
    assert err.line == cut.count(b"\n") + 1
    assert str(err).startswith(f"cut.xml, line {err.line}: malformed XML: ")
    assert "truncated" in err.message


def test_wrong_root(tmp_path):
    path = write(
        tmp_path,
        "<x/>",
        head='<?xml version="1.0"?>\n<CONSOLIDATED_LIST>\n',
        tail="</CONSOLIDATED_LIST>",
    )
    assert str(expect_error(path)) == (
        "fsf.xml, line 2: not an EU FSF file (root element is CONSOLIDATED_LIST, not export)"
    )


def test_export_of_another_namespace_is_refused(tmp_path):
    head = '<?xml version="1.0"?>\n<export xmlns="urn:other">\n'
    err = expect_error(write(tmp_path, "", head=head))
    assert err.line == 2
    assert "root element is {urn:other}export, not export" in err.message


def test_not_xml_and_empty(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Id,Name\n1,X\n", encoding="utf-8")
    assert "not an XML file" in expect_error(path).message
    path.write_text("  \n", encoding="utf-8")
    assert expect_error(path).message == "empty file"


def test_no_entities_is_refused(tmp_path):
    assert expect_error(write(tmp_path, "")).message == "no sanctionEntity in the file"


def test_malformed_xml_gives_the_line(tmp_path):
    text = EXCERPT_B.read_text(encoding="utf-8").replace("</regulation>", "</regulatio>", 2)
    path = tmp_path / "broken.xml"
    path.write_text(text, encoding="utf-8")
    err = expect_error(path)
    assert err.line == 6  # the first regulation's end tag
    assert "malformed XML: mismatched tag" in err.message


def test_billion_laughs_is_refused(tmp_path):
    head = (
        '<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;">]>\n'
        f'<export xmlns="{NAMESPACE}">\n'
    )
    err = expect_error(write(tmp_path, entity("1", ""), head=head))
    assert "entity declarations are not allowed" in err.message


def test_external_entity_is_refused(tmp_path):
    head = (
        '<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f'<export xmlns="{NAMESPACE}">\n'
    )
    err = expect_error(write(tmp_path, entity("1", ""), head=head))
    assert "external entities are not allowed" in err.message


def test_wrong_encoding_is_named(tmp_path):
    data = EXCERPT_B.read_text(encoding="utf-8").encode("cp1252", errors="replace")
    path = tmp_path / "latin.xml"
    path.write_bytes(data)
    assert "is not valid utf-8" in expect_error(path).message


def test_programme_without_an_act_reads_as_before():
    """Lists that give no act keep the digests of their earlier runs (no re-import churn)."""
    assert repr(ProgrammeRecord("SDGT", "x")) == "ProgrammeRecord(code='SDGT', name='x')"
    assert "legal_basis='A'" in repr(ProgrammeRecord("SDGT", "x", legal_basis="A"))
