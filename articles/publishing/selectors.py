"""Reads: what the public pages and the API show, in a given language."""

import re
from collections.abc import Callable
from datetime import timedelta
from html import unescape
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language

from articles.core.shared_cache import cache_get, cache_set
from articles.markup.markdown import resolve_renamed_links
from articles.models import (
    Article,
    ArticleFeedback,
    ArticleSlug,
    Category,
    column,
    language_codes,
    live_condition,
)
from articles.models.content_version import current_content_version
from articles.publishing import schedules
from articles.translations.localization import shown_languages, translation_status  # noqa: F401  (read from here)


def published_articles() -> QuerySet[Article]:
    return Article.objects.published().select_related("category")


def _listing_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def categories_with_articles(per_category: int = 6, lang: str = "") -> QuerySet[Category]:
    """Categories that have published articles, each with its first `per_category`
    published articles prefetched as `published` (a category may hold thousands), each
    annotated `in_language` for `lang` (default: the active language)."""
    first_ones = Window(RowNumber(), partition_by=F("category_id"), order_by=["position", "slug"])
    articles = (
        Article.objects.published()
        .only(
            "pk",
            "slug",
            "category_id",
            "position",
            *(column("title", code) for code in language_codes()),
        )
        .annotate(rank=first_ones)
        .annotate_shown_in(lang or _listing_language())
        .filter(rank__lte=per_category)
        .order_by("position", "slug")
    )
    return (
        Category.objects.annotate(
            article_count=Count("articles", filter=live_condition(prefix="articles__"))
        )
        .filter(article_count__gt=0)
        .prefetch_related(Prefetch("articles", queryset=articles, to_attr="published"))
    )


def category_articles(category: Category) -> QuerySet[Article]:
    """A topic's published articles in order, annotated `in_language` (active language)."""
    return (
        published_articles()
        .filter(category=category)
        .annotate_shown_in(_listing_language())
        .order_by("position", "slug")
    )


def popular_articles(limit: int = 6) -> list[Article]:
    """Most viewed and most found helpful: a helpful vote weighs like 20 views."""
    helpful = Count("feedback", filter=Q(feedback__helpful=True))
    # Rank primary keys only (grouping whole rows with five languages of text made this
    # several times slower), then load the few articles shown.
    ranked = list(
        published_articles()
        .values("pk")
        .annotate(popularity=F("views") + helpful * 20)
        .order_by("-popularity", "category__position", "position")
        .values_list("pk", flat=True)[:limit]
    )
    found = published_articles().annotate_shown_in(_listing_language()).in_bulk(ranked)
    return [found[pk] for pk in ranked if pk in found]


# --- listings every visitor sees: cached for as long as proxies may cache the page ------
def content_changed() -> None:
    """An article or topic changed: the next publication boundary is read again (cached
    listings follow the content version, which the change bumped)."""
    schedules.forget_next_boundary()


def cached_listing(name: str, build: Callable[[], Any]) -> Any:
    """`build()` (anything but None), kept under `name` for KB_PAGE_MAX_AGE seconds, until
    content changes, or until the next publication boundary, whichever comes first. Any
    part of the site may cache what visitors see with it. The key holds the content version
    (models/content_version.py: in the database, so a change made through any worker or
    host reaches every worker's listings within VERSION_RECHECK_SECONDS); when the
    database does not answer, nothing is cached."""
    version = current_content_version()
    if version is None:
        return build()
    upcoming = schedules.next_boundary()
    # The boundary is part of the key, so an entry written just before it is never read
    # after it, whatever the cache backend does with a timeout rounded to seconds.
    key = f"kb:{name}:{version}:{upcoming.timestamp() if upcoming else ''}"
    value = cache_get(key)
    if value is None:
        value = build()
        timeout = schedules.cache_seconds(settings.KB_PAGE_MAX_AGE)
        if timeout > 0:
            cache_set(key, value, timeout)
    return value


def home_topics() -> list[Category]:
    """The home page's topics with counts and first articles (two full-table queries)."""
    lang = _listing_language()
    return cached_listing(f"home-topics:{lang}", lambda: list(categories_with_articles(lang=lang)))


def home_popular() -> list[Article]:
    return cached_listing(f"home-popular:{_listing_language()}", popular_articles)


def renamed_slugs() -> dict[str, str]:
    """Old slug → current slug of every renamed article (cached until content changes)."""
    return cached_listing(
        "renamed-slugs", lambda: dict(ArticleSlug.objects.values_list("slug", "article__slug"))
    )


def renamed_article(old_slug: str, *, include_hidden: bool = False) -> Article | None:
    """The article that used to have `old_slug`: visible to visitors now, or any with
    `include_hidden` (staff). None when no article had that slug."""
    articles = Article.objects.all() if include_hidden else Article.objects.published()
    return articles.filter(old_slugs__slug=old_slug).first()


def article_body(article: Article) -> str:
    """The article's rendered body in the active language, links to renamed articles
    pointing at their current slugs."""
    return article_body_html(article.body_html)


def article_body_html(body_html: str) -> str:
    """A rendered body with links to renamed articles pointing at their current slugs."""
    return resolve_renamed_links(body_html, renamed_slugs())


REVIEW_SOON_DAYS = 30


def review_due(*, today=None) -> dict[str, QuerySet[Article]]:
    """Articles whose `review_by` date has passed ("overdue") or comes within
    REVIEW_SOON_DAYS days ("soon"), earliest first."""
    today = today or timezone.localdate()
    dated = Article.objects.exclude(review_by=None).order_by("review_by", "slug")
    return {
        "overdue": dated.filter(review_by__lt=today),
        "soon": dated.filter(
            review_by__gte=today, review_by__lte=today + timedelta(days=REVIEW_SOON_DAYS)
        ),
    }


def translated_languages(article: Article) -> list[str]:
    """The languages readers get the article in (see localization.shown_languages)."""
    return shown_languages(article)


def visitor_feedback(article: Article, visitor: str):
    return article.feedback.filter(visitor=visitor).first()


def article_page_last_modified(article: Article, *, visitor: str = ""):
    """When the page of `article` (fetched by the view, visibility already checked) last
    changed for this requester: an aware datetime.

    The page changes when a publication boundary passes (the article appears, or staff's
    "scheduled"/"expired" notice changes) even though the article was not edited. The
    visitor's own vote is part of the page ("You answered: yes"), so a vote makes the page
    newer for them (one query, only for a visitor with a token).
    """
    now = timezone.now()
    window = (article.publish_at, article.unpublish_at)
    changed = max([article.updated_at, *(moment for moment in window if moment and moment <= now)])
    if visitor:
        voted = (
            ArticleFeedback.objects.filter(article_id=article.pk, visitor=visitor)
            .values_list("updated_at", flat=True)
            .first()
        )
        changed = max(changed, voted) if voted else changed
    return changed


HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)<a class="headerlink"', re.S)


def table_of_contents(body_html: str, minimum: int = 3) -> list[dict]:
    """The h2/h3 headings of a rendered body, when there are enough to be worth a list."""
    entries = [
        {"level": int(level), "id": anchor, "text": unescape(strip_tags(text))}
        for level, anchor, text in HEADING.findall(body_html or "")
    ]
    return entries if len(entries) >= minimum else []


def related_articles(article: Article, limit: int = 4) -> list[Article]:
    """Other published articles of the same category, in the category's order, annotated
    `in_language` for the active language. The category's first `limit + 1` are cached
    like the home page's listings, so the articles of one category share one entry
    (building the query cost an article page 2.6 ms, a quarter of an uncached page)."""
    lang = _listing_language()
    first = cached_listing(
        f"category-first:{article.category_id}:{lang}:{limit + 1}",
        lambda: list(category_articles(article.category)[: limit + 1]),
    )
    return [other for other in first if other.pk != article.pk][:limit]
