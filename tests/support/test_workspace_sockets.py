"""The workspace over the agents' socket: internal notes kept from the visitor, take and
assign refused past the chat limit, a transfer told to the visitor and to the workspace."""

import pytest

from articles.models import ContactMessage, ContactRequest
from articles.support.views import queue_relay
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, open_conversation, run, session_cookie, socket

pytestmark = pytest.mark.usefixtures("chat_layer")
__all__ = ["chat_layer"]


def _signed_in(client, username: str):
    agent = UserFactory(username=username, groups=["Support"])
    client.force_login(agent)
    return agent, session_cookie(client)


async def _visitor(token: str):
    visitor = socket("/ws/chat/")
    assert (await visitor.connect())[0]
    await visitor.send_json_to({"type": "join", "token": token})
    joined = await visitor.receive_json_from()
    return visitor, joined


async def _agent(cookie: str, reference: str, *, queue: bool = False):
    agent = socket("/ws/support/", cookie=cookie)
    assert (await agent.connect())[0]
    if queue:
        await agent.send_json_to({"type": "queue"})
        assert (await agent.receive_json_from())["type"] == "queued"
    await agent.send_json_to({"type": "watch", "reference": reference})
    joined = await agent.receive_json_from()
    assert joined["type"] == "joined"
    return agent, joined


def test_an_internal_note_reaches_agents_never_the_visitor(db, client):
    contact, token = open_conversation()
    _user, cookie = _signed_in(client, "noter")

    async def scenario():
        visitor, _joined = await _visitor(token)
        agent, _joined = await _agent(cookie, contact.reference)
        colleague, _joined = await _agent(cookie, contact.reference)
        note = {"type": "message", "reference": contact.reference, "client_id": "note-0001",
                "body": "Refund was approved yesterday", "internal": True}  # fmt: skip
        await agent.send_json_to(note)
        ack = await agent.receive_json_from()
        assert ack["type"] == "ack" and ack["message"]["internal"] is True
        relayed = await colleague.receive_json_from()
        assert relayed["type"] == "message" and relayed["message"]["internal"] is True
        assert await visitor.receive_nothing(timeout=0.3)
        # A visitor who joins again gets no note; an agent who watches again gets it.
        _again, rejoined = await _visitor(token)
        assert "Refund was approved" not in str(rejoined)
        _watch, watched = await _agent(cookie, contact.reference)
        assert "Refund was approved" in str(watched["messages"])

    run(scenario)
    contact.refresh_from_db()
    assert contact.status == ContactRequest.Status.NEW and contact.first_response_at is None
    assert ContactMessage.objects.get(client_id="note-0001").internal


def test_taking_past_the_chat_limit_is_refused_on_the_socket(db, client, settings):
    settings.KB_CHAT_MAX_PER_AGENT = 1
    agent_user, cookie = _signed_in(client, "busy")
    held, _token = open_conversation("first")
    held.assigned_to = agent_user
    held.save()
    contact, _token = open_conversation("second")

    async def scenario():
        agent, _joined = await _agent(cookie, contact.reference)
        await agent.send_json_to({"type": "take", "reference": contact.reference})
        refused = await agent.receive_json_from()
        assert refused == {"type": "error", "code": "full", "reference": contact.reference}

    run(scenario)
    contact.refresh_from_db()
    assert contact.assigned_to is None


def test_a_transfer_tells_the_visitor_and_the_workspace(db, client):
    contact, token = open_conversation()
    first, cookie = _signed_in(client, "first-agent")
    UserFactory(username="second-agent", groups=["Support"])
    contact.assigned_to = first
    contact.save()

    async def scenario():
        visitor, _joined = await _visitor(token)
        agent, _joined = await _agent(cookie, contact.reference, queue=True)
        await agent.send_json_to(
            {"type": "assign", "reference": contact.reference, "agent": "second-agent"}
        )
        state = await visitor.receive_json_from()
        assert state == {
            "type": "state",
            "state": {"status": "new", "assigned": True, "transferred": True},
        }
        row = await agent.receive_json_from()
        assert row["type"] == "queue" and row["rows"][0]["agent"] == "second-agent"
        await agent.send_json_to(
            {"type": "assign", "reference": contact.reference, "agent": "no-such-agent"}
        )
        assert (await agent.receive_json_from())["code"] == "not_agent"

    run(scenario)
    contact.refresh_from_db()
    assert contact.assigned_to.username == "second-agent"


def test_assigning_to_an_agent_at_the_limit_is_refused(db, client, settings):
    settings.KB_CHAT_MAX_PER_AGENT = 1
    contact, _token = open_conversation()
    _me, cookie = _signed_in(client, "dispatcher")
    full = UserFactory(username="full-agent", groups=["Support"])
    held, _token = open_conversation("held")
    held.assigned_to = full
    held.save()

    async def scenario():
        agent, _joined = await _agent(cookie, contact.reference)
        await agent.send_json_to(
            {"type": "assign", "reference": contact.reference, "agent": "full-agent"}
        )
        assert (await agent.receive_json_from())["code"] == "full"

    run(scenario)
    contact.refresh_from_db()
    assert contact.assigned_to is None


def test_a_workspace_gets_its_rows_gathered_in_one_frame(db, client, monkeypatch):
    """Three changes in two conversations within QUEUE_BATCH: one frame, one row per
    conversation, the latest of each (its status after the agent's reply)."""
    monkeypatch.setattr(queue_relay, "QUEUE_BATCH", 3.0)  # a slow machine still fits in it
    first, first_token = open_conversation()
    second, _second_token = open_conversation()
    _user, cookie = _signed_in(client, "batcher")

    async def scenario():
        visitor, _joined = await _visitor(first_token)
        workspace, _joined = await _agent(cookie, first.reference, queue=True)
        await visitor.send_json_to({"type": "message", "client_id": "batch-1", "body": "Hi"})
        assert (await visitor.receive_json_from())["type"] == "ack"
        await workspace.send_json_to({"type": "message", "reference": first.reference,
                                      "client_id": "batch-2", "body": "Hello"})  # fmt: skip
        watcher, _joined = await _agent(cookie, second.reference)
        await watcher.send_json_to({"type": "take", "reference": second.reference})
        frames = []
        while not any(frame["type"] == "queue" for frame in frames):
            frames.append(await workspace.receive_json_from(timeout=6))
        assert await workspace.receive_nothing(timeout=0.8)  # nothing but the one batch
        [queue] = [frame for frame in frames if frame["type"] == "queue"]
        rows = {row["reference"]: row for row in queue["rows"]}
        assert len(queue["rows"]) == 2 and set(rows) == {first.reference, second.reference}
        assert rows[first.reference]["status"] == "waiting"
        assert rows[second.reference]["agent"] == "batcher"

    run(scenario)


def test_a_process_hears_the_queue_once_for_all_its_workspaces(db, client):
    """Three workspaces, one member of the queue group (the process's relay), and every
    workspace still gets the row: a change is decoded once per process, not per socket."""
    from channels.layers import get_channel_layer

    from articles.support import live

    contact, token = open_conversation()
    _user, cookie = _signed_in(client, "relay")

    async def scenario():
        workspaces = [await _agent(cookie, contact.reference, queue=True) for _ in range(3)]
        assert len(get_channel_layer().groups[live.QUEUE_GROUP]) == 1
        visitor, _joined = await _visitor(token)
        await visitor.send_json_to({"type": "message", "client_id": "relay-1", "body": "Hi"})
        for workspace, _joined in workspaces:
            frame = {}
            while frame.get("type") != "queue":
                frame = await workspace.receive_json_from(timeout=3)
            assert [row["reference"] for row in frame["rows"]] == [contact.reference]

    run(scenario)


def test_the_rows_a_process_makes_travel_as_one_event(db, client, monkeypatch):
    """Messages in three conversations within OUTBOX_BATCH: one `queue.rows` event on the
    layer (one Redis PUBLISH with channels-redis), not one per message; the workspace
    still gets the three rows."""
    from channels.layers import get_channel_layer

    from articles.support import live

    monkeypatch.setattr(queue_relay, "OUTBOX_BATCH", 5.0)  # a slow machine still fits in it
    conversations = [open_conversation() for _ in range(3)]
    _user, cookie = _signed_in(client, "outbox")
    published = []

    async def scenario():
        layer = get_channel_layer()
        group_send = layer.group_send

        async def counted(group, message):
            if group == live.QUEUE_GROUP:
                published.append(message["type"])
            await group_send(group, message)

        monkeypatch.setattr(layer, "group_send", counted)
        workspace, _joined = await _agent(cookie, conversations[0][0].reference, queue=True)
        for number, (_contact, token) in enumerate(conversations):
            visitor, _joined = await _visitor(token)
            await visitor.send_json_to(
                {"type": "message", "client_id": f"outbox-{number}", "body": "Hi"}
            )
            assert (await visitor.receive_json_from())["type"] == "ack"
        frame = {}
        while frame.get("type") != "queue":
            frame = await workspace.receive_json_from(timeout=12)
        references = {row["reference"] for row in frame["rows"]}
        assert references == {contact.reference for contact, _token in conversations}

    run(scenario)
    assert published == ["queue.rows"]


def _row(reference: str, status: str, updated_at: str) -> dict:
    return {"reference": reference, "status": status, "updated_at": updated_at}


def test_a_workspace_row_older_than_one_already_heard_is_dropped():
    """Rows of one conversation from two processes' outboxes can arrive out of order: the
    agent's answer ("waiting") first, the visitor's earlier message ("new") after, even
    after the answer was sent on. The workspace keeps showing the answered state."""
    rows = queue_relay.LatestRows()
    rows.add(_row("R-1", "waiting", "2026-12-07T15:00:00.200000+00:00"))
    rows.add(_row("R-1", "new", "2026-12-07T15:00:00.150000+00:00"))
    rows.add(_row("R-2", "new", "2026-12-07T15:00:00+00:00"))
    assert {row["reference"]: row["status"] for row in rows.take()} == {
        "R-1": "waiting", "R-2": "new",
    }  # fmt: skip
    rows.add(_row("R-1", "new", "2026-12-07T15:00:00.100000+00:00"))  # late, after sending
    assert rows.take() == []
    rows.add(_row("R-1", "solved", "2026-12-07T15:00:01+00:00"))
    assert [row["status"] for row in rows.take()] == ["solved"]
