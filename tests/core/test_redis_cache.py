"""The Redis cache backend: every call bounded by a timeout, and a server that failed is
skipped for a while instead of being waited for again on every call."""

import random
import socket

import circuitbreaker
import pytest
import redis

from articles.core import redis_cache
from articles.core.redis_cache import CircuitBreakerRedisCache, SharedCacheSkipped
from tests.processes import run_django
from tests.silent_server import silent_server


@pytest.fixture(autouse=True)
def _closed_circuits():
    redis_cache.reset_breakers()
    yield
    redis_cache.reset_breakers()


@pytest.fixture
def clock(monkeypatch):
    """The breakers' clock, moved by hand (seconds)."""
    now = [1000.0]
    monkeypatch.setattr(circuitbreaker, "monotonic", lambda: now[0])
    return now


def backend(url: str, **options) -> CircuitBreakerRedisCache:
    options = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, **options}
    return CircuitBreakerRedisCache(url, {"OPTIONS": options})


def test_a_silent_server_times_out_and_is_skipped_meanwhile(clock):
    with silent_server() as server:
        cache = backend(server.url, RETRY_AFTER=5)
        with pytest.raises(redis.exceptions.TimeoutError):
            cache.get("key")
        # Every other call (any operation, any cache on that server) fails at once,
        # without a new connection, as if Redis refused it.
        other = backend(server.url, RETRY_AFTER=5)
        for call in (lambda: cache.get("key"), lambda: cache.add("n", 1), lambda: other.incr("n")):
            with pytest.raises(SharedCacheSkipped) as skipped:
                call()
            assert isinstance(skipped.value, redis.exceptions.ConnectionError)
        assert "Timeout reading from socket" in str(skipped.value)
        assert len(server.accepted) == 1
        clock[0] += 6  # past RETRY_AFTER: the next call tries the server again
        with pytest.raises(redis.exceptions.TimeoutError):
            cache.get("key")
        assert len(server.accepted) == 2


def test_retry_after_0_tries_every_call(clock):
    with silent_server() as server:
        cache = backend(server.url, RETRY_AFTER=0)
        for _ in range(2):
            with pytest.raises(redis.exceptions.TimeoutError):
                cache.get("key")
        assert len(server.accepted) == 2


def test_a_refused_connection_opens_the_circuit_too(clock):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    cache = backend(url)
    with pytest.raises(redis.exceptions.ConnectionError) as refused:
        cache.get("key")
    assert not isinstance(refused.value, SharedCacheSkipped)
    with pytest.raises(SharedCacheSkipped):
        cache.set("key", 1)


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_a_redis_that_answers_serves_every_operation_django_uses(clock):
    if not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = backend(f"redis://127.0.0.1:6379/{random.randint(5, 15)}")
    prefix = f"kb-test-{random.getrandbits(32)}:"
    try:
        assert cache.add(prefix + "n", 1, 30) is True  # django-ratelimit's counting
        assert cache.incr(prefix + "n") == 2
        cache.set(prefix + "page", {"body": "…"}, 30)
        assert cache.get(prefix + "page") == {"body": "…"}
        cache.set_many({prefix + "a": 1, prefix + "b": 2}, 30)
        assert cache.get_many([prefix + "a", prefix + "b"]) == {prefix + "a": 1, prefix + "b": 2}
        with pytest.raises(ValueError):  # a missing key: an answer, not an outage
            cache.incr(prefix + "missing")
        assert cache.get(prefix + "page") is not None
    finally:
        cache.delete_many([prefix + name for name in ("n", "page", "a", "b")])


def test_redis_url_gives_every_call_a_timeout(tmp_path):
    code = (
        "from django.conf import settings; c = settings.CACHES; "
        "print(c['default']['BACKEND'], c['default']['OPTIONS'], c['pages']['OPTIONS'])"
    )
    env = {"KB_DATA_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/4"}
    default = run_django(code, **env)
    assert default.returncode == 0, default.stderr
    options = "{'socket_connect_timeout': 0.5, 'socket_timeout': 0.5, 'RETRY_AFTER': 5.0}"
    assert default.stdout.split(" ", 1) == [
        "articles.core.redis_cache.CircuitBreakerRedisCache",
        f"{options} {options}\n",
    ]
    tuned = run_django(code, **env, KB_REDIS_TIMEOUT="0.2", KB_REDIS_RETRY_AFTER="2")
    assert "'socket_timeout': 0.2, 'RETRY_AFTER': 2.0}" in tuned.stdout
