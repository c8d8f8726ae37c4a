"""Indexing follows the data: saves, deletes, rollbacks, rebuilds, drift, locks, sync."""

import threading
import time

import pytest
from django.db import transaction

from articles import search
from articles.models import Article, IndexChange
from tests.factories import ArticleFactory
from tests.search.results import slugs

pytestmark = pytest.mark.django_db


def test_a_saved_article_is_searchable_after_commit(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(published=True, title_en="Quokka payments explained")
    assert slugs(search.search("quokka", "en")) == [article.slug]
    with django_capture_on_commit_callbacks(execute=True):
        article.title_en = "Wombat payments explained"
        article.save()
    assert slugs(search.search("quokka", "en")) == []
    assert slugs(search.search("wombat", "en")) == [article.slug]


def test_unpublish_and_delete_remove_documents(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArticleFactory(published=True, title_en="Narwhal fees", languages=["ru"])
        gone = ArticleFactory(published=True, title_en="Narwhal limits")
    assert len(search.search("narwhal", "en").hits) == 2
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Article.Status.DRAFT
        draft.save()
        gone.delete()
    assert search.search("narwhal", "en").total == 0
    assert search.check().in_step


def test_one_document_per_translation_each_in_its_language(
    search_index, django_capture_on_commit_callbacks
):
    before = search.get_index().status().documents
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(published=True, slug="multi", languages=["ru", "es"])
    # Untranslated languages get the English text as a stand-in, labelled (fallback).
    assert search.get_index().status().documents == before + 5
    indexed = search.get_index().stored_versions()
    assert {f"{article.pk}:en", f"{article.pk}:ru", f"{article.pk}:es"} <= set(indexed)
    assert {f"{article.pk}:ar:en", f"{article.pk}:zh-hans:en"} <= set(indexed)
    assert f"{article.pk}:ar" not in indexed


def test_no_change_is_applied_inside_a_rolled_back_transaction(
    search_index, django_capture_on_commit_callbacks
):
    before = IndexChange.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                ArticleFactory(published=True, title_en="Platypus")
                raise RuntimeError("editor cancelled")
        except RuntimeError:
            pass
    assert search.search("platypus", "en").total == 0
    assert IndexChange.objects.count() == before


def test_rebuild_swaps_while_a_reader_of_the_old_index_keeps_working(search_index):
    from whoosh import index as whoosh_index  # only to play "another process's reader"

    index = search.get_index()
    old_generation = index.generation_dir()
    other_process = whoosh_index.open_dir(str(old_generation)).searcher()
    search.rebuild()
    assert index.generation_dir() != old_generation
    assert other_process.doc_count() == index.status().documents + 1
    other_process.close()
    assert slugs(search.search("refund", "en"))[0] == "request-refund"


def test_check_reports_drift_until_synced(search_index):
    article = Article.objects.get(slug="fees")
    with transaction.atomic():  # inside the test's transaction: no on_commit sync
        article.title_en = "Fees and charges explained"
        article.save()
    report = search.check()
    assert not report.in_step and report.pending_changes == 1
    assert f"{article.pk}:en" in report.stale
    search.sync()
    assert search.check().in_step


def test_cron_sync_prunes_only_old_changes_the_index_has_applied(search_index):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    applied = search.get_index().status().applied_change_id
    assert applied and IndexChange.objects.filter(id__lte=applied).exists()
    IndexChange.objects.update(created_at=timezone.now() - timedelta(days=40))
    article = Article.objects.get(slug="fees")
    with transaction.atomic():  # inside the test's transaction: no on_commit sync
        article.save()
    pending = IndexChange.objects.latest("id")
    IndexChange.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(days=90))
    assert search.prune_change_log(keep_days=30) > 0
    # Old applied rows are gone; the old change the index has not applied is kept.
    assert list(IndexChange.objects.values_list("pk", flat=True)) == [pending.pk]
    call_command("sync_search_index", "--keep-days", "30")
    assert search.get_index().status().applied_change_id == pending.pk
    assert not IndexChange.objects.exists() and search.check().in_step


def test_a_held_writer_lock_delays_but_never_loses_a_change(search_index):
    index = search.get_index()
    article = Article.objects.get(slug="fees")
    article.title_en = "Lemur fees"
    article.save()  # logged; the test's transaction keeps on_commit from running
    holder = index.generations.open(index.generation_dir()).writer()
    try:
        with pytest.raises(search.IndexBusy):
            search.sync(timeout=0.3)
        assert search.search("lemur", "en").total == 0
    finally:
        threading.Thread(target=holder.cancel).start()
    time.sleep(0.2)
    search.sync()
    assert slugs(search.search("lemur", "en")) == ["fees"]


def test_readers_catch_up_with_changes_no_process_applied(search_index, monkeypatch):
    article = Article.objects.get(slug="fees")
    article.title_en = "Ocelot fees"
    article.save()  # committed (as far as this connection sees) but never synced
    search.reset_readers()  # as a fresh process would: look for unapplied changes at once
    assert slugs(search.search("ocelot", "en")) == ["fees"]


def test_a_save_does_not_wait_for_the_index_update(
    search_index, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from articles.search import indexing

    settings.KB_BACKGROUND_WRITES = True
    monkeypatch.setattr(indexing.background_sync, "_ensure_thread", lambda: None)  # hold it
    article = Article.objects.get(slug="fees")
    with django_capture_on_commit_callbacks(execute=True):
        article.title_en = "Capybara fees"
        article.save()
    assert slugs(search.search("capybara", "en", log=False)) == [], "applied later, not in the save"
    indexing.background_sync.flush()  # what the background thread does next
    assert slugs(search.search("capybara", "en", log=False)) == ["fees"]


def test_renaming_a_category_slug_reindexes_its_articles(
    search_index, django_capture_on_commit_callbacks
):
    from articles.models import Category

    category = Category.objects.get(slug="withdrawals")
    with django_capture_on_commit_callbacks(execute=True):
        category.name_en = "Cash-outs"
        category.save()
    assert search.check().in_step and not search.check().pending_changes
    with django_capture_on_commit_callbacks(execute=True):
        category.slug = "cash-outs"
        category.save()
    assert {
        hit.category for hit in search.search("withdrawal", "en", category="cash-outs").hits
    } == {"cash-outs"}


def test_postgres_index_is_written_in_the_saving_transaction(settings, search_index):
    from tests.conftest import on_postgresql

    if not on_postgresql():
        pytest.skip("the postgres search backend needs DATABASE_URL to point at PostgreSQL")
    settings.KB_SEARCH_BACKEND = "postgres"
    with transaction.atomic():  # no commit, no on_commit: the transaction itself writes
        article = ArticleFactory(published=True, title_en="Pangolin payouts")
        assert slugs(search.search("pangolin", "en")) == [article.slug]
        assert search.check().in_step
        assert not IndexChange.objects.filter(article_id=article.pk).exists()
        transaction.set_rollback(True)
    assert search.search("pangolin", "en").total == 0


def test_saves_commit_without_merging_and_their_segments_are_merged_afterwards(
    search_index, django_capture_on_commit_callbacks, monkeypatch
):
    # A merge cost a save 0.3–1.5 s before it was searchable: a batch commits a segment of
    # its own, and sync merges the small segments once its changes are visible.
    from articles.search.backends.whoosh import writing

    index = search.get_index()

    def segments() -> int:
        return len(index.generations.open(index.generation_dir())._segments())

    merges = []
    monkeypatch.setattr(writing, "MERGE_AFTER_SEGMENTS", 10**6)  # no merging first
    article = ArticleFactory(published=True, title_en="Quokka payments")
    before = segments()
    for number in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            article.title_en = f"Quokka payments {number} wombat{number}"
            article.save()
    assert segments() == before + 6  # one new segment per save, none merged
    monkeypatch.setattr(writing, "MERGE_AFTER_SEGMENTS", 3)
    original = writing.merge_small_segments
    monkeypatch.setattr(
        "articles.search.backends.whoosh.backend.merge_small_segments",
        lambda *args, **kwargs: merges.append(original(*args, **kwargs)) or merges[-1],
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.title_en = "Quokka payments wombat9"
        article.save()
    assert merges == [True] and segments() < before + 7
    assert slugs(search.search("wombat9", "en")) == [article.slug]
    assert slugs(search.search("wombat5", "en")) == []
    assert search.check().in_step
