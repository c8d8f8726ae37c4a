"""The search analytics page: who may see it, what it counts, its fixes and export."""

import re
import secrets
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.analytics import reports
from articles.models import Article, ArticleFeedback, ContactRequest, SearchClick, SearchLog
from articles.search.query_keys import query_key

pytestmark = pytest.mark.django_db
ANALYTICS = "/admin/articles/searchlog/analytics/"


def log(query: str, *, results: int = 0, lang: str = "en", days_ago: float = 0, **fields):
    return SearchLog.objects.create(
        query=query,
        query_key=query_key(query),
        language=lang,
        results=results,
        created_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def click(query: str, position: int, *, lang: str = "en", **fields):
    article = Article.objects.get(slug="request-refund")
    return SearchClick.objects.create(
        query_key=query_key(query), language=lang, article=article, position=position, **fields
    )


def test_query_key_folds_case_width_punctuation_and_spaces():
    assert query_key("  ＲＥＦＵＮＤ?? ") == "refund"
    assert query_key("Top-up   failed!") == "top up failed"
    assert query_key("账户 被冻结。") == "账户 被冻结"


def test_only_editors_see_the_analytics(editor_client, translator_client, sample_content):
    assert editor_client.get(ANALYTICS).status_code == 200
    assert translator_client.get(ANALYTICS).status_code == 403
    assert translator_client.get(ANALYTICS + "export.csv").status_code == 403
    assert Client().get(ANALYTICS).status_code == 302  # to the sign-in page
    assert "Search analytics" in editor_client.get("/admin/").content.decode()
    assert "Search analytics" not in translator_client.get("/admin/").content.decode()


def test_variants_of_a_query_are_counted_together_with_fix_links(editor_client, sample_content):
    for text in ("Cashback", "cashback!", "ＣＡＳＨＢＡＣＫ"):
        log(text)
    log("cashback", lang="es")
    stats = {(s.key, s.language): s for s in reports.query_stats(reports.Window())}
    assert stats[("cashback", "en")].searches == 3
    assert stats[("cashback", "es")].searches == 1
    html = editor_client.get(ANALYTICS).content.decode()
    section = html[html.index('id="to-fix-table"') :]
    assert "/admin/articles/synonymgroup/add/?language=en&amp;terms=" in section
    assert "/admin/articles/article/add/?title_es=cashback" in section
    assert "/admin/articles/searchlog/analytics/keywords/?q=" in section


def test_click_through_and_position_clicked_per_query(sample_content):
    for _n in range(10):
        log("refund", results=4)
    click("Refund", 1)
    click("refund", 3)
    stats = next(s for s in reports.query_stats(reports.Window()) if s.key == "refund")
    assert (stats.clicks, stats.click_rate, stats.mean_position) == (2, 0.2, 2.0)
    assert not stats.low_click
    click("refund", 2, created_at=timezone.now() - timedelta(days=40))  # outside 30 days
    for _n in range(5):
        log("refund", results=4)
    stats = next(s for s in reports.query_stats(reports.Window()) if s.key == "refund")
    assert stats.low_click and stats.needs_fix  # 2 clicks in 15 searches


def test_desk_and_api_searches_are_told_apart(editor_client, sample_content):
    log("visitor words")
    log("desk words", source="desk")
    log("api words", source="api")
    visitors = editor_client.get(ANALYTICS).content.decode()
    assert "visitor words" in visitors and "desk words" not in visitors
    desk = editor_client.get(ANALYTICS + "?source=desk").content.decode()
    assert "desk words" in desk and "visitor words" not in desk
    every = editor_client.get(ANALYTICS + "?source=all").content.decode()
    assert all(words in every for words in ("visitor words", "desk words", "api words"))


def test_synthetic_searches_are_marked_and_can_be_left_out(editor_client, sample_content):
    log("real one")
    log("made up", synthetic=True)
    html = editor_client.get(ANALYTICS).content.decode()
    assert "kb-synthetic-notice" in html and "made up" in html
    real = editor_client.get(ANALYTICS + "?synthetic=exclude").content.decode()
    assert "kb-synthetic-notice" not in real and "made up" not in real and "real one" in real


def test_odd_filters_fall_back_to_defaults(editor_client, sample_content):
    response = editor_client.get(ANALYTICS + "?days=-3&lang=xx&source=%00&synthetic=1")
    assert response.status_code == 200
    assert response.content.decode().count('<tr><th scope="row">') == 30  # the default


def test_the_filter_form_shows_the_defaults_it_applies(editor_client, sample_content):
    html = editor_client.get(ANALYTICS).content.decode()
    assert '<option value="30" selected>' in html
    assert '<option value="visitor" selected>' in html
    assert html.count('<tr><th scope="row">') == 30  # a row per day of the 30


def test_per_day_counts_cover_every_day_and_language(sample_content):
    log("a", results=2, lang="ru", days_ago=2)
    log("b", results=0, lang="ru", days_ago=2)
    log("c", results=0, lang="ar")
    days = reports.daily_counts(reports.Window(days=7))
    assert len(days) == 7 and days[-1].day == timezone.localdate()
    two_days_ago = days[-3]
    assert (two_days_ago.searches, two_days_ago.zero) == ({"ru": 2}, {"ru": 1})
    assert days[-1].total_zero == 1


def test_without_contact_requests_the_section_says_so(editor_client, sample_content):
    html = editor_client.get(ANALYTICS).content.decode()
    assert "No search in this period was followed by a contact request." in html


def test_queries_followed_by_contact_requests_are_counted(editor_client):
    log("withdrawal stuck", results=3)
    for _ in range(2):
        ContactRequest.objects.create(
            reference=secrets.token_hex(4),
            token_hash=secrets.token_hex(32),
            language="en",
            email="visitor@example.com",
            message="My withdrawal has not arrived.",
            query="Withdrawal  STUCK",  # grouped with the logged search by its normalized form
        )
    html = editor_client.get(ANALYTICS).content.decode()
    section = html[html.index('id="contacts-table"') :]
    assert "withdrawal stuck" in section
    at = section.index("withdrawal stuck")
    row = section[at : section.index("</tr>", at)]
    assert "<td>2</td>" in row  # two contact requests after that search


def test_unhelpful_articles_with_their_comments(editor_client, sample_content):
    article = Article.objects.get(slug="fees")
    for n, comment in enumerate(["<script>alert(1)</script> unclear", "", "too long"]):
        ArticleFeedback.objects.create(
            article=article, language="en", helpful=False, comment=comment, visitor=f"v{n}"
        )
    ArticleFeedback.objects.create(article=article, language="en", helpful=True, visitor="v9")
    [row] = reports.unhelpful_articles(reports.Window())
    assert (row.article, row.not_helpful, row.helpful, len(row.comments)) == (article, 3, 1, 2)
    html = editor_client.get(ANALYTICS).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; unclear" in html
    assert "<script>alert(1)" not in html


def test_csv_export_of_queries_and_days(editor_client, sample_content):
    log("=HYPERLINK(1)")
    log("fees", results=5)
    response = editor_client.get(ANALYTICS + "export.csv?days=7")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("query_key,language,example,searches")
    assert any(",'=HYPERLINK(1)," in line for line in lines)  # never a live formula
    daily = editor_client.get(ANALYTICS + "export.csv?report=daily&days=7&lang=en")
    rows = daily.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "day,language,searches,zero_result_searches" and len(rows) == 8
    assert rows[-1].endswith(",en,2,1")


def test_the_analytics_page_is_right_to_left_in_arabic(editor_client, sample_content):
    editor_client.cookies["django_language"] = "ar"
    html = editor_client.get(ANALYTICS, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html
    assert "تحليلات البحث" in html


def test_synthetic_votes_are_marked_and_can_be_left_out(editor_client, sample_content):
    article = Article.objects.get(slug="fees")
    ArticleFeedback.objects.create(
        article=article, language="es", helpful=False, comment="made-up", visitor="synthetic-1"
    )
    html = editor_client.get(ANALYTICS).content.decode()
    assert "<bdi>made-up</bdi> <small>(es, " in html and 'class="kb-synthetic"' in html
    real = editor_client.get(ANALYTICS + "?synthetic=exclude").content.decode()
    assert "made-up" not in real


def test_charts_come_from_local_files_and_data_not_inline_code(editor_client, sample_content):
    html = editor_client.get(ANALYTICS).content.decode()
    assert '<script src="/static/vendor/chart.js/chart.umd.min.js" defer>' in html
    assert '<script src="/static/articles/admin-analytics.js" defer>' in html
    assert '<script id="kb-analytics-data" type="application/json">' in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == []
    assert "//cdn" not in html and "https://" not in html.split("<body")[0]
