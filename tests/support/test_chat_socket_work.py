"""Work the chat's sockets are spared: events that only a socket's own filter would drop,
and middleware a visitor's socket has no use for (docs/benchmark.md, the chat benchmark)."""

import pytest

from articles.support import live
from articles.support.views import consumers
from tests.factories import UserFactory
from tests.support.chat_helpers import (
    chat_layer,
    joined_pair,
    open_conversation,
    run,
    session_cookie,
    socket,
)

pytestmark = pytest.mark.usefixtures("chat_layer")
__all__ = ["chat_layer"]


@pytest.fixture
def conversation(db):
    return open_conversation()


def test_a_visitors_typing_reaches_the_agent_without_waking_the_visitors_socket(
    conversation, client, monkeypatch
):
    contact, token = conversation
    client.force_login(UserFactory(groups=["Support"]))
    cookie = session_cookie(client)
    heard_by_visitor = []
    relay = consumers.ChatSocket.chat_typing

    async def recorded(self, event):
        if not self.from_agent:
            heard_by_visitor.append(event["from_agent"])
        await relay(self, event)

    monkeypatch.setattr(consumers.ChatSocket, "chat_typing", recorded)

    async def scenario():
        visitor, agent = await joined_pair(token, contact.reference, cookie)
        await visitor.send_json_to({"type": "typing", "typing": True})
        assert (await agent.receive_json_from())["typing"] is True
        await agent.send_json_to({"type": "typing", "typing": True,
                                  "reference": contact.reference})  # fmt: skip
        assert (await visitor.receive_json_from())["typing"] is True
        assert await visitor.receive_nothing(0.2)
        await visitor.disconnect()
        await agent.disconnect()

    run(scenario)
    assert heard_by_visitor == [True]  # the agent's typing only, never the visitor's own


def test_typing_events_go_to_the_group_of_those_who_show_them():
    visitor_group, _event = live.typing_event(7, "R-7", True, from_agent=False)
    agent_group, _event = live.typing_event(7, "R-7", True, from_agent=True)
    assert visitor_group == live.agents_group(7)
    assert agent_group == live.conversation_group(7)


def test_a_visitors_socket_reads_no_session_and_an_agents_does(conversation, client, monkeypatch):
    _contact, token = conversation
    client.force_login(UserFactory(groups=["Support"]))
    cookie = session_cookie(client)
    scopes = {}
    connect = consumers.ChatSocket.connect

    async def recorded(self):
        scopes[type(self).__name__] = set(self.scope)
        await connect(self)

    monkeypatch.setattr(consumers.ChatSocket, "connect", recorded)

    async def scenario():
        # The same signed-in browser opens both: the visitor's socket still ignores it.
        visitor, agent = socket("/ws/chat/", cookie=cookie), socket("/ws/support/", cookie=cookie)
        assert (await visitor.connect())[0] and (await agent.connect())[0]
        await visitor.send_json_to({"type": "join", "token": token})
        assert (await visitor.receive_json_from())["type"] == "joined"
        await visitor.disconnect()
        await agent.disconnect()

    run(scenario)
    assert not {"session", "user"} & scopes["VisitorChatConsumer"]
    assert {"session", "user"} <= scopes["AgentConsumer"]
