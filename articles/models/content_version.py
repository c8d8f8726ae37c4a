"""The content version: one number that changes whenever anything visitors see may have.

It keys the shared page cache (articles/web/page_cache.py), and tells search which index
changes a host has not applied yet (articles/search/unapplied.py): bumped in the
transaction of every change to the help center's content, so a page cached before the
change is never read after it, by any worker on any host (they all read the same
database). Each process rereads it at least every VERSION_RECHECK_SECONDS, and the
process that changed it at once.
"""

import secrets
import time

from django.db import DatabaseError, models, transaction
from django.db.models import F

VERSION_RECHECK_SECONDS = 0.2

_memo: tuple[float, int | None] = (float("-inf"), None)


class ContentVersion(models.Model):
    """A single row (pk 1) whose `value` goes up by one with each content change."""

    value = models.BigIntegerField(default=0)

    # Not shown anywhere (no admin, no form): no translated labels.

    def __str__(self) -> str:
        return str(self.value)


def current_content_version() -> int | None:
    """The current content version, as read at most VERSION_RECHECK_SECONDS ago (None when
    the database does not answer)."""
    global _memo
    read_at, value = _memo
    if value is None or time.monotonic() - read_at >= VERSION_RECHECK_SECONDS:
        try:
            value = ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first()
        except DatabaseError:
            return None
        value = value or 0
        _memo = (time.monotonic(), value)
    return value


def bump_content_version() -> None:
    """Content changed: a new version in the current transaction (so it commits with the
    change, or not at all), forgotten by this process now and again after commit."""
    if not ContentVersion.objects.filter(pk=1).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"value": secrets.randbits(48)})
    forget_content_version()
    transaction.on_commit(forget_content_version)


def forget_content_version() -> None:
    """Drop this process's memo: the next reader reads the version from the database."""
    global _memo
    _memo = (float("-inf"), None)
