"""Forwarding each new request to the operator's own help desk (docs/operating.md,
"Forwarding contact requests to your own help desk").

Configured by environment (kb/settings.py): `KB_CONTACT_FORWARD_WEBHOOK` (a URL that gets
a JSON POST, signed with `KB_CONTACT_WEBHOOK_SECRET`) or else `KB_CONTACT_FORWARD_EMAIL`
(an address that gets the request as an e-mail, Reply-To the visitor, screenshots
attached). A request is tried once right after it is saved; a failure is retried by
`manage.py forward_contact_requests` (cron or a systemd timer, every minute) after
BACKOFF_MINUTES, then marked failed (shown in the admin). Each attempt first claims the
request with a conditional UPDATE, so two processes never send the same one at once.

Signature: `X-KB-Signature: sha256=<hex HMAC-SHA256 of "<X-KB-Timestamp>.<body>">`, keyed
with the secret; `X-KB-Timestamp` is Unix seconds (refuse old ones to stop replays).
"""

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import close_old_connections
from django.utils import timezone

from articles.models import ContactRequest

logger = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 5, 30, 120, 720)  # after attempt 1, 2, …; then failed for good
CLAIM_MINUTES = 5  # an attempt in progress holds the request this long
TIMEOUT_SECONDS = 10
FORWARD_FIELDS = ["forwarding", "forward_error", "forward_attempts", "forward_next_at"]


def is_configured() -> bool:
    """Whether new requests are forwarded (a webhook URL or an e-mail address is set)."""
    return bool(settings.KB_CONTACT_FORWARD_WEBHOOK or settings.KB_CONTACT_FORWARD_EMAIL)


def payload(contact: ContactRequest) -> dict:
    """The JSON body of the webhook: the request, the carried query and article."""
    article = contact.article
    return {
        "event": "contact_request.created",
        "reference": contact.reference,
        "language": contact.language,
        "email": contact.email,
        "subject": contact.subject,
        "message": contact.message,
        "query": contact.query,
        "article": _article_fields(article, contact.language) if article else None,
        "attachments": [
            {"content_type": a.content_type, "size": a.size} for a in contact.attachments.all()
        ],
        "created_at": contact.created_at.isoformat(),
    }


def _article_fields(article, language: str) -> dict:
    return {"id": article.pk, "slug": article.slug, "url": _absolute(article.url_in(language))}


def _absolute(path: str) -> str:
    return settings.KB_SITE_URL.rstrip("/") + path


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The X-KB-Signature value: "sha256=" + hex HMAC-SHA256 of b"<timestamp>." + body."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def _post_webhook(contact: ContactRequest) -> None:
    secret = settings.KB_CONTACT_WEBHOOK_SECRET
    if not secret:
        raise RuntimeError("KB_CONTACT_WEBHOOK_SECRET is not set: requests are not sent unsigned")
    body = json.dumps(payload(contact), ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310  (an https/http URL the operator set)
        settings.KB_CONTACT_FORWARD_WEBHOOK,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-KB-Timestamp": timestamp,
            "X-KB-Signature": signature(secret, timestamp, body),
            "X-KB-Delivery": contact.reference,
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        if not 200 <= response.status < 300:
            raise RuntimeError(f"HTTP {response.status}")


def _send_email(contact: ContactRequest) -> None:
    lines = [
        f"Reference: {contact.reference}",
        f"Language: {contact.language}",
        f"From: {contact.email}",
        f"Searched for: {contact.query}" if contact.query else "",
        f"Article: {_article_fields(contact.article, contact.language)['url']}"
        if contact.article
        else "",
        "",
        contact.message,
    ]
    message = EmailMessage(
        subject=f"[{contact.reference}] {contact.subject}".strip(),
        body="\n".join(line for line in lines if line is not None),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.KB_CONTACT_FORWARD_EMAIL],
        reply_to=[contact.email],
    )
    for attachment in contact.attachments.all():
        with attachment.file.open("rb") as handle:
            name = attachment.file.name.rsplit("/", 1)[-1]
            message.attach(name, handle.read(), attachment.content_type)
    message.send()


def _claim(contact_id: int, now) -> ContactRequest | None:
    claimed = ContactRequest.objects.filter(
        pk=contact_id, forwarding=ContactRequest.Forwarding.PENDING, forward_next_at__lte=now
    ).update(forward_next_at=now + timedelta(minutes=CLAIM_MINUTES))
    return ContactRequest.objects.select_related("article").get(pk=contact_id) if claimed else None


def attempt(contact_id: int) -> bool | None:
    """Try to forward one request now: True sent, False failed (retry planned or given
    up), None when it was not due or another process holds it."""
    now = timezone.now()
    contact = _claim(contact_id, now)
    if contact is None:
        return None
    try:
        _post_webhook(contact) if settings.KB_CONTACT_FORWARD_WEBHOOK else _send_email(contact)
    except Exception as error:  # noqa: BLE001  (any failure is retried, then reported)
        _record_failure(contact, error, now)
        return False
    contact.forwarding, contact.forward_error = ContactRequest.Forwarding.DONE, ""
    contact.forward_attempts += 1
    contact.forward_next_at = None
    contact.save(update_fields=FORWARD_FIELDS)
    return True


def _record_failure(contact: ContactRequest, error: Exception, now) -> None:
    contact.forward_attempts += 1
    kind = type(error).__name__
    # The error's type and text: an HTTP status or a connection error, no request content.
    contact.forward_error = f"{type(error).__name__}: {error}"[:300]
    if contact.forward_attempts > len(BACKOFF_MINUTES):
        contact.forwarding, contact.forward_next_at = ContactRequest.Forwarding.FAILED, None
        logger.error("Contact request %s not forwarded; gave up: %s", contact.reference, kind)
    else:
        wait = BACKOFF_MINUTES[contact.forward_attempts - 1]
        contact.forward_next_at = now + timedelta(minutes=wait)
        logger.warning(
            "Contact request %s not forwarded (%s); retry in %d min", contact.reference, kind, wait
        )
    contact.save(update_fields=FORWARD_FIELDS)


def forward_due() -> dict[str, int]:
    """Attempt every pending request that is due; counts {"sent", "failed", "skipped"}."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    due = ContactRequest.objects.filter(
        forwarding=ContactRequest.Forwarding.PENDING, forward_next_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    for contact_id in list(due[:500]):
        result = attempt(contact_id)
        counts["sent" if result else "skipped" if result is None else "failed"] += 1
    return counts


def forward_soon(contact_id: int) -> None:
    """Right after a request is saved: one attempt, in a background thread unless
    KB_BACKGROUND_WRITES is off (tests); failures are left to the command's retries."""
    if not settings.KB_BACKGROUND_WRITES:
        attempt(contact_id)
        return

    def run() -> None:
        try:
            attempt(contact_id)
        finally:
            close_old_connections()

    threading.Thread(target=run, name="contact-forward", daemon=True).start()
