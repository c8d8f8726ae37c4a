"""Relevance: realistic queries per language must find the right article in the top 3.

The queries (tests/relevance/<lang>.yaml) were written by native-speaking writers as
visitors type them: questions, synonyms, typos, missing accents, Chinese without spaces.
`python manage.py search_quality tests/relevance` prints hit@3, MRR and the results shown
above the fold per language.
Every query runs on every search backend (the PostgreSQL one when the suite runs on
PostgreSQL).
"""

import pytest
import yaml

from articles import search
from tests.paths import RELEVANCE_DIR

CASES = [
    (path.stem, case["q"], case["expect"])
    for path in sorted(RELEVANCE_DIR.glob("*.yaml"))
    for case in yaml.safe_load(path.read_text("utf-8"))
]


def test_every_language_has_at_least_twelve_queries():
    for lang in ("en", "zh-hans", "ru", "es", "ar"):
        assert sum(1 for case in CASES if case[0] == lang) >= 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "query", "expected"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES]
)
def test_expected_article_is_in_the_top_three(search_backend, search_index, lang, query, expected):
    top = [hit.slug for hit in search.search(query, lang, log=False).hits[:3]]
    assert expected in top
