"""The export's format checks (entities.ftm.values) accept what ``followthemoney`` accepts
of a formatted identifier, an e-mail address or a URL, so that no value the export writes
to such a property is dropped by an FtM reader; partial dates become FtM prefix dates."""

from __future__ import annotations

import pytest
from followthemoney.types import registry

from entities.ftm import values
from sanctions_tracker.partial_dates import PartialDate

SAMPLES = {
    "imo": ["9176187", "IMO 9176187", "IMO9176187", "9176188", "0000000", "917618", "IMO", ""],
    "lei": [
        "5493001KJTIIGC8Y1R12",
        "5493001kjtiigc8y1r12",
        "5493001KJTIIGC8Y1R13",
        "5493001KJTIIGC8Y1R1",
        "NOT-A-LEI",
    ],
    "bic": ["DEUTDEFF", "DEUTDEFF500", "deutdeff", "DEUTXXFF", "DEUT1EFF", "DEUTDEF", ""],
    "uscc": [
        "91110102400000018P",
        "91110000600037341L",
        "91110000600037341M",
        "9111000060003734",
        "I1110000600037341L",
    ],
    "email": [
        "info@example.org",
        "INFO@EXAMPLE.ORG",
        "mailto:a.b@mail.example.ru",
        "PRIYEMNAYA@YGDU",
        "no at sign",
        "two words@example.org",
        "a@b@example.org",
        "a@-bad-.org",
    ],
    "url": [
        "www.vtb.com",
        "http://www.rshb.ru",
        "HTTPS://www.example.org/a?b=1#c",
        "http://example.org?q=1",
        "example.org:8080",
        "ftp://example.org",
        "https://example.org/a b",
        "http://exa mple.org",
        "n/a",
        "",
    ],
}
FTM_TYPES = {"email": registry.email, "url": registry.url}


@pytest.mark.parametrize(
    ("check", "value"), [(check, value) for check, found in SAMPLES.items() for value in found]
)
def test_the_checks_agree_with_followthemoney(check, value):
    ftm_type = FTM_TYPES.get(check, registry.identifier)
    ftm_format = None if check in FTM_TYPES else check

    ours = values.checked(value, check)

    assert (ours is not None) == ftm_type.validate(value, format=ftm_format), ours
    if ours is not None:
        assert ftm_type.validate(ours, format=ftm_format)
    if check == "url":  # written as FtM cleans it, so no two values are one to FtM
        assert ours == registry.url.clean(value)


def test_an_imo_number_is_written_as_openSanctions_writes_it():
    assert values.imo("9176187") == "IMO9176187"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1980", ["1980"]),
        ("1980-05", ["1980-05"]),
        ("1980-05-03", ["1980-05-03"]),
        ("1960/1965", ["1960", "1965"]),
        ("1960-03/1961-04-02", ["1960-03", "1961-04-02"]),
        ("", []),
    ],
)
def test_partial_dates_keep_their_precision(date, expected):
    partial = PartialDate.parse(date)
    prefixes = values.prefix_dates(partial)
    assert prefixes == expected
    assert all(registry.date.clean_text(p) == p for p in prefixes)
