"""The shared page cache: a spike of visitors is served cached pages, and yet every
publish, unpublish, edit and publication boundary is visible at the very next request;
staff and anyone sending cookies never get (or make) a cached copy; no cached page sets
a cookie."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article, ArticleFeedback, Category, SynonymGroup
from articles.web import page_cache
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/articles/quokka-fees/"
START = timezone.now().replace(microsecond=0) + timedelta(days=3)


@pytest.fixture
def clock(monkeypatch):
    """A frozen django.utils.timezone.now that the test moves forward."""
    state = {"now": START}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def quokka(**fields) -> Article:
    fields.setdefault("published", True)
    return ArticleFactory(
        slug="quokka-fees",
        category=Category.objects.get(slug="fees-and-currencies"),
        title_en="Quokka fees explained",
        **fields,
    )


def sneak_title(article: Article, title: str) -> None:
    """Change the title behind the cache's back (no signal): only a cached page hides it."""
    Article.objects.filter(pk=article.pk).update(title_en=title)


def test_a_visitors_second_request_is_served_from_the_cache(sample_content):
    article = quokka()
    assert "Quokka fees explained" in Client().get(URL).content.decode()
    sneak_title(article, "Wombat fees")
    again = Client().get(URL)
    assert again.status_code == 200
    assert "Quokka fees explained" in again.content.decode()
    assert "public" in again.headers["Cache-Control"]


def test_an_edit_is_visible_at_once(sample_content):
    article = quokka()
    Client().get(URL)
    article.title_en = "Quokka fees, updated"
    article.save()
    assert "Quokka fees, updated" in Client().get(URL).content.decode()


def test_an_unpublished_article_is_gone_at_once_and_a_published_one_appears(sample_content):
    article = quokka()
    assert Client().get(URL).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert Client().get(URL).status_code == 404
    article.status = Article.Status.PUBLISHED
    article.save()
    assert Client().get(URL).status_code == 200


def test_a_topic_page_changes_with_any_article_of_it(sample_content):
    topic = "/en/categories/fees-and-currencies/"
    assert URL not in Client().get(topic).content.decode()
    quokka()
    assert URL in Client().get(topic).content.decode()


def test_a_scheduled_article_appears_on_time_on_a_cached_topic_page(sample_content, clock):
    topic = "/en/categories/fees-and-currencies/"
    quokka(publish_at=START + timedelta(hours=1))
    assert URL not in Client().get(topic).content.decode()
    assert Client().get(URL).status_code == 404
    clock["now"] = START + timedelta(hours=1)
    assert URL in Client().get(topic).content.decode()
    assert Client().get(URL).status_code == 200


def test_an_expiring_article_disappears_on_time_from_a_cached_page(sample_content, clock):
    quokka(unpublish_at=START + timedelta(minutes=10))
    assert Client().get(URL).status_code == 200
    clock["now"] = START + timedelta(minutes=10)
    assert Client().get(URL).status_code == 404


def test_staff_are_never_served_a_cached_page_nor_fill_the_cache(sample_content):
    article = quokka()
    staff = Client()
    staff.force_login(UserFactory(username="ed", groups=["Editors"]))
    assert "Quokka fees explained" in staff.get(URL).content.decode()
    sneak_title(article, "Wombat fees")
    assert "Wombat fees" in Client().get(URL).content.decode()  # staff's copy not kept
    sneak_title(article, "Koala fees")
    assert "Koala fees" in staff.get(URL).content.decode()  # the visitor's copy not served


def test_a_request_with_any_cookie_bypasses_the_cache(sample_content):
    article = quokka()
    Client().get(URL)
    sneak_title(article, "Wombat fees")
    with_cookie = Client()
    with_cookie.cookies["django_language"] = "en"
    assert "Wombat fees" in with_cookie.get(URL).content.decode()


@pytest.mark.parametrize("url", ["/en/", URL, "/en/categories/fees-and-currencies/"])
def test_no_cached_page_sets_a_cookie(sample_content, url):
    quokka()
    first, cached = Client().get(url), Client().get(url)
    assert cached.status_code == first.status_code == 200
    assert not first.cookies and not cached.cookies
    assert "public" in cached.headers["Cache-Control"]


def test_a_response_that_sets_a_cookie_is_not_kept():
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "secret")
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    for _ in range(2):
        middleware(RequestFactory().get("/en/contact/"))
    assert len(calls) == 2


def test_a_private_response_is_not_kept():
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse("You answered: yes")
        response["Cache-Control"] = "private, no-cache"
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    for _ in range(2):
        middleware(RequestFactory().get("/en/articles/fees/"))
    assert len(calls) == 2


def test_article_views_are_counted_on_cached_pages_too(sample_content):
    article = quokka()
    for _ in range(3):
        Client().get(URL)
    article.refresh_from_db()
    assert article.views == 3


def test_any_content_model_changes_the_version_but_votes_do_not(sample_content):
    before = page_cache.content_version()
    SynonymGroup.objects.create(language="en", terms="quokka, wombat")
    after_synonyms = page_cache.content_version()
    assert after_synonyms > before
    ArticleFeedback.objects.create(
        article=Article.objects.get(slug="fees"), language="en", visitor="v", helpful=True
    )
    assert page_cache.content_version() == after_synonyms


def test_a_search_served_from_a_cached_results_page_is_still_logged(search_index, monkeypatch):
    from articles.models import SearchLog
    from articles.web.views import pages

    searched = []
    real_search = pages.search.search
    monkeypatch.setattr(
        pages.search, "search", lambda *a, **k: searched.append(a) or real_search(*a, **k)
    )
    for _ in range(2):
        assert Client().get("/en/search/", {"q": "refund"}).status_code == 200
    assert len(searched) == 1  # the second page came from the cache
    assert SearchLog.objects.filter(query="refund", language="en").count() == 2


@pytest.fixture
def committed(monkeypatch):
    """On-commit callbacks (index syncs) run at once, as after a real request's commit."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def test_a_saved_article_is_found_at_once_through_cached_results(search_index, committed):
    page, api = "/en/search/?q=quokka", "/api/search?q=quokka&lang=en"
    assert URL not in Client().get(page).content.decode()
    assert Client().get(api).json()["total"] == 0
    quokka()
    assert URL in Client().get(page).content.decode()
    assert [hit["slug"] for hit in Client().get(api).json()["results"]] == ["quokka-fees"]


def test_the_api_is_cached_and_its_searches_still_logged(search_index, monkeypatch):
    from articles.api import endpoints as api
    from articles.models import SearchLog

    searched = []
    real_search = api.search.search
    monkeypatch.setattr(
        api.search, "search", lambda *a, **k: searched.append(a) or real_search(*a, **k)
    )
    for _ in range(2):
        assert Client().get("/api/search", {"q": "refund", "lang": "en"}).status_code == 200
    assert len(searched) == 1
    assert SearchLog.objects.filter(query="refund", language="en").count() == 2


def test_analytics_keep_their_fast_bulk_deletes():
    from django.db.models.signals import post_delete

    from articles.models import IndexChange, SearchLog

    assert not post_delete.has_listeners(SearchLog)  # prune_search_log deletes in bulk
    assert not post_delete.has_listeners(IndexChange)
    assert post_delete.has_listeners(SynonymGroup)


def test_pages_are_served_while_the_cache_server_is_down(sample_content, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    quokka()
    for _ in range(2):
        response = Client().get(URL)
        assert response.status_code == 200
        assert "Quokka fees explained" in response.content.decode()


def test_an_index_change_alone_rekeys_result_pages_but_not_articles(monkeypatch):
    # A save's index update and a merge of segments change the index version without any
    # change visitors see on an article: article pages stay cached; results do not.
    state = {"version": ("gen-1", 1)}

    class Index:
        def version(self):
            return state["version"]

    monkeypatch.setattr(page_cache, "get_index", Index)
    paths = ["/en/articles/fees/", "/en/search/?q=fees", "/api/search?q=fees", "/api/suggest?q=f"]
    before = {path: page_cache.page_key(RequestFactory().get(path)) for path in paths}
    state["version"] = ("gen-1", 2)
    after = {path: page_cache.page_key(RequestFactory().get(path)) for path in paths}
    assert [before[path] == after[path] for path in paths] == [True, False, False, False]
