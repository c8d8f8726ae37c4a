"""search_quality reports how many results a query shows above the fold."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.search.quality import Ranking, measure


def test_results_above_the_fold_are_averaged_per_language():
    answers = {"a": Ranking(["x", "y", "z"], above_fold=1), "b": Ranking(["y"], above_fold=3)}
    cases = {"en": [{"q": "a", "expect": "x"}, {"q": "b", "expect": "y"}]}
    [row] = measure(lambda query, lang: answers[query], cases)
    assert row.above_fold == 2.0 and row.hit_at_3 == 1.0


def test_a_plain_list_engine_reports_no_fold():
    [row] = measure(lambda query, lang: ["x"], {"en": [{"q": "a", "expect": "x"}]})
    assert row.above_fold is None


@pytest.mark.django_db
def test_search_quality_prints_the_results_shown_above_the_fold(search_index, tmp_path):
    (tmp_path / "en.yaml").write_text(
        '- q: "withdrawal not arrived"\n  expect: withdrawal-delayed\n', "utf-8"
    )
    out = StringIO()
    call_command("search_quality", str(tmp_path), stdout=out)
    header, row = out.getvalue().splitlines()[:2]
    assert header.split()[-1] == "shown"
    shown = float(row.split()[-1])
    assert 1 <= shown < 10  # the weak tail is folded away
