"""Phone lines: open now, read in the line's own time zone; and cached pages follow edits."""

from datetime import UTC, datetime, time

import pytest

from articles.models import PhoneLine
from articles.support.channels import days_label, is_open
from tests.support.contact_helpers import configure


def line(days="01234", opens=time(9), closes=time(18), zone="Europe/Madrid") -> PhoneLine:
    return PhoneLine(region="ES", number="1", days=days, opens=opens, closes=closes, time_zone=zone)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 12, 1, 8, 30, tzinfo=UTC), True),  # Tuesday 09:30 in Madrid
        (datetime(2026, 12, 1, 7, 30, tzinfo=UTC), False),  # 08:30 in Madrid
        (datetime(2026, 12, 1, 17, 0, tzinfo=UTC), False),  # 18:00: closed
        (datetime(2026, 12, 5, 10, 0, tzinfo=UTC), False),  # Saturday
    ],
)
def test_open_now_in_the_lines_time_zone(moment, expected):
    assert is_open(line(), moment) is expected


def test_a_line_open_overnight_and_all_day():
    night = line(days="4", opens=time(22), closes=time(6), zone="UTC")  # Friday night
    assert is_open(night, datetime(2026, 12, 4, 23, 0, tzinfo=UTC))
    assert is_open(night, datetime(2026, 12, 5, 5, 0, tzinfo=UTC))  # Saturday early
    assert not is_open(night, datetime(2026, 12, 5, 23, 0, tzinfo=UTC))
    always = line(days="0123456", opens=time(0), closes=time(0), zone="Asia/Shanghai")
    assert is_open(always, datetime(2026, 12, 6, 3, 0, tzinfo=UTC))


def test_days_are_named_in_the_pages_language():
    from django.utils.translation import override

    with override("en"):
        assert days_label("01234") == "Mon–Fri"
        assert days_label("56") == "Sat, Sun"
        assert days_label("60123") == "Sun–Thu"
    with override("es"):
        assert "lun" in days_label("01234").lower()


@pytest.mark.django_db
def test_an_edit_of_the_channels_makes_article_pages_newer(client):
    first = client.get("/en/articles/fees/")["Last-Modified"]
    channels = configure()
    channels.save()
    from django.utils.http import parse_http_date

    second = client.get("/en/articles/fees/")["Last-Modified"]
    assert parse_http_date(second) >= parse_http_date(first)
    assert parse_http_date(second) == int(channels.updated_at.timestamp())
