"""The ranking policy: every number that decides which article comes first, in one place.

Every backend reads this module and nothing else for its weights: the Whoosh backend
scores with numpy (backends/whoosh/), the PostgreSQL backend in SQL (backends/postgres/),
and both must agree with the relevance suite (tests/data/relevance/). Changing a number here
changes both; a change of `TEXT_FIELDS` needs `rebuild_search_index` (the weights are
stored with the terms).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from articles.core.languages import SOURCE_LANGUAGE

# Part of an article → weight of its words: an editor's keyword beats a title word beats
# the body. A term's weight in a document is the sum of the weights of its occurrences.
# The name of the article's topic in the language counts as a body word: it lets an
# English-only article be found from another language (documents.document_languages).
TEXT_FIELDS = {"keywords": 6.0, "title": 3.0, "summary": 1.5, "body": 1.0, "category_name": 1.0}

# Where spelling corrections come from: the prose editors publish, as they spell it. Of the
# keywords, which also hold the misspellings visitors type ("withdrawl") so that those find
# the article, only words that are no slip of that prose (spelling.spelling_text).
SPELLING_FIELDS = ("title", "summary", "body", "category_name")

# BM25F, with Whoosh's defaults (whoosh.scoring.BM25F): one weighted text per document,
# so one length normalization.
K1 = 1.2
B = 0.75

# What the visitor typed counts fully; a synonym helps, but a word with many synonyms must
# not outweigh a rare, precise word next to it.
SYNONYM_BOOST = 0.5
MAX_ALTERNATIVES = 4  # per word: what was typed + 3 synonyms (more adds time, not results)

# Spelling: a correction is tried when the query finds fewer than this many articles, and
# kept only when the corrected query finds more.
FEW_RESULTS = 3
MIN_CORRECTED_LENGTH = 4  # shorter words are too often right as typed ("fee", "pin")


# Typo kinds people make most (a doubled letter, a missing letter, swapped neighbours) cost
# less than other edits, so "سحبب" becomes "سحب" (withdrawal), not "سبب" (reason). Among
# equally likely corrections, the one whose best match scores highest wins.
LIKELY_TYPO_COST = 0.5
MAX_CORRECTION_CANDIDATES = 3  # per word: each is one more search, only for failing queries

# A rewritten query (keyboard layout, pinyin) replaces what was typed only when it finds
# at least this many times as many articles (and some at all).
REWRITE_GAIN = 2

# Strong and weak results: a result is strong when it scores at least this share of the
# best one. Weak ones (a word in passing) are folded away under "more articles that
# mention…", and topic chips count strong ones only.
STRONG_SHARE = 0.35


def strong_threshold(top_score: float) -> float:
    """The lowest score of a strong result when the best one scores `top_score`."""
    return STRONG_SHARE * top_score


def max_edits(word: str) -> int:
    """How many edits a misspelling of `word` may have (1 up to 5 letters, else 2)."""
    return 1 if len(word) <= 5 else 2


# Fallback: a language with no match at all shows results in the source language
# (English), labelled.
FALLBACK_LANGUAGE = SOURCE_LANGUAGE


def wants_fallback(total: int, lang: str, category: str | None) -> bool:
    """Whether to show `FALLBACK_LANGUAGE` results for a query in `lang` that found
    `total` articles (never within a category: its page lists its articles anyway)."""
    return total == 0 and lang != FALLBACK_LANGUAGE and not category


@dataclass(frozen=True)
class Option:
    """One way a document can match: all of `terms`, worth `boost` times their BM25F."""

    boost: float
    terms: tuple[str, ...]


def options(clauses: Sequence[Sequence[tuple[str, ...]]]) -> list[Option]:
    """A query plan's clauses (`QueryPlan.clauses`) as a sum of options: the query every
    backend runs.

    Neither AND nor flat OR: every clause may match, so extra words in a question never
    empty the page, and the scores of the options a document matches add up, so one
    matching more of them ranks first. (An explicit coordination factor cost a third of
    the query time and changed no ranking in the suite.) A document matches when it
    matches at least one option.
    """
    return [
        Option(1.0 if number == 0 else SYNONYM_BOOST, tuple(dict.fromkeys(terms)))
        for alternatives in clauses
        for number, terms in enumerate(alternatives)
    ]
