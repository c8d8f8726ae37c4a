"""`/api/articles?changed_since=…` over HTTP beside `/api/articles/<id>`, in the same run.

A help desk keeping its macros in step first walks every page of changes since long ago,
then asks for each article. Both are timed against the same gunicorn server, one after
the other, so the ratio between them is not the machine's noise.
"""

import http.client
import json
import time
from urllib.parse import urlsplit

from articles.models import Article
from bench.server import Server
from bench.stats import summary

# Long before the corpus: every article is listed, a full first synchronization.
SINCE = "2000-01-01T00:00:00Z"
PAGE = 100  # the endpoint's default `limit`
WALKS = 3


def measure(server: Server) -> dict:
    """Milliseconds per page of changes (every page of `WALKS` walks through `next`) and
    per single article (`/api/articles/<id>` for as many ids), and the ratio of medians."""
    ids = list(Article.objects.published().values_list("pk", flat=True)[:200])
    server.latencies([f"/api/articles/{pk}" for pk in ids[:20]])  # warm the workers
    single = server.latencies([f"/api/articles/{pk}?lang=en" for pk in ids])
    pages = []
    for _walk in range(WALKS):
        pages += _walk_pages(server)
    report = {"page": summary(pages), "article": summary(single), "page_size": PAGE}
    article_median = report["article"]["median_ms"]
    report["ratio"] = (
        round(report["page"]["median_ms"] / article_median, 1) if article_median else None
    )
    return report


def _walk_pages(server: Server) -> list[float]:
    """One walk from SINCE through `next` to the last page: each page's milliseconds."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    path, samples = f"/api/articles?changed_since={SINCE}&limit={PAGE}", []
    while path:
        started = time.perf_counter()
        status, body = server.get(path, connection)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        following = json.loads(body)["next"]
        path = urlsplit(following)._replace(scheme="", netloc="").geturl() if following else None
    connection.close()
    return samples


def render(report: dict, add) -> None:
    changes = report["changes"]
    page, article = changes["page"], changes["article"]
    add(
        f"  changes page      p50 {page['median_ms']:>7.1f}  p95 {page['p95_ms']:>7.1f}  "
        f"(n={page['n']}, {changes['page_size']} articles a page)  "
        f"= {changes['ratio']}× one article"
    )
    add(
        f"  one article       p50 {article['median_ms']:>7.1f}  p95 {article['p95_ms']:>7.1f}  "
        f"(n={article['n']})"
    )
