"""ETag and If-Match: every detail names its version, and a write from an older version is
refused (412) instead of overwriting someone else's change unseen."""

from __future__ import annotations

import re
from unittest import mock

import pytest

from entities.models import Entity
from tests import factories as f
from tests.api.base import WRITABLE, Resource

pytestmark = pytest.mark.django_db

_VERSIONS = re.compile(r'"v\d+"')  # every ETag a message names


@pytest.fixture(params=WRITABLE, ids=str)
def spec(request) -> Resource:
    return request.param


def _row(record) -> dict:
    return type(record).objects.filter(pk=record.pk).values().get()


def test_detail_carries_the_version_as_etag(spec, anon_client, curator_client):
    """A detail's ETag is ``"v<version>"``, and follows the version as it rises."""
    record = spec.make()
    url = spec.detail_url(record)
    assert anon_client.get(url)["ETag"] == '"v1"'

    curator_client.patch(url, spec.patch, format="json", HTTP_IF_MATCH='"v1"')
    curator_client.patch(url, spec.patch, format="json", HTTP_IF_MATCH='"v2"')

    assert anon_client.get(url)["ETag"] == '"v3"'
    assert anon_client.get(url).json()["version"] == 3


def test_if_none_match_with_the_current_etag_is_304(anon_client):
    """A client holding the current version gets 304 with no body; with an older one, 200."""
    entity = f.EntityFactory()
    url = f"/api/v1/entities/{entity.pk}/"

    fresh = anon_client.get(url, HTTP_IF_NONE_MATCH='"v1"')
    stale = anon_client.get(url, HTTP_IF_NONE_MATCH='"v0", "v7"')

    assert fresh.status_code == 304
    assert fresh.content == b""
    assert fresh["ETag"] == '"v1"'
    assert stale.status_code == 200
    assert stale.json()["id"] == entity.pk


@pytest.mark.parametrize("header", ['W/"v1"', "*"])
def test_if_none_match_uses_the_weak_comparison(anon_client, header):
    """A weakened copy of the current ETag, or ``*``, in If-None-Match is a 304 too."""
    entity = f.EntityFactory()

    response = anon_client.get(f"/api/v1/entities/{entity.pk}/", HTTP_IF_NONE_MATCH=header)

    assert response.status_code == 304


@pytest.mark.parametrize("method", ["put", "patch"])
def test_write_with_the_current_if_match_succeeds(spec, curator_client, method):
    """PUT or PATCH sending back the ETag just read is 200, with the next version's ETag."""
    record = spec.make()
    url = spec.detail_url(record)
    etag = curator_client.get(url)["ETag"]
    payload = spec.update(record) if method == "put" else spec.patch

    response = getattr(curator_client, method)(url, payload, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.content
    assert response["ETag"] == '"v2"'
    assert type(record).objects.get(pk=record.pk).version == 2


@pytest.mark.parametrize("method", ["put", "patch"])
def test_write_with_a_stale_if_match_is_412_and_changes_nothing(spec, curator_client, method):
    """After someone else's update, a write naming the version read before is 412 with an
    explanation, and the row stays exactly as the other update left it."""
    record = spec.make()
    url = spec.detail_url(record)
    etag = curator_client.get(url)["ETag"]
    another = curator_client.patch(url, spec.patch, format="json", HTTP_IF_MATCH=etag)
    assert another.status_code == 200
    row = _row(record)
    payload = spec.update(record) if method == "put" else spec.patch

    response = getattr(curator_client, method)(url, payload, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert 'does not match the current version "v2"' in response.json()["detail"]
    assert _row(record) == row


def test_if_match_star_and_weak_etags_are_accepted(curator_client):
    """``If-Match: *`` means any version; a weak ETag of the current version matches too."""
    entity = f.EntityFactory()
    url = f"/api/v1/entities/{entity.pk}/"

    star = curator_client.patch(url, {"notes": "one"}, format="json", HTTP_IF_MATCH="*")
    weak = curator_client.patch(url, {"notes": "two"}, format="json", HTTP_IF_MATCH='W/"v2"')

    assert (star.status_code, weak.status_code) == (200, 200)
    assert Entity.objects.get(pk=entity.pk).notes == "two"


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("header", [None, "", "  "], ids=["absent", "empty", "blank"])
def test_a_write_without_if_match_is_428_and_changes_nothing(spec, curator_client, method, header):
    """Without If-Match a client could overwrite a change it never saw: the write is refused
    (428, saying what to send) and the row stays as it was."""
    record = spec.make()
    url = spec.detail_url(record)
    row = _row(record)
    payload = spec.update(record) if method == "put" else spec.patch
    headers = {} if header is None else {"HTTP_IF_MATCH": header}

    response = getattr(curator_client, method)(url, payload, format="json", **headers)

    assert response.status_code == 428, response.content
    assert "If-Match" in response.json()["detail"]
    assert _row(record) == row


def test_a_garbled_if_match_is_412(curator_client):
    """An If-Match that names no version of ours cannot be the current one: 412."""
    entity = f.EntityFactory(name="Before")

    response = curator_client.patch(
        f"/api/v1/entities/{entity.pk}/", {"name": "After"}, format="json", HTTP_IF_MATCH="v1"
    )

    assert response.status_code == 412
    assert Entity.objects.get(pk=entity.pk).name == "Before"


@pytest.mark.parametrize("if_match", ['"v1"', "*"], ids=["with-its-etag", "with-star"])
def test_a_change_between_the_check_and_the_save_is_412_not_500(curator_client, if_match):
    """If another writer saves the record after the If-Match check but before this save,
    the save is refused (412, "changed by someone else"), not a 500, and the client's
    values are not written."""
    entity = f.EntityFactory(name="Original")
    original_full_clean = Entity.full_clean

    def full_clean_after_a_rival_save(self, *args, **kwargs):
        rival = Entity.objects.get(pk=self.pk)
        rival.notes = "the rival's change"
        rival.save()
        return original_full_clean(self, *args, **kwargs)

    with mock.patch.object(Entity, "full_clean", full_clean_after_a_rival_save):
        response = curator_client.patch(
            f"/api/v1/entities/{entity.pk}/",
            {"name": "Mine"},
            format="json",
            HTTP_IF_MATCH=if_match,
        )

    assert response.status_code == 412, response.content
    assert "changed by someone else" in response.json()["detail"]
    assert Entity.objects.get(pk=entity.pk).name == "Original"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_the_428_message_names_the_records_current_etag(spec, curator_client, method):
    """The 428 says which ETag to send: the record's current one (here "v2"), not an example
    of another version."""
    record = spec.make()
    url = spec.detail_url(record)
    first = curator_client.patch(url, spec.patch, format="json", HTTP_IF_MATCH='"v1"')
    assert first.status_code == 200
    payload = spec.update(record) if method == "put" else spec.patch

    response = getattr(curator_client, method)(url, payload, format="json")

    assert response.status_code == 428
    detail = response.json()["detail"]
    assert 'If-Match: "v2"' in detail
    assert set(_VERSIONS.findall(detail)) == {'"v2"'}


def test_the_412_messages_name_the_records_current_etag(curator_client):
    """A stale If-Match, and a save that lost a race after the check, both name the record's
    current ETag and no other version in ETag form."""
    entity = f.EntityFactory(name="Original")
    url = f"/api/v1/entities/{entity.pk}/"
    curator_client.patch(url, {"notes": "one"}, format="json", HTTP_IF_MATCH='"v1"')

    stale = curator_client.patch(url, {"notes": "two"}, format="json", HTTP_IF_MATCH='"v1"')

    assert stale.status_code == 412
    assert 'current version "v2"' in stale.json()["detail"]

    original_full_clean = Entity.full_clean

    def full_clean_after_a_rival_save(self, *args, **kwargs):
        rival = Entity.objects.get(pk=self.pk)
        rival.notes = "the rival's change"
        rival.save()
        return original_full_clean(self, *args, **kwargs)

    with mock.patch.object(Entity, "full_clean", full_clean_after_a_rival_save):
        raced = curator_client.patch(url, {"name": "Mine"}, format="json", HTTP_IF_MATCH='"v2"')

    assert raced.status_code == 412
    assert set(_VERSIONS.findall(raced.json()["detail"])) == {'"v3"'}
