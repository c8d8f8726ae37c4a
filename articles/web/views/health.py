"""/healthz: is the database reachable and the search index present and in step?"""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from articles import search


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the index is present and in step, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:  # noqa: BLE001  (reported, not raised: this is the health check)
        database = False
    index = search.health() if database else {"ok": False, "error": "database unreachable"}
    ok = database and index["ok"]
    return JsonResponse({"ok": ok, "database": database, "index": index}, status=200 if ok else 503)
