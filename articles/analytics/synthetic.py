"""A generated month of searches, result clicks and votes, so the demo's analytics have
something to show. Every row is marked synthetic (`synthetic=True`; votes by visitors
named "synthetic-…") and shown as such; seeding again replaces them, real rows are kept.

The queries are the sample articles' own keywords (searched for real, so result counts
and clicked articles are what the index answers) and, per language, a few subjects the
help center does not cover, which find nothing.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from articles import search
from articles.analytics.fixes import keyword_list
from articles.analytics.reports import SYNTHETIC_VISITOR
from articles.models import Article, ArticleFeedback, SearchClick, SearchLog, column
from articles.search.query_keys import query_key

LANGUAGE_SHARE = {"en": 0.4, "zh-hans": 0.2, "ru": 0.15, "es": 0.15, "ar": 0.1}
SOURCE_SHARE = {
    SearchLog.Source.VISITOR: 0.85,
    SearchLog.Source.DESK: 0.1,
    SearchLog.Source.API: 0.05,
}
# Subjects visitors ask about that no sample article covers (zero-result candidates).
UNCOVERED = {
    "en": ["cashback", "crypto wallet", "invoice pdf", "business account", "loan"],
    "zh-hans": ["信用卡分期", "积分兑换", "发票", "企业账户"],
    "ru": ["кэшбэк", "кредит", "счёт-фактура", "бизнес аккаунт"],
    "es": ["préstamo", "cashback", "factura pdf", "cuenta empresa"],
    "ar": ["استرداد نقدي", "قرض", "فاتورة", "حساب تجاري"],
}
# Chance that a visitor's search with results leads to a click: most queries find what
# people want, a few ("low-click") do not.
CLICK_CHANCE = (0.8, 0.7, 0.6, 0.1)
POSITION_WEIGHTS = (60, 22, 10, 5, 3)
UNHELPFUL_COMMENTS = {
    "en": "The fee table does not say what a weekend transfer costs.",
    "zh-hans": "没有说明到账需要多久。",
    "ru": "Не написано, что делать, если код не приходит.",
    "es": "No explica qué hacer si el banco rechaza la recarga.",
    "ar": "لا يوضح ماذا أفعل إذا لم يصل الرمز.",
}


@dataclass(frozen=True)
class SeedReport:
    """What `seed_month` wrote: searches, clicks, votes (all synthetic)."""

    searches: int
    clicks: int
    votes: int


@dataclass(frozen=True)
class PoolQuery:
    text: str
    results: int
    hits: tuple[int, ...]  # article ids, best first
    click_chance: float


def _pool(lang: str, rng: random.Random) -> list[PoolQuery]:
    """The queries of one language, each searched once for its results."""
    words = []
    for article in Article.objects.published().order_by("pk"):
        words += keyword_list(getattr(article, column("keywords", lang)) or "")[:2]
    texts = list(dict.fromkeys(words))[:30] + UNCOVERED.get(lang, [])
    pool = []
    for text in texts:
        found = search.search(text, lang, per_page=5, log=False)
        pool.append(
            PoolQuery(
                text=text,
                results=found.total,
                hits=tuple(hit.article_id for hit in found.hits),
                click_chance=rng.choice(CLICK_CHANCE),
            )
        )
    return pool


def _moment(day, rng: random.Random) -> datetime:
    start = timezone.make_aware(datetime.combine(day, time(7)))
    return min(start + timedelta(seconds=rng.randrange(15 * 3600)), timezone.now())


def _day_rows(day, pools, rng: random.Random) -> tuple[list, list]:
    searches, clicks = [], []
    for _n in range(rng.randrange(35, 70)):
        lang = rng.choices(list(LANGUAGE_SHARE), weights=LANGUAGE_SHARE.values())[0]
        pool = pools[lang]
        # Zipf-like: the first queries of the pool are asked far more often.
        query = pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)]
        query = rng.choice(pool) if rng.random() < 0.5 else query
        source = rng.choices(list(SOURCE_SHARE), weights=SOURCE_SHARE.values())[0]
        when, key = _moment(day, rng), query_key(query.text)
        searches.append(
            SearchLog(
                query=query.text,
                query_key=key,
                language=lang,
                results=query.results,
                source=source,
                synthetic=True,
                created_at=when,
            )  # fmt: skip
        )
        if source == SearchLog.Source.VISITOR and query.hits and rng.random() < query.click_chance:
            position = rng.choices(range(1, 6), weights=POSITION_WEIGHTS)[0]
            position = min(position, len(query.hits))
            clicks.append(
                SearchClick(
                    query_key=key,
                    language=lang,
                    article_id=query.hits[position - 1],
                    position=position,
                    synthetic=True,
                    created_at=when,
                )  # fmt: skip
            )
    return searches, clicks


def _seed_votes(rng: random.Random) -> int:
    articles = list(Article.objects.published().order_by("pk")[:6])
    votes = 0
    for number, article in enumerate(articles):
        for lang in LANGUAGE_SHARE:
            helpful = rng.random() < 0.35 + number * 0.1
            ArticleFeedback.objects.create(
                article=article,
                language=lang,
                helpful=helpful,
                comment="" if helpful or rng.random() < 0.4 else UNHELPFUL_COMMENTS[lang],
                visitor=f"{SYNTHETIC_VISITOR}{article.pk}-{lang}",
            )
            votes += 1
    return votes


@transaction.atomic
def seed_month(*, days: int = 30, seed: int = 14) -> SeedReport:
    """Replace the synthetic rows with `days` days of generated activity up to today.

    Deterministic for a given `seed` and content. Needs the search index (it brings it
    up to date, then searches each query once). Real searches, clicks and votes are left
    alone. Raises IndexBusy if another process holds the index for two minutes.
    """
    clear_synthetic()
    # Saves reach the index after commit, in the background: apply every one first, or
    # the month would be generated against a half-built index (everything "not found").
    search.sync(timeout=120)
    search.clear_caches()
    rng = random.Random(seed)  # noqa: S311  (made-up demo data, not a secret)
    pools = {lang: _pool(lang, rng) for lang in LANGUAGE_SHARE}
    today = timezone.localdate()
    searches, clicks = [], []
    for offset in range(days - 1, -1, -1):
        day_searches, day_clicks = _day_rows(today - timedelta(days=offset), pools, rng)
        searches += day_searches
        clicks += day_clicks
    SearchLog.objects.bulk_create(searches, batch_size=1000)
    SearchClick.objects.bulk_create(clicks, batch_size=1000)
    return SeedReport(searches=len(searches), clicks=len(clicks), votes=_seed_votes(rng))


def clear_synthetic() -> None:
    """Delete every synthetic search, click and vote."""
    SearchLog.objects.filter(synthetic=True).delete()
    SearchClick.objects.filter(synthetic=True).delete()
    ArticleFeedback.objects.filter(visitor__startswith=SYNTHETIC_VISITOR).delete()
