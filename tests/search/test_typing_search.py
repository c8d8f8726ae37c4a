"""How people type, end to end on every search backend: each example of the
issue as a visitor would type it."""

import pytest

from articles import search
from articles.models import Category, SynonymGroup
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def slugs(results) -> list[str]:
    return [hit.slug for hit in results.hits]


@pytest.fixture
def add_article(search_backend, search_index, django_capture_on_commit_callbacks):
    """Publishes an article and indexes it (after commit, whichever the backend)."""

    def add(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return ArticleFactory(published=True, **fields)

    return add


def test_full_width_text_in_an_article_is_found_by_half_width_queries(add_article):
    add_article(
        slug="okpay-wallet",
        title_zh_hans="ＯＫＰａｙ钱包怎么绑定",
        summary_zh_hans="绑定说明。",
        body_zh_hans="在ＯＫＰａｙ钱包里绑定银行卡。",
    )
    assert slugs(search.search("okpay钱包", "zh-hans"))[0] == "okpay-wallet"


def test_a_word_found_without_its_accent_is_never_corrected(add_article):
    add_article(slug="paying-at-cafes", title_en="Paying at cafés", body_en="Cafés take cards.")
    results = search.search("cafe", "en")
    assert results.corrected_query is None
    assert slugs(results)[0] == "paying-at-cafes"


def test_contractions_typed_without_apostrophe_are_not_corrected(search_backend, search_index):
    results = search.search("dont", "en")
    assert results.corrected_query is None and results.total > 0


def test_a_code_matches_whole_not_the_e_of_e_mail(add_article):
    add_article(slug="error-e-1024", title_en="Error E-1024 at checkout", body_en="Retry.")
    results = search.search("E-1024", "en")
    assert slugs(results) == ["error-e-1024"]


def test_a_doubled_letter_is_corrected_to_the_word_with_strong_matches(
    search_backend, search_index
):
    results = search.search("سحبب", "ar")
    assert results.corrected_query == "سحب" and results.rewrite == "spelling"
    assert slugs(results)[0] == "withdrawal-delayed"


def test_traditional_characters_find_the_simplified_article(search_backend, search_index):
    results = search.search("凍結帳號", "zh-hans")
    assert slugs(results)[0] == "account-frozen"
    assert results.corrected_query == "冻结账号" and results.rewrite == "simplified"


def test_pinyin_finds_the_article_and_says_what_it_searched(search_backend, search_index):
    results = search.search("tixian mei daozhang", "zh-hans")
    assert results.rewrite == "pinyin" and "提现" in results.corrected_query
    assert slugs(results)[0] == "withdrawal-delayed"


def test_russian_typed_on_an_english_layout_is_searched_as_russian(search_backend, search_index):
    results = search.search("ntktajy", "ru")
    assert results.corrected_query == "телефон" and results.rewrite == "layout"
    assert "update-account-details" in slugs(results)[:3]


def test_exact_search_keeps_what_was_typed(search_backend, search_index):
    results = search.search("ntktajy", "ru", correct=False)
    assert results.corrected_query is None


def test_weak_matches_are_counted_apart_and_topics_count_strong_ones(search_backend, search_index):
    results = search.search("withdrawal not arrived", "en", facets=True)
    assert slugs(results)[0] == "withdrawal-delayed"
    assert 1 <= results.strong < results.total
    assert sum(results.category_counts.values()) == results.strong


def test_english_only_article_is_found_from_chinese_by_its_keywords(add_article):
    add_article(
        slug="close-account",
        title_en="Closing your account",
        body_en="How to close an account.",
        keywords_zh_hans="注销账户, 销户",
    )
    results = search.search("销户", "zh-hans")
    assert slugs(results)[0] == "close-account"
    assert results.hits[0].fallback and results.hits[0].lang == "en"


def test_english_only_article_is_found_by_its_translated_category_name(add_article):
    category = Category.objects.create(slug="crypto", name_en="Crypto", name_ru="Криптовалюта")
    add_article(slug="crypto-wallets", category=category, title_en="Crypto wallets")
    results = search.search("криптовалюта", "ru")
    assert slugs(results) == ["crypto-wallets"] and results.hits[0].fallback


def test_english_only_article_is_found_through_a_synonym(add_article):
    add_article(slug="close-account", title_en="Closing your account", body_en="Close it.")
    SynonymGroup.objects.create(language="ru", terms="закрыть аккаунт, closing account")
    search.synonyms_changed()
    results = search.search("закрыть аккаунт", "ru")
    assert "close-account" in slugs(results)[:3]


@pytest.mark.parametrize(
    ("typed", "lang", "expected"),
    [
        ("fee", "en", "fees"),
        ("charge", "en", "fees"),  # a word anywhere in the title
        ("密码", "zh-hans", "reset-password"),  # inside a Chinese word
        ("pasword", "en", "reset-password"),  # a typo
    ],
)
def test_suggestions_match_words_anywhere_and_tolerate_a_typo(
    search_backend, search_index, typed, lang, expected
):
    assert expected in [hit.slug for hit in search.suggest(typed, lang)]


def test_renaming_a_category_reindexes_its_english_only_articles(add_article):
    category = Category.objects.create(slug="crypto", name_en="Crypto", name_ru="Крипта")
    add_article(slug="crypto-wallets", category=category, title_en="Crypto wallets")
    category = Category.objects.get(pk=category.pk)
    category.name_ru = "Криптовалюта"
    category.save()
    search.sync()
    assert slugs(search.search("криптовалюта", "ru")) == ["crypto-wallets"]
