"""The chat's live events: who listens to what, and what an event carries.

Events travel through the Channels layer (channels-redis with REDIS_URL, so every worker
and host sees them; in memory otherwise). Two kinds of groups:

- `conversation-<id>`: the visitor's and the agents' sockets of one conversation; events
  `chat.message` (a stored message and the conversation's state after it), `chat.typing`
  (an agent's) and `chat.state` (a change without a message: status, whether an agent
  has it, and `transferred` when it moved to another agent);
- `conversation-agents-<id>`: the agents' sockets of it alone; agents' internal notes
  (`chat.message` of an internal message) travel only here, never to the visitor, and
  so does the visitor's `chat.typing` (only agents show it);
- `support-queue`: every agent's workspace (heard once per process: views/queue_relay.py);
  events `queue.changed` (a conversation's row) and `presence.changed`.

An event's `message` is `message_payload()`: what both sides render, the HTML made by
articles/markup/message_text.py. Consumers send events themselves (they are async);
pages call `announce_*`, which sends after the commit, so nobody hears of a message
that is not stored. A layer that cannot send (Redis down) is logged, never a failed page:
the message is stored and the other side sees it on its next join or poll.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from articles.markup.message_text import message_html
from articles.models import ContactMessage, ContactRequest
from articles.support import message_rows

logger = logging.getLogger(__name__)

QUEUE_GROUP = "support-queue"
FIRST_MESSAGE_PREVIEW = 200  # characters of the first message in a workspace row


def conversation_group(contact_id: int) -> str:
    """The group of one conversation's sockets."""
    return f"conversation-{contact_id}"


def agents_group(contact_id: int) -> str:
    """The group of one conversation's agents' sockets (internal notes)."""
    return f"conversation-agents-{contact_id}"


def message_payload(message: ContactMessage) -> dict:
    """{"id", "client_id", "from_agent", "internal", "html", "created_at" (ISO 8601),
    "attachments"} of a message; `attachments` lists its screenshots' ids ([{"id"}]), which
    each side turns into its own authorized address (the visitor's by token, the agent's
    desk one): a message just stored knows them (conversations.add_message's
    `known_attachments`), others cost a query (or a prefetch)."""
    attachments = getattr(message, "known_attachments", None)
    if attachments is None:
        attachments = message.attachments.all()
    return {
        "id": message.pk,
        "client_id": message.client_id,
        "from_agent": message.from_agent,
        "internal": message.internal,
        "html": message_html(message.body, links=message.from_agent),
        "created_at": message.created_at.isoformat(),
        "attachments": [{"id": attachment.pk} for attachment in attachments],
    }


def queue_row(contact: ContactRequest) -> dict:
    """A conversation as the workspace lists it: reference, channel, language, status,
    agent (username or ""), first message (cut), the times of creation and last change,
    `waiting_since` and `first_response_at` (ISO 8601 or "": the timers)."""
    return {
        "reference": contact.reference,
        "channel": contact.channel,
        "language": contact.language,
        "status": contact.status,
        "agent": _agent_name(contact),
        "first_message": contact.message[:FIRST_MESSAGE_PREVIEW],
        "created_at": contact.created_at.isoformat(),
        "updated_at": contact.updated_at.isoformat(),
        "waiting_since": _iso(contact.waiting_since),
        "first_response_at": _iso(contact.first_response_at),
    }


def _agent_name(contact: ContactRequest) -> str:
    # A conversation read back after a message carries its agent's name (message_rows.py),
    # worth using while it is still that agent's.
    agent_id, name = getattr(contact, message_rows.AGENT_NAME, (None, ""))
    if agent_id is not None and agent_id == contact.assigned_to_id:
        return name
    return contact.assigned_to.get_username() if contact.assigned_to_id else ""


def _iso(moment) -> str:
    return moment.isoformat() if moment else ""


def state_payload(contact: ContactRequest, *, transferred: bool = False) -> dict:
    """{"status", "assigned"} (and "transferred": true right after a transfer): what the
    visitor's page says about the conversation (never which agent)."""
    state = {"status": contact.status, "assigned": contact.assigned_to_id is not None}
    return {**state, "transferred": True} if transferred else state


def message_events(message: ContactMessage, payload: dict | None = None) -> list[tuple[str, dict]]:
    """The (group, event) pairs a stored message makes: the conversation hears the message
    with its new state (one `chat.message` event carrying both), the workspace the
    conversation's row. An internal note goes to the conversation's agents alone, with no
    state. `payload`: the message's message_payload() when the caller has it already (it
    costs a query)."""
    event = {"type": "chat.message", "message": payload or message_payload(message)}
    if message.internal:
        return [(agents_group(message.request_id), event)]
    contact = message.request
    return [
        (conversation_group(contact.pk), {**event, "state": state_payload(contact)}),
        (QUEUE_GROUP, {"type": "queue.changed", "row": queue_row(contact)}),
    ]


def state_events(contact: ContactRequest, *, transferred: bool = False) -> list[tuple[str, dict]]:
    """The (group, event) pairs of a change without a message (taken, status moved,
    transferred: the visitor is then told so)."""
    state = state_payload(contact, transferred=transferred)
    return [
        (conversation_group(contact.pk), {"type": "chat.state", "state": state}),
        (QUEUE_GROUP, {"type": "queue.changed", "row": queue_row(contact)}),
    ]


def typing_event(contact_id: int, reference: str, typing: bool, from_agent: bool) -> tuple:
    """The (group, event) pair of "is typing" (`typing` True) or "stopped" (False): a
    visitor's goes to the conversation's agents alone (the visitor's own socket would
    only drop it), an agent's to the whole conversation (the visitor's socket is in no
    group of its own)."""
    event = {"type": "chat.typing", "typing": typing, "from_agent": from_agent,
             "reference": reference}  # fmt: skip
    group = conversation_group(contact_id) if from_agent else agents_group(contact_id)
    return group, event


def send_now(events: list[tuple[str, dict]]) -> None:
    """Send (group, event) pairs from synchronous code; a layer failure is logged."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        for group, event in events:
            async_to_sync(layer.group_send)(group, event)
    except Exception as error:  # noqa: BLE001  (Redis down: stored anyway, seen on rejoin)
        logger.error("Chat event not sent (channel layer unavailable): %s", type(error).__name__)


def announce(events: list[tuple[str, dict]]) -> None:
    """Send (group, event) pairs after the current transaction commits (from pages)."""
    transaction.on_commit(lambda: send_now(events))
