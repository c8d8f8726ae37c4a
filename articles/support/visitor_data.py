"""A visitor's data: how long conversations are kept, and one visitor's export.

Retention: `prune(keep_days)` deletes conversations untouched for longer than
`keep_days` (KB_CONVERSATION_RETENTION_DAYS by default: `manage.py prune_conversations`,
run daily like `prune_search_log`), whatever their state — with their messages, ratings
and screenshots, the screenshot files on disk included. "Untouched" is the conversation's
`updated_at`: every message, state change and rating moves it.

Export: `export(email)` gathers every conversation opened with an address (any case) as
plain data for JSON (`manage.py export_conversations EMAIL`, and the admin's action), what
a visitor gets when they ask for their data. Agents appear as "support", never by name.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import ContactAttachment, ContactRequest
from articles.support.history import conversations_with

logger = logging.getLogger(__name__)

PRUNE_BATCH = 200  # conversations deleted per transaction


def prune(*, keep_days: int) -> tuple[int, int]:
    """Delete conversations untouched for more than `keep_days` (≥ 1) days; return
    (conversations deleted, screenshot files deleted).

    Deletes in batches of PRUNE_BATCH, each one transaction; the batch's files are removed
    from storage after its commit (a file that cannot be removed is logged, by name only).
    Raises ValueError for keep_days < 1.
    """
    if keep_days < 1:
        raise ValueError("keep_days must be at least 1")
    cutoff = timezone.now() - timedelta(days=keep_days)
    old = ContactRequest.objects.filter(updated_at__lt=cutoff).order_by("pk")
    conversations = files = 0
    while ids := list(old.values_list("pk", flat=True)[:PRUNE_BATCH]):
        with transaction.atomic():
            attachments = list(ContactAttachment.objects.filter(request_id__in=ids))
            ContactRequest.objects.filter(pk__in=ids).delete()  # messages, attachments cascade
        conversations += len(ids)
        files += sum(_delete_file(attachment) for attachment in attachments)
    return conversations, files


def _delete_file(attachment: ContactAttachment) -> bool:
    try:
        if not attachment.file.storage.exists(attachment.file.name):
            return False
        attachment.file.storage.delete(attachment.file.name)
    except OSError as error:
        logger.error("Screenshot %s not deleted: %s", attachment.file.name, type(error).__name__)
        return False
    return True


def export(email: str) -> dict:
    """Every conversation of `email` as JSON-ready data, oldest first:
    {"email", "exported_at", "conversations": [{"reference", "channel", "language",
    "status", "subject", "searched_for", "article", "created_at", "updated_at", "rating",
    "rating_comment", "messages": [{"from": "visitor"|"support", "text", "sent_at"}],
    "screenshots": [{"file", "content_type", "size"}]}]}. Times are ISO 8601 (UTC)."""
    contacts = (
        conversations_with(email)
        .order_by("created_at", "pk")
        .select_related("article")
        .prefetch_related("messages", "attachments")
    )
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "conversations": [_conversation(contact) for contact in contacts],
    }


def _conversation(contact: ContactRequest) -> dict:
    return {
        "reference": contact.reference,
        "channel": contact.channel,
        "language": contact.language,
        "status": contact.status,
        "subject": contact.subject,
        "searched_for": contact.query,
        "article": contact.article.slug if contact.article else None,
        "created_at": contact.created_at.isoformat(),
        "updated_at": contact.updated_at.isoformat(),
        "rating": contact.rating,
        "rating_comment": contact.rating_comment,
        "messages": [
            {
                "from": "support" if message.from_agent else "visitor",
                "text": message.body,
                "sent_at": message.created_at.isoformat(),
            }
            for message in contact.messages.all()
        ],
        "screenshots": [
            {"file": a.file.name.rsplit("/", 1)[-1], "content_type": a.content_type, "size": a.size}
            for a in contact.attachments.all()
        ],
    }
