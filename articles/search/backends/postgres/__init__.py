"""The PostgreSQL backend (KB_SEARCH_BACKEND=postgres): the index in the shared database.

For many hosts, or hosts without a lasting disk: every host reads the same tables (see
migration 0012), so a new host serves at once with nothing to build, and a save updates
the index in its own transaction (`uses_change_log = False`): committed together, or not
at all, so no change can be lost between the database and the index. Terms come from our
analyzers (writing.py); ranking is ranking.py's BM25F computed in SQL (scoring.py).
"""

import json
import threading
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from articles.core.languages import language_codes
from articles.search.analysis import analyzer_for
from articles.search.backends.base import Hit, HitPage, IndexStatus, IndexUnavailable, SearchBackend
from articles.search.backends.postgres.scoring import SEARCH, search_parameters
from articles.search.backends.postgres.writing import (
    PostgresBatch,
    insert_documents,
    lock_writes,
    save_state,
)
from articles.search.documents import text_language
from articles.search.query import QueryPlan
from articles.search.ranking import max_edits
from articles.search.snippets import result_snippet
from articles.search.spelling import closest_words, worth_correcting
from articles.search.suggestions import TitleIndex, title_entry

# Bumped whenever documents would be stored differently (terms, weights, analyzers): an
# index of another version asks for `rebuild_search_index`.
SCHEMA_VERSION = 3
REBUILD = "run `python manage.py rebuild_search_index`"


@dataclass
class State:
    version: str
    schema_version: int
    applied_change_id: int
    built_at: str
    statistics: dict


class PostgresBackend(SearchBackend):
    """The search index in PostgreSQL tables, shared by every host."""

    name = "postgres"
    uses_change_log = False
    batch_type = PostgresBatch

    def __init__(self, languages: list[str]) -> None:
        self.languages = list(languages)
        self._titles: dict[tuple, TitleIndex] = {}  # (version, language) → titles
        self._titles_lock = threading.Lock()

    @classmethod
    def from_settings(cls) -> "PostgresBackend":
        return cls(language_codes())

    def reset(self) -> None:
        self._titles.clear()

    # --- reading ------------------------------------------------------------------
    def _fetch(self, sql: str, params) -> list[tuple]:
        """Rows of a read; a failed read becomes IndexUnavailable (and, inside a
        transaction, rolls back only its savepoint, not the caller's work)."""
        savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
        try:
            with savepoint, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        except DatabaseError as error:
            raise IndexUnavailable(
                f"The search tables in PostgreSQL cannot be read ({error}): run "
                f"`python manage.py migrate`, then {REBUILD}."
            ) from error

    def _state(self) -> State:
        rows = self._fetch(
            "SELECT version, schema_version, applied_change_id, built_at, statistics "
            "FROM kb_search_state WHERE id = 1",
            [],
        )
        if not rows:
            raise IndexUnavailable(f"No search index in the PostgreSQL database: {REBUILD}.")
        version, schema_version, applied, built_at, statistics = rows[0]
        if schema_version != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"The search index in PostgreSQL has schema version {schema_version}, this "
                f"code needs {SCHEMA_VERSION}: {REBUILD}."
            )
        if isinstance(statistics, str):  # Django reads jsonb as text in raw queries
            statistics = json.loads(statistics)
        return State(version, schema_version, applied, built_at.isoformat(), statistics)

    def version(self) -> Hashable:
        return self._state().version

    def status(self) -> IndexStatus:
        state = self._state()
        return IndexStatus(
            generation="postgresql",
            documents=int(state.statistics.get("documents", 0)),
            schema_version=state.schema_version,
            applied_change_id=state.applied_change_id,
            built_at=state.built_at,
        )

    def stored_versions(self) -> dict[str, str]:
        self._state()
        return dict(self._fetch("SELECT doc_id, version FROM kb_search_document", []))

    def search(
        self, plan: QueryPlan, *, category: str | None, offset: int, limit: int, facets: bool
    ) -> HitPage:
        if plan.is_empty:
            return HitPage(0, [], {})
        params = search_parameters(plan, category=category, offset=offset, limit=limit)
        rows = self._fetch(SEARCH, params)
        facets_rows = [row for row in rows if row[8] is not None]
        counts = {row[3]: int(row[8]) for row in facets_rows}
        strong = {row[3]: int(row[9]) for row in facets_rows}
        page = sorted((row for row in rows if row[8] is None), key=lambda r: (-r[7], r[0]))
        terms, analyzer = plan.highlight_terms(), analyzer_for(plan.lang)
        hits = [
            Hit(
                article_id=int(row[1]),
                lang=text_language(row[11], plan.lang),
                slug=row[2],
                category=row[3],
                title=row[4],
                summary=row[5],
                snippet=result_snippet(row[6], row[5], terms, analyzer),
                score=float(row[7]),
                fallback=text_language(row[11], plan.lang) != plan.lang,
            )
            for row in page
        ]
        total = counts.get(category, 0) if category else sum(counts.values())
        return HitPage(
            total=total,
            hits=hits,
            category_counts={slug: n for slug, n in strong.items() if n} if facets else {},
            strong=strong.get(category, 0) if category else sum(strong.values()),
            top_score=float(facets_rows[0][10]) if facets_rows else 0.0,
        )

    def corrections(self, lang: str, words: list[str]) -> dict[str, list[tuple[float, str]]]:
        """As the Whoosh backend's: words the index does not match → [(cost, word)]."""
        analyzer = analyzer_for(lang)
        if not analyzer.corrects_spelling:
            return {}
        asked = {word: analyzer.terms(word) for word in dict.fromkeys(words)}
        asked = {word: terms for word, terms in asked.items() if worth_correcting(word)}
        if not asked:
            return {}
        known = self._fetch(
            "SELECT DISTINCT word FROM kb_search_word WHERE lang = %s AND word = ANY(%s::text[])",
            [lang, list(asked)],
        )
        matched = self._fetch(
            "SELECT DISTINCT term FROM kb_search_posting WHERE lang = %s "
            "AND term = ANY(%s::text[])",
            [lang, sorted({term for terms in asked.values() for term in terms})],
        )
        matched_terms = {row[0] for row in matched}
        fixes = {}
        for word in set(asked) - {row[0] for row in known}:
            if matched_terms.intersection(asked[word]):
                continue  # the word finds documents as typed ("cafe" → "cafés")
            # Same first letter, length within reach: the B-tree reads only those words.
            reach = max_edits(word)
            frequency = dict(
                self._fetch(
                    "SELECT word, count(*) FROM kb_search_word WHERE lang = %s "
                    "AND word >= %s AND word < %s AND length(word) BETWEEN %s AND %s "
                    "GROUP BY word",
                    [lang, word[0], word[0] + "\U0010ffff", len(word) - reach, len(word) + reach],
                )
            )
            found = closest_words(word, [list(frequency)], frequency.__getitem__)
            if found:
                fixes[word] = found
        return fixes

    def unmatched_words(self, lang: str, words: list[str]) -> list[str]:
        analyzer = analyzer_for(lang)
        terms = {word: analyzer.terms(word) for word in words}
        rows = self._fetch(
            "SELECT DISTINCT term FROM kb_search_posting WHERE lang = %s "
            "AND term = ANY(%s::text[])",
            [lang, sorted({term for found in terms.values() for term in found})],
        )
        matched = {row[0] for row in rows}
        return [word for word in words if not matched.intersection(terms[word])]

    def known_words(self, lang: str, words: list[str]) -> set[str]:
        rows = self._fetch(
            "SELECT DISTINCT word FROM kb_search_word WHERE lang = %s AND word = ANY(%s::text[])",
            [lang, list(words)],
        )
        return {row[0] for row in rows}

    def vocabulary(self, lang: str) -> dict[str, int]:
        """Every index term of `lang` → how many documents hold it (pinyin matching)."""
        rows = self._fetch(
            "SELECT term, count(*) FROM kb_search_posting WHERE lang = %s GROUP BY term", [lang]
        )
        return {term: int(count) for term, count in rows}

    def suggest(self, lang: str, words: list[str], limit: int) -> list[dict]:
        key = (self.version(), lang)
        titles = self._titles.get(key)
        if titles is None:
            rows = self._fetch(
                "SELECT article_id, slug, category, title, keywords, position "
                "FROM kb_search_document WHERE lang = %s ORDER BY position, slug, id",
                [lang],
            )
            analyzer = analyzer_for(lang)
            titles = TitleIndex(
                [
                    title_entry(
                        analyzer,
                        title,
                        keywords,
                        article_id=int(article_id),
                        slug=slug,
                        category=category,
                        position=position,
                    )
                    for article_id, slug, category, title, keywords, position in rows
                ]
            )
            with self._titles_lock:  # only the current version's titles are kept
                for old in [k for k in self._titles if k[0] != key[0]]:
                    self._titles.pop(old, None)
                self._titles[key] = titles
        return titles.match(words, limit)

    # --- writing ------------------------------------------------------------------
    @contextmanager
    def batch(self, *, timeout: float | None) -> Iterator[PostgresBatch]:
        """Write in the current transaction (a savepoint of it): the changes commit with
        the save that caused them. Raises IndexUnavailable before the first rebuild."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                lock_writes(cursor, timeout=timeout)
                cursor.execute(
                    "SELECT applied_change_id, schema_version FROM kb_search_state "
                    "WHERE id = 1 FOR UPDATE"
                )
                row = cursor.fetchone()
                if row is None or row[1] != SCHEMA_VERSION:
                    raise IndexUnavailable(
                        f"No current search index in the PostgreSQL database: {REBUILD}."
                    )
                batch = PostgresBatch(cursor, row[0])
                yield batch
                if batch.dirty:
                    save_state(
                        cursor,
                        applied_change_id=batch.applied_change_id,
                        schema_version=SCHEMA_VERSION,
                        rebuilt=False,
                    )
        except DatabaseError as error:
            if _missing_tables(error):
                missing = "No search tables: run `python manage.py migrate`."
                raise IndexUnavailable(missing) from error
            raise

    def rebuild(self, documents: Iterable[dict], *, applied_change_id: int) -> IndexStatus:
        """Replace every document in one transaction: readers see the old index until it
        commits. Saves wait for it (they take the same lock)."""
        with transaction.atomic(), connection.cursor() as cursor:
            lock_writes(cursor, timeout=None)
            for table in ("kb_search_word", "kb_search_posting", "kb_search_document"):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608  (fixed names)
            insert_documents(cursor, documents)
            save_state(
                cursor,
                applied_change_id=applied_change_id,
                schema_version=SCHEMA_VERSION,
                rebuilt=True,
            )
        self.reset()
        return self.status()


def _missing_tables(error: DatabaseError) -> bool:
    return "kb_search_" in str(error) and "does not exist" in str(error)
