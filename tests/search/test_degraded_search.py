"""A missing, corrupt or outdated index degrades search to the database, never a 500."""

import pytest

from articles import search
from tests.search.results import slugs

pytestmark = pytest.mark.django_db


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


def test_degraded_search_on_postgresql_is_ranked_and_highlighted(missing_index, search_backend):
    from tests.conftest import on_postgresql

    if not on_postgresql() or search_backend != "whoosh":
        pytest.skip("the shared tables serve the degraded mode of Whoosh on PostgreSQL only")
    results = search.search("refnud", "en")  # the icontains fallback finds nothing here
    assert results.degraded and results.corrected_query == "refund"
    assert slugs(results)[0] == "request-refund" and "<mark>" in results.hits[0].snippet
