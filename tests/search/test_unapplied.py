"""What a host's index has not applied yet never shows: an article unpublished on another
host (or by a process that died before its index commit) leaves this host's search and
suggestions as soon as the database says so, cached answers included."""

import pytest

from articles import search
from articles.models import Article, TranslationState
from articles.publishing.services import unpublish_articles
from articles.search import indexing
from tests.search.results import slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_behind(search_index, settings, monkeypatch):
    """Changes are logged but not applied: the sync this process asks for stays queued
    (as while another host's change waits for this host's background thread)."""
    settings.KB_BACKGROUND_WRITES = True
    monkeypatch.setattr(indexing.background_sync, "_ensure_thread", lambda: None)
    yield
    indexing.background_sync.flush()  # what the background thread does next


def test_an_unpublished_article_leaves_search_before_the_index_applies_it(index_behind):
    before = search.search("fees", "en", log=False)  # answered, and cached, before
    assert "fees" in slugs(before)
    assert "fees" in [hit.slug for hit in search.suggest("fee", "en")]
    unpublish_articles(articles=Article.objects.filter(slug="fees"))
    after = search.search("fees", "en", log=False)
    assert "fees" not in slugs(after)
    assert after.total == before.total - 1
    assert "fees" not in [hit.slug for hit in search.suggest("fee", "en")]
    # The index itself still holds it, and this process asked for a sync.
    assert search.check().pending_changes and indexing.syncing()
    indexing.background_sync.flush()
    assert "fees" not in slugs(search.search("fees", "en", log=False))
    assert search.check().in_step


def test_a_translation_sent_back_to_draft_leaves_its_languages_search(index_behind):
    fees = Article.objects.get(slug="fees")
    hits = search.search(fees.title_ru, "ru", log=False).hits
    assert [hit.lang for hit in hits if hit.slug == "fees"] == ["ru"]
    TranslationState.objects.filter(article=fees, language="ru").update(status="draft")
    TranslationState.objects.get(article=fees, language="ru").save()  # as the admin saves it
    hits = search.search(fees.title_ru, "ru", log=False).hits
    assert "ru" not in [hit.lang for hit in hits if hit.slug == "fees"]
    # Its English version is still live: English search is unchanged.
    assert "fees" in slugs(search.search("fees", "en", log=False))


def test_a_live_article_with_an_unapplied_edit_still_shows(index_behind):
    fees = Article.objects.get(slug="fees")
    fees.title_en = "Quokka " + fees.title_en
    fees.save()
    assert "fees" in slugs(search.search("fees", "en", log=False))
    assert "fees" not in slugs(search.search("quokka", "en", log=False))  # not applied yet
    indexing.background_sync.flush()
    assert slugs(search.search("quokka", "en", log=False)) == ["fees"]


def test_a_search_applies_what_the_index_lacks(search_index):
    """Without a background thread (KB_BACKGROUND_WRITES=0) the search applies it first."""
    fees = Article.objects.get(slug="fees")
    fees.title_en = "Ocelot " + fees.title_en
    fees.save()  # logged; the test's transaction keeps on_commit from running
    assert slugs(search.search("ocelot", "en", log=False)) == ["fees"]
    assert search.check().in_step


def test_search_answers_when_the_change_log_cannot_be_read(search_index, monkeypatch):
    from django.db import DatabaseError

    from articles.search import unapplied

    def unreachable(index):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(unapplied, "_read", unreachable)
    search.clear_caches()
    assert "fees" in slugs(search.search("fees", "en", log=False))
    assert "fees" in [hit.slug for hit in search.suggest("fee", "en")]
