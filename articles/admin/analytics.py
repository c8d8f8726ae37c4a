"""The search-analytics page of the admin, its CSV export and the add-keywords fix.

Under the search log: /admin/articles/searchlog/analytics/ (and …/export.csv,
…/keywords/). Only users with `articles.view_search_analytics` (Editors) see them; the
fix links show only to those who may make that fix. Charts are drawn by Chart.js (served
from articles/static/vendor/chart.js/) from data in a json_script element, and every
chart has a table under it, so the page reads the same without JavaScript.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from articles import search
from articles.admin import support_reports
from articles.analytics import export, fixes, reports
from articles.core.languages import match_language
from articles.models import SOURCE_LANGUAGE, Article, SearchLog

PERMISSION = "articles.view_search_analytics"
PERIODS = (7, 30, 90, 365)
TOP_QUERIES = 30
ALL_SOURCES = "all"


class AnalyticsFilter(forms.Form):
    """What the page shows: period, language, source, synthetic rows (all optional)."""

    days = forms.TypedChoiceField(label=gettext_lazy("period"), coerce=int, required=False)
    lang = forms.ChoiceField(label=gettext_lazy("language"), required=False)
    source = forms.ChoiceField(label=gettext_lazy("source"), required=False)
    synthetic = forms.ChoiceField(
        label=gettext_lazy("synthetic searches"),
        required=False,
        choices=[("include", gettext_lazy("included")), ("exclude", gettext_lazy("left out"))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keep = reports.retention_days()
        periods = [days for days in PERIODS if days < keep] + [keep]
        self.fields["days"].choices = [
            (days, _("last %(days)d days") % {"days": days}) for days in periods
        ]
        self.fields["lang"].choices = [("", _("all languages")), *settings.LANGUAGES]
        self.fields["source"].choices = [*SearchLog.Source.choices, (ALL_SOURCES, _("all sources"))]
        # What an unbound form shows is what `window()` uses without parameters.
        self.fields["days"].initial = min(30, keep)
        self.fields["source"].initial = SearchLog.Source.VISITOR

    def window(self) -> reports.Window:
        """The Window asked for; defaults (30 days or less, visitors) for what is invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        days = data.get("days") or min(30, reports.retention_days())
        source = data.get("source") or SearchLog.Source.VISITOR
        return reports.Window(
            days=days,
            language=data.get("lang") or None,
            sources=tuple(SearchLog.Source.values) if source == ALL_SOURCES else (source,),
            include_synthetic=data.get("synthetic") != "exclude",
        )


def _require(request: HttpRequest, permission: str = PERMISSION) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _chart_data(days: list[reports.DayCount], languages: list[str]) -> dict:
    return {
        "labels": [day.day.isoformat() for day in days],
        "languages": languages,
        "searches": {lang: [day.searches.get(lang, 0) for day in days] for lang in languages},
        "zero": {lang: [day.zero.get(lang, 0) for day in days] for lang in languages},
        "titles": {"searches": _("Searches per day"), "zero": _("Zero-result searches per day")},
        "rtl": get_language_bidi(),
    }


def _fix_rows(stats: list[reports.QueryStats], user) -> list[dict]:
    can = {
        "synonyms": user.has_perm("articles.add_synonymgroup"),
        "keywords": user.has_perm("articles.change_article"),
        "draft": user.has_perm("articles.add_article"),
    }
    rows = []
    for item in stats:
        links = fixes.fix_links(item.example, item.language) if item.needs_fix else {}
        rows.append({"stats": item, "fixes": {k: v for k, v in links.items() if can[k]}})
    return rows


def _per_day(window: reports.Window) -> dict:
    """The charts' data and the table under them (a row per day, a cell per language)."""
    languages = [window.language] if window.language else [c for c, _n in settings.LANGUAGES]
    days = reports.daily_counts(window)
    return {
        "languages": languages,
        "day_rows": [
            (day, [(day.searches.get(lang, 0), day.zero.get(lang, 0)) for lang in languages])
            for day in days
        ],
        "chart_data": _chart_data(days, languages),
        "total": sum(day.total for day in days),
        "total_zero": sum(day.total_zero for day in days),
    }


def _query_tables(stats: list[reports.QueryStats], user) -> dict:
    """Top queries, queries to fix (found nothing first, then low-click), contacts."""
    to_fix = sorted((s for s in stats if s.needs_fix), key=lambda s: not s.found_nothing)
    contacts = sorted((s for s in stats if s.contact_requests), key=lambda s: -s.contact_requests)
    return {
        "top_queries": _fix_rows(stats[:TOP_QUERIES], user),
        "to_fix": _fix_rows(to_fix[:TOP_QUERIES], user),
        "contacts": contacts[:TOP_QUERIES],
    }


def analytics_view(request: HttpRequest, admin_site) -> HttpResponse:
    """The analytics page: charts with tables, queries to fix, contacts, unhelpful articles."""
    _require(request)
    filters = AnalyticsFilter(request.GET or None)
    window = filters.window()
    context = {
        **admin_site.each_context(request),
        "title": _("Search analytics"),
        "filters": filters,
        "window": window,
        **_per_day(window),
        **_query_tables(reports.query_stats(window), request.user),
        "synthetic_count": window.searches().filter(synthetic=True).count(),
        "unhelpful": reports.unhelpful_articles(window),
        "retention_days": reports.retention_days(),
        "low_click": {"searches": reports.LOW_CLICK_MIN_SEARCHES, "rate": reports.LOW_CLICK_RATE},
        "export_query": request.GET.urlencode(),
    }
    return render(request, "admin/articles/analytics.html", context)


def export_view(request: HttpRequest, admin_site) -> HttpResponse:
    """CSV download: `?report=daily` per day and language, else every normalized query."""
    _require(request)
    window = AnalyticsFilter(request.GET or None).window()
    daily = request.GET.get("report") == "daily"
    body = export.daily_csv(window) if daily else export.queries_csv(window)
    name = f"search-{'daily' if daily else 'queries'}-{window.days}d.csv"
    # A byte-order mark, so spreadsheets read the file as UTF-8 (Chinese, Arabic…).
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ArticleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, article: Article) -> str:
        return f"{article.title} ({article.slug})"


class AddKeywordsForm(forms.Form):
    """Which article gets the query as keywords, in which language."""

    article = ArticleChoiceField(
        label=gettext_lazy("article"), queryset=Article.objects.order_by("slug")
    )
    lang = forms.ChoiceField(label=gettext_lazy("language"), choices=settings.LANGUAGES)
    keywords = forms.CharField(
        label=gettext_lazy("keywords to add"),
        max_length=200,
        help_text=gettext_lazy("Comma-separated; words the article already has are skipped."),
    )


def _keywords_initial(request: HttpRequest) -> dict:
    query = request.GET.get("q", "")[:200]
    initial = {"keywords": query, "lang": match_language(request.GET.get("lang", "")) or ""}
    if query.strip() and initial["lang"]:
        found = search.search(query, initial["lang"], per_page=1, log=False)
        initial["article"] = found.hits[0].article_id if found.hits else None
    return initial


def keywords_view(request: HttpRequest, admin_site) -> HttpResponse:
    """GET: the form prefilled from `?q=…&lang=…` (the best match preselected); POST: add."""
    _require(request)
    _require(request, "articles.change_article")
    if request.method == "POST":
        form = AddKeywordsForm(request.POST)
        if form.is_valid():
            lang = form.cleaned_data["lang"]
            if lang == SOURCE_LANGUAGE and not request.user.has_perm("articles.edit_source"):
                raise PermissionDenied
            article = form.cleaned_data["article"]
            try:
                added = fixes.add_keywords(
                    article=article,
                    lang=lang,
                    words=fixes.keyword_list(form.cleaned_data["keywords"]),
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error("keywords", error)
            else:
                message = _("Keywords added to “%(article)s” (%(lang)s): %(words)s") % {
                    "article": article.slug,
                    "lang": lang,
                    "words": ", ".join(added) or _("none new"),
                }
                messages.success(request, message)
                return HttpResponseRedirect(reverse("admin:articles_searchlog_analytics"))
    else:
        form = AddKeywordsForm(initial=_keywords_initial(request))
    context = {
        **admin_site.each_context(request),
        "title": _("Add keywords to an article"),
        "form": form,
    }
    return render(request, "admin/articles/analytics_keywords.html", context)


def urls(admin_site) -> list:
    """The URL patterns to put before the search log's own (names admin:articles_searchlog_…)."""

    def view(function):
        return admin_site.admin_view(lambda request: function(request, admin_site))

    return [
        path("analytics/", view(analytics_view), name="articles_searchlog_analytics"),
        path("analytics/export.csv", view(export_view), name="articles_searchlog_analytics_csv"),
        path(
            "analytics/support/",
            view(support_reports.support_reports_view),
            name="articles_searchlog_support_reports",
        ),
        path(
            "analytics/keywords/",
            view(keywords_view),
            name="articles_searchlog_analytics_keywords",
        ),
    ]
