"""The live chat's opening hours: weekly hours per language, holidays and special hours,
time zones, and when the team is back (articles/support/hours.py)."""

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import ValidationError

from articles.models import ChatHours, ChatHoursException, ChatSchedule
from articles.support import hours
from articles.support.sample import CHAT_HOURS, seed_chat_hours

pytestmark = pytest.mark.django_db


def _schedule(language="en", zone="Europe/Madrid", weekly=((0, time(9), time(17)),)):
    schedule = ChatSchedule.objects.create(language=language, time_zone=zone)
    for weekday, opens, closes in weekly:
        schedule.hours.create(weekday=weekday, opens=opens, closes=closes)
    return schedule


def test_without_a_schedule_the_chat_has_no_hours():
    assert hours.opening("ru") == hours.Opening(open=True, scheduled=False)


def test_hours_are_read_in_the_schedules_time_zone():
    _schedule()  # Mondays 09:00–17:00 in Madrid (UTC+1 in December)
    monday = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # 09:30 in Madrid
    assert hours.opening("en", monday).open
    before = datetime(2026, 12, 7, 7, 30, tzinfo=UTC)  # 08:30 in Madrid
    closed = hours.opening("en", before)
    assert not closed.open and closed.next_open == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    evening = hours.opening("en", datetime(2026, 12, 7, 16, 0, tzinfo=UTC))  # 17:00 Madrid
    assert not evening.open and evening.next_open.date() == date(2026, 12, 14)


def test_a_language_without_hours_uses_the_source_languages():
    _schedule(language="en", zone="Asia/Shanghai", weekly=((0, time(9), time(21)),))
    monday_noon_shanghai = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    assert hours.opening("ar", monday_noon_shanghai).open
    assert hours.opening("ar", monday_noon_shanghai).time_zone == "Asia/Shanghai"


def test_a_holiday_closes_and_the_next_opening_skips_it():
    schedule = _schedule(weekly=[(day, time(9), time(17)) for day in range(5)])
    schedule.exceptions.create(date=date(2026, 12, 25), closed=True, note="Christmas")
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=UTC)  # a Friday, 11:00 in Madrid
    result = hours.opening("en", christmas)
    assert not result.open
    assert result.next_open == datetime(2026, 12, 28, 8, 0, tzinfo=UTC)  # Monday 09:00


def test_special_hours_replace_the_weeks_on_that_date():
    schedule = _schedule(weekly=[(3, time(9), time(17))])  # Thursdays
    schedule.exceptions.create(
        date=date(2026, 12, 24), closed=False, opens=time(9), closes=time(13)
    )
    afternoon = datetime(2026, 12, 24, 13, 0, tzinfo=UTC)  # 14:00 in Madrid
    assert not hours.opening("en", afternoon).open
    saturday = datetime(2026, 12, 26, 10, 0, tzinfo=UTC)
    schedule.exceptions.create(
        date=date(2026, 12, 26), closed=False, opens=time(10), closes=time(12)
    )
    assert hours.opening("en", saturday).open  # open on a Saturday, specially


def test_a_shift_until_midnight_and_the_daylight_saving_change():
    _schedule(zone="Europe/London", weekly=[(5, time(18), time(0))])  # Saturdays 18–24
    late = datetime(2027, 3, 27, 23, 30, tzinfo=UTC)  # Sat 23:30 in London (still GMT)
    assert hours.opening("en", late).open
    summer = hours.opening("en", datetime(2027, 3, 28, 12, 0, tzinfo=UTC))
    assert summer.next_open == datetime(2027, 4, 3, 17, 0, tzinfo=UTC)  # 18:00 BST


def test_a_schedule_with_no_hours_left_has_no_next_opening():
    schedule = ChatSchedule.objects.create(language="en", time_zone="UTC")
    result = hours.opening("en", datetime(2026, 12, 7, tzinfo=UTC))
    assert not result.open and result.next_open is None and schedule.hours.count() == 0


def test_rows_that_close_before_they_open_are_refused():
    schedule = ChatSchedule.objects.create(language="en")
    with pytest.raises(ValidationError):
        ChatHours(schedule=schedule, weekday=0, opens=time(17), closes=time(9)).full_clean()
    ChatHours(schedule=schedule, weekday=0, opens=time(17), closes=time(0)).full_clean()
    with pytest.raises(ValidationError):
        ChatHoursException(schedule=schedule, date=date(2027, 1, 1), closed=False).full_clean()


def test_the_demo_schedules_every_language_once_and_keeps_edits():
    assert sorted(seed_chat_hours()) == sorted(CHAT_HOURS)
    english = ChatSchedule.objects.get(language="en")
    assert english.time_zone == "Europe/London" and english.hours.count() == 6
    assert english.exceptions.filter(date=date(2026, 12, 25), closed=True).exists()
    english.hours.all().delete()
    assert seed_chat_hours() == [] and english.hours.count() == 0


def test_editors_keep_the_hours_in_the_admin_and_agents_cannot(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(groups=["Editors"]))
    page = client.get("/admin/articles/chatschedule/add/")
    assert page.status_code == 200 and "hours-TOTAL_FORMS" in page.content.decode()
    data = {
        "language": "es", "time_zone": "Europe/Madrid",
        "hours-TOTAL_FORMS": "1", "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0", "hours-0-opens": "17:00", "hours-0-closes": "09:00",
        "exceptions-TOTAL_FORMS": "1", "exceptions-INITIAL_FORMS": "0",
        "exceptions-0-date": "2026-12-25", "exceptions-0-closed": "on",
    }  # fmt: skip
    refused = client.post("/admin/articles/chatschedule/add/", data)
    assert refused.status_code == 200 and not ChatSchedule.objects.exists()  # closes first
    data["hours-0-closes"] = "19:00"
    assert client.post("/admin/articles/chatschedule/add/", data).status_code == 302
    schedule = ChatSchedule.objects.get(language="es")
    assert schedule.hours.get().closes == time(19) and schedule.exceptions.get().closed
    client.force_login(UserFactory(groups=["Support"]))
    assert client.get("/admin/articles/chatschedule/").status_code == 403
