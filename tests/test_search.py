"""Search behaviour: indexing follows the data, queries are words, failures degrade."""

import threading
import time

import pytest
from django.db import transaction

from articles import search
from articles.models import Article, IndexChange, SearchLog, SynonymGroup
from articles.search.query import normalize_query
from bench.queries import HOSTILE_QUERIES
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def slugs(results) -> list[str]:
    return [hit.slug for hit in results.hits]


def test_finds_the_right_article_with_highlighted_escaped_snippets(search_index):
    results = search.search("my top-up failed", "en")
    assert slugs(results)[0] == "top-up-failed"
    assert "<mark>" in results.hits[0].snippet
    results = search.search("账户被冻结怎么解冻", "zh-hans")
    assert slugs(results)[0] == "account-frozen"
    assert results.hits[0].lang == "zh-hans" and not results.fallback


def test_snippet_escapes_html_from_the_text(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(published=True, body_en="Type `<img src=x onerror=alert(1)>` as zebra text")
    snippet = search.search("zebra", "en").hits[0].snippet
    assert "<img" not in snippet and "&lt;img" in snippet and "<mark>zebra</mark>" in snippet


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


def test_synonyms_from_the_database_apply_without_reindexing(search_index):
    assert search.search("moolah", "en").total == 0
    SynonymGroup.objects.create(language="en", terms="moolah, refund")
    assert slugs(search.search("moolah", "en"))[0] == "request-refund"


def test_clear_caches_forgets_remembered_results_and_synonyms(search_index):
    assert search.search("moolah", "en").total == 0
    # bulk_create sends no signal: only clearing the caches makes the new group visible.
    SynonymGroup.objects.bulk_create([SynonymGroup(language="en", terms="moolah, refund")])
    assert search.search("moolah", "en").total == 0
    search.clear_caches()
    assert slugs(search.search("moolah", "en"))[0] == "request-refund"


def test_seeded_synonyms_find_articles_by_words_they_do_not_contain(search_index):
    assert "top-up-failed" in slugs(search.search("recharge problem", "en"))[:3]
    assert "withdrawal-delayed" in slugs(search.search("cash out pending", "en"))[:3]


def test_questions_with_extra_words_still_find_the_article(search_index):
    assert slugs(search.search("how do I get my money back", "en"))[0] == "request-refund"


@pytest.mark.parametrize(
    ("typo", "corrected", "slug"),
    [("refnud", "refund", "request-refund"), ("verifcation", "verification", "verify-identity")],
)
def test_typos_are_corrected_from_the_vocabulary(search_index, typo, corrected, slug):
    results = search.search(typo, "en")
    assert results.corrected_query == corrected
    assert slug in slugs(results)[:3]


def test_corrections_prefer_the_closest_word_not_the_most_frequent(search_index):
    assert search.search("cancl", "en").corrected_query == "cancel"


def test_no_correction_when_the_query_finds_enough(search_index):
    assert search.search("refund", "en").corrected_query is None


def test_english_fallback_when_the_language_has_no_match(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(published=True, slug="english-only", title_en="Chargeback rules")
    results = search.search("chargeback", "ru")
    # Found through its English stand-in in the Russian index, labelled as English.
    assert slugs(results)[0] == "english-only"
    assert results.hits[0].lang == "en" and results.hits[0].fallback


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_answer_fast_and_never_raise(search_index, query):
    for lang in ("en", "zh-hans", "ar"):
        started = time.perf_counter()
        results = search.search(query, lang)
        assert time.perf_counter() - started < 1.0
        assert results.total == len(results.hits) or results.total > results.per_page


def test_question_marks_are_not_wildcards(search_index):
    assert slugs(search.search("How do I reset my password?", "en"))[0] == "reset-password"
    assert slugs(search.search("كيف أعيد تعيين كلمة المرور؟", "ar"))[0] == "reset-password"


def test_category_filter_and_counts(search_index):
    everything = search.search("account", "en", facets=True)
    assert len(everything.category_counts) > 1
    narrowed = search.search("account", "en", category="security-and-frozen-accounts")
    assert narrowed.total == everything.category_counts["security-and-frozen-accounts"]
    assert {hit.category for hit in narrowed.hits} == {"security-and-frozen-accounts"}


def test_pagination(search_index):
    first = search.search("account", "en", per_page=2)
    second = search.search("account", "en", per_page=2, page=2)
    assert first.total == second.total > 4
    assert not set(slugs(first)) & set(slugs(second))


def test_suggestions_match_title_prefixes_fast(search_index):
    assert search.suggest("pass", "en")[0].slug == "reset-password"
    assert "top-up-failed" in [hit.slug for hit in search.suggest("充值", "zh-hans")]
    assert search.suggest("充值失", "zh-hans")[0].slug == "top-up-failed"  # mid-word
    assert search.suggest("withdr del", "en")[0].slug == "withdrawal-delayed"
    assert search.suggest("", "en") == [] and search.suggest("*", "en") == []


def test_suggestions_follow_renames_and_unpublishing(
    search_index, django_capture_on_commit_callbacks
):
    assert "fees" in [hit.slug for hit in search.suggest("how much", "en")]  # now cached
    article = Article.objects.get(slug="fees")
    with django_capture_on_commit_callbacks(execute=True):
        article.title_en = "Zanzibar pricing explained"
        article.save()
    assert [hit.slug for hit in search.suggest("zanz", "en")] == ["fees"]
    # Still suggested through its keywords ("how much"), under its new title.
    renamed = [hit.title for hit in search.suggest("how much", "en") if hit.slug == "fees"]
    assert renamed == ["Zanzibar pricing explained"]
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.DRAFT
        article.save()
    assert search.suggest("zanz", "en") == []


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


def test_missing_index_degrades_to_a_database_search(sample_content, caplog):
    results = search.search("refund", "en")
    assert results.degraded
    assert "request-refund" in slugs(results)
    assert "rebuild_search_index" in caplog.text
    assert search.health()["ok"] is False
    caplog.clear()
    assert search.search("fees", "en").degraded
    assert "unavailable" not in caplog.text, "said once a minute, not once per search"


def test_corrupt_index_degrades_instead_of_failing(search_index, settings):
    generation = search.get_index().generation_dir()
    for path in generation.iterdir():
        if path.suffix in {".seg", ".toc"} or path.name.startswith("_"):
            path.write_bytes(b"garbage")
    search.reset_readers()  # as a fresh process would: open the files anew
    results = search.search("refund", "en")
    assert results.degraded and "request-refund" in slugs(results)


def test_schema_version_mismatch_names_the_fixing_command(search_index, monkeypatch):
    from articles.search.backends.whoosh import schema

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    search.reset_readers()
    with pytest.raises(search.IndexUnavailable, match="rebuild_search_index"):
        search.get_index().status()
    assert search.search("refund", "en").degraded


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


@pytest.fixture(scope="module")
def large_index(tmp_path_factory):
    """A 1,000-document synthetic index (200 articles × 5 languages), built once."""
    from articles.models import language_codes
    from articles.search.backends.whoosh import WhooshBackend
    from bench.synthetic import synthetic_documents

    index = WhooshBackend(tmp_path_factory.mktemp("large"), language_codes())
    index.rebuild(synthetic_documents(200), applied_change_id=0)
    return index


@pytest.mark.slow
@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_stay_fast_on_a_larger_index(large_index, query):
    from articles.search.query import plan_query

    for lang in ("en", "zh-hans", "ar"):
        started = time.perf_counter()
        large_index.search(
            plan_query(normalize_query(query), lang), category=None, offset=0, limit=10
        )
        assert time.perf_counter() - started < 0.5, (lang, query[:30])


def test_repeated_searches_are_cached_until_the_index_changes(
    search_index, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    original = search._search_index
    monkeypatch.setattr(
        search, "_search_index", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    first = search.search("refund", "en")
    again = search.search("  REFUND ", "en")  # the same normalized query
    assert len(calls) == 1 and [h.slug for h in again.hits] == [h.slug for h in first.hits]
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.get(slug="fees")
        article.title_en = "Refund fees"
        article.save()
    search.search("refund", "en")
    assert len(calls) == 2


def test_snippets_mark_what_was_typed_and_one_word_synonyms_not_parts_of_phrases(search_index):
    snippet = search.search("refund", "en").hits[0].snippet
    assert "<mark>refund" in snippet.lower()
    assert "<mark>get</mark>" not in snippet and "<mark>back</mark>" not in snippet


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


def test_degraded_search_on_postgresql_is_ranked_and_highlighted(missing_index, search_backend):
    from tests.conftest import on_postgresql

    if not on_postgresql() or search_backend != "whoosh":
        pytest.skip("the shared tables serve the degraded mode of Whoosh on PostgreSQL only")
    results = search.search("refnud", "en")  # the icontains fallback finds nothing here
    assert results.degraded and results.corrected_query == "refund"
    assert slugs(results)[0] == "request-refund" and "<mark>" in results.hits[0].snippet
