"""The fixes behind the analytics page, the click counting, the source and retention."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles import search
from articles.analytics import synthetic
from articles.models import Article, ArticleFeedback, SearchClick, SearchLog
from articles.publishing.revisions import article_history
from articles.search import unapplied

pytestmark = pytest.mark.django_db
KEYWORDS = "/admin/articles/searchlog/analytics/keywords/"


def test_add_keywords_form_is_prefilled_with_the_best_match(editor_client, search_index):
    html = editor_client.get(KEYWORDS + "?q=refund&lang=en").content.decode()
    refund = Article.objects.get(slug="request-refund")
    assert f'<option value="{refund.pk}" selected>' in html
    assert 'value="refund"' in html


def test_add_keywords_form_reads_a_language_tag(editor_client, search_index):
    html = editor_client.get(KEYWORDS + "?q=возврат&lang=ru-RU").content.decode()
    assert '<option value="ru" selected>' in html


def test_adding_keywords_makes_the_article_findable(
    editor_client, search_index, django_capture_on_commit_callbacks
):
    article = Article.objects.get(slug="fees")
    assert search.search("cashback", "es", log=False).total == 0
    data = {"article": article.pk, "lang": "es", "keywords": "cashback, Cashback"}
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(KEYWORDS, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.keywords_es.endswith(", cashback")  # once, though typed twice
    assert search.search("cashback", "es", log=False).hits[0].slug == "fees"
    assert "search analytics" in article_history(article)[0].revision.get_comment()
    editor_client.post(KEYWORDS, data)  # again: nothing new
    article.refresh_from_db()
    assert article.keywords_es.count("cashback") == 1


def test_keywords_too_long_are_refused_with_a_message(editor_client, search_index):
    Article.objects.filter(slug="fees").update(keywords_ru="x" * 400)
    article = Article.objects.get(slug="fees")
    data = {"article": article.pk, "lang": "ru", "keywords": "y" * 150}
    response = editor_client.post(KEYWORDS, data)
    assert response.status_code == 200
    assert "longer than 500 characters" in response.content.decode()
    article.refresh_from_db()
    assert article.keywords_ru == "x" * 400


def test_translators_cannot_add_keywords(translator_client, sample_content):
    article = Article.objects.get(slug="fees")
    response = translator_client.post(
        KEYWORDS, {"article": article.pk, "lang": "ru", "keywords": "x"}
    )
    assert response.status_code == 403


def test_result_links_ping_the_click_counter(search_index):
    client = Client()
    html = client.get("/en/search/?q=Refund!").content.decode()
    article = Article.objects.get(slug="request-refund")
    # The link itself stays the article's plain URL; the ping carries the query.
    assert (
        f'<a href="/en/articles/request-refund/" ping="/en/search/click/?q=Refund%21'
        f"&amp;article={article.pk}&amp;position=" in html
    )
    response = client.post(
        f"/en/search/click/?q=Refund!&article={article.pk}&position=2",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 204
    assert not response.cookies  # nothing kept about the visitor
    [recorded] = SearchClick.objects.all()
    assert (recorded.query_key, recorded.language, recorded.position) == ("refund", "en", 2)
    assert recorded.article == article


def test_odd_or_foreign_pings_are_refused_without_counting(sample_content):
    client = Client()
    article = Article.objects.get(slug="fees")
    ours = {"HTTP_SEC_FETCH_SITE": "same-origin"}
    url = f"/en/search/click/?q=fees&article={article.pk}"
    for odd in ("&position=abc", "&position=0", "", "&position=1&q=" + "x" * 900):
        assert client.post(url + odd, **ours).status_code == 400
    assert client.post(url.replace("q=fees&", "") + "&position=1", **ours).status_code == 400
    missing = "/en/search/click/?q=fees&article=999999&position=1"
    assert client.post(missing, **ours).status_code == 404
    foreign = client.post(url + "&position=1", HTTP_SEC_FETCH_SITE="cross-site")
    assert foreign.status_code == 403
    assert client.post(url + "&position=1").status_code == 403  # provenance unknown
    assert client.get(url + "&position=1").status_code == 405
    assert not SearchClick.objects.exists()


def test_searches_record_their_source(search_index, django_user_model):
    Client().get("/en/search/?q=refund")
    Client().get("/api/search?q=fees&lang=en")
    agent = django_user_model.objects.create_user("agent", is_staff=True)
    agent.user_permissions.add(*_permission("use_support_desk"))
    desk = Client()
    desk.force_login(agent)
    desk.get("/en/support/?q=password")
    sources = dict(SearchLog.objects.values_list("query", "source"))
    assert sources == {"refund": "visitor", "fees": "api", "password": "desk"}
    assert SearchLog.objects.get(query="refund").query_key == "refund"


def _permission(codename: str):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename=codename)


def test_retention_setting_is_the_prune_default_and_covers_clicks(settings, sample_content):
    settings.KB_SEARCH_LOG_RETENTION_DAYS = 5
    old = timezone.now() - timedelta(days=6)
    SearchLog.objects.create(query="old", language="en", results=0, created_at=old)
    SearchLog.objects.create(query="new", language="en", results=0)
    article = Article.objects.get(slug="fees")
    SearchClick.objects.create(
        query_key="old", language="en", article=article, position=1, created_at=old
    )
    call_command("prune_search_log")
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["new"]
    assert not SearchClick.objects.exists()


def test_synthetic_month_is_marked_and_replaces_only_itself(search_index):
    SearchLog.objects.create(query="real", language="en", results=1)
    report = synthetic.seed_month(days=3)
    assert report.searches > 0 and report.clicks > 0 and report.votes > 0
    assert SearchLog.objects.filter(synthetic=False).count() == 1
    assert SearchLog.objects.filter(synthetic=True).count() == report.searches
    assert SearchClick.objects.filter(synthetic=True).count() == report.clicks
    oldest = SearchLog.objects.filter(synthetic=True).order_by("created_at").first()
    assert oldest.created_at.date() >= timezone.localdate() - timedelta(days=2)
    again = synthetic.seed_month(days=3)
    assert SearchLog.objects.count() == again.searches + 1
    synthetic.clear_synthetic()
    assert SearchLog.objects.count() == 1 and not SearchClick.objects.exists()
    assert not ArticleFeedback.objects.exists()


def test_synthetic_month_waits_for_saves_to_reach_the_index(search_index, monkeypatch):
    # Searches do not apply the logged change themselves meanwhile (search/unapplied.py):
    # only the synthetic month's own wait may bring the save to the index.
    monkeypatch.setattr(unapplied, "request_sync", lambda: None)
    fees = Article.objects.get(slug="fees")
    fees.keywords_en = "cashback"
    fees.save()  # in the test's transaction: its after-commit index update never runs
    assert search.search("cashback", "en", log=False).total == 0
    synthetic.seed_month(days=1)
    assert search.search("cashback", "en", log=False).total > 0
    cashback = SearchLog.objects.filter(query="cashback", language="en", synthetic=True)
    assert all(row.results > 0 for row in cashback)
