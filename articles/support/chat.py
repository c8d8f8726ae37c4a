"""The live chat's steps, shared by its WebSocket consumers and its plain-HTTP fallback.

Synchronous functions (the consumers run them in a thread, database_sync_to_async); each
returns what the caller sends: payloads for the sender, and (group, event) pairs of
live.py for everyone else. `content` is a decoded frame or form: its `body` and
`client_id` are checked here (conversations.clean_message, clean_client_id).
"""

from django.contrib.auth import get_user_model

from articles.models import ContactRequest
from articles.support import (
    answer_timeout,
    assignment,
    conversations,
    live,
    message_rows,
    presence,
    requests,
    waiting,
)


def joined_payload(contact: ContactRequest, *, internal: bool = False) -> dict:
    """{"reference", "state", "wait", "messages"}: what a (re)joining socket or a poll gets
    (`wait`: waiting.wait_payload, the visitor's place and expected wait); agents'
    internal notes only with `internal` (agents' sockets)."""
    messages = conversations.transcript(contact, internal=internal)
    return {
        "reference": contact.reference,
        "state": live.state_payload(contact),
        "wait": waiting.wait_payload(contact),
        "messages": [live.message_payload(m) for m in messages],
    }


def visitor_join(token) -> tuple[ContactRequest, dict] | None:
    """The conversation of a private link's `token` and its joined payload; None if none."""
    contact = requests.find_by_token(token)
    return None if contact is None else (contact, joined_payload(contact))


def agent_watch(reference) -> tuple[ContactRequest, dict] | None:
    """The conversation of `reference` ("R-…") and its joined payload; None if none."""
    if not isinstance(reference, str) or len(reference) > 16:
        return None
    contact = ContactRequest.objects.select_related("assigned_to").filter(reference=reference)
    contact = contact.first()
    return None if contact is None else (contact, joined_payload(contact, internal=True))


def _conversation(contact_id: int) -> ContactRequest:
    return ContactRequest.objects.select_related("assigned_to").get(pk=contact_id)


def visitor_message(contact_id: int, content: dict) -> tuple[dict, list]:
    """Store the visitor's message of `content`: (its payload, events).

    Raises conversations.InvalidMessage ("empty", "too_long", "solved", "not_found").
    """
    body = conversations.clean_message(content.get("body"))
    client_id = conversations.clean_client_id(content.get("client_id"))
    contact = message_rows.conversation_by_id(contact_id)  # read back by add_message
    message, _created = conversations.add_message(
        contact, from_agent=False, body=body, client_id=client_id
    )
    payload = live.message_payload(message)
    return payload, live.message_events(message, payload)


def agent_message(contact_id: int, agent, content: dict, site_url: str = "") -> tuple[dict, list]:
    """Store an agent's reply of `content` (`solve`: true to close; `internal`: true for
    a note to agents, never sent to the visitor): (payload, events). `site_url` is the
    site's address the agent's socket came to (for e-mailed links).

    Raises conversations.InvalidMessage ("empty", "too_long", "not_found").
    """
    body = conversations.clean_message(content.get("body"))
    client_id = conversations.clean_client_id(content.get("client_id"))
    contact = message_rows.conversation_by_id(contact_id)  # read back by add_message
    message = requests.reply(
        contact=contact, agent=agent, body=body, solve=content.get("solve") is True,
        client_id=client_id, site_url=site_url, internal=content.get("internal") is True,
    )  # fmt: skip
    payload = live.message_payload(message)
    return payload, live.message_events(message, payload)


def agent_take(contact_id: int, agent) -> list:
    """`agent` takes the conversation: the events of its new state.

    Raises assignment.AssignmentRefused ("taken", "full").
    """
    assignment.take(_conversation(contact_id), agent)
    return live.state_events(_conversation(contact_id))


def agent_assign(contact_id: int, username) -> list:
    """The conversation goes to the agent named `username`: the events of its new state
    (the visitor told "transferred" when another agent had it).

    Raises assignment.AssignmentRefused ("not_agent", "full").
    """
    user_model = get_user_model()
    name = username if isinstance(username, str) else ""
    agent = user_model.objects.filter(**{user_model.USERNAME_FIELD: name}).first()
    previous = assignment.assign(_conversation(contact_id), agent)
    contact = _conversation(contact_id)
    transferred = previous is not None and previous.pk != contact.assigned_to_id
    return live.state_events(contact, transferred=transferred)


def agent_heartbeat(agent) -> tuple[dict, list]:
    """A sign of life from `agent`'s workspace (presence.py), and the moment to release
    chats taken and not answered in time (answer_timeout.py): (the presence payload for
    the workspace, the events of released chats)."""
    presence.heartbeat(agent)
    return presence.presence_payload(), answer_timeout.release_overdue()
