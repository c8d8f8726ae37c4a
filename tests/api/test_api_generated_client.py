"""A client generated from `/api/openapi.json` by openapi-python-client calls every
operation of the API and reads every answer into its typed models.

Help-desk integrators generate their clients this way; a document the generator refuses,
or an operation it has to skip, fails here. The client talks to the WSGI application in
this process (httpx's WSGI transport), so every middleware and limit is on the way.
"""

import importlib
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from articles.models import Article
from kb.wsgi import application

pytestmark = pytest.mark.django_db
PACKAGE = "help_center_api_client"  # from the document's title, "Help center API"


@pytest.fixture
def generated(client, tmp_path):
    """The generated package, imported from `tmp_path`."""
    document = tmp_path / "openapi.json"
    document.write_bytes(client.get("/api/openapi.json").content)
    venv_bin = Path(sys.executable).parent
    result = subprocess.run(
        [venv_bin / "openapi-python-client", "generate", "--path", document,
         "--output-path", tmp_path / "client" / PACKAGE, "--meta", "none"],
        capture_output=True, text=True, timeout=120,
        env={"PATH": f"{venv_bin}:/usr/bin:/bin"},  # the generator formats with ruff
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output and "Unable to" not in output, output
    sys.path.insert(0, str(tmp_path / "client"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path / "client"))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


@pytest.fixture
def in_process(search_index, settings):
    """The test's database connection kept open across requests (as the test client does)."""
    settings.KB_RATE_LIMIT = False
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_generated_client_calls_every_operation(generated, in_process):
    operations = importlib.import_module(f"{PACKAGE}.api.default")
    models = importlib.import_module(f"{PACKAGE}.models")
    transport = httpx.WSGITransport(app=application)
    api = generated.Client(base_url="http://testserver", httpx_args={"transport": transport})
    fees = Article.objects.get(slug="fees")
    calls = {
        "search": lambda m: m.sync_detailed(client=api, q="comisiones", lang="es-419", limit=5),
        "suggest": lambda m: m.sync_detailed(client=api, q="充值", lang="zh-CN"),
        "get_article": lambda m: m.sync_detailed(fees.pk, client=api, lang="ru_RU"),
        "list_article_changes": lambda m: m.sync_detailed(
            client=api, changed_since=datetime(2020, 1, 1, tzinfo=UTC), limit=3
        ),
    }
    generated_operations = {path.stem for path in Path(operations.__file__).parent.glob("*.py")} - {
        "__init__"
    }
    assert generated_operations == set(calls)  # every operation, and only those
    answers = {}
    for name, call in calls.items():
        response = call(importlib.import_module(f"{operations.__name__}.{name}"))
        assert response.status_code == 200, (name, response.content[:300])
        answers[name] = response.parsed
    assert isinstance(answers["search"], models.SearchAnswer)
    assert answers["search"].lang == "es" and answers["search"].results
    assert answers["suggest"].lang == "zh-hans" and answers["suggest"].suggestions
    assert answers["get_article"].slug == "fees" and answers["get_article"].lang == "ru"
    assert len(answers["list_article_changes"].results) == 3


def test_a_generated_client_reads_an_error(generated, in_process):
    from_module = importlib.import_module(f"{PACKAGE}.api.default.search")
    models = importlib.import_module(f"{PACKAGE}.models")
    transport = httpx.WSGITransport(app=application)
    api = generated.Client(base_url="http://testserver", httpx_args={"transport": transport})
    response = from_module.sync_detailed(client=api, q="fees", lang="klingon")
    assert response.status_code == 400
    assert isinstance(response.parsed, models.ApiError) and response.parsed.parameter == "lang"
