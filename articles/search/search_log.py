"""Every search is logged (normalized query, language, result count) for editors.

Logging must never slow or break a search: entries go to an in-process queue that a
background thread writes in batches; if the database is busy or down, entries are dropped
with a warning. Set KB_SEARCH_LOG_ASYNC=0 to write synchronously (tests do).
"""

import atexit
import logging
import queue
import threading

from django.conf import settings
from django.db import close_old_connections

from ..models import SearchLog

logger = logging.getLogger(__name__)

MAX_PENDING = 10_000
BATCH = 200

_pending: queue.Queue = queue.Queue(maxsize=MAX_PENDING)
_writer: threading.Thread | None = None
_writer_lock = threading.Lock()


def record(results) -> None:
    entry = SearchLog(
        query=results.query[:200],
        language=results.lang,
        results=results.total,
        corrected_query=(results.corrected_query or "")[:200],
        fallback=results.fallback,
    )
    if not settings.KB_SEARCH_LOG_ASYNC:
        _write([entry])
        return
    try:
        _pending.put_nowait(entry)
    except queue.Full:
        return  # the writer is far behind: analytics may lose a search, visitors never wait
    _ensure_writer()


def flush() -> None:
    """Write everything queued so far (at exit, and for tests of the async path)."""
    entries = []
    while True:
        try:
            entries.append(_pending.get_nowait())
        except queue.Empty:
            break
    if entries:
        _write(entries)


def _write(entries: list[SearchLog]) -> None:
    try:
        SearchLog.objects.bulk_create(entries, batch_size=BATCH)
    except Exception:  # noqa: BLE001  (a lost log line is better than a failed search)
        logger.warning("Could not write %d search log entries.", len(entries), exc_info=True)


def _ensure_writer() -> None:
    global _writer
    if _writer is not None and _writer.is_alive():
        return
    with _writer_lock:
        if _writer is None or not _writer.is_alive():
            _writer = threading.Thread(target=_run, name="search-log-writer", daemon=True)
            _writer.start()


def _run() -> None:
    while True:
        entries = [_pending.get()]
        while len(entries) < BATCH:
            try:
                entries.append(_pending.get(timeout=0.5))
            except queue.Empty:
                break
        close_old_connections()
        _write(entries)


atexit.register(flush)
