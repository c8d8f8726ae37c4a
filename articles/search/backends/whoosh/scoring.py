"""BM25 ranking over posting lists held as arrays: the hot path of every search.

Whoosh stores the index and reads it, but scores matches one posting at a time in Python,
which made a broad question over 10,000 documents cost 30-60 ms. Here a term's posting
list (document numbers and weights) is read once per index segment, kept in a bounded
cache, and scored with numpy in one vectorized step: the same BM25F formula and the same
query semantics as Whoosh's (tests/search/test_scoring.py compares both), at a fraction
of the time. No Whoosh import: segments.py adapts Whoosh's readers to `Segment`.

Query semantics (from query.py's plan): a query is a sum of options; an option is one
term or several terms that must all occur (a multi-word synonym), weighted by a boost.
A document's score is the sum of the boosted scores of the options it matches; it matches
the query when it matches at least one option.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from articles.search.ranking import K1, B, Option, strong_threshold

EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)


@dataclass
class Ranked:
    total: int
    docnums: list[int]  # global document numbers of the requested page, best first
    scores: list[float]
    category_counts: dict[str, int]  # strong matches per category
    strong: int = 0  # strong matches (within the category, if any)
    top_score: float = 0.0


class Segment(Protocol):
    """What the scorer reads from one index segment (segments.py adapts Whoosh's reader).

    A segment never changes once written, except for deletions, which come with the
    reader (`Leaf.deleted`): what is read from it is cached under its `key` (`cached`).
    segments.py's segments also read vocabularies and titles the same way.
    """

    key: Hashable  # unique to this segment of this index generation
    doc_count: int  # documents in the segment, deleted ones included

    def read_postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted local document numbers, weights) of the documents containing `term`."""

    def read_lengths(self, field: str) -> np.ndarray:
        """The length of `field` in every document, as the index stores it (1: absent)."""

    def read_categories(self) -> tuple[list[str], np.ndarray]:
        """(category names, one code per document into them; -1 for none)."""


class SegmentCache:
    """Process-wide LRU of what was read from segments (arrays, word lists), bounded by
    the number of elements it holds."""

    def __init__(self, max_elements: int = 8_000_000) -> None:
        self.max_elements = max_elements
        self._entries: OrderedDict = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
                return value
        value = load()  # outside the lock: two threads may both load it, once each
        with self._lock:
            if key not in self._entries:
                self._entries[key] = value
                self._held += _size(value)
            while self._held > self.max_elements and len(self._entries) > 1:
                _key, old = self._entries.popitem(last=False)
                self._held -= _size(old)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._held = 0


def _size(value: Any) -> int:
    return sum(len(part) for part in value) if isinstance(value, tuple) else len(value)


segment_cache = SegmentCache()


def cached(segment: Segment, what: str, *args: Hashable) -> Any:
    """`segment.read_<what>(*args)`, read once per segment and kept in `segment_cache`."""
    return segment_cache.get(
        (what, segment.key, *args), lambda: getattr(segment, f"read_{what}")(*args)
    )


@dataclass
class Leaf:
    segment: Segment
    offset: int  # global number of the segment's first document
    deleted: np.ndarray | None  # local numbers of deleted documents, None when there are none


class Ranker:
    """Ranks the documents of one searcher (a fixed set of segments and deletions)."""

    def __init__(
        self,
        leaves: list[Leaf],
        *,
        doc_count_all: int,
        doc_frequency: Callable[[str, str], int],
        field_length: Callable[[str], int],
    ) -> None:
        self.leaves = leaves
        self.doc_count_all = doc_count_all
        self._doc_frequency = doc_frequency
        self._field_length = field_length
        self._live: np.ndarray | None = None
        self._categories: tuple[list[str], np.ndarray] | None = None

    # --- per searcher, computed once ------------------------------------------------
    def live(self) -> np.ndarray:
        if self._live is None:
            live = np.ones(self.doc_count_all, dtype=bool)
            for leaf in self.leaves:
                if leaf.deleted is not None and len(leaf.deleted):
                    live[leaf.deleted + leaf.offset] = False
            self._live = live
        return self._live

    def category_codes(self) -> tuple[list[str], np.ndarray]:
        """Category names and one code per global document (-1: none)."""
        if self._categories is not None:
            return self._categories
        numbers: dict[str, int] = {}
        codes = np.full(self.doc_count_all, -1, dtype=np.int32)
        for leaf in self.leaves:
            leaf_names, leaf_codes = cached(leaf.segment, "categories")
            mapping = np.array(
                [numbers.setdefault(name, len(numbers)) for name in leaf_names] + [-1],
                dtype=np.int32,
            )
            end = leaf.offset + leaf.segment.doc_count
            codes[leaf.offset : end] = mapping[leaf_codes]  # -1 indexes the trailing -1
        self._categories = (list(numbers), codes)
        return self._categories

    # --- per query ------------------------------------------------------------------
    def term_scores(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(global document numbers, BM25F scores) of the documents containing `term`."""
        frequency = self._doc_frequency(field, term)
        if not frequency:
            return EMPTY_IDS, EMPTY_WEIGHTS
        # Whoosh's idf and average length: over all documents, deleted ones included.
        idf = np.log(self.doc_count_all / (frequency + 1)) + 1
        average = (self._field_length(field) / (self.doc_count_all or 1)) or 1
        ids, scores = [], []
        for leaf in self.leaves:
            local, weights = cached(leaf.segment, "postings", field, term)
            if not len(local):
                continue
            lengths = cached(leaf.segment, "lengths", field)[local]
            scores.append(
                idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))
            )
            ids.append(local + leaf.offset)
        if not ids:
            return EMPTY_IDS, EMPTY_WEIGHTS
        if len(ids) == 1:
            return ids[0], scores[0]
        return np.concatenate(ids), np.concatenate(scores)

    def rank(
        self,
        field: str,
        options: list[Option],
        *,
        category: str | None,
        offset: int,
        limit: int,
        facets: bool,
    ) -> Ranked:
        total_score = np.zeros(self.doc_count_all, dtype=np.float64)
        matched = np.zeros(self.doc_count_all, dtype=bool)
        known: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for option in options:
            parts = []
            for term in option.terms:
                if term not in known:
                    known[term] = self.term_scores(field, term)
                parts.append(known[term])
            if len(parts) == 1:
                ids, scores = parts[0]
            else:
                ids, scores = _all_of(parts)
            if not len(ids):
                continue
            total_score[ids] += option.boost * scores  # ids are unique within an option
            matched[ids] = True
        matched &= self.live()
        top = float(total_score[matched].max()) if matched.any() else 0.0
        strong = matched & (total_score >= strong_threshold(top))
        counts: dict[str, int] = {}
        if facets or category:
            counts = self._filter_category(matched, strong, category, facets=facets)
        candidates = np.flatnonzero(matched)
        total = len(candidates)
        wanted = offset + limit
        extra = {"strong": int(strong.sum()), "top_score": top}
        if wanted <= 0 or offset >= total:
            return Ranked(total, [], [], counts, **extra)
        scores = total_score[candidates]
        if total > wanted:
            # Only the best `wanted` need sorting; ties at the cut are settled below.
            keep = np.argpartition(-scores, wanted - 1)[:wanted]
            threshold = scores[keep].min()
            keep = np.flatnonzero(scores >= threshold)
            candidates, scores = candidates[keep], scores[keep]
        # Best score first; equal scores in index order (as Whoosh orders them).
        order = np.lexsort((candidates, -scores))[offset:wanted]
        return Ranked(
            total=total,
            docnums=candidates[order].tolist(),
            scores=scores[order].tolist(),
            category_counts=counts,
            **extra,
        )

    def _filter_category(
        self, matched: np.ndarray, strong: np.ndarray, category: str | None, *, facets: bool
    ) -> dict[str, int]:
        """Strong matches per category (with `facets`), then `matched` and `strong` kept
        to `category` in place (when given)."""
        names, codes = self.category_codes()
        counts: dict[str, int] = {}
        if facets:
            tally = np.bincount(codes[strong & (codes >= 0)], minlength=len(names))
            counts = {name: int(n) for name, n in zip(names, tally, strict=True) if n}
        if category:
            in_category = codes == (names.index(category) if category in names else -2)
            matched &= in_category
            strong &= in_category
        return counts


def _all_of(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Documents containing every term of an option, with their summed scores."""
    ids, scores = parts[0]
    for other_ids, other_scores in parts[1:]:
        common, mine, theirs = np.intersect1d(
            ids, other_ids, assume_unique=True, return_indices=True
        )
        ids, scores = common, scores[mine] + other_scores[theirs]
    return ids, scores


def clear_caches() -> None:
    segment_cache.clear()
