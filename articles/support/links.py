"""Signed links: a conversation's link in e-mails, and the "My requests" sign-in link.

Only the SHA-256 of a conversation's private token is stored (requests.token_hash), so an
e-mail written after the first one cannot carry that token. It carries a *signed link*
instead: `/<lang>/requests/<reference>:<timestamp>:<signature>/`, made with Django's
TimestampSigner (SECRET_KEY, a salt of its own). It opens the conversation like the token
does, page and chat alike, until KB_CONVERSATION_LINK_DAYS after it was made; nothing is
stored, and changing SECRET_KEY ends every such link. "My requests" signs an e-mail address
the same way (another salt) for KB_MY_REQUESTS_LINK_MINUTES.

`conversation_for_link` raises LinkExpired or LinkInvalid, so that a page can say which;
`requests.find_by_token` accepts both kinds of links and answers None for a bad one.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing

from articles.models import ContactRequest

CONVERSATION_SALT = "articles.support.conversation-link"
SIGN_IN_SALT = "articles.support.my-requests"
MAX_SIGNED_LENGTH = 400  # characters: a conversation link is ~60, a sign-in link ~150


class LinkInvalid(ValueError):
    """A signed link that this site did not make, or that was altered."""


class LinkExpired(ValueError):
    """A signed link made by this site, older than its lifetime."""


def is_signed(value) -> bool:
    """Whether `value` has the shape of a signed link (a private token has no ":")."""
    return isinstance(value, str) and ":" in value and len(value) <= MAX_SIGNED_LENGTH


def conversation_lifetime() -> timedelta:
    """How long a conversation's signed link opens it (KB_CONVERSATION_LINK_DAYS, ≥ 1)."""
    return timedelta(days=max(1, settings.KB_CONVERSATION_LINK_DAYS))


def sign_in_lifetime() -> timedelta:
    """How long a "My requests" sign-in link works (KB_MY_REQUESTS_LINK_MINUTES, ≥ 1)."""
    return timedelta(minutes=max(1, settings.KB_MY_REQUESTS_LINK_MINUTES))


def conversation_link(contact: ContactRequest) -> str:
    """A new signed link value for `contact`: "<reference>:<timestamp>:<signature>"."""
    return signing.TimestampSigner(salt=CONVERSATION_SALT).sign(contact.reference)


def link_expires_at(value: str) -> datetime | None:
    """When the signed link `value` stops working; None when it is not a (valid) one."""
    try:
        conversation_for_link(value)
        seconds = signing.b62_decode(value.rsplit(":", 2)[1])
    except (LinkInvalid, LinkExpired):
        return None
    return datetime.fromtimestamp(seconds, tz=UTC) + conversation_lifetime()


def _unsign(value, salt: str, lifetime: timedelta) -> str:
    if not is_signed(value):
        raise LinkInvalid("Not a signed link.")
    try:
        return signing.TimestampSigner(salt=salt).unsign(value, max_age=lifetime)
    except signing.SignatureExpired as expired:
        raise LinkExpired(str(expired)) from expired
    except signing.BadSignature as bad:
        raise LinkInvalid(str(bad)) from bad


def conversation_for_link(value) -> ContactRequest:
    """The conversation a signed link opens.

    Raises LinkInvalid (altered, not ours, or its conversation deleted) or LinkExpired.
    """
    reference = _unsign(value, CONVERSATION_SALT, conversation_lifetime())
    contact = ContactRequest.objects.select_related("article").filter(reference=reference).first()
    if contact is None:
        raise LinkInvalid("No conversation with this reference (deleted).")
    return contact


def sign_in_link(email: str) -> str:
    """A new "My requests" sign-in value for `email` (compared without case)."""
    return signing.TimestampSigner(salt=SIGN_IN_SALT).sign_object({"e": email.strip().lower()})


def email_for_sign_in(value) -> str:
    """The address a sign-in value was made for. Raises LinkInvalid or LinkExpired."""
    if not is_signed(value):
        raise LinkInvalid("Not a signed link.")
    signer = signing.TimestampSigner(salt=SIGN_IN_SALT)
    try:
        payload = signer.unsign_object(value, max_age=sign_in_lifetime())
    except signing.SignatureExpired as expired:
        raise LinkExpired(str(expired)) from expired
    except (signing.BadSignature, ValueError) as bad:
        raise LinkInvalid(str(bad)) from bad
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), str):
        raise LinkInvalid("A sign-in link names an address.")
    return payload["e"]


def absolute(path: str, site_url: str = "") -> str:
    """`path` on the site: KB_SITE_URL when set (the operator's own address), else
    `site_url` (the address the current request came to, e.g. "https://help.example.com")."""
    base = (settings.KB_SITE_URL or site_url).rstrip("/")
    return base + path
