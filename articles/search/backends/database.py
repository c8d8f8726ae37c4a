"""The degraded mode: searching while the configured backend cannot answer.

Not chosen by KB_SEARCH_BACKEND: the public API turns to it when the configured backend
raises IndexUnavailable (a missing or damaged index directory), logs it, marks the
results `degraded` and /healthz fails meanwhile. On PostgreSQL it asks the PostgreSQL
backend's tables, which every save keeps current whichever backend is configured, so
degraded results are ranked, corrected and highlighted as usual; without them (SQLite, or
tables never built) it falls back to a plain `icontains` query of the articles.
"""

from collections.abc import Hashable, Iterable
from contextlib import AbstractContextManager

from django.db import connection
from django.db.models import Q
from django.utils.html import escape

from articles.models import Article, column
from articles.search.analysis import analyzer_for
from articles.search.backends.base import (
    Hit,
    HitPage,
    IndexBatch,
    IndexStatus,
    IndexUnavailable,
    SearchBackend,
)
from articles.search.backends.postgres import PostgresBackend
from articles.search.query import QueryPlan

READ_ONLY = "The database fallback only reads: write to the configured backend."


def shared_index() -> SearchBackend | None:
    """The PostgreSQL backend when the database is PostgreSQL, else None."""
    if connection.vendor != "postgresql":
        return None
    return PostgresBackend.from_settings()


class DatabaseBackend(SearchBackend):
    """Read-only search straight from the database (see the module docstring)."""

    name = "database"
    uses_change_log = False
    batch_type = IndexBatch

    @classmethod
    def from_settings(cls) -> "DatabaseBackend":
        return cls()

    def __init__(self) -> None:
        self._shared = shared_index()

    def _indexed(self) -> SearchBackend | None:
        """The PostgreSQL tables, when they can answer."""
        if self._shared is None:
            return None
        try:
            self._shared.version()
        except IndexUnavailable:
            return None
        return self._shared

    def search(
        self, plan: QueryPlan, *, category: str | None, offset: int, limit: int, facets: bool
    ) -> HitPage:
        indexed = self._indexed()
        if indexed is not None:
            try:
                return indexed.search(
                    plan, category=category, offset=offset, limit=limit, facets=facets
                )
            except IndexUnavailable:
                pass  # the tables failed too: the plain query still answers
        return self._search_articles(plan, category=category, offset=offset, limit=limit)

    @staticmethod
    def _search_articles(
        plan: QueryPlan, *, category: str | None, offset: int, limit: int
    ) -> HitPage:
        lang = plan.lang
        words = analyzer_for(lang).words(plan.text)[:8] or [plan.text]
        found = _matching_articles(words, lang, category=category)
        hits = [
            Hit(
                article_id=article.pk,
                lang=lang,
                slug=article.slug,
                category=article.category.slug,
                title=article.text("title", lang),
                summary=article.text("summary", lang),
                snippet=escape(article.text("summary", lang)[:240]),
                score=0.0,
            )
            for article in found[offset : offset + limit]
        ]
        # Unranked: every match counts as strong.
        return HitPage(total=len(found), hits=hits, category_counts={}, strong=len(found))

    def corrections(self, lang: str, words: list[str]) -> dict[str, list[tuple[float, str]]]:
        indexed = self._indexed()
        try:
            return indexed.corrections(lang, words) if indexed is not None else {}
        except IndexUnavailable:
            return {}

    def unmatched_words(self, lang: str, words: list[str]) -> list[str]:
        indexed = self._indexed()
        try:
            return indexed.unmatched_words(lang, words) if indexed is not None else []
        except IndexUnavailable:
            return []

    def known_words(self, lang: str, words: list[str]) -> set[str]:
        indexed = self._indexed()
        try:
            return indexed.known_words(lang, words) if indexed is not None else set()
        except IndexUnavailable:
            return set()

    def suggest(self, lang: str, words: list[str], limit: int) -> list[dict]:
        indexed = self._indexed()
        try:
            return indexed.suggest(lang, words, limit) if indexed is not None else []
        except IndexUnavailable:
            return []

    def version(self) -> Hashable:
        return None

    def status(self) -> IndexStatus:
        raise IndexUnavailable(READ_ONLY)

    def stored_versions(self) -> dict[str, str]:
        raise IndexUnavailable(READ_ONLY)

    def batch(self, *, timeout: float | None) -> AbstractContextManager[IndexBatch]:
        raise IndexUnavailable(READ_ONLY)

    def rebuild(self, documents: Iterable[dict], *, applied_change_id: int) -> IndexStatus:
        raise IndexUnavailable(READ_ONLY)


def _matching_articles(
    words: list[str], lang: str, *, category: str | None = None, limit: int = 50
) -> list[Article]:
    """The slow path when the search index is unavailable: a plain database query.

    Published articles of `lang` with any word in their title, summary or keywords;
    those with more of the words in their title first.
    """
    condition = Q()
    for word in words:
        for field in ("title", "summary", "keywords"):
            condition |= Q(**{f"{column(field, lang)}__icontains": word})
    articles = (
        Article.objects.published().select_related("category").shown_in(lang).filter(condition)
    )
    if category:
        articles = articles.filter(category__slug=category)

    def words_in_title(article: Article) -> int:
        title = article.text("title", lang).lower()
        return sum(word.lower() in title for word in words)

    return sorted(articles[:limit], key=words_in_title, reverse=True)
