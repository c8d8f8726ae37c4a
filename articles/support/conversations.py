"""A conversation's messages: added once (idempotently), in order, with the state they imply.

Every way in adds messages here: the contact form's follow-ups and the desk's replies
(requests.py), the chat's WebSocket consumers and its plain-HTTP fallback (support/views/).
A message is stored before anyone is told it was received: the caller acknowledges
what this module returns. A sender's `client_id` (the chat's browser code draws a UUID
per message) makes sending again harmless: after a lost acknowledgement, a reconnect or a
reload, the stored message comes back instead of a second one.

Transitions: a visitor's message makes the conversation `new` (an answer is due), an
agent's makes it `waiting` (or `solved`). A solved conversation takes no visitor message
(its page offers the rating, and a new conversation). An agent's internal note is a
message too, but visitors never get it (`transcript`) and it moves nothing. Taking and
assigning: assignment.py.
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.core.visitor_text import clean_visitor_text
from articles.models import ContactMessage, ContactRequest
from articles.models.support import CLIENT_ID_LENGTH
from articles.support import assignment

MESSAGE_MAX_LENGTH = 5000  # characters; ContactMessage.body's limit, the forms' too
CLIENT_ID_PATTERN = re.compile(rf"^[A-Za-z0-9_-]{{8,{CLIENT_ID_LENGTH}}}$")
TRANSCRIPT_LIMIT = 500  # messages a page or a (re)joining client gets at most: the latest


class InvalidMessage(ValueError):
    """A message that cannot be stored; `code` says why: "empty", "too_long", "solved",
    "throttled" (then `retry_after`: seconds until the sender may send again)."""

    def __init__(self, code: str, retry_after: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after


def clean_message(raw) -> str:
    """A message's text as stored: cleaned like every visitor text (multi-line).

    Raises InvalidMessage("empty") for nothing but spaces or a non-text value, and
    InvalidMessage("too_long") past MESSAGE_MAX_LENGTH characters (never cut silently).
    """
    if not isinstance(raw, str):
        raise InvalidMessage("empty")
    text = clean_visitor_text(raw, multiline=True)
    if not text:
        raise InvalidMessage("empty")
    if len(text) > MESSAGE_MAX_LENGTH:
        raise InvalidMessage("too_long")
    return text


def clean_client_id(raw) -> str:
    """A sender's message id as stored: 8-36 characters of [A-Za-z0-9_-], else ""."""
    return raw if isinstance(raw, str) and CLIENT_ID_PATTERN.match(raw) else ""


def add_message(
    contact: ContactRequest,
    *,
    from_agent: bool,
    body: str,
    agent=None,
    client_id: str = "",
    solve: bool = False,
    internal: bool = False,
) -> tuple[ContactMessage, bool]:
    """Store `body` (already cleaned) in `contact`; return (the message, whether it is new).

    A new message's `known_attachments` is [] (its screenshots, attached by the caller,
    are appended there: live.message_payload then reads no query).
    The same `client_id` in the same conversation returns the stored message and changes
    nothing: the insert meets the unique constraint (no lookup first: a copy is rare, a
    query per message is not).
    An `internal` note (agents only) changes neither the state nor the timers.
    Raises InvalidMessage("solved") for a visitor's message to a solved conversation.
    """
    if not from_agent and contact.status == ContactRequest.Status.SOLVED:
        stored = contact.messages.filter(client_id=client_id).first() if client_id else None
        if stored is None:
            raise InvalidMessage("solved")
        return stored, False  # sent before the conversation was solved
    internal = internal and from_agent
    try:
        with transaction.atomic():
            message = ContactMessage.objects.create(
                request=contact, from_agent=from_agent, agent=agent, body=body,
                client_id=client_id, internal=internal,
            )  # fmt: skip
            if not internal:
                _after_message(contact, from_agent=from_agent, agent=agent, solve=solve)
    except IntegrityError:
        if not client_id:
            raise
        return contact.messages.get(client_id=client_id), False
    # Just inserted, it has no screenshots yet: live.message_payload needs no query
    # (requests._attach adds those it stores).
    message.known_attachments = []
    return message, True


def _after_message(contact: ContactRequest, *, from_agent: bool, agent, solve: bool) -> None:
    now = timezone.now()
    fields = ["status", "waiting_since", "updated_at"]
    if from_agent:
        contact.status = ContactRequest.Status.SOLVED if solve else ContactRequest.Status.WAITING
        contact.waiting_since = None
        if contact.first_response_at is None:
            contact.first_response_at = now
            fields.append("first_response_at")
    else:
        contact.status = ContactRequest.Status.NEW
        contact.waiting_since = contact.waiting_since or now
    unassigned = from_agent and agent is not None and contact.assigned_to_id is None
    if unassigned and not assignment.at_limit(agent, contact):
        contact.assigned_to = agent  # answering a conversation takes it (within the limit)
        fields.append("assigned_to")
    contact.save(update_fields=fields)


def transcript(contact: ContactRequest, *, internal: bool = False) -> list[ContactMessage]:
    """The conversation's messages in order (the latest TRANSCRIPT_LIMIT), agents joined.

    Agents' internal notes only with `internal` (the workspace); never for visitors.
    """
    latest = contact.messages.select_related("agent").prefetch_related("attachments")
    latest = latest.order_by("-created_at", "-pk")
    if not internal:
        latest = latest.filter(internal=False)
    return list(reversed(latest[:TRANSCRIPT_LIMIT]))
