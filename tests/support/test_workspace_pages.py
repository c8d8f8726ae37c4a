"""The agents' workspace over plain HTTP: its views, timers, navigation; take, assign and
transfer within the chat limit; a customer's other conversations."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import ContactRequest
from articles.support import requests as contact_requests
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, open_conversation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit", "chat_layer")]
__all__ = ["chat_layer"]


def _agent(username: str, groups=("Support",)) -> tuple[object, Client]:
    user = UserFactory(username=username, groups=list(groups))
    client = Client()
    client.force_login(user)
    return user, client


def _rows(html: str) -> str:
    return html.split("data-queue-list", 1)[1].split("</ul>", 1)[0]


def test_views_unassigned_mine_and_all_are_links_that_filter(db):
    me, client = _agent("me")
    other = UserFactory(username="other", groups=["Support"])
    free, _ = open_conversation("free one")
    mine, _ = open_conversation("mine one")
    theirs, _ = open_conversation("theirs one")
    solved, _ = open_conversation("solved one")
    ContactRequest.objects.filter(pk=mine.pk).update(assigned_to=me)
    ContactRequest.objects.filter(pk=theirs.pk).update(assigned_to=other)
    ContactRequest.objects.filter(pk=solved.pk).update(status="solved")
    page = client.get("/en/support/?view=unassigned").content.decode()
    assert 'href="?view=mine"' in page and 'href="?view=all"' in page
    assert "free one" in _rows(page) and "mine one" not in _rows(page)
    mine_page = _rows(client.get("/en/support/?view=mine").content.decode())
    assert "mine one" in mine_page and "free one" not in mine_page
    everything = _rows(client.get("/en/support/?view=all").content.decode())
    assert all(text in everything for text in ("free one", "mine one", "theirs one"))
    assert "solved one" not in everything
    assert _rows(client.get("/en/support/?view=nonsense").content.decode()) == everything


def test_rows_carry_waiting_and_first_response_timers(db):
    _me, client = _agent("timer")
    waiting, _ = open_conversation("still waiting")
    answered, _ = open_conversation("answered one")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    ContactRequest.objects.filter(pk=waiting.pk).update(
        waiting_since=an_hour_ago, created_at=an_hour_ago
    )
    contact_requests.reply(contact=answered, agent=UserFactory(groups=["Support"]), body="Hi")
    answered.refresh_from_db()
    assert answered.waiting_since is None and answered.first_response_at is not None
    ContactRequest.objects.filter(pk=answered.pk).update(
        created_at=an_hour_ago - timedelta(hours=2), first_response_at=an_hour_ago
    )
    rows = _rows(client.get("/en/support/?view=all").content.decode())
    waiting_row = rows.split("still waiting")[0].rsplit('<li class="queue-row"', 1)[1]
    assert "Waiting <time data-since=" in waiting_row and "1\xa0hour" in waiting_row
    assert "No answer yet" in waiting_row
    answered_row = rows.split("answered one")[0].rsplit('<li class="queue-row"', 1)[1]
    assert "First answer after <span>2\xa0hours</span>" in answered_row


def test_a_visitor_message_starts_the_waiting_timer_and_a_reply_stops_it(db):
    contact, _ = open_conversation()
    assert contact.waiting_since is not None
    agent = UserFactory(groups=["Support"])
    contact_requests.reply(contact=contact, agent=agent, body="Hello")
    contact.refresh_from_db()
    first = contact.first_response_at
    assert contact.waiting_since is None and first is not None
    contact_requests.add_follow_up(contact=contact, body="Still broken")
    contact.refresh_from_db()
    assert contact.waiting_since is not None
    contact_requests.reply(contact=contact, agent=agent, body="Again")
    contact.refresh_from_db()
    assert contact.first_response_at == first  # the first answer's time stays


def test_the_page_has_the_badge_data_the_sound_and_the_workspace_navigation(db):
    _me, client = _agent("nav")
    waiting, _ = open_conversation()
    html = client.get("/en/support/").content.decode()
    assert f'data-badge="[&quot;{waiting.reference}&quot;]"' in html
    assert 'data-sound="/static/articles/new-chat.wav"' in html
    assert 'src="/static/articles/workspace.js"' in html and "<script>" not in html
    assert 'action="/admin/logout/"' in html and "Sign out" in html
    assert 'class="site-footer"' not in html and "Didn't find your answer?" not in html
    detail = client.get(f"/en/support/requests/{waiting.reference}/").content.decode()
    assert 'class="site-footer"' not in detail and "Sign out" in detail


def test_taking_past_the_chat_limit_is_refused_with_a_clear_message(db, settings):
    settings.KB_CHAT_MAX_PER_AGENT = 2
    me, client = _agent("limited")
    for number in range(2):
        held, _ = open_conversation(f"held {number}")
        client.post(f"/en/support/requests/{held.reference}/", {"action": "take"})
    extra, _ = open_conversation("one too many")
    response = client.post(
        f"/en/support/requests/{extra.reference}/", {"action": "take"}, follow=True
    )
    assert "already has 2 open chats, the most allowed" in response.content.decode()
    extra.refresh_from_db()
    assert extra.assigned_to is None
    # A reply to an unassigned chat does not take it past the limit either.
    client.post(f"/en/support/requests/{extra.reference}/", {"action": "reply", "message": "Hi"})
    extra.refresh_from_db()
    assert extra.assigned_to is None and extra.status == ContactRequest.Status.WAITING
    # E-mail conversations do not count.
    form, _ = open_conversation("by form", channel="form")
    client.post(f"/en/support/requests/{form.reference}/", {"action": "take"})
    form.refresh_from_db()
    assert form.assigned_to == me


def test_assign_and_transfer_by_form(db):
    me, client = _agent("dispatch")
    colleague = UserFactory(username="colleague", groups=["Support"])
    UserFactory(username="translator", groups=["Translators"])
    contact, _ = open_conversation()
    url = f"/en/support/requests/{contact.reference}/"
    page = client.get(url).content.decode()
    assert '<option value="colleague">' in page and '<option value="translator">' not in page
    client.post(url, {"action": "assign", "agent": "colleague"})
    contact.refresh_from_db()
    assert contact.assigned_to == colleague
    refused = client.post(url, {"action": "assign", "agent": "translator"}, follow=True)
    assert "Choose an agent who answers conversations." in refused.content.decode()
    client.post(url, {"action": "assign", "agent": "dispatch"})
    contact.refresh_from_db()
    assert contact.assigned_to == me
    assert "Transfer to" in client.get(url).content.decode()


def test_a_transfer_by_form_tells_the_visitor(db, monkeypatch):
    from articles.support import live

    sent = []
    monkeypatch.setattr(live, "send_now", sent.extend)
    first, client = _agent("before")
    UserFactory(username="after", groups=["Support"])
    contact, _ = open_conversation()
    ContactRequest.objects.filter(pk=contact.pk).update(assigned_to=first)
    client.post(
        f"/en/support/requests/{contact.reference}/", {"action": "assign", "agent": "after"}
    )
    states = [event["state"] for _group, event in sent if event["type"] == "chat.state"]
    rows = [event["row"] for _group, event in sent if event["type"] == "queue.changed"]
    assert states == [{"status": "new", "assigned": True, "transferred": True}]
    assert rows[0]["agent"] == "after"


def test_the_customers_other_conversations_are_beside_the_current_one(db):
    _me, client = _agent("history")
    current, _ = open_conversation("now", email="Ann@Example.com")
    earlier, _ = open_conversation("last week", email="ann@example.com", channel="form")
    stranger, _ = open_conversation("someone else", email="bob@example.com")
    html = client.get(f"/en/support/requests/{current.reference}/").content.decode()
    section = html.split('class="earlier-conversations"', 1)[1]
    assert earlier.reference in section and "last week" in section
    assert stranger.reference not in section and f">{current.reference}<" not in section
    anonymous, _ = open_conversation("no address")
    other = client.get(f"/en/support/requests/{anonymous.reference}/").content.decode()
    assert "The visitor gave no e-mail address." in other


def test_the_workspace_reads_in_arabic_right_to_left(db):
    _me, client = _agent("arabic")
    contact, _ = open_conversation("مرحبا", language="ar", email="a@example.com")
    open_conversation("earlier", language="ar", email="a@example.com")
    english = ("Unassigned", "Mine", "All open", "Sign out", "Waiting", "No answer yet",
               "Play a sound", "Conversations", "Signed in as")  # fmt: skip
    html = client.get("/ar/support/").content.decode()
    assert 'dir="rtl"' in html.split("<body", 1)[0]
    assert [text for text in english if text in html] == []
    detail = client.get(f"/ar/support/requests/{contact.reference}/").content.decode()
    english = ("Transfer", "Assign", "Internal note", "other conversations", "Insert",
               "Find an article", "Canned replies", "open chat")  # fmt: skip
    assert [text for text in english if text in detail] == []
