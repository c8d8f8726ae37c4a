"""BM25F in SQL: one statement ranks a query plan over the posting table.

The same formula, weights and query semantics as the Whoosh backend (ranking.py): a query
is a sum of options; an option matches a document containing all its terms, worth its
boost times the sum of their BM25F scores; a document's score is the sum over the options
it matches. Statistics are Whoosh's too: idf = ln(N / (df + 1)) + 1 with N counted over
every language's documents, and the average length = the language's total length / N.

What differs from Whoosh: document lengths are exact (Whoosh keeps them in one byte,
rounded), N counts no deleted documents (Whoosh's does until segments merge), and equal
scores are ordered by document id (Whoosh: by document number; both are insertion order).
"""

from articles.search.query import QueryPlan
from articles.search.ranking import K1, STRONG_SHARE, B, options

SEARCH = """
WITH wanted (option, boost, size, term) AS (
    SELECT * FROM unnest(%(option)s::int[], %(boost)s::float8[], %(size)s::int[],
                         %(term)s::text[])
),
statistics AS (
    SELECT greatest((s.statistics ->> 'documents')::float8, 1) AS documents,
           coalesce(nullif(coalesce((s.statistics -> 'lengths' ->> %(lang)s)::float8, 0)
                           / greatest((s.statistics ->> 'documents')::float8, 1), 0), 1)
               AS average
    FROM kb_search_state s WHERE s.id = 1
),
postings AS MATERIALIZED (
    SELECT p.term, p.document_id, p.weight::float8 AS weight, p.length
    FROM kb_search_posting p
    WHERE p.lang = %(lang)s AND p.term = ANY(%(terms)s::text[])
),
frequency AS (
    SELECT p.term, ln(st.documents / (count(*) + 1)) + 1 AS idf
    FROM postings p CROSS JOIN statistics st
    GROUP BY p.term, st.documents
),
term_scores AS (
    SELECT p.document_id, p.term,
           f.idf * p.weight * (%(k1)s + 1)
               / (p.weight + %(k1)s * ((1 - %(b)s) + %(b)s * p.length / st.average)) AS score
    FROM postings p JOIN frequency f USING (term) CROSS JOIN statistics st
),
option_scores AS (
    SELECT t.document_id, w.boost * sum(t.score) AS score
    FROM wanted w JOIN term_scores t USING (term)
    GROUP BY t.document_id, w.option, w.boost, w.size
    HAVING count(*) = w.size
),
ranked AS MATERIALIZED (
    SELECT o.document_id AS id, sum(o.score) AS score, d.category
    FROM option_scores o JOIN kb_search_document d ON d.id = o.document_id
    GROUP BY o.document_id, d.category
),
best AS (SELECT coalesce(max(score), 0) AS top FROM ranked)
SELECT d.id, d.article_id, d.slug, d.category, d.title, d.summary, d.body, page.score,
       NULL::bigint AS matches, NULL::bigint AS strong, NULL::float8 AS top, d.doc_id
FROM (
    SELECT id, score FROM ranked
    WHERE %(category)s::text IS NULL OR category = %(category)s::text
    ORDER BY score DESC, id
    LIMIT %(limit)s OFFSET %(offset)s
) page
JOIN kb_search_document d ON d.id = page.id
UNION ALL
SELECT NULL, NULL, NULL, r.category, NULL, NULL, NULL, NULL, count(*),
       count(*) FILTER (WHERE r.score >= %(share)s * b.top), max(b.top), NULL
FROM ranked r CROSS JOIN best b GROUP BY r.category
"""


def search_parameters(
    plan: QueryPlan, *, category: str | None, offset: int, limit: int
) -> dict[str, object]:
    """SEARCH's parameters for a plan: its options as parallel arrays, one row per term."""
    params: dict[str, list] = {"option": [], "boost": [], "size": [], "term": []}
    for number, option in enumerate(options(plan.clauses)):
        for term in option.terms:
            params["option"].append(number)
            params["boost"].append(option.boost)
            params["size"].append(len(option.terms))
            params["term"].append(term)
    return {
        **params,
        "terms": sorted(set(params["term"])),
        "lang": plan.lang,
        "category": category,
        "limit": limit,
        "offset": offset,
        "k1": K1,
        "b": B,
        "share": STRONG_SHARE,
    }
