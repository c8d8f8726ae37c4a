"""Writing the PostgreSQL index: documents analyzed by our analyzers, in SQL rows.

A document becomes one `kb_search_document` row, one `kb_search_posting` row per distinct
term (its weight: the sum of ranking.TEXT_FIELDS weights of its occurrences, as the Whoosh
backend stores it) and one `kb_search_word` row per distinct unstemmed word (the spelling
vocabulary). Terms come from analysis.py (jieba, Snowball, Arabic normalization), never
from PostgreSQL's text-search configurations.

Writers serialize on one transaction-scoped advisory lock (the one record_change takes
for change-log ids), then on the state row; the state row's version and statistics are
rewritten in the same transaction as the documents.
"""

import json
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from itertools import islice

from articles.search.analysis import analyzer_for
from articles.search.backends.base import IndexBatch, IndexBusy
from articles.search.ranking import TEXT_FIELDS
from articles.search.spelling import spelling_text

WRITE_LOCK = 0x4B42_1DE7  # shared with indexing.record_change
CHUNK = 200  # documents per INSERT

INSERT_DOCUMENTS = """
    INSERT INTO kb_search_document
        (doc_id, article_id, lang, category, slug, position, version, title, summary, body,
         length, keywords)
    SELECT * FROM unnest(%s::varchar[], %s::bigint[], %s::varchar[], %s::varchar[],
                         %s::varchar[], %s::int[], %s::varchar[], %s::text[], %s::text[],
                         %s::text[], %s::int[], %s::text[])
    RETURNING id, doc_id
"""
INSERT_POSTINGS = """
    INSERT INTO kb_search_posting (lang, term, document_id, weight, length)
    SELECT * FROM unnest(%s::varchar[], %s::text[], %s::bigint[], %s::real[], %s::int[])
"""
INSERT_WORDS = """
    INSERT INTO kb_search_word (lang, word, document_id)
    SELECT * FROM unnest(%s::varchar[], %s::text[], %s::bigint[])
"""
STATISTICS = """
    SELECT jsonb_build_object(
        'documents', coalesce(sum(n), 0),
        'lengths', coalesce(jsonb_object_agg(lang, total), '{}'::jsonb))
    FROM (SELECT lang, count(*) AS n, sum(length) AS total
          FROM kb_search_document GROUP BY lang) per_language
"""


def analyze(document: dict) -> tuple[dict[str, float], int, set[str]]:
    """(term → weight, number of terms, unstemmed words) of one document."""
    analyzer = analyzer_for(document["lang"])
    weights: dict[str, float] = defaultdict(float)
    length = 0
    for name, weight in TEXT_FIELDS.items():
        for token in analyzer.tokens(document.get(name, "")):
            weights[token.text] += weight
            length += 1
    words: set[str] = set()
    if analyzer.corrects_spelling:
        words.update(
            token.text for token in analyzer.tokens(spelling_text(document, analyzer), stem=False)
        )
    # A document without words counts as one word long (as in Whoosh): no division by 0.
    return weights, max(length, 1), words


def insert_documents(cursor, documents: Iterable[dict]) -> int:
    """Insert `documents` (documents.py's dicts) with their terms; return how many."""
    inserted = 0
    iterator = iter(documents)
    while chunk := list(islice(iterator, CHUNK)):
        analyzed = {document["doc_id"]: analyze(document) for document in chunk}
        columns = ("doc_id", "article_id", "lang", "category", "slug", "position", "version")
        params = [[document[name] for document in chunk] for name in columns]
        params[1] = [int(article_id) for article_id in params[1]]
        params += [[document[name] for document in chunk] for name in ("title", "summary")]
        params += [[document["body"] for document in chunk]]
        params += [[analyzed[document["doc_id"]][1] for document in chunk]]
        params += [[document.get("keywords", "") for document in chunk]]
        cursor.execute(INSERT_DOCUMENTS, params)
        ids = dict((doc_id, pk) for pk, doc_id in cursor.fetchall())
        postings: list[list] = [[], [], [], [], []]
        words: list[list] = [[], [], []]
        for document in chunk:
            weights, length, vocabulary = analyzed[document["doc_id"]]
            pk, lang = ids[document["doc_id"]], document["lang"]
            for term, weight in weights.items():
                for column, value in zip(postings, (lang, term, pk, weight, length), strict=True):
                    column.append(value)
            for word in vocabulary:
                for column, value in zip(words, (lang, word, pk), strict=True):
                    column.append(value)
        cursor.execute(INSERT_POSTINGS, postings)
        if words[0]:
            cursor.execute(INSERT_WORDS, words)
        inserted += len(chunk)
    return inserted


def lock_writes(cursor, *, timeout: float | None) -> None:
    """Take the writers' lock until the transaction ends (None: wait as long as it takes).

    Raises IndexBusy when another transaction holds it for more than `timeout` seconds.
    """
    if timeout is None:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        return
    deadline = time.monotonic() + timeout
    while True:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [WRITE_LOCK])
        if cursor.fetchone()[0]:
            return
        if time.monotonic() > deadline:
            raise IndexBusy(f"Another transaction writes the search index for > {timeout}s.")
        time.sleep(0.05)


def save_state(cursor, *, applied_change_id: int, schema_version: int, rebuilt: bool) -> None:
    """A new version and fresh statistics, in the writing transaction."""
    cursor.execute(STATISTICS)
    statistics = cursor.fetchone()[0]
    if rebuilt:
        cursor.execute(
            """INSERT INTO kb_search_state
                   (id, version, schema_version, applied_change_id, built_at, statistics)
               VALUES (1, %s, %s, %s, now(), %s::jsonb)
               ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version,
                   schema_version = EXCLUDED.schema_version, built_at = EXCLUDED.built_at,
                   applied_change_id = EXCLUDED.applied_change_id,
                   statistics = EXCLUDED.statistics""",
            [uuid.uuid4().hex, schema_version, applied_change_id, _json(statistics)],
        )
    else:
        cursor.execute(
            """UPDATE kb_search_state SET version = %s, statistics = %s::jsonb,
                   applied_change_id = greatest(applied_change_id, %s) WHERE id = 1""",
            [uuid.uuid4().hex, _json(statistics), applied_change_id],
        )


def _json(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class PostgresBatch(IndexBatch):
    """Changes written at once in the current transaction (they commit with it)."""

    def __init__(self, cursor, applied_change_id: int) -> None:
        self._cursor = cursor
        self._applied = applied_change_id
        self.dirty = False

    @property
    def applied_change_id(self) -> int:
        return self._applied

    def replace_article(self, article_id: int, documents: list[dict]) -> None:
        self.dirty = True
        # Postings and words go with their documents (ON DELETE CASCADE).
        self._cursor.execute("DELETE FROM kb_search_document WHERE article_id = %s", [article_id])
        insert_documents(self._cursor, documents)

    def mark_applied(self, change_id: int) -> None:
        self.dirty = True
        self._applied = max(self._applied, change_id)
