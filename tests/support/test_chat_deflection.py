"""Articles before a human: the first message's matches in the visitor's language, "This
solved it" (no conversation) and "Talk to a person" (the queue), recorded for reports
(articles/support/deflection.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ChatDeflection, ContactRequest
from articles.support import deflection
from tests.support.chat_helpers import chat_layer
from tests.support.contact_helpers import SAME_ORIGIN

pytestmark = [pytest.mark.usefixtures("search_index", "run_on_commit", "chat_layer")]
__all__ = ["chat_layer"]
JSON = {"HTTP_ACCEPT": "application/json", **SAME_ORIGIN}


def test_without_javascript_sending_offers_articles_first_and_opens_nothing(client):
    response = client.post("/en/chat/", {"message": "My top-up failed"}, **SAME_ORIGIN)
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "These articles may answer your question" in html
    assert 'href="/en/articles/top-up-failed/"' in html
    top_up = Article.objects.get(slug="top-up-failed")
    assert f'name="solved" value="{top_up.pk}"' in html
    assert 'name="choice" value="person"' in html and ">My top-up failed</textarea>" in html
    assert not ContactRequest.objects.exists() and not ChatDeflection.objects.exists()


def test_this_solved_it_records_the_article_and_opens_no_conversation(client):
    top_up = Article.objects.get(slug="top-up-failed")
    response = client.post(
        "/en/chat/", {"message": "My top-up failed", "solved": top_up.pk, "offered": 3},
        **SAME_ORIGIN,
    )  # fmt: skip
    assert response.status_code == 200 and "Glad it helped!" in response.content.decode()
    assert not ContactRequest.objects.exists()
    recorded = ChatDeflection.objects.get()
    assert (recorded.outcome, recorded.article, recorded.offered, recorded.language) == (
        "solved", top_up, 3, "en"
    )  # fmt: skip


def test_talk_to_a_person_goes_to_the_queue_and_is_recorded(client):
    response = client.post(
        "/en/chat/", {"message": "My top-up failed", "choice": "person", "offered": 2},
        **SAME_ORIGIN,
    )  # fmt: skip
    assert response.status_code == 302 and ContactRequest.objects.get().status == "new"
    assert ChatDeflection.objects.get().outcome == "person"


def test_the_script_gets_the_offers_as_json_in_the_visitors_language(client):
    response = client.post("/es/chat/", {"message": "Mi recarga falló"}, **JSON)
    data = response.json()
    assert response.status_code == 200 and data["type"] == "offers"
    slugs = [row["url"].split("/")[-2] for row in data["articles"]]
    assert "top-up-failed" in slugs and all(
        row["url"].startswith("/es/") for row in data["articles"]
    )
    top_up = Article.objects.get(slug="top-up-failed")
    assert top_up.text("title", "es") in [row["title"] for row in data["articles"]]
    solved = client.post("/es/chat/", {"message": "x", "solved": top_up.pk}, **JSON)
    assert solved.json() == {"type": "solved"} and not ContactRequest.objects.exists()


def test_a_message_that_matches_nothing_goes_straight_to_the_queue(client):
    response = client.post("/en/chat/", {"message": "qwxzv plorf"}, **SAME_ORIGIN)
    assert response.status_code == 302 and ContactRequest.objects.count() == 1
    assert not ChatDeflection.objects.exists()


def test_only_articles_in_the_visitors_language_are_offered():
    offers = deflection.offers("账户被冻结怎么解冻", "zh-hans")
    assert offers and all(offer.url.startswith("/zh-hans/") for offer in offers)
    assert len(offers) <= deflection.OFFERED


def test_the_chat_page_searches_as_the_visitor_types_in_their_language(client):
    html = client.get("/ru/chat/").content.decode()
    assert "data-chat-offers" in html and 'data-offers-url="/ru/chat/offers/"' in html
    typed = client.get("/ru/chat/offers/", {"q": "Не проходит пополнение счёта"})
    assert typed.status_code == 200 and "no-store" in typed["Cache-Control"]
    urls = [row["url"] for row in typed.json()["articles"]]
    assert "/ru/articles/top-up-failed/" in urls and all(u.startswith("/ru/") for u in urls)
    assert client.get("/ru/chat/offers/", {"q": "по"}).json() == {"articles": []}
    assert client.post("/ru/chat/offers/", {"q": "x"}, **SAME_ORIGIN).status_code == 405
    assert not ChatDeflection.objects.exists()


def test_typed_searches_are_limited_and_not_logged(client, settings):
    from articles.models import SearchLog

    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "suggest": "2/m"}
    codes = [client.get("/en/chat/offers/", {"q": "top-up failed"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429] and not SearchLog.objects.exists()


def test_daily_counts_per_day_and_language():
    for language, outcome in [
        ("en", "solved"),
        ("en", "solved"),
        ("en", "person"),
        ("ar", "person"),
    ]:
        deflection.record(language, outcome, offered=3)
    yesterday = ChatDeflection.objects.create(language="en", outcome="solved")
    ChatDeflection.objects.filter(pk=yesterday.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    today = timezone.now().date()
    assert deflection.daily_counts(today, today) == [
        {"day": today, "language": "ar", "solved": 0, "person": 1},
        {"day": today, "language": "en", "solved": 2, "person": 1},
    ]
    assert len(deflection.daily_counts(today - timedelta(days=1), today)) == 3


def test_a_refused_start_records_no_choice(client, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "chat": "1/h"}
    data = {"message": "My top-up failed", "choice": "person", "offered": 3}
    assert client.post("/en/chat/", data, **SAME_ORIGIN).status_code == 302
    assert client.post("/en/chat/", data, **SAME_ORIGIN).status_code == 429
    assert ChatDeflection.objects.count() == 1 and ContactRequest.objects.count() == 1
