"""Counting link usage (desk copies, `/a/<id>/` opens) and reading the most linked articles.

Counts are aggregated per article, language and day (LinkUsage); nothing about who copied
or opened a link is kept. Like view counts, they are written by a background thread in
batches (articles.core.buffered), so a redirect never waits for the database;
KB_BACKGROUND_WRITES=0 writes in the request (tests).
"""

from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from articles.core.buffered import BufferedWriter
from articles.models import Article, LinkUsage, column, language_codes

COPY, OPEN = "copies", "opens"
MOST_LINKED_DAYS = 30


def _add(key: tuple[int, str, date, str], count: int) -> None:
    """Add `count` to one counter, creating its row the first time (safe against a
    concurrent writer creating the same row: the unique constraint decides, we retry)."""
    article_id, lang, day, kind = key
    rows = LinkUsage.objects.filter(article_id=article_id, language=lang, day=day)
    if rows.update(**{kind: F(kind) + count}):
        return
    try:
        with transaction.atomic():
            LinkUsage.objects.create(article_id=article_id, language=lang, day=day, **{kind: count})
    except IntegrityError:
        rows.update(**{kind: F(kind) + count})


def _write_counts(items: list[tuple[int, str, date, str]]) -> None:
    existing = set(
        Article.objects.filter(pk__in={item[0] for item in items}).values_list("pk", flat=True)
    )
    for key, count in Counter(items).items():
        if key[0] in existing:  # an article deleted meanwhile has nothing to count on
            _add(key, count)


counter = BufferedWriter("link-usage", _write_counts, linger=2.0)


def count_link(*, article_id: int, lang: str, kind: str) -> None:
    """Count one use of `article_id`'s link in `lang` today; `kind` is COPY or OPEN.

    Raises ValueError for another kind.
    """
    if kind not in (COPY, OPEN):
        raise ValueError(f"kind must be {COPY!r} or {OPEN!r}, not {kind!r}")
    item = (article_id, lang, timezone.localdate(), kind)
    if settings.KB_BACKGROUND_WRITES:
        counter.add(item)
    else:
        counter.write_now([item])


def most_linked(*, days: int = MOST_LINKED_DAYS, limit: int = 10, today: date | None = None):
    """The articles most copied or opened in the last `days` days (today included), most
    first: a list of Article, each with `copies`, `opens` and `uses` (their sum)."""
    since = (today or timezone.localdate()) - timedelta(days=days - 1)
    recent = Q(link_usage__day__gte=since)
    return list(
        Article.objects.annotate(
            copies=Sum("link_usage__copies", filter=recent, default=0),
            opens=Sum("link_usage__opens", filter=recent, default=0),
        )
        .annotate(uses=F("copies") + F("opens"))
        .filter(uses__gt=0)
        .order_by("-uses", "slug")
        .only("pk", "slug", *(column("title", code) for code in language_codes()))[:limit]
    )
