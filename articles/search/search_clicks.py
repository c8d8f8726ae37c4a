"""Result clicks: which position of which query's results a visitor opened.

Written like the search log (articles.core.buffered, at most KB_SEARCH_LOG_PER_MINUTE a
minute per process) so that counting never slows the click; nothing about the visitor
is stored (no cookie, no address), only the normalized query, language, article and
position.
"""

from django.conf import settings

from articles.core.buffered import BufferedWriter
from articles.models import SearchClick
from articles.search.query_keys import query_key
from articles.search.search_log import MinuteBudget

writer = BufferedWriter("search-clicks", lambda clicks: SearchClick.objects.bulk_create(clicks))
budget = MinuteBudget()


def record_click(*, query: str, lang: str, article_id: int, position: int) -> None:
    """Count one click on result `position` (1 = first) of `query` in `lang`."""
    key = query_key(query)
    if not key or not budget.admit(settings.KB_SEARCH_LOG_PER_MINUTE):
        return
    click = SearchClick(query_key=key, language=lang, article_id=article_id, position=position)
    if settings.KB_BACKGROUND_WRITES:
        writer.add(click)
    else:
        writer.write_now([click])
