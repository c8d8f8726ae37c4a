"""The incident spike: one gunicorn server measured the same way "before"
(no page cache, no shared results, no warm-up: KB_PAGE_CACHE=0, KB_WARM_WORKERS=0) and
"after" (the defaults), in the same run, so the machine's noise hits both alike.

Per server: a cold start (a new server's first searches, each worker thread and language
cold, against warm ones later), the article page for a visitor (cacheable) and for
signed-in staff, repeated identical searches over both workers, the 8-client load run,
memory of master + workers; for "after" also the 32-client run (`--spike-clients`).
"""

import http.client
import threading
import time
from pathlib import Path

from articles.models import Article
from bench import queries as query_sets
from bench.editor import AdminEditor
from bench.profile import Profiler
from bench.profile import summary as profile_summary
from bench.saves import EDITOR, create_bench_editor
from bench.server import Server, url_quote
from bench.stats import summary

BEFORE_ENV = {"KB_PAGE_CACHE": "0", "KB_WARM_WORKERS": "0"}
COLD_PER_LANGUAGE = 21  # 105 requests over 5 languages: every thread meets every language


def concurrent_latencies(server: Server, paths: list[str], clients: int) -> list[float]:
    """Milliseconds of each path, sent by `clients` connections at once (round-robin)."""
    samples: list[float] = []
    lock = threading.Lock()

    def client(mine: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        for path in mine:
            started = time.perf_counter()
            status, _ = server.get(path, conn)
            elapsed = (time.perf_counter() - started) * 1000
            if status >= 500:
                raise RuntimeError(f"{path} answered {status}")
            with lock:
                samples.append(elapsed)
        conn.close()

    threads = [threading.Thread(target=client, args=(paths[n::clients],)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def _search_paths(languages: list[str], count: int, seed: int) -> list[str]:
    per_lang = {lang: query_sets.query_set(lang, count, seed=seed) for lang in languages}
    return [
        f"/api/search?q={url_quote(per_lang[lang][i % len(per_lang[lang])])}&lang={lang}"
        for i in range(count)
        for lang in languages
    ]


def cold_start(server: Server, languages: list[str], seed: int) -> dict:
    """A new server's first searches (8 at a time, distinct words) against warm ones (other
    words, afterwards). Each server gets its own `seed`: the searches of one are in the
    search log the next one warms up with."""
    cold = concurrent_latencies(server, _search_paths(languages, COLD_PER_LANGUAGE, seed), 8)
    warm = concurrent_latencies(server, _search_paths(languages, COLD_PER_LANGUAGE, seed + 2), 8)
    cold_s, warm_s = summary(cold), summary(warm)
    return {"cold": cold_s, "warm": warm_s, "slowest_ms": round(max(cold), 1),
            "ratio_p95": round(cold_s["p95_ms"] / warm_s["p95_ms"], 2)}  # fmt: skip


def article_pages(server: Server, languages: list[str], password: str) -> dict:
    """The article page over HTTP, its second view by a visitor, and by signed-in staff."""
    slugs = Article.objects.published().values_list("slug", flat=True)[:100]
    paths = [f"/{languages[i % len(languages)]}/articles/{s}/" for i, s in enumerate(slugs)]
    first = server.latencies(paths)
    # Without REDIS_URL each worker has its own cache: fill both, as a spike would.
    concurrent_latencies(server, paths * 3, 4)
    visitor = server.latencies(paths)
    editor = AdminEditor(server.port)
    editor.log_in(EDITOR, password)
    cookie = "; ".join(f"{k}={v}" for k, v in editor.cookies.items())
    staff = server.latencies(paths, headers={"Cookie": cookie})
    return {"first": summary(first), "visitor": summary(visitor), "staff": summary(staff)}


def repeated_searches(server: Server, languages: list[str]) -> dict:
    """The same 20 searches per language again and again, 4 connections over 2 workers."""
    paths = _search_paths(languages, 20, 47)
    concurrent_latencies(server, paths * 2, 4)  # every worker has seen them
    return summary(concurrent_latencies(server, paths * 4, 4))


def measure_server(env: dict, languages: list[str], mix: dict, options: dict, progress,
                   label: str) -> dict:  # fmt: skip
    """Every spike figure of one server configuration (see the module docstring)."""
    report: dict = {}
    password = create_bench_editor()
    with Server(env) as server:
        progress(f"[{label}] cold start: a new server's first searches")
        report["cold_start"] = cold_start(server, languages, options["seed"])
        report["memory_after_start_pss_mb"] = server.proportional_memory_mb()
        progress(f"[{label}] article pages, repeated searches")
        report["article_page"] = article_pages(server, languages, password)
        report["repeated_search"] = repeated_searches(server, languages)
        for clients in options["client_counts"]:
            progress(f"[{label}] load run: {clients} clients, {options['seconds']:.0f} s")
            report[f"load_{clients}"] = _load(server, mix, options, clients, label)
        report["memory_pss_mb"] = server.proportional_memory_mb()
        report["memory_peak_rss_mb"] = server.peak_memory_mb()
    return report


def _load(server: Server, mix: dict, options: dict, clients: int, label: str) -> dict:
    profile_dir = options.get("profile_dir")
    if not profile_dir:
        return server.load(mix, options["seconds"], clients)
    path = Path(profile_dir) / f"{label}-{clients}-clients.txt"
    with Profiler(server.process.pid, path):
        result = server.load(mix, options["seconds"], clients)
    result["profile"] = profile_summary(path)
    return result


def before_and_after(env: dict, languages: list[str], mix: dict, options: dict, progress):
    """{"before": …, "after": …}: measure_server without and with this work's changes."""
    clients, spike_clients = options["clients"], options["spike_clients"]
    runs = (("before", BEFORE_ENV, [clients], 41), ("after", {}, [clients, spike_clients], 51))
    return {
        label: measure_server(
            {**env, **extra},
            languages,
            mix,
            {**options, "client_counts": counts, "seed": seed},
            progress,
            label,
        )  # fmt: skip
        for label, extra, counts, seed in runs
    }
