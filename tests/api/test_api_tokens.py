"""API tokens: `Authorization: Bearer …` gets its own higher limit and its use counted."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import ApiToken
from articles.models.api_tokens import token_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings, frozen_window):
    settings.KB_RATE_LIMIT = True
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "search": "3/h", "token": "50/h"}


def test_only_a_hash_of_the_token_is_stored(db):
    row, token = ApiToken.issue(name="Zendesk")
    stored = ApiToken.objects.get(pk=row.pk)
    assert token.startswith("kb_") and len(token) > 40
    assert stored.digest == token_digest(token) and token not in stored.digest
    assert stored.hint == token[:10]


def test_a_token_gets_its_own_higher_limit(sample_content, tight_limits):
    _row, token = ApiToken.issue(name="Zendesk")
    anonymous = Client()
    codes = [anonymous.get("/api/articles/1").status_code for _ in range(4)]
    assert codes[-1] == 429 and codes[:3] != [429] * 3
    tool = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert {tool.get("/api/articles/1").status_code for _ in range(10)} <= {200, 404}


def test_each_request_is_counted_on_its_token(sample_content):
    row, token = ApiToken.issue(name="Freshdesk")
    tool = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for _ in range(3):
        tool.get("/api/articles", {"changed_since": "2000-01-01T00:00:00Z"})
    row.refresh_from_db()
    assert row.requests == 3 and row.last_used_at is not None


def test_answers_to_a_token_are_private(search_index):
    _row, token = ApiToken.issue(name="Zendesk")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/search?q=fees")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "public" in Client().get("/api/search?q=fees")["Cache-Control"]


@pytest.mark.parametrize("header", ["Bearer kb_not-a-token", "Basic dXNlcjpwYXNz", "Bearer "])
def test_a_bad_token_is_a_401_not_an_anonymous_call(sample_content, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/search?q=fees")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "token" in response.json()["error"]


def test_a_revoked_token_is_refused(sample_content):
    row, token = ApiToken.issue(name="Old tool")
    row.revoke()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/articles/1")
    assert response.status_code == 401


def test_failed_token_checks_are_limited_per_address_then_cost_no_lookup(
    sample_content, settings, frozen_window
):
    settings.KB_RATE_LIMIT = True
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "bad_token": "10/m"}
    guesses = [Client(HTTP_AUTHORIZATION=f"Bearer kb_{n:040d}") for n in range(120)]
    codes = [guesser.get("/api/articles/1").status_code for guesser in guesses[:10]]
    assert codes == [401] * 10  # each one looked up and refused
    with CaptureQueriesContext(connection) as queries:  # past the limit: no token lookup
        codes = [guesser.get("/api/articles/1").status_code for guesser in guesses[10:]]
    assert codes == [429] * 110
    # Only time-based rechecks of shared state (a slow machine passes their second) may
    # query; never the tokens' table, nor the article.
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert ApiToken._meta.db_table not in tables and "articles_article" not in tables
    refused = guesses[-1].get("/api/search?q=fees")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["retry_after"] > 0


def test_a_valid_token_is_not_held_back_by_other_addresses_failures_or_by_its_own_use(
    sample_content, tight_limits, settings
):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "bad_token": "3/m"}
    _row, token = ApiToken.issue(name="Zendesk")
    guesser = Client(HTTP_AUTHORIZATION="Bearer kb_guess", REMOTE_ADDR="203.0.113.9")
    assert [guesser.get("/api/articles/1").status_code for _ in range(5)] == [401] * 3 + [429] * 2
    tool = Client(HTTP_AUTHORIZATION=f"Bearer {token}")  # from 127.0.0.1
    assert {tool.get("/api/articles/1").status_code for _ in range(12)} <= {200, 404}
