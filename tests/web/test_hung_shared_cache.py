"""A Redis that stops answering (`kill -STOP`) must not stall the site: pages, search and
/healthz answer as when Redis is down, and /healthz says the shared cache does not answer."""

import json

import pytest

from tests.processes import run_django
from tests.silent_server import silent_server

pytestmark = pytest.mark.slow

# Each call to the silent server would wait this long without a timeout of our own…
HOLD_SECONDS = 15
# …and a request that finished within this bound did not wait for it (a behaviour bound
# with a wide margin: the hang it guards against is HOLD_SECONDS per Redis call).
CEILING_SECONDS = 10

SETUP = (
    "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
    "from articles import search; from articles.publishing.services import load_sample_content\n"
    "search.rebuild(); load_sample_content()"
)
VISIT = (
    "import json, time; from django.test import Client\n"
    "client, answers = Client(HTTP_HOST='localhost'), {}\n"
    "for url in ('/en/articles/fees/', '/api/search?q=fees&lang=en', '/healthz'):\n"
    "    started = time.monotonic(); response = client.get(url)\n"
    "    answers[url] = [response.status_code, time.monotonic() - started,\n"
    "                    response.content.decode() if url == '/healthz' else '']\n"
    "print(json.dumps(answers))"
)


def test_a_hung_redis_neither_stalls_pages_nor_passes_the_health_check(tmp_path):
    # The database and the index first, with no Redis at all (the setup is not the test).
    prepared = run_django(SETUP, KB_DATA_DIR=str(tmp_path))
    assert prepared.returncode == 0, prepared.stderr
    with silent_server(hold=HOLD_SECONDS) as redis:
        visited = run_django(VISIT, KB_DATA_DIR=str(tmp_path), REDIS_URL=redis.url)
    assert visited.returncode == 0, visited.stderr
    answers = json.loads(visited.stdout.strip().splitlines()[-1])
    for url, (status, seconds, _) in answers.items():
        assert status == 200, url
        assert seconds < CEILING_SECONDS, f"{url} waited {seconds:.1f} s for the hung Redis"
    health = json.loads(answers["/healthz"][2])
    assert health["ok"] is True  # pages still serve: not a reason to leave the pool
    assert health["degraded"] is True
    assert health["cache"]["ok"] is False and health["cache"]["shared"] is True
    assert "REDIS_URL" in health["cache"]["error"]
