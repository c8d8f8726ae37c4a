"""/healthz: is the database reachable and the search index present and in step? Does
the shared cache answer?"""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from articles import search
from articles.core import shared_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the index is present and in step, else 503.

    `{"ok", "degraded", "database", "index", "cache"}`: a cache that does not answer
    (Redis down or hung) leaves it 200, since pages are still served (uncached, limits
    uncounted), with `degraded` true and `cache.error` saying why.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:  # noqa: BLE001  (reported, not raised: this is the health check)
        database = False
    index = search.health() if database else {"ok": False, "error": "database unreachable"}
    cache = shared_cache.health()
    ok = database and index["ok"]
    answer = {"ok": ok, "degraded": not cache["ok"], "database": database, "index": index}
    return JsonResponse({**answer, "cache": cache}, status=200 if ok else 503)
