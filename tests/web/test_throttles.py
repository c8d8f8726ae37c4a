"""Per-client limits: a flood gets 429s that say when to retry; real clients stay apart."""

import os
import socket
import uuid

import pytest
from django.core.management import call_command
from django.test import Client

from tests.processes import run_django

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/4"


def burst(client: Client, url: str, count: int, **extra) -> list:
    return [client.get(url, **extra) for _ in range(count)]


def test_a_flood_of_api_searches_gets_429_with_when_to_retry(search_index, frozen_window):
    responses = burst(Client(), "/api/search?q=refund&lang=en", 300)
    codes = [r.status_code for r in responses]
    assert codes[:60] == [200] * 60
    assert codes[60:] == [429] * 240
    refused = responses[-1]
    retry = int(refused["Retry-After"])
    assert 1 <= retry <= 60
    assert refused.json() == {"error": refused.json()["error"], "retry_after": retry}
    assert f"{retry} second" in refused.json()["error"]
    assert "no-store" in refused["Cache-Control"]


def test_the_results_page_and_the_api_share_one_search_limit(search_index, frozen_window):
    client = Client()
    assert all(r.status_code == 200 for r in burst(client, "/api/search?q=fees&lang=en", 40))
    codes = [r.status_code for r in burst(client, "/en/search/?q=fees", 30)]
    assert codes == [200] * 20 + [429] * 10


def test_the_429_page_is_in_the_visitors_language(search_index, frozen_window):
    responses = burst(Client(), "/ar/search/?q=رسوم", 61)
    page = responses[-1]
    assert page.status_code == 429
    html = page.content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "طلبات كثيرة جدًا" in html  # "Too many requests"
    assert "المحاولة مرة أخرى" in html  # "try again"
    assert page["Retry-After"].isdigit()


def test_suggestions_are_generous_but_limited(search_index, frozen_window, settings):
    codes = [r.status_code for r in burst(Client(), "/api/suggest?q=pa&lang=en", 250)]
    assert codes == [200] * 240 + [429] * 10


def test_every_post_is_limited_per_client(sample_content, frozen_window, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "feedback": "1000/h"}
    client = Client()
    codes = [
        client.post("/en/articles/fees/feedback/", {"helpful": "yes"}).status_code
        for _ in range(32)
    ]
    assert codes == [302] * 30 + [429] * 2
    # Any other URL too, and before the CSRF check: forged POSTs count.
    refused = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1


def test_feedback_votes_keep_their_own_hourly_limit(sample_content, frozen_window, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "feedback": "3/h"}
    client = Client()
    codes = [
        client.post(
            "/es/articles/fees/feedback/", {"helpful": "yes"}, HTTP_ACCEPT="application/json"
        ).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    refused = client.post(
        "/es/articles/fees/feedback/", {"helpful": "yes"}, HTTP_ACCEPT="application/json"
    )
    assert "minuto" in refused.json()["error"]  # the script shows it to the visitor, in Spanish
    assert refused.json()["retry_after"] > 60


def test_clients_behind_the_trusted_proxy_get_their_own_buckets(
    search_index, frozen_window, settings
):
    settings.KB_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    alice = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    bob = Client(HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert [r.status_code for r in burst(alice, "/api/search?q=fees", 61)][-1] == 429
    assert burst(bob, "/api/search?q=fees", 1)[0].status_code == 200


def test_a_spoofed_forwarded_for_does_not_evade_the_limit(search_index, frozen_window, settings):
    settings.KB_TRUSTED_PROXY_COUNT = 1
    codes = [
        # The client writes a new left-most address each time; the proxy appends the real one.
        Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7", REMOTE_ADDR="10.0.0.2")
        .get("/api/search?q=fees")
        .status_code
        for n in range(61)
    ]
    assert codes[-1] == 429


def test_without_a_trusted_proxy_forwarded_for_is_ignored(search_index, frozen_window):
    codes = [
        Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").get("/api/search?q=fees").status_code
        for n in range(61)
    ]
    assert codes[-1] == 429


def test_kb_rate_limit_0_turns_every_limit_off(search_index, frozen_window, settings):
    settings.KB_RATE_LIMIT = False
    client = Client()
    assert {r.status_code for r in burst(client, "/api/search?q=fees", 100)} == {200}
    assert {r.status_code for r in burst(client, "/api/suggest?q=fe", 300)} == {200}
    codes = {client.post("/en/articles/fees/feedback/", {"helpful": "no"}).status_code
             for _ in range(40)}  # fmt: skip
    assert codes == {302}


def test_a_limit_can_be_changed_in_settings(search_index, frozen_window, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "search": "5/m"}
    codes = [r.status_code for r in burst(Client(), "/api/search?q=fees", 6)]
    assert codes == [200] * 5 + [429]


def test_a_cache_outage_lets_visitors_through(search_index, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    visitor = Client()
    # Every surface that reads the shared cache (throttles, listings, schedules) still answers.
    for url in ("/api/search?q=fees", "/en/", "/en/search/?q=fees", "/en/articles/fees/"):
        assert visitor.get(url).status_code == 200, url


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_workers_share_the_counters_through_redis(tmp_path):
    if not redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    address = f"2001:db8:{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}::1"  # a fresh bucket
    code = (
        "from django.test import Client; "
        f"c = Client(REMOTE_ADDR={address!r}, HTTP_HOST='localhost'); "
        "print(' '.join(str(c.get('/api/suggest?q=pa&lang=en').status_code) for _ in range(6)))"
    )
    env = {"KB_DATA_DIR": str(tmp_path), "REDIS_URL": REDIS_URL, "KB_RATE_SUGGEST": "10/h"}
    migrated = run_django(
        "from django.core.management import call_command; call_command('migrate', verbosity=0)",
        **env,
    )
    assert migrated.returncode == 0, migrated.stderr
    first = run_django(code, **env)  # one worker…
    second = run_django(code, **env)  # …and another, in its own process
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.split() == ["200"] * 6
    assert second.stdout.split() == ["200"] * 4 + ["429"] * 2


def test_check_says_when_limits_are_per_process(tmp_path):
    code = "from django.core.management import call_command; call_command('check')"
    local = run_django(code, KB_DATA_DIR=str(tmp_path))
    assert "articles.W001" in local.stderr + local.stdout
    assert "REDIS_URL" in local.stderr + local.stdout
    shared = run_django(code, KB_DATA_DIR=str(tmp_path), REDIS_URL=REDIS_URL)
    assert "articles.W001" not in shared.stderr + shared.stdout
    off = run_django(code, KB_DATA_DIR=str(tmp_path), KB_RATE_LIMIT="0")
    assert "articles.W001" not in off.stderr + off.stdout


def test_check_refuses_a_rate_that_is_not_one(tmp_path):
    code = "from django.core.management import call_command; call_command('check')"
    result = run_django(code, KB_DATA_DIR=str(tmp_path), KB_RATE_SEARCH="sixty a minute")
    assert result.returncode != 0
    assert "KB_RATE_SEARCH" in result.stderr


def test_the_demo_does_not_show_the_per_process_warning(settings, capsys):
    from articles.management.commands.demo import quiet_single_process_checks

    settings.SILENCED_SYSTEM_CHECKS = list(settings.SILENCED_SYSTEM_CHECKS)  # restored after
    call_command("check")
    assert "articles.W001" in "".join(capsys.readouterr())
    quiet_single_process_checks()  # what the demo does before serving in one process
    call_command("check")
    assert "articles.W001" not in "".join(capsys.readouterr())
