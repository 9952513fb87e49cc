"""Issue 12: the entity admin's search falls back to the screening index when its exact
search finds nothing, and says so; through a registry, so that entities never imports
screening."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages

from entities.models import Entity
from importer.services import import_list
from sanctions_tracker import admin_search
from tests import factories as f
from tests.admin import admin_url
from tests.importer.conftest import UN_SAMPLE

pytestmark = pytest.mark.django_db


def search(client, term: str):
    return client.get(admin_url(Entity, "changelist"), {"q": term})


def shown(response) -> list[str]:
    return [obj.name for obj in response.context["cl"].result_list]


def notes(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def un_sample(seed):
    import_list("un-sc", UN_SAMPLE)


@pytest.fixture
def reader_client(client, django_user_model):
    user = django_user_model.objects.create_user("reader", "r@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="readers"))
    client.force_login(user)
    return client


def test_a_typo_finds_zawahiri_through_screening_and_says_so(reader_client, un_sample):
    response = search(reader_client, "al zawahri")
    assert response.status_code == 200
    assert shown(response) == ["AIMAN MUHAMMED RABI AL-ZAWAHIRI"]
    assert notes(response) == ["No exact match; showing 1 similar name from screening."]
    assert "No exact match; showing 1 similar name from screening." in response.text


def test_an_exact_hit_does_not_fall_back(admin_client_logged_in, un_sample):
    response = search(admin_client_logged_in, "zawahiri")
    assert shown(response) == ["AIMAN MUHAMMED RABI AL-ZAWAHIRI"]
    assert notes(response) == []


def test_nothing_similar_shows_nothing_and_no_message(admin_client_logged_in, un_sample):
    response = search(admin_client_logged_in, "qwxz plorf")
    assert shown(response) == []
    assert notes(response) == []


def test_the_fallback_keeps_the_filters(admin_client_logged_in):
    f.EntityFactory(name="Orion Shipping Company", kind="company")
    f.EntityFactory(name="Orion Shipping Company", kind="vessel")
    response = admin_client_logged_in.get(
        admin_url(Entity, "changelist"), {"q": "orion shiping company", "kind__exact": "vessel"}
    )
    assert [e.kind for e in response.context["cl"].result_list] == ["vessel"]
    assert notes(response) == ["No exact match; showing 1 similar name from screening."]


def test_fallback_query_count_does_not_grow_with_the_names_found(
    admin_client_logged_in, django_assert_num_queries
):
    def similar(count):
        for i in range(count):
            f.EntityFactory(name=f"Orion Shipping {i:03d}")

    similar(1)
    search(admin_client_logged_in, "orion shiping")  # warm the session and the index
    with django_assert_num_queries(11):
        assert len(shown(search(admin_client_logged_in, "orion shiping"))) == 1
    similar(15)
    search(admin_client_logged_in, "warm the index again")
    with django_assert_num_queries(11):
        assert len(shown(search(admin_client_logged_in, "orion shiping"))) == 16


def test_the_registry_answers_nothing_for_a_model_nobody_registered():
    assert admin_search.fallback(Group, "anything") == []
    assert admin_search.fallback(Entity, "   ") == []


def test_the_message_counts_in_words():
    assert (
        admin_search.fallback_message(2)
        == "No exact match; showing 2 similar names from screening."
    )
