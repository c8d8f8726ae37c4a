"""Tooling stays out of the product: the benchmark is not in the wheel, relevance sets are a path."""

import importlib
import tomllib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from setuptools import find_packages

from tests.paths import RELEVANCE_DIR, ROOT


def test_the_wheel_holds_the_app_but_not_the_benchmark():
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = find_packages(str(ROOT), include=include["packages"]["find"]["include"])
    assert "articles.search" in packages and "kb" in packages
    assert not [name for name in packages if name.startswith("bench") or "bench" in name.split(".")]


def test_nothing_in_the_app_reads_the_tests_folder():
    shipped = [*(ROOT / "articles").rglob("*.py"), *(ROOT / "kb").rglob("*.py")]
    readers = [
        path.relative_to(ROOT)
        for path in shipped
        if '"tests"' in path.read_text("utf-8") or "'tests'" in path.read_text("utf-8")
    ]
    assert shipped and readers == []


@pytest.mark.django_db
def test_search_quality_measures_the_relevance_sets_of_the_folder_given(search_index, tmp_path):
    (tmp_path / "en.yaml").write_text(
        "- q: refund\n  expect: request-refund\n- q: zzzz qqqq\n  expect: fees\n", "utf-8"
    )
    out = StringIO()
    call_command("search_quality", str(tmp_path), stdout=out)
    report = out.getvalue()
    assert "en" in report and "0.50" in report  # one of two found
    assert "miss: 'zzzz qqqq'" in report
    assert "zh-hans" not in report  # only the folder's sets, not the repository's


@pytest.mark.django_db
def test_search_quality_reads_the_repositorys_suite_when_pointed_at_it(search_index):
    out = StringIO()
    call_command("search_quality", str(RELEVANCE_DIR), stdout=out)
    assert {"en", "zh-hans", "ru", "es", "ar"} <= {
        line.split()[0] for line in out.getvalue().splitlines()
    }


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "is not a folder"),
        ({}, "holds no relevance set"),
        ({"en.yaml": "q: just a mapping"}, "must be a list"),
        ({"en.yaml": "- q: [unclosed"}, "cannot be read"),
        ({"fr.yaml": "- q: bonjour\n  expect: fees\n"}, "No such language on this site: fr"),
    ],
)
@pytest.mark.django_db
def test_search_quality_explains_a_bad_folder(tmp_path, files, message):
    folder = tmp_path / "sets"
    if files is not None:
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, "utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("search_quality", str(folder))


def test_search_quality_needs_a_folder():
    with pytest.raises(CommandError, match="folder"):
        call_command("search_quality")


def test_bench_search_without_the_bench_package_says_where_it_lives(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "bench.cli", None)  # as in an installed wheel
    monkeypatch.setitem(sys.modules, "bench", None)
    with pytest.raises(CommandError, match="checkout"):
        call_command("bench_search", "--articles", "1")


@pytest.mark.parametrize("module", sorted(path.stem for path in (ROOT / "bench").glob("*.py")))
def test_every_benchmark_module_imports(module):
    # The benchmark is not run by the suite; this catches names it uses that moved away.
    importlib.import_module(f"bench.{module}")


@pytest.mark.django_db
def test_the_benchmarks_editor_can_sign_in_to_the_admin(client):
    from bench.saves import EDITOR, create_bench_editor

    password = create_bench_editor(EDITOR)
    response = client.post("/admin/login/", {"username": EDITOR, "password": password})
    assert response.status_code == 302
    assert client.get("/admin/articles/article/").status_code == 200


@pytest.mark.django_db
def test_the_benchmarks_editor_publishes_its_title_so_that_search_finds_it(
    client, search_index, monkeypatch
):
    # The load run with saves measures save → searchable: a plain save of a live article
    # only changes its English draft, which search never shows.
    from django.db import transaction

    from articles import search
    from bench.editor import title_published
    from bench.saves import EDITOR, create_bench_editor
    from tests.factories import ArticleFactory

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    article = ArticleFactory(published=True)
    client.post("/admin/login/", {"username": EDITOR, "password": create_bench_editor(EDITOR)})
    path = f"/admin/articles/article/{article.pk}/change/"
    form = title_published(client.get(path).content.decode(), f"{article.title_en} zorblaq")
    assert client.post(path, form).status_code == 302
    assert [hit.slug for hit in search.search("zorblaq", "en").hits] == [article.slug]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--chats", "20", "--agents", "3"], "at least 4 for 20 chats"),
        (["--every", "1"], "--every must be at least 3"),
        (["--seconds", "nan"], "must be positive"),
    ],
)
def test_bench_chat_refuses_what_it_could_not_run(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench_chat", *arguments)


@pytest.mark.django_db
def test_the_chat_benchmarks_conversations_are_taken_by_the_agents_that_watch_them():
    from articles.models import ContactRequest
    from bench.chat_data import prepare

    people = prepare(chats=5, agents=2)
    taken = {
        chat["reference"]: ContactRequest.objects.get(reference=chat["reference"]).assigned_to
        for chat in people["chats"]
    }
    # bench/chat_clients.py watches conversation n from agent n % agents's socket.
    names = [taken[chat["reference"]].username for chat in people["chats"]]
    assert names == ["bench-agent-0", "bench-agent-1"] * 2 + ["bench-agent-0"]
    assert len(people["agents"]) == 2


def test_the_chat_benchmark_counts_a_recycled_workers_cpu_from_its_birth():
    import os

    from bench.server import cpu_seconds, cpu_used

    assert cpu_seconds([os.getpid()])[os.getpid()] > 0
    # Worker 2 (30 s read before) ended after 1 s more, its 31 s now in its master's
    # (1) children's time; worker 3 was born and used 0.5 s; the master itself 0.
    assert cpu_used({1: 5.0, 2: 30.0}, {1: 5.0 + 31.0, 3: 0.5}) == 1.5
