"""In-process measures of search (no HTTP): relevance against the baselines, time from a
save to a search that finds it, uncached and cached latency against `icontains`, hostile
queries, the SQLite FTS5 baseline's speed, and a full rebuild (serial, then both cores).
Each returns the part of the report it fills (dicts of milliseconds, seconds, counts).
"""

import os
import time

from django.db import transaction

from articles import search
from articles.models import Article
from articles.search.quality import load_cases, measure
from bench import queries as query_sets
from bench.baselines import Fts5Engine, IcontainsEngine
from bench.stats import summary, timed


def _ours(query: str, lang: str) -> list[str]:
    return [hit.slug for hit in search.search(query, lang, log=False).hits]


def relevance(languages: list[str]) -> dict:
    """hit@3 / MRR of our search and both baselines on the sample help center alone."""
    cases = load_cases(query_sets.RELEVANCE_DIR)
    cases = {lang: cases[lang] for lang in languages if lang in cases}
    fts = Fts5Engine(languages)
    fts.load()
    icontains = IcontainsEngine()
    report = {}
    for name, engine in (("search", _ours), ("icontains", icontains.search), ("fts5", fts.search)):
        report[name] = {
            row.lang: {"hit_at_3": round(row.hit_at_3, 3), "mrr": round(row.mrr, 3)}
            for row in measure(engine, cases)
        }
    return report


def save_to_searchable(rounds: int = 5) -> list[float]:
    """Seconds from saving a new title to finding it (after-commit sync included)."""
    samples = []
    article = Article.objects.get(slug="fees")
    for number in range(rounds):
        word = f"zebrafish{number}x"
        started = time.perf_counter()
        with transaction.atomic():
            article.title_en = f"Fees {word}"
            article.save()
        while not search.search(word, "en", log=False).hits:
            time.sleep(0.01)
        samples.append(time.perf_counter() - started)
    return samples


def in_process(languages: list[str], count: int, repetitions: int) -> dict:
    report = {}
    icontains = IcontainsEngine()
    for lang in languages:
        queries = query_sets.query_set(lang, count)
        search.clear_caches()
        uncached = timed(lambda q, lang=lang: search.search(q, lang, log=False), queries)
        cached = []
        for _ in range(repetitions):
            cached += timed(lambda q, lang=lang: search.search(q, lang, log=False), queries)
        baseline = timed(lambda q, lang=lang: icontains.search(q, lang), queries)
        report[lang] = {
            "queries": len(queries),
            "uncached": summary(uncached),
            "cached": summary(cached),
            "icontains": summary(baseline),
        }
    return report


def hostile(languages: list[str]) -> dict:
    """The slowest answer to a hostile query (wildcards, syntax, 10,000 characters…)."""
    samples = []
    for lang in languages:
        for text in query_sets.HOSTILE_QUERIES:
            search.clear_caches()
            samples += timed(lambda q, lang=lang: search.search(q, lang, log=False), [text])
    return {"queries": len(samples), "worst_ms": round(max(samples), 1)}


def fts5_speed(languages: list[str], count: int) -> dict:
    fts = Fts5Engine(languages)
    started = time.perf_counter()
    rows = fts.load()
    load_s = time.perf_counter() - started
    report = {"load_s": round(load_s, 2), "rows": rows}
    for lang in languages:
        queries = query_sets.query_set(lang, count)
        report[lang] = summary(timed(lambda q, lang=lang: fts.search(q, lang), queries))
    return report


def measure_rebuild(progress, *, serial: bool = True) -> dict:
    """A full rebuild with one analysing process (the "before", when `serial`), then on
    both cores, each with its documents per second."""
    report = {"serial": {}}
    runs = (("serial", "1"), ("parallel", "")) if serial else (("parallel", ""),)
    for label, processes in runs:
        progress(f"full index rebuild ({label})")
        os.environ["KB_REBUILD_PROCESSES"] = processes
        started = time.perf_counter()
        documents = search.rebuild()
        seconds = time.perf_counter() - started
        report[label] = {"seconds": round(seconds, 1),
                         "documents_per_s": round(documents / seconds, 1)}  # fmt: skip
    os.environ.pop("KB_REBUILD_PROCESSES", None)
    return {"documents": documents, **report["parallel"], "serial": report["serial"]}


def measure_search(report: dict, languages: list[str], queries: int, repetitions: int,
                   progress) -> None:  # fmt: skip
    """In-process figures: save to searchable, search latency, hostile queries, FTS5."""
    progress("time from save to searchable")
    report["save_to_searchable_s"] = summary([s * 1000 for s in save_to_searchable()])
    progress("in-process search: uncached, cached, and the icontains baseline")
    report["in_process"] = in_process(languages, queries, repetitions)
    report["hostile"] = hostile(languages)
    progress("the FTS5 baseline")
    report["fts5"] = fts5_speed(languages, queries)
