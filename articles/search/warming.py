"""Warming a process before it serves: what the first searches of each language would
otherwise pay for, paid once in the gunicorn master (gunicorn.conf.py) before it forks.

Workers inherit it copy-on-write, so neither a new server nor a worker recycled after
`max_requests` starts cold: jieba's dictionary, every language's analyzer, the compiled
templates, the URL resolver, and the index's per-segment arrays (document lengths, topic
codes, titles for suggestions, the postings of the words people searched most lately,
read by scoring.py into its process-wide cache). Files and database connections opened
meanwhile are closed before the fork: a worker must never share them with the master.

Nothing here is needed for correctness: a failure is logged and the server starts cold.
"""

import logging
from datetime import timedelta

from django.db import connections
from django.db.models import Count
from django.template.loader import get_template
from django.test.utils import override_settings
from django.urls import get_resolver
from django.utils import timezone

from articles.core.languages import language_codes
from articles.models import SearchLog
from articles.search import reset_readers, search, suggest, synonyms_changed
from articles.search.analysis import analyzer_for, warm_up

logger = logging.getLogger(__name__)

TEMPLATES = ("articles/home.html", "articles/article.html", "articles/search.html",
             "articles/category.html")  # fmt: skip
RECENT_QUERIES = 20  # per language, from the last day's search log
FALLBACK_QUERIES = ("a", "e", "o")  # an empty log still warms every segment's arrays


def warm_process() -> None:
    """Warm everything the module docstring lists, then close files and connections.
    Results of the warming searches are not kept (nor shared): only what reading costs."""
    try:
        warm_up()  # jieba's dictionary
        get_resolver().url_patterns  # noqa: B018  (populates the resolver)
        for name in TEMPLATES:
            get_template(name)
        # No background thread in the master (it would not survive the fork): changes
        # logged while this host was down are applied here, by the first search.
        with override_settings(KB_PAGE_CACHE=False, KB_BACKGROUND_WRITES=False):
            for lang in language_codes():
                _warm_language(lang)
    except Exception:  # noqa: BLE001  (warming is an optimisation: never block a start)
        logger.exception("Warming the search state failed; workers start cold.")
    finally:
        synonyms_changed()  # forgets the results cached meanwhile (and synonym tables)
        reset_readers()  # close the index files this thread opened: not shared with workers
        connections.close_all()


def _warm_language(lang: str) -> None:
    analyzer_for(lang)
    for text in recent_queries(lang) or FALLBACK_QUERIES:
        search(text, lang, log=False, facets=True)
    for prefix in FALLBACK_QUERIES:
        suggest(prefix, lang)


def recent_queries(lang: str, limit: int = RECENT_QUERIES) -> list[str]:
    """The most frequent queries of the last day in `lang`, most frequent first."""
    since = timezone.now() - timedelta(days=1)
    rows = (
        SearchLog.objects.filter(language=lang, created_at__gte=since)
        .values("query")
        .annotate(times=Count("id"))
        .order_by("-times")[:limit]
    )
    return [row["query"] for row in rows]
