"""gunicorn settings for production: `gunicorn kb.wsgi` (this file is read automatically).

Environment: KB_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers, default: one per
core, at least 2), KB_THREADS (threads per worker, default 4), KB_CONTROL_SOCKET (the path
of gunicorn's control socket for `gunicornc`; unset: none).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("KB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
# Threads: requests mostly wait on the database or the disk; each thread keeps its own
# Whoosh searcher, refreshed cheaply when the index changes.
worker_class = "gthread"
threads = int(os.environ.get("KB_THREADS", "4"))
# Load Django, the analyzers, jieba's dictionary, templates and the index's arrays once in
# the master (when_ready); workers inherit them copy-on-write instead of each loading them
# on its first requests, and so does a worker recycled after max_requests.
preload_app = True
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory growth of long-lived Python processes), staggered so
# they never all restart at once. Rarely: a recycled worker starts with an empty page cache,
# result cache and title index (without Redis they are its own memory), so recycling every
# 2,000 requests cost more than half the throughput of an incident (bench_search --only
# incident: 204 → 906 req/s). Every cache is bounded, so memory does not grow with time.
max_requests = 50_000
max_requests_jitter = 5_000
accesslog = "-" if os.environ.get("KB_ACCESS_LOG") else None
errorlog = "-"
# gunicorn's control socket (`gunicornc`: list, add or kill workers) has one default path
# for every server a user runs (~/.gunicorn/gunicorn.ctl): a second server on the machine
# replaced the first's. None unless KB_CONTROL_SOCKET gives this instance a path of its own.
if os.environ.get("KB_CONTROL_SOCKET"):
    control_socket = os.environ["KB_CONTROL_SOCKET"]
else:
    control_socket_disable = True
loglevel = os.environ.get("KB_LOG_LEVEL", "info").lower()


# The process building this host's search index, when the master started one, and the
# pid of its index applier (articles/search/applier.py).
index_builder = []
index_applier = []


def when_ready(server) -> None:
    """In the master, before the first fork: start building the search index in a process
    of its own when this host has none that opens (articles/search/startup.py; workers
    serve meanwhile, /healthz says "building"), then warm what every worker would load on
    its first searches (articles/search/warming.py), so new and recycled workers start
    warm. Then it forks the host's index applier (articles/search/applier.py), which
    applies saves to the index outside the workers; KB_INDEX_APPLIER=0 leaves that to the
    workers. KB_WARM_WORKERS=0 loads jieba's dictionary alone (the benchmark's "before")."""
    from articles.search.startup import start_build_if_needed

    builder = start_build_if_needed()
    if builder is not None:
        server.log.info("No usable search index: building it (process %s).", builder.pid)
        index_builder.append(builder)
    if os.environ.get("KB_WARM_WORKERS", "1") == "0":
        from articles.search.analysis import warm_up

        warm_up()
    else:
        from articles.search.warming import warm_process

        warm_process()
    # What the master loaded is shared copy-on-write with the workers, until a garbage
    # collection in a worker writes to every object it scans: frozen, the collector leaves
    # them alone (Python's gc.freeze() documentation). Master + 2 workers after the
    # incident and long-tail mixes: 564 → 478 MB PSS.
    gc.collect()
    gc.freeze()
    chat = server.cfg.worker_class_str.startswith("kb.chat_worker")  # saves come to pages
    if os.environ.get("KB_INDEX_APPLIER", "1") != "0" and not chat:
        from articles.search.applier import start_applier

        applier = start_applier(tuple(listener.fileno() for listener in server.LISTENERS))
        if applier is not None:
            server.log.info("Index applier: process %s.", applier)
            index_applier.append(applier)


def on_exit(server) -> None:
    """A build still running when the server stops is stopped too (the next start, or
    `rebuild_search_index`, removes what it left), and so is the index applier (it also
    stops by itself when the master is gone)."""
    for builder in index_builder:
        if builder.poll() is None:
            builder.terminate()
            builder.wait(timeout=30)
    if index_applier:
        from articles.search.applier import stop_applier

        stop_applier(index_applier[0])
