"""Agents answer in the desk; the visitor reads the reply on their status page and rates."""

import pytest
from django.core import mail
from django.test import Client

from articles.models import Article, ContactRequest
from tests.factories import UserFactory
from tests.support.contact_helpers import SAME_ORIGIN, png, send, status_path_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


@pytest.fixture
def agent():
    client = Client()
    client.force_login(UserFactory(username="agent", groups=["Support"]))
    return client


@pytest.fixture
def sent(client):
    """A request sent from an article after a search; (status path, request)."""
    article = Article.objects.get(slug="account-frozen")
    path = status_path_of(send(client, q="frozen money", article=str(article.pk)))
    mail.outbox.clear()
    return path, ContactRequest.objects.get()


def test_status_page_is_private_and_any_other_token_is_404(client, sent):
    path, request = sent
    response = client.get(path + "?sent=1")
    html = response.content.decode()
    assert response.status_code == 200 and request.reference in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer" and "noindex" in response["X-Robots-Tag"]
    assert "I topped up 100 EUR" in html
    token = path.rstrip("/").rsplit("/", 1)[1]
    for other in (token[:-1] + ("A" if token[-1] != "A" else "B"), "short", token + "x"):
        assert client.get(f"/en/requests/{other}/").status_code == 404


def test_queue_shows_new_requests_with_query_and_article(agent, sent):
    _path, request = sent
    html = agent.get("/en/support/requests/").content.decode()
    assert request.reference in html and "frozen money" in html and "account-frozen" in html
    detail = agent.get(f"/en/support/requests/{request.reference}/").content.decode()
    assert "visitor@example.com" in detail and "frozen money" in detail
    assert "/en/articles/account-frozen/" in detail


def test_the_desk_links_to_the_queue(agent):
    assert 'href="/en/support/requests/"' in agent.get("/en/support/").content.decode()


def test_only_agents_see_requests(client, translator_client, sent):
    _path, request = sent
    assert client.get("/en/support/requests/").status_code == 302  # to the sign-in
    assert translator_client.get("/en/support/requests/").status_code == 403
    assert translator_client.get(f"/en/support/requests/{request.reference}/").status_code == 403


def test_reply_is_emailed_and_shown_then_solved_and_rated(client, agent, sent):
    path, request = sent
    url = f"/en/support/requests/{request.reference}/"
    response = agent.post(url, {"action": "reply", "message": "We unfroze your account."})
    assert response.status_code == 302
    [reply] = mail.outbox
    assert reply.to == ["visitor@example.com"] and "We unfroze your account." in reply.body
    assert request.reference in reply.subject
    request.refresh_from_db()
    assert request.status == ContactRequest.Status.WAITING
    assert "We unfroze your account." in client.get(path).content.decode()
    assert 'name="rating"' not in client.get(path).content.decode()

    agent.post(url, {"action": "solved"})
    request.refresh_from_db()
    assert request.status == ContactRequest.Status.SOLVED
    assert 'name="rating"' in client.get(path).content.decode()
    rated = client.post(f"{path}rate/", {"rating": "4", "comment": "Quick, thanks"}, **SAME_ORIGIN)
    assert rated.status_code == 302
    request.refresh_from_db()
    assert (request.rating, request.rating_comment) == (4, "Quick, thanks")
    assert "4/5" in agent.get(url).content.decode()


def test_reply_and_solve_at_once(agent, sent):
    _path, request = sent
    agent.post(f"/en/support/requests/{request.reference}/",
               {"action": "reply", "message": "Done.", "solve": "1"})  # fmt: skip
    request.refresh_from_db()
    assert request.status == ContactRequest.Status.SOLVED
    assert "rate" in mail.outbox[0].body


def test_an_empty_reply_or_odd_action_is_a_4xx(agent, sent):
    _path, request = sent
    url = f"/en/support/requests/{request.reference}/"
    assert agent.post(url, {"action": "reply", "message": " "}).status_code == 400
    assert agent.post(url, {"action": "explode"}).status_code == 400
    assert not mail.outbox


def test_unsolved_requests_cannot_be_rated_and_ratings_stay_in_range(client, sent):
    path, request = sent
    assert client.post(f"{path}rate/", {"rating": "5"}, **SAME_ORIGIN).status_code == 400
    request.status = ContactRequest.Status.SOLVED
    request.save()
    for bad in ("0", "6", "abc", ""):
        assert client.post(f"{path}rate/", {"rating": bad}, **SAME_ORIGIN).status_code == 400
    request.refresh_from_db()
    assert request.rating is None


def test_visitor_follow_up_puts_the_request_back_in_the_queue(client, agent, sent):
    path, request = sent
    agent.post(
        f"/en/support/requests/{request.reference}/", {"action": "reply", "message": "Which card?"}
    )
    response = client.post(f"{path}follow-up/", {"message": "The Visa one."}, **SAME_ORIGIN)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ContactRequest.Status.NEW
    assert (
        "The Visa one." in agent.get(f"/en/support/requests/{request.reference}/").content.decode()
    )


def test_status_page_posts_from_other_sites_are_refused(client, sent):
    path, request = sent
    response = client.post(f"{path}follow-up/", {"message": "x"},
                           HTTP_SEC_FETCH_SITE="cross-site", HTTP_ORIGIN="https://evil.example")  # fmt: skip
    assert response.status_code == 403
    assert request.messages.count() == 1  # the first message alone: nothing added


def test_agents_open_screenshots_others_do_not(client, agent):
    status_path_of(send(client, screenshots=[png()]))
    attachment = ContactRequest.objects.get().attachments.get()
    assert agent.get(f"/en/support/files/{attachment.pk}/").status_code == 200
    assert Client().get(f"/en/support/files/{attachment.pk}/").status_code == 302


def test_a_reply_is_kept_when_the_mail_server_fails(agent, sent, settings):
    settings.EMAIL_BACKEND = "tests.support.contact_helpers.FailingBackend"
    _path, request = sent
    agent.post(f"/en/support/requests/{request.reference}/", {"action": "reply", "message": "Hi"})
    message = request.messages.get(from_agent=True)
    assert not message.emailed
    assert (
        "not e-mailed" in agent.get(f"/en/support/requests/{request.reference}/").content.decode()
    )
