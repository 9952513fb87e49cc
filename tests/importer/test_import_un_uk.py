"""Importing the UN and UK samples: ranges, weak aliases, scripts, encodings, and the UK
list's UN references meeting the UN entries."""

import datetime as dt

import pytest

from entities.models import Designation, Entity, EntityDate
from importer.models import DifferenceAction, ImportStatus, ListEntryState
from importer.records import ParseError
from importer.services import import_list
from tests.importer.conftest import UK_SAMPLE, UN_SAMPLE, db_checksum

pytestmark = pytest.mark.django_db


def entity_of(source: str, reference: str) -> Entity:
    return ListEntryState.objects.get(source=source, reference=reference).entity


def test_un_entry_count_and_list_date():
    run = import_list("un-sc", UN_SAMPLE).run
    assert (run.entries, run.added) == (47, 47)
    assert run.list_date == dt.date(2026, 2, 27)
    assert run.list_source.published.iso == "2026-02-27"
    assert Entity.objects.filter(list_entries__source="un-sc").count() == 47


def test_un_between_dates_become_ranges_and_low_quality_aliases_weak():
    import_list("un-sc", UN_SAMPLE)
    ntaganda = entity_of("un-sc", "CDi.030")
    assert ntaganda.name == "BOSCO TAGANDA"  # as the list spells it
    birth = ntaganda.dates.get()
    assert (birth.kind, birth.date.precision, birth.date.iso) == ("birth", "range", "1973/1974")
    assert (birth.date_earliest, birth.date_latest) == (dt.date(1973, 1, 1), dt.date(1974, 12, 31))
    assert birth.date_text == "BETWEEN 1973 AND 1974"
    weak = set(ntaganda.aliases.filter(is_weak=True).values_list("name", flat=True))
    assert {"Lydia", "Terminator", "Tango Romeo", "Romeo", "Major"} <= weak
    assert ntaganda.aliases.filter(name="General Taganda", is_weak=False).exists()


def test_un_empty_aliases_are_counted_warnings_and_skipped():
    run = import_list("un-sc", UN_SAMPLE).run
    empty = run.differences.filter(
        action=DifferenceAction.WARNING, message__contains="skipped: empty alias"
    )
    assert empty.count() == 10
    assert all(d.message.startswith("un-consolidated-sample.xml, line ") for d in empty)
    assert not Entity.objects.filter(aliases__name="").exists()


def test_un_original_script_and_regime_and_listing_date():
    import_list("un-sc", UN_SAMPLE)
    saddam = entity_of("un-sc", "IQi.001")
    native = saddam.aliases.get(kind="native_script")
    assert (native.name, native.script) == ("صدام حسين التكريتي", "Arab")
    designation = saddam.designations.get()
    assert (designation.body.code, designation.programme.code) == ("UN-SC", "Iraq")
    assert designation.listed.precision == "day"
    assert set(designation.measures.values_list("code", flat=True)) == {
        "asset_freeze",
        "travel_ban",
        "arms_embargo",
    }


def test_un_reimport_is_a_no_op():
    import_list("un-sc", UN_SAMPLE)
    before = db_checksum()
    run = import_list("un-sc", UN_SAMPLE).run
    assert run.status == ImportStatus.UNCHANGED
    assert (run.added, run.changed, run.delisted, run.unchanged) == (0, 0, 0, 47)
    after = db_checksum()
    before.pop("importer.ImportRun"), after.pop("importer.ImportRun")
    assert after == before


def test_un_xml_with_entity_expansion_changes_nothing(tmp_path):
    import_list("un-sc", UN_SAMPLE)
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>\n'
    )
    before = db_checksum()
    with pytest.raises(ParseError, match=r"^bomb\.xml, line \d+: .*entit"):
        import_list("un-sc", bomb)
    external = tmp_path / "external.xml"
    external.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n'
        "<CONSOLIDATED_LIST>&ext;</CONSOLIDATED_LIST>\n"
    )
    with pytest.raises(ParseError, match=r"^external\.xml, line \d+: .*external"):
        import_list("un-sc", external)
    assert db_checksum() == before


def test_un_file_given_as_uk_is_refused_and_changes_nothing(db):
    before = db_checksum()
    with pytest.raises(ParseError, match=r"^un-consolidated-sample\.xml, line 1: "):
        import_list("uk-ofsi", UN_SAMPLE)
    assert db_checksum() == before


def test_uk_group_count_encoding_and_year_precision_dates():
    run = import_list("uk-ofsi", UK_SAMPLE).run
    assert (run.entries, run.added) == (120, 120)
    assert run.list_date == dt.date(2018, 4, 13)
    # Windows-1252: 0x91 is a left single quotation mark.
    huthi = entity_of("uk-ofsi", "13191")
    assert huthi.aliases.filter(name="\u2018Abd al-Khaliq Badr al-Din AL-HUTHI").exists()
    qahtani = entity_of("uk-ofsi", "13349")
    births = EntityDate.objects.filter(entity=qahtani, kind="birth").order_by("date_earliest")
    assert [(d.date.precision, d.date.iso, d.date_text) for d in births] == [
        ("year", "1980", "00/00/1980"),
        ("year", "1981", "00/00/1981"),
    ]
    assert set(qahtani.countries.filter(role="nationality").values_list("country", flat=True)) == {
        "SA",
        "QA",
    }
    designation = qahtani.designations.get()
    assert designation.body.code == "UK-OFSI"
    assert designation.listed.iso == "2016-04-01"


def test_uk_entry_with_a_un_reference_is_linked_to_the_un_entry():
    import_list("un-sc", UN_SAMPLE)
    un_entity = entity_of("un-sc", "CFi.012")
    run = import_list("uk-ofsi", UK_SAMPLE).run
    links = run.differences.filter(action=DifferenceAction.LINKED, field="")
    # Two by the UN reference the UK list quotes, two by a shared passport number.
    assert sorted(links.values_list("reference", flat=True)) == ["13191", "13458", "7016", "8523"]
    assert run.linked == 4
    linked = links.get(reference="13458")
    assert linked.entity_id == un_entity.pk
    assert linked.message.endswith("same identifier list_reference CFi.012")
    uk_state = ListEntryState.objects.get(source="uk-ofsi", entity=un_entity)
    bodies = set(Designation.objects.filter(entity=un_entity).values_list("body__code", flat=True))
    assert bodies == {"UN-SC", "UK-OFSI"}
    assert uk_state.reference == linked.reference
