"""The support reports page of the admin, beside the search analytics.

/admin/articles/searchlog/analytics/support/ (name admin:articles_searchlog_support_reports):
conversations per day and language, first-response and resolution times (p50/p90),
deflection, ratings per language. Users with `articles.view_search_analytics` (Editors).
Drawn like the search analytics: Chart.js (articles/static/vendor/chart.js/) from a
json_script element, a table under each chart, so the page reads the same without
JavaScript. The numbers and their definitions: articles/analytics/support_reports.py.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_bidi, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from articles.analytics import deflection, support_reports

PERMISSION = "articles.view_search_analytics"
PERIODS = (7, 30, 90, 365)


class ReportFilter(forms.Form):
    """The period and language of the report (both optional: 30 days, all languages)."""

    days = forms.TypedChoiceField(label=gettext_lazy("period"), coerce=int, required=False)
    lang = forms.ChoiceField(label=gettext_lazy("language"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, _("last %(days)d days") % {"days": days}) for days in PERIODS
        ]
        self.fields["days"].initial = 30
        self.fields["lang"].choices = [("", _("all languages")), *settings.LANGUAGES]

    def window(self) -> support_reports.SupportWindow:
        """The window asked for; 30 days and all languages for what is missing or invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        return support_reports.SupportWindow(
            days=data.get("days") or 30, language=data.get("lang") or None
        )


def duration_label(seconds: float | None) -> str:
    """A time for people: "—", "45 s", "12 min", "3.5 h" or "2.1 d" (in the active language)."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", int(seconds)) % {"n": int(seconds)}
    if seconds < 3600:
        minutes = round(seconds / 60)
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if seconds < 2 * 86400:
        return _("%(n).1f hours") % {"n": seconds / 3600}
    return _("%(n).1f days") % {"n": seconds / 86400}


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _bars(title: str, labels: list, pairs, *, stacked: bool = False) -> dict:
    """One chart for admin-support-reports.js: `pairs` are (series label, values)."""
    datasets = [{"label": str(label), "data": data} for label, data in pairs]
    return {"title": title, "labels": labels, "stacked": stacked, "datasets": datasets}


def _chart_data(window, days, times, ratings, deflected) -> dict:
    """Every chart's data (json_script), the same numbers as the tables."""
    languages = window.languages()
    per_day = [(lang, [day.counts.get(lang, 0) for day in days]) for lang in languages]
    scores = [(f"{s}/5", [r.counts[s] for r in ratings]) for s in support_reports.RATINGS]
    return {
        "rtl": get_language_bidi(),
        "per_day": _bars(
            _("Conversations per day"), [d.day.isoformat() for d in days], per_day, stacked=True
        ),
        "first": _bars(_("First response (minutes)"), languages, [
            ("p50", [_minutes(t.first_p50) for t in times]),
            ("p90", [_minutes(t.first_p90) for t in times]),
        ]),
        "resolution": _bars(_("Resolution (minutes)"), languages, [
            ("p50", [_minutes(t.resolution_p50) for t in times]),
            ("p90", [_minutes(t.resolution_p90) for t in times]),
        ]),
        "ratings": _bars(_("Ratings per language"), languages, scores, stacked=True),
        "deflection": _bars(_("Deflection rate (%)"), languages, [(_("this solved it"), [
            None if r.rate is None else round(100 * r.rate, 1) for r in deflected[0]
        ])]),
    }  # fmt: skip


def support_reports_view(request: HttpRequest, admin_site) -> HttpResponse:
    """The support reports: four charts, each with its table."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    filters = ReportFilter(request.GET or None)
    window = filters.window()
    days = support_reports.conversations_per_day(window)
    times, all_times = support_reports.response_times(window)
    ratings = support_reports.ratings_by_language(window)
    deflected = deflection.deflection_by_language(
        deflection.deflection_outcomes(window), window.languages()
    )
    context = {
        **admin_site.each_context(request),
        "title": _("Support reports"),
        "filters": filters,
        "window": window,
        "languages": window.languages(),
        "day_rows": [
            (day, [day.counts.get(lang, 0) for lang in window.languages()]) for day in days
        ],
        "total": sum(day.total for day in days),
        "times": [(t, _labels(t)) for t in [*times, all_times]],
        "ratings": [
            (row, [row.counts[score] for score in support_reports.RATINGS]) for row in ratings
        ],
        "scores": support_reports.RATINGS,
        "deflection": deflected,
        "chart_data": _chart_data(window, days, times, ratings, deflected),
    }
    return render(request, "admin/articles/support_reports.html", context)


def _labels(times: support_reports.ResponseTimes) -> dict:
    return {
        name: duration_label(getattr(times, name))
        for name in ("first_p50", "first_p90", "resolution_p50", "resolution_p90")
    }
