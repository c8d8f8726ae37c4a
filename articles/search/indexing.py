"""Keeping the search index in step with the database.

With a backend fed by the change log (Whoosh), saving an article writes an `IndexChange`
row in the same transaction (`record_change`, called by the signal handlers); after
commit, `sync` applies every change the index has not seen, under the writer lock. The
index stores "last change applied" in the same commit as the documents, so a change can
be applied late (a process of another host noticing it, `request_sync`, see unapplied.py;
/healthz; `sync_search_index`) but never lost.

On PostgreSQL, the PostgreSQL backend's tables are written in the saving transaction
itself: they are the index when KB_SEARCH_BACKEND=postgres, and the degraded mode's index
otherwise (backends/database.py). Rebuilding and checking are in maintenance.py.
"""

import atexit
import logging
import threading
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from articles.core.buffered import BufferedWriter
from articles.models import Article, IndexChange
from articles.search.applier import applier_alive
from articles.search.backends import forget_backends, get_backend
from articles.search.backends.base import IndexBusy, IndexUnavailable, SearchBackend
from articles.search.backends.database import shared_index
from articles.search.documents import article_documents

logger = logging.getLogger(__name__)

# How often a process looks again for changes its index has not applied, when neither the
# content version nor the index changed meanwhile (unapplied.py looks at each change).
CATCH_UP_SECONDS = 5.0


def get_index() -> SearchBackend:
    """The configured search backend (backends.get_backend)."""
    return get_backend()


def transactional_index() -> SearchBackend | None:
    """The index written within saving transactions: the configured backend when it
    needs no change log, else on PostgreSQL the degraded mode's tables, else None."""
    backend = get_backend()
    return backend if not backend.uses_change_log else shared_index()


def reset_readers() -> None:
    """Forget this process's open indexes, as a fresh process would: the next search
    reopens the index files (re-checking their schema). Writers elsewhere are unaffected."""
    forget_backends()


def record_change(article_id: int) -> None:
    """Record that an article changed, inside the saving transaction: in the change log
    (synced after commit), and in the index written in the transaction, if any."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Change-log ids must be assigned in commit order, or a sync could skip one that
        # commits late. Saves are rare: serialize them from here to commit.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x4B42_1DE7])
    if get_backend().uses_change_log:
        IndexChange.objects.create(article_id=article_id)
        # A transaction that saves many articles schedules many syncs: the first applies
        # everything, the others find nothing pending and cost one small query each.
        transaction.on_commit(_sync_after_commit)
    index = transactional_index()
    if index is not None:
        _write_in_transaction(index, article_id)


def _write_in_transaction(index: SearchBackend, article_id: int) -> None:
    article = (
        Article.objects.select_related("category")
        .prefetch_related("translation_states")
        .filter(pk=article_id)
        .first()
    )
    try:
        # No timeout: this is the saving transaction, and the lock is the one it holds.
        with index.batch(timeout=None) as batch:
            batch.replace_article(article_id, article_documents(article) if article else [])
    except IndexUnavailable as error:
        # Never built (or an old schema): `rebuild_search_index` will include this save.
        if str(error) not in _warned:
            _warned.add(str(error))
            logger.warning("Search tables not updated: %s", error)


def record_category_change(category) -> None:
    """A category's slug and names are part of its articles' documents: when one
    changes, log them."""
    if category.slug_changed or category.names_changed:
        for article_id in category.articles.values_list("pk", flat=True):
            record_change(article_id)
        category._loaded_slug, category._loaded_names = category.slug, category._names()


_warned: set[str] = set()


def _sync_after_commit() -> None:
    if applier_alive():
        return  # this host's applier process sees the change within POLL_SECONDS
    if settings.KB_BACKGROUND_WRITES:
        # Applying a save costs 0.3–3 s of Python on two busy cores (analysis, Whoosh
        # writing and merging a segment; profiled under load): the editor's request
        # does not wait for it. Saves queued meanwhile are applied by one sync.
        _queue_sync()
    else:
        _apply_logged_changes()


def _queue_sync() -> None:
    with _queued_lock:
        _queued[0] += 1
    background_sync.add(True)


def request_sync() -> None:
    """Have this process apply, soon, the logged changes its index lacks (another host's
    saves, a save whose process died): in the background thread (KB_BACKGROUND_WRITES),
    once however often it is asked while one is queued; else now, waiting at most 0.5 s
    for the writer lock (another writer holding it applies them anyway). Never raises:
    what is not applied stays in the log for the next request. Nothing while this host's
    applier process runs (applier.py): it applies them."""
    if applier_alive():
        return
    if not settings.KB_BACKGROUND_WRITES:
        _apply_logged_changes(timeout=0.5)
    elif not syncing():
        _queue_sync()


def syncing() -> bool:
    """True while this process has a sync queued or running in its background thread."""
    return _queued[0] > 0


def _apply_queued(requests: list) -> None:
    _apply_logged_changes()
    with _queued_lock:
        _queued[0] -= len(requests)


@atexit.register
def _apply_before_exit() -> None:
    """A command that saved articles (load_sample_content, demo) ends with them in the
    index, even if the background thread is still at work (it would die mid-commit)."""
    if _queued[0] > 0:
        _apply_logged_changes()


def _apply_logged_changes(timeout: float | None = None) -> None:
    try:
        sync(timeout=timeout)
    except (IndexUnavailable, IndexBusy) as error:
        # Said once per problem and process: loading 1,000 articles before the first
        # rebuild must not print 1,000 warnings.
        if str(error) not in _warned:
            _warned.add(str(error))
            logger.warning(
                "Index not updated (the change stays in the log for the next sync): %s", error
            )
    except Exception:  # noqa: BLE001  (the change is in the log; sync_search_index applies it)
        logger.exception("Applying index changes failed; they stay in the log.")


_queued = [0]  # saves handed to the background thread and not yet applied
_queued_lock = threading.Lock()
background_sync = BufferedWriter("index-sync", _apply_queued, linger=0.05, prompt=True)
SYNC_BATCH = 500  # changes applied per index commit


def sync(*, timeout: float | None = None, merge: bool = True) -> int:
    """Apply every logged change the index has not seen yet; return how many articles.
    Then merge small segments, unless `merge` is False (the applier merges when quiet:
    `merge_segments`).

    Safe to run from any number of processes at once: the writer lock serializes them,
    and each reads "last applied" from the index itself under that lock.
    """
    if timeout is None:
        timeout = settings.KB_INDEX_LOCK_TIMEOUT
    index = get_index()
    if not index.uses_change_log:
        return 0  # written in the saving transactions
    if not IndexChange.objects.filter(id__gt=index.status().applied_change_id).exists():
        return 0
    applied_articles = _apply_pending(index, timeout)
    if merge:
        # The changes are searchable now; merging the segments they added comes after.
        merge_segments(timeout=timeout)
    return applied_articles


def merge_segments(*, timeout: float | None = None) -> None:
    """Merge the index's small segments when its policy finds some (a Whoosh index grows a
    segment per commit); nothing when another writer is at work (the next sync merges)."""
    if timeout is None:
        timeout = settings.KB_INDEX_LOCK_TIMEOUT
    with suppress(IndexBusy):
        get_index().merge_segments(timeout=timeout)


def _apply_pending(index: SearchBackend, timeout: float) -> int:
    """Apply the logged changes `index` lacks, SYNC_BATCH per commit; how many articles."""
    applied_articles = 0
    while True:
        with index.batch(timeout=timeout) as batch:
            changes = list(
                IndexChange.objects.filter(id__gt=batch.applied_change_id).order_by("id")[
                    :SYNC_BATCH
                ]
            )
            if not changes:
                return applied_articles
            article_ids = sorted({change.article_id for change in changes})
            articles = (
                Article.objects.select_related("category")
                .prefetch_related("translation_states")
                .in_bulk(article_ids)
            )
            for article_id in article_ids:
                article = articles.get(article_id)
                batch.replace_article(article_id, article_documents(article) if article else [])
            batch.mark_applied(changes[-1].id)
            applied_articles += len(article_ids)
        if not IndexChange.objects.filter(id__gt=changes[-1].id).exists():
            # All applied: no second writer (opening one costs as much as a small save).
            # Changes committed while this batch was written are applied by the next
            # round: their own sync may have given up waiting for this one's lock.
            return applied_articles


def prune_change_log(*, keep_days: int = 30) -> int:
    """Delete change-log rows older than `keep_days` that this index has applied.

    Rows this index has not applied are never deleted. With several hosts, each with its
    own index, a host more than `keep_days` behind needs `rebuild_search_index` (and
    `check_search_index` reports the drift).
    """
    index = get_index()
    applied = index.status().applied_change_id if index.uses_change_log else None
    cutoff = timezone.now() - timedelta(days=keep_days)
    old = IndexChange.objects.filter(created_at__lt=cutoff)
    deleted, _kinds = (old if applied is None else old.filter(id__lte=applied)).delete()
    return deleted
