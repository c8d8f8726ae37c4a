"""The editor's everyday admin: its name, a language picker, right-to-left Arabic, titles
isolated in lists, count headers on one line, django-axes translated."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from articles.support import link_usage
from tests.factories import ArticleFactory
from tests.paths import ROOT

pytestmark = pytest.mark.django_db

QUESTION = "How do I top up my card?"


def page(client: Client, url: str, lang: str = "en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("lang", "header"),
    [
        ("en", "Help center administration"),
        ("es", "Administración del centro de ayuda"),
        ("zh-hans", "帮助中心管理"),
        ("ru", "Администрирование справочного центра"),
        ("ar", "إدارة مركز المساعدة"),
    ],
)
def test_the_admin_is_named_after_the_help_center(editor_client, lang, header):
    html = page(editor_client, "/admin/", lang)
    assert header in html
    assert "Django" not in html.split("<body", 1)[1].split('id="content"', 1)[0]
    assert "Django site admin" not in html


def test_login_page_is_named_too():
    html = page(Client(), "/admin/login/")
    assert "Help center administration" in html and "Django administration" not in html


def test_the_sign_in_page_offers_the_five_languages():
    html = page(Client(), "/admin/login/?next=/es/support/")
    picker = html[html.index('class="kb-admin-languages"') :]
    for code in ("en", "zh-hans", "ru", "es", "ar"):
        assert f'href="/language/{code}/?next=/admin/login/%3Fnext%3D/es/support/"' in picker


def test_every_admin_page_offers_the_five_languages(editor_client):
    html = page(editor_client, "/admin/articles/article/?q=x")
    picker = html[html.index('class="kb-admin-languages"') :]
    picker = picker[: picker.index("</nav>")]
    for code in ("en", "zh-hans", "ru", "es", "ar"):
        assert f'href="/language/{code}/?next=/admin/articles/article/%3Fq%3Dx"' in picker
    assert 'lang="en" hreflang="en" aria-current="true"' in picker
    assert "<script" not in picker


def test_picking_arabic_comes_back_to_the_admin_right_to_left(editor_client):
    response = editor_client.get("/language/ar/?next=/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/articles/article/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    html = editor_client.get("/admin/articles/article/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize("target", ["//evil.example/admin/", "https://evil.example/admin/"])
def test_the_picker_goes_nowhere_else(client, target):
    response = client.get("/language/es/", {"next": target})
    assert response["Location"] == "/es/"


def test_titles_are_isolated_in_the_article_list(editor_client):
    ArticleFactory(title_en=QUESTION)
    html = page(editor_client, "/admin/articles/article/", "ar")
    assert f'<span class="kb-title" dir="auto" title="{QUESTION}">{QUESTION}</span>' in html


def test_titles_are_isolated_in_link_usage_and_the_dashboards(editor_client):
    article = ArticleFactory(title_en=QUESTION, published=True)
    link_usage.count_link(article_id=article.pk, lang="ar", kind=link_usage.COPY)
    assert f"<bdi>{QUESTION}</bdi>" in page(editor_client, "/admin/", "ar")
    usage = page(editor_client, "/admin/articles/linkusage/", "ar")
    assert f"<bdi>{QUESTION}</bdi>" in usage
    localization = page(editor_client, "/admin/articles/article/localization/?lang=ar", "ar")
    assert f'dir="auto">{QUESTION}</a>' in localization


def test_count_headers_stay_on_one_line(editor_client):
    css = (ROOT / "articles/static/articles/admin.css").read_text()
    rule = css[css.index("#result_list .column-copies") :]
    rule = rule[: rule.index("}")]
    assert ".column-opens" in rule and ".kb-count" in rule and "white-space: nowrap" in rule
    article = ArticleFactory(published=True)
    link_usage.count_link(article_id=article.pk, lang="es", kind=link_usage.OPEN)
    for url in ("/admin/", "/admin/articles/linkusage/"):
        assert "/static/articles/admin.css" in page(editor_client, url, "es")
    assert 'class="kb-count"' in page(editor_client, "/admin/", "es")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("es", ["Intentos de acceso", "Registros de acceso"]), ("zh-hans", ["访问尝试", "访问日志"])],
)
def test_django_axes_speaks_spanish_and_chinese(lang, words):
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    html = page(client, "/admin/", lang)
    for word in words:
        assert word in html
    AccessAttempt.objects.create(
        user_agent="curl",
        ip_address="192.0.2.1",
        username="ed",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    listing = page(client, "/admin/axes/accessattempt/", lang)
    assert ("Dirección IP" if lang == "es" else "IP 地址") in listing
