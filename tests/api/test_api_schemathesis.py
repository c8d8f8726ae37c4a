"""The API does what `/api/openapi.json` says, checked by schemathesis against the WSGI
application in this process, on every search backend of the database under test.

For each operation schemathesis sends requests built from the document — values it
allows and values it forbids — and runs all of its checks on every answer: no 5xx, the
status code and content type documented, the body valid against the documented shape,
every allowed request answered (not refused with a 400) and every forbidden one refused
with a 4xx. A mismatch fails with the request that shows it (a `curl` line).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from kb.wsgi import application

# Reading the document runs no query: it can be loaded while tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _in_the_tests_transaction(search_index, search_backend, settings):
    """Limits off (hundreds of requests from one address), and the test's database
    connection kept open: Django's handler closes it after each request, which the test
    client prevents the same way."""
    settings.KB_RATE_LIMIT = False
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=50,  # per operation and backend: about 5 s each
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_follows_the_document(case):
    # The WSGI client does not undo gzip (public answers are compressed when asked:
    # tests/web/test_compression.py); plain bodies here, so the checks read the JSON.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
