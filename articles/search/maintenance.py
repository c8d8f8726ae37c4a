"""Rebuilding the index from the database, and checking that it is in step.

`rebuild` builds a new index beside the old one and swaps it in (then applies what was
saved meanwhile); `check` compares every document the database says the index must hold
with what it holds (`check_search_index`); `health` is /healthz's view of the index.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from articles.models import Article, IndexChange
from articles.search.backends.base import IndexStatus, IndexUnavailable, SearchBackend
from articles.search.documents import article_documents, document_id, document_languages
from articles.search.indexing import get_index, request_sync, sync, transactional_index

# A logged change waiting longer than this means the host cannot apply changes: every
# search and every /healthz call starts applying them, which takes seconds.
OVERDUE_SECONDS = 60


def rebuild(*, progress: Callable[[int], None] | None = None, shared_tables: bool = True) -> int:
    """Rebuild the index from the database beside the old one, swap, then catch up; return
    how many documents it holds. With `shared_tables`, on PostgreSQL with another backend,
    the degraded mode's tables (backends/database.py) are rebuilt too."""
    latest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    articles = (
        Article.objects.published()
        .select_related("category")
        .prefetch_related("translation_states")
        .order_by("pk")
    )

    def documents(*, report: bool = True):
        for article in articles.iterator(chunk_size=200):
            yield from article_documents(article)
            if progress and report:
                progress(1)

    index = get_index()
    status = index.rebuild(documents(), applied_change_id=latest)
    shared = transactional_index() if shared_tables else None
    if shared is not None and shared.name != index.name:
        # The degraded mode's copy of the same documents (progress is counted once).
        shared.rebuild(documents(report=False), applied_change_id=latest)
    sync()  # changes saved while we were building
    return status.documents


def expected_documents() -> dict[str, str]:
    """doc_id → version of every document the database says the index must hold."""
    expected = {}
    for article in (
        Article.objects.published()
        .select_related("category")
        .prefetch_related("translation_states")
    ):
        version = article.updated_at.isoformat()
        for lang, text_lang in document_languages(article):
            expected[document_id(article.pk, lang, text_lang)] = version
    return expected


@dataclass
class DriftReport:
    """Document ids the index lacks, holds in an old version or holds but should not, and
    change-log rows it has not applied yet."""

    missing: list[str]
    stale: list[str]
    extra: list[str]
    pending_changes: int

    @property
    def in_step(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.pending_changes)


def check() -> DriftReport:
    """Compare the database with the index (raises IndexUnavailable if there is none)."""
    index = get_index()
    indexed = index.stored_versions()
    expected = expected_documents()
    return DriftReport(
        missing=sorted(set(expected) - set(indexed)),
        stale=sorted(k for k in expected.keys() & indexed.keys() if expected[k] != indexed[k]),
        extra=sorted(set(indexed) - set(expected)),
        pending_changes=_pending(index).count(),
    )


def _pending(index: SearchBackend):
    """Change-log rows the index has not applied (none for a transactional index)."""
    return _pending_after(index.status() if index.uses_change_log else None, index)


def _pending_after(status: IndexStatus | None, index: SearchBackend):
    """Change-log rows after `status`'s last applied one (none for a transactional index)."""
    if not index.uses_change_log:
        return IndexChange.objects.none()
    return IndexChange.objects.filter(id__gt=status.applied_change_id)


def health() -> dict:
    """For /healthz: is the index there, readable, of the right schema, and in step?

    `state` says which: "building" (no index yet, one is being built on this host),
    "unavailable" (missing or damaged: `error` names the command that repairs it), "in
    step", "catching up" (changes logged in the last OVERDUE_SECONDS not applied yet:
    this call starts applying them, so a host no visitor searches still catches up as its
    load balancer polls it) or "behind" (a change has waited longer: the host cannot apply
    them). `ok` is true for "in step" and "catching up".

    The index is checked afresh (`verify`), not through this thread's searcher: a searcher
    opened before the files were damaged may still answer while no new one can open.
    """
    index = get_index()
    try:
        status = index.verify()
    except IndexUnavailable as error:
        if index.building():
            message = "No search index yet: it is being built; searches read the database."
            return {"ok": False, "state": "building", "error": message}
        return {"ok": False, "state": "unavailable", "error": str(error)}
    if _pending_after(status, index).exists():
        request_sync()  # in this process's background thread, or at once without one
        status = index.verify()
    pending = _pending_after(status, index)
    oldest = pending.order_by("id").values_list("created_at", flat=True).first()
    lag = max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0
    state = "in step" if oldest is None else "catching up" if lag <= OVERDUE_SECONDS else "behind"
    return {
        "ok": state != "behind",
        "state": state,
        "documents": status.documents,
        "generation": status.generation,
        "applied_change_id": status.applied_change_id,
        "pending_changes": pending.count(),
        "lag_seconds": round(lag, 1),
    }
