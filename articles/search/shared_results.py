"""Search results shared by every worker (and host): the second level under each
process's own LRU (`ResultCache` in result_cache.py).

During a spike thousands of visitors type the same few words: the first worker to search
them stores the answer in the `pages` cache (Redis with REDIS_URL, else this process's
memory), keyed by the index version, so every other worker answers from there until the
index changes. An index change (a save, a publication boundary reindexing an article, a
rebuild) changes the version and so the key: results are never older than the index.

A Whoosh index lives on each host's own disk, so its versions are only comparable on one
host: keys of backends fed by the change log carry the host name and index directory.
The PostgreSQL backend's index is the same for every host: its results are shared by all.
"""

import hashlib
import secrets
import socket

from django.conf import settings

from articles.core.shared_cache import PAGE_CACHE_ALIAS, cache_get, cache_set
from articles.publishing.schedules import cache_seconds

HOST = socket.gethostname()
# Part of every key: the same in every process until one calls forget() (clear_caches).
_epoch = ["0"]


def forget() -> None:
    """Stop reading the results other processes stored (a new epoch for this process)."""
    _epoch[0] = secrets.token_hex(8)


def synonyms_digest(table) -> str:
    """A digest of a SynonymTable's groups that is the same in every process (the
    table's own `version` is a Python hash, which differs between interpreters)."""
    digest = getattr(table, "_shared_digest", None)
    if digest is None:
        digest = hashlib.sha1(repr(table.groups).encode(), usedforsecurity=False).hexdigest()
        table._shared_digest = digest
    return digest


def shared_key(index, synonyms, local_key: tuple) -> str | None:
    """The key of `local_key` (the per-process key, whose first two items are the index
    and synonym versions) in the shared cache; None when sharing is off."""
    if not settings.KB_PAGE_CACHE:
        return None
    scope = f"{HOST}:{settings.KB_INDEX_DIR}" if index.uses_change_log else "shared"
    parts = (_epoch[0], index.name, scope, synonyms_digest(synonyms), *local_key)
    return "kb:results:" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


def get(key: str | None):
    """The shared results stored under `key`, or None."""
    return cache_get(key, alias=PAGE_CACHE_ALIAS) if key else None


def put(key: str | None, results) -> None:
    """Keep `results` for KB_PAGE_MAX_AGE seconds at most, never past a boundary."""
    timeout = cache_seconds(settings.KB_PAGE_MAX_AGE)
    if key and timeout > 0:
        cache_set(key, results, timeout, alias=PAGE_CACHE_ALIAS)
