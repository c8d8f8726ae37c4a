"""Agents' internal notes: shown to agents, never to the visitor (page, poll, socket,
e-mail), and they move neither the state nor the timers."""

import pytest
from django.core import mail
from django.test import Client

from articles.models import ContactMessage, ContactRequest
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, open_conversation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit", "chat_layer")]
__all__ = ["chat_layer"]
NOTE = "Secret: refund approved by finance"


def _note(contact, **extra) -> None:
    agent = Client()
    agent.force_login(UserFactory(groups=["Support"]))
    url = f"/en/support/requests/{contact.reference}/"
    data = {"action": "reply", "message": NOTE, "internal": "1", **extra}
    assert agent.post(url, data).status_code == 302
    return agent


def test_a_note_is_shown_to_agents_and_marked(db):
    contact, _token = open_conversation()
    agent = _note(contact)
    html = agent.get(f"/en/support/requests/{contact.reference}/").content.decode()
    assert NOTE in html and 'class="thread-message internal-note"' in html
    assert "(the visitor does not see it)" in html


def test_a_note_never_reaches_the_visitors_page_or_poll(client):
    contact, token = open_conversation()
    _note(contact)
    assert NOTE not in client.get(f"/en/requests/{token}/").content.decode()
    polled = client.get(f"/en/requests/{token}/messages/", HTTP_ACCEPT="application/json")
    assert NOTE not in polled.content.decode() and len(polled.json()["messages"]) == 1


def test_a_note_is_never_e_mailed_and_moves_nothing(db):
    contact, _token = open_conversation(email="v@example.com", channel="form")
    mail.outbox.clear()
    _note(contact, solve="1")  # "solved" with a note: ignored
    assert not mail.outbox
    contact.refresh_from_db()
    assert contact.status == ContactRequest.Status.NEW
    assert contact.first_response_at is None and contact.waiting_since is not None
    assert contact.assigned_to is None
    assert ContactMessage.objects.get(body=NOTE).internal


def test_a_later_reply_e_mail_carries_no_note(db):
    contact, _token = open_conversation(email="v@example.com", channel="form")
    agent = _note(contact)
    mail.outbox.clear()
    agent.post(
        f"/en/support/requests/{contact.reference}/", {"action": "reply", "message": "Done."}
    )
    assert len(mail.outbox) == 1 and NOTE not in mail.outbox[0].body


def test_a_visitor_cannot_write_a_note(client):
    from tests.support.contact_helpers import SAME_ORIGIN

    _contact, token = open_conversation()
    client.post(
        f"/en/requests/{token}/messages/",
        {"client_id": "visit-0001", "message": "hidden?", "internal": "1"},
        HTTP_ACCEPT="application/json", **SAME_ORIGIN,
    )  # fmt: skip
    assert ContactMessage.objects.get(client_id="visit-0001").internal is False
    from articles.support import conversations

    contact = ContactRequest.objects.get()
    message, _created = conversations.add_message(
        contact, from_agent=False, body="also visible", internal=True
    )
    assert message.internal is False
