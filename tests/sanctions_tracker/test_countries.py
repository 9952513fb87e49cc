"""A country code someone typed: a stored ISO 3166-1 alpha-2 code, or nothing."""

import pytest
from rest_framework.exceptions import ValidationError

from sanctions_tracker.api.filters import country_code_parameter
from sanctions_tracker.countries import iso_country_code


@pytest.mark.parametrize(
    ("value", "code"),
    [("PK", "PK"), (" pk ", "PK"), ("EU", "EU"), ("PAK", ""), ("Pakistan", ""), ("", "")],
)
def test_iso_country_code_accepts_codes_only(value, code):
    assert iso_country_code(value) == code


def test_country_code_parameter_refuses_a_name():
    assert country_code_parameter("country", "ir") == "IR"
    with pytest.raises(ValidationError) as excinfo:
        country_code_parameter("country", "Iran")
    assert excinfo.value.detail == {
        "country": ["'Iran' is not an ISO 3166-1 alpha-2 country code (e.g. PK)."]
    }
