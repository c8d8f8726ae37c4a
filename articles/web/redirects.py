"""Every redirect the site makes keeps the query-string parameters it does not consume.

Campaign parameters (`utm_*`), and whatever a help-desk tool appends to a link, must reach
the page the visitor lands on: `/?utm_source=x` → `/es/?utm_source=x`, and
`/a/10/?lang=ru&utm=1` → `/ru/articles/…/?utm=1` (`lang` was used to pick the page).
"""

from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponseRedirect, QueryDict


def url_keeping_query(request: HttpRequest, target: str, *, consumed: Iterable[str] = ()) -> str:
    """`target` with the request's query parameters appended, except those in `consumed`.

    `target` is a path or URL, possibly with its own query and fragment; its own
    parameters win over the request's of the same name. Repeated parameters keep every
    value, in order. Returns the URL as a string.
    """
    parts = urlsplit(target)
    own = QueryDict(parts.query, mutable=True)
    skipped = set(consumed) | set(own)
    kept = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in skipped
        for value in values
    ]
    query = "&".join(part for part in (own.urlencode(), urlencode(kept)) if part)
    return urlunsplit(parts._replace(query=query))


def redirect_keeping_query(
    request: HttpRequest, target: str, *, consumed: Iterable[str] = ()
) -> HttpResponseRedirect:
    """A 302 to `target` keeping the query parameters the redirect did not consume."""
    return HttpResponseRedirect(url_keeping_query(request, target, consumed=consumed))
