"""Full-text search of the help center: the public API.

    search(text, lang, category=None, page=1, per_page=10) -> SearchResults
    suggest(text, lang, limit=8) -> list[Suggestion]
    record_change(article_id)   # in the saving transaction (signals call it)
    sync() / rebuild() / check() / health()

The database is the truth; the index is a derived cache fed by a change log
(`IndexChange`) that is written in the same transaction as the save and applied after
commit, so no committed change is ever lost (see `sync`). A missing or broken index
degrades search to a database query, logged and reported by /healthz, never to a 500.
"""

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ..models import Article, IndexChange, SynonymGroup, language_codes
from . import search_log
from .analysis import analyzer_for
from .backend import Hit, IndexBusy, IndexUnavailable, WhooshIndex
from .documents import article_documents, document_id
from .query import SynonymTable, normalize_query, plan_query, replace_words

__all__ = [
    "IndexBusy",
    "IndexUnavailable",
    "SearchResults",
    "check",
    "health",
    "normalize_query",
    "rebuild",
    "record_category_change",
    "record_change",
    "search",
    "suggest",
    "sync",
]

logger = logging.getLogger(__name__)

FALLBACK_LANGUAGE = "en"
FEW_RESULTS = 3  # below this many, a spelling correction is worth trying
SYNONYM_TTL = 30.0  # seconds another process's synonym edits take to apply here
CATCH_UP_SECONDS = 5.0  # how often a reader looks for changes nobody applied yet


@dataclass
class SearchResults:
    query: str
    lang: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    corrected_query: str | None = None
    fallback: bool = False  # hits are English because the language had no match
    degraded: bool = False  # the index was unavailable: a slower database search
    page: int = 1
    per_page: int = 10
    category_counts: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


# --- the index of this process ------------------------------------------------------
_indexes: dict[str, WhooshIndex] = {}
_indexes_lock = threading.Lock()


def get_index() -> WhooshIndex:
    """The index at settings.KB_INDEX_DIR (one object per directory and process)."""
    root = str(settings.KB_INDEX_DIR)
    index = _indexes.get(root)
    if index is None:
        with _indexes_lock:
            index = _indexes.setdefault(root, WhooshIndex(root, language_codes()))
    return index


# --- results of recent searches ------------------------------------------------------
class ResultCache:
    """A small LRU of search results. Keys include the index version and the synonyms'
    version, so any index change or synonym edit makes old entries unreachable."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_results_cache = ResultCache()


# --- synonyms (database, applied at query time) ---------------------------------------
_synonyms: dict[str, tuple[float, SynonymTable]] = {}


def synonyms_changed() -> None:
    _synonyms.clear()
    _results_cache.clear()


def synonym_table(lang: str) -> SynonymTable:
    cached = _synonyms.get(lang)
    if cached and time.monotonic() - cached[0] < SYNONYM_TTL:
        return cached[1]
    try:
        groups = [
            group.term_list()
            for group in SynonymGroup.objects.filter(language=lang, is_active=True).order_by("pk")
        ]
    except DatabaseError:
        # Searching without synonyms beats not searching; try again on the next search.
        logger.exception("Could not load the synonyms of %s.", lang)
        return SynonymTable(lang, [])
    table = SynonymTable(lang, groups)
    _synonyms[lang] = (time.monotonic(), table)
    return table


# --- searching ------------------------------------------------------------------------
def search(
    text: str,
    lang: str,
    *,
    category: str | None = None,
    page: int = 1,
    per_page: int = 10,
    log: bool = True,
    correct: bool = True,
    facets: bool = False,
) -> SearchResults:
    """Search published articles in `lang` for what a visitor typed.

    Words only (no query syntax); synonyms expanded; a spelling correction when the query
    finds little; English results (`fallback=True`) when `lang` has no match at all.
    """
    normalized = normalize_query(text)
    results = SearchResults(query=normalized, lang=lang, page=page, per_page=per_page)
    if not normalized:
        return results
    try:
        _catch_up()
        synonyms = synonym_table(lang)
        key = (
            get_index().version(),
            synonyms.version,
            lang,
            normalized.casefold(),
            category,
            page,
            per_page,
            correct,
            facets,
        )
        cached = _results_cache.get(key)
        if cached is not None:
            results = replace(cached)
        else:
            _search_index(results, normalized, lang, category, correct=correct, facets=facets)
            _results_cache.put(key, replace(results))
    except IndexUnavailable as error:
        logger.error("Search index unavailable, searching the database instead: %s", error)
        _search_database(results, normalized, lang, category)
    if log:
        search_log.record(results)
    return results


def _search_index(
    results: SearchResults,
    text: str,
    lang: str,
    category: str | None,
    *,
    correct: bool,
    facets: bool,
) -> None:
    index = get_index()
    offset = (results.page - 1) * results.per_page
    plan = plan_query(text, lang, synonym_table(lang))
    page = index.search(
        plan, category=category, offset=offset, limit=results.per_page, facets=facets
    )
    if correct and page.total < FEW_RESULTS and plan.words:
        fixes = index.corrections(lang, plan.words)
        if fixes:
            corrected = replace_words(text, lang, fixes)
            better = index.search(
                plan_query(corrected, lang, synonym_table(lang)),
                category=category,
                offset=offset,
                limit=results.per_page,
                facets=facets,
            )
            if better.total > page.total:
                page, results.corrected_query = better, corrected
    if page.total == 0 and lang != FALLBACK_LANGUAGE and not category:
        english = plan_query(text, FALLBACK_LANGUAGE, synonym_table(FALLBACK_LANGUAGE))
        fallback = index.search(
            english, category=None, offset=offset, limit=results.per_page, facets=facets
        )
        if fallback.total:
            page, results.fallback = fallback, True
    results.total, results.hits, results.category_counts = (
        page.total,
        page.hits,
        page.category_counts,
    )


def _search_database(results: SearchResults, text: str, lang: str, category: str | None) -> None:
    from ..selectors import database_search

    results.degraded = True
    words = analyzer_for(lang).words(text)[:8] or [text]
    found = database_search(words, lang, category=category)
    offset = (results.page - 1) * results.per_page
    results.total = len(found)
    results.hits = found[offset : offset + results.per_page]


def suggest(text: str, lang: str, *, limit: int = 8) -> list[Hit]:
    """Titles matching what is typed so far (prefixes of title words), best first."""
    normalized = normalize_query(text)
    words = analyzer_for(lang).words(normalized)
    if not words:
        return []
    try:
        entries = get_index().suggest(lang, words, limit)
    except IndexUnavailable as error:
        logger.error("Search index unavailable for suggestions: %s", error)
        return []
    return [
        Hit(
            article_id=e["article_id"],
            lang=lang,
            slug=e["slug"],
            category=e["category"],
            title=e["title"],
            summary="",
            snippet="",
            score=0.0,
        )
        for e in entries
    ]


# --- keeping the index in step with the database --------------------------------------
def record_change(article_id: int) -> None:
    """Log that an article changed, inside the saving transaction; sync after commit."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Change-log ids must be assigned in commit order, or a sync could skip one that
        # commits late. Saves are rare: serialize them from here to commit.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x4B42_1DE7])
    IndexChange.objects.create(article_id=article_id)
    # A transaction that saves many articles schedules many syncs: the first applies
    # everything, the others find nothing pending and cost one small query each.
    transaction.on_commit(_sync_after_commit)


def record_category_change(category) -> None:
    """A category's slug is part of its articles' documents: when it changes, log them."""
    if category.slug_changed:
        for article_id in category.articles.values_list("pk", flat=True):
            record_change(article_id)
        category._loaded_slug = category.slug


_warned: set[str] = set()


def _sync_after_commit() -> None:
    try:
        sync()
    except (IndexUnavailable, IndexBusy) as error:
        # Said once per problem and process: loading 1,000 articles before the first
        # rebuild must not print 1,000 warnings.
        if str(error) not in _warned:
            _warned.add(str(error))
            logger.warning(
                "Index not updated after commit (the change stays in the log): %s", error
            )
    except Exception:  # noqa: BLE001  (the change is in the log; sync_search_index applies it)
        logger.exception("Applying index changes after commit failed; they stay in the log.")


def sync(*, timeout: float | None = None) -> int:
    """Apply every logged change the index has not seen yet; return how many articles.

    Safe to run from any number of processes at once: the writer lock serializes them,
    and each reads "last applied" from the index itself under that lock.
    """
    if timeout is None:
        timeout = settings.KB_INDEX_LOCK_TIMEOUT
    index = get_index()
    if not IndexChange.objects.filter(id__gt=index.status().applied_change_id).exists():
        return 0
    applied_articles = 0
    while True:
        with index.batch(timeout=timeout) as batch:
            changes = list(
                IndexChange.objects.filter(id__gt=batch.applied_change_id).order_by("id")[:500]
            )
            if not changes:
                return applied_articles
            article_ids = sorted({change.article_id for change in changes})
            articles = Article.objects.select_related("category").in_bulk(article_ids)
            for article_id in article_ids:
                article = articles.get(article_id)
                batch.replace_article(article_id, article_documents(article) if article else [])
            batch.mark_applied(changes[-1].id)
            applied_articles += len(article_ids)


_last_catch_up = [0.0]


def _catch_up() -> None:
    """Now and then, apply changes that no process applied (one died after its commit)."""
    now = time.monotonic()
    if now - _last_catch_up[0] < CATCH_UP_SECONDS:
        return
    _last_catch_up[0] = now
    try:
        latest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        if latest > get_index().status().applied_change_id:
            sync(timeout=0.5)
    except IndexBusy:
        pass  # someone else is writing: they will apply it
    except IndexUnavailable:
        raise
    except Exception:  # noqa: BLE001  (catching up must never break a search)
        logger.exception("Catching up the search index failed.")


def rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the index from the database beside the old one, swap, then catch up."""
    latest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    articles = Article.objects.published().select_related("category").order_by("pk")

    def documents():
        for article in articles.iterator(chunk_size=200):
            yield from article_documents(article)
            if progress:
                progress(1)

    status = get_index().rebuild(documents(), applied_change_id=latest)
    sync()  # changes saved while we were building
    return status.documents


def expected_documents() -> dict[str, str]:
    """doc_id → version of every document the database says the index must hold."""
    expected = {}
    for article in Article.objects.published().select_related("category"):
        version = article.updated_at.isoformat()
        for lang in language_codes():
            if article.is_translated(lang):
                expected[document_id(article.pk, lang)] = version
    return expected


@dataclass
class DriftReport:
    missing: list[str]
    stale: list[str]
    extra: list[str]
    pending_changes: int

    @property
    def in_step(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.pending_changes)


def check() -> DriftReport:
    """Compare the database with the index (raises IndexUnavailable if there is none)."""
    index = get_index()
    indexed = index.stored_versions()
    expected = expected_documents()
    applied = index.status().applied_change_id
    return DriftReport(
        missing=sorted(set(expected) - set(indexed)),
        stale=sorted(k for k in expected.keys() & indexed.keys() if expected[k] != indexed[k]),
        extra=sorted(set(indexed) - set(expected)),
        pending_changes=IndexChange.objects.filter(id__gt=applied).count(),
    )


def health() -> dict:
    """For /healthz: is the index there, of the right schema, and in step?"""
    try:
        status = get_index().status()
    except IndexUnavailable as error:
        return {"ok": False, "error": str(error)}
    pending = IndexChange.objects.filter(id__gt=status.applied_change_id)
    # A change is normally applied within a second of its commit; one older than this
    # was lost by its process and waits for the next sync.
    overdue = pending.filter(created_at__lt=timezone.now() - timedelta(seconds=60)).exists()
    return {
        "ok": not overdue,
        "documents": status.documents,
        "generation": status.generation,
        "applied_change_id": status.applied_change_id,
        "pending_changes": pending.count(),
    }
