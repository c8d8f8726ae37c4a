""" "My requests": a visitor's own conversations, found by the e-mail address they gave.

The visitor types an address at `/<lang>/requests/`; when it has conversations, a sign-in
link (links.sign_in_link, valid KB_MY_REQUESTS_LINK_MINUTES) is e-mailed to it, and that
link lists them. Whether an address has conversations is never told to whoever asks:
only the address's owner learns it, from their mailbox. Addresses compare without case.
"""

import threading
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db.models import QuerySet

from articles.models import ContactMessage, ContactRequest
from articles.support import links, mail

CONVERSATIONS_LISTED = 200  # the latest; older ones stay reachable by their own links


def conversations_with(email: str) -> QuerySet:
    """Every conversation opened with `email` (any case), newest first."""
    email = email.strip()
    if not email:
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(email__iexact=email).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class ConversationSummary:
    """One line of "My requests": the conversation, its last answer from support (a
    ContactMessage, or None before the first) and a new signed link (`link`) to it."""

    contact: ContactRequest
    last_answer: ContactMessage | None
    link: str


def summaries(email: str) -> list[ConversationSummary]:
    """The conversations of `email` for the list page: at most CONVERSATIONS_LISTED."""
    contacts = list(conversations_with(email)[:CONVERSATIONS_LISTED])
    answers: dict[int, ContactMessage] = {}
    replies = ContactMessage.objects.filter(request__in=contacts, from_agent=True)
    for message in replies.order_by("request_id", "created_at", "pk"):
        answers[message.request_id] = message  # the latest wins
    return [
        ConversationSummary(contact, answers.get(contact.pk), links.conversation_link(contact))
        for contact in contacts
    ]


def send_sign_in(*, email: str, language: str, list_url_for, site_url: str = "") -> bool:
    """E-mail a sign-in link to `email` when it has conversations; True if one is sent.

    `list_url_for(value)` gives the list page's path for a sign-in value. Nothing is sent
    to an address without conversations (the page says the same either way). With
    KB_BACKGROUND_WRITES (the default) the e-mail leaves from a background thread, so the
    mail server's delay does not tell the asker whether the address has conversations; a
    refusal is then logged by mail.py only.
    """
    if not conversations_with(email).exists():
        return False
    url = links.absolute(list_url_for(links.sign_in_link(email)), site_url)
    if not settings.KB_BACKGROUND_WRITES:
        return mail.send_sign_in(email=email, language=language, url=url)
    sender = partial(mail.send_sign_in, email=email, language=language, url=url)
    threading.Thread(target=sender, name="my-requests-mail", daemon=True).start()
    return True
