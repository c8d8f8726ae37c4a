"""gunicorn settings for production: `gunicorn kb.wsgi` (this file is read automatically).

Environment: KB_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers, default: one per
core, at least 2), KB_THREADS (threads per worker, default 4).
"""

import multiprocessing
import os

bind = os.environ.get("KB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
# Threads: requests mostly wait on the database or the disk; each thread keeps its own
# Whoosh searcher, refreshed cheaply when the index changes.
worker_class = "gthread"
threads = int(os.environ.get("KB_THREADS", "4"))
# Load Django, the analyzers and jieba's dictionary (about a second) once in the master;
# workers inherit them copy-on-write instead of each loading them on its first request.
preload_app = True
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory growth of long-lived Python processes), staggered so
# they never all restart at once.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-" if os.environ.get("KB_ACCESS_LOG") else None
errorlog = "-"
loglevel = os.environ.get("KB_LOG_LEVEL", "info").lower()


def when_ready(server) -> None:
    from articles.search.analysis import warm_up

    warm_up()
