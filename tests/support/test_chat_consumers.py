"""The chat's WebSocket consumers, through kb.asgi's real routing and checks."""

import pytest

from articles.models import ContactMessage, ContactRequest
from articles.support.views import consumers, socket_limits
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


def _agent_cookie(client, groups):
    client.force_login(UserFactory(groups=groups))
    return session_cookie(client)


def test_visitor_and_agent_talk_both_ways_with_typing(conversation, client):
    contact, token = conversation
    cookie = _agent_cookie(client, ["Support"])

    async def scenario():
        visitor = socket("/ws/chat/")
        assert (await visitor.connect())[0]
        await visitor.send_json_to({"type": "join", "token": token})
        joined = await visitor.receive_json_from()
        assert joined["type"] == "joined" and joined["reference"] == contact.reference
        assert [m["html"] for m in joined["messages"]] == ["<p>My top-up failed</p>"]

        agent = socket("/ws/support/", cookie=cookie)
        assert (await agent.connect())[0]
        await agent.send_json_to({"type": "queue"})
        assert (await agent.receive_json_from())["type"] == "queued"
        await agent.send_json_to({"type": "watch", "reference": contact.reference})
        assert (await agent.receive_json_from())["type"] == "joined"

        await visitor.send_json_to({"type": "typing", "typing": True})
        assert await agent.receive_json_from() == {
            "type": "typing",
            "typing": True,
            "reference": contact.reference,
        }
        await visitor.send_json_to(
            {"type": "message", "client_id": "visitor-0001", "body": "Hello?"}
        )
        ack = await visitor.receive_json_from()
        assert ack["type"] == "ack" and ack["message"]["html"] == "<p>Hello?</p>"
        events = [await agent.receive_json_from() for _ in range(2)]
        assert {e["type"] for e in events} == {"message", "queue"}
        heard = next(e for e in events if e["type"] == "message")  # one frame, both
        assert heard["state"] == {"status": "new", "assigned": False}

        await agent.send_json_to({"type": "take", "reference": contact.reference})
        await agent.send_json_to(
            {
                "type": "message",
                "reference": contact.reference,
                "client_id": "agent-00001",
                "body": "See https://okpay.example/a/5/ please",
            }
        )
        seen = [await visitor.receive_json_from() for _ in range(2)]
        assert [e["type"] for e in seen] == ["state", "message"]  # taken; the reply
        assert seen[1]["state"] == {"status": "waiting", "assigned": True}
        message = seen[1]["message"]
        assert message["from_agent"] is True
        assert 'href="https://okpay.example/a/5/"' in message["html"]
        assert 'rel="noopener noreferrer nofollow"' in message["html"]
        await visitor.disconnect()
        await agent.disconnect()

    run(scenario)
    contact.refresh_from_db()
    assert contact.assigned_to is not None and contact.status == ContactRequest.Status.WAITING
    assert list(contact.messages.values_list("from_agent", flat=True)) == [False, False, True]


def test_a_message_sent_again_is_stored_once_and_acknowledged_again(conversation):
    contact, token = conversation

    async def scenario():
        for _attempt in range(2):  # the second: a reconnect after a lost acknowledgement
            visitor = socket("/ws/chat/")
            await visitor.connect()
            await visitor.send_json_to({"type": "join", "token": token})
            await visitor.receive_json_from()
            frame = {"type": "message", "client_id": "same-id-123", "body": "Once only"}
            await visitor.send_json_to(frame)
            ack = await visitor.receive_json_from()
            assert ack["type"] == "ack" and ack["client_id"] == "same-id-123"
            await visitor.disconnect()

    run(scenario)
    assert ContactMessage.objects.filter(request=contact, body="Once only").count() == 1


def test_rejoining_gives_the_whole_transcript(conversation):
    contact, token = conversation
    contact_requests_reply(contact)

    async def scenario():
        visitor = socket("/ws/chat/")
        await visitor.connect()
        await visitor.send_json_to({"type": "join", "token": token})
        joined = await visitor.receive_json_from()
        assert [m["from_agent"] for m in joined["messages"]] == [False, True]
        await visitor.disconnect()

    run(scenario)


def contact_requests_reply(contact):
    from articles.support import requests as contact_requests

    contact_requests.reply(contact=contact, agent=UserFactory(groups=["Support"]), body="Hi!")


@pytest.mark.parametrize("origin", [None, "http://evil.example", "http://localhost:9999"])
def test_the_handshake_refuses_another_origin(db, origin):
    async def scenario():
        connected, code = await socket("/ws/chat/", origin=origin).connect()
        assert not connected

    run(scenario)


def test_a_wrong_token_opens_nothing_and_three_close_the_socket(conversation):
    _contact, token = conversation

    async def scenario():
        visitor = socket("/ws/chat/")
        await visitor.connect()
        await visitor.send_json_to({"type": "message", "client_id": "abcdefgh1", "body": "x"})
        assert (await visitor.receive_json_from())["code"] == "not_joined"
        for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "short", 12):
            await visitor.send_json_to({"type": "join", "token": wrong})
            assert (await visitor.receive_json_from())["code"] == "not_found"
        assert (await visitor.receive_output())["type"] == "websocket.close"

    run(scenario)
    assert ContactMessage.objects.filter(body="x").count() == 0


@pytest.mark.parametrize(
    ("groups", "allowed"),
    [([], False), (["Translators"], False), (["Support"], True), (["Editors"], True)],
)
def test_only_support_staff_open_the_agents_socket(db, client, groups, allowed):
    cookie = _agent_cookie(client, groups)

    async def scenario():
        connected, _code = await socket("/ws/support/", cookie=cookie).connect()
        assert connected is allowed

    run(scenario)


def test_an_anonymous_socket_is_no_agent(db):
    async def scenario():
        connected, code = await socket("/ws/support/").connect()
        assert not connected and code == consumers.CLOSE_FORBIDDEN

    run(scenario)


def test_bad_frames_and_bad_messages_get_clear_errors(conversation):
    _contact, token = conversation

    async def scenario():
        visitor = socket("/ws/chat/")
        await visitor.connect()
        await visitor.send_to(text_data="{not json")
        assert (await visitor.receive_json_from())["code"] == "bad_frame"
        await visitor.send_to(text_data="x" * (consumers.MAX_FRAME + 1))
        assert (await visitor.receive_json_from())["code"] == "bad_frame"
        await visitor.send_json_to({"type": "join", "token": token})
        await visitor.receive_json_from()
        for body, code in (("  \x00 ", "empty"), ("y" * 5001, "too_long"), (None, "empty")):
            await visitor.send_json_to({"type": "message", "client_id": "c-000001", "body": body})
            assert (await visitor.receive_json_from())["code"] == code
        await visitor.send_json_to({"type": "message", "client_id": "c-000002",
                                    "body": "<b>bold</b>\u202e\x07"})  # fmt: skip
        ack = await visitor.receive_json_from()
        assert ack["message"]["html"] == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"

    run(scenario)


def test_messages_over_the_connection_limit_are_refused(conversation, settings):
    settings.KB_RATE_LIMIT = False  # the address limit off: the connection's own applies
    _contact, token = conversation

    async def scenario():
        visitor = socket("/ws/chat/")
        await visitor.connect()
        await visitor.send_json_to({"type": "join", "token": token})
        await visitor.receive_json_from()
        for number in range(socket_limits.CONNECTION_MESSAGES):
            await visitor.send_json_to({"type": "message", "client_id": f"n-{number:06d}",
                                        "body": f"m{number}"})  # fmt: skip
            assert (await visitor.receive_json_from())["type"] == "ack"
        await visitor.send_json_to({"type": "message", "client_id": "n-over00", "body": "over"})
        refused = await visitor.receive_json_from()
        assert refused["code"] == "throttled" and refused["client_id"] == "n-over00"

    run(scenario)


def test_typing_passes_once_a_second_but_stopping_passes_at_once(conversation, client):
    # chat.js says "stopped" when a message is refused just after "typing": were it
    # dropped by the once-a-second limit, the agent's indicator would stay on.
    contact, token = conversation
    cookie = _agent_cookie(client, ["Support"])

    async def scenario():
        visitor, agent = await joined_pair(token, contact.reference, cookie)
        for typing in (True, True, False, True, False):  # within a second
            await visitor.send_json_to({"type": "typing", "typing": typing})
        heard = [(await agent.receive_json_from())["typing"] for _ in range(2)]
        assert heard == [True, False]
        assert await agent.receive_nothing(0.3)  # the rest: over the limit
        await visitor.disconnect()
        await agent.disconnect()

    run(scenario)


def test_a_stop_in_one_of_an_agents_chats_neither_passes_nor_spends_anothers():
    agent = socket_limits.ConnectionLimits()  # an agent's socket may watch several chats
    assert agent.typing_due(1, True)  # typing in conversation 1
    assert not agent.typing_due(2, False)  # nothing shown in 2: limited like any event
    assert agent.typing_due(1, False)  # 1's indicator goes off at once
    assert not agent.typing_due(1, True)  # within the second


def test_messages_over_the_address_limit_are_refused(conversation, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "chat_message": "2/m"}
    _contact, token = conversation

    async def scenario():
        visitor = socket("/ws/chat/")
        await visitor.connect()
        await visitor.send_json_to({"type": "join", "token": token})
        await visitor.receive_json_from()
        codes = []
        for number in range(3):
            await visitor.send_json_to({"type": "message", "client_id": f"a-{number:06d}",
                                        "body": "hi"})  # fmt: skip
            frame = await visitor.receive_json_from()
            codes.append(frame.get("code", frame["type"]))
        assert codes == ["ack", "ack", "throttled"]

    run(scenario)


def test_relaying_events_makes_no_trip_to_the_database_thread(conversation, monkeypatch):
    # Channels' own dispatch awaits aclose_old_connections() (a hop to the one database
    # thread) before every message; the chat's sockets relay events without it.
    from channels import consumer

    contact, token = conversation
    trips = []

    async def counted():
        trips.append(1)

    monkeypatch.setattr(consumer, "aclose_old_connections", counted)

    async def scenario():
        first, second = socket("/ws/chat/"), socket("/ws/chat/")
        for visitor in (first, second):
            assert (await visitor.connect())[0]
            await visitor.send_json_to({"type": "join", "token": token})
            assert (await visitor.receive_json_from())["type"] == "joined"
        await first.send_json_to({"type": "message", "client_id": "relay-0001", "body": "Hi"})
        assert (await first.receive_json_from())["type"] == "ack"
        heard = await second.receive_json_from()  # the same visitor's other tab
        assert heard["type"] == "message" and heard["message"]["html"] == "<p>Hi</p>"
        await first.disconnect()
        await second.disconnect()

    run(scenario)
    assert trips == []
