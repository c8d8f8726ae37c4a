"""What `/api/articles/<id>` and `/api/articles?changed_since=…` answer (plain dicts).

The keys are DESIGN.md's (articles/api/schemas.py describes them); the views in
articles/api/endpoints.py only parse the request and wrap these in JSON.
"""

from datetime import datetime

from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import override

from articles.models import Article, DeletedArticle, article_path, column, short_path
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


def _own_languages(article: Article) -> list[str]:
    """The languages `article` is served in as their own translation."""
    return localization.shown_languages(article)


def _after(field: str, since: datetime, after_id: int | None, id_field: str) -> Q:
    """Rows strictly after the cursor (`since`, `after_id`) in (field, id) order."""
    if after_id is None:
        return Q(**{f"{field}__gt": since})
    return Q(**{f"{field}__gt": since}) | Q(**{field: since, f"{id_field}__gt": after_id})


def article_changes(since: datetime, *, after_id: int | None, limit: int) -> list[dict]:
    """Articles changed after `since` (and, at `since` itself, with an id above
    `after_id`), oldest change first, at most `limit`: live, hidden and deleted ones.

    Each is {"id", "slug", "state", "changed_at" (datetime), "languages"}.
    """
    now = timezone.now()
    live = set(Article.objects.published(now).values_list("pk", flat=True))
    articles = (
        Article.objects.annotate(changed_at=_changed_at(now))
        .filter(_after("changed_at", since, after_id, "pk"))
        .order_by("changed_at", "pk")[:limit]
    )
    changes = [
        {
            "id": article.pk,
            "slug": article.slug,
            "state": "published" if article.pk in live else "hidden",
            "changed_at": article.changed_at,
            "languages": _own_languages(article),
        }
        for article in articles
    ]
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
