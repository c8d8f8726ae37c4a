"""This process's caches of search: recent results and the synonym tables.

Synonyms live in the database (SynonymGroup, edited in the admin) and are applied at
query time; a table is read at most every SYNONYM_TTL seconds per language, and at once
after a save in this process (signals.py calls synonyms_changed). Results of recent
searches are kept in `results_cache` (result_cache.py), forgotten with the synonyms since
they depend on them.

Imports: models and search's own modules.
"""

import logging
import time

from django.db import DatabaseError

from articles.models import SynonymGroup
from articles.search import shared_results, unapplied
from articles.search.query import SynonymTable
from articles.search.result_cache import ResultCache

logger = logging.getLogger(__name__)

SYNONYM_TTL = 30.0  # seconds another process's synonym edits take to apply here

# Results of recent searches, this process's (result_cache.py).
results_cache = ResultCache()


_synonyms: dict[str, tuple[float, SynonymTable]] = {}


def synonyms_changed() -> None:
    """Forget this process's synonym tables and the results computed with them."""
    _synonyms.clear()
    results_cache.clear()


def clear_caches() -> None:
    """Forget this process's cached search results and synonym tables: the next search
    computes its answer afresh (benchmarks measuring uncached searches, tests); results
    other processes shared are not read by this one any more either."""
    synonyms_changed()
    shared_results.forget()
    unapplied.forget()


def synonym_table(lang: str) -> SynonymTable:
    """`lang`'s active synonym groups as a SynonymTable, at most SYNONYM_TTL seconds old;
    an empty table when the database cannot be read (logged; searching goes on)."""
    cached = _synonyms.get(lang)
    if cached and time.monotonic() - cached[0] < SYNONYM_TTL:
        return cached[1]
    try:
        groups = [
            group.term_list()
            for group in SynonymGroup.objects.filter(language=lang, is_active=True).order_by("pk")
        ]
    except DatabaseError:
        # Searching without synonyms beats not searching; try again on the next search.
        logger.exception("Could not load the synonyms of %s.", lang)
        return SynonymTable(lang, [])
    table = SynonymTable(lang, groups)
    _synonyms[lang] = (time.monotonic(), table)
    return table
