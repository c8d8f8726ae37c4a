"""Publication windows: articles appear at `publish_at` and disappear at `unpublish_at`.

Every read of what visitors see filters by the window at the current time
(`Article.objects.published()`), so pages, listings, the sitemap and short links are right
to the second. What is kept for a while must not outlive the next boundary:

- cached listings and public pages expire at `next_boundary()` at the latest;
- the search index holds only documents of live articles, so when a boundary passes the
  article's index change is logged and applied (`next_boundary()` does that for every
  boundary it finds passed; searches, suggestions and listings ask it all the time), and
  the index version that keys cached search results changes with it.

No command or cron job is needed for any of it.
"""

import time
from datetime import datetime

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from articles.core.shared_cache import cache_delete, cache_get, cache_set
from articles.models import PublicationBoundary

# Sent once per article (`article_id`) in the transaction that removes its passed boundary:
# the search index follows (articles/signals.py connects it to search.record_change).
publication_boundary_passed = Signal()

NEXT_BOUNDARY_KEY = "kb:next-publication-boundary"
NO_BOUNDARY = "none"
# How long a process may rely on the next boundary it read. Another process's save clears
# it at once when the cache is shared (REDIS_URL; noticed within MEMO_SECONDS); with
# per-process caches a schedule saved elsewhere is noticed within this many seconds.
RECHECK_SECONDS = 5
# Every search, suggestion and public page asks for the next boundary: each process keeps
# what it read for this long (a passed boundary is still noticed at once: it is compared
# with the time on every call), which makes asking cost a microsecond, not a cache read.
MEMO_SECONDS = 0.5
_memo: tuple[float, datetime | str | None] = (float("-inf"), None)


def next_boundary(now: datetime | None = None) -> datetime | None:
    """The next moment (after `now`) an article appears or disappears, or None.

    Boundaries found passed are applied first: their articles' index changes are logged
    (and synced after commit), so search follows the window without any command.
    """
    global _memo
    now = now or timezone.now()
    known = _known_boundary()
    if known == NO_BOUNDARY:
        return None
    if known is not None and known > now:
        return known
    apply_passed_boundaries(now)
    upcoming = PublicationBoundary.objects.order_by("at").values_list("at", flat=True).first()
    cache_set(NEXT_BOUNDARY_KEY, upcoming or NO_BOUNDARY, RECHECK_SECONDS)
    _memo = (time.monotonic(), upcoming or NO_BOUNDARY)
    return upcoming


def _known_boundary() -> datetime | str | None:
    """The next boundary as this process knows it (NO_BOUNDARY, or None when unknown)."""
    global _memo
    read_at, known = _memo
    if time.monotonic() - read_at >= MEMO_SECONDS:
        known = cache_get(NEXT_BOUNDARY_KEY)
        _memo = (time.monotonic(), known)
    return known


def seconds_to_next_boundary(now: datetime | None = None) -> float | None:
    """Seconds from `now` until `next_boundary()`, or None when nothing is scheduled."""
    now = now or timezone.now()
    upcoming = next_boundary(now)
    return None if upcoming is None else max(0.0, (upcoming - now).total_seconds())


def cache_seconds(limit: int, now: datetime | None = None) -> int:
    """`limit`, or fewer seconds when a boundary comes sooner: how long something that
    lists articles may be kept (rounded down: a listing expires early, never late)."""
    remaining = seconds_to_next_boundary(now)
    return limit if remaining is None else min(limit, int(remaining))


def apply_passed_boundaries(now: datetime | None = None) -> int:
    """Log an index change for each article whose boundary has passed; return how many.

    Safe from several processes at once: a boundary is deleted in the transaction that
    logs its change, and logging one twice only costs a second, idempotent sync.
    """
    now = now or timezone.now()
    with transaction.atomic():
        passed = PublicationBoundary.objects.filter(at__lte=now)
        article_ids = sorted(set(passed.values_list("article_id", flat=True)))
        for article_id in article_ids:
            publication_boundary_passed.send(sender=PublicationBoundary, article_id=article_id)
        if article_ids:
            passed.delete()
            forget_next_boundary()
    return len(article_ids)


def forget_next_boundary() -> None:
    """An article was saved: its boundaries may have changed (called with content_changed).
    Forgotten now and again after commit, so no process keeps what it read in between."""
    _forget()
    transaction.on_commit(_forget)


def _forget() -> None:
    forget_remembered_boundary()
    cache_delete(NEXT_BOUNDARY_KEY)


def forget_remembered_boundary() -> None:
    """Drop this process's memo of the next boundary (no database, no shared cache): the
    next call reads it again. For tests, which clear the cache between them."""
    global _memo
    _memo = (float("-inf"), None)
