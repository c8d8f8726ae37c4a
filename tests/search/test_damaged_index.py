"""A damaged search index never gives a 500: search falls back to the database, suggestions
come from the PostgreSQL tables (or go quiet on SQLite), /healthz says 503 and names the command that repairs it, and the commands say
so in one line.

The damage is done to the current generation's files the way an operator's mistake or a
failing disk would: truncated, deleted, replaced, unreadable, of another schema.
"""

import builtins
import os
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles import search
from articles.search.backends.whoosh import schema
from articles.search.query import SynonymTable, plan_query

REPAIR = "rebuild_search_index"


def generation(settings) -> Path:
    return Path(settings.KB_INDEX_DIR) / "current"


def largest_segment(settings) -> Path:
    return max(generation(settings).resolve().glob("*.seg"), key=lambda p: p.stat().st_size)


def truncate(settings, monkeypatch) -> None:
    os.truncate(largest_segment(settings), 1000)


def delete(settings, monkeypatch) -> None:
    largest_segment(settings).unlink()


def replace_with_directory(settings, monkeypatch) -> None:
    # Unreadable in a way even root notices (chmod 000 means nothing to root).
    segment = largest_segment(settings)
    segment.unlink()
    segment.mkdir()


def deny_permission(settings, monkeypatch) -> None:
    segment = str(largest_segment(settings))
    real_open = builtins.open

    def open_denying_segment(file, *args, **kwargs):
        if str(file) == segment:
            raise PermissionError(13, "Permission denied", segment)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_denying_segment)


def garble_table_of_contents(settings, monkeypatch) -> None:
    for toc in generation(settings).resolve().glob("*.toc"):
        toc.write_bytes(b"\x80\x04not a pickle" + bytes(range(256)))


def current_is_not_a_link(settings, monkeypatch) -> None:
    link = generation(settings)
    link.unlink()
    link.mkdir()


def older_schema(settings, monkeypatch) -> None:
    with search.get_index().batch(timeout=5) as batch:
        batch.meta["schema_version"] = schema.SCHEMA_VERSION - 1
        batch.dirty = True


DAMAGE = [
    truncate,
    delete,
    replace_with_directory,
    deny_permission,
    garble_table_of_contents,
    current_is_not_a_link,
    older_schema,
]


@pytest.fixture(params=DAMAGE, ids=[damage.__name__ for damage in DAMAGE])
def damaged_index(request, search_index, settings, monkeypatch):
    request.param(settings, monkeypatch)
    return request.param.__name__


def test_search_api_answers_from_the_database(client, damaged_index):
    response = client.get("/api/search", {"q": "reset password", "lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is True
    assert "reset-password" in [result["slug"] for result in body["results"]]


def test_search_page_answers_from_the_database(client, damaged_index):
    response = client.get("/en/search/", {"q": "reset password"})
    assert response.status_code == 200
    assert b"/en/articles/reset-password/" in response.content


def test_suggestions_come_from_the_database_or_go_quiet(client, damaged_index):
    from tests.conftest import on_postgresql

    response = client.get("/api/suggest", {"q": "pass", "lang": "en"})
    assert response.status_code == 200
    suggested = [suggestion["slug"] for suggestion in response.json()["suggestions"]]
    assert ("reset-password" in suggested) if on_postgresql() else suggested == []


def test_healthz_is_503_and_names_the_repair(client, damaged_index):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert REPAIR in response.json()["index"]["error"]


@pytest.mark.parametrize("command", ["check_search_index", "sync_search_index"])
def test_commands_fail_with_one_line_of_advice(damaged_index, command):
    with pytest.raises(CommandError) as raised:
        call_command(command)
    message = str(raised.value)
    assert REPAIR in message
    assert "\n" not in message


def test_rebuild_repairs_a_damaged_index(client, damaged_index):
    call_command("rebuild_search_index", verbosity=0)
    call_command("check_search_index")
    assert client.get("/healthz").status_code == 200
    body = client.get("/api/search", {"q": "reset password", "lang": "en"}).json()
    assert "degraded" not in body
    assert body["results"][0]["slug"] == "reset-password"


def test_rebuild_says_in_one_line_when_it_cannot_write(sample_content, settings, tmp_path):
    not_a_directory = tmp_path / "index-parent"
    not_a_directory.write_text("")
    settings.KB_INDEX_DIR = not_a_directory / "index"
    with pytest.raises(CommandError) as raised:
        call_command("rebuild_search_index", verbosity=0)
    message = str(raised.value)
    assert "KB_INDEX_DIR" in message and "\n" not in message


def index_reads() -> dict:
    """Every way the site reads the index, run in the calling thread."""
    index = search.get_index()
    plan = plan_query("reset password", "en", SynonymTable("en", []))
    reads = {
        "search": lambda: index.search(plan, category=None, offset=0, limit=10),
        "suggest": lambda: index.suggest("en", ["pass"], 8),
        "corrections": lambda: index.corrections("en", ["pasword"]),
        "status": index.status,
        "verify": index.verify,
        "version": index.version,
    }
    outcome = {}
    for name, read in reads.items():
        try:
            read()
            outcome[name] = "read"
        except search.IndexUnavailable as error:
            outcome[name] = "unavailable" if REPAIR in str(error) else str(error)
        except Exception as error:  # noqa: BLE001  (what the test is looking for)
            outcome[name] = f"{error.__class__.__name__}: {error}"
    return outcome


def in_new_thread(function):
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(function()))
    thread.start()
    thread.join()
    return outcome


@pytest.mark.parametrize("damage", DAMAGE, ids=[damage.__name__ for damage in DAMAGE])
def test_every_thread_reports_damage_as_unavailable(search_index, settings, monkeypatch, damage):
    # One thread had the index open before the damage (its searcher may still answer);
    # threads opening it afterwards see the damage: never as a raw error.
    assert set(index_reads().values()) == {"read"}
    damage(settings, monkeypatch)
    warm = index_reads()
    assert set(warm.values()) <= {"read", "unavailable"}, warm
    assert warm["verify"] == "unavailable"
    fresh = in_new_thread(index_reads)
    assert set(fresh.values()) == {"unavailable"}, fresh


def test_healthz_opens_the_index_afresh(client, search_index, settings):
    """A worker whose searcher predates the damage still answers, but /healthz must not
    call the index healthy: the next worker to start could not open it."""
    assert client.get("/api/search", {"q": "password", "lang": "en"}).status_code == 200
    largest_segment(settings).unlink()
    assert client.get("/api/search", {"q": "password", "lang": "en"}).status_code == 200
    response = client.get("/healthz")
    assert response.status_code == 503
    assert REPAIR in response.json()["index"]["error"]
