"""Colloquial forms and common typos of the domain's words, per language: each finds its
article first (the sample help center's synonyms.yaml and the Chinese dictionary)."""

import pytest

from articles import search
from articles.search.analysis import analyzer_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("zh-hans", "充直失败", "top-up-failed"),  # 充直: a typo of 充值 (same pinyin)
        ("ar", "فلوسي ما وصلت", "withdrawal-delayed"),  # "my money didn't arrive"
        ("ar", "مصرياتي ما وصلت", "withdrawal-delayed"),  # the same, Levantine
        ("en", "my witdrawal never came", "withdrawal-delayed"),
        ("es", "no me devuelven la plata", "request-refund"),  # plata: money (Americas)
        ("es", "no me cae la plata", "withdrawal-delayed"),  # caer: to land in an account
        ("ru", "вывел деньги а они не упали", "withdrawal-delayed"),  # упасть: to land
    ],
)
def test_colloquial_forms_and_typos_find_their_article_first(
    search_backend, search_index, lang, typed, expected
):
    results = search.search(typed, lang, log=False)
    assert [hit.slug for hit in results.hits][:1] == [expected]


def test_the_arabic_word_for_money_keeps_its_first_letter():
    # Snowball's light stemmer reads its ف as the prefix "and": فلوسي became لوس.
    analyzer = analyzer_for("ar")
    assert analyzer.terms("فلوسي الفلوس بفلوسي") == ["فلوس", "فلوس", "فلوس"]


def test_a_chinese_typo_of_a_domain_word_is_one_word():
    assert "充直" in analyzer_for("zh-hans").terms("充直失败")
