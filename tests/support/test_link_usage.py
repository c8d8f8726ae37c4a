"""Link usage: `/a/<id>/` opens and desk copies counted per article, language and day."""

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, LinkUsage
from articles.support import link_usage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_opens_of_a_short_link_are_counted_per_language_and_day(client, sample_content):
    article = Article.objects.get(slug="fees")
    for _ in range(2):
        assert client.get(f"/a/{article.pk}/?lang=ru").status_code == 302
    client.get(f"/a/{article.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    counts = {
        row.language: (row.copies, row.opens, row.day)
        for row in LinkUsage.objects.filter(article=article)
    }
    today = timezone.localdate()
    assert counts == {"ru": (0, 2, today), "es": (0, 1, today)}


def test_nothing_about_the_person_is_stored(db):
    fields = {field.name for field in LinkUsage._meta.get_fields()}
    assert fields == {"id", "article", "language", "day", "copies", "opens"}


def test_an_unknown_short_link_counts_nothing(client, db):
    assert client.get("/a/999999/").status_code == 404
    assert not LinkUsage.objects.exists()


@pytest.fixture
def agent(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="copy-agent", groups=["Support"]))
    return client


def csrf_token(client) -> str:
    client.get("/en/support/?q=fees")
    return client.cookies["csrftoken"].value


def test_a_copy_on_the_desk_is_counted(agent, search_index):
    article = Article.objects.get(slug="fees")
    token = csrf_token(agent)
    response = agent.post(
        "/en/support/copied/",
        {"article": article.pk, "lang": "ar", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 204
    row = LinkUsage.objects.get(article=article)
    assert (row.language, row.copies, row.opens) == ("ar", 1, 0)


def test_the_copy_count_needs_csrf_and_the_desk_permission(agent, sample_content):
    article = Article.objects.get(slug="fees")
    assert (
        agent.post("/en/support/copied/", {"article": article.pk, "lang": "en"}).status_code == 403
    )
    visitor = Client()
    visitor.get("/en/")
    assert (
        visitor.post("/en/support/copied/", {"article": article.pk, "lang": "en"}).status_code
        == 403
    )
    assert not LinkUsage.objects.exists()


@pytest.mark.parametrize(
    ("data", "status"),
    [({"article": "x", "lang": "en"}, 400), ({"article": "1", "lang": "xx"}, 400),
     ({"article": "999999", "lang": "en"}, 404)],
)  # fmt: skip
def test_bad_copy_counts_are_refused(agent, sample_content, data, status):
    token = csrf_token(agent)
    response = agent.post("/en/support/copied/", {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == status


def test_most_linked_adds_copies_and_opens_of_the_last_30_days(db, sample_content):
    fees, refund = Article.objects.get(slug="fees"), Article.objects.get(slug="request-refund")
    today = timezone.localdate()
    LinkUsage.objects.create(article=fees, language="en", day=today, copies=2, opens=1)
    LinkUsage.objects.create(article=refund, language="ru", day=today, copies=1, opens=5)
    old = today - timezone.timedelta(days=40)
    LinkUsage.objects.create(article=fees, language="en", day=old, copies=100)
    ranked = link_usage.most_linked(today=today)
    assert [(a.slug, a.copies, a.opens) for a in ranked] == [
        ("request-refund", 1, 5),
        ("fees", 2, 1),
    ]
