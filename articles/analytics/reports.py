"""The numbers of the search analytics view: reads only, no writes.

Searches are grouped by normalized query (`query_key`, search/query_keys.py) and language.
Clicks are not tied to one search (nothing identifies a visitor): click-through is the
clicks on results of a query divided by its searches, so a query whose visitors open two
results each can pass 100 %.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Max, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from articles.models import Article, ArticleFeedback, ContactRequest, SearchClick, SearchLog
from articles.search.query_keys import query_key

# Votes seeded by the demo (synthetic.py) are cast by visitors named "synthetic-…".
SYNTHETIC_VISITOR = "synthetic-"

# A query is "low-click" when it found something, was searched at least this often, and
# fewer than this share of its searches led to a click on a result.
LOW_CLICK_MIN_SEARCHES = 3
LOW_CLICK_RATE = 0.2
COMMENTS_PER_ARTICLE = 5


@dataclass(frozen=True)
class Window:
    """What the editor asked to see: the last `days` days (1 to the retention), one
    `language` or all (None), the `sources` of searches, with synthetic rows or without."""

    days: int = 30
    language: str | None = None
    sources: tuple[str, ...] = (SearchLog.Source.VISITOR,)
    include_synthetic: bool = True

    @property
    def since(self) -> datetime:
        return timezone.now() - timedelta(days=self.days)

    def searches(self) -> QuerySet:
        """The SearchLog rows inside this window."""
        rows = SearchLog.objects.filter(created_at__gte=self.since, source__in=self.sources)
        return self._narrow(rows)

    def clicks(self) -> QuerySet:
        """The SearchClick rows inside this window (clicks come from visitors only)."""
        return self._narrow(SearchClick.objects.filter(created_at__gte=self.since))

    def _narrow(self, rows: QuerySet) -> QuerySet:
        if self.language:
            rows = rows.filter(language=self.language)
        if not self.include_synthetic:
            rows = rows.filter(synthetic=False)
        return rows


@dataclass
class DayCount:
    """Searches and zero-result searches on one `day`, per language code and in total."""

    day: date
    searches: dict[str, int] = field(default_factory=dict)
    zero: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.searches.values())

    @property
    def total_zero(self) -> int:
        return sum(self.zero.values())


def daily_counts(window: Window) -> list[DayCount]:
    """One DayCount per day of the window (days without searches included), oldest first."""
    today = timezone.localdate()
    days = {today - timedelta(days=offset): None for offset in range(window.days - 1, -1, -1)}
    result = {day: DayCount(day=day) for day in days}
    rows = (
        window.searches()
        .annotate(day=TruncDate("created_at"))
        .values("day", "language")
        .annotate(searches=Count("id"), zero=Count("id", filter=Q(results=0)))
    )
    for row in rows:
        count = result.get(row["day"])
        if count is not None:
            count.searches[row["language"]] = row["searches"]
            count.zero[row["language"]] = row["zero"]
    return list(result.values())


@dataclass
class QueryStats:
    """One normalized query in one language over the window.

    `example` is one way visitors typed it; `results` the most any of its searches found;
    `mean_results` the average; `click_rate` clicks ÷ searches (None without searches);
    `mean_position` the average position clicked (1 = first), None without clicks.
    """

    key: str
    language: str
    example: str
    searches: int
    zero_searches: int
    results: int
    mean_results: float
    clicks: int = 0
    mean_position: float | None = None
    contact_requests: int = 0

    @property
    def click_rate(self) -> float | None:
        return self.clicks / self.searches if self.searches else None

    @property
    def found_nothing(self) -> bool:
        return self.results == 0

    @property
    def low_click(self) -> bool:
        return (
            not self.found_nothing
            and self.searches >= LOW_CLICK_MIN_SEARCHES
            and (self.click_rate or 0) < LOW_CLICK_RATE
        )

    @property
    def needs_fix(self) -> bool:
        return self.found_nothing or self.low_click


def query_stats(window: Window) -> list[QueryStats]:
    """Every normalized query searched in the window, most searched first."""
    grouped = (
        window.searches()
        .exclude(query_key="")
        .values("query_key", "language")
        .annotate(
            searches=Count("id"),
            zero=Count("id", filter=Q(results=0)),
            most=Max("results"),
            mean=Avg("results"),
            example=Max("query"),
        )
        .order_by("-searches", "query_key")
    )
    clicks = {
        (row["query_key"], row["language"]): row
        for row in window.clicks()
        .values("query_key", "language")
        .annotate(clicks=Count("id"), position=Avg("position"))
    }
    contacts = contact_requests_by_query(window) or {}
    return [_query_row(row, clicks, contacts) for row in grouped]


def _query_row(row: dict, clicks: dict, contacts: dict) -> QueryStats:
    group = (row["query_key"], row["language"])
    clicked = clicks.get(group, {})
    return QueryStats(
        key=row["query_key"],
        language=row["language"],
        example=row["example"],
        searches=row["searches"],
        zero_searches=row["zero"],
        results=row["most"] or 0,
        mean_results=float(row["mean"] or 0),
        clicks=clicked.get("clicks", 0),
        mean_position=clicked.get("position"),
        contact_requests=contacts.get(group, 0),
    )


def contact_requests_by_query(window: Window) -> dict[tuple[str, str], int]:
    """Contact requests sent in the window after a search, counted per (query_key,
    language) of the query the visitor had searched for (the contact form carries it)."""
    rows = ContactRequest.objects.exclude(query="").filter(created_at__gte=window.since)
    if window.language:
        rows = rows.filter(language=window.language)
    counts: dict[tuple[str, str], int] = {}
    for row in rows.values("query", "language"):
        group = (query_key(row["query"]), row["language"])
        counts[group] = counts.get(group, 0) + 1
    return counts


@dataclass
class UnhelpfulArticle:
    """An article with "not helpful" votes in the window, and the latest comments
    (`comments`: (language, text, when, synthetic) tuples, newest first)."""

    article: Article
    not_helpful: int
    helpful: int
    comments: list[tuple[str, str, datetime]]


def unhelpful_articles(window: Window, *, limit: int = 10) -> list[UnhelpfulArticle]:
    """The articles with the most "not helpful" votes updated in the window."""
    votes = ArticleFeedback.objects.filter(updated_at__gte=window.since)
    if window.language:
        votes = votes.filter(language=window.language)
    if not window.include_synthetic:
        votes = votes.exclude(visitor__startswith=SYNTHETIC_VISITOR)
    counts = (
        votes.values("article")
        .annotate(no=Count("id", filter=Q(helpful=False)), yes=Count("id", filter=Q(helpful=True)))
        .filter(no__gt=0)
        .order_by("-no", "article")[:limit]
    )
    articles = Article.objects.in_bulk([row["article"] for row in counts])
    result = []
    for row in counts:
        comments = (
            votes.filter(article=row["article"], helpful=False)
            .exclude(comment="")
            .order_by("-updated_at")
            .values_list("language", "comment", "updated_at", "visitor")[:COMMENTS_PER_ARTICLE]
        )
        comments = [
            (lang, text, when, visitor.startswith(SYNTHETIC_VISITOR))
            for lang, text, when, visitor in comments
        ]
        result.append(UnhelpfulArticle(articles[row["article"]], row["no"], row["yes"], comments))
    return result


def retention_days() -> int:
    """How many days of searches are kept (KB_SEARCH_LOG_RETENTION_DAYS)."""
    return max(1, settings.KB_SEARCH_LOG_RETENTION_DAYS)
