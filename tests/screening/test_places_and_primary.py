"""Issue 12: a query word naming a city of one of the entity's addresses is location agreement,
not an unmatched name word; between names scoring the same, the primary name is reported."""

import pytest

from entities.models import Entity
from importer.services import import_list
from screening.explain import explain
from screening.index import NameIndex, address_places
from screening.services import MatchQuery, match
from tests import factories as f
from tests.importer.conftest import OFAC_NDC

pytestmark = pytest.mark.django_db


def top(query: MatchQuery, **options):
    found = match(query, threshold=options.pop("threshold", 0.0), **options)
    return found[0] if found else None


def test_ndc_islamabad_agrees_by_the_city_of_the_ofac_address(seed):
    import_list("ofac-sdn", OFAC_NDC)
    ndc = Entity.objects.get(name="National Development Complex")
    hit = top(MatchQuery("NDC Islamabad"))
    assert hit.entity_id == ndc.pk
    # As "NDC" alone (a weak alias, x0.9): the city no longer counts against the name.
    assert hit.score == top(MatchQuery("NDC")).score == 0.9
    features = {x["feature"]: x for x in hit.features}
    assert features["city"]["agrees"] is True
    assert features["city"]["candidate"] == ["Islamabad"]
    assert [t["query"] for t in features["name"]["tokens"]] == ["ndc"]
    assert "city Islamabad matches an address" in explain(hit.features)


def test_a_city_of_no_address_still_counts_against_the_name(db):
    entity = f.EntityFactory(name="Orion Shipping")
    f.AddressFactory(entity=entity, city="Karachi", country="PK")
    hit = top(MatchQuery("Orion Shipping Lahore"))
    assert hit.entity_id == entity.pk and hit.score < 0.9
    assert "city" not in {x["feature"] for x in hit.features}


def test_a_city_word_that_the_name_matches_stays_a_name_word(db):
    entity = f.EntityFactory(name="Karachi Trading Company")
    f.AddressFactory(entity=entity, city="Karachi", country="PK")
    hit = top(MatchQuery("Karachi Trading Company"))
    assert hit.score == 1.0
    assert "city" not in {x["feature"] for x in hit.features}


def test_a_query_that_is_only_a_city_is_no_agreement(db):
    entity = f.EntityFactory(name="Islamabad Works")
    f.AddressFactory(entity=entity, city="Islamabad", country="PK")
    hit = top(MatchQuery("Islamabad"))
    assert "city" not in {x["feature"] for x in hit.features}


def test_a_city_of_several_words_and_the_region_count(db):
    entity = f.EntityFactory(name="Orion Shipping")
    f.AddressFactory(entity=entity, city="Fateh Jang, Rawalpindi", region="Punjab", country="PK")
    hit = top(MatchQuery("Orion Shipping Fateh Jang"))
    assert hit.score == 1.0
    city = next(x for x in hit.features if x["feature"] == "city")
    assert city["candidate"] == ["Fateh Jang"]
    assert top(MatchQuery("Orion Shipping Punjab")).score == 1.0


def test_address_places_leave_postal_codes_out():
    assert address_places(["Beijing 100120", ""]) == {("beijing",): "Beijing"}
    assert address_places(["Islamabad, Islamabad Urban"]) == {
        ("islamabad",): "Islamabad",
        ("islamabad", "urban"): "Islamabad Urban",
    }


def test_an_address_country_alone_agrees_with_the_query_country(db):
    entity = f.EntityFactory(name="Orion Shipping")
    f.AddressFactory(entity=entity, city="Karachi", country="PK")
    assert not entity.countries.exists()
    country = next(
        x
        for x in top(MatchQuery("Orion Shipping", country="PK")).features
        if x["feature"] == "country"
    )
    assert country["agrees"] is True


def test_the_exact_primary_name_is_reported_as_the_primary_name(seed):
    import_list("ofac-sdn", OFAC_NDC)
    hit = top(MatchQuery("National Development Complex"))
    assert (hit.name, hit.matched_name, hit.matched_kind) == (
        "National Development Complex",
        "National Development Complex",
        "primary",
    )


def test_between_equal_scores_the_primary_name_wins_whatever_the_index_order(db):
    entity = f.EntityFactory(name="Orion Shipping")
    f.AliasFactory(entity=entity, name="ORION SHIPPING", kind="aka")
    # An index holding the alias before the primary name: the order must not decide.
    index = NameIndex()
    index.load()
    reordered = NameIndex()
    indexed = index.entities[entity.pk]
    reordered.entities[entity.pk] = type(indexed)(entity.pk, indexed.kind, indexed.name)
    for slot in reversed(indexed.slots):
        name = index.names[slot]
        folded = " ".join(name.tokens)
        reordered._add_name(reordered.entities[entity.pk], name.name, folded, name.kind, name.weak)
    assert reordered.names[0].kind == "aka"
    hit = match(MatchQuery("Orion Shipping"), index=reordered)[0]
    assert (hit.score, hit.matched_kind, hit.matched_name) == (1.0, "primary", "Orion Shipping")
