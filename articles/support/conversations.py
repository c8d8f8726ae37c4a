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
from articles.support import assignment, message_rows

MESSAGE_MAX_LENGTH = 5000  # characters; ContactMessage.body's limit, the forms' too
CLIENT_ID_PATTERN = re.compile(rf"^[A-Za-z0-9_-]{{8,{CLIENT_ID_LENGTH}}}$")
TRANSCRIPT_LIMIT = 500  # messages a page or a (re)joining client gets at most: the latest


class InvalidMessage(ValueError):
    """A message that cannot be stored; `code` says why: "empty", "too_long", "solved",
    "not_found" (the conversation was deleted), "throttled" (then `retry_after`: seconds
    until the sender may send again)."""

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

    The conversation's new state is written and read back into `contact` by one statement
    (message_rows.advance), so `contact` may be message_rows.conversation_by_id(): no query
    before. The new message's `request` is `contact`, its `known_attachments` [] (its
    screenshots, attached by the caller, are appended there: live.message_payload then
    reads no query).
    The same `client_id` in the same conversation returns the stored message and changes
    nothing: the insert meets the unique constraint (no lookup first: a copy is rare, a
    query per message is not).
    An `internal` note (agents only) changes neither the state nor the timers.
    Raises InvalidMessage("solved") for a visitor's message to a solved conversation,
    InvalidMessage("not_found") when the conversation no longer exists.
    """
    internal = internal and from_agent
    try:
        with transaction.atomic():
            if internal:
                _still_there(contact)  # a note moves nothing, but needs its conversation
            elif not _advance(contact, from_agent=from_agent, solve=solve):
                return _not_advanced(contact, client_id)
            message = message_rows.insert_message(
                contact, from_agent=from_agent, agent=agent, body=body, client_id=client_id,
                internal=internal,
            )  # fmt: skip
            if from_agent and not internal and agent is not None:
                _take_on_answer(contact, agent)
    except IntegrityError:
        if not client_id:
            raise
        _still_there(contact)  # what was read back was rolled back with the insert
        return contact.messages.get(client_id=client_id), False
    message.known_attachments = []
    return message, True


def _advance(contact: ContactRequest, *, from_agent: bool, solve: bool) -> bool:
    """The state a message leads to, written and read back; False if not written (a
    visitor's message to a solved conversation, or no conversation)."""
    now = timezone.now()
    if from_agent:
        status = ContactRequest.Status.SOLVED if solve else ContactRequest.Status.WAITING
        changes = {"status": status, "waiting_since": None,
                   "first_response_at": message_rows.Keep(now)}  # fmt: skip
        return message_rows.advance(contact, changes)
    changes = {"status": ContactRequest.Status.NEW, "waiting_since": message_rows.Keep(now)}
    return message_rows.advance(contact, changes, unless_status=ContactRequest.Status.SOLVED)


def _still_there(contact: ContactRequest) -> None:
    """Load what a message's events read (one query), or InvalidMessage("not_found")."""
    try:
        contact.refresh_from_db(fields=message_rows.READ_BACK_ATTNAMES)
    except ContactRequest.DoesNotExist:
        raise InvalidMessage("not_found") from None


def _not_advanced(contact: ContactRequest, client_id: str) -> tuple[ContactMessage, bool]:
    """A visitor's message the conversation did not take: the one stored with the same
    `client_id` before it was solved, else InvalidMessage("solved" or "not_found")."""
    _still_there(contact)
    stored = contact.messages.filter(client_id=client_id).first() if client_id else None
    if stored is None:
        raise InvalidMessage("solved")
    return stored, False  # sent before the conversation was solved


def _take_on_answer(contact: ContactRequest, agent) -> None:
    """Answering an unassigned conversation takes it, within the agent's chat limit."""
    if contact.assigned_to_id is not None or assignment.at_limit(agent, contact):
        return
    unassigned = ContactRequest.objects.filter(pk=contact.pk, assigned_to__isnull=True)
    if unassigned.update(assigned_to=agent):
        contact.assigned_to = agent
        setattr(contact, message_rows.AGENT_NAME, (agent.pk, agent.get_username()))


def transcript(contact: ContactRequest, *, internal: bool = False) -> list[ContactMessage]:
    """The conversation's messages in order (the latest TRANSCRIPT_LIMIT), agents joined.

    Agents' internal notes only with `internal` (the workspace); never for visitors.
    """
    latest = contact.messages.select_related("agent").prefetch_related("attachments")
    latest = latest.order_by("-created_at", "-pk")
    if not internal:
        latest = latest.filter(internal=False)
    return list(reversed(latest[:TRANSCRIPT_LIMIT]))
