"""Importing OFAC folders into the database: mapping, merging with the seed, idempotence,
versions, analysts' edits, and bad files that change nothing."""

import datetime as dt
import shutil

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entities.models import (
    Address,
    Alias,
    Designation,
    Entity,
    EntityCountry,
    EntityDate,
    Identifier,
    Relationship,
)
from importer.models import DifferenceAction, ImportRun, ImportStatus, ListEntryState
from importer.records import ParseError
from importer.services import ImportRefused, import_list
from sources.models import Citation, Source
from tests.importer.conftest import OFAC_NDC, OFAC_NON_SDN, OFAC_TINY, db_checksum, rewrite_rows

pytestmark = pytest.mark.django_db

WRITTEN_PARTS = (EntityCountry, EntityDate, Address, Identifier, Relationship)


def entity_of(source: str, reference: str) -> Entity:
    return ListEntryState.objects.get(source=source, reference=reference).entity


def test_entry_counts_equal_the_files():
    result = import_list("ofac-non-sdn", OFAC_NON_SDN)
    assert result.run.entries == 442
    assert result.run.added == 442
    assert ListEntryState.objects.filter(source="ofac-non-sdn").count() == 442
    assert Entity.objects.count() == 442
    # Every entry has at least one designation by OFAC, referencing its ent_num.
    assert (
        Designation.objects.filter(body__code="US-OFAC").values("entity").distinct().count() == 442
    )


def test_ndc_excerpt_maps_names_identifiers_addresses_and_the_designation():
    import_list("ofac-sdn", OFAC_NDC)
    ndc = entity_of("ofac-sdn", "52049")
    assert ndc.name == "NATIONAL DEVELOPMENT COMPLEX"
    assert ndc.kind == "organization"
    assert sorted(ndc.aliases.values_list("name", "kind", "is_weak")) == [
        ("NATIONAL DEFENSE COMPLEX", "aka", False),
        ("NATIONAL DEVELOPMENT CENTRE", "aka", False),
        ("NDC", "aka", True),
    ]
    assert ndc.identifiers.filter(scheme="tax_id", value="9010629", country="PK").exists()
    assert ndc.identifiers.filter(scheme="list_reference", value="52049").exists()
    addresses = list(ndc.addresses.all())
    assert len(addresses) == 3
    assert {a.country.code for a in addresses} == {"PK"}
    designation = ndc.designations.get()
    assert (designation.body.code, designation.programme.code) == ("US-OFAC", "NPWMD")
    assert designation.reference == "52049"
    assert designation.listed.precision == "unknown"  # OFAC's files give no date
    assert set(designation.measures.values_list("code", flat=True)) == {
        "asset_freeze",
        "transaction_ban",
    }


def test_every_written_record_cites_the_list_file_with_its_sha256():
    result = import_list("ofac-sdn", OFAC_NDC)
    source = result.run.list_source
    assert source.kind == "official_list"
    assert source.sha256 == result.run.sha256
    assert set(result.run.files) == {"sdn.csv", "add.csv", "alt.csv"}
    ndc = entity_of("ofac-sdn", "52049")
    records = [
        ndc,
        *ndc.aliases.all(),
        *ndc.addresses.all(),
        *ndc.identifiers.all(),
        *ndc.countries.all(),
        *ndc.designations.all(),
    ]
    for record in records:
        citation = record.citations.get()
        assert citation.source == source
        assert citation.locator == "ofac-sdn entry 52049"
    body = Designation.objects.filter(reference="52049").get().body
    assert body.citations.get().source == source


def test_history_rows_are_written_for_bulk_created_records(django_user_model):
    user = django_user_model.objects.create_user("importer")
    import_list("ofac-sdn", OFAC_NDC, user=user)
    ndc = entity_of("ofac-sdn", "52049")
    row = ndc.history.get()
    assert row.history_type == "+"
    assert row.history_user == user
    assert row.history_change_reason.startswith("Imported from the ofac-sdn list (SHA-256 ")
    alias = ndc.aliases.get(name="NDC")
    assert alias.history.get().name == "NDC"
    designation = ndc.designations.get()
    # The m2m part of the designation's first history row.
    assert set(designation.history.get().measures.values_list("measure__code", flat=True)) == {
        "asset_freeze",
        "transaction_ban",
    }


def test_every_bulk_created_record_has_one_first_history_row_repeating_it():
    """The database copies the '+' rows itself: each must repeat its record, column by
    column, and no record may get two or none."""
    import_list("ofac-sdn", OFAC_TINY)  # designations with measures
    import_list("ofac-non-sdn", OFAC_NON_SDN)  # relationships
    for model in (Entity, Alias, Designation, Citation, *WRITTEN_PARTS):
        fields = [f.attname for f in model._meta.concrete_fields]
        records = {r["id"]: r for r in model.objects.values(*fields)}
        history = list(model.history.values("history_type", *fields))
        assert records, model
        assert {h.pop("history_type") for h in history} == {"+"}, model
        assert sorted(h["id"] for h in history) == sorted(records), model
        assert all(h == records[h["id"]] for h in history), model
    measures = Designation.measures.through.objects.count()
    assert measures > 0
    m2m_history = apps.get_model("entities", "HistoricalDesignation_measures")
    assert m2m_history.objects.count() == measures
    assert set(m2m_history.objects.values_list("history__history_type", flat=True)) == {"+"}


def test_loaded_over_the_seed_the_ndc_merges_with_the_seeds_entity(seed):
    seed_ndc = Entity.objects.get(name="National Development Complex")
    seed_designations = set(seed_ndc.designations.values_list("pk", flat=True))
    before = Entity.objects.count()
    result = import_list("ofac-sdn", OFAC_NDC)
    assert Entity.objects.count() == before + 4  # the NDC is not duplicated
    ndc = entity_of("ofac-sdn", "52049")
    assert ndc.pk == seed_ndc.pk
    assert ndc.name == "National Development Complex"  # the analysts' name stays
    codes = sorted(
        (d.body.code, d.programme.code if d.programme else None) for d in ndc.designations.all()
    )
    assert codes == [("US-DOS", None), ("US-OFAC", "NPWMD")]
    assert seed_designations < set(ndc.designations.values_list("pk", flat=True))
    linked = result.run.differences.get(action=DifferenceAction.LINKED, reference="52049")
    assert "same name and country (PK)" in linked.message
    assert result.run.linked == 1
    assert ndc.aliases.filter(name="NATIONAL DEFENSE COMPLEX").exists()
    assert ndc.identifiers.filter(scheme="tax_id", value="9010629").exists()


def test_two_candidates_are_proposed_not_linked(db):
    for _ in range(2):
        entity = Entity.objects.create(kind="organization", name="National Development Complex")
        entity.countries.create(country="PK", role="located_in")
    result = import_list("ofac-sdn", OFAC_NDC)
    ndc = entity_of("ofac-sdn", "52049")
    assert ndc.name == "NATIONAL DEVELOPMENT COMPLEX"  # a new entity
    proposal = result.run.differences.get(action=DifferenceAction.PROPOSED)
    assert proposal.reference == "52049"
    assert "may be the same party" in proposal.message
    assert result.run.linked == 0


def test_reimporting_the_same_folder_writes_nothing_and_reports_zero():
    import_list("ofac-sdn", OFAC_NDC)
    before = db_checksum()
    result = import_list("ofac-sdn", OFAC_NDC)
    run = result.run
    assert run.status == ImportStatus.UNCHANGED
    assert (run.added, run.changed, run.delisted, run.unchanged) == (0, 0, 0, 5)
    after = db_checksum()
    after.pop("importer.ImportRun")
    before.pop("importer.ImportRun")
    assert after == before


def _reencoded(folder, tmp_path, name):
    """A copy with LF instead of CRLF: another file hash, the same entries."""
    copy = tmp_path / name
    shutil.copytree(folder, copy)
    for path in copy.iterdir():
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
    return copy


def _queries_of_unchanged_reimport(folder, tmp_path, source):
    import_list(source, folder)
    copy = _reencoded(folder, tmp_path, f"{source}-lf")
    before = db_checksum()
    with CaptureQueriesContext(connection) as queries:
        result = import_list(source, copy)
    run = result.run
    assert run.status == ImportStatus.APPLIED
    assert (run.added, run.changed, run.delisted, run.unchanged) == (0, 0, 0, run.entries)
    after = db_checksum()
    # Only the record of the run and the new file as a source are written.
    for table in ("importer.ImportRun", "sources.Source", "sources.HistoricalSource"):
        before.pop(table), after.pop(table)
    assert after == before
    return len(queries)


def test_same_entries_in_different_bytes_change_nothing_by_entry_hash(tmp_path):
    small = _queries_of_unchanged_reimport(OFAC_NDC, tmp_path, "ofac-sdn")
    large = _queries_of_unchanged_reimport(OFAC_NON_SDN, tmp_path, "ofac-non-sdn")
    # 5 entries or 442: the same queries, none per entry.
    assert small == large


def _version_two(folder):
    """The NDC excerpt's next version: 52053 gone, 52049 changed, a new entry 99999."""

    def primary(lines):
        kept = [line for line in lines if not line.startswith("52053,")]
        kept = [
            line.replace("a.k.a. 'NDC'.", "a.k.a. 'NDC'; Tax ID No. 1234567 (Pakistan).")
            if line.startswith("52049,")
            else line
            for line in kept
        ]
        kept.append(
            '99999,"NEW TRADING COMPANY",-0- ,"NPWMD",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
            '"Tax ID No. 55555 (Pakistan)."'
        )
        return kept

    rewrite_rows(folder / "sdn.csv", primary)
    rewrite_rows(folder / "add.csv", lambda lines: [x for x in lines if not x.startswith("52053,")])
    rewrite_rows(folder / "alt.csv", lambda lines: [x for x in lines if not x.startswith("52053,")])


def test_a_newer_version_applies_only_its_differences_with_history(ndc_copy):
    import_list("ofac-sdn", OFAC_NDC, list_date=dt.date(2025, 1, 10))
    gone = entity_of("ofac-sdn", "52053")
    _version_two(ndc_copy)
    result = import_list("ofac-sdn", ndc_copy, list_date=dt.date(2025, 2, 1))
    run = result.run
    assert (run.added, run.changed, run.delisted, run.unchanged) == (1, 1, 1, 3)

    # Gone: delisted on the list's date, citing the new file; never deleted.
    designation = gone.designations.get()
    assert designation.delisted.iso == "2025-02-01"
    assert designation.citations.get(field="delisted").source == run.list_source
    assert designation.history.count() == 2

    # Changed: the new tax ID added, citing the new file.
    ndc = entity_of("ofac-sdn", "52049")
    new_id = ndc.identifiers.get(value="1234567")
    assert new_id.citations.get().source == run.list_source
    assert run.differences.filter(
        action=DifferenceAction.CHANGED, reference="52049", field="identifiers", after="1234567"
    ).exists()

    # Added.
    assert entity_of("ofac-sdn", "99999").name == "NEW TRADING COMPANY"


def test_an_entry_that_comes_back_is_designated_again(ndc_copy, tmp_path):
    import_list("ofac-sdn", OFAC_NDC)
    _version_two(ndc_copy)
    import_list("ofac-sdn", ndc_copy)
    result = import_list("ofac-sdn", OFAC_NDC)
    entity = entity_of("ofac-sdn", "52053")
    assert result.run.added == 1
    assert result.run.delisted == 1  # 99999 is gone again
    assert entity.designations.count() == 2
    assert entity.designations.filter(delisted_precision="").count() == 1
    assert result.run.differences.filter(
        action=DifferenceAction.RELISTED, reference="52053"
    ).exists()


def test_analysts_edits_survive_and_a_conflicting_list_change_is_reported(ndc_copy):
    import_list("ofac-sdn", OFAC_NDC)
    ndc = entity_of("ofac-sdn", "52049")
    ndc.name = "National Development Complex (NDC)"
    ndc.save()
    Alias.objects.create(entity=ndc, name="NDC Islamabad", kind="aka")
    other_source = Source.objects.create(kind="news_article", title="An article")
    tax_id = ndc.identifiers.get(scheme="tax_id")
    Citation.objects.create(source=other_source, identifier=tax_id, quote="tax ID 9010629")

    def rename_and_drop_tax_id(lines):
        return [
            line.replace(
                '"NATIONAL DEVELOPMENT COMPLEX"', '"NATIONAL DEVELOPMENT COMPLEX NDC"'
            ).replace("Tax ID No. 9010629 (Pakistan); ", "")
            if line.startswith("52049,")
            else line
            for line in lines
        ]

    rewrite_rows(ndc_copy / "sdn.csv", rename_and_drop_tax_id)
    result = import_list("ofac-sdn", ndc_copy)
    ndc.refresh_from_db()
    assert ndc.name == "National Development Complex (NDC)"
    assert ndc.aliases.filter(name="NDC Islamabad").exists()
    assert ndc.identifiers.filter(value="9010629").exists()  # another source supports it
    conflicts = result.run.differences.filter(action=DifferenceAction.CONFLICT)
    assert sorted(conflicts.values_list("field", flat=True)) == ["identifiers", "name"]
    assert result.run.conflicts == 2


def test_a_list_change_to_an_unedited_value_is_applied(ndc_copy):
    import_list("ofac-sdn", OFAC_NDC)
    rewrite_rows(
        ndc_copy / "sdn.csv",
        lambda lines: [
            line.replace('"NATIONAL DEVELOPMENT COMPLEX"', '"NATIONAL DEVELOPMENT COMPLEX NDC"')
            for line in lines
        ],
    )
    result = import_list("ofac-sdn", ndc_copy)
    ndc = entity_of("ofac-sdn", "52049")
    assert ndc.name == "NATIONAL DEVELOPMENT COMPLEX NDC"
    assert [h.name for h in ndc.history.order_by("history_id")] == [
        "NATIONAL DEVELOPMENT COMPLEX",
        "NATIONAL DEVELOPMENT COMPLEX NDC",
    ]
    assert result.run.changed == 1


def test_dry_run_reports_and_writes_nothing():
    before = db_checksum()
    result = import_list("ofac-sdn", OFAC_NDC, dry_run=True)
    assert result.dry_run
    assert result.run.added == 5
    assert db_checksum() == before


@pytest.mark.django_db(transaction=True)
def test_a_runs_end_is_recorded_after_its_commit():
    """A first import's COMMIT checks every deferred foreign key: the recorded end of the
    run must include it, or a run's duration understates the wait."""
    committed = []

    def progress(stage, done, total):
        if stage == "written" and not committed:
            transaction.on_commit(lambda: committed.append(timezone.now()))

    result = import_list("ofac-sdn", OFAC_NDC, progress=progress)
    run = ImportRun.objects.get(pk=result.run.pk)
    assert committed
    assert run.finished_at >= committed[0]
    assert run.finished_at == result.run.finished_at


def test_mass_delisting_is_refused_unless_allowed(ndc_copy):
    import_list("ofac-sdn", OFAC_NDC)
    rewrite_rows(ndc_copy / "sdn.csv", lambda lines: lines[:2])  # 3 of 5 gone
    before = db_checksum()
    with pytest.raises(ImportRefused, match=r"would delist 3 of the 5 active entries"):
        import_list("ofac-sdn", ndc_copy)
    assert db_checksum() == before
    result = import_list("ofac-sdn", ndc_copy, allow_mass_delisting=True)
    assert result.run.delisted == 3


def test_orphan_rows_are_counted_warnings_with_their_line():
    result = import_list("ofac-sdn", OFAC_TINY)
    warnings = result.run.differences.filter(action=DifferenceAction.WARNING)
    assert result.run.warnings == warnings.count() >= 9
    assert warnings.filter(message__regex=r"^(add|alt)\.csv, line \d+: skipped").count() == 9


def test_linked_to_remarks_become_relationships(tmp_path):
    folder = tmp_path / "tiny"
    shutil.copytree(OFAC_TINY, folder)
    # The tiny sample links 19709 to MAHAN AIR, which is not in it: add MAHAN AIR.
    rewrite_rows(
        folder / "sdn.csv",
        lambda lines: [
            *lines,
            '9999901,"MAHAN AIR",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
        ],
    )
    run = import_list("ofac-sdn", folder).run
    subject = entity_of("ofac-sdn", "19709")
    relationship = subject.relationships_out.get()
    assert (relationship.kind, relationship.object.name) == ("linked_to", "MAHAN AIR")
    assert relationship.citations.get().locator == "ofac-sdn entry 19709"
    # Links to names the file does not hold are counted warnings, not guesses.
    unresolved = run.differences.filter(action=DifferenceAction.WARNING, field="links")
    assert unresolved.count() == 10
    assert not unresolved.filter(reference="19709").exists()


# ---------------------------------------------------------------- bad files change nothing


def _truncated(folder):
    path = folder / "add.csv"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _wrong_format(folder):
    (folder / "sdn.csv").write_bytes(b"<?xml version='1.0'?>\n<CONSOLIDATED_LIST/>\n")


def _wrong_encoding(folder):
    path = folder / "alt.csv"
    path.write_bytes(path.read_bytes().replace(b"CENTRE", "CENTR\u00c9".encode("cp1252")))


def _empty(folder):
    (folder / "sdn.csv").write_bytes(b"")


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (_truncated, r"^add\.csv, line \d+: "),
        (_wrong_format, r"^sdn\.csv, line 1: expected 12 columns"),
        (_wrong_encoding, r"^alt\.csv, line 1: byte 0xC9 is not ASCII"),
        (_empty, r"^sdn\.csv, line 1: empty file"),
    ],
)
def test_a_bad_file_changes_nothing(seed, ndc_copy, breakage, message):
    import_list("ofac-non-sdn", OFAC_NON_SDN)
    breakage(ndc_copy)
    before = db_checksum()
    with pytest.raises(ParseError, match=message):
        import_list("ofac-sdn", ndc_copy)
    assert db_checksum() == before


def test_the_command_prints_a_summary_and_fails_cleanly(ndc_copy, capsys):
    call_command("import_list", "ofac-sdn", str(OFAC_NDC))
    out = capsys.readouterr().out
    assert "ofac-sdn applied as import #" in out
    assert "5 added" in out
    _empty(ndc_copy)
    before = db_checksum()
    with pytest.raises(CommandError, match=r"^sdn\.csv, line 1: empty file$"):
        call_command("import_list", "ofac-sdn", str(ndc_copy))
    assert db_checksum() == before
    with pytest.raises(CommandError, match="not a date"):
        call_command("import_list", "ofac-sdn", str(OFAC_NDC), "--list-date", "2025-13-01")


def test_the_command_exits_non_zero_with_one_line(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "ndc"
    shutil.copytree(OFAC_NDC, folder)
    _empty(folder)
    # Through manage.py: CommandError becomes "CommandError: ..." on stderr and exit 1.
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_list", "ofac-sdn", str(folder), "--dry-run"],
        capture_output=True,
        text=True,
        env={
            "DEBUG": "true",
            "IGNORE_DOTENV": "true",
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": "sqlite:///" + str(tmp_path / "db.sqlite3"),
        },
        cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]),
    )
    assert completed.returncode == 1
    assert completed.stderr.strip().splitlines()[-1] == "CommandError: sdn.csv, line 1: empty file"


def test_rows_renumbered_but_saying_the_same_are_unchanged(ndc_copy):
    """An address renumbered changes the entry's rows (raw digest) but not what it says:
    nothing is written to the entity, and the new raw digest is kept for next time."""
    import_list("ofac-sdn", OFAC_NDC)
    state = ListEntryState.objects.get(source="ofac-sdn", reference="52049")
    rewrite_rows(
        ndc_copy / "add.csv",
        lambda lines: [
            line.replace("52049,", "52049,9", 1) if line.startswith("52049,") else line
            for line in lines
        ],
    )
    entity_history = state.entity.history.count()
    run = import_list("ofac-sdn", ndc_copy).run
    assert (run.added, run.changed, run.unchanged) == (0, 0, 5)
    refreshed = ListEntryState.objects.get(pk=state.pk)
    assert refreshed.raw_digest != state.raw_digest
    assert refreshed.digest == state.digest
    assert state.entity.history.count() == entity_history


def test_new_uids_are_distinct_version_4_uuids():
    import uuid

    from importer.fastinsert import new_uids

    uids = new_uids(1000)
    assert len(set(uids)) == 1000
    assert {uuid.UUID(u).version for u in uids} == {4}
    assert {uuid.UUID(u).variant for u in uids} == {uuid.RFC_4122}
