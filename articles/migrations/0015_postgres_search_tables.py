"""The tables of the PostgreSQL search backend (KB_SEARCH_BACKEND=postgres).

Created on PostgreSQL only: on SQLite this migration does nothing (that backend cannot run
there). No Django models: the backend reads and writes them in SQL of its own
(articles/search/backends/postgres/), and they are a derived index, never edited.
"""

from django.db import migrations

CREATE = [
    # One row per published translation: what results show, and the document's length.
    """
    CREATE TABLE kb_search_document (
        id bigserial PRIMARY KEY,
        doc_id varchar(64) NOT NULL UNIQUE,
        article_id bigint NOT NULL,
        lang varchar(16) NOT NULL,
        category varchar(100) NOT NULL,
        slug varchar(100) NOT NULL,
        position integer NOT NULL DEFAULT 0,
        version varchar(64) NOT NULL DEFAULT '',
        title text NOT NULL DEFAULT '',
        summary text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        length integer NOT NULL
    )
    """,
    "CREATE INDEX kb_search_document_article ON kb_search_document (article_id)",
    "CREATE INDEX kb_search_document_titles ON kb_search_document (lang, position, slug)",
    # The inverted index: term → documents with the term's weighted frequency. The B-tree
    # covers (weight, length) so a query term's postings come from the index alone.
    """
    CREATE TABLE kb_search_posting (
        lang varchar(16) NOT NULL,
        term text COLLATE "C" NOT NULL,
        document_id bigint NOT NULL REFERENCES kb_search_document (id) ON DELETE CASCADE,
        weight real NOT NULL,
        length integer NOT NULL
    )
    """,
    """CREATE UNIQUE INDEX kb_search_posting_term
       ON kb_search_posting (lang, term, document_id) INCLUDE (weight, length)""",
    "CREATE INDEX kb_search_posting_document ON kb_search_posting (document_id)",
    # Unstemmed words per document: the vocabulary spelling corrections come from.
    """
    CREATE TABLE kb_search_word (
        lang varchar(16) NOT NULL,
        word text COLLATE "C" NOT NULL,
        document_id bigint NOT NULL REFERENCES kb_search_document (id) ON DELETE CASCADE
    )
    """,
    "CREATE UNIQUE INDEX kb_search_word_word ON kb_search_word (lang, word, document_id)",
    "CREATE INDEX kb_search_word_document ON kb_search_word (document_id)",
    # One row once built: version (changes with every write), statistics, last change.
    """
    CREATE TABLE kb_search_state (
        id integer PRIMARY KEY CHECK (id = 1),
        version text NOT NULL,
        schema_version integer NOT NULL,
        applied_change_id bigint NOT NULL DEFAULT 0,
        built_at timestamptz NOT NULL,
        statistics jsonb NOT NULL DEFAULT '{}'
    )
    """,
]
DROP = "DROP TABLE IF EXISTS kb_search_state, kb_search_word, kb_search_posting, kb_search_document"


def create_tables(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_tables(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_reviewers_and_member_management")]

    operations = [migrations.RunPython(create_tables, drop_tables, elidable=False)]
