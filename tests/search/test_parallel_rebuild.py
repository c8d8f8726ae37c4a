"""A rebuild on both cores gives the same index as a rebuild in one process: the same
documents, and the same answers (order and scores) to the relevance suite's queries."""

import pytest

from articles import search
from articles.search.quality import load_cases
from tests.conftest import LANGUAGES
from tests.paths import RELEVANCE_DIR

pytestmark = pytest.mark.django_db


def build(settings, monkeypatch, tmp_path, processes: str) -> dict:
    """Rebuild into a fresh directory with `processes` analysing processes; return every
    stored document version and the answers to a sample of relevance queries."""
    monkeypatch.setenv("KB_REBUILD_PROCESSES", processes)
    settings.KB_INDEX_DIR = tmp_path / f"index-{processes}"
    search.reset_readers()
    search.clear_caches()
    documents = search.rebuild()
    cases = load_cases(RELEVANCE_DIR)
    answers = {}
    for lang in LANGUAGES:
        for case in cases[lang][:8]:
            hits = search.search(case["q"], lang, log=False).hits
            answers[(lang, case["q"])] = [(hit.slug, round(hit.score, 6)) for hit in hits]
    versions = search.get_index().stored_versions()
    search.reset_readers()
    return {"documents": documents, "versions": versions, "answers": answers}


def test_a_parallel_rebuild_equals_a_serial_one(sample_content, settings, monkeypatch, tmp_path):
    serial = build(settings, monkeypatch, tmp_path, "1")
    parallel = build(settings, monkeypatch, tmp_path, "2")
    assert serial["documents"] == parallel["documents"] > 0
    assert serial["versions"] == parallel["versions"]
    assert serial["answers"] == parallel["answers"]
    assert any(serial["answers"].values())
