"""What `/api/articles/<id>` and `/api/articles?changed_since=…` answer (plain dicts).

The keys are DESIGN.md's (articles/api/schemas.py describes them); the views in
articles/api/endpoints.py only parse the request and wrap these in JSON.
"""

from datetime import datetime

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import override

from articles.models import (
    Article,
    DeletedArticle,
    article_path,
    column,
    language_codes,
    live_condition,
    short_path,
)
from articles.models.querysets import shown_in_condition
from articles.publishing.selectors import article_body
from articles.translations import localization


def article_payload(request: HttpRequest, article: Article, lang: str) -> dict:
    """The article as a reader asking for `lang` gets it: that translation when published
    and complete (up to date or outdated), else English with `fallback` true; `updated_at`
    is the served language's own last change (`shown_text` in
    articles/translations/localization.py)."""
    shown = localization.shown_text(article, lang)
    served = shown.lang
    category = article.category
    return {
        "id": article.pk,
        "slug": article.slug,
        "lang": served,
        "title": shown.title,
        "summary": shown.summary,
        "body_html": _body_html(article, served),
        "url": request.build_absolute_uri(article_path(article.slug, lang)),
        "short_url": request.build_absolute_uri(short_path(article.pk, lang)),
        "category": {
            "slug": category.slug,
            "name": getattr(category, column("name", lang)) or category.name_en,
        },
        "fallback": shown.fallback,
        "outdated": shown.outdated,
        "updated_at": shown.updated_at.isoformat(),
    }


def _body_html(article: Article, lang: str) -> str:
    with override(lang):
        return article_body(article)


def _changed_at(now: datetime):
    """The moment an article last changed for a reader: its last save, or a publication
    boundary (publish_at, unpublish_at) that has passed since — without an edit."""

    def passed(field: str):
        return Coalesce(
            Case(When(**{f"{field}__lte": now}, then=F(field)), default=Value(None)),
            F("updated_at"),
            output_field=DateTimeField(),
        )

    return Greatest("updated_at", passed("publish_at"), passed("unpublish_at"))


def _touched_since(since: datetime, now: datetime) -> Q:
    """Every article whose `_changed_at(now)` is `since` or later, and perhaps a few more:
    conditions the indexes on updated_at, publish_at and unpublish_at answer, so that a
    recent `since` reads a few rows instead of computing the change time of every one."""
    return (
        Q(updated_at__gte=since)
        | Q(publish_at__gte=since, publish_at__lte=now)
        | Q(unpublish_at__gte=since, unpublish_at__lte=now)
    )


def _after(field: str, since: datetime, after_id: int | None, id_field: str) -> Q:
    """Rows strictly after the cursor (`since`, `after_id`) in (field, id) order."""
    if after_id is None:
        return Q(**{f"{field}__gt": since})
    return Q(**{f"{field}__gt": since}) | Q(**{field: since, f"{id_field}__gt": after_id})


def _shown_column(lang: str) -> str:
    return f"shown_{lang.replace('-', '_')}"


def _changed_articles(since: datetime, after_id: int | None, limit: int) -> list[dict]:
    """The page of articles after the cursor, oldest change first: two queries, the
    second reading states and languages for this page's rows only."""
    now = timezone.now()
    page = dict(
        Article.objects.filter(_touched_since(since, now))
        .annotate(changed_at=_changed_at(now))
        .filter(_after("changed_at", since, after_id, "pk"))
        .order_by("changed_at", "pk")
        .values_list("pk", "changed_at")[:limit]
    )
    shown = {
        _shown_column(lang): ExpressionWrapper(shown_in_condition(lang), BooleanField())
        for lang in language_codes()
    }
    rows = (
        Article.objects.filter(pk__in=page)
        .annotate(live=ExpressionWrapper(live_condition(now), BooleanField()), **shown)
        .values("pk", "slug", "live", *shown)
    )
    return [
        {
            "id": row["pk"],
            "slug": row["slug"],
            "state": "published" if row["live"] else "hidden",
            "changed_at": page[row["pk"]],
            "languages": [lang for lang in language_codes() if row[_shown_column(lang)]],
        }
        for row in rows
    ]


def article_changes(since: datetime, *, after_id: int | None, limit: int) -> list[dict]:
    """Articles changed after `since` (and, at `since` itself, with an id above
    `after_id`), oldest change first, at most `limit`: live, hidden and deleted ones.

    Each is {"id", "slug", "state", "changed_at" (datetime), "languages"}; `languages` are
    those the article is shown in as its own translation (`shown_in_condition`).
    """
    changes = _changed_articles(since, after_id, limit)
    deleted = DeletedArticle.objects.filter(
        _after("deleted_at", since, after_id, "article_id")
    ).order_by("deleted_at", "article_id")[:limit]
    changes += [
        {
            "id": row.article_id,
            "slug": None,
            "state": "deleted",
            "changed_at": row.deleted_at,
            "languages": [],
        }
        for row in deleted
    ]
    return sorted(changes, key=lambda change: (change["changed_at"], change["id"]))[:limit]
