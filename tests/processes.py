"""Django in a separate process, for tests of what happens at start-up (settings, caches)."""

import os
import subprocess
import sys

from tests.paths import ROOT


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run `code` after `django.setup()` in a fresh Python with only `env` configured.

    DJANGO_*, KB_*, DATABASE_URL and REDIS_URL of this process are dropped, so the child sees
    the defaults plus `env`. Returns the finished process (text output); 120 s time-out.
    """
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KB_"))}
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "kb.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
