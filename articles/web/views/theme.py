"""The light/dark theme a visitor chose: remembered in a cookie set by this view only.

Pages follow the system's `prefers-color-scheme` until the visitor picks a theme with the
toggle in the header, a plain link (no JavaScript needed) to `/theme/<light|dark>/?next=…`.
Like the language switcher, this private redirect is the only response that sets the
cookie: the pages read it (`<html data-theme>`) but set none, so they stay publicly
cacheable; they already carry `Vary: Cookie`, so a cache keeps one copy per theme.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from articles.web.redirects import redirect_keeping_query

THEME_COOKIE = "kb_theme"
THEMES = ("light", "dark")
THEME_COOKIE_AGE = 365 * 24 * 3600


def chosen_theme(request: HttpRequest) -> str:
    """The theme the visitor chose ("light" or "dark"), or "" to follow the system."""
    theme = request.COOKIES.get(THEME_COOKIE, "")
    return theme if theme in THEMES else ""


@never_cache
def choose_theme(request: HttpRequest, theme: str) -> HttpResponse:
    """`/theme/<light|dark>/?next=/<lang>/…`: remember the theme, go back to `next`.

    `next` must be a path of this site (anything else leads to `/`); other query
    parameters are kept. An unknown theme is a 404.
    """
    if theme not in THEMES:
        raise Http404("Unknown theme.")
    target = request.GET.get("next", "")
    if not (target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None)):
        target = "/"
    response = redirect_keeping_query(request, target, consumed=["next"])
    response.set_cookie(
        THEME_COOKIE,
        theme,
        max_age=THEME_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
