"""/healthz reports the shared cache: one that does not answer leaves the host serving
(200) but says so (`degraded`, `cache.error`)."""

import pytest

from articles.core import redis_cache
from tests.silent_server import silent_server

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _closed_circuits():
    redis_cache.reset_breakers()
    yield
    redis_cache.reset_breakers()


def redis_caches(url: str) -> dict:
    config = {
        "BACKEND": "articles.core.redis_cache.CircuitBreakerRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
    }
    return {"default": config, "pages": {**config, "KEY_PREFIX": "pages"}}


def test_healthz_reports_a_cache_that_answers(client, search_index):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["degraded"] is False
    assert data["cache"] == {"ok": True, "shared": False}  # local memory in the tests
    assert data["database"] is True and data["index"]["ok"] is True


@pytest.mark.parametrize("failure", ["refused", "silent"])
def test_healthz_says_degraded_when_redis_does_not_answer(client, search_index, settings, failure):
    with silent_server() as server:
        url = "redis://127.0.0.1:1/0" if failure == "refused" else server.url
        settings.CACHES = redis_caches(url)
        for _ in range(2):  # the second while the server is skipped
            response = client.get("/healthz")
            assert response.status_code == 200
            data = response.json()
            assert data["ok"] is True and data["degraded"] is True
            assert data["cache"]["ok"] is False and data["cache"]["shared"] is True
            assert "REDIS_URL" in data["cache"]["error"]
        assert len(server.accepted) == (1 if failure == "silent" else 0)
