"""articles/api/parameters.py: RFC 3339 date-times read exactly, to the microsecond."""

from datetime import UTC, datetime

from articles.api.parameters import EARLIEST, LATEST, parse_changed_since


def test_rfc_3339_details_are_read_exactly():
    assert parse_changed_since("2026-01-31t09:00:00.1234567z") == datetime(
        2026, 1, 31, 9, 0, 0, 123456, tzinfo=UTC
    )
    assert parse_changed_since("2016-12-31T23:59:60Z") == datetime(2017, 1, 1, tzinfo=UTC)
    assert parse_changed_since("2017-01-01T00:59:60+01:00") == datetime(2017, 1, 1, tzinfo=UTC)
    assert parse_changed_since("2026-01-31T09:00:00-00:00") == datetime(2026, 1, 31, 9, tzinfo=UTC)
    assert parse_changed_since("0001-01-01T00:59:59+01:00") == EARLIEST
    assert parse_changed_since("9999-12-31T23:00:00-01:00") == LATEST
