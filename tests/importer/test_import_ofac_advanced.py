"""Importing OFAC's advanced XML: counts, citations, the date precision kept, relationships,
idempotence, dry runs and the damaged-list guards."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from entities.models import Designation, Entity, Identifier, Relationship
from importer.models import ImportStatus, ListEntryState
from importer.records import ParseError
from importer.services import ImportRefused, import_list
from tests.importer.conftest import OFAC_ADVANCED, db_checksum

pytestmark = pytest.mark.django_db
SOURCE = "ofac-advanced"


def entity_of(reference: str) -> Entity:
    return ListEntryState.objects.get(source=SOURCE, reference=reference).entity


def test_counts_of_the_excerpt():
    run = import_list(SOURCE, OFAC_ADVANCED).run
    assert (run.status, run.entries, run.added, run.linked, run.warnings) == (
        ImportStatus.APPLIED,
        70,
        70,
        0,
        0,
    )
    assert run.list_date == dt.date(2020, 3, 17)
    assert Entity.objects.filter(list_entries__source=SOURCE).count() == 70
    # One designation per programme of a party: 77 over the 70 parties.
    designations = Designation.objects.filter(body__code="US-OFAC")
    assert designations.count() == 77
    assert Relationship.objects.filter(kind="owns").count() == 33
    assert Identifier.objects.filter(scheme="passport").count() == 3
    assert Identifier.objects.filter(scheme="list_reference", label="OFAC ent_num").count() == 70


def test_fixed_ref_date_precision_and_listing_date():
    import_list(SOURCE, OFAC_ADVANCED)
    haniya = entity_of("9639")
    assert (haniya.kind, haniya.name) == ("person", "HANIYA, Ismail Abdul Salah")
    birth = haniya.dates.get()
    assert (birth.date.precision, birth.date.iso) == ("year", "1962")
    designation = haniya.designations.get()
    assert (designation.programme.code, designation.reference) == ("NS-PLC", "9639")
    assert (designation.listed.precision, designation.listed.iso) == ("day", "2006-04-12")


def test_owner_owns_its_subsidiaries():
    import_list(SOURCE, OFAC_ADVANCED)
    veb = entity_of("17015")
    owned = set(veb.relationships_out.filter(kind="owns").values_list("object__name", flat=True))
    assert len(owned) == 14
    assert "EXIMBANK OF RUSSIA" in owned


def test_every_record_cites_the_list_file():
    result = import_list(SOURCE, OFAC_ADVANCED)
    source = result.run.list_source
    assert source.sha256 == result.run.sha256
    assert source.published.iso == "2020-03-17"
    assert set(result.run.files) == {OFAC_ADVANCED.name}
    veb = entity_of("17015")
    for record in [veb, *veb.aliases.all(), *veb.identifiers.all(), *veb.addresses.all()]:
        citation = record.citations.get()
        assert (citation.source, citation.locator) == (source, "ofac-advanced entry 17015")


def test_reimport_of_the_same_file_is_unchanged():
    import_list(SOURCE, OFAC_ADVANCED)
    before = db_checksum()
    run = import_list(SOURCE, OFAC_ADVANCED).run
    assert run.status == ImportStatus.UNCHANGED
    assert (run.added, run.changed, run.delisted, run.unchanged) == (0, 0, 0, 70)
    after = db_checksum()
    before.pop("importer.ImportRun"), after.pop("importer.ImportRun")
    assert after == before


def test_same_entries_in_other_bytes_change_nothing(tmp_path):
    import_list(SOURCE, OFAC_ADVANCED)
    copy = tmp_path / "sdn_advanced.xml"
    copy.write_bytes(OFAC_ADVANCED.read_bytes().replace(b"\r\n", b"\n"))
    before = db_checksum()
    run = import_list(SOURCE, copy).run
    assert run.status == ImportStatus.APPLIED
    assert (run.added, run.changed, run.delisted, run.unchanged) == (0, 0, 0, 70)
    after = db_checksum()
    for table in ("importer.ImportRun", "sources.Source", "sources.HistoricalSource"):
        before.pop(table), after.pop(table)
    assert after == before


def test_dry_run_writes_nothing():
    before = db_checksum()
    result = import_list(SOURCE, OFAC_ADVANCED, dry_run=True)
    assert (result.dry_run, result.run.added) == (True, 70)
    assert db_checksum() == before


def test_a_party_gone_is_delisted_and_mass_delisting_refused(tmp_path):
    import_list(SOURCE, OFAC_ADVANCED)
    data = OFAC_ADVANCED.read_bytes()
    start = data.index(b'<DistinctParty FixedRef="9639">')
    end = data.index(b"</DistinctParty>", start) + len(b"</DistinctParty>")
    one_gone = tmp_path / "one-gone.xml"
    one_gone.write_bytes(data[:start] + data[end:])
    run = import_list(SOURCE, one_gone).run
    assert (run.delisted, run.unchanged) == (1, 69)
    designation = entity_of("9639").designations.get()
    assert designation.delisted.iso == "2020-03-17"  # the list's own date

    first = data.index(b"<DistinctParty ")
    last = data.index(b'<DistinctParty FixedRef="17015">')
    most_gone = tmp_path / "most-gone.xml"
    most_gone.write_bytes(data[:first] + data[last:])
    before = db_checksum()
    with pytest.raises(ImportRefused, match=r"would delist \d+ of the 69 active entries"):
        import_list(SOURCE, most_gone)
    assert db_checksum() == before


def test_a_damaged_file_changes_nothing(tmp_path):
    import_list(SOURCE, OFAC_ADVANCED)
    truncated = tmp_path / "sdn_advanced.xml"
    truncated.write_bytes(OFAC_ADVANCED.read_bytes()[:300_000])
    before = db_checksum()
    with pytest.raises(ParseError, match=r"truncated"):
        import_list(SOURCE, truncated)
    assert db_checksum() == before


def test_the_command(capsys, tmp_path):
    call_command("import_list", SOURCE, str(OFAC_ADVANCED), "--dry-run")
    assert "ofac-advanced dry run: nothing written: 70 entries, 70 added" in capsys.readouterr().out
    call_command("import_list", SOURCE, str(OFAC_ADVANCED))
    assert "ofac-advanced applied as import #" in capsys.readouterr().out
    wrong = tmp_path / "un.xml"
    wrong.write_bytes(b"<CONSOLIDATED_LIST/>")
    with pytest.raises(CommandError, match=r"^un\.xml, line 1: not an OFAC advanced XML list"):
        call_command("import_list", SOURCE, str(wrong))
