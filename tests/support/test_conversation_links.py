"""Every e-mail a visitor gets opens their conversation, though only a hash of the private
token is stored: the acknowledgement carries the token's link, later e-mails a signed link
(articles/support/links.py). Altered, unknown and expired links get a clear page."""

import re
import time
import types

import pytest
from django.core import mail, signing
from django.test import Client

from articles.models import ContactRequest
from articles.support import links
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, open_conversation, run, session_cookie, socket
from tests.support.contact_helpers import SAME_ORIGIN, send, status_path_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit", "chat_layer")]
__all__ = ["chat_layer"]
LINK = re.compile(r"http://testserver(/en/requests/[^/\s]+/)")


@pytest.fixture
def agent():
    client = Client()
    client.force_login(UserFactory(username="agent", groups=["Support"]))
    return client


def _link_in(message) -> str:
    [path] = LINK.findall(message.body)
    return path


def test_each_email_carries_a_link_that_opens_the_conversation(client, agent):
    status_path_of(send(client))
    contact = ContactRequest.objects.get()
    desk = f"/en/support/requests/{contact.reference}/"
    agent.post(desk, {"action": "reply", "message": "Hello, which card did you use?"})
    agent.post(desk, {"action": "reply", "message": "All sorted now.", "solve": "1"})
    acknowledgement, first_reply, last_reply = mail.outbox
    for message in (acknowledgement, first_reply, last_reply):
        page = Client().get(_link_in(message))  # a fresh browser: the link alone opens it
        assert page.status_code == 200 and contact.reference in page.content.decode()
    assert "I topped up 100 EUR" in Client().get(_link_in(first_reply)).content.decode()
    assert 'name="rating"' in Client().get(_link_in(last_reply)).content.decode()
    # Nothing usable is stored: the signed link is not in the database, the token hashed.
    stored = str(ContactRequest.objects.values().get())
    assert _link_in(first_reply).split("/")[3] not in stored


def test_the_reply_greets_once_and_no_longer_points_to_the_first_email(client, agent):
    status_path_of(send(client))
    contact = ContactRequest.objects.get()
    agent.post(f"/en/support/requests/{contact.reference}/",
               {"action": "reply", "message": "Hello,\nwe refunded you."})  # fmt: skip
    body = mail.outbox[-1].body
    assert body.count("Hello") == 1 and "first e-mail" not in body
    assert "http://testserver/en/requests/" in body  # My requests, for a new link later


def test_a_signed_link_lets_the_visitor_answer_and_rate(client, agent):
    status_path_of(send(client))
    contact = ContactRequest.objects.get()
    agent.post(f"/en/support/requests/{contact.reference}/",
               {"action": "reply", "message": "Which card?"})  # fmt: skip
    path = _link_in(mail.outbox[-1])
    visitor = Client()
    assert visitor.post(f"{path}follow-up/", {"message": "Visa"}, **SAME_ORIGIN).status_code == 302
    assert contact.messages.last().body == "Visa"
    agent.post(f"/en/support/requests/{contact.reference}/", {"action": "solved"})
    assert visitor.post(f"{path}rate/", {"rating": "5"}, **SAME_ORIGIN).status_code == 302
    contact.refresh_from_db()
    assert contact.rating == 5


def test_a_chat_solved_over_the_socket_emails_a_working_link(client):
    contact, _token = open_conversation(email="visitor@example.com")
    client.force_login(UserFactory(groups=["Support"]))

    async def scenario():
        agent = socket("/ws/support/", cookie=session_cookie(client))
        assert (await agent.connect())[0]
        await agent.send_json_to({"type": "watch", "reference": contact.reference})
        assert (await agent.receive_json_from())["type"] == "joined"
        await agent.send_json_to({"type": "message", "reference": contact.reference,
                                  "client_id": "close-0001", "body": "Solved!", "solve": True})  # fmt: skip
        assert (await agent.receive_json_from())["type"] == "ack"
        await agent.disconnect()

    run(scenario)
    [path] = re.findall(r"http://localhost(/en/requests/[^/\s]+/)", mail.outbox[-1].body)
    page = Client().get(path)
    assert page.status_code == 200 and 'name="rating"' in page.content.decode()


def test_a_signed_link_opens_the_chat_socket_too(db):
    contact, _token = open_conversation()
    value = links.conversation_link(contact)

    async def scenario():
        visitor = socket("/ws/chat/")
        assert (await visitor.connect())[0]
        await visitor.send_json_to({"type": "join", "token": value})
        joined.append(await visitor.receive_json_from())
        await visitor.disconnect()

    joined = []
    run(scenario)
    assert joined[0]["type"] == "joined" and joined[0]["reference"] == contact.reference


def test_an_altered_link_is_a_clear_404_page(client):
    contact, _token = open_conversation()
    value = links.conversation_link(contact)
    reference, stamp, signature = value.split(":")
    other = open_conversation()[0]
    for bad in (f"{other.reference}:{stamp}:{signature}", f"{reference}:{stamp}:{signature[:-2]}xx",
                f"{reference}:{stamp}", "R-UNKNOWN0:x:y"):  # fmt: skip
        response = client.get(f"/en/requests/{bad}/")
        html = response.content.decode()
        assert response.status_code == 404 and "This link does not work" in html
        assert 'action="/en/requests/"' in html and "no-store" in response["Cache-Control"]
    assert client.get("/en/requests/" + "x" * 32 + "/").status_code == 404


def signed_days_ago(monkeypatch, days: float, make):
    """What `make()` signs, as if signed `days` ago (signing reads time.time())."""
    past = time.time() - days * 86400
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: past))
    value = make()
    monkeypatch.setattr(signing, "time", time)
    return value


def test_an_expired_link_is_a_clear_410_page_that_offers_a_new_one(client, settings, monkeypatch):
    settings.KB_CONVERSATION_LINK_DAYS = 30
    contact, _token = open_conversation()
    fresh = signed_days_ago(monkeypatch, 29, lambda: links.conversation_link(contact))
    assert client.get(f"/en/requests/{fresh}/").status_code == 200
    value = signed_days_ago(monkeypatch, 31, lambda: links.conversation_link(contact))
    response = client.get(f"/en/requests/{value}/")
    post = client.post(f"/en/requests/{value}/follow-up/", {"message": "x"}, **SAME_ORIGIN)
    assert response.status_code == 410 and "This link has expired" in response.content.decode()
    assert 'action="/en/requests/"' in response.content.decode()
    assert post.status_code == 410 and contact.messages.count() == 1


def test_the_page_opened_by_a_signed_link_says_until_when(client):
    contact, _token = open_conversation()
    html = client.get(f"/en/requests/{links.conversation_link(contact)}/").content.decode()
    assert "opens your conversation until" in html and 'href="/en/requests/"' in html


def test_signed_links_stay_out_of_the_logs():
    from articles.support.log_filter import redact

    line = "Not Found: /en/requests/R-7K3QX9TB:1tXyz:abcDEF_-123/rate/"
    assert redact(line) == "Not Found: /en/requests/…/rate/"
    assert "eyJ" not in redact("Gone: /en/requests/mine/eyJlIjoiYUBiLmMifQ:1tX:sig/")
