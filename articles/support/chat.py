"""The live chat's steps, shared by its WebSocket consumers and its plain-HTTP fallback.

Synchronous functions (the consumers run them in a thread, database_sync_to_async); each
returns what the caller sends: payloads for the sender, and (group, event) pairs of
live.py for everyone else. `content` is a decoded frame or form: its `body` and
`client_id` are checked here (conversations.clean_message, clean_client_id).
"""

from articles.models import ContactRequest
from articles.support import answer_timeout, conversations, live, presence, requests, waiting


def joined_payload(contact: ContactRequest) -> dict:
    """{"reference", "state", "wait", "messages"}: what a (re)joining socket or a poll gets
    (`wait`: waiting.wait_payload, the visitor's place and expected wait)."""
    return {
        "reference": contact.reference,
        "state": live.state_payload(contact),
        "wait": waiting.wait_payload(contact),
        "messages": [live.message_payload(m) for m in conversations.transcript(contact)],
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
    return None if contact is None else (contact, joined_payload(contact))


def _conversation(contact_id: int) -> ContactRequest:
    return ContactRequest.objects.select_related("assigned_to").get(pk=contact_id)


def visitor_message(contact_id: int, content: dict) -> tuple[dict, list]:
    """Store the visitor's message of `content`: (its payload, events).

    Raises conversations.InvalidMessage ("empty", "too_long", "solved").
    """
    body = conversations.clean_message(content.get("body"))
    client_id = conversations.clean_client_id(content.get("client_id"))
    contact = _conversation(contact_id)
    message, _created = conversations.add_message(
        contact, from_agent=False, body=body, client_id=client_id
    )
    return live.message_payload(message), live.message_events(message)


def agent_message(contact_id: int, agent, content: dict) -> tuple[dict, list]:
    """Store an agent's reply of `content` (`solve`: true to close): (payload, events).

    Raises conversations.InvalidMessage ("empty", "too_long").
    """
    body = conversations.clean_message(content.get("body"))
    client_id = conversations.clean_client_id(content.get("client_id"))
    contact = _conversation(contact_id)
    message = requests.reply(
        contact=contact, agent=agent, body=body, solve=content.get("solve") is True,
        client_id=client_id,
    )  # fmt: skip
    return live.message_payload(message), live.message_events(message)


def agent_take(contact_id: int, agent) -> list:
    """`agent` takes the conversation (if nobody has it): the events of its new state."""
    contact = _conversation(contact_id)
    conversations.take(contact, agent)
    contact = _conversation(contact_id)
    return live.state_events(contact)


def agent_heartbeat(agent) -> tuple[dict, list]:
    """A sign of life from `agent`'s workspace (presence.py), and the moment to release
    chats taken and not answered in time (answer_timeout.py): (the presence payload for
    the workspace, the events of released chats)."""
    presence.heartbeat(agent)
    return presence.presence_payload(), answer_timeout.release_overdue()
