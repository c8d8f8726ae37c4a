"""A taken chat not answered in time goes back to the queue, and the workspace hears it
(articles/support/answer_timeout.py), with the clock moved by passing `now`."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import ChatClaim, ContactRequest
from articles.support import answer_timeout, assignment
from articles.support import requests as contact_requests
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, open_conversation, run, session_cookie, socket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chat_layer")]
__all__ = ["chat_layer"]


@pytest.fixture
def taken(settings):
    settings.KB_CHAT_ANSWER_TIMEOUT = 120
    agent = UserFactory(groups=["Support"])
    contact, _token = open_conversation()
    assignment.take(contact, agent)
    return contact, agent


def test_a_taken_chat_not_answered_in_time_goes_back_to_the_queue(taken):
    contact, _agent = taken
    taken_at = ChatClaim.objects.get(request=contact).taken_at
    assert answer_timeout.release_overdue(taken_at + timedelta(seconds=119)) == []
    events = answer_timeout.release_overdue(taken_at + timedelta(seconds=121))
    contact.refresh_from_db()
    assert contact.assigned_to is None and contact.status == "new"
    row = next(event["row"] for _group, event in events if event["type"] == "queue.changed")
    assert row["released"] is True and row["agent"] == "" and row["reference"] == contact.reference
    assert not ChatClaim.objects.exists()


def test_an_answered_chat_stays_with_its_agent(taken):
    contact, agent = taken
    contact_requests.reply(contact=contact, agent=agent, body="On it")
    contact.status = ContactRequest.Status.NEW  # the visitor wrote again
    contact.save()
    assert answer_timeout.release_overdue(timezone.now() + timedelta(hours=1)) == []
    contact.refresh_from_db()
    assert contact.assigned_to == agent and not ChatClaim.objects.exists()


def test_contact_form_requests_are_not_timed():
    agent = UserFactory(groups=["Support"])
    contact, _token = open_conversation(channel="form")
    assignment.take(contact, agent)
    assert not ChatClaim.objects.exists()


def test_the_command_releases_overdue_chats(taken, capsys):
    contact, _agent = taken
    ChatClaim.objects.update(taken_at=timezone.now() - timedelta(seconds=121))
    call_command("release_unanswered_chats")
    contact.refresh_from_db()
    assert contact.assigned_to is None and "1 chat(s) back in the queue." in capsys.readouterr().out


def test_the_workspace_heartbeat_releases_and_every_workspace_hears_it(taken, client):
    contact, agent = taken
    ChatClaim.objects.update(taken_at=timezone.now() - timedelta(seconds=121))
    client.force_login(agent)
    cookie = session_cookie(client)

    async def scenario():
        workspace = socket("/ws/support/", cookie=cookie)
        assert (await workspace.connect())[0]
        await workspace.send_json_to({"type": "queue"})
        assert (await workspace.receive_json_from())["type"] == "queued"
        await workspace.send_json_to({"type": "heartbeat"})
        frames = [await workspace.receive_json_from() for _ in range(2)]
        queue = next(frame for frame in frames if frame["type"] == "queue")
        [row] = queue["rows"]
        assert row["released"] is True and row["reference"] == contact.reference
        await workspace.disconnect()

    run(scenario)
    contact.refresh_from_db()
    assert contact.assigned_to is None


def test_taking_over_the_socket_starts_the_clock(client):
    agent = UserFactory(groups=["Support"])
    contact, _token = open_conversation()
    client.force_login(agent)
    cookie = session_cookie(client)

    async def scenario():
        workspace = socket("/ws/support/", cookie=cookie)
        assert (await workspace.connect())[0]
        await workspace.send_json_to({"type": "watch", "reference": contact.reference})
        assert (await workspace.receive_json_from())["type"] == "joined"
        await workspace.send_json_to({"type": "take", "reference": contact.reference})
        assert await workspace.receive_nothing(0.5)  # its own state events are not echoed
        await workspace.disconnect()

    run(scenario)
    assert ChatClaim.objects.get(request=contact).agent == agent


def test_loading_the_workspace_releases_overdue_chats(taken, client):
    contact, agent = taken
    ChatClaim.objects.update(taken_at=timezone.now() - timedelta(seconds=121))
    client.force_login(agent)
    assert client.get("/en/support/").status_code == 200
    contact.refresh_from_db()
    assert contact.assigned_to is None
