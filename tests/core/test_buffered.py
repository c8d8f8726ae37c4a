"""Counts and logs kept in memory and written in batches: none lost, none slowing a page."""

import threading
import time

import pytest

from articles.core.buffered import MAX_PENDING, BufferedWriter
from articles.models import Article
from articles.publishing import services


def test_items_added_from_many_threads_are_all_written_in_batches():
    written: list[list[int]] = []
    writer = BufferedWriter("test", written.append, batch=50, linger=0.05)
    threads = [
        threading.Thread(target=lambda n=n: [writer.add(n * 1000 + i) for i in range(100)])
        for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + 5
    while sum(map(len, written)) < 400 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sorted(item for batch in written for item in batch) == sorted(
        n * 1000 + i for n in range(4) for i in range(100)
    )
    assert max(map(len, written)) <= 50


def test_adding_never_wakes_the_writer_before_its_linger():
    written: list[list[int]] = []
    writer = BufferedWriter("test", written.append, linger=0.5)
    writer.add(1)
    time.sleep(0.1)
    assert written == []  # still waiting: the page that counted did not pay for a write
    writer.flush()
    assert written == [[1]]


def test_a_prompt_writer_writes_soon_after_the_first_item():
    written: list[list[int]] = []
    writer = BufferedWriter("test", written.append, linger=0.02, prompt=True)
    writer.add(1)
    deadline = time.monotonic() + 2
    while not written and time.monotonic() < deadline:
        time.sleep(0.01)
    assert written == [[1]]


def test_a_failing_write_is_logged_and_the_next_batch_still_written(caplog):
    calls: list[list[int]] = []

    def write(items):
        calls.append(items)
        if len(calls) == 1:
            raise RuntimeError("database is locked")

    writer = BufferedWriter("test", write, batch=1)
    writer.add(1)
    writer.add(2)
    writer.flush()
    assert calls == [[1], [2]] and "could not write 1 item" in caplog.text


def test_past_the_limit_new_items_are_dropped(monkeypatch):
    writer = BufferedWriter("test", lambda items: None)
    monkeypatch.setattr(writer, "_ensure_thread", lambda: None)
    for number in range(MAX_PENDING + 5):
        writer.add(number)
    assert len(writer._take()) == MAX_PENDING


@pytest.mark.django_db
def test_article_views_are_counted_in_memory_then_flushed_without_loss(
    sample_content, settings, monkeypatch
):
    settings.KB_BACKGROUND_WRITES = True
    monkeypatch.setattr(services.view_counter, "_ensure_thread", lambda: None)  # hold them
    article = Article.objects.get(slug="fees")
    before = article.views
    for _ in range(25):
        services.count_view(article_id=article.pk)
    article.refresh_from_db()
    assert article.views == before  # nothing written while serving
    services.view_counter.flush()  # what the thread does every `linger` seconds
    article.refresh_from_db()
    assert article.views == before + 25


@pytest.mark.django_db
def test_a_batch_of_views_of_many_articles_is_one_statement(sample_content, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    articles = list(Article.objects.order_by("pk")[:3])
    before = {article.pk: article.views for article in articles}
    batch = [articles[0].pk] * 3 + [articles[1].pk] + [articles[2].pk] * 2
    with CaptureQueriesContext(connection) as queries:
        services.view_counter.write_now(batch)
    assert len([q for q in queries if q["sql"].startswith("UPDATE")]) == 1
    after = dict(Article.objects.filter(pk__in=before).values_list("pk", "views"))
    assert after == {pk: before[pk] + batch.count(pk) for pk in before}
