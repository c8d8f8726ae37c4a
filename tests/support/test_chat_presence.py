"""Agents' presence: the workspace's chooser (without JavaScript), heartbeats over the
agents' socket, expiry to offline, languages served (articles/support/presence.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import AgentPresence
from articles.support import presence
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, run, session_cookie, socket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chat_layer")]
__all__ = ["chat_layer"]


def _agent(client=None, groups=("Support",)):
    agent = UserFactory(groups=list(groups))
    if client is not None:
        client.force_login(agent)
    return agent


def test_an_agent_sets_presence_by_a_plain_form_and_the_workspace_shows_it(client):
    agent = _agent(client)
    page = client.get("/en/support/").content.decode()
    assert 'action="/en/support/presence/"' in page and 'value="available"' in page
    response = client.post("/en/support/presence/", {"status": "available"})
    assert response.status_code == 302 and response["Location"].endswith("/en/support/#presence")
    assert presence.effective_status(agent.chat_presence) == "available"
    page = client.get("/en/support/").content.decode()
    assert "You are available" in page and agent.username in page
    assert client.post("/en/support/presence/", {"status": "asleep"}).status_code == 400


@pytest.mark.parametrize("groups", [(), ("Translators",)])
def test_only_agents_may_set_a_presence(client, groups):
    _agent(client, groups)
    assert client.post("/en/support/presence/", {"status": "available"}).status_code == 403
    assert not AgentPresence.objects.exists()


def test_visitors_are_sent_to_sign_in_and_set_nothing(client):
    response = client.post("/en/support/presence/", {"status": "available"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/en/support/presence/").status_code in (302, 405)


def test_presence_expires_to_offline_without_a_sign_of_life(settings):
    settings.KB_CHAT_PRESENCE_TIMEOUT = 60
    agent = _agent()
    now = timezone.now()
    presence.set_status(agent, "available", now=now)
    assert [row.agent for row in presence.available_agents("en", now + timedelta(seconds=59))] == [
        agent
    ]
    later = now + timedelta(seconds=61)
    assert presence.available_agents("en", later) == []
    assert presence.effective_status(agent.chat_presence, later) == "offline"
    presence.heartbeat(agent, now=later)  # the workspace is still open
    assert presence.available_agents("en", later + timedelta(seconds=30))


def test_away_and_offline_agents_are_not_available():
    away, offline = _agent(), _agent()
    presence.set_status(away, "away")
    presence.set_status(offline, "offline")
    assert presence.available_agents() == []


def test_an_agent_serves_every_language_unless_configured():
    everyone, russian = _agent(), _agent()
    presence.set_status(everyone, "available")
    presence.set_status(russian, "available")
    AgentPresence.objects.filter(agent=russian).update(languages="ru")
    assert {row.agent for row in presence.available_agents("ru")} == {everyone, russian}
    assert [row.agent for row in presence.available_agents("ar")] == [everyone]


def test_the_workspace_socket_heartbeat_keeps_presence_and_hears_changes(client, settings):
    settings.KB_CHAT_PRESENCE_TIMEOUT = 60
    agent = _agent(client)
    cookie = session_cookie(client)
    presence.set_status(agent, "available", now=timezone.now() - timedelta(seconds=300))
    assert presence.available_agents() == []  # stale: the workspace was closed

    async def scenario():
        workspace = socket("/ws/support/", cookie=cookie)
        assert (await workspace.connect())[0]
        await workspace.send_json_to({"type": "queue"})
        assert (await workspace.receive_json_from())["type"] == "queued"
        await workspace.send_json_to({"type": "heartbeat"})
        assert await workspace.receive_json_from() == {
            "type": "presence", "available": [agent.username]
        }  # fmt: skip
        await workspace.send_json_to({"type": "heartbeat"})  # too soon: ignored
        assert await workspace.receive_nothing(0.2)
        await workspace.disconnect()

    run(scenario)
    assert [row.agent for row in presence.available_agents()] == [agent]


def test_a_visitors_socket_cannot_send_heartbeats():
    async def scenario():
        visitor = socket("/ws/chat/")
        assert (await visitor.connect())[0]
        await visitor.send_json_to({"type": "heartbeat"})
        assert (await visitor.receive_json_from())["code"] == "not_joined"
        await visitor.disconnect()

    run(scenario)
    assert not AgentPresence.objects.exists()


@pytest.mark.usefixtures("run_on_commit")
def test_every_open_workspace_hears_a_presence_change(client):
    from channels.db import database_sync_to_async

    agent = _agent(client)
    cookie = session_cookie(client)

    async def scenario():
        workspace = socket("/ws/support/", cookie=cookie)
        assert (await workspace.connect())[0]
        await workspace.send_json_to({"type": "queue"})
        assert (await workspace.receive_json_from())["type"] == "queued"
        post = database_sync_to_async(client.post)
        await post("/en/support/presence/", {"status": "available"})
        assert await workspace.receive_json_from() == {
            "type": "presence", "available": [agent.username]
        }  # fmt: skip
        await post("/en/support/presence/", {"status": "away"})
        assert await workspace.receive_json_from() == {"type": "presence", "available": []}
        await workspace.disconnect()

    run(scenario)
