"""The support desk for agents: their own language beside the customer's, honest states,
reached from the admin and after signing in, kept out of visitors' search analytics."""

import pytest
from django.test import Client

from articles import search
from articles.models import Article, SearchLog
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(db):
    client = Client()
    client.force_login(UserFactory(username="desk-agent", groups=["Support"]))
    return client


def test_the_agents_language_is_shown_beside_the_customers(agent, search_index):
    refund = Article.objects.get(slug="request-refund")
    html = agent.get("/en/support/", {"customer_lang": "ar", "q": "استرداد"}).content.decode()
    assert refund.title_ar in html and refund.title_en in html
    assert 'lang="ar" dir="rtl"' in html and 'lang="en" dir="ltr"' in html
    assert "In your language (English)" in html
    # The link and what is copied are the customer's.
    assert f"[{refund.title_ar}](http://testserver/a/{refund.pk}/?lang=ar)" in html


def test_the_agent_may_choose_another_language(agent, search_index):
    refund = Article.objects.get(slug="request-refund")
    html = agent.get(
        "/en/support/", {"customer_lang": "ar", "agent_lang": "ru", "q": "استرداد"}
    ).content.decode()
    assert refund.title_ru in html and 'lang="ru"' in html


def test_one_text_when_agent_and_customer_share_a_language(agent, search_index):
    html = agent.get("/ru/support/", {"q": "пароль"}).content.decode()
    assert "desk-text agent" not in html
    assert Article.objects.get(slug="reset-password").title_ru in html


def test_each_result_has_a_preview_of_its_body(agent, search_index):
    html = agent.get("/en/support/", {"q": "fees"}).content.decode()
    assert 'class="desk-preview"' in html
    assert "We want you to know what a transaction will cost" in html
    assert ">#<" not in html.split("desk-results")[1]  # heading links are not text


def test_an_outdated_translation_is_labelled(agent, search_index):
    article = ArticleFactory(published=True, slug="quokka-fees", title_en="Quokka fees")
    article.title_es, article.body_es = "Tarifas quokka", "Texto."
    article.summary_es = "Resumen."
    article.save()
    article.body_en = "A changed English text."
    article.save()
    search.rebuild()
    html = agent.get("/en/support/", {"customer_lang": "es", "q": "quokka"}).content.decode()
    assert 'class="translation outdated"' in html and "but outdated: the English changed on" in html


def test_a_missing_translation_is_labelled_as_english_fallback(agent, search_index):
    ArticleFactory(published=True, slug="only-english", title_en="Chargeback rules")
    search.rebuild()
    html = agent.get("/en/support/", {"customer_lang": "ar", "q": "chargeback"}).content.decode()
    assert 'class="translation fallback"' in html and "will see the English text" in html


def test_desk_searches_are_logged_as_desk_not_as_visitors(agent, search_index):
    agent.get("/en/support/", {"q": "refund"})
    Client().get("/en/search/", {"q": "fees"})
    Client().get("/api/search", {"q": "password", "lang": "en"})
    assert dict(SearchLog.objects.values_list("query", "source")) == {
        "refund": "desk",
        "fees": "visitor",
        "password": "api",
    }


def test_support_only_users_land_on_the_desk_after_signing_in(db):
    UserFactory(username="agent-login", groups=["Support"])
    client = Client()
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "agent-login", "password": "correct horse battery", "next": "/admin/"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302 and response["Location"] == "/es/support/"


def test_editors_and_explicit_next_are_left_alone(db):
    UserFactory(username="editor-login", groups=["Editors"])
    UserFactory(username="agent-next", groups=["Support"])
    editor = Client().post(
        "/admin/login/", {"username": "editor-login", "password": "correct horse battery",
                          "next": "/admin/"},
    )  # fmt: skip
    assert editor["Location"] == "/admin/"
    agent = Client().post(
        "/admin/login/", {"username": "agent-next", "password": "correct horse battery",
                          "next": "/admin/articles/article/"},
    )  # fmt: skip
    assert agent["Location"] == "/admin/articles/article/"


def test_a_preview_is_plain_text_with_headings_set_apart(db):
    from articles.support.desk import body_preview

    article = ArticleFactory(body_en="## Causes\n\nSomething <b>went</b> wrong.\n\n" + "x " * 300)
    preview = body_preview(article, "en")
    assert preview.startswith("Causes — Something went wrong. x x")
    assert len(preview) <= 240 and preview.endswith("…")
