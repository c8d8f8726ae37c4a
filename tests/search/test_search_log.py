"""The search log stays bounded: pruned by age, and capped per minute under a flood."""

import types
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from articles import search
from articles.models import SearchLog

pytestmark = pytest.mark.django_db


def test_a_flood_of_distinct_queries_cannot_grow_the_log_past_its_minute_budget(
    search_index, settings, monkeypatch
):
    from articles.search import search_log

    monkeypatch.setattr(search_log, "time", types.SimpleNamespace(time=lambda: 1.8e9))
    settings.KB_RATE_LIMIT = False  # limits off (a load test): the log must still hold
    settings.KB_SEARCH_LOG_PER_MINUTE = 25
    client = Client()
    for n in range(80):
        assert client.get(f"/api/search?q=refund{n}&lang=en").status_code == 200
    assert SearchLog.objects.count() == 25
    # The next minute, searches are logged again.
    monkeypatch.setattr(search_log, "time", types.SimpleNamespace(time=lambda: 1.8e9 + 60))
    client.get("/api/search?q=next&lang=en")
    assert SearchLog.objects.filter(query="next").exists()


def test_searches_are_logged_below_the_budget(search_index):
    client = Client()
    for word in ("refund", "fees", "password"):
        client.get(f"/en/search/?q={word}")
    assert sorted(SearchLog.objects.values_list("query", flat=True)) == [
        "fees",
        "password",
        "refund",
    ]


def make_entry(query: str, age_days: float) -> SearchLog:
    return SearchLog.objects.create(
        query=query,
        language="en",
        results=0,
        created_at=timezone.now() - timedelta(days=age_days),
    )


def test_prune_search_log_deletes_entries_older_than_keep_days(capsys):
    for n in range(7):
        make_entry(f"old {n}", 100)
    make_entry("last month", 30)
    make_entry("today", 0)
    call_command("prune_search_log")  # default: keep 90 days
    assert "7 entries" in capsys.readouterr().out
    assert sorted(SearchLog.objects.values_list("query", flat=True)) == ["last month", "today"]
    call_command("prune_search_log", "--keep-days", "7")
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["today"]


def test_prune_search_log_works_in_batches(monkeypatch):
    from articles.search import search_log

    monkeypatch.setattr(search_log, "PRUNE_BATCH", 3)
    for n in range(10):
        make_entry(f"old {n}", 200)
    assert search_log.prune(keep_days=90) == 10
    assert not SearchLog.objects.exists()


@pytest.mark.parametrize("days", ["0", "-5"])
def test_prune_search_log_refuses_to_delete_everything(days):
    make_entry("today", 0)
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_search_log", "--keep-days", days)
    assert SearchLog.objects.count() == 1


def test_every_search_is_logged_with_language_and_count(search_index):
    search.search("  Refund   ", "en")
    search.search("zzzqqq", "es")
    logged = list(SearchLog.objects.order_by("pk").values_list("query", "language", "results"))
    assert logged[0][:2] == ("Refund", "en") and logged[0][2] > 0
    assert logged[1] == ("zzzqqq", "es", 0)


def test_search_log_failure_never_breaks_a_search(search_index, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(SearchLog.objects, "bulk_create", broken)
    assert search.search("refund", "en").total > 0


def test_async_search_log_queues_instead_of_writing_in_the_request(
    search_index, settings, monkeypatch
):
    from articles.search import search_log

    settings.KB_BACKGROUND_WRITES = True
    monkeypatch.setattr(search_log.writer, "_ensure_thread", lambda: None)  # hold the queue
    search.search("background refund", "en")
    assert not SearchLog.objects.filter(query="background refund").exists()
    search_log.writer.flush()
    assert SearchLog.objects.filter(query="background refund").exists()
