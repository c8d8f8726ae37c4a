"""The incident against the stack's own speed: one gunicorn server, one run, three mixes.

The floor is `/robots.txt` (the cheapest answer the same server, middleware and clients
can give); the incident mix and the long-tail mix are read against it as ratios, so the
machine's noise hits all three alike:
- incident: 70 % article views, 20 % result pages, 10 % suggestions, articles, languages
  and queries drawn Zipf-like (s = 1.1: a few very popular), as when payments fail;
- long tail: the same shares, every article, language and query equally likely.
Then the incident mix with `--spike-clients` visitors while an editor saves an article
every `--save-every` seconds through the admin (each save polled until searchable).
"""

import random
import time
from pathlib import Path

from articles.models import Article
from bench import queries as query_sets
from bench.profile import Profiler
from bench.profile import summary as profile_summary
from bench.saves import SEARCHABLE_TIMEOUT_S, Editor, create_bench_editor
from bench.server import Server, url_quote
from bench.stats import summary

ZIPF_S = 1.1
DRAWS = 20_000  # paths drawn per kind: uniform picks among them follow the Zipf weights
FLOOR = {"floor:100": ["/robots.txt"]}
# Every client says what every browser says: it takes gzip (the page cache keeps pages
# gzipped and sends them as they are; decompressing them is for the rare client that
# does not take gzip). The floor's clients send it too.
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
# The targets: mix / floor throughput at least, p95 at most this many × the floor's.
TARGETS = {
    "incident": {"rps_ratio": 0.6, "p95_ratio": 4.0},
    "long_tail": {"rps_ratio": 0.3, "p95_ratio": 8.0},
    "saves_p99_over_floor_p95": 10.0,
    "save_to_searchable_ms": 1000.0,
}


def _population(languages: list[str]) -> dict[str, list[str]]:
    slugs = list(Article.objects.published().order_by("pk").values_list("slug", flat=True))
    articles = [f"/{lang}/articles/{slug}/" for slug in slugs for lang in languages]
    searches, suggestions = [], []
    for lang in languages:
        searches += [
            f"/{lang}/search/?q={url_quote(q)}" for q in query_sets.query_set(lang, 100, seed=31)
        ]
        suggestions += [
            f"/api/suggest?q={url_quote(p)}&lang={lang}" for p in query_sets.prefixes(lang, 50)
        ]
    return {"article:70": articles, "search:20": searches, "suggest:10": suggestions}


def _zipf(paths: list[str], rng: random.Random) -> list[str]:
    ranked = paths[:]
    rng.shuffle(ranked)  # which ones are popular: any, not the first created
    weights = [1 / (rank**ZIPF_S) for rank in range(1, len(ranked) + 1)]
    return rng.choices(ranked, weights, k=DRAWS)


def mixes(languages: list[str], seed: int = 61) -> dict[str, dict[str, list[str]]]:
    """{"incident": mix, "long_tail": mix}; a mix maps "kind:weight" to paths picked
    uniformly (the incident's lists are Zipf draws, so repeats carry the popularity)."""
    rng = random.Random(seed)  # noqa: S311  (a workload, not a secret)
    population = _population(languages)
    return {
        "incident": {kind: _zipf(paths, rng) for kind, paths in population.items()},
        "long_tail": population,
    }


def _load(server: Server, mix: dict, seconds: float, clients: int, label: str,
          profile_dir: str | None, timeline: list | None = None) -> dict:  # fmt: skip
    if not profile_dir:
        return server.load(mix, seconds, clients, timeline=timeline, headers=BROWSER)
    path = Path(profile_dir) / f"{label}-{clients}-clients.txt"
    with Profiler(server.process.pid, path):
        result = server.load(mix, seconds, clients, timeline=timeline, headers=BROWSER)
    result["profile"] = profile_summary(path)
    return result


def ratios(load: dict, floor: dict) -> dict:
    """Throughput and p95 of `load` as multiples of the floor's."""
    return {
        "rps_ratio": round(load["throughput_rps"] / floor["throughput_rps"], 2),
        "p95_ratio": round(load["all"]["p95_ms"] / floor["all"]["p95_ms"], 2),
    }


def with_saves(server: Server, mix: dict, seconds: float, clients: int, every: float,
               profile_dir: str | None) -> dict:  # fmt: skip
    """The mix with `clients` visitors while an editor saves every `every` seconds."""
    password = create_bench_editor()
    editor = Editor(server.port, password, every, time.monotonic() + seconds)
    editor.start()
    load = _load(server, mix, seconds, clients, "incident-saves", profile_dir)
    editor.join(timeout=SEARCHABLE_TIMEOUT_S + 60)
    searchable = [(s["found"] - s["posted"]) * 1000 for s in editor.saves]
    return {
        **load,
        "saves": len(editor.saves),
        "failed_saves": len(editor.failed) + (1 if editor.error else 0),
        "failed_examples": (editor.failed + [repr(editor.error)] * bool(editor.error))[:3],
        "save_post": summary([s["post_s"] * 1000 for s in editor.saves]),
        "save_to_searchable": summary(searchable),
        "save_to_searchable_worst_ms": round(max(searchable), 1) if searchable else None,
    }


def measure(env: dict, languages: list[str], options: dict, progress) -> dict:
    """Floor, incident and long-tail runs (8 clients), then the incident with saves."""
    seconds, clients = options["seconds"], options["clients"]
    profile_dir = options.get("profile_dir")
    mix = mixes(languages)
    report: dict = {"seconds": seconds, "clients": clients}
    with Server(env) as server:
        # Fill the page cache and warm each worker, as the first minutes of a spike would:
        # the figures are the spike's steady state, not its first seconds.
        progress(f"[incident] warming up: the incident mix, {seconds:.0f} s")
        server.load(mix["incident"], seconds, clients, headers=BROWSER)
        for label, workload in (("floor", FLOOR), ("incident", mix["incident"]),
                                ("long_tail", mix["long_tail"])):  # fmt: skip
            progress(f"[incident] {label}: {clients} clients, {seconds:.0f} s")
            report[label] = _load(server, workload, seconds, clients, label, profile_dir)
        for label in ("incident", "long_tail"):
            report[label].update(ratios(report[label], report["floor"]))
        many = options["spike_clients"]
        progress(f"[incident] {many} clients with an editor saving every "
                 f"{options['save_every']:.0f} s")  # fmt: skip
        report["saves"] = with_saves(server, mix["incident"], seconds, many,
                                     options["save_every"], profile_dir)  # fmt: skip
        report["saves"]["p99_over_floor_p95"] = round(
            report["saves"]["all"]["p99_ms"] / report["floor"]["all"]["p95_ms"], 2
        )
        report["memory_pss_mb"] = server.proportional_memory_mb()
    return report
