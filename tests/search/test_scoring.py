"""scoring.py ranks exactly as Whoosh's own BM25F search would, only faster.

The index of the sample help center was filled by saves (many segments, replaced
documents deleted), so these comparisons also cover segment offsets and deletions.
"""

import math

import numpy as np
import pytest
from whoosh import query

from articles import search
from articles.models import Article
from articles.search import get_index
from articles.search.backends.whoosh.schema import suffix
from articles.search.backends.whoosh.scoring import Leaf, Option, Ranker, clear_caches
from articles.search.quality import load_cases
from articles.search.query import plan_query
from articles.search.ranking import SYNONYM_BOOST, options
from tests.paths import RELEVANCE_DIR

pytestmark = pytest.mark.django_db


QUERIES = [
    (lang, case["q"]) for lang, cases in sorted(load_cases(RELEVANCE_DIR).items()) for case in cases
] + [
    ("en", "chargeback"),  # a synonym group with several alternatives
    ("en", "money taken twice from my card"),
    ("ru", "не пришли деньги"),
    ("es", "reembolso de un cargo duplicado"),
    ("ar", "استرداد الأموال"),
    ("zh-hans", "退款多久到账"),
]


def whoosh_query(plan):
    """The plan as Whoosh's own query: clauses OR-ed, each an OR of its alternatives
    (typed words boosted 1, synonyms SYNONYM_BOOST), an alternative an AND of its terms."""
    field = f"text_{suffix(plan.lang)}"
    clauses = []
    for alternatives in plan.clauses:
        choices = []
        for number, terms in enumerate(alternatives):
            parts = [query.Term(field, term) for term in terms]
            option = parts[0] if len(parts) == 1 else query.And(parts)
            option.boost = 1.0 if number == 0 else SYNONYM_BOOST
            choices.append(option)
        clauses.append(choices[0] if len(choices) == 1 else query.Or(choices))
    return clauses[0] if len(clauses) == 1 else query.Or(clauses)


def whoosh_ranking(plan, category=None) -> list[tuple[int, float]]:
    in_category = query.Term("category", category) if category else None
    with get_index().readers.reading() as state:
        results = state.searcher.search(
            whoosh_query(plan), filter=in_category, limit=None, optimize=False
        )
        return [(hit.docnum, hit.score) for hit in results]


def our_ranking(plan, category=None, offset=0, limit=1000):
    with get_index().readers.reading() as state:
        return state.ranker.rank(
            f"text_{suffix(plan.lang)}",
            options(plan.clauses),
            category=category,
            offset=offset,
            limit=limit,
            facets=True,
        )


def assert_same_ranking(expected: list[tuple[int, float]], ranked) -> None:
    assert ranked.total == len(expected)
    ours = list(zip(ranked.docnums, ranked.scores, strict=True))
    assert {d for d, _s in ours} == {d for d, _s in expected}
    theirs = dict(expected)
    for docnum, score in ours:
        assert math.isclose(score, theirs[docnum], rel_tol=1e-9), docnum
    # Same order, except that documents with equal scores may be listed either way.
    assert [round(s, 9) for _d, s in ours] == [round(s, 9) for _d, s in expected]


@pytest.mark.parametrize(("lang", "text"), QUERIES)
def test_same_matches_scores_and_order_as_whoosh(search_index, lang, text):
    plan = plan_query(search.normalize_query(text), lang, search.synonym_table(lang))
    assert not plan.is_empty
    # (Misspelled queries find nothing until corrected: then both must find nothing.)
    assert_same_ranking(whoosh_ranking(plan), our_ranking(plan))


def test_same_as_whoosh_after_edits_replace_documents(
    search_index, django_capture_on_commit_callbacks
):
    plan = plan_query("refund fees", "en", search.synonym_table("en"))
    our_ranking(plan)  # the posting lists are now cached, from before the deletions
    for article in Article.objects.filter(slug__in=["fees", "refund-timeline"]):
        with django_capture_on_commit_callbacks(execute=True):
            article.body_en += "\n\nRefund fees are explained here again: refund, fees."
            article.save()
    assert_same_ranking(whoosh_ranking(plan), our_ranking(plan))
    top = search.search("refund fees", "en").hits
    assert len({hit.slug for hit in top}) == len(top), "a replaced document never comes back"


def test_category_filter_and_counts_agree_with_whoosh(search_index):
    plan = plan_query("card payment", "en", search.synonym_table("en"))
    everything = our_ranking(plan)
    # Topic counts are of strong matches only (ranking.STRONG_SHARE).
    assert sum(everything.category_counts.values()) == everything.strong < everything.total
    for category, count in everything.category_counts.items():
        expected = whoosh_ranking(plan, category)
        within = our_ranking(plan, category)
        assert within.strong == count and len(expected) == within.total
        assert_same_ranking(expected, within)


def test_pages_are_slices_of_the_full_ranking(search_index):
    plan = plan_query("account card money", "en", search.synonym_table("en"))
    full = our_ranking(plan)
    assert full.total > 6
    pages = [our_ranking(plan, offset=o, limit=3).docnums for o in range(0, full.total, 3)]
    assert sum(pages, []) == full.docnums


# --- the ranker alone, on hand-made segments ----------------------------------------------
class ArraySegment:
    """A segment given as arrays: {term: {docnum: weight}}, lengths, categories."""

    def __init__(self, key, postings, lengths, categories):
        self.key = key
        self.doc_count = len(lengths)
        self.postings, self.lengths, self.categories = postings, lengths, categories

    def read_postings(self, field, term):
        found = sorted(self.postings.get(term, {}).items())
        return (
            np.array([d for d, _w in found], dtype=np.int64),
            np.array([w for _d, w in found], dtype=np.float64),
        )

    def read_lengths(self, field):
        return np.array(self.lengths, dtype=np.float64)

    def read_categories(self):
        names = sorted(set(self.categories))
        return names, np.array([names.index(c) for c in self.categories], dtype=np.int32)


def ranker(segments, deleted=None):
    clear_caches()
    leaves, offset = [], 0
    for number, segment in enumerate(segments):
        gone = (deleted or {}).get(number)
        leaves.append(Leaf(segment, offset, np.array(gone) if gone else None))
        offset += segment.doc_count

    def frequency(field, term):
        return sum(len(s.postings.get(term, {})) for s in segments)

    return Ranker(
        leaves,
        doc_count_all=offset,
        doc_frequency=frequency,
        field_length=lambda field: sum(sum(s.lengths) for s in segments),
    )


def test_an_option_of_several_terms_needs_all_of_them_and_boosts_apply():
    one = ArraySegment("a", {"x": {0: 1, 1: 1}, "y": {1: 1, 2: 1}}, [5, 5, 5], ["c"] * 3)
    two = ArraySegment("b", {"x": {0: 1}, "y": {0: 1, 1: 1}}, [5, 5], ["c"] * 2)
    r = ranker([one, two])
    both = r.rank("f", [Option(1.0, ("x", "y"))], category=None, offset=0, limit=10, facets=0)
    assert sorted(both.docnums) == [1, 3]  # doc 1 of segment a, doc 0 of segment b
    half = r.rank("f", [Option(0.5, ("x", "y"))], category=None, offset=0, limit=10, facets=0)
    assert half.scores == pytest.approx([s / 2 for s in both.scores])


def test_deleted_documents_never_match_and_ties_keep_index_order():
    segment = ArraySegment("c", {"x": {0: 1, 1: 1, 2: 1, 3: 1}}, [4] * 4, list("ppqq"))
    r = ranker([segment], deleted={0: [1]})
    ranked = r.rank("f", [Option(1.0, ("x",))], category=None, offset=0, limit=2, facets=True)
    assert ranked.total == 3 and ranked.docnums == [0, 2]
    assert ranked.category_counts == {"p": 1, "q": 2}
    only_q = r.rank("f", [Option(1.0, ("x",))], category="q", offset=1, limit=5, facets=False)
    assert only_q.total == 2 and only_q.docnums == [3]
    unknown = r.rank("f", [Option(1.0, ("x",))], category="zz", offset=0, limit=5, facets=False)
    assert unknown.total == 0 and unknown.docnums == []


def test_unknown_terms_and_pages_past_the_end_are_empty():
    r = ranker([ArraySegment("d", {"x": {0: 2}}, [3], ["c"])])
    assert (
        r.rank("f", [Option(1.0, ("nope",))], category=None, offset=0, limit=5, facets=1).total == 0
    )
    past = r.rank("f", [Option(1.0, ("x",))], category=None, offset=10, limit=5, facets=False)
    assert past.total == 1 and past.docnums == []
