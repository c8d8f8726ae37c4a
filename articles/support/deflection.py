"""Articles before a human: the best matches for a chat's first message, and what the
visitor chose.

When the first message matches published articles in the visitor's language, the chat
page offers up to OFFERED of them with "This solved it" and "Talk to a person"
(English fallbacks are not offered: a stressed visitor asked in their language). "This
solved it" ends the attempt: no conversation is created, so no agent's queue holds a
chat nobody needs (as help desks' answer bots do); "Talk to a person" opens the
conversation. Both are recorded (ChatDeflection: language, choice, article; never the
visitor's text). `daily_counts` is what reports read.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from articles import search
from articles.models import Article, ChatDeflection, SearchLog
from articles.search.request import MAX_QUERY_LENGTH

OFFERED = 3
Outcome = ChatDeflection.Outcome


@dataclass(frozen=True)
class Offer:
    """An article offered before a human, in the visitor's language."""

    article_id: int
    title: str
    summary: str
    url: str


def offers(message: str, language: str) -> list[Offer]:
    """The best OFFERED matches of `message` (its first MAX_QUERY_LENGTH characters) among
    articles published in `language`; [] when none matches in that language."""
    query = " ".join(message.split())[:MAX_QUERY_LENGTH]
    results = search.search(
        query, language, per_page=OFFERED, log=False, source=SearchLog.Source.VISITOR
    )
    hits = [hit for hit in results.hits if not hit.fallback and hit.lang == language]
    articles = Article.objects.in_bulk([hit.article_id for hit in hits])
    return [
        Offer(
            article_id=hit.article_id,
            title=hit.title,
            summary=hit.summary,
            url=articles[hit.article_id].url_in(language),
        )
        for hit in hits[:OFFERED]
        if hit.article_id in articles
    ]


def record(
    language: str, outcome: str, *, offered: int, article_id: int | None = None
) -> ChatDeflection:
    """Store the visitor's choice (an Outcome value); `article_id` is the article that solved
    it (ignored unless it exists)."""
    article = Article.objects.filter(pk=article_id).first() if article_id else None
    return ChatDeflection.objects.create(
        language=language, outcome=Outcome(outcome), offered=offered, article=article
    )


def daily_counts(start: date, end: date) -> list[dict]:
    """Choices per day and language from `start` to `end` (inclusive, UTC days):
    [{"day": date, "language": code, "solved": n, "person": n}], by day then language."""
    rows = (
        ChatDeflection.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
        .annotate(day=TruncDate("created_at"))
        .values("day", "language")
        .annotate(
            solved=Count("pk", filter=Q(outcome=Outcome.SOLVED)),
            person=Count("pk", filter=Q(outcome=Outcome.PERSON)),
        )
        .order_by("day", "language")
    )
    return [dict(row) for row in rows]
