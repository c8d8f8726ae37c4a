"""The live chat's WebSocket consumers: the visitor's `/ws/chat/`, the agents' `/ws/support/`.

Frames are JSON objects with a `type`. The visitor's socket:
- → `{"type": "join", "token"}` (the private link's token; never in the address, so
  never in an access log) ← `{"type": "joined", "reference", "state", "messages"}`;
- → `{"type": "message", "client_id", "body"}` ← `{"type": "ack", "client_id", "message"}`
  once the message is stored (sent again with the same client_id: the same message back);
- → `{"type": "typing", "typing": bool}`;
- ← `message` (with the conversation's `state` after it, one frame), `typing` (the
  agent's) and `state` (a change without a message) events as they happen.
The agents' socket (session sign-in and `articles.answer_contact_requests`, else refused):
the same with a `reference` in each frame (`watch` instead of `join`; its messages have
`"internal": true` for a note visitors never get), `take`, `{"type": "assign",
"reference", "agent": username}` (assign or transfer), and `queue` frames
`{"type": "queue", "rows": [...]}` for the workspace (conversations' workspace rows, each
the latest of its conversation, gathered for up to queue_relay.OUTBOX_BATCH + QUEUE_BATCH
seconds; a row's `released` is true when a chat went back to the queue unanswered);
→ `{"type": "heartbeat"}` (the workspace is open: presence and answer timeouts,
articles/support/presence.py, answer_timeout.py) ← `{"type": "presence", "available":
[usernames]}`, also sent when an agent changes it.
Errors: `{"type": "error", "code", …}`, codes `not_found`, `not_joined`, `empty`,
`too_long`, `solved`, `throttled` (with `retry_after` seconds), `bad_frame`; a refused
take or assignment `full` (the chat limit), `taken` or `not_agent`, with the `reference`.

Limits: frames of at most MAX_FRAME characters; per connection, messages a minute and
typing events a second (socket_limits.py); per address (visitors), the `chat_message`
limit of articles/web/throttles.py, shared with the HTTP fallback.
"""

import json
import time
from functools import partial

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from articles.support import live
from articles.support.assignment import AssignmentRefused
from articles.support.chat import (
    agent_assign,
    agent_heartbeat,
    agent_message,
    agent_take,
    agent_watch,
    visitor_join,
    visitor_message,
)
from articles.support.conversations import MESSAGE_MAX_LENGTH, InvalidMessage
from articles.support.views import queue_relay
from articles.support.views.socket_limits import ConnectionLimits
from articles.support.views.socket_scope import address_request, same_origin, site_url
from articles.web import throttles

MAX_FRAME = 4 * MESSAGE_MAX_LENGTH  # characters of one frame (JSON escapes included)
HEARTBEAT_INTERVAL = 5.0  # seconds: a workspace's heartbeats closer together are ignored
MAX_FAILED_JOINS = 3  # wrong tokens or references before the socket is closed
CLOSE_FORBIDDEN = 4403  # close codes: 4000 + the HTTP status they stand for
CLOSE_NOT_FOUND = 4404


class ChatSocket(AsyncJsonWebsocketConsumer):
    """What both sockets share: the origin check, frame checks, limits, event relays."""

    from_agent = False

    async def connect(self) -> None:
        self.groups_joined: set[str] = set()
        self.limits = ConnectionLimits()
        self.last_heartbeat = 0.0
        self.failed_joins = 0
        self.watched: dict[str, int] = {}  # an agent's conversations: reference → id
        if not same_origin(self.scope) or not await self.allowed():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.accept()

    async def allowed(self) -> bool:
        return True

    async def dispatch(self, message: dict) -> None:
        """Channels' AsyncConsumer.dispatch without its `aclose_old_connections()` before
        every message (channels 4.2+): that is a trip to the one thread all database work
        shares, so each event relayed to each socket queued behind the messages being
        stored there. Relaying touches no database; every step that does runs through
        database_sync_to_async, which closes old connections before and after itself.

        Raises ValueError for a message type without a handler (as Channels does).
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code: int) -> None:
        queue_relay.leave(self)
        await queue_relay.publish_waiting()
        for group in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        if text_data is None or len(text_data) > MAX_FRAME:
            await self.send_json({"type": "error", "code": "bad_frame"})
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            content = None
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_json({"type": "error", "code": "bad_frame"})
            return
        await self.receive_json(content)

    async def join_group(self, group: str) -> None:
        if group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.add(group)

    async def publish(self, events: list[tuple[str, dict]]) -> None:
        """Send live.py's (group, event) pairs; workspace rows go through the process's
        outbox (queue_relay.publish_row: gathered, one event for many)."""
        for group, event in events:
            if group == live.QUEUE_GROUP and event["type"] == "queue.changed":
                queue_relay.publish_row(event["row"])
            else:
                await self.channel_layer.group_send(group, {**event, "sender": self.channel_name})

    async def refuse_join(self) -> None:
        self.failed_joins += 1
        await self.send_json({"type": "error", "code": "not_found"})
        if self.failed_joins >= MAX_FAILED_JOINS:
            await self.close(code=CLOSE_NOT_FOUND)

    async def store(self, content: dict, step, *args) -> None:
        """Store a message through `step` (a chat_steps function), then acknowledge it
        to this socket and tell the conversation and the workspace."""
        client_id = content.get("client_id") if isinstance(content.get("client_id"), str) else ""
        if self.limits.over_message_limit():
            await self.send_json(
                {"type": "error", "code": "throttled", "client_id": client_id, "retry_after": 60}
            )
            return
        try:
            payload, events = await database_sync_to_async(step)(*args, content)
        except InvalidMessage as invalid:
            error = {"type": "error", "code": invalid.code, "client_id": client_id}
            if invalid.retry_after is not None:
                error["retry_after"] = invalid.retry_after
            await self.send_json(error)
            return
        await self.send_json({"type": "ack", "client_id": client_id, "message": payload})
        await self.publish(events)

    # Events from the layer (live.py), relayed to this socket.
    async def chat_message(self, event: dict) -> None:
        if event.get("sender") == self.channel_name:
            return  # the sender had the acknowledgement
        frame = {"type": "message", "message": event["message"]}
        if "state" in event:  # a message's event carries the state after it (live.py)
            frame["state"] = event["state"]
        await self.send_json(frame)

    async def chat_state(self, event: dict) -> None:
        if event.get("sender") == self.channel_name:
            return
        await self.send_json({"type": "state", "state": event["state"]})

    async def chat_typing(self, event: dict) -> None:
        if event["from_agent"] != self.from_agent and event.get("sender") != self.channel_name:
            await self.send_json(
                {"type": "typing", "typing": event["typing"], "reference": event["reference"]}
            )


def _visitor_message_within_limit(scope: dict, contact_id: int, content: dict):
    """chat.visitor_message, after the per-address `chat_message` limit (one trip to the
    database thread for both). Raises conversations.InvalidMessage ("throttled", with
    `retry_after` seconds, or the message's own codes)."""
    wait = throttles.retry_after(address_request(scope), "chat_message")
    if wait is not None:
        raise InvalidMessage("throttled", retry_after=wait)
    return visitor_message(contact_id, content)


class VisitorChatConsumer(ChatSocket):
    """The visitor's socket: one conversation, opened by its private link's token."""

    contact = None

    async def receive_json(self, content: dict, **kwargs) -> None:
        kind = content["type"]
        if kind == "join":
            found = await database_sync_to_async(visitor_join)(content.get("token"))
            if found is None:
                await self.refuse_join()
                return
            self.contact, joined = found
            await self.join_group(live.conversation_group(self.contact.pk))
            await self.send_json({"type": "joined", **joined})
        elif self.contact is None:
            await self.send_json({"type": "error", "code": "not_joined"})
        elif kind == "message":
            limited = partial(_visitor_message_within_limit, self.scope)
            await self.store(content, limited, self.contact.pk)
        elif kind == "typing" and self.limits.typing_due(
            self.contact.pk, typing := bool(content.get("typing"))
        ):
            await self.publish(
                [live.typing_event(self.contact.pk, self.contact.reference, typing, False)]
            )


class AgentConsumer(ChatSocket):
    """An agent's socket: the workspace's queue, and the conversations the agent watches."""

    from_agent = True

    async def allowed(self) -> bool:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return False
        return await database_sync_to_async(user.has_perm)("articles.answer_contact_requests")

    async def receive_json(self, content: dict, **kwargs) -> None:
        kind, reference = content["type"], content.get("reference")
        if kind == "heartbeat":
            await self.heartbeat()
            return
        if kind == "queue":
            await queue_relay.join(self)
            await self.send_json({"type": "queued"})
            return
        if kind == "watch":
            found = await database_sync_to_async(agent_watch)(reference)
            if found is None:
                await self.refuse_join()
                return
            contact, joined = found
            self.watched[contact.reference] = contact.pk
            await self.join_group(live.conversation_group(contact.pk))
            await self.join_group(live.agents_group(contact.pk))
            await self.send_json({"type": "joined", **joined})
            return
        contact_id = self.watched.get(reference) if isinstance(reference, str) else None
        if contact_id is None:
            await self.send_json({"type": "error", "code": "not_joined"})
        elif kind == "message":
            reply = partial(agent_message, site_url=site_url(self.scope))
            await self.store(content, reply, contact_id, self.scope["user"])
        elif kind in ("take", "assign"):
            await self.assign(kind, reference, contact_id, content)
        elif kind == "typing" and self.limits.typing_due(
            contact_id, typing := bool(content.get("typing"))
        ):
            await self.publish([live.typing_event(contact_id, reference, typing, True)])

    async def assign(self, kind: str, reference: str, contact_id: int, content: dict) -> None:
        """Take (`take`) or give (`assign` to `content["agent"]`) the conversation; a
        refusal is an error frame with its code and the reference."""
        try:
            if kind == "take":
                step = database_sync_to_async(agent_take)(contact_id, self.scope["user"])
            else:
                step = database_sync_to_async(agent_assign)(contact_id, content.get("agent"))
            events = await step
        except AssignmentRefused as refused:
            await self.send_json({"type": "error", "code": refused.code, "reference": reference})
            return
        await self.publish(events)

    async def heartbeat(self) -> None:
        now = time.monotonic()
        if now - self.last_heartbeat < HEARTBEAT_INTERVAL:
            return
        self.last_heartbeat = now
        payload, events = await database_sync_to_async(agent_heartbeat)(self.scope["user"])
        await self.send_json({"type": "presence", **payload})
        await self.publish(events)
