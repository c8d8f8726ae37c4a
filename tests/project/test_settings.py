"""Settings from the environment: generated secret key, deploy checks, SQLite tuning."""

import os

import pytest

from tests.processes import run_django


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_django(code, KB_DATA_DIR=str(tmp_path))
    second = run_django(code, KB_DATA_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout and len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_secret_key_from_the_environment_wins(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = run_django(code, KB_DATA_DIR=str(tmp_path), DJANGO_SECRET_KEY="k" * 60)
    assert result.stdout.strip() == "k" * 60
    assert not (tmp_path / "secret_key").exists()


def test_debug_is_off_by_default(tmp_path):
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG)", KB_DATA_DIR=str(tmp_path)
    )
    assert result.stdout.strip() == "False"


def test_deploy_check_is_clean_with_production_variables(tmp_path):
    result = run_django(
        "from django.core.management import call_command; call_command('check', '--deploy', '--fail-level', 'WARNING')",
        KB_DATA_DIR=str(tmp_path),
        DJANGO_SECRET_KEY="x7#" + os.urandom(32).hex(),
        DJANGO_ALLOWED_HOSTS="help.example.com",
        KB_HTTPS="1",
        REDIS_URL="redis://127.0.0.1:6379/4",  # rate limits shared by the workers
        EMAIL_HOST="smtp.example.com",  # e-mail reaches visitors
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_database_url_selects_postgresql(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = run_django(
        code, KB_DATA_DIR=str(tmp_path), DATABASE_URL="postgres://u@127.0.0.1:5432/kb"
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    # Ask SQLite itself, on the file database a real process opens (the test database is
    # in memory, where WAL does not apply). IMMEDIATE shows as a write lock taken at BEGIN:
    # a second connection cannot start writing while the first transaction is still empty.
    code = (
        "import sqlite3; from django.db import connection, transaction; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA synchronous'); print(c.fetchone()[0]); "
        "other = sqlite3.connect(connection.settings_dict['NAME'], timeout=0); "
        "atomic = transaction.atomic(); atomic.__enter__(); "
        "exec('try:\\n other.execute(\\'BEGIN IMMEDIATE\\')\\n print(\\'free\\')\\n"
        "except sqlite3.OperationalError as e:\\n print(e)'); "
        "atomic.__exit__(None, None, None)"
    )
    result = run_django(code, KB_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    journal_mode, synchronous, second_writer = result.stdout.split("\n")[:3]
    assert journal_mode == "wal"
    assert synchronous == "1"  # NORMAL
    assert second_writer == "database is locked"


@pytest.mark.parametrize(
    ("backend", "mentions"),
    [("postgres", "DATABASE_URL"), ("elasticsearch", "not a search backend")],
)
def test_a_search_backend_the_database_cannot_run_fails_the_checks(tmp_path, backend, mentions):
    result = run_django(
        "from django.core.management import call_command; call_command('check')",
        KB_DATA_DIR=str(tmp_path),
        KB_SEARCH_BACKEND=backend,
    )
    assert result.returncode != 0 and "articles.E002" in result.stderr
    assert mentions in result.stderr


def test_the_chat_layer_on_redis_never_waits_forever(monkeypatch):
    from kb.environment import CHAT_REDIS_TIMEOUT, channel_layer_settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
    monkeypatch.setenv("KB_REDIS_TIMEOUT", "0.25")
    [host] = channel_layer_settings()["default"]["CONFIG"]["hosts"]
    assert host["address"] == "redis://127.0.0.1:6379/9"
    assert host["socket_connect_timeout"] == 0.25
    assert host["socket_timeout"] == CHAT_REDIS_TIMEOUT <= 5
