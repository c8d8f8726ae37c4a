"""What a language's visitors are offered, and whether a phone line is open right now."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time

from django.http import HttpRequest
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from articles.core.languages import SOURCE_LANGUAGE
from articles.models import ContactChannels, PhoneLine
from articles.publishing.selectors import cached_listing


def channels_for(language: str, request: HttpRequest | None = None) -> ContactChannels | None:
    """The channels configured for `language`, else the source language's, else None.

    Phone lines and social accounts come prefetched (two queries more, in order). Given
    the `request`, they are read once for it: an article page asks three times (its
    validator, the header's chat link, the block under the article).
    """
    if request is None:
        return _read_channels(language)
    read = request.__dict__.setdefault("_contact_channels", {})
    if language not in read:
        read[language] = _read_channels(language)
    return read[language]


def _read_channels(language: str) -> ContactChannels | None:
    """The channels of `language` (or the source language's), cached like the site's
    listings until content changes (every change to them bumps the content version):
    three queries saved on every page the page cache does not have."""
    # In a tuple: "no channels configured" (None) is cached too.
    return cached_listing(f"channels:{language}", lambda: (_query_channels(language),))[0]


def _query_channels(language: str) -> ContactChannels | None:
    rows = ContactChannels.objects.filter(language__in={language, SOURCE_LANGUAGE})
    rows = {row.language: row for row in rows.prefetch_related("phone_lines", "social_accounts")}
    return rows.get(language) or rows.get(SOURCE_LANGUAGE)


def chat_offered(language: str, request: HttpRequest | None = None) -> bool:
    """Whether "Chat with us" (/<lang>/chat/) is offered to `language`'s visitors: its
    channels' `chat_enabled`, or yes when no channels are configured at all (read once
    per `request` when given, as channels_for)."""
    channels = channels_for(language, request)
    return channels is None or channels.chat_enabled


def is_open(line: PhoneLine, now: datetime | None = None) -> bool:
    """Whether `line` takes calls at `now` (aware; default: now), read in its time zone.

    A day in `days` opens at `opens` and closes at `closes`; `closes` before `opens` runs
    past midnight (the part after midnight belongs to the day before); equal times are all
    day. An unknown time zone (edited by hand in the database) counts as closed.
    """
    try:
        local = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(line.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    day, moment = str(local.weekday()), local.time().replace(tzinfo=None)
    previous_day = str((local.weekday() - 1) % 7)
    if line.opens == line.closes:
        return day in line.days
    if line.opens < line.closes:
        return day in line.days and line.opens <= moment < line.closes
    return (day in line.days and moment >= line.opens) or (
        previous_day in line.days and moment < line.closes
    )


def days_label(days: str) -> str:
    """ "01234" → "Mon–Fri", "0246" → "Mon, Wed, Fri, Sun", in the active language."""
    numbers = sorted(int(day) for day in days)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == 6:
        runs[0] = runs.pop() + runs[0]  # the week wraps: 60123 is Sun–Thu
    parts = []
    for run in runs:
        first, last = str(WEEKDAYS_ABBR[run[0]]), str(WEEKDAYS_ABBR[run[-1]])
        if len(run) == 1:
            parts.append(first)
        else:
            parts.append(f"{first}–{last}" if len(run) > 2 else f"{first}, {last}")
    return ", ".join(parts)


@dataclass(frozen=True)
class PhoneLineStatus:
    """A phone line as a page shows it: its days and hours, and whether it is open now."""

    line: PhoneLine
    days: str
    hours: str
    open_now: bool


def _clock(moment: time) -> str:
    return moment.strftime("%H:%M")


def phone_lines(channels: ContactChannels | None, now: datetime | None = None) -> list:
    """Every phone line of `channels` as a PhoneLineStatus, in their order."""
    if channels is None:
        return []
    return [
        PhoneLineStatus(
            line=line,
            days=days_label(line.days),
            hours=f"{_clock(line.opens)}–{_clock(line.closes)}",
            open_now=is_open(line, now),
        )
        for line in channels.phone_lines.all()
    ]
