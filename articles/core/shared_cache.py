"""The shared cache (Redis with REDIS_URL, else local memory), read so that an outage of
the cache server slows the site down instead of breaking it.

What the help center keeps there (the next publication boundary, the home page's
listings, the content version) can always be computed again from the database: a cache
that does not answer is treated as empty, and the error is logged at most once a minute.
"""

import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60
# The cache of whole public pages and shared search results (settings.CACHES["pages"]).
PAGE_CACHE_ALIAS = "pages"
# Backends whose entries live in this process only (not shared by workers and hosts).
PER_PROCESS_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
HEALTH_KEY = "kb:healthz"
_last_logged = float("-inf")


def _report(error: Exception) -> None:
    global _last_logged
    if time.monotonic() - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = time.monotonic()
        logger.error("Shared cache unavailable (check REDIS_URL): %s", error)


def cache_get(key: str, default: Any = None, *, alias: str = "default") -> Any:
    """`cache.get(key, default)`, or `default` when the cache does not answer."""
    try:
        return caches[alias].get(key, default)
    except Exception as error:  # noqa: BLE001  (any client error: the cache is optional)
        _report(error)
        return default


def cache_set(key: str, value: Any, timeout: float | None, *, alias: str = "default") -> None:
    """`cache.set(key, value, timeout)` (seconds; None: until deleted); nothing on outage.
    `alias` names the cache in CACHES (`pages`: the page and search-result cache)."""
    try:
        caches[alias].set(key, value, timeout)
    except Exception as error:  # noqa: BLE001
        _report(error)


def cache_delete(key: str) -> None:
    """`cache.delete(key)`; nothing when the cache does not answer."""
    try:
        caches["default"].delete(key)
    except Exception as error:  # noqa: BLE001
        _report(error)


def health() -> dict:
    """For /healthz: does every cache answer? `{"ok": bool, "shared": bool}` plus `error`
    (what failed, naming REDIS_URL) when one does not. `shared` is true when the caches
    are shared by workers and hosts (Redis), false for local memory.

    One read per cache, each bounded by the Redis timeouts (KB_REDIS_TIMEOUT), and
    immediate while the server is skipped after a failure (articles/core/redis_cache.py).
    """
    shared = any(
        config.get("BACKEND") not in PER_PROCESS_BACKENDS for config in settings.CACHES.values()
    )
    for alias in settings.CACHES:
        try:
            caches[alias].get(HEALTH_KEY)
        except Exception as error:  # noqa: BLE001  (reported, not raised: the health check)
            _report(error)
            reason = f"cache {alias!r} does not answer (check REDIS_URL): {error}"
            return {"ok": False, "shared": shared, "error": reason}
    return {"ok": True, "shared": shared}
