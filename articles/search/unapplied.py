"""Changes a host's index has not applied yet: hidden from its answers, applied soon.

With the Whoosh backend each host keeps its own index, fed from the change log in the
database (indexing.py). Between a change's commit and the moment a host's index applies
it, that index still holds the article as it was. A page reads the database and answers
404 for an unpublished article as soon as the host sees the new content version (within
VERSION_RECHECK_SECONDS); search must not lag behind it, whatever the host, cache or
traffic. So each process keeps, per content version and index version:

- the articles whose logged changes its index has not applied, and for each the documents
  it would have now (documents.document_languages: none when it is no longer live);
- answers (search results, suggestions), cached or fresh, drop a hit whose article has
  such a change and whose document is no longer among those it would have: an article
  unpublished, expired or deleted, a translation sent back to draft. A hit of an article
  still live stays (its text may be a few seconds old); a new article appears when the
  index applies its change;
- seeing such changes starts applying them (indexing.request_sync), in the background, so
  a host catches up within about the time a sync takes, even when every request it gets
  is answered from the page cache (the page's key holds the index version, so the next
  request after the sync sees the new index).

The content version (models/content_version.py) goes up in the transaction that logs the
change, so a process that reads the new version and then the log never misses the change.
Backends written in the saving transaction (PostgreSQL) have nothing unapplied.
"""

import logging
import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass, field, replace

from django.db import DatabaseError

from articles.models import Article, IndexChange
from articles.models.content_version import current_content_version
from articles.search.backends.base import SearchBackend
from articles.search.documents import document_languages
from articles.search.indexing import CATCH_UP_SECONDS, request_sync
from articles.search.ranking import FALLBACK_LANGUAGE


@dataclass(frozen=True)
class Unapplied:
    """Articles with a change the index has not applied (`documents`: article id → the
    (index language, text language) pairs of the documents it would hold now)."""

    documents: dict[int, frozenset[tuple[str, str]]] = field(default_factory=dict)

    def shows(self, article_id: int, lang: str, text_lang: str) -> bool:
        """May the index's document of `article_id` in `lang` (text in `text_lang`) show?"""
        current = self.documents.get(article_id)
        return current is None or (lang, text_lang) in current

    def hide_from_results(self, results):
        """`results` (a SearchResults) without the hits that may not show; totals, strong
        matches and topic counts lowered to match. The same object when nothing is hidden."""
        if not self.documents:
            return results
        lang = FALLBACK_LANGUAGE if results.fallback else results.lang
        first = (results.page - 1) * results.per_page
        kept, hidden, strong_hidden = [], 0, 0
        counts = dict(results.category_counts)
        for position, hit in enumerate(results.hits, start=first):
            if self.shows(hit.article_id, lang, hit.lang):
                kept.append(hit)
                continue
            hidden += 1
            strong_hidden += position < results.strong
            if counts.get(hit.category, 0) > 0 and position < results.strong:
                counts[hit.category] -= 1
        if not hidden:
            return results
        return replace(
            results,
            hits=kept,
            total=max(0, results.total - hidden),
            strong=max(0, results.strong - strong_hidden),
            category_counts={slug: n for slug, n in counts.items() if n > 0},
        )

    def hide_from_suggestions(self, entries: list[dict], lang: str) -> list[dict]:
        """Suggested titles (backend dicts with `article_id`) whose article still shows in
        `lang`, as its own text or the English standing in."""
        if not self.documents:
            return entries
        return [
            entry
            for entry in entries
            if entry["article_id"] not in self.documents
            or any(pair[0] == lang for pair in self.documents[entry["article_id"]])
        ]


NOTHING = Unapplied()
logger = logging.getLogger(__name__)
_warned_at = [float("-inf")]

_memo: dict[str, tuple] = {}  # "key": (content version, index version), "at", "value"
_memo_lock = threading.Lock()


def unapplied_changes(index: SearchBackend) -> Unapplied:
    """What `index` has not applied, as of the current content version (read again when
    the content version or the index changes, and every CATCH_UP_SECONDS); when there is
    any, this process starts applying it (request_sync)."""
    if not index.uses_change_log:
        return NOTHING
    key: tuple[int | None, Hashable] = (current_content_version(), index.version())
    with _memo_lock:
        if _memo.get("key") == key and time.monotonic() - _memo["at"] < CATCH_UP_SECONDS:
            return _memo["value"]
    try:
        value = _read(index)
    except DatabaseError:
        # The database does not answer: the index answers alone, and the next answer asks
        # again (said once a minute, not once per search).
        if time.monotonic() - _warned_at[0] >= 60:
            _warned_at[0] = time.monotonic()
            logger.warning("Could not read the search index's change log.", exc_info=True)
        return NOTHING
    with _memo_lock:
        _memo.update(key=key, at=time.monotonic(), value=value)
    if value.documents:
        request_sync()
    return value


def forget() -> None:
    """Drop this process's memo: the next answer reads the change log again (tests)."""
    with _memo_lock:
        _memo.clear()


def _read(index: SearchBackend) -> Unapplied:
    applied = index.status().applied_change_id
    article_ids = set(
        IndexChange.objects.filter(id__gt=applied).values_list("article_id", flat=True)
    )
    if not article_ids:
        return NOTHING
    articles = (
        Article.objects.filter(pk__in=article_ids)
        .select_related("category")
        .prefetch_related("translation_states")
    )
    documents = dict.fromkeys(article_ids, frozenset())  # deleted: nothing shows
    for article in articles:
        if article.is_live:
            documents[article.pk] = frozenset(document_languages(article))
    return Unapplied(documents)
