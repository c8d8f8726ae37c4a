"""Settings from the environment: generated secret key, deploy checks, SQLite tuning."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KB_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "kb.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


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
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_database_url_selects_postgresql(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = run_django(
        code, KB_DATA_DIR=str(tmp_path), DATABASE_URL="postgres://u@127.0.0.1:5432/kb"
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-specific")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
