"""The chat's pages over plain HTTP: the start, the conversation page, the fallback, the
agent's view and the workspace; what each role may do on each."""

import json

import pytest
from django.core import mail
from django.test import Client

from articles.models import Article, ContactMessage, ContactRequest
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, open_conversation
from tests.support.contact_helpers import SAME_ORIGIN, configure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit", "chat_layer")]
__all__ = ["chat_layer"]
JSON = {"HTTP_ACCEPT": "application/json", **SAME_ORIGIN}
TOKEN = "T" * 32


def _user_client(groups) -> Client:
    client = Client()
    client.force_login(UserFactory(groups=groups))
    return client


def test_the_chat_page_has_a_log_and_a_composer_and_carries_search_and_article(client):
    article = Article.objects.get(slug="top-up-failed")
    response = client.get(f"/en/chat/?q=top+up+failed&article={article.pk}")
    html = response.content.decode()
    # Not cached: it says who is available now (articles/support/waiting.py).
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    assert 'role="log"' in html and '<textarea id="chat-message" name="message"' in html
    assert 'value="top up failed"' in html and f'value="{article.pk}"' in html
    assert 'src="/static/articles/chat-start.js"' in html and "<script>" not in html


def test_without_javascript_a_chat_opens_and_continues_by_plain_posts(client):
    response = client.post(
        "/en/chat/",
        {"message": "My top-up failed", "q": "top up", "choice": "person"},
        **SAME_ORIGIN,
    )  # fmt: skip  (articles were offered first: test_chat_deflection.py)
    assert response.status_code == 302
    page = response["Location"]
    contact = ContactRequest.objects.get()
    assert contact.channel == "chat" and contact.query == "top up" and contact.email == ""
    html = client.get(page).content.decode()
    assert 'role="log"' in html and "My top-up failed" in html and 'name="message"' in html
    sent = client.post(f"{page}follow-up/", {"message": "Still there?", "client_id": "resend-01"},
                       **SAME_ORIGIN)  # fmt: skip
    assert sent.status_code == 302
    client.post(
        f"{page}follow-up/", {"message": "Still there?", "client_id": "resend-01"}, **SAME_ORIGIN
    )  # fmt: skip  (the form sent twice: stored once)
    assert list(contact.messages.values_list("body", flat=True)) == [
        "My top-up failed", "Still there?"
    ]  # fmt: skip
    assert not mail.outbox  # no address given: nothing e-mailed


def test_a_start_sent_twice_with_the_browsers_token_opens_one_conversation(client):
    data = {"message": "Hello", "token": TOKEN, "client_id": "first-0001", "email": "v@example.com"}
    first = client.post("/en/chat/", data, **JSON)
    again = client.post("/en/chat/", data, **JSON)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"type": "started", "url": f"/en/requests/{TOKEN}/"}
    contact = ContactRequest.objects.get()
    assert contact.messages.get().client_id == "first-0001"
    assert len(contact.token_hash) == 64 and TOKEN not in contact.token_hash
    assert len(mail.outbox) == 1 and f"/en/requests/{TOKEN}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field"),
    [({"message": " "}, "message"), ({"message": "x" * 5001}, "message"),
     ({"message": "x", "token": "short"}, "token"), ({"message": "x", "email": "no"}, "email"),
     ({"message": "x", "website": "http://spam"}, "website")],
)  # fmt: skip
def test_a_bad_start_is_a_400_and_stores_nothing(client, data, field):
    response = client.post("/en/chat/", data, **JSON)
    assert response.status_code == 400 and field in response.json()["errors"]
    assert client.post("/en/chat/", data, **SAME_ORIGIN).status_code == 400
    assert not ContactRequest.objects.exists()


def test_a_start_from_another_site_is_refused(client):
    response = client.post("/en/chat/", {"message": "x"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and not ContactRequest.objects.exists()


def test_new_chats_are_limited_per_address(client, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "chat": "2/h"}
    codes = [client.post("/en/chat/", {"message": f"m{n}"}, **SAME_ORIGIN).status_code
             for n in range(3)]  # fmt: skip
    assert codes == [302, 302, 429] and ContactRequest.objects.count() == 2


def test_the_chat_page_is_404_where_the_chat_is_turned_off(client):
    configure(chat_enabled=False)
    assert client.get("/en/chat/").status_code == 404
    assert 'href="/en/chat/' not in client.get("/en/").content.decode()


def test_the_fallback_sends_once_and_polls_the_whole_transcript(client):
    contact, token = open_conversation()
    url = f"/en/requests/{token}/messages/"
    for _attempt in range(2):
        sent = client.post(url, {"client_id": "poll-00001", "message": "via HTTP"}, **JSON)
        assert sent.status_code == 200 and sent.json()["type"] == "ack"
    polled = client.get(url, HTTP_ACCEPT="application/json")
    assert "no-store" in polled["Cache-Control"]
    assert [m["html"] for m in polled.json()["messages"]] == [
        "<p>My top-up failed</p>", "<p>via HTTP</p>"
    ]  # fmt: skip
    assert (
        client.post(url, {"client_id": "poll-00002", "message": ""}, **JSON).json()["code"]
        == "empty"
    )


def test_the_fallback_refuses_wrong_tokens_and_other_sites(client):
    _contact, token = open_conversation()
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/en/requests/{wrong}/messages/").status_code == 404
    assert (
        client.post(f"/en/requests/{wrong}/messages/", {"message": "x"}, **JSON).status_code == 404
    )
    cross = client.post(f"/en/requests/{token}/messages/", {"message": "x"},
                        HTTP_ORIGIN="https://evil.example")  # fmt: skip
    assert cross.status_code == 403
    assert not ContactMessage.objects.filter(body="x").exists()


def test_fallback_messages_are_limited_per_address(client, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "chat_message": "1/m"}
    _contact, token = open_conversation()
    url = f"/en/requests/{token}/messages/"
    assert client.post(url, {"client_id": "lim-00001", "message": "a"}, **JSON).status_code == 200
    refused = client.post(url, {"client_id": "lim-00002", "message": "b"}, **JSON)
    assert refused.status_code == 429 and refused.json()["retry_after"] > 0


@pytest.mark.parametrize(
    ("groups", "status"),
    [(None, 302), (["Translators"], 403), (["Support"], 200), (["Editors"], 200)],
)
def test_who_may_open_the_agents_conversation_view_and_workspace(groups, status):
    contact, _token = open_conversation()
    client = _user_client(groups) if groups is not None else Client()
    view = client.get(f"/en/support/requests/{contact.reference}/")
    assert view.status_code == status
    if status == 200:
        html = view.content.decode()
        assert 'role="log"' in html and '<textarea id="reply-message" name="message"' in html
        workspace = client.get("/en/support/").content.decode()
        assert "data-chat-queue" in workspace and contact.reference in workspace
        assert "My top-up failed" in workspace
    reply = client.post(
        f"/en/support/requests/{contact.reference}/",
        {"action": "reply", "message": "Hello from support"},
    )
    assert reply.status_code == (302 if status == 200 else status)
    assert ContactMessage.objects.filter(body="Hello from support").exists() == (status == 200)


def test_an_agent_takes_a_conversation_once(db):
    contact, _token = open_conversation()
    first, second = _user_client(["Support"]), _user_client(["Support"])
    assert (
        first.post(f"/en/support/requests/{contact.reference}/", {"action": "take"}).status_code
        == 302
    )
    second.post(f"/en/support/requests/{contact.reference}/", {"action": "take"})
    contact.refresh_from_db()
    assert contact.assigned_to.groups.filter(name="Support").exists()
    assert (
        "Another agent already took"
        in second.get(f"/en/support/requests/{contact.reference}/").content.decode()
    )


def test_agents_links_are_clickable_and_safe_visitors_are_text(client):
    contact, token = open_conversation(message="see https://evil.example/x <b>")
    agent = _user_client(["Support"])
    agent.post(f"/en/support/requests/{contact.reference}/", {
        "action": "reply",
        "message": "Read https://okpay.example/a/5/?lang=en or javascript:alert(1)",
    })  # fmt: skip
    html = client.get(f"/en/requests/{token}/").content.decode()
    assert ('<a target="_blank" href="https://okpay.example/a/5/?lang=en" '
            'rel="noopener noreferrer nofollow">') in html  # fmt: skip
    assert 'href="javascript' not in html and 'href="https://evil.example' not in html
    assert "see https://evil.example/x &lt;b&gt;" in html


def test_a_chat_reply_is_not_e_mailed_but_a_form_reply_is(client):
    contact, _token = open_conversation(email="v@example.com")
    mail.outbox.clear()
    agent = _user_client(["Support"])
    agent.post(f"/en/support/requests/{contact.reference}/", {"action": "reply", "message": "Hi"})
    assert not mail.outbox
    contact.channel = "form"
    contact.save()
    agent.post(f"/en/support/requests/{contact.reference}/", {"action": "reply", "message": "Ho"})
    assert len(mail.outbox) == 1


def test_the_workspace_lists_waiting_conversations_oldest_first(db):
    older, _ = open_conversation(message="older one")
    newer, _ = open_conversation(message="newer one")
    html = _user_client(["Support"]).get("/en/support/").content.decode()
    assert html.index("older one") < html.index("newer one")
    labels = json.loads(html.split('data-labels="', 1)[1].split('"', 1)[0].replace("&quot;", '"'))
    assert labels["channels"]["chat"] == "Live chat" and labels["languages"]["ar"] == "Arabic"
