"""The interface every search backend implements, and the shapes they answer with.

A backend stores the documents of documents.py (one plain dict per published
translation) and answers query plans (query.py) ranked by ranking.py's policy. The public
API (articles.search) talks to a backend only through `SearchBackend`; which one is
chosen by settings.KB_SEARCH_BACKEND (see backends/__init__.py).
"""

from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from articles.search.query import QueryPlan


class IndexUnavailable(Exception):
    """The index is missing, corrupt or of another schema; the message says how to fix it."""


class IndexBusy(Exception):
    """Another process holds the writer lock longer than we are willing to wait."""


@dataclass
class Hit:
    article_id: int
    lang: str
    slug: str
    category: str
    title: str
    summary: str
    snippet: str  # safe HTML
    score: float
    fallback: bool = False  # an English article shown because `lang` has no translation


@dataclass
class HitPage:
    total: int
    hits: list[Hit]
    category_counts: dict[str, int]  # strong matches per category (ranking.STRONG_SHARE)
    strong: int = 0  # how many of `total` are strong (score ≥ ranking.strong_threshold)
    top_score: float = 0.0  # the best match's score (0 without a match)


@dataclass
class IndexStatus:
    generation: str  # which copy of the index answers (a directory, or "postgresql")
    documents: int
    schema_version: int | None
    applied_change_id: int  # the last change-log id whose change the index holds
    built_at: str  # ISO 8601, when the last rebuild finished


class IndexBatch(ABC):
    """Document changes made together, kept or dropped together with their change mark."""

    @property
    @abstractmethod
    def applied_change_id(self) -> int:
        """The last change-log id applied, as the index itself records it."""

    @abstractmethod
    def replace_article(self, article_id: int, documents: list[dict]) -> None:
        """Replace every document of an article by `documents` (none: remove it)."""

    @abstractmethod
    def mark_applied(self, change_id: int) -> None:
        """Record, in the same commit as the documents, that changes ≤ `change_id` are in."""


class SearchBackend(ABC):
    """A place where the search documents live, and the way to query them.

    Methods raise `IndexUnavailable` when the index cannot answer (missing, damaged, of
    another schema); the public API then degrades to the database backend.
    """

    name: str = ""
    # True when saves reach the index through the change log (IndexChange rows applied by
    # `sync` after commit); False when `batch` writes within the saving transaction.
    uses_change_log: bool = True
    batch_type: type[IndexBatch]  # what `batch` yields

    @abstractmethod
    def search(
        self, plan: QueryPlan, *, category: str | None, offset: int, limit: int, facets: bool
    ) -> HitPage:
        """Documents of `plan.lang` matching the plan, best first (ranking.options), the
        page [offset, offset + limit), total matches and, with `facets`, matches per
        category (before the `category` filter)."""

    @abstractmethod
    def suggest(self, lang: str, words: list[str], limit: int) -> list[dict]:
        """Up to `limit` titles in `lang` with a word starting with each of `words`:
        dicts with article_id, slug, category, title; titles starting with the first word
        first, then shorter titles."""

    @abstractmethod
    def corrections(self, lang: str, words: list[str]) -> dict[str, list[tuple[float, str]]]:
        """Words that match no document → their likeliest corrections, [(cost, word)]
        likeliest first (spelling.closest_words: ranking.max_edits edits at most, same
        first letter, likely slips first, then the most common)."""

    def unmatched_words(self, lang: str, words: list[str]) -> list[str]:
        """Those of `words` (normalized, unstemmed) whose index terms match no document of
        `lang`, in order ([] when the backend cannot tell: nothing is rewritten then)."""
        return []

    def known_words(self, lang: str, words: list[str]) -> set[str]:
        """Those of `words` that the published text of `lang` contains as written (the
        spelling vocabulary: ranking.SPELLING_FIELDS); an empty set when unknown."""
        return set()

    def vocabulary(self, lang: str) -> dict[str, int]:
        """Every index term of `lang` → its document frequency ({} when the backend
        cannot list them). Pinyin matching reads it (pinyin.py)."""
        return {}

    @abstractmethod
    def batch(self, *, timeout: float | None) -> AbstractContextManager[IndexBatch]:
        """A batch of changes, committed on a clean exit, dropped on an exception.

        Raises IndexBusy when another writer holds the index for more than `timeout` s
        (None: wait as long as it takes, for writes within a saving transaction).
        """

    def merge_segments(self, *, timeout: float) -> bool:
        """Tidy what batches left behind (segments to merge), after their changes are
        visible; True when anything changed. Nothing to do for most backends. Raises
        IndexBusy when another writer holds the index for more than `timeout` s."""
        return False

    @abstractmethod
    def rebuild(self, documents: Iterable[dict], *, applied_change_id: int) -> IndexStatus:
        """Replace the whole index by `documents`, atomically for readers."""

    @abstractmethod
    def status(self) -> IndexStatus:
        """What the index holds (raises IndexUnavailable when there is none)."""

    def verify(self) -> IndexStatus:
        """`status()`, read afresh rather than through what this process holds open
        (for /healthz); raises IndexUnavailable."""
        return self.status()

    @abstractmethod
    def version(self) -> Hashable:
        """A value that changes whenever the index does (part of result-cache keys)."""

    @abstractmethod
    def stored_versions(self) -> dict[str, str]:
        """doc_id → version of every article document (for drift checks)."""

    @classmethod
    @abstractmethod
    def from_settings(cls) -> "SearchBackend":
        """The backend configured by Django's settings (index directory, languages)."""

    def building(self) -> bool:
        """True while a process is building this index anew (rebuild_search_index, or the
        build a host starts by itself: search/startup.py)."""
        return False

    def expect_build(self, pid: int | None) -> None:  # noqa: B027  (optional)
        """Process `pid` was started to build this index: `building()` is true while it
        runs, before it has written anything (None: that build is over)."""

    def reset(self) -> None:  # noqa: B027  (optional: most backends hold nothing)
        """Forget what this process holds open or cached (readers, statistics)."""
