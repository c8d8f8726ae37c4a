"""The Whoosh backend (KB_SEARCH_BACKEND=whoosh, the default): an index directory per host.

The only package that imports Whoosh. Whoosh stores the index and reads it; scoring is
scoring.py's (numpy BM25F over cached posting arrays, ranking.py's policy). The parts:
storage.py (generations on disk, damage as IndexUnavailable), readers.py (a searcher per
thread), segments.py (what scoring reads from a segment), schema.py (fields, tokenizer,
documents as fields), writing.py (batches under the writer lock, new generations).
"""

import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from articles.core.languages import language_codes
from articles.search.analysis import analyzer_for
from articles.search.backends.base import Hit, HitPage, IndexStatus, SearchBackend
from articles.search.backends.whoosh.readers import Readers, status_of
from articles.search.backends.whoosh.schema import META_ID, suffix
from articles.search.backends.whoosh.scoring import Ranker, cached
from articles.search.backends.whoosh.storage import Generations
from articles.search.backends.whoosh.writing import (
    IndexBatch,
    merge_small_segments,
    open_batch,
    write_generation,
)
from articles.search.documents import text_language
from articles.search.query import QueryPlan
from articles.search.ranking import options
from articles.search.snippets import result_snippet
from articles.search.spelling import closest_words, worth_correcting
from articles.search.suggestions import TitleIndex

# The suggestions' title indexes of the current index version: (index directory, index
# version, language) → TitleIndex. Process-wide, not per backend object: the ones the
# gunicorn master builds while warming (warming.py) outlive its closing of the index
# files, so the workers inherit them copy-on-write instead of each building its own.
_TITLES: dict[tuple, TitleIndex] = {}
_TITLES_LOCK = threading.Lock()


class WhooshBackend(SearchBackend):
    """One index directory (with generations); per-thread searchers, refreshed cheaply."""

    name = "whoosh"
    uses_change_log = True
    batch_type = IndexBatch

    def __init__(self, root: Path, languages: list[str]) -> None:
        self.generations = Generations(root, languages)
        self.readers = Readers(self.generations)

    @classmethod
    def from_settings(cls) -> "WhooshBackend":
        return cls(settings.KB_INDEX_DIR, language_codes())

    def reset(self) -> None:
        """Drop this thread's searcher: the next read opens the files anew."""
        self.readers.forget()

    @property
    def root(self) -> Path:
        return self.generations.root

    def building(self) -> bool:
        return self.generations.build_under_way()

    def expect_build(self, pid: int | None) -> None:
        self.generations.expect_build(pid)

    def generation_dir(self) -> Path:
        """The directory of the current generation (raises IndexUnavailable)."""
        return self.generations.generation_dir()

    # --- reading ------------------------------------------------------------------
    def version(self) -> tuple:
        """Changes whenever the index does: part of every result-cache key."""
        with self.readers.reading() as state:
            return state.version

    def verify(self) -> IndexStatus:
        return self.readers.verify()

    def status(self) -> IndexStatus:
        """The status of the index as this thread's searcher sees it (cheap)."""
        with self.readers.reading() as state:
            return status_of(state.searcher, state.path)

    def stored_versions(self) -> dict[str, str]:
        """doc_id → version of every article document (for drift checks)."""
        with self.readers.reading() as state:
            return {
                fields["doc_id"]: fields.get("version", "")
                for fields in state.searcher.all_stored_fields()
                if fields.get("doc_id") != META_ID
            }

    def search(
        self,
        plan: QueryPlan,
        *,
        category: str | None,
        offset: int,
        limit: int,
        facets: bool = False,
    ) -> HitPage:
        if plan.is_empty:
            return HitPage(0, [], {})
        s = suffix(plan.lang)
        terms = plan.highlight_terms()
        analyzer = analyzer_for(plan.lang)
        # The fields are per language, so the query only ever matches `plan.lang`.
        with self.readers.reading() as state:
            ranked = state.ranker.rank(
                f"text_{s}",
                options(plan.clauses),
                category=category,
                offset=offset,
                limit=limit,
                facets=facets,
            )
            hits = [
                self._hit(state.searcher.stored_fields(docnum), score, s, terms, analyzer)
                for docnum, score in zip(ranked.docnums, ranked.scores, strict=True)
            ]
        return HitPage(
            total=ranked.total,
            hits=hits,
            category_counts=ranked.category_counts,
            strong=ranked.strong,
            top_score=ranked.top_score,
        )

    @staticmethod
    def _hit(hit: dict, score: float, s: str, terms: set[str], analyzer) -> Hit:
        summary = hit.get(f"summary_{s}", "")
        text_lang = text_language(hit["doc_id"], hit["lang"])
        return Hit(
            article_id=int(hit["article_id"]),
            lang=text_lang,
            fallback=text_lang != hit["lang"],
            slug=hit["slug"],
            category=hit["category"],
            title=hit.get(f"title_{s}", ""),
            summary=summary,
            snippet=result_snippet(hit.get(f"body_{s}", ""), summary, terms, analyzer),
            score=score,
        )

    def corrections(self, lang: str, words: list[str]) -> dict[str, list[tuple[float, str]]]:
        """Misspelled words → their likeliest words of the language's vocabulary
        (spelling.py), as [(cost, word)], likeliest first.

        A word whose index term matches a document is never corrected ("cafe" finds
        "cafés": it is not turned into "case"). Each segment's vocabulary is read once
        and cached like its postings: Whoosh's own fuzzy term search took 15-50 ms per
        misspelled word at 10,000 documents.
        """
        analyzer = analyzer_for(lang)
        if not analyzer.corrects_spelling:
            return {}
        field, text = f"spell_{suffix(lang)}", f"text_{suffix(lang)}"
        fixes = {}
        with self.readers.reading() as state:
            reader = state.searcher.reader()
            vocabularies = [
                cached(leaf.segment, "vocabulary", field) for leaf in state.ranker.leaves
            ]
            for word in words:
                if not worth_correcting(word) or reader.frequency(field, word):
                    continue
                if any(reader.doc_frequency(text, term) for term in analyzer.terms(word)):
                    continue
                found = closest_words(word, vocabularies, lambda w: reader.frequency(field, w))
                if found:
                    fixes[word] = found
        return fixes

    def unmatched_words(self, lang: str, words: list[str]) -> list[str]:
        analyzer, text = analyzer_for(lang), f"text_{suffix(lang)}"
        with self.readers.reading() as state:
            reader = state.searcher.reader()
            return [
                word
                for word in words
                if not any(reader.doc_frequency(text, term) for term in analyzer.terms(word))
            ]

    def known_words(self, lang: str, words: list[str]) -> set[str]:
        if not analyzer_for(lang).corrects_spelling:
            return set()
        field = f"spell_{suffix(lang)}"
        with self.readers.reading() as state:
            reader = state.searcher.reader()
            return {word for word in words if reader.doc_frequency(field, word)}

    def vocabulary(self, lang: str) -> dict[str, int]:
        """Every index term of `lang` → how many documents hold it (pinyin matching)."""
        with self.readers.reading() as state:
            reader = state.searcher.reader()
            field = f"text_{suffix(lang)}"
            return {
                term.decode("utf-8") if isinstance(term, bytes) else term: info.doc_frequency()
                for term, info in reader.iter_field(field)
            }

    def suggest(self, lang: str, words: list[str], limit: int) -> list[dict]:
        """Titles in `lang` with a word starting with each typed word, best first."""
        with self.readers.reading() as state:
            key = (str(self.root), state.version, lang)
            titles = _TITLES.get(key)
            if titles is None:
                # Built once per process and index version (not per thread: reading every
                # title of a language takes a while, and under load each thread paid it).
                with _TITLES_LOCK:
                    titles = _TITLES.get(key)
                    if titles is None:
                        titles = self._title_index(state.ranker, lang)
                        for old in [k for k in _TITLES if k[:2] != key[:2]]:
                            del _TITLES[old]
                        _TITLES[key] = titles
        return titles.match(words, limit)

    @staticmethod
    def _title_index(ranker: Ranker, lang: str) -> TitleIndex:
        """The titles of a language: read per segment and cached like postings (after a
        save only the new, small segment is read), minus the documents deleted since."""
        live = ranker.live()
        titles = []
        for leaf in ranker.leaves:
            entries = cached(leaf.segment, "titles", lang)
            titles += [entry for entry in entries if live[leaf.offset + entry["docnum"]]]
        titles.sort(key=lambda entry: (entry["position"], entry["slug"]))
        return TitleIndex(titles)

    # --- writing ------------------------------------------------------------------
    @contextmanager
    def batch(self, *, timeout: float) -> Iterator[IndexBatch]:
        """Hold the writer lock (waiting at most `timeout` s) and commit on success.

        Raises IndexBusy when the lock is not free in time, IndexUnavailable when the
        index cannot be opened, read or written (the caller's own errors pass through).
        """
        with open_batch(self.generations, timeout=timeout) as batch:
            yield batch
        if batch.dirty:
            self.readers.changed()

    def merge_segments(self, *, timeout: float) -> bool:
        """Merge the small segments that saves left (writing.merge_small_segments)."""
        merged = merge_small_segments(self.generations, timeout=timeout)
        if merged:
            self.readers.changed()
        return merged

    def rebuild(
        self,
        documents: Iterable[dict],
        *,
        applied_change_id: int,
        on_document: Callable[[], None] = lambda: None,
    ) -> IndexStatus:
        """Build a new generation from `documents` and swap it in atomically.

        It is written as `.building-<pid>-gen-…` and renamed to `gen-…` only once
        complete: a rebuild killed half-way leaves no generation behind (the next rebuild
        removes its leftovers). The generation it replaces is kept as the previous one,
        for readers in other processes that still have it open; older ones are removed.
        Raises OSError when KB_INDEX_DIR cannot be written.
        """
        building, name = self.generations.new_building()
        try:
            write_generation(
                building,
                self.generations.languages,
                documents,
                applied_change_id=applied_change_id,
                on_document=on_document,
            )
            self.generations.swap_in(building, name)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        self.readers.changed()
        return self.status()
