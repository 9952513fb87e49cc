"""The API keeps the contract its OpenAPI document states, under schemathesis's generated
requests (examples, coverage of each parameter's edges, fuzzing), for an anonymous caller and
for a curator (who may write): no 5xx, only documented status codes and content types, and
bodies that match their schema.

Bounded to stay within a minute per database: few examples per operation, derandomized (the
same cases each run), no deadline. Each operation is one test in its own transaction
(pytest-django's ``db``), rolled back after it, so what one operation writes never leaks
into another's test or the rest of the suite.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sanctions_tracker.wsgi import application
from tests.factories import DesignationFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 5

CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})


def _document() -> dict:
    """The document /api/schema/ serves, generated here: serving it at collection would pass
    the rate limiter, whose counters are in the database (not open before the tests)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_document(), config=CONFIG)
schema.app = application  # requests go to the WSGI application, in this process


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through the WSGI handler, whose request signals close a connection that is
    in a transaction (the test's own, on PostgreSQL): keep it open, as Django's test client
    does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "curator"])
def caller_headers(request, db, django_user_model) -> dict[str, str]:
    """Headers of each kind of caller; throttle counters start at zero for each operation."""
    cache.clear()
    DesignationFactory()  # a few records of each kind for the generated ids to meet
    if request.param == "anonymous":
        return {}
    user = django_user_model.objects.create_user("contract-curator", password="pw")
    user.groups.add(Group.objects.get(name="curators"))
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_its_contract(case, caller_headers):
    case.call_and_validate(headers=caller_headers, checks=CHECKS)
