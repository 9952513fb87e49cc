"""One OFAC party, one entity: an entry of the legacy Non-SDN CSV and an entry of the
advanced XML with the same reference (``FixedRef`` is the ``ent_num``) are linked, in
either order, never duplicated. The 2020 XML excerpt and the 2025 CSV share 63 parties."""

import re

import pytest
from django.db.models import F

from entities.models import Alias, Designation, Entity
from importer.models import DifferenceAction, ListEntryState
from importer.services import import_list
from tests.importer.conftest import OFAC_ADVANCED, OFAC_NON_SDN, OFAC_TINY

pytestmark = pytest.mark.django_db
SHARED = 63  # of the excerpt's 70 parties, those still on the Non-SDN list in 2025


def _entities_of(source: str) -> dict[str, int]:
    return dict(ListEntryState.objects.filter(source=source).values_list("reference", "entity_id"))


def _assert_one_entity_per_party() -> None:
    legacy, advanced = _entities_of("ofac-non-sdn"), _entities_of("ofac-advanced")
    shared = set(legacy) & set(advanced)
    assert len(shared) == SHARED
    assert all(legacy[ref] == advanced[ref] for ref in shared)
    assert Entity.objects.count() == len(set(legacy) | set(advanced)) == 442 + 70 - SHARED


def test_csv_then_xml_links_the_shared_parties():
    import_list("ofac-non-sdn", OFAC_NON_SDN)
    run = import_list("ofac-advanced", OFAC_ADVANCED).run
    assert (run.entries, run.added, run.linked) == (70, 70, SHARED)
    _assert_one_entity_per_party()
    linked = run.differences.filter(action=DifferenceAction.LINKED, field="").get(reference="9639")
    assert linked.message.endswith(": same OFAC ent_num 9639 (ofac-non-sdn)")
    haniya = Entity.objects.get(pk=linked.entity_id)
    # One designation under NS-PLC, the CSV's: the XML's is the same one.
    assert haniya.designations.filter(programme__code="NS-PLC").count() == 1


def test_xml_then_csv_links_the_shared_parties():
    import_list("ofac-advanced", OFAC_ADVANCED)
    run = import_list("ofac-non-sdn", OFAC_NON_SDN).run
    assert (run.added, run.linked) == (442, SHARED)
    _assert_one_entity_per_party()
    # No party has two active designations under one programme.
    active = Designation.objects.active().values_list("entity_id", "programme_id")
    assert len(active) == len(set(active))


def test_the_legacy_sdn_and_non_sdn_lists_share_the_numbering_too():
    """TNK TRADING INTERNATIONAL S.A. (28603) is on both legacy lists: one entity."""
    import_list("ofac-sdn", OFAC_TINY)
    run = import_list("ofac-non-sdn", OFAC_NON_SDN).run
    assert run.linked == 1
    linked = run.differences.get(action=DifferenceAction.LINKED, field="")
    # By the number, before any identifier (its V.A.T. number would link it too).
    assert linked.message.endswith(": same OFAC ent_num 28603 (ofac-sdn)")
    assert _entities_of("ofac-sdn")["28603"] == _entities_of("ofac-non-sdn")["28603"]


EXIAR = "18272"  # the CSV's primary name is an a.k.a. in the XML
EXIAR_NAME = "RUSSIAN AGENCY FOR EXPORT CREDIT AND INVESTMENT INSURANCE OJSC"
EXIAR_ALIAS = re.compile(
    r'<Alias FixedRef="18272"[^>]*>\s*<DocumentedName ID="21505".*?</Alias>\s*', re.DOTALL
)


def _names_repeated_as_aliases() -> list[tuple[int, str, str]]:
    return list(
        Alias.objects.filter(name=F("entity__name")).values_list("entity_id", "name", "kind")
    )


def test_a_linked_entry_adds_no_alias_repeating_the_entity_name():
    """Regression: the XML's a.k.a. "... OJSC" is the CSV's primary name; linking the XML
    entry made it an alias of the entity named so (the name twice)."""
    import_list("ofac-non-sdn", OFAC_NON_SDN)
    import_list("ofac-advanced", OFAC_ADVANCED)
    exiar = ListEntryState.objects.get(source="ofac-advanced", reference=EXIAR).entity
    assert exiar.name == EXIAR_NAME
    # The XML's other names are taken, its primary one ("... JSC") among them.
    names = set(exiar.aliases.values_list("name", flat=True))
    assert {"EXIAR OJSC", "EKSAR OAO", EXIAR_NAME.replace(" OJSC", " JSC")} <= names
    assert _names_repeated_as_aliases() == []


def test_an_alias_the_list_adds_later_does_not_repeat_the_entity_name(tmp_path):
    """The same, when the a.k.a. appears in a later version of the XML (the three-way
    merge of a changed entry)."""
    text = OFAC_ADVANCED.read_text(encoding="utf-8")
    earlier = tmp_path / "earlier.xml"
    earlier.write_text(EXIAR_ALIAS.sub("", text, count=1), encoding="utf-8")
    assert earlier.stat().st_size < OFAC_ADVANCED.stat().st_size
    import_list("ofac-non-sdn", OFAC_NON_SDN)
    import_list("ofac-advanced", earlier)
    run = import_list("ofac-advanced", OFAC_ADVANCED).run
    assert (run.status, run.changed) == ("applied", 1)
    assert _names_repeated_as_aliases() == []
