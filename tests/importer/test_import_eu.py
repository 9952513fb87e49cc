"""Importing the EU FSF excerpts end to end: counts, the EU body and its programmes, names
in other scripts, idempotent re-import, dry runs, delisting by absence, citations, damaged
files, and an EU entry of a UN listing meeting the UN entry."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from entities.models import Alias, Body, Designation, Entity, Programme
from importer.models import ImportStatus, ListEntryState
from importer.records import ParseError
from importer.run import ImportRefused
from importer.services import import_list
from tests.importer.conftest import EU_EXCERPT_A, EU_EXCERPT_B, UN_SAMPLE, db_checksum

pytestmark = pytest.mark.django_db


def entity_of(reference: str) -> Entity:
    return ListEntryState.objects.get(source="eu-fsf", reference=reference).entity


def without_runs(checksum: dict) -> dict:
    checksum.pop("importer.ImportRun")
    return checksum


def test_excerpt_a_counts_body_and_list_date():
    run = import_list("eu-fsf", EU_EXCERPT_A).run
    # 5 sanctionEntity: 4 real ones, the synthetic one without names skipped with a warning.
    assert (run.entries, run.added, run.warnings) == (4, 4, 1)
    assert run.list_date == dt.date(2026, 8, 5)
    assert run.list_source.published.iso == "2026-08-05"
    body = Body.objects.get(code="EU")
    assert (body.name, body.jurisdiction) == ("Council of the European Union", "EU")
    designations = Designation.objects.filter(body=body)
    assert designations.count() == 4
    assert sorted(designations.values_list("programme__code", flat=True)) == [
        "IRQ",
        "TAQA",
        "TAQA",
        "TERR",
    ]
    assert set(designations.values_list("measures__code", flat=True)) == {"asset_freeze"}
    assert Alias.objects.filter(entity__list_entries__source="eu-fsf").count() == 19


def test_excerpt_b_kinds_dates_and_names_in_other_scripts():
    run = import_list("eu-fsf", EU_EXCERPT_B).run
    assert (run.entries, run.added, run.warnings) == (5, 5, 0)
    assert Alias.objects.filter(entity__list_entries__source="eu-fsf").count() == 40
    parchin = entity_of("3822")
    assert (parchin.kind, parchin.name) == ("organization", "Parchin Chemical Industries (PCI)")
    persian = parchin.aliases.get(script="Arab")
    assert (persian.name, persian.language) == ("صنایع شیمیایی پارچین", "fa")
    assert parchin.identifiers.get(scheme="registration_number").value == "892"
    asiri = entity_of("6177")
    assert set(asiri.aliases.filter(script="Arab").values_list("language", flat=True)) == {"ar"}
    assert asiri.aliases.filter(is_weak=True).count() == 3
    jan = entity_of("521")
    birth = jan.dates.get()
    assert (birth.date.precision, birth.date.iso, birth.approximate) == ("range", "1953/1958", True)
    designation = jan.designations.get()
    assert designation.listed.iso == "2001-01-25"
    assert designation.reference == "521"


def test_reimport_is_unchanged():
    import_list("eu-fsf", EU_EXCERPT_A)
    before = without_runs(db_checksum())
    run = import_list("eu-fsf", EU_EXCERPT_A).run
    assert run.status == ImportStatus.UNCHANGED
    assert (run.added, run.changed, run.delisted, run.unchanged) == (0, 0, 0, 4)
    assert without_runs(db_checksum()) == before


def test_dry_run_writes_nothing():
    import_list("eu-fsf", EU_EXCERPT_A)
    before = without_runs(db_checksum())
    result = import_list("eu-fsf", EU_EXCERPT_B, dry_run=True, allow_mass_delisting=True)
    assert (result.run.added, result.run.delisted, result.run.unchanged) == (4, 3, 1)
    assert without_runs(db_checksum()) == before


def test_what_b_lacks_is_delisted_never_deleted():
    import_list("eu-fsf", EU_EXCERPT_A)
    # b lacks 3 of a's 4 entities: the mass-delisting guard stops it first.
    before = db_checksum()
    with pytest.raises(ImportRefused, match="would delist 3 of the 4 active entries of eu-fsf"):
        import_list("eu-fsf", EU_EXCERPT_B)
    assert db_checksum() == before
    run = import_list("eu-fsf", EU_EXCERPT_B, allow_mass_delisting=True).run
    assert (run.added, run.changed, run.delisted, run.unchanged) == (4, 0, 3, 1)
    for reference in ("13", "980", "330"):
        entity = entity_of(reference)  # still there
        designation = entity.designations.get()
        assert designation.delisted.iso == "2026-08-05"  # the list's date
        assert designation.citations.get(field="delisted").source == run.list_source
        assert not ListEntryState.objects.get(source="eu-fsf", reference=reference).present
    assert entity_of("191").designations.get().delisted.precision == ""  # in both files
    assert Entity.objects.filter(list_entries__source="eu-fsf").count() == 8


def test_records_cite_the_list_file():
    run = import_list("eu-fsf", EU_EXCERPT_B).run
    source = run.list_source
    assert source.sha256 == run.sha256
    dorda = entity_of("6106")
    records = [
        dorda,
        *dorda.aliases.all(),
        *dorda.addresses.all(),
        *dorda.identifiers.all(),
        *dorda.designations.all(),
    ]
    for record in records:
        citation = record.citations.get()
        assert (citation.source, citation.locator) == (source, "eu-fsf entry 6106")


def test_damaged_files_change_nothing(tmp_path):
    import_list("eu-fsf", EU_EXCERPT_A)
    before = db_checksum()
    data = EU_EXCERPT_B.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match=r"^cut\.xml, line \d+: .*truncated"):
        import_list("eu-fsf", cut)
    with pytest.raises(ParseError, match=r"^un-consolidated-sample\.xml, line \d+: not an EU FSF"):
        import_list("eu-fsf", UN_SAMPLE)
    assert db_checksum() == before


def test_an_eu_entry_of_a_un_listing_meets_the_un_entry(tmp_path):
    """unitedNationId is kept under the UN list's own label: the same party, one entity."""
    import_list("un-sc", UN_SAMPLE)
    saddam = ListEntryState.objects.get(source="un-sc", reference="IQi.001").entity
    copy = tmp_path / "eu.xml"
    text = EU_EXCERPT_A.read_text(encoding="utf-8")
    copy.write_text(
        text.replace(
            'unitedNationId="" euReferenceNumber="EU.27.28"',
            'unitedNationId="IQi.001" euReferenceNumber="EU.27.28"',
        ),
        encoding="utf-8",
    )
    run = import_list("eu-fsf", copy).run
    assert run.linked == 1
    assert entity_of("13") == saddam
    assert set(saddam.designations.values_list("body__code", flat=True)) == {"UN-SC", "EU"}


def test_the_command_imports_and_dry_runs():
    out = StringIO()
    call_command("import_list", "eu-fsf", str(EU_EXCERPT_B), "--dry-run", stdout=out)
    assert "eu-fsf dry run: nothing written: 5 entries, 5 added" in out.getvalue()
    assert not Entity.objects.exists()
    call_command("import_list", "eu-fsf", str(EU_EXCERPT_B), stdout=out)
    assert "eu-fsf applied as import" in out.getvalue()
    assert Entity.objects.count() == 5
    with pytest.raises(CommandError, match="would delist"):
        call_command("import_list", "eu-fsf", str(EU_EXCERPT_A), stdout=out)


def test_programmes_carry_the_legal_basis_the_list_gives():
    import_list("eu-fsf", EU_EXCERPT_A)
    iraq = Programme.objects.get(body__code="EU", code="IRQ")
    assert iraq.name == "Iraq"
    assert iraq.legal_basis.startswith("Commission regulation 1210/2003 (OJ L169)")
    assert iraq.url.endswith("uri=OJ:L:2003:169:0006:0023:EN:PDF")
    assert iraq.citations.get().locator == "programme IRQ"
    # Known only through amendments: no legal basis guessed; the act is in the entity's notes.
    terr = Programme.objects.get(body__code="EU", code="TERR")
    assert (terr.legal_basis, terr.url) == ("", "")
    assert "Legal act (TERR): Council amendment 2025/206" in entity_of("191").notes


def test_the_same_entries_in_other_bytes_change_nothing(tmp_path):
    """Excerpt b's author re-serialised the EU's file (' />', other indentation): the same
    content written differently is recognised as the same entries."""
    import_list("eu-fsf", EU_EXCERPT_A)
    before = without_runs(db_checksum())
    other = tmp_path / "eu-reserialised.xml"
    text = EU_EXCERPT_A.read_text(encoding="utf-8")
    other.write_text(
        text.replace('"/>', '" />').replace("\n        <", "\n<").replace("<!--", "<!-- x "),
        encoding="utf-8",
    )
    run = import_list("eu-fsf", other).run
    assert run.status == ImportStatus.APPLIED
    assert (run.added, run.changed, run.delisted, run.unchanged) == (0, 0, 0, 4)
    after = without_runs(db_checksum())
    # Only the run's own records differ (its list file as a source, its warning, the entries'
    # states naming it): no entity, part, designation or citation.
    changed = {label for label in after if after[label] != before.get(label)}
    assert not {label for label in changed if label.startswith("entities.")}
    assert changed <= {
        "sources.Source",
        "sources.HistoricalSource",
        "importer.ListEntryState",
        "importer.ImportDifference",
    }


def with_330_as_a_regulation(tmp_path):
    """Excerpt a with entity 330's act (TAQA, an amendment) made a regulation."""
    copy = tmp_path / "eu.xml"
    text = EU_EXCERPT_A.read_text(encoding="utf-8")
    copy.write_text(
        text.replace(
            '<regulation regulationType="amendment" organisationType="commission" '
            'publicationDate="2024-01-15"',
            '<regulation regulationType="regulation" organisationType="commission" '
            'publicationDate="2024-01-15"',
        ),
        encoding="utf-8",
    )
    return copy


def test_a_programme_met_first_through_an_amendment_gets_its_regulation_later(tmp_path):
    """980 (TAQA, an amendment) creates the programme; 330's act, a regulation here, gives
    it its legal basis and URL, citing the file."""
    run = import_list("eu-fsf", with_330_as_a_regulation(tmp_path)).run
    taqa = Programme.objects.get(body__code="EU", code="TAQA")
    assert taqa.legal_basis.startswith("Commission regulation 2024/328 (OJ L15012024)")
    assert taqa.url == "https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=OJ:L_202400328"
    cited = set(taqa.citations.filter(source=run.list_source).values_list("field", flat=True))
    assert cited == {"", "legal_basis", "url"}
    assert taqa.history.count() == 2


def test_an_analysts_legal_basis_is_kept(tmp_path):
    import_list("eu-fsf", EU_EXCERPT_B)  # TAQA created through 6177's amendment: blank
    taqa = Programme.objects.get(body__code="EU", code="TAQA")
    assert (taqa.legal_basis, taqa.url) == ("", "")
    taqa.legal_basis = "Council Regulation (EC) No 881/2002"
    taqa.save()
    import_list("eu-fsf", with_330_as_a_regulation(tmp_path), allow_mass_delisting=True)
    taqa.refresh_from_db()
    assert (taqa.legal_basis, taqa.url) == ("Council Regulation (EC) No 881/2002", "")
