"""A host without a usable index builds it by itself when it starts, in the background,
once however many servers start on the index directory, and /healthz says so meanwhile."""

import fcntl
import json
import os
from contextlib import ExitStack

import pytest
from django.core.management import call_command

from articles import search
from articles.search.startup import BUILD_LOCK
from tests.paths import ROOT
from tests.search.servers import get, poll, run_manage, server


@pytest.mark.slow
def test_a_new_host_builds_its_index_by_itself_at_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)  # SQLite: one host, one disk
    index_dir = tmp_path / "index"
    env.update(
        DJANGO_SETTINGS_MODULE="kb.settings",
        KB_DATA_DIR=str(tmp_path / "data"),
        KB_INDEX_DIR=str(index_dir),
        KB_RATE_LIMIT="0",
        PYTHONPATH=str(ROOT),
    )
    run_manage(env, "migrate", "-v0")
    run_manage(env, "load_sample_content")  # no index yet: the changes stay in the log
    assert not index_dir.exists() or not any(index_dir.iterdir())
    states = []

    def healthy(url: str) -> bool:
        status, body = get(f"{url}/healthz")
        states.append((status, json.loads(body)["index"].get("state")))
        return status == 200

    # Two servers (two workers each) start at once on the same empty directory.
    with ExitStack() as servers:
        urls = [servers.enter_context(server(env)) for _ in range(2)]
        assert all(poll(lambda url=url: healthy(url), 120) for url in urls), states[-1]
        # Meanwhile /healthz said "building" (503), never that nobody was building it.
        assert {state for status, state in states if status != 200} <= {"building"}, states
        assert {state for status, state in states if status == 200} <= {"in step"}, states
        for url in urls:
            body = json.loads(get(f"{url}/api/search?q=reset+password&lang=en")[1])
            assert "degraded" not in body and body["results"][0]["slug"] == "reset-password"
    assert len(list(index_dir.glob("gen-*"))) == 1  # built once
    assert not list(index_dir.glob(".building-*"))


@pytest.mark.django_db
def test_rebuild_if_needed_builds_only_a_missing_or_unusable_index(sample_content, settings):
    call_command("rebuild_search_index", "--if-needed", verbosity=0)  # nothing there: built
    generation = search.get_index().generation_dir()
    call_command("rebuild_search_index", "--if-needed", verbosity=0)  # opens: left alone
    assert search.get_index().generation_dir() == generation
    for name in os.listdir(generation):
        (generation / name).write_bytes(b"damaged")
    call_command("rebuild_search_index", "--if-needed", verbosity=0)  # unusable: rebuilt
    assert search.get_index().generation_dir() != generation
    assert search.health()["state"] == "in step"


@pytest.mark.django_db
def test_rebuild_if_needed_leaves_the_build_to_the_process_holding_the_lock(
    sample_content, settings, capsys
):
    settings.KB_INDEX_DIR.mkdir(parents=True)
    with open(settings.KB_INDEX_DIR / BUILD_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process is checking or building
        call_command("rebuild_search_index", "--if-needed", verbosity=0)
    assert "not built" in capsys.readouterr().out
    assert search.health()["state"] == "unavailable"
