"""Honest waiting: who is told what before typing, the place in the queue, the expected
wait from recent first answers, and chats answered by e-mail (articles/support/waiting.py)."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import ChatByEmail, ChatSchedule, ContactMessage, ContactRequest
from articles.support import presence, waiting
from articles.support import requests as contact_requests
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, open_conversation
from tests.support.contact_helpers import SAME_ORIGIN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit", "chat_layer")]
__all__ = ["chat_layer"]


def _available_agent(language_codes=""):
    agent = UserFactory(groups=["Support"])
    presence.set_status(agent, "available")
    agent.chat_presence.languages = language_codes
    agent.chat_presence.save()
    return agent


def _answered_chat(minutes: float, agent, ago=timedelta(hours=1)):
    """A chat whose first agent answer came `minutes` after it was opened."""
    contact, _token = open_conversation()
    opened = timezone.now() - ago
    ContactRequest.objects.filter(pk=contact.pk).update(created_at=opened)
    reply = contact_requests.reply(contact=contact, agent=agent, body="Hello")
    ContactMessage.objects.filter(pk=reply.pk).update(
        created_at=opened + timedelta(minutes=minutes)
    )
    return contact


def test_the_queue_position_counts_the_unassigned_chats_waiting_longer():
    first, second, third = (open_conversation()[0] for _ in range(3))
    form = open_conversation(channel="form")[0]
    assert [waiting.queue_position(c) for c in (first, second, third)] == [1, 2, 3]
    assert waiting.queue_position(form) is None
    first.assigned_to = UserFactory(groups=["Support"])
    first.save()
    assert waiting.queue_position(first) is None and waiting.queue_position(third) == 2


def test_the_expected_wait_is_the_median_first_answer_of_recent_chats(settings):
    settings.KB_CHAT_WAIT_SAMPLE = 3
    agent = UserFactory(groups=["Support"])
    assert waiting.expected_wait() is None  # no data: no estimate, never "a few minutes"
    _answered_chat(2, agent)
    _answered_chat(30, agent)
    assert waiting.expected_wait() is None  # fewer than MIN_SAMPLE answered chats
    _answered_chat(4, agent)
    assert waiting.expected_wait() == timedelta(minutes=4)
    _answered_chat(60, agent, ago=timedelta(minutes=61))  # the latest: 4, 30, 60 (2 drops)
    assert waiting.expected_wait() == timedelta(minutes=30)
    later = timezone.now() + timedelta(days=waiting.RECENT_DAYS + 1)
    assert waiting.expected_wait(later) is None  # old answers say nothing about today


def test_with_an_agent_available_the_visitor_sees_the_queue_and_the_wait(client):
    agent = _available_agent()
    for minutes in (3, 5, 7):
        _answered_chat(minutes, agent)
    open_conversation()
    html = client.get("/en/chat/").content.decode()
    assert 'data-chat-availability="live"' in html
    assert "1 support agent is available now." in html
    assert "1 chat is waiting before yours." in html
    assert "Expected wait: about 5 minutes" in html


def test_without_data_the_page_says_there_is_no_estimate(client):
    _available_agent()
    html = client.get("/en/chat/").content.decode()
    assert "We cannot estimate the wait" in html and "few minutes" not in html


def test_with_nobody_available_the_visitor_is_told_before_typing(client):
    html = client.get("/en/chat/").content.decode()
    assert 'data-chat-availability="no_agent"' in html
    assert "No support agent is available right now." in html
    assert "Your e-mail address (we answer there)" in html


def test_an_agent_for_another_language_does_not_count(client):
    _available_agent("ru")
    assert 'data-chat-availability="no_agent"' in client.get("/en/chat/").content.decode()
    assert 'data-chat-availability="live"' in client.get("/ru/chat/").content.decode()


def test_outside_the_hours_the_page_says_when_the_team_is_back(client, monkeypatch):
    _available_agent()
    schedule = ChatSchedule.objects.create(language="en", time_zone="Europe/Madrid")
    schedule.hours.create(weekday=0, opens=time(9), closes=time(17))
    sunday = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: sunday)
    html = client.get("/en/chat/").content.decode()
    assert 'data-chat-availability="closed"' in html and "The live chat is closed now." in html
    assert "The team is back on Monday 7 December, 09:00 (Europe/Madrid time)." in html
    arabic = client.get("/ar/chat/").content.decode()
    assert 'data-chat-availability="closed"' in arabic and 'dir="rtl"' in arabic


def test_a_chat_opened_while_nobody_answers_is_answered_by_email_in_the_same_conversation(client):
    response = client.post(
        "/en/chat/", {"message": "xyzzy quux", "email": "v@example.com"}, **SAME_ORIGIN
    )
    contact = ContactRequest.objects.get()
    assert contact.by_email.reason == "no_agent"
    page = client.get(response["Location"]).content.decode()
    assert "we answer by e-mail to v@example.com" in page
    mail.outbox.clear()
    agent = UserFactory(groups=["Support"])
    contact_requests.reply(contact=contact, agent=agent, body="Here is the answer")
    assert len(mail.outbox) == 1 and "Here is the answer" in mail.outbox[0].body
    assert contact.reference in mail.outbox[0].subject
    assert "Here is the answer" in client.get(response["Location"]).content.decode()


def test_a_live_chat_is_not_answered_by_email():
    _available_agent()
    availability = waiting.chat_availability("en")
    contact, _token = open_conversation(email="v@example.com")
    waiting.answer_by_email(contact, availability)
    assert availability.live and not ChatByEmail.objects.exists()


def test_the_waiting_visitor_sees_place_and_wait_and_the_poll_carries_them(client):
    _available_agent()
    open_conversation()
    contact, token = open_conversation()
    html = client.get(f"/en/requests/{token}/").content.decode()
    assert "Your place in the queue: 2." in html and "We cannot estimate the wait" in html
    polled = client.get(f"/en/requests/{token}/messages/", HTTP_ACCEPT="application/json")
    assert polled.json()["wait"] == {"position": 2, "minutes": None, "state": "live"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ar", "لا يوجد موظف دعم متاح الآن."), ("zh-hans", "目前没有在线客服。"),
     ("ru", "Сейчас нет свободных специалистов поддержки."),
     ("es", "Ahora mismo no hay ningún agente de soporte disponible.")],
)  # fmt: skip
def test_the_visitor_is_told_in_their_language(client, lang, text):
    html = client.get(f"/{lang}/chat/").content.decode()
    assert text in html
    if lang == "ar":
        assert 'dir="rtl"' in html
