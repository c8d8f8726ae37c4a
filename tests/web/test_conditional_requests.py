"""Conditional requests (If-Modified-Since, If-Unmodified-Since) answer only about what
the requester may see: a draft and a missing slug look the same to a visitor."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FUTURE = "Fri, 31 Dec 2100 23:59:59 GMT"
PAST = "Mon, 01 Jan 1990 00:00:00 GMT"


@pytest.mark.parametrize(
    "header", [{"HTTP_IF_MODIFIED_SINCE": FUTURE}, {"HTTP_IF_UNMODIFIED_SINCE": PAST}]
)
def test_a_drafts_existence_does_not_leak_through_conditional_requests(client, header):
    ArticleFactory(slug="secret-draft")
    draft = client.get("/en/articles/secret-draft/", **header)
    missing = client.get("/en/articles/no-such-article/", **header)
    assert (draft.status_code, missing.status_code) == (404, 404)


def test_staff_previewing_a_draft_still_get_validators(admin_client):
    ArticleFactory(slug="secret-draft")
    first = admin_client.get("/en/articles/secret-draft/")
    again = admin_client.get(
        "/en/articles/secret-draft/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304


def test_a_vote_makes_the_page_new_for_the_voter(client):
    article = ArticleFactory(slug="voted", published=True)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    first = client.get("/en/articles/voted/")
    assert (
        client.get("/en/articles/voted/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )
    client.post("/en/articles/voted/feedback/", {"helpful": "yes"})
    again = client.get("/en/articles/voted/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert "You answered: yes." in again.content.decode()
