"""The index applier: while it runs, workers leave index writes to it; when it does not,
they apply their saves themselves; it applies what any process logs, within a second."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from articles import search
from articles.models import Article, IndexChange
from articles.search import applier
from tests.paths import ROOT
from tests.search.servers import _free_port, answers, poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(monkeypatch):
    """On-commit callbacks (index syncs) run at once, as after a real request's commit."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def process_state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def test_an_applier_is_alive_only_while_its_process_runs(monkeypatch):
    monkeypatch.delenv(applier.APPLIER_ENV, raising=False)
    assert not applier.applier_alive()
    for value, alive in (("not a pid", False), (str(os.getpid()), True)):
        monkeypatch.setenv(applier.APPLIER_ENV, value)
        assert applier.applier_alive() is alive, value
    ended = subprocess.Popen(["true"])  # noqa: S607
    deadline = time.monotonic() + 10
    while process_state(ended.pid) != "Z":  # exited, not reaped yet: a zombie
        assert time.monotonic() < deadline
        time.sleep(0.01)
    monkeypatch.setenv(applier.APPLIER_ENV, str(ended.pid))
    assert not applier.applier_alive()
    ended.wait()  # reaped: no such process at all
    assert not applier.applier_alive()


def retitle(slug: str, title: str) -> None:
    article = Article.objects.get(slug=slug)
    article.title_en = title
    article.save()


def found(word: str) -> list[str]:
    return [hit.slug for hit in search.search(word, "en").hits]


def test_a_worker_leaves_its_save_to_a_live_applier(search_index, committed, monkeypatch):
    monkeypatch.setenv(applier.APPLIER_ENV, str(os.getpid()))  # alive: this very process
    retitle("request-refund", "Capybara refunds")
    applied = search.get_index().status().applied_change_id
    assert IndexChange.objects.filter(id__gt=applied).exists()  # logged, not applied here
    search.sync()  # what the applier does
    assert found("capybara") == ["request-refund"]


def test_without_an_applier_a_worker_applies_its_save(search_index, committed, monkeypatch):
    ended = subprocess.Popen(["true"])  # noqa: S607
    ended.wait()
    monkeypatch.setenv(applier.APPLIER_ENV, str(ended.pid))  # it died
    retitle("request-refund", "Capybara refunds")
    assert found("capybara") == ["request-refund"]


def test_the_applier_applies_each_change_once_then_merges_when_quiet(monkeypatch):
    calls, latest = [], iter([None, 3, 3, 3, 4, 4] + [4] * 30)
    monkeypatch.setattr(applier, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(applier, "QUIET_SECONDS", 0.05)
    parent = os.getppid()

    def latest_change():
        value = next(latest, "stop")
        if value == "stop":  # as if the parent process were gone
            monkeypatch.setattr(os, "getppid", lambda: parent + 1)
            return 4
        return value

    def merge():
        calls.append("merge")
        time.sleep(0.06)  # the quiet time passes during it: one merge only

    applier.follow(lambda: calls.append("sync") or 1, latest_change, merge)
    syncs = [n for n, call in enumerate(calls) if call == "sync"]
    assert len(syncs) == 2  # once per new change, none while nothing new came
    assert "merge" in calls[syncs[-1] :]  # once quiet after the last one


@pytest.fixture(scope="module")
def live_env(tmp_path_factory):
    """A migrated, indexed help center in files of its own, for processes (SQLite)."""
    data = tmp_path_factory.mktemp("applier") / "data"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings", "KB_RATE_LIMIT": "0",
           "KB_DATA_DIR": str(data), "KB_BACKGROUND_WRITES": "0", "PYTHONPATH": str(ROOT)}  # fmt: skip
    env.pop("DATABASE_URL", None)
    for command in (["migrate", "-v0"], ["load_sample_content"], ["rebuild_search_index", "-v0"]):
        manage(env, *command)
    return env


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    return done.stdout


def saved_and_found(env: dict, applier_pid: int, slug: str, word: str) -> float:
    """Seconds until another process's save (leaving the index to `applier_pid`) is found."""
    told = {**env, applier.APPLIER_ENV: str(applier_pid)}
    waited = manage(told, "shell", "-c", SAVE_AND_WAIT.format(slug=slug, word=word))
    return float(waited.strip().splitlines()[-1])


def started_at(pid: int) -> int:
    """When `pid` started (clock ticks since boot: /proc/<pid>/stat's 22nd field)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[19])


def gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while os.path.exists(f"/proc/{pid}") and process_state(pid) != "Z":
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.slow
def test_the_applier_process_applies_another_process_save_and_ends_with_its_parent(live_env):
    # A parent shell that starts the applier, says its pid, and waits to be killed.
    follow = f"{sys.executable} manage.py sync_search_index --follow -v0"
    parent = subprocess.Popen(["sh", "-c", f"{follow} & echo $!; sleep 600"], cwd=ROOT,
                              env=live_env, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        applier_pid = int(parent.stdout.readline())
        assert saved_and_found(live_env, applier_pid, "request-refund", "axolotl") < 10
    finally:
        parent.kill()
        parent.wait()
    assert gone(applier_pid), "the applier outlived its parent"


@pytest.mark.slow
def test_gunicorn_forks_an_applier_that_applies_saves_and_stops_with_it(live_env):
    port = _free_port()
    master = subprocess.Popen([sys.executable, "-m", "gunicorn", "kb.wsgi", "-c",
                               "gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "-w", "2"],
                              cwd=ROOT, env=live_env, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        assert poll(lambda: answers(port), 120), "gunicorn did not start"
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
        assert poll(lambda: len(children.read_text().split()) == 3, 30)  # 2 workers + applier
        # Forked first, before the workers: the earliest started of the master's children.
        applier_pid = min(map(int, children.read_text().split()), key=started_at)
        assert saved_and_found(live_env, applier_pid, "account-frozen", "narwhal") < 10
    finally:
        master.terminate()
        master.wait(timeout=30)
    assert gone(applier_pid), "the applier outlived gunicorn"


SAVE_AND_WAIT = """
import time
from articles import search
from articles.models import Article
article = Article.objects.get(slug="{slug}")
article.title_en = "{word} " + article.title_en
article.save()
started = time.monotonic()
while [h.slug for h in search.search("{word}", "en").hits] != ["{slug}"]:
    assert time.monotonic() - started < 30, "not applied"
    time.sleep(0.05)
print(time.monotonic() - started)
"""
