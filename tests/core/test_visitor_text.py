"""Whatever text a visitor sends is stored cleaned, on SQLite and on PostgreSQL alike."""

import pytest

from articles.core.visitor_text import VisitorTextField, clean_visitor_text
from articles.models import ArticleFeedback, SearchLog

HOSTILE = "Falta\x00 la\x01 tabla\x1b[31m\u202e\x7f\x9b\ufffe"


@pytest.mark.django_db
def test_a_comment_with_nul_and_control_characters_is_stored_cleaned(client, sample_content):
    comment = f"Line one\x00\r\n\tindented{HOSTILE}"
    response = client.post("/es/articles/fees/feedback/", {"helpful": "no", "comment": comment})
    assert response.status_code == 302
    assert ArticleFeedback.objects.get().comment == "Line one\n\tindentedFalta la tabla[31m"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/search/", "/api/search", "/api/suggest", "/zh-hans/search/", "/ar/search/"]
)
def test_searches_with_nul_are_answered_and_logged_cleaned(client, search_index, url):
    response = client.get(url, {"q": "fee\x00s\x01\x1b", "lang": "en"})
    assert response.status_code == 200
    for entry in SearchLog.objects.all():
        assert entry.query == clean_visitor_text(entry.query) and "\x00" not in entry.query


def test_lone_surrogates_are_dropped():
    assert clean_visitor_text("a\ud800b") == "ab"


def test_multi_line_text_keeps_line_breaks_and_tabs():
    assert clean_visitor_text("a\r\nb\rc\u2028d\te", multiline=True) == "a\nb\nc\nd\te"
    assert clean_visitor_text("a\r\nb\te") == "a b e"


def test_writing_in_every_language_survives_cleaning():
    for text in [
        "充值失败怎么办？",
        "Счёт заморожен",
        "¿Cuánto tarda?",
        "\u200fحسابي مجمد\u200f",  # right-to-left marks are kept
        "family 👨\u200d👩\u200d👧",  # zero-width joiner keeps the emoji together
    ]:
        assert clean_visitor_text(text, multiline=True) == text


def test_forms_to_come_clean_instead_of_refusing():
    field = VisitorTextField(multiline=True, max_length=20)
    assert field.clean("Hello\x00\r\nworld\u202e") == "Hello\nworld"
