"""Publication windows: a scheduled or expired article is invisible on every surface, and
appears or disappears on time, with a frozen clock moved forward and no command run."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles import search
from articles.models import Article, Category, PublicationBoundary
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0) + timedelta(days=3)


class Clock:
    def __init__(self, now) -> None:
        self.now = now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Freeze django.utils.timezone.now (models, selectors, caches all read it)."""
    frozen = Clock(START)
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen


@pytest.fixture
def committed(monkeypatch):
    """On-commit callbacks (index syncs) run at once, as they would after each request's
    commit (the test's own transaction never commits)."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def quokka_article(**window) -> Article:
    return ArticleFactory(
        published=True,
        slug="quokka-fees",
        category=Category.objects.get(slug="fees-and-currencies"),
        position=0,
        title_en="Quokka fees explained",
        body_en="What quokka transfers cost.\n",
        languages=["ru"],
        views=10**6,  # the most viewed article: first among popular ones when visible
        **window,
    )


def visible_on(article: Article) -> dict[str, bool]:
    """Every surface a visitor or support agent could find the article on."""
    visitor, staff = Client(), Client()
    staff.force_login(UserFactory(username="desk", groups=["Editors"]))
    url = f"/en/articles/{article.slug}/"
    home = visitor.get("/en/").content.decode()
    topics, popular = home.split('id="popular-title"')
    api = visitor.get("/api/search", {"q": "quokka", "lang": "en"}).json()
    suggest = visitor.get("/api/suggest", {"q": "quok", "lang": "en"}).json()
    return {
        "page": visitor.get(url).status_code == 200,
        "short link": visitor.get(f"/a/{article.pk}/?lang=en").status_code == 302,
        "search": [hit.slug for hit in search.search("quokka", "en").hits] == [article.slug],
        "search in Russian": [(h.slug, h.lang) for h in search.search("quokka", "ru").hits]
        == [(article.slug, "ru")],
        "results page": url in visitor.get("/en/search/?q=quokka").content.decode(),
        "api search": [r["slug"] for r in api["results"]] == [article.slug],
        "api suggest": [s["slug"] for s in suggest["suggestions"]] == [article.slug],
        "topic page": url in visitor.get("/en/categories/fees-and-currencies/").content.decode(),
        "home topics": url in topics,
        "home popular": url in popular,
        "related": url in visitor.get("/en/articles/fees/").content.decode(),
        "sitemap": url in visitor.get("/sitemap.xml").content.decode(),
        "support desk": f"/a/{article.pk}/?lang=en"
        in staff.get("/en/support/?q=quokka").content.decode(),
    }


def test_a_scheduled_article_appears_on_time_everywhere(search_index, clock, committed):
    article = quokka_article(publish_at=START + timedelta(hours=1))
    assert not any(visible_on(article).values()), visible_on(article)
    clock.advance(minutes=59, seconds=59)
    assert not any(visible_on(article).values())
    clock.advance(seconds=1)  # no command: the next requests find the window open
    seen = visible_on(article)
    assert all(seen.values()), seen


def test_an_article_disappears_everywhere_when_unpublished(search_index, clock, committed):
    article = quokka_article(unpublish_at=START + timedelta(days=7))
    seen = visible_on(article)
    assert all(seen.values()), seen
    clock.advance(days=7)
    hidden = visible_on(article)
    assert not any(hidden.values()), hidden


def test_an_expired_article_is_invisible_and_staff_see_why(search_index, clock, committed):
    article = quokka_article(
        publish_at=START - timedelta(days=30), unpublish_at=START - timedelta(days=1)
    )
    assert not any(visible_on(article).values())
    staff = Client()
    staff.force_login(UserFactory(username="ed2", groups=["Editors"]))
    page = staff.get(f"/en/articles/{article.slug}/").content.decode()
    assert "Unpublished since" in page


def test_pages_are_not_cached_past_the_next_boundary(search_index, clock, committed):
    client = Client()
    assert "max-age=60" in client.get("/en/").headers["Cache-Control"]
    quokka_article(publish_at=START + timedelta(seconds=25))
    assert "max-age=25" in client.get("/en/").headers["Cache-Control"]
    assert "max-age=25" in client.get("/en/articles/fees/").headers["Cache-Control"]
    api = client.get("/api/search", {"q": "fees", "lang": "en"})
    assert "max-age=25" in api.headers["Cache-Control"]
    clock.advance(seconds=25)
    assert "max-age=60" in client.get("/en/").headers["Cache-Control"]


def test_shared_caches_do_not_keep_pages_past_the_next_boundary(
    search_index, clock, committed, settings
):
    settings.KB_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]  # a proxy that takes purges
    settings.KB_SHARED_MAX_AGE, settings.KB_STALE_WHILE_REVALIDATE = 3600, 30
    client = Client()
    assert "s-maxage=3600, stale-while-revalidate=30" in client.get("/en/")["Cache-Control"]
    quokka_article(publish_at=START + timedelta(seconds=25))
    for url in ("/en/", "/en/articles/fees/", "/api/search?q=fees&lang=en"):
        control = client.get(url)["Cache-Control"]
        assert "s-maxage=25" in control and "stale-while-revalidate" not in control, url


def test_a_revalidated_page_is_gone_after_unpublish(search_index, clock, committed):
    article = quokka_article(unpublish_at=START + timedelta(hours=1))
    client = Client()
    first = client.get(f"/en/articles/{article.slug}/")
    since = {"HTTP_IF_MODIFIED_SINCE": first.headers["Last-Modified"]}
    assert client.get(f"/en/articles/{article.slug}/", **since).status_code == 304
    clock.advance(hours=1)
    assert client.get(f"/en/articles/{article.slug}/", **since).status_code == 404


def test_boundaries_follow_the_schedule_and_drafts_have_none(db, clock):
    article = quokka_article(publish_at=START + timedelta(hours=1))
    article.unpublish_at = START + timedelta(days=2)
    article.save()
    boundaries = PublicationBoundary.objects.filter(article=article)
    assert [b.at for b in boundaries] == [article.publish_at, article.unpublish_at]
    article.status = Article.Status.DRAFT
    article.save()
    assert not PublicationBoundary.objects.filter(article=article).exists()


def test_unpublish_before_publish_is_refused(db):
    article = quokka_article(publish_at=START)
    article.unpublish_at = START - timedelta(minutes=1)
    with pytest.raises(Exception, match="unpublished after it is published"):
        article.full_clean()


def test_search_alone_follows_the_window(search_index, clock, committed):
    """No page view in between: searching and suggesting apply the passed boundary."""
    quokka_article(publish_at=START + timedelta(minutes=5))
    assert search.search("quokka", "en").total == 0  # cached under the index version
    assert search.suggest("quokk", "en") == []
    clock.advance(minutes=5)
    assert [hit.slug for hit in search.suggest("quokk", "en")] == ["quokka-fees"]
    assert [hit.slug for hit in search.search("quokka", "en").hits] == ["quokka-fees"]
