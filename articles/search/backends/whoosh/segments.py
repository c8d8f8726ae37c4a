"""scoring.py's view of a Whoosh searcher: its segments, read into arrays once each."""

from array import array

import numpy as np

from articles.search.analysis import analyzer_for
from articles.search.backends.whoosh.schema import suffix
from articles.search.backends.whoosh.scoring import EMPTY_IDS, EMPTY_WEIGHTS, Leaf, Ranker
from articles.search.suggestions import title_entry


class WhooshSegment:
    """scoring.Segment over one segment reader of Whoosh."""

    def __init__(self, reader, key: tuple) -> None:
        self.reader = reader
        self.key = key
        self.doc_count = reader.doc_count_all()

    def read_postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        if (field, term) not in self.reader:
            return EMPTY_IDS, EMPTY_WEIGHTS
        # The reader leaves out documents deleted so far; later deletions only add to those,
        # and the ranker masks them (Leaf.deleted), so the cached list stays right.
        matcher = self.reader.postings(field, term)
        ids, weights = array("q"), array("d")
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.frombuffer(ids, dtype=np.int64), np.frombuffer(weights, dtype=np.float64)

    def read_lengths(self, field: str) -> np.ndarray:
        # One byte per document on disk (a logarithmic approximation, which Whoosh's BM25F
        # uses too); a document without the field reads as length 1, as in Whoosh.
        reader = self.reader
        return np.array(
            [reader.doc_field_length(n, field, 1) or 1 for n in range(self.doc_count)],
            dtype=np.float64,
        )

    def read_vocabulary(self, field: str) -> list[str]:
        return [_text(word) for word in self.reader.lexicon(field)]

    def read_titles(self, lang: str) -> list[dict]:
        analyzer = analyzer_for(lang)
        s = suffix(lang)
        titles = []
        for docnum in self.read_postings("lang", lang)[0].tolist():
            fields = self.reader.stored_fields(docnum)
            titles.append(
                title_entry(
                    analyzer,
                    fields.get(f"title_{s}", ""),
                    fields.get(f"keywords_{s}", ""),
                    docnum=docnum,
                    article_id=int(fields["article_id"]),
                    slug=fields["slug"],
                    category=fields["category"],
                    position=fields.get("position", 0),
                )
            )
        return titles

    def read_categories(self) -> tuple[list[str], np.ndarray]:
        codes = np.full(self.doc_count, -1, dtype=np.int32)
        names = []
        for number, name in enumerate(self.reader.lexicon("category")):
            names.append(_text(name))
            codes[self.read_postings("category", names[-1])[0]] = number
        return names, codes


def _text(term: bytes | str) -> str:
    return term.decode() if isinstance(term, bytes) else term


def ranker_for(searcher, generation: str) -> Ranker:
    """scoring.py's view of a searcher: its segments (cached by id) and deletions."""
    leaves = []
    for leaf_searcher, offset in searcher.leaf_searchers():
        reader = leaf_searcher.reader()
        if reader.segment() is None:  # an empty index has no segment
            continue
        key = (generation, reader.segment().segment_id())
        deleted = None
        if reader.has_deletions():
            deleted = np.fromiter(sorted(reader.deleted_docs_set), dtype=np.int64)
        leaves.append(Leaf(WhooshSegment(reader, key), offset, deleted))
    return Ranker(
        leaves,
        doc_count_all=searcher.doc_count_all(),
        doc_frequency=searcher.doc_frequency,
        field_length=searcher.field_length,
    )
