"""CSV export of the analytics: every normalized query, or the searches per day.

Cells are written so a spreadsheet shows them as text: one starting with =, +, -, @ (or a
tab / carriage return) gets a leading apostrophe, as OWASP advises against CSV injection
(visitors type the queries).
"""

import csv
import io

from django.conf import settings

from articles.analytics.reports import Window, daily_counts, query_stats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def queries_csv(window: Window) -> str:
    """One row per normalized query and language in the window, most searched first."""
    header = [
        "query_key",
        "language",
        "example",
        "searches",
        "zero_result_searches",
        "most_results",
        "mean_results",
        "clicks",
        "click_through",
        "mean_position_clicked",
        "contact_requests",
    ]
    rows = (
        [
            stats.key,
            stats.language,
            stats.example,
            stats.searches,
            stats.zero_searches,
            stats.results,
            f"{stats.mean_results:.1f}",
            stats.clicks,
            f"{stats.click_rate:.3f}" if stats.click_rate is not None else "",
            f"{stats.mean_position:.1f}" if stats.mean_position is not None else "",
            stats.contact_requests,
        ]
        for stats in query_stats(window)
    )
    return _csv(header, rows)


def daily_csv(window: Window) -> str:
    """One row per day and language: searches and zero-result searches."""
    languages = [window.language] if window.language else [c for c, _n in settings.LANGUAGES]
    rows = (
        [day.day.isoformat(), lang, day.searches.get(lang, 0), day.zero.get(lang, 0)]
        for day in daily_counts(window)
        for lang in languages
    )
    return _csv(["day", "language", "searches", "zero_result_searches"], rows)
