"""Top-level URLs: language-neutral ones first, then everything under /<lang>/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

from articles.api.endpoints import api
from articles.support.views import desk_links
from articles.web import media
from articles.web.sitemaps import SITEMAPS
from articles.web.views import errors, health, links, pages, theme


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin): our icon."""
    response = HttpResponseRedirect(static("articles/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


urlpatterns = [
    path("favicon.ico", favicon),
    path("", links.root_redirect, name="root"),
    path("a/<int:article_id>/", links.short_link, name="short_link"),
    path("language/<str:lang>/", links.switch_language, name="switch_language"),
    path("theme/<str:theme>/", theme.choose_theme, name="choose_theme"),
    path("api/", api.urls),  # /api/search, /api/suggest, /api/articles…, openapi.json
    path("healthz", health.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("media/<path:name>", media.serve_media, name="media"),
    # Before the admin's own URLs: Support-only users land on the desk after signing in.
    path("admin/login/", desk_links.admin_login),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    prefix_default_language=True,
)

# Visitor-facing error pages in the visitor's language (articles/web/views/errors.py).
handler400 = errors.bad_request
handler404 = errors.not_found
handler500 = errors.server_error
