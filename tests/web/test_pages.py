"""The help site for visitors and support staff: feedback, views, SEO, support desk."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleFeedback
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_vote_yes_is_stored_with_the_language(client, sample_content):
    response = client.post("/ru/articles/fees/feedback/", {"helpful": "yes"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/articles/fees/?feedback=thanks#feedback"
    feedback = ArticleFeedback.objects.get()
    assert (feedback.article.slug, feedback.language, feedback.helpful) == ("fees", "ru", True)
    page = client.get(response["Location"]).content.decode()
    assert 'role="status"' in page


def test_one_vote_per_visitor_and_article(client, sample_content):
    client.post("/en/articles/fees/feedback/", {"helpful": "yes"})
    client.post("/en/articles/fees/feedback/", {"helpful": "no"})
    assert ArticleFeedback.objects.count() == 1
    assert ArticleFeedback.objects.get().helpful is False
    Client().post("/en/articles/fees/feedback/", {"helpful": "yes"})  # another visitor
    assert ArticleFeedback.objects.count() == 2


def test_no_asks_for_an_optional_comment(client, sample_content):
    response = client.post("/es/articles/fees/feedback/", {"helpful": "no"})
    assert "feedback=tell-us" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert 'name="comment"' in page
    client.post("/es/articles/fees/feedback/", {"helpful": "no", "comment": "Falta la tabla"})
    assert ArticleFeedback.objects.get().comment == "Falta la tabla"


def test_feedback_answers_json_for_javascript(client, sample_content):
    response = client.post(
        "/en/articles/fees/feedback/", {"helpful": "yes"}, HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"state": "thanks"}


@pytest.mark.parametrize("data", [{}, {"helpful": "maybe"}, {"helpful": "yes" * 1000}])
def test_bad_votes_are_400(client, sample_content, data):
    assert client.post("/en/articles/fees/feedback/", data).status_code == 400


def test_votes_need_post_and_csrf(sample_content):
    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/en/articles/fees/feedback/").status_code == 405
    assert strict.post("/en/articles/fees/feedback/", {"helpful": "yes"}).status_code == 403
    assert client_for_missing_article().status_code == 404


def client_for_missing_article():
    return Client().post("/en/articles/no-such/feedback/", {"helpful": "yes"})


def test_votes_are_rate_limited(client, sample_content):
    for _ in range(30):
        client.post("/en/articles/fees/feedback/", {"helpful": "yes"})
    response = client.post("/en/articles/fees/feedback/", {"helpful": "yes"})
    assert response.status_code == 429


def test_views_are_counted_and_make_articles_popular(client, sample_content):
    before = Article.objects.get(slug="fees").views
    for _ in range(3):
        client.get("/en/articles/fees/")
    assert Article.objects.get(slug="fees").views == before + 3
    Article.objects.filter(slug="account-frozen").update(views=10_000)
    home = client.get("/en/").content.decode()
    popular = home.split('id="popular-title"')[1]
    assert popular.index("/en/articles/account-frozen/") < popular.index("/en/articles/fees/")


def test_long_articles_get_a_table_of_contents_and_heading_links(client, sample_content):
    html = client.get("/en/articles/withdrawal-delayed/").content.decode()
    assert 'class="toc toc-compact"' in html  # phones: collapsed, at the top
    assert 'class="toc toc-side"' in html  # wide screens: beside the text
    assert 'class="headerlink" href="#' in html


def test_article_has_canonical_alternates_and_open_graph(client, sample_content):
    html = client.get("/ar/articles/fees/").content.decode()
    assert '<link rel="canonical" href="http://testserver/ar/articles/fees/">' in html
    for code in ("en", "zh-hans", "ru", "es", "ar", "x-default"):
        assert f'hreflang="{code}"' in html
    assert 'hreflang="ru" href="http://testserver/ru/articles/fees/"' in html
    assert 'hreflang="x-default" href="http://testserver/en/articles/fees/"' in html
    assert (
        '<meta property="og:title"' in html and '<meta property="og:locale" content="ar">' in html
    )


def test_article_offers_its_short_link_to_copy(client, sample_content):
    article = Article.objects.get(slug="fees")
    html = client.get("/es/articles/fees/").content.decode()
    short = f"http://testserver/a/{article.pk}/?lang=es"
    assert f'value="{short}"' in html
    assert f'data-copy="[{article.title_es}]({short})"' in html


def test_sitemap_lists_every_translation_with_hreflang(client, sample_content):
    ArticleFactory(published=True, slug="english-only")
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/zh-hans/articles/fees/</loc>" in xml
    assert 'hreflang="ar" href="http://testserver/ar/articles/fees/"' in xml
    assert 'hreflang="x-default"' in xml
    assert "/ru/articles/english-only/" not in xml and "/en/articles/english-only/" in xml


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text and "Disallow: /admin/" in text


def test_support_desk_needs_the_support_group(client, sample_content):
    assert client.get("/en/support/").status_code == 302
    outsider = Client()
    outsider.force_login(UserFactory(username="visitor-staff"))
    assert outsider.get("/en/support/").status_code == 403


def test_support_desk_searches_in_the_customers_language(sample_content, search_index):
    agent = Client()
    agent.force_login(UserFactory(username="agent", groups=["Support"]))
    ArticleFactory(published=True, slug="only-english", title_en="Chargeback rules")
    html = agent.get("/en/support/", {"customer_lang": "ru", "q": "пароль"}).content.decode()
    article = Article.objects.get(slug="reset-password")
    assert article.title_ru in html
    assert f"http://testserver/a/{article.pk}/?lang=ru" in html
    assert f"[{article.title_ru}](http://testserver/a/{article.pk}/?lang=ru)" in html


def test_support_desk_marks_english_fallback(search_index):
    from articles import search

    agent = Client()
    agent.force_login(UserFactory(username="agent2", groups=["Support"]))
    article = ArticleFactory(published=True, slug="only-english", title_en="Chargeback rules")
    search.rebuild()
    html = agent.get("/en/support/", {"customer_lang": "ar", "q": "chargeback"}).content.decode()
    assert f"/a/{article.pk}/?lang=ar" in html
    assert 'class="translation fallback"' in html


def test_search_for_the_original_words_after_a_correction(client, search_index):
    html = client.get("/en/search/", {"q": "verifcation"}).content.decode()
    assert "?q=verifcation&amp;exact=1" in html
    exact = client.get("/en/search/", {"q": "verifcation", "exact": "1"}).content.decode()
    assert "Showing results for" not in exact


def test_repeat_views_are_cheap_with_validators(client, sample_content):
    article = client.get("/en/articles/fees/")
    assert article.has_header("Last-Modified")
    again = client.get("/en/articles/fees/", HTTP_IF_MODIFIED_SINCE=article["Last-Modified"])
    assert again.status_code == 304
    home = client.get("/en/")
    assert home.has_header("ETag")
    assert client.get("/en/", HTTP_IF_NONE_MATCH=home["ETag"]).status_code == 304


def test_public_pages_are_cacheable_and_private_ones_are_not(client, sample_content, admin_client):
    client.cookies["django_language"] = "en"  # no new cookie to set
    response = client.get("/en/categories/account/")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert response["Content-Language"] == "en"
    assert "private" in admin_client.get("/en/categories/account/")["Cache-Control"]
    assert "Accept-Language" in client.get("/")["Vary"]
    assert "Accept-Language" in client.get("/api/search", {"q": "fee"})["Vary"]


def test_json_logs(capsys):
    import logging

    from kb.logs import JsonFormatter

    record = logging.LogRecord("kb", logging.WARNING, __file__, 1, "index %s", ("busy",), None)
    import json

    assert json.loads(JsonFormatter().format(record))["message"] == "index busy"


def test_home_listings_are_cached_but_follow_edits_at_once(client, sample_content):
    assert "Fees zebra" not in client.get("/en/").content.decode()  # listings now cached
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/")
    listing_queries = [q["sql"] for q in queries if "articles_article" in q["sql"]]
    assert listing_queries == []  # served from the cache
    article = Article.objects.get(slug="fees")
    article.title_en = "Fees zebra"
    article.save()
    assert "Fees zebra" in client.get("/en/").content.decode()
    article.status = Article.Status.DRAFT
    article.save()
    assert "/en/articles/fees/" not in client.get("/en/").content.decode()


def test_a_big_topic_is_listed_in_pages_of_30(client, db):
    topic = CategoryFactory(slug="big-topic", name_en="Big topic")
    ArticleFactory.create_batch(35, category=topic, published=True)
    first = client.get("/en/categories/big-topic/").content.decode()
    assert first.count('<li><a href="/en/articles/') == 30
    assert "Page 1 of 2" in first and 'rel="next" href="?page=2"' in first
    second = client.get("/en/categories/big-topic/?page=2").content.decode()
    assert second.count('<li><a href="/en/articles/') == 5 and 'rel="prev"' in second
    assert (
        'aria-label="Страницы статей"' in client.get("/ru/categories/big-topic/").content.decode()
    )
    for odd in ("0", "-1", "abc", "99", "9" * 5000, "1.5"):
        assert client.get(f"/en/categories/big-topic/?page={odd}").status_code == 200, odd


def test_related_articles_follow_a_change_made_by_another_worker(client, db):
    # Listings are cached under the content version kept in the database: a change that
    # another process committed reaches this one's related articles as soon as it rereads
    # the version (VERSION_RECHECK_SECONDS), not only after KB_PAGE_MAX_AGE.
    from articles.models.content_version import bump_content_version, forget_content_version

    topic = CategoryFactory(slug="payments-topic")
    shown = ArticleFactory(category=topic, published=True, slug="shown", position=1)
    other = ArticleFactory(category=topic, published=True, slug="other", position=2)
    assert "/en/articles/other/" in client.get("/en/articles/shown/").content.decode()
    # Another worker unpublishes it: its own signals ran there, not here.
    Article.objects.filter(pk=other.pk).update(status=Article.Status.DRAFT)
    bump_content_version()  # what its signals did there (an unpublish reaches every page)
    forget_content_version()  # as this process does every VERSION_RECHECK_SECONDS
    page = client.get(f"/en/articles/{shown.slug}/").content.decode()
    assert "/en/articles/other/" not in page
