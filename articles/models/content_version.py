"""The content version: one number that changes whenever anything visitors see may have.

It keys the shared page cache (articles/web/page_cache.py): bumped in the transaction of every
change to the help center's content, so a page cached before the change is never read
after it, by any worker on any host (they all read the same database).
"""

from django.db import models


class ContentVersion(models.Model):
    """A single row (pk 1) whose `value` goes up by one with each content change."""

    value = models.BigIntegerField(default=0)

    # Not shown anywhere (no admin, no form): no translated labels.

    def __str__(self) -> str:
        return str(self.value)
