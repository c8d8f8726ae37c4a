"""Every search is logged (normalized query, language, result count) for editors.

Logging must never slow or break a search: entries are written by a background thread in
batches (articles.core.buffered). Set KB_BACKGROUND_WRITES=0 to write in the request (tests).

The log stays bounded: each process writes at most `KB_SEARCH_LOG_PER_MINUTE` entries a
minute (a flood of distinct queries, from one client with limits off or from many, is
dropped past that, with one warning a minute), and `prune_search_log` deletes entries
(and result clicks) older than `--keep-days` (default KB_SEARCH_LOG_RETENTION_DAYS).
"""

import logging
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone

from articles.core.buffered import BufferedWriter
from articles.models import SearchClick, SearchLog
from articles.search.query_keys import query_key

logger = logging.getLogger(__name__)
writer = BufferedWriter("search-log", lambda entries: SearchLog.objects.bulk_create(entries))
PRUNE_BATCH = 5000  # rows per DELETE: short transactions, so searches never wait long


class MinuteBudget:
    """At most `limit()` admissions per clock minute in this process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._minute = -1
        self._used = 0
        self._dropped = 0

    def admit(self, limit: int) -> bool:
        minute = int(time.time() // 60)
        with self._lock:
            if minute != self._minute:
                if self._dropped:
                    logger.warning(
                        "Search log: %d entries dropped last minute (over %d a minute, "
                        "KB_SEARCH_LOG_PER_MINUTE).",
                        self._dropped,
                        limit,
                    )
                self._minute, self._used, self._dropped = minute, 0, 0
            if self._used < limit:
                self._used += 1
                return True
            self._dropped += 1
            return False


budget = MinuteBudget()


def record(results, *, source: str = SearchLog.Source.VISITOR) -> None:
    """Log one search (`results`: SearchResults) from `source` (a SearchLog.Source value),
    unless this minute's budget is spent."""
    if not budget.admit(settings.KB_SEARCH_LOG_PER_MINUTE):
        return
    entry = SearchLog(
        query=results.query[:200],
        query_key=query_key(results.query),
        language=results.lang,
        results=results.total,
        corrected_query=(results.corrected_query or "")[:200],
        fallback=results.fallback,
        source=source,
    )
    if settings.KB_BACKGROUND_WRITES:
        writer.add(entry)
    else:
        writer.write_now([entry])


def replay_fields(results, *, source: str = SearchLog.Source.VISITOR) -> dict:
    """What record() keeps of `results` from `source`, as keyword arguments for
    record_replayed (the page cache calls it when it serves a cached results page or API
    answer: that search counts too)."""
    return {
        "source": str(source),
        "query": results.query,
        "lang": results.lang,
        "total": results.total,
        "corrected_query": results.corrected_query,
        "fallback": results.fallback,
    }


def record_replayed(*, query: str, lang: str, total: int, corrected_query: str | None,
                    fallback: bool, source: str = SearchLog.Source.VISITOR) -> None:  # fmt: skip
    """record() a search answered from a cached page (fields as replay_fields gives)."""
    record(SimpleNamespace(query=query, lang=lang, total=total,
                           corrected_query=corrected_query, fallback=fallback),
           source=source)  # fmt: skip


def prune(*, keep_days: int) -> int:
    """Delete search-log entries and result clicks older than `keep_days` (≥ 1) days;
    return how many rows.

    Deletes in batches of PRUNE_BATCH rows, so a large backlog never holds the database's
    write lock for long. Raises ValueError for keep_days < 1.
    """
    if keep_days < 1:
        raise ValueError("keep_days must be at least 1")
    cutoff = timezone.now() - timedelta(days=keep_days)
    deleted = 0
    for model in (SearchLog, SearchClick):  # result clicks age out with the searches
        old = model.objects.filter(created_at__lt=cutoff)
        while ids := list(old.values_list("id", flat=True)[:PRUNE_BATCH]):
            deleted += model.objects.filter(id__in=ids).delete()[0]
    return deleted
