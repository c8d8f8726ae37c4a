"""Readers get one language per page, and the truth about it."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from articles.models import Article, TranslationState
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def english_changed(article: Article, when: datetime.datetime) -> Article:
    """The English says refunds take 5 working days now; the translations still say 2."""
    article.body_en += "\n\nRefunds now take 5 working days."
    article.save()
    Article.objects.filter(pk=article.pk).update(source_changed_at=when)
    return Article.objects.get(pk=article.pk)


def test_an_outdated_translation_says_so_with_the_date_and_a_link(search_index, client):
    article = Article.objects.get(slug="request-refund")
    translated_on = datetime.datetime(2025, 1, 5, 9, tzinfo=datetime.UTC)
    TranslationState.objects.filter(article=article, language="ru").update(updated_at=translated_on)
    english_changed(article, datetime.datetime(2026, 3, 14, 12, tzinfo=datetime.UTC))
    html = client.get("/ru/articles/request-refund/").content.decode()
    assert "notice-outdated" in html and "14 марта 2026" in html
    assert 'href="/en/articles/request-refund/"' in html
    # "Last updated" is the Russian text's own date, not the day anything else changed.
    assert 'datetime="2025-01-05T09:00:00+00:00">5 января 2025' in html
    assert "notice-outdated" not in client.get("/es/articles/fees/").content.decode()


def test_support_desk_and_search_api_say_outdated(search_index, client):
    english_changed(Article.objects.get(slug="request-refund"), timezone.now())
    agent = Client()
    agent.force_login(UserFactory(username="agent", groups=["Support"]))
    desk = agent.get("/ru/support/", {"q": "возврат", "customer_lang": "ru"}).content.decode()
    assert 'data-state="outdated"' in desk
    data = client.get("/api/search", {"q": "возврат", "lang": "ru"}).json()
    flags = {hit["slug"]: hit["outdated"] for hit in data["results"]}
    assert flags["request-refund"] is True
    assert not any(outdated for slug, outdated in flags.items() if slug != "request-refund")


def test_an_empty_russian_summary_shows_the_whole_article_in_english(sample_content, client):
    Article.objects.filter(slug="fees").update(summary_ru="")
    article = Article.objects.get(slug="fees")
    html = client.get("/ru/articles/fees/").content.decode()
    assert '<article class="article" lang="en" dir="ltr">' in html
    assert article.title_en in html and article.title_ru not in html
    assert f'<meta name="description" content="{article.summary_en[:40]}' in html
    assert f'<meta property="og:description" content="{article.summary_en[:40]}' in html
    assert article.body_ru.split("\n")[0][:40] not in html


def test_an_empty_russian_title_never_puts_english_above_a_russian_body(sample_content, client):
    article = Article.objects.get(slug="fees")
    Article.objects.filter(pk=article.pk).update(title_ru="")
    html = client.get("/ru/articles/fees/").content.decode()
    assert article.body_ru.split("\n")[0][:40] not in html
    assert "<h1>" + article.title_en in html


def test_a_draft_translation_is_neither_shown_nor_searchable(
    search_index, client, django_capture_on_commit_callbacks
):
    article = Article.objects.get(slug="account-frozen")
    assert client.get("/api/search", {"q": article.title_ru, "lang": "ru"}).json()["total"]
    with django_capture_on_commit_callbacks(execute=True):
        state = TranslationState.objects.get(article=article, language="ru")
        state.status = "draft"
        state.save()  # a state's change reindexes its article
    html = client.get("/ru/articles/account-frozen/").content.decode()
    assert article.title_ru not in html and article.title_en in html
    data = client.get("/api/search", {"q": article.title_ru, "lang": "ru"}).json()
    assert all(
        not (hit["slug"] == "account-frozen" and hit["lang"] == "ru") for hit in data["results"]
    )
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/ru/articles/account-frozen/" not in sitemap


def test_english_only_articles_are_labelled_in_listings(sample_content, client):
    lonely = ArticleFactory(
        published=True, category=Article.objects.get(slug="fees").category, views=10**6
    )
    topic = client.get(f"/ru/categories/{lonely.category.slug}/").content.decode()
    label = f'lang="en" dir="ltr">{lonely.title_en}</a> <span class="in-english">'
    assert label in topic
    home = client.get("/ru/").content.decode()
    assert home.count(label) >= 1  # the popular list (and the topic card if among the first)
    english = client.get(f"/en/categories/{lonely.category.slug}/").content.decode()
    assert 'class="in-english"' not in english


def test_a_translation_appears_when_a_reviewer_publishes_it(sample_content, client):
    article = ArticleFactory(published=True, languages=["es"])
    state = article.translation_state("es")
    TranslationState.objects.filter(pk=state.pk).update(status="review")
    assert "Cómo recargar" not in client.get(f"/es/articles/{article.slug}/").content.decode()
    reviewer = UserFactory(username="rev-es", groups=["Reviewers (es)"])
    assert reviewer.has_perm("articles.approve_es")
    assert Permission.objects.filter(codename="approve_zh_hans").exists()
    from articles.translations import workflow as translation_workflow

    translation_workflow.approve(article=article, lang="es", user=reviewer)
    assert "Cómo recargar" in client.get(f"/es/articles/{article.slug}/").content.decode()
