"""Shared fixtures.

The test database holds the sample help center from the start (loaded once per session),
and a search index of it is built once into a template directory; every test gets its own
index directory (a copy of the template when it asks for `search_index`).
"""

import shutil
import types

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.utils import translation

from articles import search
from articles.publishing import schedules
from articles.publishing.services import load_sample_content
from articles.search import search_log
from articles.web import page_cache, page_versions

LANGUAGES = ["en", "zh-hans", "ru", "es", "ar"]
SEARCH_BACKENDS = ["whoosh", "postgres"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """After the test database is created: sample content, and its index as a template."""
    from django.conf import settings

    template = tmp_path_factory.mktemp("index-template")
    original = settings.KB_INDEX_DIR, settings.KB_BACKGROUND_WRITES
    settings.KB_INDEX_DIR, settings.KB_BACKGROUND_WRITES = template, False
    with django_db_blocker.unblock():
        try:
            search.rebuild()  # an empty index first, so loading syncs into it
            load_sample_content()
        finally:
            settings.KB_INDEX_DIR, settings.KB_BACKGROUND_WRITES = original
    settings.KB_TEST_INDEX_TEMPLATE = template


@pytest.fixture(autouse=True)
def _isolated_data(settings, tmp_path):
    """Every test gets its own index directory and writes its search log synchronously."""
    settings.KB_INDEX_DIR = tmp_path / "index"
    settings.MEDIA_ROOT = tmp_path / "media"  # uploaded images
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.KB_BACKGROUND_WRITES = False
    search.clear_caches()
    cache.clear()  # cached listings, rate limits
    search_log.budget = search_log.MinuteBudget()  # a fresh per-minute search-log budget
    schedules.forget_remembered_boundary()  # and what this process remembers of it
    # The interface language a request activated stays active in the thread afterwards;
    # every test starts in the source language, whatever ran before it in this worker.
    translation.activate(settings.LANGUAGE_CODE)
    caches["pages"].clear()  # cached pages: each test's rolled-back versions repeat
    page_cache.forget_content_version()
    page_versions.forget_slug_topics()


@pytest.fixture
def sample_content(db):
    """The sample help center: loaded into the test database once per session."""
    from articles.models import Article

    assert Article.objects.filter(slug="top-up-failed").exists()


@pytest.fixture
def search_index(sample_content, settings):
    """The sample help center, indexed (a copy of the session's template index)."""
    shutil.copytree(settings.KB_TEST_INDEX_TEMPLATE, settings.KB_INDEX_DIR, symlinks=True)


@pytest.fixture
def editor_client(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="ed", groups=["Editors"]))
    return client


@pytest.fixture
def translator_client(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="tr", groups=["Translators", "Translators (es)"]))
    return client


def on_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(params=SEARCH_BACKENDS)
def search_backend(request, settings):
    """Runs a test once per search backend (KB_SEARCH_BACKEND); `postgres` only when the
    suite runs on PostgreSQL (DATABASE_URL), where its tables hold the sample content."""
    if request.param == "postgres" and not on_postgresql():
        pytest.skip("the postgres search backend needs DATABASE_URL to point at PostgreSQL")
    settings.KB_SEARCH_BACKEND = request.param
    return request.param


@pytest.fixture
def missing_index(sample_content, search_backend):
    """No search index for the backend under test (the PostgreSQL tables are emptied
    inside the test's transaction, so the next test finds them again)."""
    if search_backend == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM kb_search_state")


@pytest.fixture
def frozen_window(monkeypatch):
    """The rate limits' clock stands still, so a burst never straddles two counting
    windows (django-ratelimit's windows are fixed: a minute's count starts again at 0)."""
    from django_ratelimit import core as ratelimit_core

    monkeypatch.setattr(ratelimit_core, "time", types.SimpleNamespace(time=lambda: 1.8e9))
