"""Strict parameters: an empty value, page or page size 0, digits outside ASCII are 400s
naming the parameter; a page past the last is a JSON 404."""

from __future__ import annotations

import pytest

from tests.api.test_errors import assert_bad_request
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

ARABIC_THREE = "\u0663"
SUPERSCRIPT_TWO = "\u00b2"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/sources/?published_before=", "published_before"),
        ("/api/v1/entities/?q=", "q"),
        ("/api/v1/entities/?country=%20", "country"),
        ("/api/v1/entities/?ordering=", "ordering"),
        ("/api/v1/designations/?entity_id=", "entity_id"),
        ("/api/v1/entities/1/history/?page=", "page"),
        ("/api/v1/entities/?page=0", "page"),
        ("/api/v1/entities/?page_size=0", "page_size"),
        (f"/api/v1/entities/?page={ARABIC_THREE}", "page"),
        (f"/api/v1/entities/?page={SUPERSCRIPT_TWO}", "page"),
        (f"/api/v1/entities/?page_size={ARABIC_THREE}", "page_size"),
        (f"/api/v1/designations/?entity_id={ARABIC_THREE}", "entity_id"),
        (f"/api/v1/designations/?entity={ARABIC_THREE}", "entity"),
        (f"/api/v1/match/?name=x&limit={ARABIC_THREE}", "limit"),
        (f"/api/v1/match/?name=x&birth_date={ARABIC_THREE * 4}", "birth_date"),
        (f"/api/v1/match/?name=x&birth_date={SUPERSCRIPT_TWO * 4}", "birth_date"),
    ],
)
def test_malformed_parameter_is_a_400_naming_it(anon_client, url, parameter):
    EntityFactory(pk=1)
    assert_bad_request(anon_client.get(url), parameter)


def test_page_past_the_last_is_a_json_404(anon_client):
    EntityFactory()
    response = anon_client.get("/api/v1/entities/?page=2")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_last_page_and_ascii_numbers_still_answer(anon_client):
    EntityFactory()
    assert anon_client.get("/api/v1/entities/?page=last&page_size=1").status_code == 200
    assert anon_client.get("/api/v1/entities/?page=1&page_size=3").status_code == 200
    assert anon_client.get("/api/v1/match/?name=x&limit=3").status_code == 200


def test_the_browsable_api_filter_form_sends_only_filled_fields(anon_client):
    """Empty parameters are refused, so the browsable API's filter form must not send the
    fields left blank (a browser sends them all)."""
    response = anon_client.get("/api/v1/sources/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Field filters" in html
    assert "data-drop-empty-fields" in html
    assert "field.disabled = true" in html
