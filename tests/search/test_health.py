"""/healthz's view of the index: in step, catching up (still healthy, and the check itself
starts applying what is missing), behind (a change waited too long: 503), building."""

import os
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import search
from articles.models import Article, IndexChange
from articles.search import indexing
from articles.search.backends.whoosh.storage import BUILDER_PID

pytestmark = pytest.mark.django_db


def retitle(slug: str, word: str) -> None:
    """Save a change that is logged but not applied (the test's transaction keeps on_commit
    from running), as another host's save looks to this one."""
    article = Article.objects.get(slug=slug)
    article.title_en = f"{word} {article.title_en}"
    article.save()


def test_a_host_a_few_changes_behind_is_healthy_and_catches_up_when_checked(
    client, search_index, settings, monkeypatch
):
    settings.KB_BACKGROUND_WRITES = True
    monkeypatch.setattr(indexing.background_sync, "_ensure_thread", lambda: None)
    retitle("fees", "Okapi")
    retitle("withdrawal-delayed", "Okapi")
    response = client.get("/healthz")
    assert response.status_code == 200
    index = response.json()["index"]
    assert (index["ok"], index["state"], index["pending_changes"]) == (True, "catching up", 2)
    assert 0 <= index["lag_seconds"] < 60
    assert indexing.syncing()  # the check started applying them, with no search on this host
    indexing.background_sync.flush()
    index = client.get("/healthz").json()["index"]
    assert (index["state"], index["pending_changes"], index["lag_seconds"]) == ("in step", 0, 0)
    assert search.search("okapi", "en", log=False).total == 2


def test_a_host_that_cannot_apply_a_change_for_a_minute_is_503(client, search_index):
    retitle("fees", "Okapi")
    IndexChange.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    index = search.get_index()
    holder = index.generations.open(index.generation_dir()).writer()  # a writer that hangs
    try:
        response = client.get("/healthz")
    finally:
        threading.Thread(target=holder.cancel).start()
    assert response.status_code == 503
    assert response.json()["index"]["state"] == "behind"
    time.sleep(0.2)
    assert client.get("/healthz").status_code == 200  # applied by this check: in step again


def test_a_host_building_its_index_says_so(client, sample_content, settings):
    root = settings.KB_INDEX_DIR
    root.mkdir(parents=True)
    response = client.get("/healthz")
    assert (response.status_code, response.json()["index"]["state"]) == (503, "unavailable")
    (root / BUILDER_PID).write_text(str(os.getpid()))  # a live process building it
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["index"]["state"] == "building"
    assert "rebuild_search_index" not in response.json()["index"]["error"]
