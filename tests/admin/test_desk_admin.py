"""The admin side of the desk: the desk link, most linked articles, link usage, API
tokens issued and revoked, and a search log that shows visitors' searches by default."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import ApiToken, Article, LinkUsage, SearchLog
from articles.models.api_tokens import token_digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(username: str, group: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, groups=[group]))
    return client


def test_the_admin_home_links_support_users_to_the_desk(db):
    html = signed_in("admin-agent", "Support").get("/admin/").content.decode()
    assert 'id="support-desk"' in html and 'href="/en/support/"' in html
    translator = signed_in("admin-translator", "Translators").get("/admin/").content.decode()
    assert 'id="support-desk"' not in translator


def test_editors_see_the_most_linked_articles(editor_client, sample_content):
    fees = Article.objects.get(slug="fees")
    LinkUsage.objects.create(
        article=fees, language="ru", day=timezone.localdate(), copies=3, opens=4
    )
    html = editor_client.get("/admin/").content.decode()
    section = html.split('id="most-linked"')[1].split("</div>")[0]
    assert fees.title_en in section and "<td>3</td><td>4</td>" in section
    rows = editor_client.get(f"/admin/articles/linkusage/?article__id__exact={fees.pk}")
    assert rows.status_code == 200 and "ru" in rows.content.decode()


def test_link_usage_cannot_be_edited_in_the_admin(editor_client, sample_content):
    assert editor_client.get("/admin/articles/linkusage/add/").status_code == 403


def test_an_editor_issues_a_token_shown_once_and_stored_hashed(editor_client):
    page = editor_client.get("/admin/articles/apitoken/add/")
    assert page.status_code == 200
    response = editor_client.post("/admin/articles/apitoken/add/", {"name": "Zendesk sync"})
    assert response.status_code == 200
    html = response.content.decode()
    token = re.search(r'value="(kb_[^"]+)"', html).group(1)
    assert "Authorization: Bearer" in html and "no-cache" in response["Cache-Control"]
    row = ApiToken.objects.get()
    assert row.digest == token_digest(token) and row.created_by.username == "ed"
    assert (
        token
        not in editor_client.get(f"/admin/articles/apitoken/{row.pk}/change/").content.decode()
    )
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/articles/1").status_code in (
        200,
        404,
    )


def test_an_editor_revokes_a_token(editor_client):
    row, token = ApiToken.issue(name="Old tool")
    response = editor_client.post(
        "/admin/articles/apitoken/",
        {"action": "revoke", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/articles/1").status_code == 401


def test_translators_cannot_issue_tokens(translator_client):
    assert translator_client.get("/admin/articles/apitoken/add/").status_code == 403


def test_the_search_log_shows_visitors_unless_asked(editor_client):
    for query, source in (
        ("visitor words", "visitor"),
        ("desk words", "desk"),
        ("api words", "api"),
    ):
        SearchLog.objects.create(query=query, language="en", results=0, source=source)
    default = editor_client.get("/admin/articles/searchlog/").content.decode()
    assert "visitor words" in default and "desk words" not in default and "api words" not in default
    desk = editor_client.get("/admin/articles/searchlog/?source=desk").content.decode()
    assert "desk words" in desk and "visitor words" not in desk
    every = editor_client.get("/admin/articles/searchlog/?source=all").content.decode()
    assert all(words in every for words in ("visitor words", "desk words", "api words"))
