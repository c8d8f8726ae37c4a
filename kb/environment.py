"""Reading the environment for kb/settings.py: typed variables and the settings built from
several of them (database, caches, logging, the secret key).

Functions only, no Django import: settings.py calls them once at start-up. docs/operating.md
("Configuration") lists every variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url


def env_bool(name: str, default: bool = False) -> bool:
    """The variable `name` as a boolean: 1, true, yes or on (any case) is True; unset or
    empty is `default`; anything else is False."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """The variable `name` (else `default`) split at commas, items stripped, empties gone."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key(data_dir: Path) -> str:
    """DJANGO_SECRET_KEY, else a key generated once and kept in `data_dir`/secret_key (0600).

    The demo then needs no setup and never runs on a key published in the repository.
    """
    if os.environ.get("DJANGO_SECRET_KEY"):
        return os.environ["DJANGO_SECRET_KEY"]
    key_file = data_dir / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        # O_EXCL: when two processes start at once, one writes and both read the same key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return key_file.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def database_settings(data_dir: Path) -> dict:
    """DATABASES["default"]: DATABASE_URL (PostgreSQL; connections kept 60 s, checked before
    reuse), else SQLite at `data_dir`/kb.sqlite3 in WAL mode with IMMEDIATE transactions."""
    if os.environ.get("DATABASE_URL"):
        return dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": data_dir / "kb.sqlite3",
        # Keep connections (per thread) instead of reopening the file and replaying the
        # PRAGMAs on every request.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
            # BEGIN, so a read-then-write transaction waits for the lock (up to the timeout)
            # instead of failing with "database is locked" when it upgrades.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def cache_settings(page_entries: int) -> dict:
    """CACHES: "default" (rate limits, listings, schedules) and "pages" (visitors' pages and
    search results, articles/web/page_cache.py). With REDIS_URL both live in Redis, shared by
    every worker and host; without it, local memory per process, the pages cache bounded
    to `page_entries` entries.

    Every Redis call waits KB_REDIS_TIMEOUT seconds (0.5) at most to connect and as long
    for an answer; after a call that failed, Redis is skipped for KB_REDIS_RETRY_AFTER
    seconds (5) by that process (articles/core/redis_cache.py). A Redis that stops
    answering then costs what a Redis that is down costs: pages served uncached, limits
    uncounted.
    """
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        timeout = _redis_timeout()
        default = {
            "BACKEND": "articles.core.redis_cache.CircuitBreakerRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "kb",
            "OPTIONS": {
                # redis-py's defaults are None: a hung Redis holds a request forever.
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
                "RETRY_AFTER": float(os.environ.get("KB_REDIS_RETRY_AFTER") or "5"),
            },
        }
        return {"default": default, "pages": {**default, "KEY_PREFIX": "kb-pages"}}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kb-pages",
            "OPTIONS": {"MAX_ENTRIES": page_entries},
        },
    }


# Seconds a chat process's Redis call may wait for an answer (publish, subscribe): a
# hung Redis fails a send within this, like one that is down. Receiving never blocks on
# it: the pub/sub layer polls its subscription every 0.1 s.
CHAT_REDIS_TIMEOUT = 2


def _redis_timeout() -> float:
    """KB_REDIS_TIMEOUT: seconds a Redis call may wait to connect (and the cache, to read)."""
    return float(os.environ.get("KB_REDIS_TIMEOUT") or "0.5")


def channel_layer_settings() -> dict:
    """CHANNEL_LAYERS: channels-redis on REDIS_URL (events reach every worker and host),
    else Channels' in-memory layer (one process: the demo, tests).

    The Redis layer is channels-redis's pub/sub one (RedisPubSubChannelLayer): a group's
    event is one PUBLISH, received once per process and handed to that process's sockets
    in memory, where the list-based RedisChannelLayer pushes and pops it once per socket
    (at 50 workspaces, 50 Redis round trips per event) and drops events for a socket
    whose queue of 100 is full. Neither keeps an event for a socket that is not there:
    the database does (a rejoin or reload reads the conversation).
    """
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        host = {
            "address": redis_url,
            # A hung Redis must not hold a consumer: it fails like one that is down.
            "socket_connect_timeout": _redis_timeout(),
            "socket_timeout": CHAT_REDIS_TIMEOUT,
        }
        return {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [host], "prefix": "kb-chat"},
            }
        }
    return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def logging_settings() -> dict:
    """LOGGING: to the console, plain text or (KB_LOG_FORMAT=json) one JSON object per line
    (time, level, logger, process, message, exception); KB_LOG_LEVEL (INFO) for the root.
    Status-link tokens of contact requests are hidden from every line (Django logs the
    paths of 4xx answers)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
            "json": {"()": "kb.logs.JsonFormatter"},
        },
        "filters": {"status_tokens": {"()": "articles.support.log_filter.HideStatusTokens"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if os.environ.get("KB_LOG_FORMAT") == "json" else "plain",
                "filters": ["status_tokens"],
            }
        },
        "root": {"handlers": ["console"], "level": os.environ.get("KB_LOG_LEVEL", "INFO")},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "django.request": {"handlers": ["console"], "propagate": False},
            "django.server": {"handlers": ["console"], "propagate": False},
            "jieba": {"level": "WARNING"},
            # django-axes: failures and lockouts are warnings; its per-request chatter is not.
            "axes": {"level": "WARNING"},
        },
    }


def image_settings() -> dict:
    """The upload limits of images (docs/editors.md "Images", docs/security.md): {setting
    name: value} from the environment — KB_IMAGE_MAX_BYTES, the decoded-size limits
    (pixels of a frame, frames, pixels of all frames), the decoding process's wall-clock
    seconds and bytes of memory, and KB_IMAGE_ORIGINS (other origins article bodies may
    show images from; every other <img> is dropped, and the CSP allows only these).
    Raises ValueError for a number that is not one."""
    KB_IMAGE_MAX_BYTES = int(os.environ.get("KB_IMAGE_MAX_BYTES", str(5 * 1024 * 1024)))
    # Decoded size limits, checked from the header: a small file can decode to gigabytes.
    # Width × height of one frame; frames of an animation; width × height × frames.
    KB_IMAGE_MAX_PIXELS = int(os.environ.get("KB_IMAGE_MAX_PIXELS", str(40_000_000)))
    KB_IMAGE_MAX_FRAMES = int(os.environ.get("KB_IMAGE_MAX_FRAMES", "200"))
    KB_IMAGE_MAX_TOTAL_PIXELS = int(os.environ.get("KB_IMAGE_MAX_TOTAL_PIXELS", str(50_000_000)))
    # The process that decodes an upload (articles/publishing/image_sandbox.py) is killed after
    # this many seconds (wall clock, and as many of CPU), and may map at most this many bytes.
    KB_IMAGE_DECODE_SECONDS = float(os.environ.get("KB_IMAGE_DECODE_SECONDS", "10"))
    KB_IMAGE_DECODE_MEMORY = int(os.environ.get("KB_IMAGE_DECODE_MEMORY", str(1024**3)))
    # Other origins article bodies may show images from ("https://cdn.example.com"): every
    # other <img> is dropped by the sanitizer (tracking pixels), and the CSP allows only these.
    KB_IMAGE_ORIGINS = [origin.rstrip("/") for origin in env_list("KB_IMAGE_ORIGINS", "")]
    return {name: value for name, value in locals().items() if name.isupper()}


def http_cache_settings() -> dict:
    """What browsers and shared caches are told about public pages (articles/web/
    middleware.py, shared_caches.py; docs/operating.md): {setting name: value}.

    KB_PAGE_MAX_AGE: seconds a browser may reuse a public page before revalidating it.
    KB_CACHE_PURGE_URLS: the URLs of a CDN or reverse proxy in front that accept our PURGE
    after each content change ("http://127.0.0.1:6081/", comma-separated). Unset, shared
    caches may keep a page 1 second (s-maxage=1); set, KB_SHARED_MAX_AGE seconds plus
    KB_STALE_WHILE_REVALIDATE while they fetch a new copy, and every change purges them at
    once and again KB_PURGE_REPEAT_SECONDS later. Raises ValueError for a bad number."""
    KB_PAGE_MAX_AGE = int(os.environ.get("KB_PAGE_MAX_AGE", "60"))
    KB_CACHE_PURGE_URLS = env_list("KB_CACHE_PURGE_URLS", "")
    KB_SHARED_MAX_AGE = int(os.environ.get("KB_SHARED_MAX_AGE", "86400"))
    KB_STALE_WHILE_REVALIDATE = int(os.environ.get("KB_STALE_WHILE_REVALIDATE", "30"))
    KB_PURGE_REPEAT_SECONDS = float(os.environ.get("KB_PURGE_REPEAT_SECONDS", "1"))
    return {name: value for name, value in locals().items() if name.isupper()}
