"""Full-text search of the help center: the public API.

    search(text, lang, category=None, page=1, per_page=10) -> SearchResults
    suggest(text, lang, limit=8) -> list[Suggestion]
    record_change(article_id)   # in the saving transaction (signals call it)
    sync() / rebuild() / check() / health()

The database is the truth; the index is a derived cache fed by a change log (see
indexing.py: no committed change is ever lost). A missing or broken index degrades search
to a database query, logged and reported by /healthz, never to a 500.

Which index answers is chosen by settings.KB_SEARCH_BACKEND (backends/); how results are
ranked is ranking.py's, whichever it is.

Imports: models, core, and publishing's schedules (the publication window); never the site,
the admin, the API, support, analytics or translations (pyproject.toml's contracts).
"""

import logging
import math
import time
from dataclasses import dataclass, field, replace

from articles.publishing.schedules import next_boundary
from articles.search import rewrites, search_log, shared_results, unapplied
from articles.search.analysis import analyzer_for
from articles.search.backends.base import Hit, IndexBusy, IndexUnavailable, SearchBackend
from articles.search.backends.database import DatabaseBackend
from articles.search.indexing import (
    get_index,
    prune_change_log,
    record_category_change,
    record_change,
    reset_readers,
    sync,
)
from articles.search.maintenance import check, health, rebuild
from articles.search.query import normalize_query, plan_query
from articles.search.ranking import FALLBACK_LANGUAGE, FEW_RESULTS, wants_fallback
from articles.search.synonym_cache import (
    clear_caches,
    results_cache,
    synonym_table,
    synonyms_changed,
)

__all__ = [
    "IndexBusy",
    "IndexUnavailable",
    "SearchResults",
    "check",
    "clear_caches",
    "get_index",
    "health",
    "normalize_query",
    "prune_change_log",
    "rebuild",
    "record_category_change",
    "record_change",
    "reset_readers",
    "search",
    "suggest",
    "sync",
    "synonyms_changed",
]

logger = logging.getLogger(__name__)


@dataclass
class SearchResults:
    query: str
    lang: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    corrected_query: str | None = None
    rewrite: str | None = None  # how corrected_query came about (rewrites.py: "spelling"…)
    fallback: bool = False  # hits are English because the language had no match
    degraded: bool = False  # the index was unavailable: a slower database search
    page: int = 1
    per_page: int = 10
    category_counts: dict[str, int] = field(default_factory=dict)  # strong matches only
    strong: int = 0  # how many of `total` are strong matches (ranking.STRONG_SHARE)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


# --- searching ------------------------------------------------------------------------
UNAVAILABLE_LOG_SECONDS = 60.0
_unavailable_logged: dict[str, float] = {}


def _log_unavailable(consequence: str, error: Exception) -> None:
    """Log an unavailable index once a minute per problem, not once per search (a busy
    site would write thousands of identical lines; /healthz reports it meanwhile)."""
    key = f"{consequence}: {error}"
    now = time.monotonic()
    if now - _unavailable_logged.get(key, -UNAVAILABLE_LOG_SECONDS) >= UNAVAILABLE_LOG_SECONDS:
        _unavailable_logged[key] = now
        if get_index().building():  # a host building its first index (startup.py)
            logger.info("Search index being built, %s meanwhile.", consequence)
            return
        # The traceback of the cause: damage and a bug in reading code look alike here.
        logger.error("Search index unavailable, %s: %s", consequence, error, exc_info=error)


def search(
    text: str,
    lang: str,
    *,
    category: str | None = None,
    page: int = 1,
    per_page: int = 10,
    log: bool = True,
    source: str = "visitor",
    correct: bool = True,
    facets: bool = False,
) -> SearchResults:
    """Search published articles in `lang` for what a visitor typed.

    Words only (no query syntax); synonyms expanded; a spelling correction when the query
    finds little; English results (`fallback=True`) when `lang` has no match at all.
    With `log`, the search goes to the search log marked with `source` ("visitor", "desk"
    or "api": see SearchLog.Source).
    """
    normalized = normalize_query(text)
    results = SearchResults(query=normalized, lang=lang, page=page, per_page=per_page)
    if not normalized:
        return results
    try:
        # Articles whose publication window just opened or closed are reindexed first
        # (the index only holds live articles; its version keys the result cache).
        next_boundary()
        # What the index has not applied yet (another host's save) never shows.
        lag = unapplied.unapplied_changes(get_index())
        cached = _cached_results(results, normalized, lang, category, correct, facets)
        results = lag.hide_from_results(replace(cached, query=normalized))
    except IndexUnavailable as error:
        _log_unavailable("searching the database instead", error)
        results.degraded = True
        _search_index(
            DatabaseBackend(), results, normalized, lang, category, correct=correct, facets=facets
        )
    if log:
        search_log.record(results, source=source)
    return results


def _cached_results(
    results: SearchResults,
    normalized: str,
    lang: str,
    category: str | None,
    correct: bool,
    facets: bool,
) -> SearchResults:
    """The results of a search from this process's cache, else another worker's (keyed by
    the index and synonyms versions), else the index (then remembered in both)."""
    synonyms = synonym_table(lang)
    key = (
        get_index().version(),
        synonyms.version,
        lang,
        normalized.casefold(),
        category,
        results.page,
        results.per_page,
        correct,
        facets,
    )
    cached = results_cache.get(key)
    if cached is None:
        # Another worker may have searched the same words on this index version.
        shared = shared_results.shared_key(get_index(), synonyms, key)
        cached = shared_results.get(shared)
        if cached is None:
            cached = _search_index(
                get_index(), results, normalized, lang, category, correct=correct, facets=facets
            )
            shared_results.put(shared, cached)
        results_cache.put(key, cached)
    return cached


def _search_index(
    index: SearchBackend,
    results: SearchResults,
    text: str,
    lang: str,
    category: str | None,
    *,
    correct: bool,
    facets: bool,
) -> SearchResults:
    """Fill `results` from `index`; return a copy of them (for the caches)."""
    offset = (results.page - 1) * results.per_page

    def run(query: str, query_lang: str = lang, query_category: str | None = category):
        plan = plan_query(query, query_lang, synonym_table(query_lang))
        return index.search(
            plan, category=query_category, offset=offset, limit=results.per_page, facets=facets
        )

    page = run(text)
    if correct:
        words = plan_query(text, lang, synonym_table(lang)).words
        rewrite = rewrites.complete(index, text, lang, run, words)
        if rewrite is None and page.total < FEW_RESULTS:
            rewrite = rewrites.improve(index, text, lang, page, run, words)
        if rewrite is not None:
            page, results.rewrite = rewrite.page, rewrite.kind
            # Words of another language are searched there as typed: labelled, not corrected.
            results.fallback = rewrite.kind == "language"
            results.corrected_query = None if results.fallback else rewrite.text
    if correct and not results.rewrite:
        results.corrected_query = rewrites.simplified_label(text, lang)
        results.rewrite = "simplified" if results.corrected_query else None
    if wants_fallback(page.total, lang, category):
        fallback = run(text, FALLBACK_LANGUAGE, None)
        if fallback.total:
            page, results.fallback = fallback, True
    results.total, results.hits, results.category_counts = (
        page.total,
        page.hits,
        page.category_counts,
    )
    results.strong = page.strong
    return replace(results)


# A typed text of at least this many words whose words start no title together is a
# sentence ("Top-up failed but money was taken"): its suggestions are what search finds.
SENTENCE_WORDS = 2


def suggest(text: str, lang: str, *, limit: int = 8) -> list[Hit]:
    """Titles matching what is typed so far (prefixes of title words), best first; for a
    sentence no title matches word for word, the strong results of `search` instead."""
    normalized = normalize_query(text)
    words = analyzer_for(lang).words(normalized)
    if not words:
        return []
    suggestions = _title_suggestions(lang, words, limit)
    if suggestions or len(words) < SENTENCE_WORDS:
        return suggestions
    found = search(normalized, lang, per_page=limit, log=False)
    if found.fallback or found.degraded:
        return []  # English articles, or an unranked list: not worth suggesting
    return found.hits[: max(found.strong, 1)]


def _title_suggestions(lang: str, words: list[str], limit: int) -> list[Hit]:
    """Titles in `lang` with a word starting with each of `words` (TitleIndex)."""
    try:
        next_boundary()  # as in search(): the window of an article may just have changed
        lag = unapplied.unapplied_changes(get_index())
        entries = lag.hide_from_suggestions(get_index().suggest(lang, words, limit), lang)
    except IndexUnavailable as error:
        _log_unavailable("suggesting from the database", error)
        entries = DatabaseBackend().suggest(lang, words, limit)
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
