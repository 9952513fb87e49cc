"""Importing FtM JSON lines end to end (import_list ftm): exact counts for both
OpenSanctions samples, the bodies each Sanction names (found, known or created),
idempotent re-import, dry runs, delisting by absence and by the list's own status, merging
with curated records, citations, damaged files, and lines in export_ftm's shape."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from entities.models import Alias, Body, Designation, Entity, Identifier, Relationship
from importer.models import DifferenceAction, ImportStatus, ListEntryState
from importer.records import ParseError
from importer.services import import_list
from sources.models import Citation
from tests.importer.conftest import FTM_EU, FTM_ZALA, db_checksum
from tests.importer.ftm_lines import CONTRACT, line, write

pytestmark = pytest.mark.django_db

CST = "NK-abdzbEBkqyT29GyREbiURZ"


def entity_of(reference: str) -> Entity:
    return ListEntryState.objects.get(source="ftm", reference=reference).entity


def without_runs(checksum: dict) -> dict:
    checksum.pop("importer.ImportRun")
    return checksum


def lines_of(path):
    return [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw]


def test_zala_cluster_counts_bodies_and_links():
    result = import_list("ftm", FTM_ZALA)
    run = result.run
    assert (run.entries, run.added, run.linked) == (17, 17, 0)
    assert Entity.objects.count() == 17
    assert Alias.objects.count() == 228
    assert Identifier.objects.count() == 79  # 54 of properties and documents, 25 list references
    assert Designation.objects.count() == 31
    assert Designation.objects.active().count() == 30  # one Ukrainian listing expired
    assert Relationship.objects.count() == 18  # 21 links, 3 repeating one owner and asset
    codes = set(Body.objects.values_list("code", flat=True))
    assert len(codes) == 17
    assert {"US-OFAC", "EU", "NZ-MFAT", "UA-NSDC", "JP-MF", "JP-METI", "US-EL"} <= codes
    created = [w.message for w in result.warnings if "created body" in w.message]
    assert len(created) == 15  # every body but OFAC and the EU, which the registry knows
    assert (
        "authority 'Ministry of Foreign Affairs and Trade' is no recorded body: "
        "created body NZ-MFAT" in created
    )
    assert run.warnings == 33  # the 15 bodies, 16 missing Address entities, 2 programmes cut


def test_eu_sample_counts():
    run = import_list("ftm", FTM_EU).run
    assert (run.entries, run.added, run.warnings) == (6, 6, 2)
    assert Alias.objects.count() == 29
    assert Designation.objects.count() == 0  # the excerpt has no Sanction records
    assert (Entity.objects.count(), Body.objects.count(), Relationship.objects.count()) == (
        6,
        0,
        0,
    )
    assert run.list_date.isoformat() == "2024-06-01"
    kuzmenko = entity_of("NK-2Ka3UvopqbpZmVDFjWd4LA")
    assert kuzmenko.name == "Vitaly Yurievich KUZMENKO"
    assert list(kuzmenko.aliases.values_list("script", flat=True)) == ["", "Cyrl"]
    assert kuzmenko.dates.get().date.iso == "1971-01-22"


def test_designations_keep_their_own_facts():
    import_list("ftm", FTM_ZALA)
    cst = entity_of(CST)
    seco = cst.designations.get(body__code="CH-SSEA")
    assert (seco.programme.code, seco.listed.iso, seco.reference) == (
        "SECO-UKRAINE",
        "2023-06-28",
        "63817, 64030, 69730",
    )
    # Two Ukrainian listings: one expired, one naming the SBU first and the NSDC after.
    ukraine = cst.designations.filter(body__code="UA-NSDC", programme__code="UA-SA1644")
    assert ukraine.count() == 2
    expired = ukraine.exclude(delisted_precision="").get()
    assert (expired.listed.iso, expired.delisted.iso) == ("2021-10-30", "2024-10-30")
    nz = cst.designations.get(body__code="NZ-MFAT")
    assert "Asset Freeze" in nz.measures_text
    monaco = cst.designations.get(body__code="MC-PM")
    assert monaco.programme.code == "not stated"
    assert monaco.listed.precision == "unknown"
    for designation in cst.designations.all():
        assert designation.citations.get().locator == f"ftm entry {CST}"


def test_reimport_is_unchanged(tmp_path):
    import_list("ftm", FTM_ZALA)
    before = without_runs(db_checksum())
    run = import_list("ftm", FTM_ZALA).run
    assert run.status == ImportStatus.UNCHANGED
    assert without_runs(db_checksum()) == before
    # The same entities written again (other bytes, other order): nothing changes either.
    again = write(tmp_path / "zala.ftm.json", list(reversed(lines_of(FTM_ZALA))))
    run = import_list("ftm", again).run
    assert (run.status, run.added, run.changed, run.unchanged) == ("applied", 0, 0, 17)
    assert Designation.objects.count() == 31
    assert Body.objects.count() == 17


def test_dry_run_writes_nothing():
    before = db_checksum()
    result = import_list("ftm", FTM_ZALA, dry_run=True)
    assert result.run.added == 17
    assert db_checksum() == before


def test_gone_entity_is_delisted_never_deleted(tmp_path):
    import_list("ftm", FTM_ZALA)
    gone = "NK-aU5ybkbRFJucf8YMwsJvDw"  # Alexander Zakharov: his Sanctions and links go too
    kept = [o for o in lines_of(FTM_ZALA) if gone not in json.dumps(o)]
    run = import_list("ftm", write(tmp_path / "zala.ftm.json", kept)).run
    assert (run.added, run.delisted) == (0, 1)
    zakharov = entity_of(gone)
    assert zakharov.designations.count() == 12
    assert not zakharov.designations.active().exists()
    # Dated with the file's date (its latest last_seen), citing it.
    gone_from_list = zakharov.designations.filter(citations__field="delisted")
    assert {d.delisted.iso for d in gone_from_list} == {"2026-04-29"}
    assert not ListEntryState.objects.get(source="ftm", reference=gone).present
    assert Entity.objects.count() == 17


def test_a_sanction_that_ends_is_delisted_on_its_date(tmp_path):
    import_list("ftm", FTM_ZALA)
    objects = lines_of(FTM_ZALA)
    for obj in objects:
        p = obj["properties"]
        if obj["schema"] == "Sanction" and p.get("authority") == ["Global Affairs Canada"]:
            p["status"], p["endDate"] = ["delisted"], ["2026-03-01"]
    run = import_list("ftm", write(tmp_path / "zala.ftm.json", objects)).run
    assert (run.changed, run.delisted) == (1, 0)
    canada = entity_of(CST).designations.get(body__code="CA-GAC")
    assert canada.delisted.iso == "2026-03-01"
    assert canada.citations.filter(field="delisted").count() == 1


def test_linked_to_a_curated_entity_by_identifier():
    curated = Entity.objects.create(kind="company", name="Centre for Special Technologies")
    Identifier.objects.create(entity=curated, scheme="tax_id", value="1841015504", country="RU")
    run = import_list("ftm", FTM_ZALA).run
    assert run.linked == 1
    assert entity_of(CST) == curated
    assert curated.name == "Centre for Special Technologies"  # the analyst's name is kept
    assert curated.aliases.filter(name="LLC CST").exists()
    assert Entity.objects.count() == 17


def test_a_recorded_body_is_found_by_its_name(seed, write_tmp):
    dos = Body.objects.get(code="US-DOS")
    before = Body.objects.count()
    objects = [
        line("p1", "Person", name="Someone"),
        line("s1", "Sanction", entity="p1", authority="us department of  state", country="us"),
    ]
    import_list("ftm", write_tmp(objects))
    designation = Designation.objects.get(entity=entity_of("p1"))
    assert designation.body == dos
    assert Body.objects.count() == before


@pytest.fixture
def write_tmp(tmp_path):
    return lambda objects: write(tmp_path / "x.ftm.json", objects)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda lines: [*lines[:10], "{oops", *lines[11:]], "line 11: not a JSON object"),
        (lambda lines: [*lines[:-1], lines[-1][:40]], "line 91: truncated"),
        (lambda lines: [*lines[:5], '{"schema": "Person", "properties": {}}'], "line 6: no id"),
        (
            lambda lines: [ln for ln in lines if json.loads(ln)["id"] != CST],
            "not in the file",
        ),
    ],
)
def test_a_damaged_file_changes_nothing(tmp_path, damage, message):
    import_list("ftm", FTM_EU)
    raw = FTM_ZALA.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "zala.ftm.json"
    path.write_text("\n".join(damage(raw)), encoding="utf-8")
    before = db_checksum()
    with pytest.raises(ParseError, match=message):
        import_list("ftm", path)
    assert db_checksum() == before


def test_contract_lines_into_an_empty_database(tmp_path):
    """What export_ftm writes comes back: the same entities, names and designations."""
    run = import_list("ftm", write(tmp_path / "export.ftm.json", CONTRACT)).run
    assert (run.entries, run.added, run.warnings) == (3, 3, 0)
    assert sorted(Body.objects.values_list("code", flat=True)) == ["UN-SC", "US-DOS", "US-OFAC"]
    khan = entity_of("st-ent-1")
    assert (khan.kind, khan.name) == ("person", "Ahmad KHAN")
    assert set(khan.aliases.values_list("name", "kind", "is_weak")) == {
        ("Ahmed Khan", "aka", False),
        ("احمد خان", "aka", False),
        ("The Engineer", "aka", True),
        ("Ahmad SHAH", "fka", False),
    }
    assert khan.dates.get().date.iso == "1962"
    assert set(khan.designations.values_list("body__code", "programme__code", "reference")) == {
        ("US-DOS", "NP", "DOS-17"),
        ("US-OFAC", "NPWMD", "36912"),
    }
    dos = khan.designations.get(body__code="US-DOS")
    assert (dos.listed.iso, dos.reason) == ("2020-03-04", "Procurement for a missile programme")
    assert khan.designations.get(body__code="US-OFAC").listed.precision == "year"
    vessel = entity_of("st-ent-2")
    assert vessel.designations.get().body.code == "UN-SC"
    assert vessel.identifiers.get().scheme == "imo_number"
    company = entity_of("st-ent-3")
    ended = company.designations.get()
    assert (ended.listed.iso, ended.delisted.iso) == ("2019-06", "2022-01-15")
    assert company.addresses.get().city == "Dubai"
    owns = Relationship.objects.get()
    assert (owns.subject, owns.kind, owns.object) == (khan, "owns", company)


def test_the_command(tmp_path):
    out = StringIO()
    call_command("import_list", "ftm", str(FTM_ZALA), "--dry-run", stdout=out)
    assert "dry run: nothing written" in out.getvalue()
    assert Entity.objects.count() == 0
    call_command("import_list", "ftm", str(FTM_ZALA), stdout=StringIO())
    assert Entity.objects.count() == 17
    broken = tmp_path / "broken.ftm.json"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.ftm\.json, line 1: no schema"):
        call_command("import_list", "ftm", str(broken), stdout=StringIO())


def test_records_cite_the_list_file():
    run = import_list("ftm", FTM_ZALA).run
    cst = entity_of(CST)
    for record in [cst, *cst.aliases.all(), *cst.identifiers.all(), *cst.designations.all()]:
        citation = record.citations.get()
        assert (citation.source, citation.locator) == (run.list_source, f"ftm entry {CST}")
    assert Citation.objects.filter(body__code="NZ-MFAT").get().source == run.list_source
    assert DifferenceAction.WARNING in {d.action for d in run.differences.all()}


def test_a_changed_listing_date_and_a_listing_in_force_again(tmp_path):
    import_list("ftm", FTM_ZALA)
    objects = lines_of(FTM_ZALA)
    for obj in objects:
        p = obj["properties"]
        if obj["schema"] != "Sanction":
            continue
        if p.get("authority") == ["Global Affairs Canada"]:
            p["listingDate"] = ["2026-02-20"]
        if p.get("authorityId") == ["21055612200016"]:  # the expired Ukrainian listing
            p["status"], p["endDate"] = ["active"], ["2034-10-30"]
    run = import_list("ftm", write(tmp_path / "zala.ftm.json", objects)).run
    assert (run.changed, run.conflicts) == (1, 0)
    cst = entity_of(CST)
    assert cst.designations.get(body__code="CA-GAC").listed.iso == "2026-02-20"
    ukraine = cst.designations.filter(body__code="UA-NSDC", programme__code="UA-SA1644")
    # The ended designation stays as it was. In force again, it is the active one the SBU
    # and the NSDC made under the same programme (one active designation per programme).
    assert ukraine.count() == 2
    assert ukraine.active().count() == 1
    assert any(
        d.action == DifferenceAction.LINKED and "UA-SA1644" in d.message
        for d in run.differences.all()
    )


def test_a_new_body_is_coded_from_its_name_or_a_code_given_beside_it(write_tmp):
    objects = [
        line("p1", "Person", name="Someone"),
        line("s1", "Sanction", entity="p1", authority="Ministry of Foreign Affairs", country="pk"),
        line("p2", "Person", name="Someone else"),
        line(
            "s2",
            "Sanction",
            entity="p2",
            authority=["Ministry of Interior", "PK-MOI"],
            country="pk",
        ),
        line("p3", "Person", name="A third"),
        line("s3", "Sanction", entity="p3", authority="Ministry of Finance", country="pk"),
        line("s4", "Sanction", entity="p3", authority="Ministry of Foodstuffs", country="pk"),
    ]
    result = import_list("ftm", write_tmp(objects))
    assert set(Body.objects.values_list("code", "name", "jurisdiction")) == {
        ("PK-MFA", "Ministry of Foreign Affairs", "PK"),
        ("PK-MOI", "Ministry of Interior", "PK"),
        ("PK-MF", "Ministry of Finance", "PK"),
        ("PK-MF-2", "Ministry of Foodstuffs", "PK"),  # the initials again: numbered
    }
    assert len([w for w in result.warnings if "created body" in w.message]) == 4
