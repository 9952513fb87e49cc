"""The client's address: the connection's, or the Nth X-Forwarded-For entry from the right
behind N trusted proxies; never an entry the client could have written."""

import pytest
from django.test import RequestFactory

from sanctions_tracker.client_ip import client_ip


def _request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_connection_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="1.1.1.1, 2.2.2.2")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # The proxy appended the address it saw; what the client sent is left of it.
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),
        (1, " 6.6.6.6 ,1.1.1.1 ", "1.1.1.1"),
        # Two proxies: the outer one's entry is the client, the inner one's the outer proxy.
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_proxies_the_nth_entry_from_the_right(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(remote="10.0.0.1", forwarded=forwarded)) == expected


def test_fewer_entries_than_proxies_fall_back_to_the_connection(settings):
    """A request that did not pass every proxy proves nothing by its header."""
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(remote="10.0.0.1", forwarded="6.6.6.6")) == "10.0.0.1"
    assert client_ip(_request(remote="10.0.0.1")) == "10.0.0.1"


def test_no_address_is_none(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(remote="")) is None
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(remote="10.0.0.1", forwarded="not-an-address")) is None
