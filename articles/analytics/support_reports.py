"""The numbers of the support reports: conversations, response times, ratings. Reads only.

A report covers the conversations *opened* in a window (the last `days` days, one language
or all), whatever happened to them since. Definitions (docs/editors.md repeats them):

- **first response**: the time from a conversation's creation to the first message an
  agent wrote in it; conversations without one yet are not counted (they are listed as
  waiting instead).
- **resolution**: the time from creation to the last agent message of a conversation that
  is now solved (the answer that solved it). A conversation moved to "solved" without any
  agent message is left out.
- **p50 / p90**: the nearest-rank percentiles: the smallest time that at least 50 % (90 %)
  of the conversations measured did not exceed.

Both times are one SQL query (MIN and MAX of the agent messages per conversation); the
percentiles are taken in Python over those rows.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from articles.models import ContactRequest

RATINGS = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class SupportWindow:
    """The conversations opened in the last `days` days, in `language` or all (None)."""

    days: int = 30
    language: str | None = None

    @property
    def since(self) -> datetime:
        return timezone.now() - timedelta(days=self.days)

    def languages(self) -> list[str]:
        """The language codes the report has a column for."""
        return [self.language] if self.language else [code for code, _name in settings.LANGUAGES]

    def conversations(self) -> QuerySet:
        """The ContactRequest rows opened inside this window."""
        rows = ContactRequest.objects.filter(created_at__gte=self.since)
        return rows.filter(language=self.language) if self.language else rows


@dataclass
class DayConversations:
    """Conversations opened on `day`, per language code."""

    day: date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def conversations_per_day(window: SupportWindow) -> list[DayConversations]:
    """One row per day of the window (days without conversations included), oldest first."""
    today = timezone.localdate()
    days = [today - timedelta(days=offset) for offset in range(window.days - 1, -1, -1)]
    result = {day: DayConversations(day=day) for day in days}
    rows = (
        window.conversations()
        .annotate(day=TruncDate("created_at"))
        .values("day", "language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        if row["day"] in result:
            result[row["day"]].counts[row["language"]] = row["n"]
    return list(result.values())


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile of `values` (0 < share ≤ 1); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class ResponseTimes:
    """One language's (or, with `language` "", every language's) times in seconds.

    `opened`: conversations opened; `answered`: with an agent message; `solved`: solved
    with one. `first_p50`… are None when nothing was measured."""

    language: str
    opened: int = 0
    answered: int = 0
    solved: int = 0
    first_p50: float | None = None
    first_p90: float | None = None
    resolution_p50: float | None = None
    resolution_p90: float | None = None


def _times(rows: list[dict]) -> tuple[list[float], list[float]]:
    first, resolution = [], []
    for row in rows:
        if row["first_answer"] is not None:
            first.append((row["first_answer"] - row["created_at"]).total_seconds())
        if row["status"] == ContactRequest.Status.SOLVED and row["last_answer"] is not None:
            resolution.append((row["last_answer"] - row["created_at"]).total_seconds())
    return first, resolution


def _summary(language: str, rows: list[dict]) -> ResponseTimes:
    first, resolution = _times(rows)
    return ResponseTimes(
        language=language,
        opened=len(rows),
        answered=len(first),
        solved=len(resolution),
        first_p50=percentile(first, 0.5),
        first_p90=percentile(first, 0.9),
        resolution_p50=percentile(resolution, 0.5),
        resolution_p90=percentile(resolution, 0.9),
    )


def response_times(window: SupportWindow) -> tuple[list[ResponseTimes], ResponseTimes]:
    """(one ResponseTimes per language of the window, the total over all of them)."""
    agent = Q(messages__from_agent=True)
    rows = list(
        window.conversations()
        .values("pk", "language", "status", "created_at")
        .annotate(
            first_answer=Min("messages__created_at", filter=agent),
            last_answer=Max("messages__created_at", filter=agent),
        )
        .order_by()
    )
    per_language = [
        _summary(lang, [row for row in rows if row["language"] == lang])
        for lang in window.languages()
    ]
    return per_language, _summary("", rows)


@dataclass
class LanguageRatings:
    """The ratings visitors gave conversations of one language opened in the window:
    `counts` per score 5…1, their number and mean (None without ratings)."""

    language: str
    counts: dict[int, int] = field(default_factory=dict)
    mean: float | None = None

    @property
    def rated(self) -> int:
        return sum(self.counts.values())


def ratings_by_language(window: SupportWindow) -> list[LanguageRatings]:
    """One LanguageRatings per language of the window (languages without ratings too)."""
    rated = window.conversations().filter(rating__isnull=False)
    counts = rated.values("language", "rating").annotate(n=Count("pk")).order_by()
    means = dict(
        rated.values("language").annotate(mean=Avg("rating")).values_list("language", "mean")
    )
    result = {
        lang: LanguageRatings(lang, {score: 0 for score in RATINGS}) for lang in window.languages()
    }
    for row in counts:
        if row["language"] in result:
            result[row["language"]].counts[row["rating"]] = row["n"]
    for lang, mean in means.items():
        if lang in result:
            result[lang].mean = float(mean)
    return list(result.values())
