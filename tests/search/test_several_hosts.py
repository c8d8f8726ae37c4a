"""Several hosts on one PostgreSQL and one Redis, each a real gunicorn server with its own
index directory: what one host changes, the others' search follows as fast as their pages.

Runs where the suite runs on PostgreSQL (DATABASE_URL, scripts/test.sh's second pass), in a
scratch database of its own, with Redis on 127.0.0.1:6379 (both required in CI).
"""

import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.paths import ROOT
from tests.search.servers import get, health, needs, poll, run_manage, server

pytestmark = pytest.mark.slow

REDIS_DB = 13  # a Redis database of this test's own (keys are unique per run anyway)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """The environment shared by every host: a scratch PostgreSQL database, migrated, with
    the sample help center, and one Redis."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        pytest.skip("several hosts share a PostgreSQL database: run with DATABASE_URL")
    needs("Redis", 6379)
    import psycopg

    base = database_url.rsplit("/", 1)[0]
    scratch = f"kb_hosts_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {scratch}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kb.settings",
        DATABASE_URL=f"{base}/{scratch}",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        KB_DATA_DIR=str(tmp_path_factory.mktemp("setup")),
        KB_RATE_LIMIT="0",
        DJANGO_SECRET_KEY="several-hosts-test-" + uuid.uuid4().hex,
        PYTHONPATH=str(ROOT),
    )
    try:
        run_manage(env, "migrate", "-v0")
        run_manage(env, "load_sample_content")
        yield env
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {scratch} WITH (FORCE)")


def host_envs(database: dict, backend: str, tmp_path: Path) -> dict[str, dict]:
    """Hosts A and B on `database` with search `backend`, each with its index built."""
    envs = {
        name: {**database, "KB_SEARCH_BACKEND": backend, "KB_DATA_DIR": str(tmp_path / name)}
        for name in ("a", "b")
    }
    for env in envs.values() if backend == "whoosh" else [envs["a"]]:
        run_manage(env, "rebuild_search_index", "-v0")
    return envs


# An editor on host A: ready to act at once (Django loaded), so that a change lands right
# after host B has answered (and cached) the same search. Each line it reads is an order:
# "unpublish <slug>" or "retitle <slug> <new title>".
EDITOR = """
import sys, django
django.setup()
from articles.models import Article
from articles.publishing.services import unpublish_articles
print("ready", flush=True)
for line in sys.stdin:
    order, slug, *title = line.split()
    if order == "unpublish":
        unpublish_articles(articles=Article.objects.filter(slug=slug))
    else:
        article = Article.objects.get(slug=slug)
        article.title_en = " ".join(title)
        article.save()
    print("done", flush=True)
"""


@contextmanager
def editor(env: dict):
    """Yields `order(line)`, which has the editor on host A carry out one order."""
    process = subprocess.Popen(
        [sys.executable, "-c", EDITOR], cwd=ROOT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout.readline().strip() == "ready"

        def order(line: str) -> None:
            process.stdin.write(line + "\n")
            process.stdin.flush()
            assert process.stdout.readline().strip() == "done"

        yield order
    finally:
        process.kill()
        process.wait(timeout=30)


def api_slugs(url: str, query: str) -> list[str]:
    status, body = get(f"{url}/api/search?q={query}&lang=en&limit=20")
    assert status == 200, body
    return [result["slug"] for result in json.loads(body)["results"]]


def page_shows(url: str, query: str, slug: str) -> bool:
    status, body = get(f"{url}/en/search/?q={query}")
    assert status == 200
    return f"/en/articles/{slug}/" in body.decode()


@pytest.mark.parametrize(
    ("backend", "slug", "query"),
    [("whoosh", "fees", "fees"), ("postgres", "request-refund", "refund")],
)
def test_an_article_unpublished_on_one_host_leaves_every_hosts_search(
    database, tmp_path, backend, slug, query
):
    hosts = host_envs(database, backend, tmp_path)
    with server(hosts["a"]) as _a, server(hosts["b"]) as host_b, editor(hosts["a"]) as order:
        # B answers, and caches (pages, shared results), the search just before the change.
        for _ in range(3):
            assert slug in api_slugs(host_b, query)
            assert page_shows(host_b, query, slug)
        assert health(host_b)["status"] == 200
        # B's workers have just searched (words nobody searched before): whatever they
        # check now and then, they checked it a moment ago.
        for word in ("card", "bank", "phone", "email", "limit", "code"):
            api_slugs(host_b, word)
        order(f"unpublish {slug}")
        assert poll(lambda: get(f"{host_b}/en/articles/{slug}/")[0] == 404, 2)
        # Search follows within the same bounded wait, on the API and the results page…
        assert poll(lambda: slug not in api_slugs(host_b, query), 2)
        assert poll(lambda: not page_shows(host_b, query, slug), 2)
        # …and stays so (no cached answer of B's old index comes back).
        for _ in range(10):
            assert slug not in api_slugs(host_b, query)
            assert not page_shows(host_b, query, slug)
        # A host nobody searches applies changes as its load balancer polls /healthz, and
        # stays healthy meanwhile; the new title is then found at once.
        order("retitle account-frozen Frozen account wombat")
        reports = []
        caught_up = poll(
            lambda: (
                reports.append(health(host_b)) or not reports[-1]["index"].get("pending_changes")
            ),
            20,
        )
        assert caught_up, reports[-1]
        assert {report["status"] for report in reports} == {200}, reports
        assert poll(lambda: "account-frozen" in api_slugs(host_b, "wombat"), 2)
