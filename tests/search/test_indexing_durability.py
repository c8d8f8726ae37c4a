"""No lost update: several processes saving at once, and processes killed mid-way.

These tests run real processes against a real database file (or a scratch PostgreSQL
database when the suite runs with DATABASE_URL), not the test transaction, once per
search backend (the PostgreSQL one only on PostgreSQL).
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.paths import ROOT
from tests.search.durability_scripts import (
    DIE_AFTER_COMMIT,
    KILLED_WHILE_REBUILDING,
    KILLED_WHILE_WRITING,
    SLOW_SAVE_IN_THE_BACKGROUND,
    TRUNCATED_UNDER_A_READER,
    WORKER,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["whoosh", "postgres"])
def live_env(request, tmp_path_factory):
    """Environment of a separate, migrated and indexed help center for subprocesses.

    Shared by this module's tests (setting it up is most of their time): each works on
    its own articles and leaves the index in step with the database.
    """
    tmp_path = tmp_path_factory.mktemp("live")
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if request.param == "postgres" and not on_postgresql:
        pytest.skip("the postgres search backend needs DATABASE_URL to point at PostgreSQL")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        KB_SEARCH_BACKEND=request.param,
        DJANGO_SETTINGS_MODULE="kb.settings",
        KB_DATA_DIR=str(tmp_path / "data"),
        KB_BACKGROUND_WRITES="0",
        # No throttles (and so no "rate limits are per process" warning in commands' stderr).
        KB_RATE_LIMIT="0",
        PYTHONPATH=str(ROOT),
    )
    scratch_db = None
    if on_postgresql:
        import psycopg

        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        scratch_db = f"kb_durability_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {scratch_db}")
        env["DATABASE_URL"] = f"{base}/{scratch_db}"
    for command in (["migrate", "-v0"], ["load_sample_content"], ["rebuild_search_index", "-v0"]):
        run_manage(env, *command)
    yield env
    if scratch_db:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {scratch_db} WITH (FORCE)")


def run_manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def run_script(env: dict, script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


SLUGS = [
    "register-account", "reset-password", "update-account-details", "verify-identity",
    "top-up-failed", "payment-failed", "transaction-issues", "transaction-history",
    "withdrawal-delayed", "account-frozen", "account-security", "request-refund",
]  # fmt: skip


ROUNDS = 2  # each worker saves each of its articles this many times, all four at once


def test_several_processes_saving_at_once_lose_no_update(live_env):
    workers = [run_script(live_env, WORKER, str(n), str(ROUNDS), *SLUGS[n::4]) for n in range(4)]
    for worker in workers:
        _out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    check = run_manage(live_env, "check_search_index", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    # The final title of every article is what the index finds.
    found = run_manage(
        live_env,
        "shell",
        "-c",
        "from articles import search; "
        f"print(sorted(h.slug for h in search.search('saved round {ROUNDS - 1}', 'en', "
        "per_page=50).hits))",
    )
    assert set(SLUGS) <= set(eval(found.stdout.strip().splitlines()[-1]))  # noqa: S307


def test_a_process_dying_between_commit_and_index_loses_nothing(live_env):
    dying = run_script(live_env, DIE_AFTER_COMMIT, "fees")
    dying.communicate(timeout=120)
    if live_env["KB_SEARCH_BACKEND"] == "whoosh":
        assert dying.returncode == 9
        drift = run_manage(live_env, "check_search_index", check=False)
        assert drift.returncode != 0 and "not applied" in drift.stdout
        run_manage(live_env, "sync_search_index")
    else:  # written in the saving transaction: there is no "between" to die in
        assert dying.returncode == 0
    assert run_manage(live_env, "check_search_index", check=False).returncode == 0
    found = run_manage(
        live_env,
        "shell",
        "-c",
        "from articles import search; print([h.slug for h in search.search('capybara', 'en').hits])",
    )
    assert "['fees']" in found.stdout


def test_a_process_killed_while_holding_the_index_lock_loses_nothing(live_env):
    victim = run_script(live_env, KILLED_WHILE_WRITING, "currencies-and-exchange")
    deadline = time.monotonic() + 120
    while victim.stdout.readline().strip() != "writing":
        assert time.monotonic() < deadline and victim.poll() is None, victim.stderr.read()
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    # Whoosh: the lock died with its holder; the next sync applies the logged change.
    # PostgreSQL: the save and its index writes died together, uncommitted.
    run_manage(live_env, "sync_search_index")
    assert run_manage(live_env, "check_search_index", check=False).returncode == 0
    found = run_manage(
        live_env,
        "shell",
        "-c",
        "from articles import search; print([h.slug for h in search.search('axolotl', 'en').hits])",
    )
    saved = live_env["KB_SEARCH_BACKEND"] == "whoosh"
    assert ("['currencies-and-exchange']" if saved else "[]") in found.stdout


def generations(env: dict) -> set[str]:
    return {path.name for path in (Path(env["KB_DATA_DIR"]) / "index").glob("gen-*")}


def current_generation(env: dict) -> str:
    return os.readlink(Path(env["KB_DATA_DIR"]) / "index" / "current")


def whoosh_only(env: dict) -> None:
    if env["KB_SEARCH_BACKEND"] != "whoosh":
        pytest.skip("index generations and segment files are the Whoosh backend's")


def test_a_killed_rebuild_leaves_no_generation_behind(live_env):
    whoosh_only(live_env)
    original = current_generation(live_env)
    assert generations(live_env) == {original}
    victim = run_script(live_env, KILLED_WHILE_REBUILDING)
    deadline = time.monotonic() + 120
    while victim.stdout.readline().strip() != "building":
        assert time.monotonic() < deadline and victim.poll() is None, victim.stderr.read()
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    # Nothing a later rebuild could keep as "previous" instead of the real one.
    assert generations(live_env) == {original}
    assert current_generation(live_env) == original
    run_manage(live_env, "rebuild_search_index", "-v0")
    rebuilt = current_generation(live_env)
    assert generations(live_env) == {rebuilt, original}
    assert not list((Path(live_env["KB_DATA_DIR"]) / "index").glob(".building-*"))
    assert run_manage(live_env, "check_search_index", check=False).returncode == 0


def test_a_segment_truncated_under_a_running_process(live_env):
    whoosh_only(live_env)
    # Memory-mapped, the truncated file killed the process (SIGBUS) on its next read.
    script = run_script(live_env, TRUNCATED_UNDER_A_READER)
    out, err = script.communicate(timeout=120)
    assert script.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    assert report["degraded"] is True and "request-refund" in report["found"]
    assert report["health"] is False
    # Suggestions come from the PostgreSQL backend's tables on PostgreSQL, else none.
    on_postgresql = "DATABASE_URL" in live_env
    assert (
        ("request-refund" in report["suggestions"]) if on_postgresql else not report["suggestions"]
    )
    for command in ("check_search_index", "sync_search_index"):
        failed = run_manage(live_env, command, check=False)
        assert failed.returncode == 1
        assert "Traceback" not in failed.stderr
        [line] = failed.stderr.strip().splitlines()
        assert line.startswith("CommandError:") and "rebuild_search_index" in line
    run_manage(live_env, "rebuild_search_index", "-v0")
    assert run_manage(live_env, "check_search_index", check=False).returncode == 0


@pytest.mark.slow
def test_a_command_ends_with_its_saves_in_the_index(live_env):
    env = {**live_env, "KB_BACKGROUND_WRITES": "1"}  # saves update the index in a thread
    run_manage(env, "shell", "-c", SLOW_SAVE_IN_THE_BACKGROUND)
    check = run_manage(env, "check_search_index", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
