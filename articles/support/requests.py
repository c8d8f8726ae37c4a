"""Conversations (ContactRequest): opened by a visitor, answered by agents, rated once solved.

The contact form and the chat open them here (the chat's own steps: conversations.py).
Keyword-only functions; each is one transaction. E-mails go out after the commit
(articles/support/mail.py); forwarding to the operator's help desk is
articles/support/forwarding.py. Nothing here logs an e-mail address or a message.
"""

import hashlib
import re
import secrets
from contextlib import nullcontext

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, ChatByEmail, ContactAttachment, ContactMessage, ContactRequest
from articles.publishing.images import CONTENT_TYPES, CleanImage
from articles.support import conversations, forwarding, links, mail

# Crockford's base 32 without look-alikes (no I, L, O, U): read out on the phone easily.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8
# secrets.token_urlsafe(24): 32 characters, 192 random bits.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def token_hash(token: str) -> str:
    """What is stored of a status-link token: its SHA-256, hex (64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_reference() -> str:
    """A request's reference for people: "R-" and 8 characters, e.g. "R-7K3QX9TB"."""
    return "R-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_token() -> str:
    """A private link's token: 32 URL-safe characters, 192 random bits (TOKEN_PATTERN)."""
    return secrets.token_urlsafe(24)


def find_by_token(token: str) -> ContactRequest | None:
    """The request whose status link carries `token` (its private token, or a signed link
    of links.py still valid), or None (also for a malformed, altered or expired one)."""
    if links.is_signed(token):
        try:
            return links.conversation_for_link(token)
        except (links.LinkInvalid, links.LinkExpired):
            return None
    if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
        return None
    return (
        ContactRequest.objects.select_related("article")
        .filter(token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def create_request(
    *,
    language: str,
    email: str,
    message: str,
    status_url_for,
    subject: str = "",
    query: str = "",
    article: Article | None = None,
    screenshots: tuple[CleanImage, ...] | list[CleanImage] = (),
    channel: str = ContactRequest.Channel.FORM,
    token: str | None = None,
    client_id: str = "",
) -> tuple[ContactRequest, str]:
    """Store a visitor's request; return it and the token of its private status link.

    `message` is stored as the conversation's first message too (with `client_id`, the
    sender's own id for it). `token` is the private link's token when the visitor's browser
    drew it (the chat: a start sent twice then finds one conversation), else one is drawn.
    `status_url_for(token)` gives the absolute status URL for the acknowledgement e-mail
    (sent after the commit when there is an address, with the reference and that link,
    none of the visitor's text). When forwarding is configured, the request is queued for
    it (attempted after the commit, retried by `forward_contact_requests`).
    """
    token = token or new_token()
    forward = forwarding.is_configured()
    fields = {
        "token_hash": token_hash(token),
        "channel": channel,
        "language": language,
        "email": email,
        "subject": subject,
        "message": message,
        "query": query,
        "article": article,
        "forwarding": ContactRequest.Forwarding.PENDING if forward else "",
        "waiting_since": timezone.now(),
        "forward_next_at": timezone.now() if forward else None,
    }
    contact = _insert_with_new_reference(fields)
    ContactMessage.objects.create(
        request=contact, from_agent=False, body=message, client_id=client_id
    )
    _attach(contact, screenshots)
    status_url = status_url_for(token)
    transaction.on_commit(lambda: mail.send_acknowledgement(contact, status_url))
    if forward:
        transaction.on_commit(lambda: forwarding.forward_soon(contact.pk))
    return contact, token


def _attach(contact: ContactRequest, screenshots, message: ContactMessage | None = None) -> None:
    for screenshot in screenshots:
        attachment = ContactAttachment.objects.create(
            request=contact,
            message=message,
            file=screenshot.file,
            content_type=CONTENT_TYPES[screenshot.file.name.rsplit(".", 1)[-1]],
            size=screenshot.file.size,
        )
        if message is not None and hasattr(message, "known_attachments"):
            message.known_attachments.append(attachment)  # conversations.add_message


def _insert_with_new_reference(fields: dict) -> ContactRequest:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ContactRequest.objects.create(reference=new_reference(), **fields)
        except IntegrityError:  # a reference drawn twice (1 in 10^12): draw again
            continue
    raise RuntimeError("No free contact-request reference after 5 draws.")


def reply(
    *,
    contact: ContactRequest,
    agent,
    body: str,
    solve: bool = False,
    client_id: str = "",
    site_url: str = "",
    internal: bool = False,
    screenshots: tuple[CleanImage, ...] | list[CleanImage] = (),
) -> ContactMessage:
    """An agent answers: the reply (with its checked `screenshots`) is stored and shown on
    the conversation's page; the conversation then waits for the visitor, or is solved. A
    form conversation's reply is e-mailed after the commit, and so is a chat's opened while
    nobody could answer live (ChatByEmail), with a link to the conversation on `site_url`
    (links.absolute: KB_SITE_URL wins); other chats' visitors read it live.
    An `internal` note is stored for agents only: never e-mailed, shown or sent to the
    visitor, and it moves nothing (`solve` is ignored with it).
    Sent again with the same `client_id`, the stored reply is returned, nothing added."""
    # One transaction for the message and its screenshots; without screenshots,
    # add_message's own is enough (no savepoint per chat reply).
    with transaction.atomic() if screenshots else nullcontext():
        message, created = conversations.add_message(
            contact, from_agent=True, agent=agent, body=body, client_id=client_id,
            solve=solve and not internal, internal=internal,
        )  # fmt: skip
        if created:
            _attach(contact, screenshots, message)
    if created and not internal and contact.email and _emailed(contact, solve):
        transaction.on_commit(lambda: mail.send_reply(contact, message, site_url))
    return message


def _emailed(contact: ContactRequest, solve: bool) -> bool:
    """Whether an agent's reply goes by e-mail (the visitor has an address): always for a
    form conversation, for a chat when it is solved or was opened while nobody could
    answer live (ChatByEmail)."""
    if contact.channel == ContactRequest.Channel.FORM or solve:
        return True
    return ChatByEmail.objects.filter(request=contact).exists()


def set_status(*, contact: ContactRequest, status: str) -> None:
    """Move a request to `status` (a ContactRequest.Status value) without a message."""
    contact.status = ContactRequest.Status(status)
    contact.save(update_fields=["status", "updated_at"])


def add_follow_up(
    *,
    contact: ContactRequest,
    body: str,
    client_id: str = "",
    screenshots: tuple[CleanImage, ...] | list[CleanImage] = (),
) -> ContactMessage:
    """The visitor adds to their conversation (with its checked `screenshots`): back in
    the agents' queue as new.

    Raises conversations.InvalidMessage("solved") on a solved request (the visitor rates
    it, or writes a new one). Sent again with the same `client_id`, the stored message is
    returned, nothing added (its screenshots neither).
    """
    with transaction.atomic():
        message, created = conversations.add_message(
            contact, from_agent=False, body=body, client_id=client_id
        )
        if created:
            _attach(contact, screenshots, message)
    return message


def rate(*, contact: ContactRequest, rating: int, comment: str = "") -> None:
    """The visitor rates the help on a solved request (1–5; rating again replaces it).

    Raises ValueError when the request is not solved or the rating is outside 1–5.
    """
    if contact.status != ContactRequest.Status.SOLVED:
        raise ValueError("Only a solved request can be rated.")
    if not 1 <= rating <= 5:
        raise ValueError("A rating is 1 to 5.")
    contact.rating, contact.rating_comment = rating, comment[:2000]
    contact.save(update_fields=["rating", "rating_comment", "updated_at"])
