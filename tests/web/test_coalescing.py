"""Threads of one process that miss the same page at once render it once (after a save,
every visitor of a popular page misses it together); a page that is not stored, or a
render that takes too long, never leaves the others without an answer."""

import threading
import time

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from articles.web import page_cache
from articles.web.coalescing import RequestCoalescer
from articles.web.page_cache import PageCacheMiddleware


@pytest.fixture(autouse=True)
def no_database(monkeypatch):
    """The page's key and lifetime without the database: the threads below read nothing
    from it (SQLite's shared-cache test database locks tables between threads)."""
    monkeypatch.setattr(page_cache, "page_key", lambda request: "kb:page2:test:coalesced")
    monkeypatch.setattr(page_cache.schedules, "cache_seconds", lambda seconds: seconds)
    yield
    caches["pages"].clear()


def together(middleware, count: int) -> list[HttpResponse]:
    """`count` visitors asking for the same page at the same moment."""
    answers: list[HttpResponse] = []
    failures: list[BaseException] = []
    gate = threading.Barrier(count)

    def visit() -> None:
        request = RequestFactory().get("/en/articles/coalesced/")
        gate.wait()
        try:
            answers.append(middleware(request))
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=visit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not failures, failures
    return answers


def slow_view(rendered: list, **headers):
    def view(request):
        rendered.append(threading.get_ident())
        time.sleep(0.3)
        return HttpResponse("the page", headers=headers)

    return view


def test_visitors_missing_the_same_page_together_get_one_render():
    rendered: list = []
    middleware = PageCacheMiddleware(slow_view(rendered, **{"Cache-Control": "public"}))
    answers = together(middleware, 4)
    assert len(rendered) == 1
    assert [answer.status_code for answer in answers] == [200] * 4
    assert {answer.content for answer in answers} == {b"the page"}


def test_a_page_that_is_not_stored_is_rendered_by_each_visitor():
    # A private answer is never shared: the others render their own after the first.
    rendered: list = []
    middleware = PageCacheMiddleware(slow_view(rendered, **{"Cache-Control": "private"}))
    answers = together(middleware, 3)
    assert len(rendered) == 3 and [answer.status_code for answer in answers] == [200] * 3


def test_a_waiting_thread_gives_up_after_the_wait():
    coalescer = RequestCoalescer()
    coalescer.WAIT_SECONDS = 0.05
    with coalescer.first_or_wait("key") as first:
        assert first
        waited: list = []

        def second() -> None:
            started = time.monotonic()
            with coalescer.first_or_wait("key") as again:
                waited.append((again, time.monotonic() - started))

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=5)
    assert waited[0][0] is False and waited[0][1] < 1
    with coalescer.first_or_wait("key") as first_again:  # nothing left under way
        assert first_again
