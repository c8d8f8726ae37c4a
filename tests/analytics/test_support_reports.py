"""Support reports: conversations per day and language, response times, deflection and
ratings, with a table under each chart, for Editors only."""

from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.analytics import deflection, support_reports
from articles.models import ChatDeflection, ContactMessage, ContactRequest
from tests.factories import UserFactory
from tests.support.chat_helpers import open_conversation

pytestmark = pytest.mark.django_db
URL = "/admin/articles/searchlog/analytics/support/"


def _conversation(language, *, minutes_to_answer=None, solved_after=None, rating=None, days_ago=0):
    """A conversation opened `days_ago`, answered after `minutes_to_answer`, and (solved)
    with a last agent message `solved_after` minutes after its start."""
    contact, _token = open_conversation(language=language)
    start = timezone.now() - timedelta(days=days_ago, seconds=1)
    ContactRequest.objects.filter(pk=contact.pk).update(created_at=start, rating=rating)
    for minutes in (minutes_to_answer, solved_after):
        if minutes is not None:
            message = ContactMessage.objects.create(request=contact, from_agent=True, body="Hi")
            ContactMessage.objects.filter(pk=message.pk).update(
                created_at=start + timedelta(minutes=minutes)
            )
    if solved_after is not None:
        ContactRequest.objects.filter(pk=contact.pk).update(status="solved")
    return contact


def test_percentiles_are_nearest_rank():
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert support_reports.percentile(values, 0.5) == 50
    assert support_reports.percentile(values, 0.9) == 90
    assert support_reports.percentile([7], 0.9) == 7
    assert support_reports.percentile([], 0.5) is None


def test_first_response_and_resolution_per_language():
    for minutes in (2, 4, 6, 8, 100):
        _conversation("en", minutes_to_answer=minutes)
    _conversation("en", minutes_to_answer=5, solved_after=60)
    _conversation("ar", minutes_to_answer=30, solved_after=240)
    _conversation("ar")  # not answered yet: opened, not measured
    _conversation("ru", minutes_to_answer=1, days_ago=40)  # before the window
    times, total = support_reports.response_times(support_reports.SupportWindow(days=30))
    by_lang = {row.language: row for row in times}
    en, ar = by_lang["en"], by_lang["ar"]
    assert (en.opened, en.answered, en.solved) == (6, 6, 1)
    assert en.first_p50 == 5 * 60 and en.first_p90 == 100 * 60
    assert en.resolution_p50 == en.resolution_p90 == 60 * 60
    assert (ar.opened, ar.answered, ar.solved, ar.first_p50) == (2, 1, 1, 30 * 60)
    assert by_lang["ru"].opened == 0 and by_lang["ru"].first_p50 is None
    assert (total.opened, total.answered, total.solved) == (8, 7, 2)


def test_conversations_per_day_and_ratings_per_language():
    today = _conversation("en", rating=5)
    earlier = _conversation("en", rating=3, days_ago=2)
    _conversation("es", rating=5)
    window = support_reports.SupportWindow(days=7)
    days = {day.day: day for day in support_reports.conversations_per_day(window)}
    assert len(days) == 7 and sum(day.total for day in days.values()) == 3

    def on(contact):
        return days[timezone.localdate(ContactRequest.objects.get(pk=contact.pk).created_at)]

    assert on(today).counts == {"en": 1, "es": 1} and on(earlier).counts == {"en": 1}
    ratings = {row.language: row for row in support_reports.ratings_by_language(window)}
    assert ratings["en"].counts[5] == ratings["en"].counts[3] == 1 and ratings["en"].mean == 4
    assert ratings["es"].rated == 1 and ratings["ar"].rated == 0 and ratings["ar"].mean is None


def test_deflection_rate_per_language_from_the_recorded_choices():
    outcomes = Counter({("en", deflection.SOLVED_BY_ARTICLE): 3, ("en", deflection.TO_PERSON): 1,
                        ("ar", deflection.TO_PERSON): 2})  # fmt: skip
    rows, total = deflection.deflection_by_language(outcomes, ["en", "ar", "ru"])
    assert [row.rate for row in rows] == [0.75, 0.0, None]
    assert (total.solved_by_article, total.offered, total.rate) == (3, 6, 0.5)


def test_the_page_has_a_chart_and_a_table_for_each_report(editor_client, monkeypatch):
    _conversation("en", minutes_to_answer=3, solved_after=30, rating=4)
    monkeypatch.setattr(deflection, "deflection_outcomes",
                        lambda window: Counter({("en", deflection.SOLVED_BY_ARTICLE): 1}))  # fmt: skip
    response = editor_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for chart in ("per_day", "first", "resolution", "deflection", "ratings"):
        assert f'data-kb-chart="{chart}"' in html
    for table in ("per-day-table", "times-table", "deflection-table", "ratings-table"):
        assert f'id="{table}"' in html
    assert "3 minutes" in html and "30 minutes" in html and "100 %" in html
    assert 'id="kb-support-data"' in html and "chart.umd.min.js" in html and "<script>" not in html
    assert (
        'href="/admin/articles/searchlog/analytics/support/"'
        in editor_client.get("/admin/articles/searchlog/analytics/").content.decode()
    )


def test_the_chat_s_recorded_choices_are_counted_in_the_window_and_language():
    solved, person = ChatDeflection.Outcome.SOLVED, ChatDeflection.Outcome.PERSON
    for language, outcome in [("en", solved), ("en", solved), ("en", person), ("ar", person)]:
        ChatDeflection.objects.create(language=language, outcome=outcome, offered=3)
    old = ChatDeflection.objects.create(language="en", outcome=solved, offered=1)
    ChatDeflection.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    counts = deflection.deflection_outcomes(support_reports.SupportWindow(days=30))
    assert counts == Counter({("en", deflection.SOLVED_BY_ARTICLE): 2,
                              ("en", deflection.TO_PERSON): 1, ("ar", deflection.TO_PERSON): 1})  # fmt: skip
    assert deflection.deflection_outcomes(
        support_reports.SupportWindow(days=30, language="ar")
    ) == Counter({("ar", deflection.TO_PERSON): 1})


def test_recorded_choices_reach_the_page(editor_client):
    ChatDeflection.objects.create(language="ar", outcome=ChatDeflection.Outcome.SOLVED, offered=2)
    html = editor_client.get(URL + "?days=7&lang=ar").content.decode()
    assert 'id="deflection-table"' in html and "100 %" in html


def test_only_editors_see_the_reports(translator_client):
    support = Client()
    support.force_login(UserFactory(groups=["Support"], is_staff=True))
    assert translator_client.get(URL).status_code == 403
    assert support.get(URL).status_code == 403
    assert Client().get(URL).status_code == 302  # to the sign-in


def test_the_reports_speak_arabic_right_to_left(editor_client):
    editor_client.cookies["django_language"] = "ar"
    response = editor_client.get(URL, HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert '"rtl": true' in html and "Conversations per day" not in html
