"""Every search is logged (normalized query, language, result count) for editors.

Logging must never slow or break a search: entries are written by a background thread in
batches (articles.buffered). Set KB_BACKGROUND_WRITES=0 to write in the request (tests).
"""

from django.conf import settings

from ..buffered import BufferedWriter
from ..models import SearchLog

writer = BufferedWriter("search-log", lambda entries: SearchLog.objects.bulk_create(entries))


def record(results) -> None:
    entry = SearchLog(
        query=results.query[:200],
        language=results.lang,
        results=results.total,
        corrected_query=(results.corrected_query or "")[:200],
        fallback=results.fallback,
    )
    if settings.KB_BACKGROUND_WRITES:
        writer.add(entry)
    else:
        writer.write_now([entry])
