"""What the Non-SDN excerpt does not show but the SDN advanced file has: vessels, names in
other scripts, approximate ranges of years, document dates, flags and call signs, IMO
numbers, other relationship types; in a small file written for the test in the newer
(Sanctions List Service) namespace."""

# ruff: noqa: E501 (the test file's XML is written one element a line, as OFAC writes it)

from pathlib import Path

import pytest

from importer.parsers.ofac_advanced import NAMESPACES, ParseError, parse_file
from importer.records import CountryRecord, IdentifierRecord, LinkRecord, NameRecord

REFS = """
  <ReferenceValueSets>
    <AliasTypeValues><AliasType ID="1400">A.K.A.</AliasType><AliasType ID="1403">Name</AliasType>
    </AliasTypeValues>
    <CountryValues><Country ID="11171" ISO2="RU">Russia</Country>
      <Country ID="11119" ISO2="KP">Korea, North</Country></CountryValues>
    <DocNameStatusValues><DocNameStatus ID="1">Primary Latin</DocNameStatus>
      <DocNameStatus ID="2">Others</DocNameStatus></DocNameStatusValues>
    <FeatureTypeValues>
      <FeatureType ID="8">Birthdate</FeatureType><FeatureType ID="3">Vessel Flag</FeatureType>
      <FeatureType ID="4">Vessel Call Sign</FeatureType>
      <FeatureType ID="5">Nationality Country</FeatureType>
      <FeatureType ID="6">Vessel Type</FeatureType>
    </FeatureTypeValues>
    <IDRegDocDateTypeValues><IDRegDocDateType ID="1480">Issue Date</IDRegDocDateType>
    </IDRegDocDateTypeValues>
    <IDRegDocTypeValues><IDRegDocType ID="1571">Passport</IDRegDocType>
      <IDRegDocType ID="1626">Vessel Registration Identification</IDRegDocType>
    </IDRegDocTypeValues>
    <ListValues><List ID="1550">SDN List</List></ListValues>
    <LocPartTypeValues><LocPartType ID="1">Unknown</LocPartType></LocPartTypeValues>
    <NamePartTypeValues><NamePartType ID="1520">Last Name</NamePartType>
      <NamePartType ID="1521">First Name</NamePartType>
      <NamePartType ID="1526">Vessel Name</NamePartType></NamePartTypeValues>
    <PartySubTypeValues><PartySubType ID="1" PartyTypeID="4">Vessel</PartySubType>
      <PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>
    <PartyTypeValues><PartyType ID="1">Individual</PartyType>
      <PartyType ID="4">Transport</PartyType></PartyTypeValues>
    <RelationTypeValues><RelationType ID="1555">Associate Of</RelationType></RelationTypeValues>
    <SanctionsTypeValues><SanctionsType ID="1">Program</SanctionsType>
      <SanctionsType ID="1705">Block</SanctionsType></SanctionsTypeValues>
    <ScriptValues><Script ID="215" ScriptCode="Latin">Latin</Script>
      <Script ID="220" ScriptCode="Cyrillic">Cyrillic</Script></ScriptValues>
    <ValidityValues><Validity ID="1">Valid</Validity></ValidityValues>
  </ReferenceValueSets>"""


def _year(tag: str, year: int, month: int, day: int) -> str:
    return f"<{tag}><Year>{year}</Year><Month>{month}</Month><Day>{day}</Day></{tag}>"


BODY = f"""
  <Locations><Location ID="1"><LocationCountry CountryID="11119" /></Location>
    <Location ID="2"><LocationPart LocPartTypeID="1"><LocationPartValue Primary="true">
      <Value>Russia</Value></LocationPartValue></LocationPart></Location></Locations>
  <IDRegDocuments>
    <IDRegDocument ID="10" IDRegDocTypeID="1626" IdentityID="100"><IDRegistrationNo>IMO 8910378</IDRegistrationNo></IDRegDocument>
    <IDRegDocument ID="11" IDRegDocTypeID="1571" IdentityID="200" IssuedBy-CountryID="11171" ValidityID="1">
      <IDRegistrationNo>722024533</IDRegistrationNo>
      <DocumentDate IDRegDocDateTypeID="1480"><DatePeriod>
        <Start>{_year("From", 2012, 5, 1)}{_year("To", 2012, 5, 1)}</Start>
        <End>{_year("From", 2012, 5, 1)}{_year("To", 2012, 5, 1)}</End></DatePeriod></DocumentDate>
    </IDRegDocument>
  </IDRegDocuments>
  <DistinctParties>
    <DistinctParty FixedRef="15036"><Profile ID="15036" PartySubTypeID="1">
      <Identity ID="100" Primary="true">
        <Alias AliasTypeID="1403" Primary="true"><DocumentedName DocNameStatusID="1">
          <DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">CHONG CHON GANG</NamePartValue></DocumentedNamePart>
        </DocumentedName></Alias>
        <NamePartGroups><MasterNamePartGroup><NamePartGroup ID="1" NamePartTypeID="1526" /></MasterNamePartGroup></NamePartGroups>
      </Identity>
      <Feature FeatureTypeID="3"><FeatureVersion><VersionLocation LocationID="1" /></FeatureVersion></Feature>
      <Feature FeatureTypeID="4"><FeatureVersion><VersionDetail>HMZF</VersionDetail></FeatureVersion></Feature>
      <Feature FeatureTypeID="6"><FeatureVersion><VersionDetail>General Cargo</VersionDetail></FeatureVersion></Feature>
    </Profile></DistinctParty>
    <DistinctParty FixedRef="20001"><Profile ID="20001" PartySubTypeID="4">
      <Identity ID="200" Primary="true">
        <Alias AliasTypeID="1403" Primary="true">
          <DocumentedName DocNameStatusID="1">
            <DocumentedNamePart><NamePartValue NamePartGroupID="2" ScriptID="215">IVANOV</NamePartValue></DocumentedNamePart>
            <DocumentedNamePart><NamePartValue NamePartGroupID="3" ScriptID="215">Ivan</NamePartValue></DocumentedNamePart>
          </DocumentedName>
          <DocumentedName DocNameStatusID="2">
            <DocumentedNamePart><NamePartValue NamePartGroupID="2" ScriptID="220">ИВАНОВ</NamePartValue></DocumentedNamePart>
            <DocumentedNamePart><NamePartValue NamePartGroupID="3" ScriptID="220">Иван</NamePartValue></DocumentedNamePart>
          </DocumentedName>
        </Alias>
        <Alias AliasTypeID="1400" Primary="false" LowQuality="true"><DocumentedName DocNameStatusID="2">
          <DocumentedNamePart><NamePartValue NamePartGroupID="4" ScriptID="220">Ванька</NamePartValue></DocumentedNamePart>
        </DocumentedName></Alias>
        <NamePartGroups>
          <MasterNamePartGroup><NamePartGroup ID="2" NamePartTypeID="1520" /></MasterNamePartGroup>
          <MasterNamePartGroup><NamePartGroup ID="3" NamePartTypeID="1521" /></MasterNamePartGroup>
          <MasterNamePartGroup><NamePartGroup ID="4" NamePartTypeID="1521" /></MasterNamePartGroup>
        </NamePartGroups>
      </Identity>
      <Feature FeatureTypeID="8"><FeatureVersion><DatePeriod>
        <Start Approximate="true">{_year("From", 1960, 1, 1)}{_year("To", 1960, 12, 31)}</Start>
        <End Approximate="true">{_year("From", 1965, 1, 1)}{_year("To", 1965, 12, 31)}</End>
      </DatePeriod></FeatureVersion></Feature>
      <Feature FeatureTypeID="5"><FeatureVersion><VersionLocation LocationID="2" /></FeatureVersion></Feature>
    </Profile></DistinctParty>
  </DistinctParties>
  <ProfileRelationships>
    <ProfileRelationship ID="7" From-ProfileID="20001" To-ProfileID="15036" RelationTypeID="1555" Former="true" />
  </ProfileRelationships>
  <SanctionsEntries>
    <SanctionsEntry ID="1" ProfileID="15036" ListID="1550">
      <EntryEvent>{_year("Date", 2014, 7, 30)}</EntryEvent>
      <SanctionsMeasure SanctionsTypeID="1705" /><SanctionsMeasure SanctionsTypeID="1"><Comment>DPRK3</Comment></SanctionsMeasure>
    </SanctionsEntry>
    <SanctionsEntry ID="2" ProfileID="20001" ListID="1550">
      <EntryEvent>{_year("Date", 2022, 2, 24)}</EntryEvent>
      <SanctionsMeasure SanctionsTypeID="1"><Comment>RUSSIA-EO14024</Comment></SanctionsMeasure>
    </SanctionsEntry>
  </SanctionsEntries>"""


def _file(tmp_path: Path, body: str = BODY) -> Path:
    path = tmp_path / "SDN_ADVANCED.XML"
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<Sanctions xmlns="{NAMESPACES[1]}">\n'
        f"{_year('DateOfIssue', 2026, 11, 30)}{REFS}{body}\n</Sanctions>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def by_ref(tmp_path):
    parsed = parse_file(_file(tmp_path))
    assert parsed.warnings == []
    assert parsed.list_date.isoformat() == "2026-11-30"
    return {e.reference: e for e in parsed.entries}


def test_vessel_flag_call_sign_imo_and_type(by_ref):
    vessel = by_ref["15036"]
    assert (vessel.kind, vessel.name) == ("vessel", "CHONG CHON GANG")
    assert vessel.countries == (CountryRecord("KP", "flag"),)
    assert IdentifierRecord("imo_number", "8910378", "", "Vessel Registration Identification") in (
        vessel.identifiers
    )
    assert IdentifierRecord("call_sign", "HMZF", "", "Vessel Call Sign") in vessel.identifiers
    assert "Vessel Type: General Cargo" in vessel.notes.splitlines()
    assert [(p.code, vessel.listed) for p in vessel.programmes] == [("DPRK3", "2014-07-30")]
    assert "Measures: Block" in vessel.notes.splitlines()


def test_names_in_another_script_keep_it(by_ref):
    person = by_ref["20001"]
    assert (person.kind, person.name) == ("person", "IVANOV, Ivan")
    assert person.aliases == (
        NameRecord("ИВАНОВ, Иван", kind="native_script", script="Cyrl"),
        NameRecord("Ванька", kind="aka", weak=True, script="Cyrl"),
    )


def test_approximate_range_of_years_and_document_dates(by_ref):
    person = by_ref["20001"]
    (birth,) = person.dates
    assert (birth.date, birth.approximate, birth.text) == ("1960/1965", True, "circa 1960/1965")
    assert IdentifierRecord("passport", "722024533", "RU", "Passport; Issue Date 2012-05-01") in (
        person.identifiers
    )
    assert CountryRecord("RU", "nationality") in person.countries


def test_a_former_association(by_ref):
    (link,) = by_ref["20001"].links
    assert link == LinkRecord(
        target="15036",
        by="reference",
        kind="associate_of",
        text="formerly: IVANOV, Ivan Associate Of CHONG CHON GANG",
    )


def test_a_name_part_of_no_group_is_an_error(tmp_path):
    damaged = BODY.replace('NamePartGroupID="4"', 'NamePartGroupID="9"')
    with pytest.raises(ParseError, match=r"entry 20001: NamePartGroupID '9' is not among"):
        parse_file(_file(tmp_path, damaged))


def test_an_impossible_date_is_an_error(tmp_path):
    damaged = BODY.replace(
        "<Year>2014</Year><Month>7</Month><Day>30</Day>",
        "<Year>2014</Year><Month>2</Month><Day>30</Day>",
    )
    with pytest.raises(ParseError, match=r"EntryEvent date: 2014-2-30 is not a date"):
        parse_file(_file(tmp_path, damaged))


def test_a_name_without_its_optional_status_is_read(tmp_path):
    lenient = BODY.replace('<DocumentedName DocNameStatusID="1">', "<DocumentedName>")
    entries = {e.reference: e for e in parse_file(_file(tmp_path, lenient)).entries}
    assert (entries["15036"].name, entries["20001"].name) == ("CHONG CHON GANG", "IVANOV, Ivan")
