"""The content versions: numbers that change whenever anything visitors see may have.

- The **content version** (ContentVersion pk 1) goes up with every change to the help
  center's content. It keys the shared page cache (articles/web/page_cache.py), cached
  listings (publishing/selectors.py), and tells search which index changes a host has not
  applied yet (articles/search/unapplied.py).
- The **structure version** (ContentVersion pk 2) goes up with every change except an
  edit confined to one topic's articles (an article's text, title or translations, with
  its slug, topic and publication unchanged: articles/web/page_versions.py decides).
- A **topic version** (TopicVersion, one row per topic) goes up with each edit confined
  to that topic. An article page shows its article, its topic's other articles and
  site-wide things: it is keyed by the structure version and its topic's version, so an
  edit in one topic leaves every other topic's article pages cached.

Each is bumped in the transaction of the change, so a page cached before the change is
never read after it, by any worker on any host (they all read the same database). Each
process rereads them at least every VERSION_RECHECK_SECONDS, and the process that changed
them at once.
"""

import secrets
import time
from collections.abc import Iterable

from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import F

VERSION_RECHECK_SECONDS = 0.2
CONTENT, STRUCTURE = 1, 2  # ContentVersion rows

_memo: tuple[float, dict | None] = (float("-inf"), None)


class ContentVersion(models.Model):
    """A version row (pk 1: content, pk 2: structure) whose `value` goes up by one with
    each change it follows."""

    value = models.BigIntegerField(default=0)

    # Not shown anywhere (no admin, no form): no translated labels.

    def __str__(self) -> str:
        return str(self.value)


class TopicVersion(models.Model):
    """The version of one topic's article pages (`topic`: a Category's pk; no foreign
    key, so that deleting a topic never waits on its version row)."""

    topic = models.PositiveIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.topic}: {self.value}"


def _versions() -> dict | None:
    """{"content": int, "structure": int, "topics": {topic pk: int}} as read at most
    VERSION_RECHECK_SECONDS ago (two queries); None when the database does not answer."""
    global _memo
    read_at, versions = _memo
    if versions is None or time.monotonic() - read_at >= VERSION_RECHECK_SECONDS:
        try:
            rows = dict(ContentVersion.objects.filter(pk__in=(CONTENT, STRUCTURE)).values_list())
            topics = dict(TopicVersion.objects.values_list("topic", "value"))
        except DatabaseError:
            return None
        versions = {"content": rows.get(CONTENT, 0), "structure": rows.get(STRUCTURE, 0),
                    "topics": topics}  # fmt: skip
        _memo = (time.monotonic(), versions)
    return versions


def current_content_version() -> int | None:
    """The current content version (None when the database does not answer)."""
    versions = _versions()
    return None if versions is None else versions["content"]


def current_article_versions(topic: int) -> str | None:
    """What an article page of `topic` (a Category pk) depends on, as one key part:
    "<structure version>.<topic version>" (None when the database does not answer)."""
    versions = _versions()
    if versions is None:
        return None
    return f"{versions['structure']}.{versions['topics'].get(topic, 0)}"


def current_structure_version() -> int | None:
    """The current structure version (None when the database does not answer)."""
    versions = _versions()
    return None if versions is None else versions["structure"]


def bump_content_version(topics: Iterable[int] | None = None) -> None:
    """Content changed: new versions in the current transaction (so they commit with the
    change, or not at all), forgotten by this process now and again after commit.

    `topics`: the Category pks of an edit confined to those topics' articles (their topic
    versions go up, the structure version stays); None for any other change (the
    structure version goes up). The content version goes up either way."""
    _bump(ContentVersion, CONTENT)
    if topics is None:
        _bump(ContentVersion, STRUCTURE)
    else:
        for topic in set(topics):
            _bump(TopicVersion, topic)
    forget_content_version()
    transaction.on_commit(forget_content_version)


def _bump(model: type[models.Model], pk: int) -> None:
    if model.objects.filter(pk=pk).update(value=F("value") + 1):
        return
    try:
        # A random start: a database created anew (or restored) never reuses the versions
        # of another whose pages a shared Redis may still hold.
        with transaction.atomic():
            model.objects.create(pk=pk, value=secrets.randbits(48))
    except IntegrityError:  # another process created it meanwhile
        model.objects.filter(pk=pk).update(value=F("value") + 1)


def forget_content_version() -> None:
    """Drop this process's memo: the next reader reads the versions from the database."""
    global _memo
    _memo = (float("-inf"), None)
