"""Which search backend answers: chosen by settings.KB_SEARCH_BACKEND, as Wagtail's
WAGTAILSEARCH_BACKENDS and Django's CACHES choose theirs (a name → a class path).

- `whoosh` (default): an index directory per host (KB_INDEX_DIR), fed from the change log.
- `postgres`: the index lives in the PostgreSQL database of DATABASE_URL, shared by every
  host and written in the saving transaction.

`database` is not chosen by the setting: it is the degraded mode used while the chosen
backend cannot answer (backends/database.py).
"""

import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

from articles.search.backends.base import SearchBackend

BACKENDS = {
    "whoosh": "articles.search.backends.whoosh.WhooshBackend",
    "postgres": "articles.search.backends.postgres.PostgresBackend",
}

_backends: dict[tuple, SearchBackend] = {}
_backends_lock = threading.Lock()


def configuration_error(name: str | None = None, vendor: str | None = None) -> str | None:
    """Why backend `name` (default: the setting) cannot run on a database of `vendor`
    (default: the default connection's), or None when it can."""
    name = settings.KB_SEARCH_BACKEND if name is None else name
    vendor = connection.vendor if vendor is None else vendor
    if name not in BACKENDS:
        return (
            f"KB_SEARCH_BACKEND={name!r} is not a search backend: use one of "
            f"{', '.join(sorted(BACKENDS))}."
        )
    if name == "postgres" and vendor != "postgresql":
        return (
            "KB_SEARCH_BACKEND=postgres keeps the index in PostgreSQL, but the database is "
            f"{vendor}: set DATABASE_URL to a PostgreSQL database (postgres://user@host/db) "
            "or use KB_SEARCH_BACKEND=whoosh."
        )
    return None


def backend_class(name: str) -> type[SearchBackend]:
    """The class registered under `name` (raises ImproperlyConfigured for another name)."""
    if name not in BACKENDS:
        raise ImproperlyConfigured(configuration_error(name))
    return import_string(BACKENDS[name])


def get_backend() -> SearchBackend:
    """The configured backend: one object per setting, index directory and process.

    Raises ImproperlyConfigured when the setting names no backend, or `postgres` without
    a PostgreSQL database.
    """
    name = settings.KB_SEARCH_BACKEND
    key = (name, str(settings.KB_INDEX_DIR))
    backend = _backends.get(key)
    if backend is None:
        error = configuration_error(name)
        if error:
            raise ImproperlyConfigured(error)
        with _backends_lock:
            backend = _backends.get(key)
            if backend is None:
                backend = _backends[key] = backend_class(name).from_settings()
    return backend


def forget_backends() -> None:
    """Drop this process's backend objects (their readers and caches with them): the next
    `get_backend()` opens the index afresh, as a new process would."""
    with _backends_lock:
        _backends.clear()
