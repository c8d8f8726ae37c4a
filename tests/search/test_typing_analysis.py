"""How people type, at the analyzer level: the same terms at index and query
time whatever the width, accents, apostrophes, codes or script variant."""

import pytest

from articles.search.analysis import analyzer_for
from articles.search.analysis.chinese import to_simplified
from articles.search.layouts import swapped_layout
from articles.search.pinyin import PinyinIndex
from articles.search.spelling import closest_words, typo_cost


def terms(lang: str, text: str) -> list[str]:
    return analyzer_for(lang).terms(text)


@pytest.mark.parametrize("lang", ["en", "zh-hans", "ru", "es", "ar", "fr"])
def test_full_width_letters_are_one_word_like_half_width_ones(lang):
    assert terms(lang, "ＯＫＰａｙ") == terms(lang, "OKPay") == ["okpay"]


def test_full_width_spans_point_into_the_text_as_written():
    text = "用ＯＫＰａｙ钱包"
    token = next(t for t in analyzer_for("zh-hans").tokens(text) if t.text == "okpay")
    assert text[token.start : token.end] == "ＯＫＰａｙ"


@pytest.mark.parametrize("lang", ["en", "es", "fr", "ru", "ar"])
def test_latin_accents_fold_in_every_language(lang):
    assert terms(lang, "café") == terms(lang, "cafe")


def test_letters_of_other_scripts_keep_their_marks():
    assert analyzer_for("ru").words("йогурт") == ["йогурт"]  # й is not и with a mark


@pytest.mark.parametrize(
    ("typed", "whole"),
    [("don't", "dont"), ("doesn’t", "doesnt"), ("isn't", "isnt"), ("we'll", "well")],
)
def test_contractions_are_one_word_with_or_without_the_apostrophe(typed, whole):
    assert analyzer_for("en").words(typed) == [whole]
    assert terms("en", typed) == terms("en", whole)


def test_no_contraction_fragments_are_indexed():
    found = set(terms("en", "It doesn't work, isn't it? We'll see; I've tried, you'd know."))
    assert not found & {"doesn", "isn", "ll", "ve", "d", "t", "s"}


@pytest.mark.parametrize(
    ("lang", "text", "term"),
    [
        ("en", "Error E-1024 again", "e-1024"),
        ("zh-hans", "错误E-1024怎么办", "e-1024"),
        ("ru", "ошибка E-1024", "e-1024"),
        ("en", "a fee of 1,000.50 USD", "1000.50"),
        ("es", "versión 2.3.1", "2.3.1"),
    ],
)
def test_codes_amounts_and_versions_are_whole_terms(lang, text, term):
    assert term in terms(lang, text)


def test_hyphenated_words_without_digits_still_split():
    assert terms("en", "e-mail") == ["e", "mail"]
    assert "e" not in terms("en", "E-1024")


def test_likely_slips_cost_less_than_other_edits():
    assert typo_cost("سحبب", "سحب", 1) < typo_cost("سحبب", "سبب", 1)  # doubled letter
    assert typo_cost("refnd", "refund", 1) < 1  # missing letter
    assert typo_cost("refnud", "refund", 1) < 1  # swapped neighbours
    assert typo_cost("refand", "refund", 1) == 1  # another letter


def test_a_doubled_letter_is_corrected_before_a_more_common_word():
    frequency = {"سبب": 50, "سحب": 5}
    assert closest_words("سحبب", [list(frequency)], frequency.__getitem__)[0][1] == "سحب"


def test_traditional_characters_read_as_simplified_at_both_ends():
    assert to_simplified("凍結帳號") == "冻结账号"
    assert terms("zh-hans", "凍結帳號") == terms("zh-hans", "冻结账号")


def test_pinyin_reads_as_the_index_words_with_or_without_spaces():
    index = PinyinIndex({"提现": 3, "没": 2, "每": 1, "到账": 2, "tixian": 9})
    assert index.convert("tixian mei daozhang") == "提现没到账"
    assert index.convert("tixianmeidaozhang") == "提现没到账"
    assert index.convert("xyzzy") is None and index.convert("提现") is None


@pytest.mark.parametrize(
    ("typed", "lang", "meant"),
    [("ntktajy", "ru", "телефон"), ("ащкпще", "en", "forgot"), ("spf", "ar", "سحب")],
)
def test_a_query_typed_with_another_keyboard_layout_is_swapped(typed, lang, meant):
    assert swapped_layout(typed, lang) == meant


def test_a_query_in_the_sites_own_script_is_not_swapped():
    assert swapped_layout("телефон", "ru") is None
    assert swapped_layout("phone", "en") is None
