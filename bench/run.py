"""One benchmark run, inside a scratch data directory (see the bench_search command)."""

import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from articles import search
from articles.models import Article, language_codes
from articles.publishing.services import load_sample_content
from bench import changes, incident, postgres_backend, spike
from bench import queries as query_sets
from bench.corpus import build_corpus
from bench.in_process import (
    fts5_speed,
    in_process,
    measure_rebuild,
    measure_search,
    relevance,
)
from bench.saves import load_with_saves
from bench.server import ROOT, Server, environment, url_quote
from bench.stats import summary

TARGETS = {
    "search_uncached_p95_ms": 20.0,
    "search_cached_p95_ms": 2.0,
    "api_suggest_p95_ms": 10.0,
    "api_search_p95_ms": 40.0,
    "rebuild_s": 60.0,
    "save_to_searchable_s": 1.0,
    "speedup_vs_icontains": 5.0,
}


def http_latency(server: Server, languages: list[str], count: int) -> dict:
    search_paths, suggest_paths = [], []
    for lang in languages:
        search_paths += [
            f"/api/search?q={url_quote(q)}&lang={lang}"
            for q in query_sets.query_set(lang, count, seed=23)
        ]
        suggest_paths += [
            f"/api/suggest?q={url_quote(p)}&lang={lang}" for p in query_sets.prefixes(lang, count)
        ]
    articles = list(Article.objects.published().values_list("slug", flat=True)[:200])
    pages = {
        "home": [f"/{lang}/" for lang in languages] * 20,
        "results": [
            f"/{lang}/search/?q={url_quote(q)}"
            for lang in languages
            for q in query_sets.query_set(lang, 40, seed=5)
        ],
        "article": [
            f"/{languages[i % len(languages)]}/articles/{s}/" for i, s in enumerate(articles)
        ],
    }
    server.latencies(search_paths[:20] + suggest_paths[:20])  # warm the workers
    report = {
        "api_search": summary(server.latencies(search_paths)),
        "api_suggest": summary(server.latencies(suggest_paths)),
    }
    for name, paths in pages.items():
        report[f"page_{name}"] = summary(server.latencies(paths))
    return report


def load_mix(languages: list[str]) -> dict[str, list[str]]:
    articles = list(Article.objects.published().values_list("slug", flat=True)[:500])
    queries = {lang: query_sets.query_set(lang, 100, seed=31) for lang in languages}
    return {
        "article:70": [
            f"/{languages[i % len(languages)]}/articles/{s}/" for i, s in enumerate(articles)
        ],
        "search:20": [
            f"/{lang}/search/?q={url_quote(q)}" for lang in languages for q in queries[lang]
        ],
        "suggest:10": [
            f"/api/suggest?q={url_quote(p)}&lang={lang}"
            for lang in languages
            for p in query_sets.prefixes(lang, 50)
        ],
    }


def prepare_postgres(database_url: str, articles: int) -> None:
    """The same corpus in a scratch PostgreSQL database (the index is shared)."""
    env = environment(Path(settings.KB_DATA_DIR), database_url)
    env["KB_INDEX_DIR"] = str(settings.KB_INDEX_DIR)
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); "
        f"from bench.corpus import build_corpus; build_corpus({articles})"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def run(*, articles: int, languages: list[str], queries: int, repetitions: int,
        load_seconds: float, clients: int, save_every: float, only: str | None,
        postgres_url: str | None, progress, backend: str = "whoosh", spike_clients: int = 32,
        profile_dir: str | None = None, redis_url: str | None = None) -> dict:  # fmt: skip
    """The whole benchmark (or the part `only` names: search, load, saves, changes…) as a
    report."""
    languages = [lang for lang in languages if lang in language_codes()]
    report: dict = {
        "config": {"articles": articles, "languages": languages, "queries_per_language": queries,
                   "repetitions": repetitions, "load_seconds": load_seconds, "clients": clients,
                   "save_every": save_every, "only": only, "backend": backend,
                   "spike_clients": spike_clients, "redis": bool(redis_url)},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "targets": TARGETS,
    }  # fmt: skip
    call_command("migrate", verbosity=0)
    search.rebuild()  # an empty index first, so loading the sample content syncs into it
    load_sample_content()
    search.sync()  # whatever the background index update has not applied yet
    if not only:
        progress("relevance on the sample help center (search, icontains, FTS5)")
        report["relevance"] = relevance(languages)

    progress(f"building the corpus: {articles} synthetic articles × {len(languages)} languages")
    started = time.perf_counter()
    report["corpus"] = {"articles": build_corpus(articles)}
    report["corpus"]["build_s"] = round(time.perf_counter() - started, 1)

    if only != "changes":  # listing changes needs no index
        report["rebuild"] = measure_rebuild(progress, serial=only in (None, "rebuild"))
    if only == "rebuild":
        return report
    if only == "incident":  # the in-process median against FTS5 is one of its rows
        progress("in-process search and the FTS5 baseline on the same queries")
        report["search_vs_fts5"] = {"in_process": in_process(languages, queries, 1),
                                    "fts5": fts5_speed(languages, queries)}  # fmt: skip

    if only in (None, "search"):
        measure_search(report, languages, queries, repetitions, progress)
    env = environment(Path(settings.KB_DATA_DIR), None)
    if redis_url:  # both servers share a Redis, as production with REDIS_URL would
        env["REDIS_URL"] = redis_url
    options = {"seconds": load_seconds, "clients": clients, "spike_clients": spike_clients,
               "profile_dir": profile_dir, "save_every": save_every}  # fmt: skip
    if only in (None, "incident"):
        report["incident"] = incident.measure(env, languages, options, progress)
        if only == "incident":
            return _finish(report)
    if only in (None, "load", "spike"):
        report["spike"] = spike.before_and_after(env, languages, load_mix(languages), options,
                                                 progress)  # fmt: skip
        report["load_sqlite"] = report["spike"]["after"][f"load_{clients}"]
    with Server(env) as server:
        if only in (None, "search"):
            progress("HTTP latency against gunicorn (SQLite)")
            report["http"] = http_latency(server, languages, queries)
        if only in (None, "search", "changes"):
            progress("/api/articles?changed_since pages against one article (SQLite)")
            report["changes"] = changes.measure(server)
        if only in (None, "load", "saves", "spike"):
            progress(
                f"load runs on SQLite without and with an editor saving every {save_every:.0f} s "
                f"({load_seconds:.0f} s each, {clients} clients)"
            )
            try:
                report["load_saves"] = load_with_saves(
                    server, load_mix(languages), load_seconds, clients, save_every
                )
            except RuntimeError as error:  # reported; the figures measured so far are kept
                report["load_saves_error"] = str(error)[:500]
        report["server_peak_memory_mb"] = server.peak_memory_mb()
    with_backend = backend == "postgres"
    if postgres_url and (only in (None, "load") or (with_backend and only == "search")):
        progress("preparing the same corpus on PostgreSQL")
        prepare_postgres(postgres_url, articles)
        if with_backend:
            progress("the PostgreSQL search backend: rebuild, in-process search")
            report["postgres_backend"] = postgres_backend.measure(
                postgres_url, languages, queries, repetitions
            )
        if only in (None, "load"):
            env = (
                postgres_backend.backend_environment(postgres_url)
                if with_backend
                else environment(Path(settings.KB_DATA_DIR), postgres_url)
            )
            env["KB_INDEX_DIR"] = str(settings.KB_INDEX_DIR)
            with Server(env) as server:
                progress(f"load run on PostgreSQL ({load_seconds:.0f} s, {backend} backend)")
                report["load_postgresql"] = server.load(load_mix(languages), load_seconds, clients)
    return _finish(report)


def _finish(report: dict) -> dict:
    report["bench_peak_memory_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    return report
