"""`/api/articles?changed_since=…`: every RFC 3339 time answered alike on both databases,
anything else a 400 naming the parameter, and a page read in a fixed number of queries."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def changes(client, **params) -> dict:
    response = client.get("/api/articles", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_an_offset_past_postgresqls_range_is_the_same_instant_in_utc(client, sample_content):
    # +16:00 is valid RFC 3339 (offsets go to ±23:59) but out of PostgreSQL's range for a
    # time zone: the database only ever gets UTC.
    Article.objects.update(updated_at=datetime(2025, 12, 31, 7, 0, tzinfo=UTC))
    later = ArticleFactory(published=True)
    Article.objects.filter(pk=later.pk).update(updated_at=datetime(2025, 12, 31, 9, tzinfo=UTC))
    data = changes(client, changed_since="2026-01-01T00:00:00+16:00")  # 2025-12-31T08:00Z
    assert data["changed_since"] == "2025-12-31T08:00:00+00:00"
    assert [change["id"] for change in data["results"]] == [later.pk]
    west = changes(client, changed_since="2025-12-30T08:01:00-23:59")  # 2025-12-31T08:00Z
    assert [change["id"] for change in west["results"]] == [later.pk]


@pytest.mark.parametrize(
    ("since", "everything"),
    [
        ("0001-01-01T00:00:00+01:00", True),  # before year 1 in UTC
        ("0000-02-29T12:00:00Z", True),  # year 0000 is valid RFC 3339 (a leap year)
        ("9999-12-31T23:59:59-01:00", False),  # after year 9999 in UTC
        ("9999-12-31T23:59:60Z", False),  # a leap second, the last one Python can't hold
    ],
)
def test_times_past_the_ends_of_the_calendar_list_everything_or_nothing(
    client, sample_content, since, everything
):
    data = changes(client, changed_since=since, limit="500")
    assert (len(data["results"]) == Article.objects.count()) is everything
    assert everything or data["results"] == []


@pytest.mark.parametrize(
    "since",
    [
        "0.5",  # pydantic read this as 1970-01-01T00:00:00.5
        "1767225600",
        "2026-01-01",
        "2026-01-01T00:00",
        "2026-01-01T00:00:00",  # no time zone
        "2026-01-01 00:00:00Z",
        "20260101T000000Z",
        "2026-02-30T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T12:00:60Z",  # a leap second only at 23:59:60 UTC
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00+05:60",
        "2026-01-01T00:00:00+0500",
        "２０２６-01-01T00:00:00Z",  # digits of another script
        "2026-01-01T00:00:00Z\n",
        "",
    ],
)
def test_anything_but_an_rfc_3339_date_time_is_a_400_naming_changed_since(client, db, since):
    response = client.get("/api/articles", {"changed_since": since})
    assert response.status_code == 400
    assert response.json()["parameter"] == "changed_since"
    assert "RFC 3339" in response.json()["error"]


def test_a_page_costs_the_same_few_queries_however_many_articles_it_lists(client, sample_content):
    since = (timezone.now() - timedelta(days=1)).isoformat()

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            data = changes(client, changed_since=since, limit=str(limit))
        assert len(data["results"]) == limit
        return len(captured)

    changes(client, changed_since=since, limit="1")  # what any first request reads once
    assert queries(2) == queries(17) <= 4
