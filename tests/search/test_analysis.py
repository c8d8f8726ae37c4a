"""Per-language analyzers: what a visitor types and what an article says meet."""

import pytest

from articles.search.analysis import ChineseAnalyzer, analyzer_for


def terms(lang: str, text: str) -> list[str]:
    return analyzer_for(lang).terms(text)


def test_english_stems_and_drops_stop_words():
    assert terms("en", "How do I get my withdrawals?") == terms("en", "get withdrawal")
    assert "how" not in terms("en", "how")


def test_spanish_folds_accents_before_stop_words_and_stemming():
    assert terms("es", "contraseña") == terms("es", "contrasena")
    assert terms("es", "¿Cómo recupero mi contraseña?") == terms("es", "como recupero contrasena")
    assert terms("es", "cómo") == [] and terms("es", "como") == []


def test_russian_treats_yo_as_ye_and_stems():
    assert terms("ru", "счёт") == terms("ru", "счет")
    assert terms("ru", "пароля") == terms("ru", "пароль")


def test_arabic_normalization_and_light_stemming():
    assert terms("ar", "إعادة") == terms("ar", "اعاده")
    assert terms("ar", "مُجَمَّد") == terms("ar", "مجمد")  # tashkeel
    assert terms("ar", "حســاب") == terms("ar", "حساب")  # tatweel
    assert terms("ar", "على") == terms("ar", "علي") == []  # ى→ي, then a stop word
    assert terms("ar", "الحسابات") == terms("ar", "حساب")


def test_chinese_segments_without_spaces_and_drops_question_words():
    assert terms("zh-hans", "账户被冻结怎么解冻") == ["账户", "冻结", "解冻"]
    assert "人工客服" in terms("zh-hans", "怎么联系人工客服")  # domain dictionary
    assert terms("zh-hans", "请问为什么充值失败吗") == ["充值", "失败"]


def test_chinese_positions_are_consecutive_not_character_offsets():
    tokens = list(analyzer_for("zh-hans").tokens("账户被冻结怎么解冻"))
    assert [t.pos for t in tokens] == [0, 1, 2]
    assert [(t.start, t.end) for t in tokens] == [(0, 2), (3, 5), (7, 9)]


def test_full_width_characters_are_folded_by_query_normalization():
    from articles.search.query import normalize_query

    assert normalize_query("ＯＫＰａｙ　充值") == "OKPay 充值"


def test_jieba_loads_once_per_process():
    assert ChineseAnalyzer.jieba() is ChineseAnalyzer.jieba()


@pytest.mark.parametrize("lang", ["fr", "de", "ja"])
def test_a_language_without_an_analyzer_gets_a_generic_one(lang):
    assert terms(lang, "Mot DE passe Übung") == ["mot", "de", "passe", "ubung"]


def test_words_inside_diacritics_are_not_split():
    assert len(analyzer_for("ar").words("مُجَمَّد")) == 1


@pytest.mark.parametrize("lang", ["en", "ru", "es", "ar"])
def test_stemming_runs_in_c(lang):
    # PyStemmer (libstemmer) is what makes saves and rebuilds affordable: snowballstemmer
    # hands its work to it when it is installed (the pure Python stemmers are 100× slower).
    import Stemmer

    analyzer = analyzer_for(lang)
    analyzer.stem("payments")  # the thread's stemmer is made on first use
    assert isinstance(analyzer._local.stemmer, Stemmer.Stemmer)
