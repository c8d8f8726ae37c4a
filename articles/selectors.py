"""Reads: what the public pages and the API show, in a given language."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Article, Category, column, language_codes


def published_articles() -> QuerySet[Article]:
    return Article.objects.published().select_related("category")


def categories_with_articles() -> QuerySet[Category]:
    """Categories that have published articles, each with `published` prefetched."""
    articles = Article.objects.published().order_by("position", "slug")
    return (
        Category.objects.annotate(
            article_count=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
        )
        .filter(article_count__gt=0)
        .prefetch_related(Prefetch("articles", queryset=articles, to_attr="published"))
    )


def category_articles(category: Category) -> QuerySet[Article]:
    return published_articles().filter(category=category).order_by("position", "slug")


def popular_articles(limit: int = 6) -> QuerySet[Article]:
    return published_articles().order_by("-views", "category__position", "position")[:limit]


def related_articles(article: Article, limit: int = 4) -> QuerySet[Article]:
    """Other published articles of the same category, in the category's order."""
    return category_articles(article.category).exclude(pk=article.pk)[:limit]


def translation_status(article: Article) -> dict[str, str]:
    """Per language: "current", "outdated" (English changed since) or "missing"."""
    source_changed = article.content_updated_at_en
    status = {}
    for lang in language_codes():
        if not article.is_translated(lang):
            status[lang] = "missing"
            continue
        changed = getattr(article, column("content_updated_at", lang))
        outdated = source_changed and changed and changed < source_changed
        status[lang] = "outdated" if outdated else "current"
    return status
