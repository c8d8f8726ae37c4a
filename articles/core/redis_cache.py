"""Django's Redis cache backend behind a circuit breaker, so that a Redis that stops
answering costs one short wait, not one per call.

The socket timeouts in OPTIONS (kb/environment.py: KB_REDIS_TIMEOUT) bound each call; a
hung Redis (stopped, overloaded, a network that drops packets) would still cost that wait
on every call of every request. So after a call fails to connect or times out, every
call to that server fails at once with `SharedCacheSkipped` for RETRY_AFTER seconds
(KB_REDIS_RETRY_AFTER), then calls go through again: the first that succeeds closes the
circuit, the first that fails opens it for another period. Callers see the same errors
as when Redis is down, and already treat them as a miss (articles/core/shared_cache.py,
articles/web/throttles.py).

One breaker per server and process (the caches `default` and `pages` on one Redis share
it); other processes notice the outage by their own first timeout. The state machine is
the `circuitbreaker` library's; pybreaker holds a lock for the whole call, which would
queue every cache call of a process's threads behind one another.
"""

import threading
from collections.abc import Callable
from typing import Any

from circuitbreaker import CircuitBreaker
from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Seconds a server is skipped after a failure, unless OPTIONS["RETRY_AFTER"] says otherwise.
DEFAULT_RETRY_AFTER = 5.0
_breakers: dict[tuple[str, ...], CircuitBreaker] = {}
_breakers_lock = threading.Lock()


class SharedCacheSkipped(RedisConnectionError):
    """A call not sent: the server failed shortly before (the circuit is open). A
    ConnectionError, so that it is handled exactly like a Redis that refuses connections."""


def server_breaker(servers: list[str], retry_after: float) -> CircuitBreaker:
    """The breaker of these servers in this process (one failure opens it for
    `retry_after` seconds), made on first use."""
    key = tuple(servers)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = CircuitBreaker(
                failure_threshold=1,
                recovery_timeout=retry_after,
                expected_exception=(RedisConnectionError, RedisTimeoutError),
                name=f"redis {','.join(servers)}",
            )
        return _breakers[key]


def reset_breakers() -> None:
    """Close every circuit of this process (tests; a process that knows Redis is back)."""
    with _breakers_lock:
        for breaker in _breakers.values():
            breaker.reset()


class GuardedClient:
    """Django's RedisCacheClient with each operation (get, set, add, incr, …) passed
    through a breaker: raises SharedCacheSkipped while the circuit is open."""

    def __init__(self, client: Any, breaker: CircuitBreaker) -> None:
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name: str) -> Callable[..., Any]:
        operation = getattr(self._client, name)

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self._breaker.opened:
                raise SharedCacheSkipped(
                    f"not tried for {self._breaker.open_remaining} s more, after: "
                    f"{self._breaker.last_failure}"
                )
            return self._breaker.call(operation, *args, **kwargs)

        return guarded


class CircuitBreakerRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` whose calls go through the breaker
    of its servers. OPTIONS are Django's (passed to redis-py's connection pool:
    `socket_timeout`, `socket_connect_timeout`, in seconds) plus RETRY_AFTER: seconds to
    skip the server after a failed call (0: never skip, each call tries)."""

    def __init__(self, server: str | list[str], params: dict) -> None:
        options = dict(params.get("OPTIONS", {}))
        retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker = server_breaker(self._servers, retry_after) if retry_after > 0 else None

    @cached_property
    def _cache(self) -> Any:
        client = self._class(self._servers, **self._options)
        return client if self._breaker is None else GuardedClient(client, self._breaker)
