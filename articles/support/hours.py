"""The live chat's opening hours per language: open now, and when it opens next.

A language's schedule (ChatSchedule: weekly ChatHours and dated ChatHoursException rows,
all read in the schedule's time zone) is its own, else the source language's; with no
schedule at all the chat has no hours (open whenever an agent is available). A date with
an exception follows the exception alone (closed, or its special hours); other dates
follow their weekday's rows. A row closing at 00:00 runs until midnight.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from articles.core.languages import SOURCE_LANGUAGE
from articles.models import ChatSchedule

LOOK_AHEAD_DAYS = 400  # a schedule closed longer than this has no "next opening"


@dataclass(frozen=True)
class Opening:
    """Whether the chat is open at `now`; if not, `next_open` (aware, in the schedule's
    zone) or None when it does not open again within LOOK_AHEAD_DAYS. `scheduled` is
    False when no hours are configured (then `open` is always True)."""

    open: bool
    next_open: datetime | None = None
    scheduled: bool = True
    time_zone: str = "UTC"


def schedule_for(language: str) -> ChatSchedule | None:
    """`language`'s schedule, else the source language's, else None (hours prefetched)."""
    rows = ChatSchedule.objects.filter(language__in={language, SOURCE_LANGUAGE})
    rows = {row.language: row for row in rows.prefetch_related("hours", "exceptions")}
    return rows.get(language) or rows.get(SOURCE_LANGUAGE)


def _spans(schedule: ChatSchedule, day: date, zone, exceptions: dict) -> list[tuple]:
    """The (start, end) aware datetimes the chat is open on local `day`."""
    exception = exceptions.get(day)
    if exception is not None:
        pairs = [] if exception.closed else [(exception.opens, exception.closes)]
    else:
        pairs = [
            (row.opens, row.closes) for row in schedule.hours.all() if row.weekday == day.weekday()
        ]
    spans = []
    for opens, closes in pairs:
        start = datetime.combine(day, opens, tzinfo=zone)
        end_day = day + timedelta(days=1) if closes == time(0) else day
        spans.append((start, datetime.combine(end_day, closes, tzinfo=zone)))
    return sorted(spans)


def opening(language: str, now: datetime | None = None) -> Opening:
    """Whether `language`'s chat is open at `now` (aware; default: now) and, if not, when
    it opens next. An unknown time zone (edited by hand in the database) reads as UTC."""
    now = now or timezone.now()
    schedule = schedule_for(language)
    if schedule is None:
        return Opening(open=True, scheduled=False)
    try:
        zone = zoneinfo.ZoneInfo(schedule.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    exceptions = {row.date: row for row in schedule.exceptions.all()}
    today = now.astimezone(zone).date()
    for offset in range(-1, LOOK_AHEAD_DAYS):  # yesterday's shift may run to midnight
        for start, end in _spans(schedule, today + timedelta(days=offset), zone, exceptions):
            if start <= now < end:
                return Opening(open=True, time_zone=schedule.time_zone)
            if start > now:
                return Opening(open=False, next_open=start, time_zone=schedule.time_zone)
    return Opening(open=False, time_zone=schedule.time_zone)
